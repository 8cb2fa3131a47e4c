"""The formats a responsibility sheet is written in: one entry each, which ``kg sheet --format``,
its ``--help``, the workbench's download links and :func:`kg.views.sheet_files.render_sheet` read.

A new format is one entry here (and a test): what renders one unit's sheet, what ``--help`` says
of it, and, when the format can hold every unit at once, what writes ``all-units.<format>``.
The renderers are imported when called, so naming the formats costs no office library.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from .sheets import Sheet

__all__ = ["SheetFormat", "SHEET_FORMATS", "SHEET_WRITERS"]


@dataclass(frozen=True)
class SheetFormat:
    """One format: ``render(sheet, assets)`` gives a file's content; ``combined(sheets)`` every unit's."""

    render: Callable[["Sheet", str | None], str | bytes]
    description: str
    combined: Callable[[list["Sheet"]], str | bytes] | None = None


def _html(sheet: "Sheet", assets: str | None) -> str:
    from .text import sheet_html

    return sheet_html(sheet, assets)


def _markdown(sheet: "Sheet", assets: str | None) -> str:
    from .text import sheet_markdown

    return sheet_markdown(sheet)


def _xlsx(sheet: "Sheet", assets: str | None) -> bytes:
    from .office import sheet_xlsx

    return sheet_xlsx(sheet)


def _docx(sheet: "Sheet", assets: str | None) -> bytes:
    from .office import sheet_docx

    return sheet_docx(sheet)


def _csv(sheet: "Sheet", assets: str | None) -> str:
    return _all_csv([sheet])


def _all_xlsx(sheets: list["Sheet"]) -> bytes:
    from .office import all_units_xlsx

    return all_units_xlsx(sheets)


def _all_csv(sheets: list["Sheet"]) -> str:
    from .text import sheet_csv

    return sheet_csv(sheets)


#: Every sheet format by the name ``--format`` takes (and the file suffix it writes).
SHEET_WRITERS: dict[str, SheetFormat] = {
    "html": SheetFormat(_html, "a page to print or open in a browser"),
    "md": SheetFormat(_markdown, "Markdown text"),
    "xlsx": SheetFormat(_xlsx, "an Excel workbook", _all_xlsx),
    "docx": SheetFormat(_docx, "a Word document"),
    "csv": SheetFormat(_csv, "CSV rows", _all_csv),
}
SHEET_FORMATS = tuple(SHEET_WRITERS)
