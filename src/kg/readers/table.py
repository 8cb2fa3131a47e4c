"""Task tables, wherever they come from (a Word file, a sheet, text whose rows are lines of cells).

Columns are found by their titles (in simplified or traditional characters),
not their position. Every text column is kept: the unit columns by role, the
deadline and period columns, and the rest as the work-item hierarchy (重点任务 ›
工作举措 › 具体任务, widest first; the rightmost is the task's description) or,
for remarks, as cells of their own. A vertically merged cell reads as the value
above, and says so.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable
from pathlib import Path

from ..errors import InputError
from ..i18n import _
from ..model.messages import N_, Message
from ..model.records import Finding, Milestone, Period, Task
from .body import parse_body, periods_without_year
from .dates import find_deadline, no_target, period_bounds, periods_year, reading_finding
from .fold import title_key
from .metadata import Metadata, read_metadata
from .outline import CHINESE_NUMERAL, SECTION_LINE, chinese_number
from .roles import conventions, is_deadline_title, role_of_title
from .unitlist import compact
from .traditional import simplified_twin

__all__ = ["Cell", "Table", "read_task_table", "COLUMN_TITLES", "is_header", "header_rows"]

#: Column titles other than the roles', most specific first.
COLUMN_TITLES = {
    "number": ("序号", "编号", "序"),
}  # the deadline column's titles are the deadline keys (roles.is_deadline_title)
#: Titles of work-item columns (a table with one text column titled so has no description).
_WORK_ITEM = re.compile(r"具体任务|重点任务|任务名称|工作任务|任务事项|工作举措|重点工作")
#: Text columns kept beside the task rather than in its work-item hierarchy.
_ASIDE = re.compile(r"备注|说明|成果|形式|标准|依据|评价|考核|联系人|电话")


@dataclass(frozen=True)
class Cell:
    """One cell of a task table, where it stands in the grid."""

    text: str
    first: int  # 0-based grid column
    span: int = 1
    continued: bool = False  # a vertically merged cell continuing the one above


@dataclass
class Table:
    """A table's rows of cells, and how a row is named in findings: ``table 2 row 5`` in a Word file,
    ``sheet '清单' row 5`` in a workbook, the line number where each row is a line of the file."""

    rows: list[list[Cell]]
    index: int = 0  # the table's place among the file's tables (0: the first)
    first_row: int = 1  # the number of the first row
    lines: bool = False  # rows are lines of a text file: name them by line
    sheet: str | None = None  # the sheet of a workbook it is on: name rows by sheet
    row_lines: list[int] | None = None  # each row's line where rows are not one after another (a PDF's pages)
    place: Callable[[int], Message] | None = None  # names a line where the file has pages ('page 3 table row 2')

    def number(self, index: int) -> int:
        """The number of the row at ``index`` (0-based) in :attr:`rows`."""
        return self.row_lines[index] if self.row_lines is not None else self.first_row + index

    def where(self, number: int) -> Message:
        if self.place is not None and (said := self.place(number)) is not None:
            return said
        if self.lines:
            return Message(N_("line %(line)s"), line=number)
        if self.sheet:
            return Message(N_("sheet '%(sheet)s' row %(row)s"), sheet=self.sheet, row=number)
        return Message(N_("table %(table)s row %(row)s"), table=self.index + 1, row=number)


@dataclass
class _Columns:
    number: int | None = None
    deadline: int | None = None
    roles: dict[int, str] | None = None  # column -> role
    periods: list[tuple[int, str]] | None = None
    text: list[tuple[int, str]] | None = None  # other columns, left to right: (column, title)
    titles: str = ""  # every title, as one text: 责任单位（排在第一位的为牵头单位） states a convention

    @property
    def usable(self) -> bool:
        return self.number is not None and bool(self.roles)


def _columns(header_rows: list[list[Cell]]) -> _Columns:
    found = _Columns(roles={}, periods=[], text=[])
    titles: dict[int, str] = {}
    for row in header_rows:
        for cell in row:
            title = title_key(cell.text)
            if not title:
                continue
            try:
                if period_bounds(title, 2000):
                    found.periods.append((cell.first, cell.text.strip()))
                    continue
            except ValueError:
                pass
            if cell.span == 1 or cell.first not in titles:
                titles[cell.first] = title
    found.titles = "；".join(title for _, title in sorted(titles.items()))
    for column, title in sorted(titles.items()):
        if found.number is None and title in COLUMN_TITLES["number"]:
            found.number = column
        elif (role := role_of_title(title)) and column not in found.roles:
            found.roles[column] = role
        elif found.deadline is None and is_deadline_title(title):
            found.deadline = column
        elif not any(column == p for p, _ in found.periods) and "进度" not in title:
            found.text.append((column, title))
    found.periods.sort()
    return found


def is_header(*rows: list[Cell]) -> bool:
    """Whether a row (or two, as a two-row header: 责任单位 over 牵头单位 | 配合单位) titles a task table:
    a 序号 column and at least one unit column (牵头单位 …)."""
    return _columns(list(rows)).usable


_PLAIN = re.compile(r"[（(]?\s*(\d{1,4})\s*[)）.．、]?")
#: A 序号 of a task under a numbered heading: ``1.1``, ``2.3.1``, ``1-2``, ``①``.
_DOTTED = re.compile(r"\d{1,3}(?:\s*[.．\-－]\s*\d{1,3})+\s*[.．、]?|[①-⑳]")
#: A 序号 in Chinese numerals: ``一``, ``二、``, ``（三）``: a heading's, or a task's where the row names units.
_CHINESE = re.compile(rf"[（(]?\s*({CHINESE_NUMERAL})\s*[)）、.．]?")


def _number(text: str) -> int | None:
    m = _PLAIN.fullmatch(text.strip())
    return int(m.group(1)) if m else None


def _printed_number(text: str) -> str | None:
    """How a row's 序号 is written when it is no plain number (``1.1``, ``二、``), or None.

    >>> _printed_number("1.1"), _printed_number(" （二） "), _printed_number("③"), _printed_number("3"), _printed_number("备注")
    ('1.1', '（二）', '③', None, None)
    """
    text = text.strip()
    return text if _DOTTED.fullmatch(text) or _CHINESE.fullmatch(text) else None


def header_rows(rows: list[list[Cell]]) -> int:
    """How many rows the table's header takes: the rows before the first numbered row or section row."""
    return next((i for i, row in enumerate(rows)
                 if any(_number(c.text) is not None or _printed_number(c.text) for c in row[:2])
                 or (i and SECTION_LINE.match(simplified_twin(row[0].text) if row else ""))), len(rows))


def _task_rows(tables: list[Table]) -> tuple[_Columns, list[tuple[int, int, list[Cell]]]] | None:
    """The task table's columns and rows ``(table, row, cells)``, across tables that continue it."""
    columns, rows = None, []
    for index, table in enumerate(tables):
        table_rows = table.rows
        header_end = header_rows(table_rows)
        if header_end:
            found = _columns(table_rows[:header_end])
            if found.usable:
                if columns is None or (found.number, sorted(found.roles)) != (columns.number, sorted(columns.roles)):
                    if columns is not None:
                        break  # a second, different table: not this one
                    columns = found
                rows += [(index, table.number(i), r)
                         for i, r in enumerate(table_rows[header_end:], start=header_end)]
                continue
        if columns is not None and table_rows and len(table_rows[0]) == len(rows[-1][2]):
            rows += [(index, table.number(i), r) for i, r in enumerate(table_rows)]  # the table goes on
    return (columns, rows) if columns else None


def read_task_table(path: Path, lines: list[str], twin: list[str], tables: list[Table],
                    meta: Metadata | None = None):
    """Body metadata, sections, measures, periods and one task per numbered table row; None without a table.

    ``lines`` are the plan's text outside the tables (its title, its body), ``twin`` the same lines in
    simplified characters; ``tables`` its tables in order.
    """
    found = _task_rows(tables)
    if found is None:
        return None
    columns, rows = found
    end = next((i for i, line in enumerate(twin) if line.strip().startswith("附件")), len(lines))
    meta = meta or read_metadata(lines, path, twin)
    meta, sections, measures, findings = parse_body(lines, twin, end, meta)
    # a note over or under the table, or a column's title (责任单位（排在第一位的为牵头单位）)
    if stated := conventions("".join(compact(line) for line in twin)) or conventions(columns.titles):
        meta.first_leads, meta.others_support = True, stated[0][1]
    periods = _periods(columns, meta, findings)
    if columns.deadline is None:
        findings.append(Finding("no-deadline-column", "info", Message(N_(
            "the task table has no deadline column (完成时限); no task has a deadline")), 1))
    text_columns = [(c, t) for c, t in columns.text if not _ASIDE.search(t)]
    asides = [(c, t) for c, t in columns.text if _ASIDE.search(t)] + (columns.periods if not periods else [])
    tasks: list[Task] = []
    section = 0
    above: dict[int, str] = {}
    by_column = [{c.first: c for c in row} for _, _, row in rows]
    numbers = [_numbered(columns, cells) for cells in by_column]
    in_order = _in_order(numbers, rows, findings)
    for (table_index, row_number, row), (plain, printed), row_cells in zip(rows, numbers, by_column):
        cells = _RowCells(row_cells, above)
        if plain is None and printed is None:
            section = _unnumbered_row(row, tables[table_index].where(row_number), row_number, section, findings,
                                      cells.value(columns.number)[0])
            continue
        number = len(tasks) + 1 if in_order else plain
        work_item, work_items, carried, description = _work_item(
            [(title, *cells.value(column)) for column, title in text_columns], tasks, number, row_number, findings)
        deadline_text = cells.value(columns.deadline)[0]
        deadline = _deadline(deadline_text, meta.year, number, row_number, findings)
        role_cells = _role_cells(columns, cells, row_number)
        cells.remember()
        milestones = _milestones(row, columns.periods if periods else [], row_number)
        tasks.append(Task(number=number, section=section, work_item=work_item, work_item_inferred=carried,
                          description=description, milestones=milestones,
                          assignments=[], role_cells=role_cells, deadline=deadline.month,
                          ongoing=deadline.ongoing, deadline_text=deadline_text, first_line=row_number,
                          last_line=row_number, work_items=work_items,
                          label=(printed or str(plain)) if in_order else "",
                          cells=[(title, cells.value(column)[0]) for column, title in asides
                                 if cells.value(column)[0]]))
    if not tasks:
        raise InputError(_("the task table has no numbered rows"), path=path, fix=_("check the 序号 column"))
    return meta, sections, measures, periods, tasks, findings


@dataclass
class _RowCells:
    """A table row's cells by column, and the text above each column for vertically merged cells."""

    by_column: dict[int, Cell]
    above: dict[int, str]

    def value(self, column: int | None) -> tuple[str, bool]:
        """A column's text, and whether it came from a merged cell above."""
        cell = self.by_column.get(column) if column is not None else None
        if cell is None:
            return "", False
        if cell.continued:  # vertical merge: the value is the one above, exactly
            return self.above.get(column, ""), True
        return cell.text, False

    def remember(self) -> None:
        """This row's own texts are the ones the rows below merge with."""
        for column, cell in self.by_column.items():
            if not cell.continued:
                self.above[column] = cell.text


def _numbered(columns: _Columns, by_column: dict[int, Cell]) -> tuple[int | None, str | None]:
    """A task row's 序号: ``(3, None)`` for a plain number, ``(None, "1.1")`` for one written otherwise;
    ``(None, None)`` for a row with no 序号, or with Chinese numerals and no unit (a heading: 一 | 提升政务服务效能)."""
    cell = by_column.get(columns.number)
    text = cell.text if cell is not None and not cell.continued else ""
    if (number := _number(text)) is not None:
        return number, None
    printed = _printed_number(text)
    names_units = any(by_column[c].text.strip() for c in columns.roles or {} if c in by_column)
    if printed and _CHINESE.fullmatch(printed) and not names_units:
        return None, None
    return None, printed


def _in_order(numbers: list[tuple[int | None, str | None]], rows: list[tuple[int, int, list[Cell]]],
              findings: list[Finding]) -> bool:
    """Whether tasks are numbered in row order: where a task's 序号 is no plain number (1.1, 二、), the task is
    counted as the GUIDE counts an inline plan's measures, and keeps its 序号 as its label."""
    printed = [(row_number, text) for (_, row_number, _), (_, text) in zip(rows, numbers) if text]
    if printed:
        findings.append(Finding("numbered-in-order", "info", Message(N_(
            "序号 such as '%(printed)s' are not plain numbers: tasks are numbered in row order, each keeping its "
            "序号 as its label"), printed=printed[0][1]), printed[0][0]))
    return bool(printed)


def _unnumbered_row(row: list[Cell], where: Message, line: int, section: int, findings: list[Finding],
                    number: str = "") -> int:
    """A row without 序号, or with a heading's (一): a section title (its number is returned), or kept as a
    finding."""
    if m := _CHINESE.fullmatch(number.strip()):
        return chinese_number(m.group(1))
    first = next((c.text for c in row if c.text), "")
    if (m := SECTION_LINE.match(simplified_twin(first))) and len({c.text for c in row if c.text}) == 1:
        return chinese_number(m.group(1))
    if first and not all(title_key(c.text) in ("", title_key(first)) for c in row):
        findings.append(Finding("stray-row", "warning", Message(N_("%(where)s: no 序号; kept as a finding"),
                                                                where=where),
                                line, text=" | ".join(c.text for c in row if c.text)))
    elif first:
        findings.append(Finding("stray-row", "info", Message(N_("%(where)s: a row with no 序号 ('%(text)s')"),
                                                             where=where, text=first[:30]),
                                line, text=first))
    return section


def _work_item(texts: list[tuple[str, str, bool]], tasks: list[Task], number: int, line: int,
               findings: list[Finding]) -> tuple[str, list[str], bool, str]:
    """The task's work item, the hierarchy above it, whether it was carried down, and its description.

    ``texts`` are the text columns' (title, text, merged) in order: the last is the description."""
    if len(texts) == 1 and _WORK_ITEM.search(texts[0][0]):
        texts.append(("", "", False))  # only a work-item column: no description
    description = texts[-1][1] if texts else ""
    hierarchy = [(title, text, merged) for title, text, merged in texts[:-1]]
    work_items = [text for _, text, _ in hierarchy if text]
    if not hierarchy and description:
        work_items = []
    work_item = work_items[-1] if work_items else re.split(r"[。；]", description)[0][:60]
    carried = False
    if hierarchy and not hierarchy[-1][1] and tasks:
        work_item, carried = tasks[-1].work_item, True
        work_items = tasks[-1].work_items
        findings.append(Finding("work-item-carried", "info", Message(N_(
            "task %(task)s: empty %(column)s cell; carried down from the row above"), task=number,
            column=hierarchy[-1][0]), line, number))
    elif any(merged for _, _, merged in hierarchy):
        findings.append(Finding("work-item-merged", "info", Message(N_("task %(task)s: work item from a merged cell"),
                                                                    task=number),
                                line, number))
    return work_item, work_items, carried, description


def _deadline(text: str, year: int | None, number: int, line: int, findings: list[Finding]):
    """The deadline cell read as a month or 长期坚持, with a finding when it is only partly read."""
    deadline = find_deadline(simplified_twin(text), year)
    if text and not deadline.stated and not no_target(text):
        findings.append(Finding("deadline-unread", "warning", Message(N_(
            "task %(task)s: deadline '%(text)s' could not be read as a month or 长期坚持; kept as text"),
            task=number, text=text), line, number, text))
    elif said := reading_finding(deadline, number, line, text):
        findings.append(said)
    return deadline


def _role_cells(columns: _Columns, cells: _RowCells, line: int) -> dict[str, tuple[int, str]]:
    """Each role's units text; two columns of one role (牵头单位 twice) joined with 、."""
    role_cells: dict[str, tuple[int, str]] = {}
    for column, role in sorted(columns.roles.items()):
        text = cells.value(column)[0]
        previous = role_cells.get(role, (line, ""))[1]
        role_cells[role] = (line, "、".join(t for t in (previous, text) if t))
    for role in ("lead", "host", "support"):
        role_cells.setdefault(role, (line, ""))
    return role_cells


def _periods(columns: _Columns, meta: Metadata, findings: list[Finding]) -> list[Period]:
    """The period columns as periods. Without a year (none read, none in the headers) they cannot be
    placed in months: their cells stay as the tasks' cells, with a finding, and the plan still builds."""
    if meta.year is None and (year := periods_year([title for _, title in columns.periods])):
        meta.year, meta.year_from = year, "period-headers"
    if meta.year is None and columns.periods:
        findings.append(periods_without_year([t for _, t in columns.periods]))
        return []
    return [Period(order, title, *period_bounds(title, meta.year), 0)
            for order, (_, title) in enumerate(columns.periods, start=1)]


def _milestones(row: list[Cell], period_columns: list[tuple[int, str]], line: int) -> list[Milestone]:
    if not period_columns:
        return []
    order_of = {column: order for order, (column, _) in enumerate(period_columns, start=1)}
    milestones = []
    for cell in row:
        covered = [order_of[c] for c in range(cell.first, cell.first + cell.span) if c in order_of]
        if not covered or not cell.text:
            continue
        method = "exact-merge" if len(covered) > 1 else "one-cell-per-column"
        milestones.append(Milestone(len(milestones) + 1, cell.text, cell.text, tuple(covered), method,
                                    no_target(cell.text), line))
    return milestones
