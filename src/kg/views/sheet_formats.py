"""The formats a responsibility sheet is written in: one entry each, which ``kg sheet --format``,
its ``--help``, the names of the files written, the workbench's download links and what it serves,
and :func:`kg.views.sheet_files.render_sheet` read.

A new format is one entry here (and its description in the catalog, and a test): what renders one
unit's sheet, what ``--help`` says of it, its media type and file name endings, whether the workbench
sends it to be saved rather than shown, and, when the format can hold every unit at once, what writes
``all-units.<format>``. The renderers are imported when called, so naming the formats costs no office library.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from .sheets import Sheet

__all__ = ["SheetFormat", "SHEET_FORMATS", "SHEET_WRITERS", "sheet_extensions", "media_type"]


@dataclass(frozen=True)
class SheetFormat:
    """One format: ``render(sheet, assets)`` gives a file's content; ``combined(sheets)`` every unit's.

    ``media`` is the type it is served as, ``extensions`` the endings of its file names (the first is the
    one kg writes), ``download`` whether the workbench sends it to be saved (a browser shows no workbook).
    """

    render: Callable[["Sheet", str | None], str | bytes]
    description: str
    media: str
    extensions: tuple[str, ...]
    download: bool = False
    combined: Callable[[list["Sheet"]], str | bytes] | None = None

    @property
    def suffix(self) -> str:
        """What the name of a file in this format ends in: ``.xlsx``."""
        return self.extensions[0]


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


#: Every sheet format by the name ``--format`` takes.
SHEET_WRITERS: dict[str, SheetFormat] = {
    "html": SheetFormat(_html, "a page to print or open in a browser", "text/html; charset=utf-8",
                        (".html", ".htm")),
    "md": SheetFormat(_markdown, "Markdown text", "text/markdown; charset=utf-8", (".md", ".markdown")),
    "xlsx": SheetFormat(_xlsx, "an Excel workbook", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        (".xlsx",), download=True, combined=_all_xlsx),
    "docx": SheetFormat(_docx, "a Word document",
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",),
                        download=True),
    "csv": SheetFormat(_csv, "CSV rows", "text/csv; charset=utf-8", (".csv",), combined=_all_csv),
}
SHEET_FORMATS = tuple(SHEET_WRITERS)


def sheet_extensions() -> dict[str, tuple[str, ...]]:
    """Each format's file name endings, for :func:`kg.files.output_format`.

    >>> sheet_extensions()["xlsx"]
    ('.xlsx',)
    """
    return {name: writer.extensions for name, writer in SHEET_WRITERS.items()}


def media_type(fmt: str) -> str | None:
    """The media type a file in ``fmt`` is served as, when it is a sheet format (the office's files, in
    these formats too, are served as the same)."""
    writer = SHEET_WRITERS.get(fmt)
    return writer.media if writer else None
