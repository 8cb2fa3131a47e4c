"""Worksheets as tables: one way to style a cell by its look (a colour fill among them) and one way to finish a
table (widths, frozen header, filter, print set-up), for every workbook kg writes.

The responsibility sheets, the units' report template, the office's review sheet, the five-colour chart
and the scorecard are all write-only workbooks, their rows written by :class:`~kg.views.xlsx_rows.RowWriter`.
A cell's look is a :class:`Styles` attribute, registered once per workbook; a status colour's fill is
:meth:`Styles.filled` of the scheme's ``#RRGGBB``, nowhere else.
"""
from __future__ import annotations

from functools import cached_property
from typing import Sequence

from ..errors import UsageError
from ..i18n import _
from ..safe import staged_writes
from .xlsx_rows import RowWriter, style_id

__all__ = ["openpyxl", "new_workbook", "Styles", "solid", "table_sheet"]

#: The grey of a responsibility sheet's bordered header row.
HEADER_FILL = "E7E6E6"


def openpyxl():
    """openpyxl, or a clear message naming the extra that installs it."""
    try:
        import openpyxl
    except ImportError:
        raise UsageError(_("xlsx sheets need openpyxl"), fix="pip install 'kg[office]'") from None
    return openpyxl


def new_workbook():
    """An empty write-only workbook: its sheets are written row by row (:func:`table_sheet`)."""
    return openpyxl().Workbook(write_only=True)


def solid(colour: str):
    """A cell filled with ``colour`` (``#2f6fdf`` as the colour scheme writes it, or ``2F6FDF``)."""
    from openpyxl.styles import PatternFill

    return PatternFill("solid", fgColor=colour.lstrip("#").upper())


def _wrap():
    from openpyxl.styles import Alignment

    return Alignment(wrap_text=True, vertical="top")


def _named_styles(wb) -> None:
    """The bordered cell and header of a responsibility sheet, registered once per workbook as named styles."""
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side

    if "kg-cell" in wb.named_styles:
        return
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wb.add_named_style(NamedStyle("kg-cell", border=border, alignment=_wrap()))
    wb.add_named_style(NamedStyle("kg-header", border=border, font=Font(bold=True), fill=solid(HEADER_FILL),
                                  alignment=Alignment(wrap_text=True, vertical="center", horizontal="center")))


def _font(**kind):
    from openpyxl.styles import Font

    return Font(**kind)


class Styles:
    """A worksheet's cell looks, each a style index of its workbook, made once and then reused: far faster
    than styling cell by cell, and the only place a look is spelt."""

    def __init__(self, ws) -> None:
        self.ws = ws
        self._filled: dict[tuple[str, str], int] = {}

    def _id(self, *looks) -> int:
        def setup(cell):
            for name, value in looks:
                setattr(cell, name, value)
        return style_id(self.ws, setup)

    @cached_property
    def plain(self) -> int:
        """Text wrapped at the top of the cell."""
        return self._id(("alignment", _wrap()))

    @cached_property
    def bold(self) -> int:
        """Wrapped at the top, in bold: a chart's header."""
        return self._id(("alignment", _wrap()), ("font", _font(bold=True)))

    @cached_property
    def title(self) -> int:
        """Bold, unwrapped: the header of a list a unit or the office fills in."""
        return self._id(("font", _font(bold=True)))

    @cached_property
    def big(self) -> int:
        """A sheet's own title: large and bold, wrapped at the top."""
        return self._id(("font", _font(bold=True, size=14)), ("alignment", _wrap()))

    @cached_property
    def cell(self) -> int:
        """A responsibility sheet's bordered cell, wrapped at the top."""
        _named_styles(self.ws.parent)
        return self._id(("style", "kg-cell"))

    @cached_property
    def header(self) -> int:
        """A responsibility sheet's bordered header: bold, grey, centred."""
        _named_styles(self.ws.parent)
        return self._id(("style", "kg-header"))

    def filled(self, colour: str, on: str = "plain") -> int:
        """The look ``on`` (``plain`` or ``cell``) filled with ``colour`` (``#RRGGBB``): a status colour, or a
        shade that marks an inferred period."""
        if (colour, on) not in self._filled:
            if on == "cell":
                _named_styles(self.ws.parent)
                self._filled[colour, on] = self._id(("style", "kg-cell"), ("fill", solid(colour)))
            else:
                self._filled[colour, on] = self._id(("alignment", _wrap()), ("fill", solid(colour)))
        return self._filled[colour, on]


def _setup_print(ws, title_rows: str | None) -> None:
    """A4 landscape, as wide as one page, ``title_rows`` printed on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4 (openpyxl's Worksheet.PAPERSIZE_A4; a write-only sheet has no such name)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = False
    if title_rows:
        ws.print_title_rows = title_rows
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5


def table_sheet(ws, rows: Sequence[tuple[Sequence, Sequence]], widths: Sequence[float | None] = (),
                freeze: str | None = None, filtered: bool = False, landscape: bool = True, printed: bool = False,
                title_rows: str | None = "1:1", merges: Sequence[tuple[int, int, int]] = ()) -> None:
    """Write (values, style indexes) rows to a new write-only worksheet, the header row first, and finish it:
    column ``widths``, panes frozen at ``freeze``, a filter over the header when ``filtered``; ``printed`` sets
    A4 landscape one page wide with ``title_rows`` on every page (else ``landscape`` only turns the page).
    ``merges`` are (row, first column, last column) of cells that span columns."""
    from openpyxl.utils import get_column_letter

    for index, width in enumerate(widths, start=1):
        if width is not None:  # None: the column keeps the default width
            ws.column_dimensions[get_column_letter(index)].width = width
    if freeze:
        ws.freeze_panes = freeze
    if printed:
        _setup_print(ws, title_rows)  # the fit-to-page flag goes in the sheet's properties, ahead of the rows
    columns = max((len(values) for values, _styles in rows), default=1)
    with staged_writes():  # the rows go to openpyxl's temporary file as they are written
        out = RowWriter(ws, (len(rows), columns))
        try:
            for values, styles in rows:
                out.append(values, styles)
            for row, first, last in merges:
                out.merge(row, first, last)
            out.close()
        except BaseException:
            out.abandon()
            raise
    if filtered:
        ws.auto_filter.ref = f"A1:{get_column_letter(columns)}{max(len(rows), 2)}"
    if landscape and not printed:
        ws.page_setup.orientation = "landscape"
