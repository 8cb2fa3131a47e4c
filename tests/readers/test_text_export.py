"""Extraction: each quirk of the export on a tiny hand-made table, then the real plan.

Expected values below were read from the source by hand (line numbers cited),
not from the code under test.
"""
from __future__ import annotations

import pytest

from kg.readers.dates import parse_deadline_cell


def _task(plan, number):
    return next(t for t in plan.tasks if t.number == number)


def _units(task, role):
    return [a.unit_id for a in task.assignments if a.role == role]


def _codes(plan, task=None):
    return {f.code for f in plan.findings if task is None or f.task == task}


# ------------------------------------------------------------------ tiny table

@pytest.fixture(scope="module")
def tp(tiny):
    return tiny[0].plans[0]


def test_tiny_metadata(tp):
    assert tp.title == "奉节县2023年“营商环境提升”工程实施方案"
    assert (tp.place, tp.year, tp.issued, tp.printed) == ("奉节县", 2023, "2023-03-13", "2023-03-14")
    assert tp.goals == ["2023年营商环境考核排名第一", "2024年打造成“营商环境最优县”"]
    assert [s.title for s in tp.sections] == ["着力提升要素环境", "着力提升法治环境"]
    assert [m.number for m in tp.measures] == [1, 2, 3, 4]
    assert tp.copy_to == "县委办公室，县法院"


def test_wrapped_cells_are_joined(tp):
    task = _task(tp, 1)
    assert task.work_item == "方便企业开办"
    assert task.deadline == "2023-06" and not task.ongoing
    assert _units(task, "support") == ["healthcare-security", "housing-provident-fund"]


def test_trailing_spaces_in_unit_cell(tp):
    assert _units(_task(tp, 1), "lead") == ["market-supervision", "admin-service-center"]


def test_merged_cells_last_spans_to_end(tp):
    ms = _task(tp, 1).milestones
    assert [m.periods for m in ms] == [(1,), (2,), (3, 4, 5, 6)]
    assert [m.method for m in ms] == ["positional", "positional", "merged-to-end"]
    assert ms[0].no_target and ms[0].text == "—"


def test_single_cell_covers_the_year(tp):
    (m,) = _task(tp, 2).milestones
    assert m.periods == (1, 2, 3, 4, 5, 6) and m.method == "merged-to-end"


def test_six_cells_are_one_per_column(tp):
    assert {m.method for m in _task(tp, 5).milestones} == {"one-cell-per-column"}


def test_alias_resolves_and_is_reported(tp):
    task = _task(tp, 2)
    assert _units(task, "host") == ["pboc-fengjie"]
    assert next(a for a in task.assignments if a.role == "host").via_alias
    assert "alias-used" in _codes(tp, 2)


def test_slash_means_no_units(tp):
    task = _task(tp, 2)
    assert _units(task, "support") == [] and task.role_cells["support"][1] == "/"
    assert "no-units" in _codes(tp, 2)


def test_empty_work_item_is_carried_down(tp):
    task = _task(tp, 3)
    assert task.work_item == "加强金融服务体系建设" and task.work_item_inferred
    assert "work-item-carried" in _codes(tp, 3)


def test_dash_prefixed_milestone(tp):
    m = _task(tp, 3).milestones[0]
    assert (m.text, m.raw, m.no_target) == ("设立金融服务窗口。", "—设立金融服务窗口。", False)
    assert "dash-prefix" in _codes(tp, 3)


def test_ji_and_deng_split_names(tp):
    task = _task(tp, 3)
    assert _units(task, "host") == ["science-technology", "all-industry-authorities"]
    assert _units(task, "support") == ["baiyan-group", "other-units"]
    assert next(a for a in task.assignments if a.unit_id == "baiyan-group").etc


def test_surplus_unit_cell_is_kept_apart(tp):
    task = _task(tp, 4)
    assert len(task.milestones) == 3
    assert task.surplus_cells == [(108, "相关单位、部门")]
    assert _units(task, "lead") == ["court"]
    assert _units(task, "host") == ["party-political-legal", "justice"]
    assert "surplus-cell" in _codes(tp, 4)


def test_dates_off_their_column_are_flagged(tp):
    lines = sorted(f.line for f in tp.findings if f.code == "period-date-mismatch")
    assert lines == [120, 121, 122, 123, 124]


def test_unknown_unit_is_kept_and_reported(tp):
    task = _task(tp, 5)
    hosts = _units(task, "host")
    assert hosts[0] == "science-technology" and hosts[1] == "fengjie-xianxinsheju"
    assert "unknown-unit" in _codes(tp, 5)


def test_etc_with_full_stop_and_collective(tp):
    task = _task(tp, 5)
    assert _units(task, "support") == ["all-townships", "admin-service-center"]
    assert {"collective", "open-list"} <= _codes(tp, 5)


def test_repeated_work_item_is_noted(tp):
    assert "work-item-repeated" in _codes(tp, 6)


def test_every_finding_names_a_line(tp):
    assert all(f.line > 0 for f in tp.findings)


@pytest.mark.parametrize("text, expected", [
    ("2023年6月", ("2023-06", False)), ("2023年12月底前", ("2023-12", False)),
    ("2023年底", ("2023-12", False)), ("长期坚持", (None, True)), ("县科技局", None), ("6月", None),
])
def test_deadline_cell_forms(text, expected):
    found = parse_deadline_cell(text)
    assert (found.month, found.ongoing) == expected if expected else found is None


# ------------------------------------------------------------------ the real plan

def test_plan_counts(plan):
    assert len(plan.tasks) == 81
    assert len(plan.sections) == 6
    assert len(plan.measures) == 23
    assert [p.label for p in plan.periods] == ["1月-3月", "4月-5月", "6月-7月", "8月-9月",
                                               "10月-11月", "12月-2024年1月"]
    assert plan.periods[-1].end == "2024-01"


def test_plan_metadata(plan):
    assert plan.title == "奉节县2023年“营商环境提升”工程实施方案"
    assert plan.publisher == "奉节县人民政府办公室"
    assert (plan.issued, plan.printed) == ("2023-03-13", "2023-03-14")
    assert plan.goals == ["2023年营商环境考核排名渝东北第一", "2024年打造成“营商环境最优县”"]
    assert plan.sha256 == "b2c2eded621242cbc9ccc9c7f1c90ebd2c7ad38bfb62cde340d86f95a75ea9e4"


def test_tasks_per_section(plan):
    # Section header rows sit before tasks 1, 17, 47, 59, 70 and 77 (lines 106-1058).
    counts = [sum(t.section == s for t in plan.tasks) for s in range(1, 7)]
    assert counts == [16, 30, 12, 11, 7, 5]


def test_ongoing_and_none_counts(plan):
    # 34 cells read 长期坚持 and 3 support cells read / (grep -c in the source).
    assert sum(t.ongoing for t in plan.tasks) == 34
    assert sum(t.role_cells["support"][1] == "/" for t in plan.tasks) == 3


def test_task_1(plan):  # lines 108-120
    t = _task(plan, 1)
    assert t.work_item == "持续提升办企业便利度"
    assert _units(t, "lead") == ["market-supervision", "admin-service-center"]
    assert _units(t, "host") == ["market-supervision", "admin-service-center", "financial-services"]
    assert _units(t, "support") == ["all-townships", "county-commercial-banks"]
    assert t.deadline == "2023-06" and len(t.milestones) == 4
    assert t.milestones[0].no_target and t.milestones[3].periods == (4, 5, 6)
    assert (t.first_line, t.last_line) == (108, 120)


def test_task_2(plan):  # lines 122-136
    t = _task(plan, 2)
    assert _units(t, "lead") == ["development-reform"]
    assert len(_units(t, "host")) == 11 and _units(t, "host")[-1] == "all-townships"
    assert _units(t, "support") == []
    assert t.deadline == "2023-12" and len(t.milestones) == 6
    assert t.milestones[2].text.startswith("净增市场主体5400户以上")


def test_task_10_carried_and_ongoing(plan):  # lines 224-231
    t = _task(plan, 10)
    assert t.work_item == "加强金融服务体系建设" and t.work_item_inferred
    assert t.ongoing and t.deadline is None
    assert _units(t, "host") == ["pboc-fengjie"]


def test_task_11_alias(plan):  # line 241: 人行奉节支行
    assert _units(_task(plan, 11), "host") == ["science-technology", "economy-information", "taxation",
                                               "pboc-fengjie", "cbirc-fengjie"]


def test_task_32_wrapped_units(plan):  # lines 506-507
    assert _units(_task(plan, 32), "support") == ["healthcare-security", "housing-provident-fund"]


def test_task_35_ji(plan):  # line 552: 县科技局及各行业主管部门
    support = _units(_task(plan, 35), "support")
    assert len(support) == 10 and support[-2:] == ["science-technology", "all-industry-authorities"]


def test_task_55_surplus(plan):  # lines 783-795
    t = _task(plan, 55)
    assert _units(t, "lead") == ["court"]
    assert _units(t, "host") == ["party-political-legal", "justice"]
    assert t.surplus_cells == [(789, "相关单位、部门")]


def test_task_57_placeholder_lead(plan):  # line 812
    assert _units(_task(plan, 57), "lead") == ["relevant-units-departments"]


def test_tasks_65_66_flagged(plan):
    flagged = {f.task for f in plan.findings if f.code == "period-date-mismatch"}
    assert flagged == {65, 66}


def test_task_69_trailing_dash(plan):  # lines 946-959
    t = _task(plan, 69)
    assert t.deadline == "2023-09" and len(t.milestones) == 5
    assert t.milestones[-1].no_target and t.milestones[-1].periods == (5, 6)


def test_task_81(plan):  # lines 1102-1111
    t = _task(plan, 81)
    assert _units(t, "lead") == ["discipline-inspection", "party-organization"]
    assert t.ongoing and t.section == 6


def test_measure_links(plan):
    links = {t.number: t.measure for t in plan.tasks}
    # Work items repeat their measure's title: 1→1, 9–11→4, 17→6, 55→11, 66→15, 81→23.
    assert (links[1], links[9], links[11], links[17], links[55], links[66], links[81]) == (
        1, 4, 4, 6, 11, 15, 23)
    assert all(26 <= n <= 41 and m == 8 for n, m in links.items() if 26 <= n <= 41)


def test_only_real_quirks_are_warnings(plan):
    warned = {(f.code, f.task) for f in plan.findings if f.severity == "warning"}
    assert ("surplus-cell", 55) in warned and ("dash-prefix", 7) in warned
    assert {c for c, _ in warned} <= {"surplus-cell", "dash-prefix", "period-date-mismatch",
                                      "weak-measure-link", "indicator-mismatch"}
