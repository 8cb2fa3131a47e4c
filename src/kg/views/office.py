"""Sheets as Excel workbooks (openpyxl) and Word documents (python-docx): the ``office`` extra."""
from __future__ import annotations

import copy
import io
import re
import weakref

from ..errors import UsageError
from ..model.domain import ROLE_NAMES as ROLE_ORDER
from ..model.domain import load_scheme
from ..safe import workbook_bytes
from ..i18n import _, format_date, join_names, language
from .sheets import INFERRED_MARK, Sheet, cell_text, layout, role_titles
from .xlsx_tables import Styles, new_workbook, table_sheet

__all__ = ["sheet_xlsx", "all_units_xlsx", "sheet_docx", "task_header", "docx_document", "docx_heading", "docx_table",
           "docx_bytes"]

def task_header() -> list[str]:
    return [_("No."), _("Section"), _("Work item"), _("Task")]


def _tail() -> list[str]:
    return [_("Deadline"), _("Other units")]


_WIDTHS = [6, 14, 18, 40] + [22] * 6 + [12, 36]
_INFERRED_FILL = "#FFF8E1"
_STATUS_HEX = {c.notation: c.hex for c in load_scheme()}


def _task_table(wb, title: str, sheet: Sheet, rows, first_column_title: str | None = None) -> None:
    """Header in row 1 (frozen, filtered, printed on every page), one task per row."""
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title)
    lead = [first_column_title] if first_column_title else []
    header = lead + task_header() + sheet.periods + _tail()
    styles, offset, titles = Styles(ws), len(lead) + len(task_header()), role_titles()
    table, merges = [(header, [styles.header] * len(header))], []
    for role, task in rows:
        values = ([titles[role]] if lead else []) + [int(task.number) if task.number.isdigit() else task.number,
                                                     task.section, task.work_item, task.description]
        cells = [styles.cell] * len(header)
        if task.status:
            cells[len(lead)] = styles.filled(_STATUS_HEX[task.status], on="cell")
        column = offset + 1
        for cell, span in layout(task.milestones, len(sheet.periods)):
            values += [cell_text(cell)] + [None] * (span - 1)  # covered by the merge, as openpyxl writes it
            if cell is not None and cell.inferred:
                cells[column - 1] = styles.filled(_INFERRED_FILL, on="cell")
            if span > 1:  # one row, disjoint columns: no merge can overlap another
                merges.append((len(table) + 1, column, column + span - 1))
            column += span
        table.append((values + [task.deadline, task.others], cells))
    table_sheet(ws, table, widths=([10] if lead else []) + _WIDTHS, freeze=f"{get_column_letter(len(lead) + 2)}2",
                filtered=True, printed=True, merges=merges)


def _summary_rows(sheet: Sheet) -> list[list]:
    titles, english = role_titles(), language() != "zh"
    rows = [[sheet.title], [sheet.plan], [_("Kind of unit"), sheet.kind_label, _("As of"), format_date(sheet.as_of)],
            [], [_("Tasks led"), _("Tasks hosted"), _("Tasks supported"), _("Role-weighted load")],
            [sheet.counts["lead"], sheet.counts["host"], sheet.counts["support"], sheet.load], [],
            [_("Period"), *sheet.periods], [_("New targets"), *sheet.targets_per_period],
            [_("Deadlines"), *sheet.deadlines_per_period], [], [_("Due next")], [_("No."), _("Role"), _("When"), _("What")]]
    rows += [[int(d["task"]) if d["task"].isdigit() else d["task"], titles[d["role"]], d["when"], d["what"]]
             for d in sheet.due_next]
    if not sheet.due_next:
        rows.append(["—", "", "", _("Nothing falls due in the current or next period.")])
    if sheet.overdue:
        rows.append([_("Past the deadline"), sheet.overdue_text])
    rows += [[], [_("Works most with"), *([_("English name")] if english else []), _("Shared tasks"), _("Task numbers")]]
    rows += [[p["partner"], *([p["partner_en"]] if english else []), p["shared"], join_names(p["tasks"].split("|"))]
             for p in sheet.partners]
    return rows + [[], [_("%(mark)s / shaded: period inferred (merged cells lost in the export)")
                        % {"mark": INFERRED_MARK}]]


def _summary(ws, sheet: Sheet) -> None:
    """The title in large bold type, then every cell of the table below it wrapped at the top."""
    rows = _summary_rows(sheet)
    width = max(len(row) for row in rows)
    styles = Styles(ws)
    table_sheet(ws, [(rows[0], [styles.big])] + [(row + [None] * (width - len(row)), [styles.plain] * width)
                                                  for row in rows[1:]],
                widths=(26, 34, 16, 60), printed=True, title_rows=None)


def sheet_xlsx(sheet: Sheet) -> bytes:
    """Summary, then one worksheet per role; headers frozen, filtered and printed on every page."""
    wb = new_workbook()
    _summary(wb.create_sheet(_("Summary")), sheet)
    for role in ROLE_ORDER:
        _task_table(wb, role_titles()[role], sheet, [(role, t) for t in sheet.roles[role]])
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


def _index(wb, sheets: list[Sheet]) -> list[str]:
    """The index worksheet: a unit a row, its name a link to its worksheet; returns those worksheets' titles."""
    from openpyxl.worksheet.hyperlink import Hyperlink

    english = language() != "zh"
    header = [_("Unit"), *([_("English name")] if english else []), _("Kind of unit"), _("Led"), _("Hosted"),
              _("Supported"), _("Load"), _("Worksheet")]
    index = wb.create_sheet(_("Index"))
    used = {index.title}
    titles = [_sheet_title(sheet.name, used) for sheet in sheets]
    rows = [[sheet.name, *([sheet.name_en] if english else []), sheet.kind_label, sheet.counts["lead"],
             sheet.counts["host"], sheet.counts["support"], sheet.load, title] for sheet, title in zip(sheets, titles)]
    table_sheet(index, [(header, [Styles(index).title] * len(header))] + [(row, []) for row in rows],
                widths=(24, 44, 22, 7, 7, 7, 9, 24) if english else (24, 22, 7, 7, 7, 9, 24), freeze="A2",
                filtered=True, printed=True)
    for row, title in enumerate(titles, start=2):
        index._hyperlinks.append(Hyperlink(ref=f"A{row}", target=f"#'{title}'!A1"))
    return titles


def all_units_xlsx(sheets: list[Sheet]) -> bytes:
    """One workbook: an index, then a worksheet per unit with every task and its role."""
    wb = new_workbook()
    for sheet, title in zip(sheets, _index(wb, sheets)):
        _task_table(wb, title, sheet, [(r, t) for r in ROLE_ORDER for t in sheet.roles[r]],
                    first_column_title=_("Role"))
    return _save(wb)


def _docx():
    try:
        import docx
    except ImportError:
        raise UsageError(_("docx files need python-docx"), fix="pip install 'kg[office]'") from None
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


#: Style ids by document (its part), then by style name and type (see :func:`_style_id`).
_STYLE_IDS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _style_id(document, name: str, kind) -> str | None:
    """The id python-docx gives the style ``name`` of type ``kind`` (``WD_STYLE_TYPE``), looked up once per
    document: python-docx looks through every style for the type's default at each use, a third of the time
    of a sheet's Word file."""
    ids = _STYLE_IDS.setdefault(document.part, {})
    if (name, kind) not in ids:
        ids[name, kind] = document.part.get_style_id(name, kind)
    return ids[name, kind]


def docx_heading(document, text: str, level: int = 1):
    """``document.add_heading(text, level)``, its style looked up once per document (:func:`_style_id`)."""
    from docx.enum.style import WD_STYLE_TYPE

    paragraph = document.add_paragraph(text)
    paragraph._p.style = _style_id(document, "Title" if level == 0 else f"Heading {level}", WD_STYLE_TYPE.PARAGRAPH)
    return paragraph


def docx_table(document, header: list[str], rows: list[list], spans: list[dict[int, int]] | None = None):
    """A real Word table with a bold header row repeated on every page.

    ``spans[i]`` maps a column of row ``i`` to the number of columns its cell covers (a merged
    milestone cell): written as Word writes a merge, one cell with ``gridSpan``. python-docx's
    ``merge`` finds each cell's row by a search through the table, quadratic in its rows.
    """
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    from docx.enum.style import WD_STYLE_TYPE

    t = document.add_table(rows=1, cols=len(header))
    t._tbl.tblStyle_val = _style_id(document, "Table Grid", WD_STYLE_TYPE.TABLE)  # t.style = "Table Grid"
    for cell, text in zip(t.rows[0].cells, header):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    flag = OxmlElement("w:tblHeader")  # repeat the header row on every page
    flag.set(qn("w:val"), "true")
    t.rows[0]._tr.get_or_add_trPr().append(flag)
    if rows:
        _table_rows(t, rows, spans)
    return t


def _table_rows(t, rows: list[list], spans: list[dict[int, int]] | None) -> None:
    """Append ``rows`` to table ``t``, every element copied from one made once (python-docx's
    ``add_row`` and ``OxmlElement`` cost microseconds per cell; lxml's copy a fraction of that,
    called as ``__copy__``, which copies the whole subtree, without ``copy.deepcopy``'s memo).

    A merged cell is one ``w:tc`` whose ``gridSpan`` covers the next columns, as Word writes it;
    a covered column's text (empty) is not written.
    """
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    prototype = copy.deepcopy(t.add_row()._tr)  # an empty row as python-docx makes it
    t._tbl.remove(t.rows[-1]._tr)
    cells = list(prototype.iterchildren(qn("w:tc")))
    for tc in cells:
        prototype.remove(tc)
    shapes: dict[tuple[int, int, bool], object] = {}

    def shaped(column: int, span: int, text: bool):
        """A copy of the cell as it starts ``span`` columns at ``column``, with an empty run for text."""
        if (column, span, text) not in shapes:
            tc = copy.deepcopy(cells[column])
            if span > 1:
                widths = [c.width for c in cells[column: column + span]]
                if all(w is not None for w in widths):
                    tc.width = sum(widths)
                tc.grid_span = span
            if text:
                run, node = OxmlElement("w:r"), OxmlElement("w:t")
                node.set(qn("xml:space"), "preserve")
                run.append(node)
                tc.find(qn("w:p")).append(run)
            shapes[column, span, text] = tc
        return shapes[column, span, text].__copy__()

    for index, values in enumerate(rows):
        tr, merged, column = prototype.__copy__(), (spans[index] if spans else {}), 0
        while column < len(cells):
            span = merged.get(column, 1)
            tc = shaped(column, span, column < len(values))
            if column < len(values):
                tc[-1][-1][0].text = str(values[column])  # w:p, its run, the run's w:t
            tr.append(tc)
            column += span
        t._tbl.append(tr)


def sheet_docx(sheet: Sheet) -> bytes:
    """A Word document: headings, real tables (merged milestone cells), A4 landscape."""
    document = docx_document()

    def table(header: list[str], rows: list[list[str]]):
        return docx_table(document, header, rows)

    titles = role_titles()
    docx_heading(document, sheet.title, level=0)
    document.add_paragraph(f"{_('Kind of unit')}：{sheet.kind_label}\n{sheet.plan} · "
                           + _("As of %(date)s") % {"date": format_date(sheet.as_of)})
    docx_heading(document, _("Summary"), level=1)
    table([_("Tasks led"), _("Tasks hosted"), _("Tasks supported"), _("Role-weighted load")],
          [[sheet.counts["lead"], sheet.counts["host"], sheet.counts["support"], f"{sheet.load:g}"]])
    document.add_paragraph()
    table([_("Period"), *sheet.periods], [[_("New targets"), *sheet.targets_per_period],
                                          [_("Deadlines"), *sheet.deadlines_per_period]])
    docx_heading(document, _("Due next"), level=1)
    if sheet.due_next:
        table([_("No."), _("Role"), _("When"), _("What")],
              [[d["task"], titles[d["role"]], d["when"], d["what"]] for d in sheet.due_next])
    else:
        document.add_paragraph(_("Nothing falls due in the current or next period."))
    if sheet.overdue:
        document.add_paragraph(f"{_('Past the deadline')}：{sheet.overdue_text}")
    for role in ROLE_ORDER:
        docx_heading(document, f"{titles[role]}（{len(sheet.roles[role])}）", level=1)
        if not sheet.roles[role]:
            document.add_paragraph(_("None."))
            continue
        header = task_header() + sheet.periods + _tail()
        rows, spans, first_period = [], [], len(task_header())
        for task in sheet.roles[role]:
            periods, column, merged = [], first_period, {}
            for cell, span in layout(task.milestones, len(sheet.periods)):
                periods += [cell_text(cell)] + [""] * (span - 1)
                if span > 1:
                    merged[column] = span
                column += span
            rows.append([task.number, task.section, task.work_item, task.description, *periods,
                         task.deadline, task.others])
            spans.append(merged)
        docx_table(document, header, rows, spans)
    docx_heading(document, _("Works most with"), level=1)
    if sheet.partners:
        table([_("Unit"), _("Shared tasks"), _("Task numbers")],
              [[p["partner"], p["shared"], join_names(p["tasks"].split("|"))] for p in sheet.partners])
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
