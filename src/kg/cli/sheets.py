"""``kg sheet``: per-unit responsibility sheets."""
from __future__ import annotations

import click

from ..errors import UsageError
from ..views.sheet_formats import SHEET_FORMATS, SHEET_WRITERS, sheet_extensions
from ..i18n import _
from ..files import output_format
from .common import OutputFile, as_of_option, endpoint_option, graph_option, open_network, store_option, wrote
from .speech import Command

__all__ = ["sheet"]


@click.command(cls=Command)
@click.argument("unit", required=False)
@click.option("--all", "all_", is_flag=True, help="Every named unit, plus an index and combined files.")
@click.option("--format", "-f", "formats", multiple=True, type=click.Choice([*SHEET_FORMATS, "all"]),
              help="Repeatable [default: html; 'all' for every format]: "
                   + "; ".join(f"{name}: {writer.description}" for name, writer in SHEET_WRITERS.items()) + ".")
@click.option("--out", "-o", type=OutputFile(sheet_extensions(), folder=True), default=None, metavar="FILE|DIR",
              help="A file (one unit, one format) or a folder [default: sheets/].")
@as_of_option(False, "Date for 'what is due next' (YYYY-MM-DD) [default: today].")
@graph_option
@store_option
@endpoint_option
def sheet(unit, all_, formats, out, as_of, graph, store_kind, endpoint) -> None:
    """Per-unit responsibility sheets: tasks by role, milestones by period, what is due next."""
    from ..views.sheet_files import SHEETS_FOLDER, write_all_sheets, write_sheet

    if bool(unit) == all_:
        raise UsageError(_("name one UNIT or give --all"), fix=_("e.g. %(example)s") % {
            "example": "kg sheet 县市场监管局 -f xlsx"})
    named = output_format(out, sheet_extensions()) if out is not None and out.suffix and not out.is_dir() else None
    chosen = list(SHEET_FORMATS) if "all" in formats else list(dict.fromkeys(formats or [named or "html"]))
    net = open_network(graph, store_kind, endpoint)
    day = as_of.date() if as_of else None
    if all_:
        folder = out or SHEETS_FOLDER
        paths = write_all_sheets(net, chosen, folder, day)
        click.echo(_("wrote %(n)d files to %(folder)s (%(index)s)")
                   % {"n": len(paths), "folder": folder, "index": paths[0].parent / "index.html"})
    else:
        for path in write_sheet(net, unit, chosen, out, day):
            wrote(path)
