"""One registry of sheet formats: ``kg sheet --format``, its help, render_sheet and the combined files read it."""
from __future__ import annotations

import click
import pytest

from kg.cli.sheets import sheet
from kg.errors import UsageError
from kg.i18n import use
from kg.views import SHEET_FORMATS
from kg.views.sheet_files import render_sheet
from kg.views.sheet_formats import SHEET_WRITERS


def test_the_cli_offers_and_describes_every_format():
    option = next(p for p in sheet.params if isinstance(p, click.Option) and "--format" in p.opts)
    assert tuple(option.type.choices) == (*SHEET_FORMATS, "all")
    assert SHEET_FORMATS == tuple(SHEET_WRITERS)
    for name, writer in SHEET_WRITERS.items():
        with use("en"):  # the msgid; kg --help says it in Chinese (tests/test_i18n.py checks it has Chinese)
            assert f"{name}: {writer.description}" in option.help


def test_a_format_it_does_not_know_is_an_error_not_a_docx():
    with pytest.raises(UsageError, match="没有 'pdf' 这种责任清单格式"):
        render_sheet(None, "pdf")


def test_all_sheets_write_a_combined_file_for_each_format_that_has_one(graph_file, tmp_path):
    from ..process import kg

    result = kg("sheet", "--all", "-f", "all", "-g", str(graph_file), "-o", str(tmp_path / "s"))
    assert result.returncode == 0, result.stderr
    combined = {path.suffix.lstrip(".") for path in (tmp_path / "s").glob("all-units.*")}
    assert combined == {name for name, writer in SHEET_WRITERS.items() if writer.combined} == {"xlsx", "csv"}
