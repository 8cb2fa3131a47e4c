"""Any plan in: Word files with merged cells, inline-assignment plans, detection, unit suggestions."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kg.build import build
from kg.errors import InputError
from kg.readers import detect_format, read_plan
from kg.resources import bundled_plan
from kg.suggest import suggestions
from kg.validate import validate

from .conftest import DATA


def _task(plan, number):
    return next(t for t in plan.tasks if t.number == number)


def _units(task, role):
    return [a.unit_id for a in task.assignments if a.role == role]


# ------------------------------------------------------------------ inline plans

@pytest.fixture(scope="module")
def inline_plan(registry):
    return read_plan(DATA / "inline.txt", registry)


def test_detects_each_format(tmp_path):
    assert detect_format(bundled_plan()) == "text-export"
    assert detect_format(DATA / "inline.txt") == "inline"
    assert detect_format(_docx_plan(tmp_path)) == "docx"


def test_inline_tasks_roles_and_deadlines(inline_plan):
    plan = inline_plan
    assert plan.reader == "inline" and plan.county == "奉节县" and plan.year == 2024
    assert [t.number for t in plan.tasks] == [1, 2, 3, 4, 5]  # measure 6 names no unit
    t1 = _task(plan, 1)
    assert _units(t1, "lead") == ["admin-service-center"]
    assert _units(t1, "host") == ["market-supervision", "all-townships"]
    assert t1.ongoing and t1.work_item == "深化“一网通办”"
    t2 = _task(plan, 2)
    assert (_units(t2, "lead"), _units(t2, "host")) == (["market-supervision"], ["taxation", "public-security"])
    assert t2.deadline == "2024-06"
    t3 = _task(plan, 3)
    assert _units(t3, "lead") == _units(t3, "host") == ["science-technology"]
    t4 = _task(plan, 4)
    assert _units(t4, "host") == ["civil-affairs"] and t4.ongoing
    t5 = _task(plan, 5)
    assert _units(t5, "support") == ["finance"] and t5.deadline == "2024-12"
    assert [a.unit_id for a in t5.assignments if a.role == "lead"][0].startswith("unknown-")


def test_inline_inferences_are_recorded(inline_plan):
    codes = {(f.code, f.task) for f in inline_plan.findings}
    assert ("lead-inferred", 3) in codes and ("deadline-not-stated", 1) in codes
    assert ("deadline-not-stated", 3) in codes
    assert any(f.code == "measure-without-units" for f in inline_plan.findings)
    unknown = next(f for f in inline_plan.findings if f.code == "unknown-unit")
    assert "县发改委" in unknown.message and "probably 县发展改革委" in unknown.message


def test_traditional_characters(tmp_path, registry, inline_plan):
    import opencc
    text = opencc.OpenCC("s2t").convert((DATA / "inline.txt").read_text(encoding="utf-8"))
    assert "牽頭" in text and "縣" in text
    path = tmp_path / "traditional.txt"
    path.write_text(text, encoding="utf-8")
    plan = read_plan(path, registry)
    assert plan.reader == "inline"
    assert [(t.number, t.deadline, t.ongoing, [(a.role, a.unit_id) for a in t.assignments]) for t in plan.tasks] \
        == [(t.number, t.deadline, t.ongoing, [(a.role, a.unit_id) for a in t.assignments]) for t in inline_plan.tasks]
    assert any(f.code == "traditional-characters" for f in plan.findings)


def test_inline_graph_conforms(tmp_path):
    result = build([DATA / "inline.txt"], out=tmp_path)
    report = validate(result.graph)
    assert report.conforms, report.violations


# ------------------------------------------------------------------ Word plans

def _merge_text(cell_a, cell_b, text):
    merged = cell_a.merge(cell_b)
    merged.text = text
    return merged


def _docx_plan(tmp_path: Path, reorder: bool = False) -> Path:
    """A Word plan with a two-row header, merged period cells and a vertically merged work item."""
    import docx

    document = docx.Document()
    for line in ("奉节县人民政府办公室", "关于印发奉节县2025年营商环境攻坚行动方案的通知", "奉节县2025年营商环境攻坚行动方案",
                 "为进一步优化营商环境，实现2025年营商环境考核全市第一目标，制定本方案。", "一、着力提升要素环境",
                 "1.方便企业开办。扩大企业开办申请渠道。", "附件"):
        document.add_paragraph(line)
    if reorder:  # no description column; deadline before the units; support before host
        titles = ["序号", "具体任务", "1月-4月", "5月-8月", "9月-12月", "完成时限", "牵头单位", "配合单位", "责任单位"]
        table = document.add_table(rows=1, cols=len(titles))
        for cell, title in zip(table.rows[0].cells, titles):
            cell.text = title
        rows = [("1", "方便企业开办", "设立网点", "扩大渠道", "常态运行", "2025年12月", "县市场监管局", "县税务局", "县行政服务中心")]
        for values in rows:
            for cell, value in zip(table.add_row().cells, values):
                cell.text = value
    else:
        table = document.add_table(rows=2, cols=10)
        header = table.rows[0].cells
        for index, title in ((0, "序号"), (1, "具体任务"), (2, "任务内容"), (6, "牵头单位"), (7, "责任单位"),
                             (8, "配合单位"), (9, "完成时限")):
            header[index].text = title
        _merge_text(header[3], header[5], "每两月任务目标进度")
        for index, label in ((3, "1月-4月"), (4, "5月-8月"), (5, "9月-12月")):
            table.rows[1].cells[index].text = label
        for index in (0, 1, 2, 6, 7, 8, 9):
            _merge_text(table.rows[0].cells[index], table.rows[1].cells[index], header[index].text)
        section = table.add_row().cells
        _merge_text(section[0], section[9], "一、着力提升要素环境")
        data = [("1", "方便企业开办", "扩大企业开办申请渠道。", "设立网点", "扩大渠道", "常态运行",
                 "县市场监管局", "县市场监管局、县行政服务中心", "各乡镇（街道）", "2025年6月"),
                ("2", "", "推行企业注销一网通办。", "—", "上线运行", "", "县市场监管局", "县市场监管局",
                 "县税务局", "长期坚持")]
        for values in data:
            cells = table.add_row().cells
            for cell, value in zip(cells, values):
                cell.text = value
        row2 = table.rows[4].cells
        _merge_text(row2[4], row2[5], "上线运行并常态化")  # one cell for 5月-8月 and 9月-12月
        first, second = table.rows[3].cells[1], table.rows[4].cells[1]
        first.merge(second).text = "方便企业开办"  # the work item spans both rows
    path = tmp_path / ("reordered.docx" if reorder else "plan.docx")
    document.save(path)
    return path


def test_docx_table_with_merged_cells(tmp_path, registry):
    plan = read_plan(_docx_plan(tmp_path), registry)
    assert plan.reader == "docx" and plan.year == 2025 and len(plan.sections) == 1
    assert [p.label for p in plan.periods] == ["1月-4月", "5月-8月", "9月-12月"]
    t1, t2 = plan.tasks
    assert (t1.work_item, t1.deadline, t1.section) == ("方便企业开办", "2025-06", 1)
    assert [m.periods for m in t1.milestones] == [(1,), (2,), (3,)]
    assert {m.method for m in t1.milestones} == {"one-cell-per-column"}
    assert _units(t1, "host") == ["market-supervision", "admin-service-center"]
    assert _units(t1, "support") == ["all-townships"]
    assert t2.work_item == "方便企业开办" and t2.ongoing
    assert [(m.periods, m.method, m.no_target) for m in t2.milestones] == [
        ((1,), "one-cell-per-column", True), ((2, 3), "exact-merge", False)]
    assert t2.milestones[1].text == "上线运行并常态化"


def test_docx_columns_found_by_title(tmp_path, registry):
    plan = read_plan(_docx_plan(tmp_path, reorder=True), registry)
    (task,) = plan.tasks
    assert _units(task, "lead") == ["market-supervision"]
    assert _units(task, "host") == ["admin-service-center"]
    assert _units(task, "support") == ["taxation"]
    assert task.deadline == "2025-12" and len(task.milestones) == 3 and task.description == ""


def test_docx_graph_conforms_and_builds(tmp_path):
    result = build([_docx_plan(tmp_path)], out=tmp_path / "graph")
    assert validate(result.graph).conforms
    assert "read as docx" in result.summary()


# ------------------------------------------------------------------ what kg cannot read

@pytest.mark.parametrize("name, content, message", [
    ("plan.pdf", b"%PDF-1.4", "cannot read .pdf files"),
    ("notes.txt", "奉节县2024年工作要点\n一、总体要求\n1.加强领导。抓好落实。\n".encode(),
     "no task table and no measures with their units in parentheses"),
])
def test_unreadable_plans_fail_clearly(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        build([path], out=tmp_path / "graph")
    assert not (tmp_path / "graph").exists()


def test_word_file_without_task_table(tmp_path):
    import docx
    document = docx.Document()
    document.add_paragraph("奉节县2025年工作要点")
    path = tmp_path / "empty.docx"
    document.save(path)
    with pytest.raises(InputError, match="no task table"):
        build([path], out=None)


# ------------------------------------------------------------------ new and abbreviated names

@pytest.mark.parametrize("name, county, expected", [
    ("县发改委", None, "县发展改革委"), ("区发改委", "渝北区", "县发展改革委"), ("县人社局", None, "县人力社保局"),
    ("区市场监督管理局", "渝北区", "县市场监管局"), ("奉节县科技局", "奉节县", "县科技局"),
    ("县住建委等", None, "县住房城乡建委"),
])
def test_suggestions(registry, name, county, expected):
    unit, why = registry.suggest(name, county)
    assert unit.name_zh == expected and why


def test_no_suggestion_for_a_new_unit(registry):
    assert registry.suggest("县大数据发展局") is None


def test_units_suggest_writes_registry_rows(tmp_path, registry):
    rows = suggestions([DATA / "inline.txt"], registry)
    assert rows == [{"id": "development-reform", "name_zh": "县发展改革委",
                     "name_en": "County Development and Reform Commission", "kind": "government-department",
                     "aliases": "县发改委", "note": rows[0]["note"]}]
    assert rows[0]["note"].startswith("SUGGESTED alias 县发改委 (发改委→发展改革委)")
    out = subprocess.run([sys.executable, "-m", "kg", "units", "suggest", str(DATA / "inline.txt")],
                         capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[0] == "id,name_zh,name_en,kind,aliases,note"
    assert out.splitlines()[1].startswith("development-reform,县发展改革委,")
