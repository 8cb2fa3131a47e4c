"""Sheets as Excel workbooks (openpyxl) and Word documents (python-docx): the ``office`` extra."""
from __future__ import annotations

import copy
import io
import re
from typing import Callable

from ..errors import UsageError
from ..model.domain import ROLE_NAMES as ROLE_ORDER
from ..model.domain import load_scheme
from ..safe import workbook_bytes
from ..i18n import _, format_date, language
from .sheets import INFERRED_MARK, Sheet, cell_text, layout, role_titles

__all__ = ["sheet_xlsx", "all_units_xlsx", "sheet_docx", "task_header", "docx_document", "docx_table", "docx_bytes",
           "append_row", "merge_in_row"]

def task_header() -> list[str]:
    return [_("No."), _("Section"), _("Work item"), _("Task")]


def _tail() -> list[str]:
    return [_("Deadline"), _("Other units")]
_WIDTHS = [6, 14, 18, 40] + [22] * 6 + [12, 36]
_INFERRED_FILL = "FFF8E1"
_STATUS_HEX = {c.notation: c.hex.lstrip("#").upper() for c in load_scheme()}
_HEADER_FILL = "E7E6E6"


def _openpyxl():
    try:
        import openpyxl
    except ImportError:
        raise UsageError("xlsx sheets need openpyxl", fix="pip install 'kg[office]'") from None
    return openpyxl


def _setup_print(ws, title_rows: str | None = "1:1") -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = False
    if title_rows:
        ws.print_title_rows = title_rows
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5


def _styles(wb) -> None:
    """Named styles, registered once per workbook: far faster than styling cell by cell."""
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side

    if "kg-cell" in wb.named_styles:
        return
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wb.add_named_style(NamedStyle("kg-cell", border=border, alignment=Alignment(wrap_text=True, vertical="top")))
    wb.add_named_style(NamedStyle("kg-header", border=border, font=Font(bold=True),
                                  fill=PatternFill("solid", fgColor=_HEADER_FILL),
                                  alignment=Alignment(wrap_text=True, vertical="center", horizontal="center")))


def append_row(ws, values: list) -> int:
    """Append a row and return its number.

    openpyxl's ``ws.max_row`` scans every cell, so reading it once per appended row makes a
    sheet quadratic in its rows; ``append`` itself keeps the number it wrote to.
    """
    ws.append(values)
    return ws._current_row


def merge_in_row(ws, row: int, first: int, last: int) -> None:
    """Merge columns ``first``–``last`` of one row, as ``ws.merge_cells`` does, at constant cost.

    ``merge_cells`` tests the new range against every range already merged (quadratic in a
    sheet's merges; kg's merges lie in one row each over disjoint columns, so none can
    overlap), then redraws the range's borders by adding Border objects cell by cell, which
    hashes every style on the way. The covered cells here keep the style they were written
    with (the table's full thin border), so the merged area shows the same frame.
    """
    from openpyxl.cell.cell import MergedCell
    from openpyxl.worksheet.cell_range import CellRange

    ws.merged_cells.ranges.add(_RowMerge(ws, CellRange(min_col=first, min_row=row, max_col=last, max_row=row).coord))
    for column in range(first + 1, last + 1):
        covered = MergedCell(ws, row, column)
        written = ws._cells.get((row, column))
        if written is not None:
            covered._style = copy.copy(written._style)
        ws._cells[row, column] = covered


def _row_merge_class():
    from openpyxl.worksheet.merge import MergedCellRange

    class RowMerge(MergedCellRange):
        """A merged range whose cells already carry the table's border: nothing to copy at creation."""

        def _get_borders(self):
            self.start_cell = self.ws.cell(row=self.min_row, column=self.min_col)

    return RowMerge


def _RowMerge(ws, coord: str):  # noqa: N802 - a class, made on first use (openpyxl is an optional extra)
    global _ROW_MERGE
    if _ROW_MERGE is None:
        _ROW_MERGE = _row_merge_class()
    return _ROW_MERGE(ws, coord)


_ROW_MERGE = None


class CellStyles:
    """Each distinct cell style set once through openpyxl, then copied to the cells that share it.

    Setting a fill, border or alignment makes openpyxl hash the whole style object to find it
    in the workbook's list; a sheet of thousands of rows would do that for every cell.
    """

    def __init__(self) -> None:
        self._arrays: dict = {}

    def apply(self, cell, key, setup: Callable) -> None:
        array = self._arrays.get(key)
        if array is None:
            setup(cell)
            self._arrays[key] = copy.copy(cell._style)
        else:
            cell._style = copy.copy(array)


def _task_table(ws, sheet: Sheet, rows, first_column_title: str | None = None) -> None:
    """Header in row 1 (frozen, filtered, printed on every page), one task per row."""
    from openpyxl.styles import PatternFill
    from openpyxl.utils import get_column_letter

    lead = [first_column_title] if first_column_title else []
    header = lead + task_header() + sheet.periods + _tail()
    widths = ([10] if lead else []) + _WIDTHS
    _styles(ws.parent)
    ws.append(header)
    for cell in ws[1]:
        cell.style = "kg-header"
    offset, titles = len(lead) + len(task_header()), role_titles()
    styles = CellStyles()

    def plain(cell):
        cell.style = "kg-cell"

    def filled(colour):
        def setup(cell):
            cell.style = "kg-cell"
            cell.fill = PatternFill("solid", fgColor=colour)
        return setup

    for role, task in rows:
        values = ([titles[role]] if lead else []) + [int(task.number) if task.number.isdigit()
                                                             else task.number, task.section, task.work_item,
                                                             task.description]
        slots = layout(task.milestones, len(sheet.periods))
        periods: list[str] = []
        for cell, span in slots:
            periods += [cell_text(cell)] + [""] * (span - 1)
        r = append_row(ws, values + periods + [task.deadline, task.others])
        for column in range(1, len(header) + 1):  # not ws[r]: that reads ws.max_column, a scan of every cell
            styles.apply(ws.cell(r, column), "cell", plain)
        if task.status:
            styles.apply(ws.cell(r, len(lead) + 1), task.status, filled(_STATUS_HEX[task.status]))
        column = offset + 1
        for cell, span in slots:
            if cell is not None and cell.inferred:
                styles.apply(ws.cell(r, column), "inferred", filled(_INFERRED_FILL))
            if span > 1:
                merge_in_row(ws, r, column, column + span - 1)
            column += span
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = ws.cell(2, len(lead) + 2)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(len(rows) + 1, 2)}"
    _setup_print(ws)


def _summary(ws, sheet: Sheet) -> None:
    from openpyxl.styles import Alignment, Font

    titles = role_titles()
    ws.append([sheet.title])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([sheet.plan])
    ws.append([_("Kind of unit"), sheet.kind_label, _("As of"), format_date(sheet.as_of)])
    ws.append([])
    ws.append([_("Tasks led"), _("Tasks hosted"), _("Tasks supported"), _("Role-weighted load")])
    ws.append([sheet.counts["lead"], sheet.counts["host"], sheet.counts["support"], sheet.load])
    ws.append([])
    ws.append([_("Period"), *sheet.periods])
    ws.append([_("New targets"), *sheet.targets_per_period])
    ws.append([_("Deadlines"), *sheet.deadlines_per_period])
    ws.append([])
    ws.append([_("Due next")])
    ws.append([_("No."), _("Role"), _("When"), _("What")])
    for d in sheet.due_next:
        ws.append([int(d["task"]) if d["task"].isdigit() else d["task"], titles[d["role"]], d["when"], d["what"]])
    if not sheet.due_next:
        ws.append(["—", "", "", _("Nothing falls due in the current or next period.")])
    if sheet.overdue:
        ws.append([_("Past the deadline"), sheet.overdue_text])
    ws.append([])
    ws.append([_("Works most with"), *([_("English name")] if language() != "zh" else []), _("Shared tasks"),
               _("Task numbers")])
    for p in sheet.partners:
        ws.append([p["partner"], *([p["partner_en"]] if language() != "zh" else []), p["shared"],
                   p["tasks"].replace("|", "、")])
    ws.append([])
    ws.append([_("%(mark)s / shaded: period inferred (merged cells lost in the export)") % {"mark": INFERRED_MARK}])
    styles, wrap = CellStyles(), Alignment(wrap_text=True, vertical="top")
    for row in ws.iter_rows(min_row=2):
        for c in row:
            styles.apply(c, "wrap", lambda cell: setattr(cell, "alignment", wrap))
    ws["A1"].alignment = wrap
    for column, width in zip("ABCD", (26, 34, 16, 60)):
        ws.column_dimensions[column].width = width
    _setup_print(ws, None)


def sheet_xlsx(sheet: Sheet) -> bytes:
    """Summary, then one worksheet per role; headers frozen, filtered and printed on every page."""
    openpyxl = _openpyxl()
    wb = openpyxl.Workbook()
    summary = wb.active
    summary.title = _("Summary")
    _summary(summary, sheet)
    for role in ROLE_ORDER:
        ws = wb.create_sheet(role_titles()[role])
        _task_table(ws, sheet, [(role, t) for t in sheet.roles[role]])
    return _save(wb)


def _save(wb) -> bytes:
    return workbook_bytes(wb)  # defused: no cell from a source runs as a formula


def _sheet_title(name: str, used: set[str]) -> str:
    title = re.sub(r"[\[\]:*?/\\]", "_", name)[:31]
    base, n = title, 2
    while title in used:
        title = f"{base[:28]}~{n}"
        n += 1
    used.add(title)
    return title


def all_units_xlsx(sheets: list[Sheet]) -> bytes:
    """One workbook: an index, then a worksheet per unit with every task and its role."""
    english = language() != "zh"
    wb, index = xlsx_sheet(_("Index"), [_("Unit"), *([_("English name")] if english else []), _("Kind of unit"),
                                        _("Led"), _("Hosted"), _("Supported"), _("Load"), _("Worksheet")])
    used = {index.title}
    for sheet in sheets:
        title = _sheet_title(sheet.name, used)
        row = append_row(index, [sheet.name, *([sheet.name_en] if english else []), sheet.kind_label,
                                 sheet.counts["lead"], sheet.counts["host"], sheet.counts["support"], sheet.load, title])
        link = index.cell(row, 1)
        link.hyperlink = f"#'{title}'!A1"
        ws = wb.create_sheet(title)
        _task_table(ws, sheet, [(r, t) for r in ROLE_ORDER for t in sheet.roles[r]], first_column_title=_("Role"))
    index.freeze_panes = "A2"
    last = "H" if english else "G"
    index.auto_filter.ref = f"A1:{last}{len(sheets) + 1}"
    for column, width in zip("ABCDEFGH", (24, 44, 22, 7, 7, 7, 9, 24) if english else (24, 22, 7, 7, 7, 9, 24)):
        index.column_dimensions[column].width = width
    _setup_print(index)
    return _save(wb)


def xlsx_sheet(title: str, header: list[str]):
    """A new workbook whose first worksheet is named ``title`` and opens with ``header`` in bold: (book, sheet)."""
    openpyxl = _openpyxl()
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    return book, sheet


def _docx():
    try:
        import docx
    except ImportError:
        raise UsageError("docx files need python-docx", fix="pip install 'kg[office]'") from None
    return docx


def docx_document(landscape: bool = True, size: float = 8):
    """A new Word document: A4, 12 mm margins, Chinese text in Microsoft YaHei at ``size`` points."""
    docx = _docx()
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    document = docx.Document()
    section = document.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    else:
        section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(12))
    normal = document.styles["Normal"]
    normal.font.size = Pt(size)
    normal.font.name = "Microsoft YaHei"
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "Microsoft YaHei")
    return document


def docx_table(document, header: list[str], rows: list[list], spans: list[dict[int, int]] | None = None):
    """A real Word table with a bold header row repeated on every page.

    ``spans[i]`` maps a column of row ``i`` to the number of columns its cell covers (a merged
    milestone cell): written as Word writes a merge, one cell with ``gridSpan``. python-docx's
    ``merge`` finds each cell's row by a search through the table, quadratic in its rows.
    """
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    t = document.add_table(rows=1, cols=len(header))
    t.style = "Table Grid"
    for cell, text in zip(t.rows[0].cells, header):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    flag = OxmlElement("w:tblHeader")  # repeat the header row on every page
    flag.set(qn("w:val"), "true")
    t.rows[0]._tr.get_or_add_trPr().append(flag)
    if rows:  # rows from a copied empty <w:tr>: python-docx's add_row is ~6x slower
        prototype = copy.deepcopy(t.add_row()._tr)
        t._tbl.remove(t.rows[-1]._tr)
        for index, values in enumerate(rows):
            tr = copy.deepcopy(prototype)
            for tc, text in zip(tr.iterchildren(qn("w:tc")), values):
                run, node = OxmlElement("w:r"), OxmlElement("w:t")
                node.text = str(text)
                node.set(qn("xml:space"), "preserve")
                run.append(node)
                tc.find(qn("w:p")).append(run)
            if spans and spans[index]:
                _span_cells(tr, spans[index])
            t._tbl.append(tr)
    return t


def _span_cells(tr, spans: dict[int, int]) -> None:
    """Merge cells of one table row: the first cell of each span widens (``gridSpan``), the others go."""
    from docx.oxml.ns import qn

    cells = list(tr.iterchildren(qn("w:tc")))
    for column, span in sorted(spans.items()):
        first, covered = cells[column], cells[column + 1: column + span]
        widths = [tc.width for tc in (first, *covered)]
        if all(w is not None for w in widths):
            first.width = sum(widths)
        first.grid_span = span
        for tc in covered:
            tr.remove(tc)


def sheet_docx(sheet: Sheet) -> bytes:
    """A Word document: headings, real tables (merged milestone cells), A4 landscape."""
    document = docx_document()

    def table(header: list[str], rows: list[list[str]]):
        return docx_table(document, header, rows)

    titles = role_titles()
    document.add_heading(sheet.title, level=0)
    document.add_paragraph(f"{_('Kind of unit')}：{sheet.kind_label}\n{sheet.plan} · "
                           + _("As of %(date)s") % {"date": format_date(sheet.as_of)})
    document.add_heading(_("Summary"), level=1)
    table([_("Tasks led"), _("Tasks hosted"), _("Tasks supported"), _("Role-weighted load")],
          [[sheet.counts["lead"], sheet.counts["host"], sheet.counts["support"], f"{sheet.load:g}"]])
    document.add_paragraph()
    table([_("Period"), *sheet.periods], [[_("New targets"), *sheet.targets_per_period],
                                          [_("Deadlines"), *sheet.deadlines_per_period]])
    document.add_heading(_("Due next"), level=1)
    if sheet.due_next:
        table([_("No."), _("Role"), _("When"), _("What")],
              [[d["task"], titles[d["role"]], d["when"], d["what"]] for d in sheet.due_next])
    else:
        document.add_paragraph(_("Nothing falls due in the current or next period."))
    if sheet.overdue:
        document.add_paragraph(f"{_('Past the deadline')}：{sheet.overdue_text}")
    for role in ROLE_ORDER:
        document.add_heading(f"{titles[role]}（{len(sheet.roles[role])}）", level=1)
        if not sheet.roles[role]:
            document.add_paragraph(_("None."))
            continue
        header = task_header() + sheet.periods + _tail()
        rows, spans = [], []
        for task in sheet.roles[role]:
            periods, column, merged = [], len(task_header()), {}
            for cell, span in layout(task.milestones, len(sheet.periods)):
                periods += [cell_text(cell)] + [""] * (span - 1)
                if span > 1:
                    merged[column] = span
                column += span
            rows.append([task.number, task.section, task.work_item, task.description, *periods,
                         task.deadline, task.others])
            spans.append(merged)
        docx_table(document, header, rows, spans)
    document.add_heading(_("Works most with"), level=1)
    if sheet.partners:
        table([_("Unit"), _("Shared tasks"), _("Task numbers")],
              [[p["partner"], p["shared"], p["tasks"].replace("|", "、")] for p in sheet.partners])
    else:
        document.add_paragraph(_("No shared tasks with a named unit."))
    from docx.shared import RGBColor

    note = document.add_paragraph(_("%(mark)s = period inferred (merged cells lost in the export).")
                                  % {"mark": INFERRED_MARK})
    note.runs[0].font.color.rgb = RGBColor(0x55, 0x55, 0x55)
    return docx_bytes(document)


def docx_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
