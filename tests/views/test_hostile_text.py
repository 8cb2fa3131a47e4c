"""Probes with hostile text in the source: no output runs it or shows it as markup.

Each test is one probe of kg as a new user or an attacker would try it, named for it.
"""
from __future__ import annotations

import pytest

from ..process import kg

# ------------------------------------------------------------------ hostile text in every output

HOSTILE = {"description": '=HYPERLINK("http://evil.example","点此")', "work": "+cmd|' /C calc'!A0",
           "unit": "@SUM(1+1)", "md": "<script>alert(1)</script> [点此](javascript:alert(1))"}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The bundled plan with a formula, a command, an @-call and HTML written into task 55's cells."""
    from kg.resources import bundled_plan

    folder = tmp_path_factory.mktemp("hostile")
    text = bundled_plan().read_text(encoding="utf-8")
    row = text.index("\t55\n")
    end = text.index("\t56\n")
    cells = text[row:end].split("\n\t")
    cells[1] = HOSTILE["work"]
    cells[2] = HOSTILE["description"] + HOSTILE["md"]
    source = folder / "hostile.txt"
    source.write_text(text[:row] + "\n\t".join(cells) + text[end:], encoding="utf-8")
    result = kg("build", str(source), "--out", str(folder / "graph"))
    assert result.returncode == 0, result.stderr
    return folder


def _xlsx_strings(path):
    import openpyxl

    book = openpyxl.load_workbook(path)
    return [(cell.value, cell.data_type) for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
            if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "@"))]


def test_probe_xlsx_sheets_never_hold_formulas(hostile):
    out = hostile / "sheets"
    result = kg("sheet", "--all", "-f", "xlsx", "-f", "csv", "-f", "md", "-g", str(hostile / "graph"), "-o", str(out),
                "--as-of", "2023-06-01")
    assert result.returncode == 0, result.stderr
    for book in (out / "县法院.xlsx", out / "all-units.xlsx"):
        found = _xlsx_strings(book)
        assert found and all(kind == "s" for _, kind in found), (book, found)
        assert not any(kind == "f" for _, kind in found)


def test_probe_csv_cells_are_not_formulas(hostile):
    out = hostile / "sheets-csv"
    kg("sheet", "县法院", "-f", "csv", "-g", str(hostile / "graph"), "-o", str(out / "court.csv"))
    text = (out / "court.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text and "'+cmd" in text and ",=HYPERLINK" not in text
    query = kg("query", "tasks", "-g", str(hostile / "graph"), "-f", "csv").stdout
    assert "'+cmd" in query and ",+cmd" not in query


def test_probe_status_workbooks_never_hold_formulas(hostile):
    template = hostile / "template.xlsx"
    result = kg("status", "template", "-g", str(hostile / "graph"), "--as-of", "2023-06-01", "-o", str(template))
    assert result.returncode == 0, result.stderr
    assert all(kind == "s" for _, kind in _xlsx_strings(template))


def test_probe_markdown_sheets_carry_no_raw_html(hostile):
    out = hostile / "md"
    kg("sheet", "县法院", "-f", "md", "-g", str(hostile / "graph"), "-o", str(out / "court.md"))
    text = (out / "court.md").read_text(encoding="utf-8")
    assert "<script>" not in text and "\\<script\\>" in text
    assert "[点此](javascript:" not in text and "\\[点此\\](javascript:" in text  # escaped: not a link
