"""Due now or next (kg.network.due): one window, read alike by a unit's sheet and the workbench's home page.

The bundled plan's periods: 1 1月-3月, 2 4月-5月, 3 6月-7月, 4 8月-9月, 5 10月-11月, 6 12月-2024年1月.
"""
from __future__ import annotations

import copy
import datetime as dt
import re

import pytest

from kg.network.due import due_now_or_next, periods_now_and_next
from kg.views.sheets import build_sheet

from ..conftest import copy_graph

COURT = "unit/court"  # 县法院

#: A day → the periods a unit works towards on it.
WINDOWS = {
    dt.date(2022, 12, 15): [1],  # before the plan starts: its first period is what comes next
    dt.date(2023, 5, 20): [2, 3],  # inside 4月-5月: that period and the next
    dt.date(2023, 3, 31): [1, 2],  # the last day of 1月-3月 is still in it
    dt.date(2023, 7, 15): [3, 4],  # inside 6月-7月, after the deadlines of June
    dt.date(2024, 1, 31): [6],  # the last period has no next
    dt.date(2024, 2, 1): [],  # after the plan's end nothing falls due
}


@pytest.mark.parametrize("day", WINDOWS, ids=str)
def test_the_window_is_now_and_next(net, day):
    month = day.strftime("%Y-%m")
    assert periods_now_and_next(net, month) == WINDOWS[day]
    window = due_now_or_next(net, month)
    assert list(window) == WINDOWS[day]
    for items in window.values():
        assert all(item.starts for item in items)
        assert all(net.tasks[item.task].deadline >= month for item in items if item.kind == "deadline")


def test_between_two_periods_the_next_one_is_due(net):
    gap = copy.copy(net)  # a plan whose 6月-7月 column is missing: June falls in no period
    gap.periods = {order: period for order, period in net.periods.items() if order != 3}
    assert periods_now_and_next(gap, "2023-06") == [4]


def test_a_deadline_of_a_month_past_is_overdue_not_due(net):
    """In July, period 3's deadlines of June are left out (kg query overdue lists them), July's stay."""
    kept = [item.task for item in due_now_or_next(net, "2023-07")[3] if item.kind == "deadline"]
    june = [d.task for d in net.due(3) if d.kind == "deadline" and net.tasks[d.task].deadline == "2023-06"]
    assert june and not set(june) & set(kept)
    assert set(june) <= set(net.overdue("2023-07-15"))


def test_before_the_plan_the_courts_sheet_lists_the_first_period(net):
    sheet = build_sheet(net, COURT, dt.date(2022, 12, 15))
    assert sheet.due_next and {d["when"] for d in sheet.due_next if d["kind"] == "milestone"} == {"1月-3月"}


@pytest.fixture(scope="module")
def client(built, tmp_path_factory):
    from kg.app import Guard, create_app
    from kg.app.workbench import Workbench
    from kg.i18n import use

    with use("zh"):
        app = create_app(Workbench(copy_graph(built, tmp_path_factory.mktemp("due") / "graph"), "auto",
                                   dt.date(2023, 6, 30)), Guard())
    return app.test_client()


@pytest.mark.parametrize("day", WINDOWS, ids=str)
def test_the_home_page_and_the_sheet_show_the_same_window(net, client, day):
    month = day.strftime("%Y-%m")
    window = due_now_or_next(net, month)
    page = client.get(f"/?as_of={day.isoformat()}").get_data(as_text=True)
    shown = re.findall(r"<h3>([^<]+?) · (\d+) 项阶段目标和完成时限</h3>", page)
    assert shown == [(net.period_label(p), str(len(items))) for p, items in window.items()]
    sheet = build_sheet(net, COURT, day)
    mine = [item for items in due_now_or_next(net, month, net.tasks_of(COURT)).values() for item in items]
    assert len(sheet.due_next) == len(mine)
    assert {d["when"] for d in sheet.due_next if d["kind"] == "milestone"} <= {label for label, _n in shown}
