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


def test_a_formats_endings_are_the_ones_kg_knows_for_it():
    """A sheet format kg also writes elsewhere (xlsx, csv …) ends its names as the other commands do."""
    from kg.files import FILE_EXTENSIONS

    assert all(writer.extensions == FILE_EXTENSIONS[name]
               for name, writer in SHEET_WRITERS.items() if name in FILE_EXTENSIONS)


@pytest.fixture
def plain_text(monkeypatch):
    """A sheet format added in the test alone, one entry as a new format is: plain text, saved as ``.text``."""
    from kg.views.sheet_formats import SheetFormat

    def render(sheet, assets):
        return f"{sheet.name}\n"

    monkeypatch.setitem(SHEET_WRITERS, "plain", SheetFormat(render, "plain text", "text/plain; charset=utf-8",
                                                            (".text",), download=True))
    return "plain"


def test_a_new_format_is_one_entry_written_served_and_listed(plain_text, net, built, tmp_path):
    from kg.app import Guard, create_app
    from kg.app.workbench import Workbench
    from kg.views.sheet_files import write_all_sheets, write_sheet

    from ..conftest import copy_graph

    with use("zh"):
        (written,) = write_sheet(net, "县法院", [plain_text], tmp_path / "one")
        assert written.name == "县法院.text" and written.read_text(encoding="utf-8") == "县法院\n"
        assert write_sheet(net, "县法院", [plain_text], tmp_path / "court.text") == [tmp_path / "court.text"]
        with pytest.raises(UsageError, match=r"\.text"):  # a name ending in none of its endings is refused
            write_sheet(net, "县法院", [plain_text], tmp_path / "court.txt")
        paths = write_all_sheets(net, [plain_text], tmp_path / "all")
        assert (tmp_path / "all" / "县法院.text") in paths
        assert "县法院.text" in (tmp_path / "all" / "index.html").read_text(encoding="utf-8")
        app = create_app(Workbench(copy_graph(built, tmp_path / "graph"), "auto"), Guard())
    client = app.test_client()
    served = client.get("/unit/court/sheet.plain")
    assert served.status_code == 200 and served.content_type == "text/plain; charset=utf-8"
    assert served.get_data(as_text=True) == "县法院\n"
    assert served.headers["Content-Disposition"].startswith('attachment; filename="court.text"')
    assert "/unit/court/sheet.plain" in client.get("/unit/court").get_data(as_text=True)
