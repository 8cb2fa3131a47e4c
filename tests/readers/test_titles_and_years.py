"""A county's own task table, whatever its title: …重点任务分解表, …工作台账, …任务一览表 or none at all.

Each table is built here, in every format an office saves it in; a plan whose title, place or year
cannot be read still builds, with findings saying so, and ``kg build --place/--year/--title`` states them.
"""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from kg.rdf.build import build
from kg.readers import read_plan

HEADER = ["序号", "重点任务", "牵头单位", "配合单位", "完成时限"]
ROWS = [["1", "优化营商环境", "县发改委", "县财政局", "长期坚持"],
        ["2", "推进数字政府", "县大数据局", "各乡镇（街道）", "2024年6月"]]
TITLES = ["某县重点任务分解表", "某县2023年营商环境工作台账", "附件1：某县任务一览表", None]
FORMATS = ["xlsx", "csv", "docx", "txt"]


def write_table(folder: Path, fmt: str, title: str | None, header=HEADER, rows=ROWS) -> Path:
    """The task table as an office saves it: its title (if any) on the line above the header."""
    path = folder / f"table.{fmt}"
    if fmt == "xlsx":
        import openpyxl

        book = openpyxl.Workbook()
        for row in ([[title]] if title else []) + [header] + rows:
            book.active.append(row)
        book.save(path)
    elif fmt == "csv":
        with path.open("w", encoding="utf-8-sig", newline="") as f:
            csv.writer(f).writerows(([[title]] if title else []) + [header] + rows)
    elif fmt == "docx":
        import docx

        document = docx.Document()
        if title:
            document.add_paragraph(title)
        table = document.add_table(rows=len(rows) + 1, cols=max(len(r) for r in [header] + rows))
        for i, row in enumerate([header] + rows):
            for j, text in enumerate(row):
                table.cell(i, j).text = text
        document.save(path)
    else:
        path.write_text("".join(line + "\n" for line in ([title] if title else [])
                                + ["\t".join(r) for r in [header] + rows]), encoding="utf-8")
    return path


def _codes(plan) -> set[str]:
    return {f.code for f in plan.findings}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("title", TITLES)
def test_a_task_table_builds_whatever_its_title(tmp_path, fmt, title):
    result = build([write_table(tmp_path, fmt, title)], out=tmp_path / "g")
    plan = result.plans[0]
    assert [t.number for t in plan.tasks] == [1, 2]
    assert (tmp_path / "g" / "kg.ttl").is_file()
    if title is None:
        assert plan.title == "table" and "no-title" in _codes(plan)
    else:
        assert plan.title == title.removeprefix("附件1：")
        assert "no-title" not in _codes(plan)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_plan_without_title_year_or_place_builds_with_findings(tmp_path, fmt, registry):
    plan = read_plan(write_table(tmp_path, fmt, None), registry)
    assert plan.year is None and plan.place is None
    assert {"no-title", "no-year", "no-place"} <= _codes(plan)
    no_year = next(f for f in plan.findings if f.code == "no-year")
    assert "--year" in no_year.message


def test_build_options_state_the_title_year_and_place(tmp_path, registry):
    plan = read_plan(write_table(tmp_path, "xlsx", None), registry, place="奉节县", year=2023, title="奉节县任务表")
    assert (plan.title, plan.year, plan.place) == ("奉节县任务表", 2023, "奉节县")
    assert not {"no-title", "no-year", "no-place", "year-inferred"} & _codes(plan)


def test_kg_build_takes_year_and_title(tmp_path):
    from ..process import kg

    source = write_table(tmp_path, "csv", None)
    result = kg("build", str(source), "--out", str(tmp_path / "g"), "--year", "2024", "--title", "某县台账")
    assert result.returncode == 0, result.stderr
    assert "某县台账" in result.stdout


def test_period_columns_without_a_year_are_kept_as_cells(tmp_path, registry):
    header = ["序号", "具体任务", "1月-3月", "4月-6月", "牵头单位"]
    rows = [["1", "优化审批", "完成50%", "完成100%", "县发改委"]]
    plan = read_plan(write_table(tmp_path, "xlsx", "某县重点任务分解表", header, rows), registry)
    assert plan.periods == [] and plan.tasks[0].milestones == []
    assert plan.tasks[0].cells == [("1月-3月", "完成50%"), ("4月-6月", "完成100%")]
    assert "periods-without-year" in _codes(plan)


def test_period_columns_without_a_year_take_the_given_year(tmp_path, registry):
    header = ["序号", "具体任务", "1月-3月", "4月-6月", "牵头单位"]
    rows = [["1", "优化审批", "完成50%", "完成100%", "县发改委"]]
    plan = read_plan(write_table(tmp_path, "xlsx", None, header, rows), registry, year=2024)
    assert [p.start for p in plan.periods] == ["2024-01", "2024-04"]
    assert len(plan.tasks[0].milestones) == 2


def test_a_year_written_in_a_later_period_header_dates_the_table(tmp_path, registry):
    header = ["序号", "具体任务", "10月-11月", "12月-2024年1月", "牵头单位"]
    rows = [["1", "优化审批", "完成50%", "完成100%", "县发改委"]]
    plan = read_plan(write_table(tmp_path, "csv", None, header, rows), registry)
    assert plan.year == 2023 and [p.start for p in plan.periods] == ["2023-10", "2023-12"]
    assert "year-inferred" in _codes(plan)


def test_one_title_for_several_plans_is_a_usage_error(tmp_path):
    from kg.errors import UsageError

    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir(), second.mkdir()
    with pytest.raises(UsageError, match="--title 只能命名一个方案"):
        build([write_table(first, "csv", None), write_table(second, "xlsx", None)], out=None, title="某县台账")


def _bundled_without_years(tmp_path: Path) -> Path:
    """The bundled text export with every year before its table removed (title, 文号, dates, headers)."""
    import re

    from kg.resources import bundled_plan

    head, row, rest = bundled_plan().read_text(encoding="utf-8").partition("\n\t1\n")
    path = tmp_path / "plan.txt"
    path.write_text(re.sub(r"\d{4}年|〔\d{4}〕", "", head) + row + rest, encoding="utf-8")
    return path


def test_a_text_export_with_no_year_keeps_its_milestones_as_text(tmp_path, registry):
    plan = read_plan(_bundled_without_years(tmp_path), registry)
    assert plan.year is None and plan.periods == [] and len(plan.tasks) == 81
    assert all(not t.milestones for t in plan.tasks)
    assert plan.tasks[0].cells[1] == ("4月-5月", "行政服务自助大厅提供申领营业执照24小时服务。")
    assert {"no-year", "periods-without-year"} <= _codes(plan)


def test_a_text_export_with_no_year_takes_the_given_year(tmp_path, registry, plan):
    given = read_plan(_bundled_without_years(tmp_path), registry, year=2023)
    assert [p.start for p in given.periods] == [p.start for p in plan.periods]
    assert [len(t.milestones) for t in given.tasks] == [len(t.milestones) for t in plan.tasks]


@pytest.mark.parametrize("source, cut, title", [
    ("inline", 12, None), ("text-export", 12, "奉节县2023年“营商环境提升”工程实施方案"), ("text-export", 16, None)])
def test_a_plan_whose_opening_lines_are_gone_builds_with_findings(tmp_path, registry, source, cut, title):
    """Running text and the cell-by-cell export, copied without their notice (and title): a release note
    （此件公开发布） left above the title is not part of it."""
    from kg.resources import bundled_plan

    from ..conftest import DATA

    original = (DATA / "inline.txt") if source == "inline" else bundled_plan()
    path = tmp_path / "plan.txt"
    path.write_text("\n".join(original.read_text(encoding="utf-8").split("\n")[cut:]), encoding="utf-8")
    plan = read_plan(path, registry)
    assert plan.tasks and plan.reader == source
    assert plan.title == (title or "plan") and ("no-title" in _codes(plan)) == (title is None)
