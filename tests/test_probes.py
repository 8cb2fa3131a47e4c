"""Probes of kg as a new user and as an attacker would try it: each test is one probe, named for it.

Run one again with ``pytest tests/test_probes.py -k NAME``.
"""
from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import DATA


def kg(*args: str, cwd=None, input: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=cwd,
                          input=input, timeout=300)


def one_line_error(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


# ------------------------------------------------------------------ kg query: wrong answers

@pytest.mark.parametrize("param, words", [
    ("unit=县法院x", ["no unit named '县法院x'", "did you mean 县法院"]),
])
def test_probe_query_misspelt_unit_is_an_error(graph_file, param, words):
    one_line_error(kg("query", "unit-tasks", "-g", str(graph_file), "-p", param), *words)


def test_probe_query_period_7_is_an_error(graph_file):
    one_line_error(kg("query", "due-in-period", "-g", str(graph_file), "-p", "period=7"), "no period 7", "1–6")


def test_probe_query_task_999_is_an_error(graph_file):
    one_line_error(kg("query", "task", "-g", str(graph_file), "-p", "task=999"), "no task 999", "1–81")


def test_probe_query_impossible_date_is_an_error(graph_file):
    one_line_error(kg("query", "overdue", "-g", str(graph_file), "-p", "date=2023-13-45"), "not a real date")


def test_probe_query_unknown_plan_is_an_error(graph_file):
    one_line_error(kg("query", "tasks", "-g", str(graph_file), "-p", "plan_id=nope"), "no plan named 'nope'")


def test_probe_query_plans_beside_a_folder_named_plans(graph_file, tmp_path):
    (tmp_path / "plans").mkdir()
    result = kg("query", "plans", "-g", str(graph_file), cwd=tmp_path)
    assert result.returncode == 0 and "fengjie-2023-business-environment" in result.stdout


def test_probe_query_tasks_keeps_tasks_without_milestones(tmp_path):
    result = kg("build", str(DATA / "inline.txt"), "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    rows = kg("query", "tasks", "-g", str(tmp_path), "-f", "csv").stdout.splitlines()
    assert len(rows) == 1 + 5 and rows[1].endswith(",0")


# ------------------------------------------------------------------ --db: never stale, never merged

def _task_count(*args):
    result = kg("query", "-e", "SELECT (COUNT(*) AS ?n) WHERE { ?t a <https://w3id.org/kg/ns#Task> }", "-f", "csv",
                *args)
    assert result.returncode == 0, result.stderr
    return int(result.stdout.splitlines()[1])


def test_probe_query_db_follows_a_rebuild(tmp_path):
    graph, db = tmp_path / "graph", tmp_path / "db"
    assert kg("build", "--out", str(graph)).returncode == 0
    assert _task_count("-g", str(graph), "--store", "oxigraph", "--db", str(db)) == 81
    assert kg("build", str(DATA / "inline.txt"), "--out", str(graph)).returncode == 0
    assert _task_count("-g", str(graph), "--store", "oxigraph", "--db", str(db)) == 5  # not 81, not 86


def test_probe_query_db_refuses_a_foreign_folder(tmp_path, graph_file):
    (tmp_path / "mine.txt").write_text("keep me")
    result = kg("query", "tasks", "-g", str(graph_file), "--store", "oxigraph", "--db", str(tmp_path))
    one_line_error(result, "kg did not make it")
    assert (tmp_path / "mine.txt").exists()


# ------------------------------------------------------------------ views and sheets: one truth, same every run

def test_probe_unit_views_do_not_change_with_pythonhashseed(graph_file, tmp_path):
    import os

    for seed in ("1", "2"):
        result = subprocess.run([sys.executable, "-m", "kg", "viz", "-g", str(graph_file), "--unit", "县法院",
                                 "--unit", "县行政服务中心", "--out", str(tmp_path / seed)], capture_output=True,
                                text=True, env={**os.environ, "PYTHONHASHSEED": seed}, timeout=300)
        assert result.returncode == 0, result.stderr
    for page in sorted((tmp_path / "1").glob("*.html")):
        assert page.read_bytes() == (tmp_path / "2" / page.name).read_bytes(), page.name


def test_probe_unit_page_legend_counts_tasks_not_links(views):
    """The legend said lead 31 / host 36 / support 86 (links) where 县行政服务中心 leads 26, hosts 11, supports 3."""
    import re

    from kg.views.interactive import unit_view

    html = unit_view(views, "unit/admin-service-center", [], "")
    roles = html.split("<legend>Roles 角色</legend>", 1)[1].split("</fieldset>", 1)[0]
    assert re.findall(r'<span class="count">(\d+)</span>', roles) == ["26", "11", "3"]
    assert "tasks 县行政服务中心 has in each role" in roles


def test_probe_period_inferred_is_one_rule():
    """Views and sheets decide "inferred period" with the same function."""
    import inspect

    from kg.views import interactive as viz
    from kg.views import sheets
    from kg.network.plan import period_inferred

    assert period_inferred("exact-merge") is False and period_inferred("merged-to-end") is True
    for module in (sheets, viz):
        assert "one-cell-per-column" not in inspect.getsource(module)


def test_probe_renamed_colours_still_work(tmp_path, views):
    """The README says an office may rename the colours: the code finds them by meaning."""
    import datetime as dt

    from kg.resources import ontology_dir
    from kg.status.workflow import colour_for, load_scheme, suggest

    text = (ontology_dir() / "status-colours.ttl").read_text(encoding="utf-8")
    for old, new in (("blue", "done-ok"), ("red", "late"), ("green", "fine"), ("orange", "amber")):
        text = text.replace(f'skos:notation "{old}"', f'skos:notation "{new}"')
    path = tmp_path / "colours.ttl"
    path.write_text(text, encoding="utf-8")
    scheme = load_scheme(path)
    assert colour_for(scheme, "done").notation == "done-ok"
    suggested = suggest(views, {}, dt.date(2023, 7, 5), scheme, {})
    assert suggested[3][0] == "late" and "not 蓝 blue" in suggested[3][1]


def test_probe_views_show_a_status_legend(views):
    from kg.views.interactive import unit_view

    before = (views.status, views.status_as_of)
    views.status, views.status_as_of = {55: "red"}, "2023-07-10"
    try:
        html = unit_view(views, "unit/court", [], "")
    finally:
        views.status, views.status_as_of = before
    status = html.split("<legend>Status 五色图 (2023-07-10)</legend>", 1)[1].split("</fieldset>", 1)[0]
    assert "红 red" in status and '<span class="count">1</span>' in status


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
    for book in (out / "court.xlsx", out / "all-units.xlsx"):
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


# ------------------------------------------------------------------ writing files

def test_probe_output_to_a_device_keeps_the_device(graph_file):
    import stat
    from pathlib import Path

    result = kg("query", "tasks", "-g", str(graph_file), "-o", "/dev/null")
    assert result.returncode == 0, result.stderr
    assert stat.S_ISCHR(Path("/dev/null").stat().st_mode)


def test_probe_failed_write_keeps_the_good_file(tmp_path, monkeypatch):
    import os

    from kg.errors import KgError
    from kg.files import write_atomic

    target = tmp_path / "result.csv"
    target.write_text("good\n")

    def full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(KgError, match="No space left on device; nothing was changed"):
        write_atomic([(target, "new content that does not fit\n")])
    assert target.read_text() == "good\n" and [p.name for p in tmp_path.iterdir()] == ["result.csv"]


def test_probe_one_file_name_for_two_formats_is_an_error(graph_file, tmp_path):
    result = kg("sheet", "县法院", "-f", "html", "-f", "md", "-g", str(graph_file), "-o", str(tmp_path / "x.html"))
    one_line_error(result, "x.html is a file name but 2 formats")
    assert not (tmp_path / "x.html").exists()


# ------------------------------------------------------------------ bad input

def test_probe_vertical_tab_in_the_source_is_reported_and_every_sheet_builds(tmp_path):
    from kg.resources import bundled_plan

    source = tmp_path / "vt.txt"
    source.write_text(bundled_plan().read_text(encoding="utf-8").replace("利用乡镇邮政代办点", "利用乡镇\x0b邮政代办点", 1),
                      encoding="utf-8")
    assert kg("build", str(source), "--out", str(tmp_path / "g")).returncode == 0
    findings = kg("validate", "-g", str(tmp_path / "g" / "kg.ttl"), "-v").stdout
    assert "[control-character]" in findings
    result = kg("sheet", "--all", "-f", "xlsx", "-f", "docx", "-g", str(tmp_path / "g"), "-o", str(tmp_path / "s"))
    assert result.returncode == 0, result.stderr


def test_probe_a_source_cut_mid_plan_is_a_warning(tmp_path):
    from kg.resources import bundled_plan

    text = bundled_plan().read_text(encoding="utf-8")
    cut = text[:text.index("\n\t40\n") + 1].encode("utf-8") + "县".encode("utf-8")[:2]
    source = tmp_path / "cut.txt"
    source.write_bytes(cut)
    result = kg("build", str(source), "--out", str(tmp_path / "g"))
    assert result.returncode == 0 and "39 tasks" in result.stdout
    report = kg("validate", "-g", str(tmp_path / "g" / "kg.ttl"), "-v").stdout
    assert "[cut-character] the file stops in the middle of a character" in report
    assert report.count("[measure-without-task]") >= 10


@pytest.mark.parametrize("encoding", ["gbk", "utf-16"])
def test_probe_registry_saved_by_excel_in_gbk_or_utf16(tmp_path, encoding):
    from kg.resources import unit_registry

    registry = tmp_path / "units.csv"
    registry.write_bytes(unit_registry().read_text(encoding="utf-8").encode(encoding))
    result = kg("build", "--units", str(registry), "--out", str(tmp_path / "g"))
    assert result.returncode == 0, result.stderr
    assert "0 names not in the registry" in result.stdout


def test_probe_broken_registry_names_its_file(tmp_path):
    registry = tmp_path / "units.csv"
    registry.write_bytes(b"\xff\xfe\x00")  # a UTF-16 BOM and half a character
    one_line_error(kg("build", "--units", str(registry), "--out", str(tmp_path / "g")), str(registry))


def test_probe_units_suggest_gives_one_row_per_id(tmp_path):
    plan = tmp_path / "plan.txt"
    plan.write_text((DATA / "inline.txt").read_text(encoding="utf-8").replace(
        "（县民政局负责，长期坚持）", "（县发展和改革委员会负责，长期坚持）"), encoding="utf-8")
    out = kg("units", "suggest", str(plan)).stdout.splitlines()
    ids = [line.split(",")[0] for line in out[1:]]
    assert len(ids) == len(set(ids))


def test_probe_everything_the_readme_shows_is_installed():
    from importlib.metadata import requires

    core = {r.split(">")[0].split("[")[0].strip().lower() for r in requires("kg") if "extra ==" not in r}
    assert {"openpyxl", "python-docx", "opencc", "oxigraph", "pyoxigraph"} <= core
