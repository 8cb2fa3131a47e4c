"""The rules of the supervision month (issue 25), each on the smallest input that shows it."""
from __future__ import annotations

import datetime as dt

import pytest

from kg.status.report import build_report
from kg.status.review import import_verdicts, review_xlsx
from kg.status.state import load_records, round_of, states_on
from kg.status.workflow import ImportRejected, import_report, load_scheme

from ..source_facts import task_id
from .forms import csv_report, fill_review

WHO = "序号,颜色 colour,填报单位 reporter,填报日期 reported,佐证 evidence"


def _send(net, graph_dir, tmp_path, name: str, rows: str, header: str = WHO):
    return import_report(csv_report(tmp_path / name, rows, header), net, graph_dir)


def test_of_several_leads_the_latest_counts_and_a_host_never_does(net, store, graph_dir, tmp_path):
    # Task 1: led by 县市场监管局 and 县行政服务中心, hosted also by 县金融服务中心.
    _send(net, graph_dir, tmp_path, "a.csv", "1,黄,县市场监管局,2023-07-03,\n")
    _send(net, graph_dir, tmp_path, "b.csv", "1,橙,县行政服务中心,2023-07-04,\n")
    _send(net, graph_dir, tmp_path, "c.csv", "1,绿,县金融服务中心,2023-07-05,\n")
    rows = {r["task"]: r for r in build_report(net, store, graph_dir, dt.date(2023, 7, 6)).rows}
    assert (rows[1]["official"], rows[1]["sender"], rows[1]["others"]) == ("orange", "县行政服务中心", "县金融服务中心：绿")


def test_a_colour_sent_for_a_month_that_has_not_begun_is_refused(net, graph_dir, tmp_path):
    with pytest.raises(ImportRejected, match="填报月份2023-08晚于日期2023-07-03"):
        _send(net, graph_dir, tmp_path, "a.csv", "55,黄,县法院,2023-07-03,,2023-08\n", WHO + ",填报月份 month")


def test_verified_done_stays_done_until_the_office_reopens(net, store, graph_dir, tmp_path):
    _send(net, graph_dir, tmp_path, "a.csv", "55,蓝,县法院,2023-06-20,验收报告.pdf\n")
    day = dt.date(2023, 6, 30)
    sheet = fill_review(review_xlsx(net, store, graph_dir, day), tmp_path / "r.xlsx", {55: {"核定 verified": "蓝"}})
    import_verdicts(sheet, net, store, graph_dir)
    # July: the court sends nothing, then 红 — the task stays 蓝, no rule suggests anything, 催办 leaves it.
    july = states_on(net, load_records(graph_dir), dt.date(2023, 7, 31), load_scheme(), {})[task_id(55)]
    assert (july.official, july.suggestion) == ("blue", None)
    _send(net, graph_dir, tmp_path, "b.csv", "55,红,县法院,2023-07-20,\n")
    later = dt.date(2023, 7, 31)
    assert states_on(net, load_records(graph_dir), later, load_scheme(), {})[task_id(55)].official == "blue"
    # A colour over a done task is refused; 重开 needs a reason; reopened, the court's 红 counts.
    refused = fill_review(review_xlsx(net, store, graph_dir, later), tmp_path / "x.xlsx", {55: {"核定 verified": "橙",
                                                                                                "核定理由 reason": "x"}})
    with pytest.raises(ImportRejected, match="已于.*核定为完成.*请先填写重开"):
        import_verdicts(refused, net, store, graph_dir)
    bare = fill_review(review_xlsx(net, store, graph_dir, later), tmp_path / "y.xlsx", {55: {"核定 verified": "重开"}})
    with pytest.raises(ImportRejected, match="填写重开须同时填写核定理由"):
        import_verdicts(bare, net, store, graph_dir)
    reopen = fill_review(review_xlsx(net, store, graph_dir, later), tmp_path / "z.xlsx",
                         {55: {"核定 verified": "重开", "核定理由 reason": "复查发现平台未运行"}})
    import_verdicts(reopen, net, store, graph_dir)
    assert states_on(net, load_records(graph_dir), later, load_scheme(), {})[task_id(55)].official == "red"


def test_progress_is_a_percent_and_only_a_value_in_the_targets_unit_meets_the_target(net, store, graph_dir, tmp_path):
    # Task 66's cumulative target in 6月-7月 is 400万元: 进度 76 (percent) is no 76万元.
    header = "序号,颜色 colour,填报单位 reporter,填报日期 reported,进度% progress,完成值 achieved,佐证 evidence"
    lead = net.units[net.members(task_id(66))["lead"][0]].name
    _send(net, graph_dir, tmp_path, "a.csv", f"66,绿,{lead},2023-06-20,76,,\n", header)
    rows = {r["task"]: r for r in build_report(net, store, graph_dir, dt.date(2023, 6, 30)).rows}
    assert rows[66]["suggested"] == ""
    _send(net, graph_dir, tmp_path, "b.csv", f"66,蓝,{lead},2023-06-25,100,100万元,验收.pdf\n", header)
    rows = {r["task"]: r for r in build_report(net, store, graph_dir, dt.date(2023, 6, 30)).rows}
    assert rows[66]["suggested"] == ""  # no rule second-guesses 蓝
    with pytest.raises(ImportRejected, match="不是任务完成的百分比"):
        _send(net, graph_dir, tmp_path, "c.csv", f"66,绿,{lead},2023-06-26,3000,,\n", header)
    with pytest.raises(ImportRejected, match="完成值“3000”缺少计量单位"):
        _send(net, graph_dir, tmp_path, "d.csv", f"66,绿,{lead},2023-06-26,50,3000,\n", header)


def test_the_cadence_groups_months_into_rounds():
    assert [round_of(m, 1) for m in ("2023-05", "2023-06")] == ["2023-05", "2023-06"]
    assert [round_of(m, 2) for m in ("2023-05", "2023-06", "2023-07")] == ["2023-05", "2023-05", "2023-07"]
    assert round_of("2023-12", 3) == "2023-10"


def test_a_unit_is_counted_once_however_many_tasks_it_reports(net, store, graph_dir, tmp_path):
    _send(net, graph_dir, tmp_path, "a.csv", "3,绿,县市场监管局,2023-07-03,\n4,绿,县市场监管局,2023-07-03,\n")
    report = build_report(net, store, graph_dir, dt.date(2023, 7, 6))
    assert report.units_sent == ["县市场监管局"]
    assert "县市场监管局" not in [u["unit"] for u in report.silent_units]
    assert len(report.silent_units) == len(report.units_due) - 1
