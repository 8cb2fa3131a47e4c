"""The lead's column is headed as the plan heads it, 指标牵头单位 (Role.heading), in every file kg writes
(issue 30), and a template or review sheet the old kg wrote, headed 牵头单位, is still read when it comes back."""
from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from kg.i18n import use
from kg.model.domain import role
from kg.status.bulletin import build_bulletin, bulletin_markdown
from kg.status.report import build_report, report_html, report_xlsx
from kg.status.review import import_verdicts, review_xlsx
from kg.status.state import load_records
from kg.status.workflow import import_report, load_scheme, template_xlsx

from .forms import csv_report, fill, fill_review

DAY = dt.date(2023, 6, 30)


def _header(workbook: bytes) -> list:
    return [c.value for c in openpyxl.load_workbook(io.BytesIO(workbook)).worksheets[0][1]]


@pytest.mark.parametrize("language, heading", [("zh", "指标牵头单位"), ("en", "lead")])
def test_every_file_heads_the_lead_column_as_the_role_is_headed(net, store, graph_dir, tmp_path, language, heading):
    import_report(csv_report(tmp_path / "a.csv", "55,红,2023-06-20,\n"), net, graph_dir)
    with use(language):
        assert role("lead").heading == heading
        assert _header(template_xlsx(net, DAY))[2] == heading
        assert _header(review_xlsx(net, store, graph_dir, DAY))[3] == heading
        report = build_report(net, store, graph_dir, DAY)
        assert _header(report_xlsx(report))[2] == heading
        assert f">{heading}</th>" in report_html(report)
        assert f"| {heading} | {role('host').heading} |" in bulletin_markdown(build_bulletin(report))


def _headed(workbook: bytes, path, title: str, column: int):
    book = openpyxl.load_workbook(io.BytesIO(workbook))
    book.worksheets[0].cell(1, column).value = title
    book.save(path)
    return path.read_bytes()


@pytest.mark.parametrize("title", ["牵头单位", "lead unit", "Lead unit", "指标牵头单位", "lead"])
def test_a_template_headed_as_the_old_kg_headed_it_is_imported(net, graph_dir, tmp_path, title):
    old = _headed(template_xlsx(net, DAY, "unit/court"), tmp_path / "old.xlsx", title, 3)
    import_report(fill(old, tmp_path / "filled.xlsx", {55: "黄"}), net, graph_dir)
    (record,) = load_records(graph_dir)
    assert (record["task"], record["colour"]) == ("55", "yellow")


def test_a_csv_report_with_the_old_lead_column_is_imported(net, graph_dir, tmp_path):
    path = tmp_path / "old.csv"
    path.write_text("序号,具体任务,牵头单位,颜色,填报单位 reporter,填报日期 reported\n"
                    "55,智慧法院,县法院,橙,县法院,2023-06-30\n", encoding="utf-8")
    import_report(path, net, graph_dir)
    assert [r["colour"] for r in load_records(graph_dir)] == ["orange"]


def test_a_review_sheet_headed_as_the_old_kg_headed_it_is_verified(net, store, graph_dir, tmp_path):
    import_report(csv_report(tmp_path / "a.csv", "55,黄,2023-06-20,\n"), net, graph_dir)
    old = _headed(review_xlsx(net, store, graph_dir, DAY), tmp_path / "old.xlsx", "牵头单位", 4)
    sheet = fill_review(old, tmp_path / "filled.xlsx", {55: {"核定 verified": "红", "核定理由 reason": "平台未建成"}})
    import_verdicts(sheet, net, store, graph_dir, scheme=load_scheme())
    assert [(r["by"], r["colour"]) for r in load_records(graph_dir)] == [("unit", "yellow"), ("office", "red")]
