"""Writing responsibility sheets: one unit to a file, or every unit to a folder with an index."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..errors import UsageError
from ..files import output_format, write_atomic
from ..i18n import _, join_names, language
from ..safe import file_stem
from ..network.plan import PlanNetwork
from .sheet_formats import SHEET_WRITERS, SheetFormat, sheet_extensions
from .sheets import Sheet, build_sheet

__all__ = ["SHEETS_FOLDER", "render_sheet", "write_sheet", "write_all_sheets", "sheet_stem"]

#: Where ``kg sheet`` writes when no ``--out`` names a file or folder.
SHEETS_FOLDER = Path("sheets")


def _writer(fmt: str) -> SheetFormat:
    if fmt not in SHEET_WRITERS:
        raise UsageError(_("no sheet format %(format)s") % {"format": repr(fmt)},
                         fix=_("use one of %(formats)s") % {"formats": join_names(SHEET_WRITERS)})
    return SHEET_WRITERS[fmt]


def render_sheet(sheet: Sheet, fmt: str, assets: str | None = None) -> str | bytes:
    """One unit's sheet in ``fmt`` (:data:`~kg.views.sheet_formats.SHEET_WRITERS`)."""
    return _writer(fmt).render(sheet, assets)


def sheet_stem(sheet: Sheet, used: set[str] | None = None) -> str:
    """A sheet's file name: the unit's Chinese name (县市场监管局.xlsx) for Chinese readers, its id in English."""
    return file_stem(sheet.name if language() == "zh" else sheet.unit_id, used)


def write_sheet(net: PlanNetwork, unit: str, formats: list[str], out: Path | None,
                as_of: dt.date | None = None) -> list[Path]:
    """One unit's sheet in each format: ``out`` is a file (one format) or a folder."""
    sheet = build_sheet(net, net.unit_named(unit), as_of)
    if out is not None and (out.suffix or out.exists()) and not out.is_dir():  # a new name.ext, a file, /dev/null
        if len(formats) > 1:
            raise UsageError(_("%(out)s is a file name but %(n)d formats were asked for") % {"out": out,
                                                                                           "n": len(formats)},
                             fix=_("give a folder with -o (e.g. -o sheets/), or one format"))
        output_format(out, sheet_extensions(), formats[0])
        targets = [(out, formats[0])]
    else:
        folder = out or SHEETS_FOLDER
        targets = [(folder / f"{sheet_stem(sheet)}{_writer(fmt).suffix}", fmt) for fmt in formats]
    files = [(path, render_sheet(sheet, fmt)) for path, fmt in targets]
    write_atomic(files)
    return [path for path, _ in files]


def write_all_sheets(net: PlanNetwork, formats: list[str], out: Path,
                     as_of: dt.date | None = None) -> list[Path]:
    """Every named unit's sheet in each format, an index, and combined xlsx/csv files."""
    from .text import index_html, index_markdown

    if out.exists() and not out.is_dir():
        raise UsageError(_("%(out)s is not a folder: --all writes a sheet per unit and an index") % {"out": out},
                         fix=_("give a folder with -o (e.g. -o sheets/)"))
    sheets = [build_sheet(net, unit, as_of) for unit in sorted(net.unit_ids(), key=net.busiest_first)]
    files: list[tuple[Path, str | bytes]] = []
    links: dict[str, dict[str, str]] = {s.unit_id: {} for s in sheets}
    used = {"index", "all-units"}
    for sheet in sheets:
        stem = sheet_stem(sheet, used)
        for fmt in formats:
            name = f"{stem}{_writer(fmt).suffix}"
            links[sheet.unit_id][fmt] = name
            files.append((out / name, render_sheet(sheet, fmt)))
    as_of_text = sheets[0].as_of if sheets else (as_of or dt.date.today()).isoformat()
    files.append((out / "index.html", index_html(sheets, links, net.title, as_of_text)))
    files.append((out / "index.md", index_markdown(sheets, links, net.title, as_of_text)))
    files += [(out / f"all-units{writer.suffix}", writer.combined(sheets))
              for fmt, writer in SHEET_WRITERS.items() if fmt in formats and writer.combined]
    write_atomic(files)
    return [path for path, _ in files]
