"""Probes with bad input: control characters, cut files, registries saved by Excel.

Each test is one probe of kg as a new user or an attacker would try it, named for it.
"""
from __future__ import annotations

import pytest

from ..conftest import DATA
from ..process import kg, one_line_error

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
    assert result.returncode == 0 and "39项任务" in result.stdout
    report = kg("validate", "-g", str(tmp_path / "g" / "kg.ttl"), "-v").stdout
    assert "[cut-character] 文件在第" in report and "行的一个字符中间结束" in report
    assert report.count("[measure-without-task]") >= 10


@pytest.mark.parametrize("encoding", ["gbk", "utf-16"])
def test_probe_registry_saved_by_excel_in_gbk_or_utf16(tmp_path, encoding):
    from kg.resources import unit_registry

    registry = tmp_path / "units.csv"
    registry.write_bytes(unit_registry().read_text(encoding="utf-8").encode(encoding))
    result = kg("build", "--units", str(registry), "--out", str(tmp_path / "g"))
    assert result.returncode == 0, result.stderr
    assert "0个名称不在单位名录中" in result.stdout


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


def test_units_suggest_csv_is_escaped_against_formula_injection(tmp_path):
    """A name in the plan that a spreadsheet would run as a formula stays text in the suggested rows."""
    plan = tmp_path / "plan.txt"
    plan.write_text((DATA / "inline.txt").read_text(encoding="utf-8").replace(
        "（县民政局负责，长期坚持）", "（=1+1局负责，长期坚持）").replace(
        "（县发改委牵头", "（=cmd|' /C calc'!A0牵头"), encoding="utf-8")
    result = kg("units", "suggest", str(plan))
    assert result.returncode == 0, result.stderr
    import csv
    import io

    cells = [c for row in csv.reader(io.StringIO(result.stdout)) for c in row]
    assert any(c.startswith("'=1+1") for c in cells), result.stdout
    assert not any(c.startswith(("=", "+", "@")) for c in cells)
