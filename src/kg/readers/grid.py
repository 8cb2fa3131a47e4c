"""Task tables that come as grids: a spreadsheet (.xlsx, .xls, WPS .et, .ods), a CSV file, or text whose lines are
tab-separated rows (a table copied out of Word or Excel and pasted into a .txt file).

Each source gives the plan's text outside the table (its title lines, kept in place so line
numbers hold) and its :class:`~.table.Table`\\ s from the header row on (a row titling 序号 and a
unit column); :func:`.table.read_task_table` reads them as it reads a Word table.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import os
import sys
from contextlib import contextmanager
from pathlib import Path

from ..errors import InputError
from ..i18n import _
from ..model.messages import N_, Message
from ..model.records import Finding
from .table import Cell, Table, is_header

__all__ = ["text_tables", "csv_tables", "sheet_tables", "has_text_table"]


def _cells(values: list[str]) -> list[Cell]:
    return [Cell(value.strip(), column) for column, value in enumerate(values)]


def _tables_from_rows(rows: list[list[str]], first: int = 1,
                      numbers: list[int] | None = None) -> tuple[list[str], list[Table]]:
    """Rows of text cells (row ``first`` first, or each row's own line in ``numbers``) as the lines outside
    the tables and the tables. A table starts at a header row (or two: 责任单位 over 牵头单位 | 配合单位)
    and runs while rows keep at least two cells (blank rows are skipped); a row of one cell between its
    rows (``一、巩固拓展脱贫攻坚成果`` pasted without tabs) is a section row of the table.
    """
    numbers = numbers or list(range(first, first + len(rows)))
    lines: list[str] = [""] * len(rows)
    tables: list[Table] = []
    current: Table | None = None
    pending: list[int] = []  # one-cell rows inside a table: section rows if the table goes on
    cells_of = [_cells(values) for values in rows]
    index = 0
    while index < len(rows):
        cells = cells_of[index]
        filled = [c.text for c in cells if c.text]
        if current is not None and len(cells) >= 2 and filled:
            for held in pending:  # the table went on: they were its section rows
                width = len(current.rows[0])
                current.rows.append(cells_of[held][:1] + [Cell("", c) for c in range(1, width)])
                current.row_lines.append(numbers[held])
            pending = []
            current.rows.append(cells)
            current.row_lines.append(numbers[index])
        elif current is not None and not filled:
            pass
        elif current is not None and len(cells) == 1:
            pending.append(index)
        else:
            for held in pending:
                lines[held] = cells_of[held][0].text
            current, pending = None, []
            two = _second_header_row(cells_of, index)
            if len(cells) >= 2 and (is_header(cells) or two is not None):
                header = [cells] + ([cells_of[two]] if two is not None else [])
                current = Table(header, index=len(tables), first_row=numbers[index], lines=True,
                                row_lines=[numbers[index]] + ([numbers[two]] if two is not None else []))
                tables.append(current)
                index = two if two is not None else index
            else:
                lines[index] = " ".join(filled)
        index += 1
    for held in pending:
        lines[held] = cells_of[held][0].text
    return lines, tables


def _second_header_row(cells_of: list[list[Cell]], index: int) -> int | None:
    """The index of the row that completes a two-row header begun at ``index`` (序号 … 责任单位 over
    牵头单位 | 配合单位), when the row there alone titles no task table."""
    if len(cells_of[index]) < 2 or is_header(cells_of[index]):
        return None
    if not any(c.text in ("序号", "编号") for c in cells_of[index]):
        return None
    following = next((i for i in range(index + 1, min(index + 3, len(cells_of)))
                      if any(c.text for c in cells_of[i])), None)
    if following is not None and len(cells_of[following]) >= 2 and is_header(cells_of[index], cells_of[following]):
        return following
    return None


def has_text_table(lines: list[str]) -> bool:
    """Whether a text file holds a tab-separated task table (a header row 序号 … 牵头单位 …).

    >>> has_text_table(["某县工作清单", "序号\\t重点任务\\t牵头单位\\t完成时限", "1\\t甲\\t县发改委\\t6月"])
    True
    >>> has_text_table(["\\t序号", "\\t牵头单位"])
    False
    """
    rows = [_cells(line.split("\t")) if line.count("\t") >= 2 else [] for line in lines]
    return any(row and (is_header(row) or _second_header_row(rows, index) is not None)
               for index, row in enumerate(rows))


def text_tables(lines: list[str]) -> tuple[list[str], list[Table]]:
    """A text file's tab-separated table rows, each line a row (line numbers name rows in findings); a
    cell Excel copied with a line break in it (``"各镇街、⏎区民政局"``) is one cell of one row."""
    rows, numbers = _text_rows(lines)
    table_lines, tables = _tables_from_rows(rows, numbers=numbers)
    out = [""] * len(lines)
    for number, text in zip(numbers, table_lines):
        out[number - 1] = text
    return out, tables


def _text_rows(lines: list[str]) -> tuple[list[list[str]], list[int]]:
    """Tab-separated rows, a quoted cell running over lines joined (Excel's copy quotes a cell holding a
    line break, and doubles its quotes), and the line each row starts on."""
    rows, numbers, index = [], [], 0
    while index < len(lines):
        start, line = index, lines[index]
        while "\t" in line and _open_quote(line) and index + 1 < len(lines):
            index += 1
            line += "\n" + lines[index]
        if _open_quote(line):  # never closed: the line as it is
            index, line = start, lines[start]
        cells = line.split("\t") if "\t" in line else [line]
        rows.append([_unquote(c) for c in cells])
        numbers.append(start + 1)
        index += 1
    return rows, numbers


def _open_quote(line: str) -> bool:
    """Whether the last tab cell opens an Excel quote it does not close."""
    cell = line.split("\t")[-1]
    return cell.startswith('"') and (cell.count('"') % 2 == 1)


def _unquote(cell: str) -> str:
    if len(cell) >= 2 and cell.startswith('"') and cell.endswith('"'):
        return cell[1:-1].replace('""', '"')
    return cell


def csv_tables(text: str) -> tuple[list[str], list[Table]]:
    """A CSV file (any delimiter the sniffer finds among , ; and tab)."""
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return _tables_from_rows(list(csv.reader(io.StringIO(text), dialect)))


def _text(value) -> str:
    """A sheet cell's value as the plan would print it: 1 not 1.0, a date as its month (2023年6月)."""
    if value is None:
        return ""
    if isinstance(value, (dt.datetime, dt.date)):
        return f"{value.year}年{value.month}月"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@contextmanager
def _rust_quiet():
    """calamine is Rust: on a damaged file it may panic, and Rust writes the panic to the process's stderr
    before Python sees the exception kg turns into its one line. Hold stderr (the file descriptor) shut
    while calamine reads; another thread's writes to it in those moments are lost."""
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def _open_book(path: Path, shown: Path):
    """The workbook, whatever its format: calamine reads .xlsx, .xls (Excel 97–2003, and WPS's .et, the
    same format) and .ods, telling them by their bytes, not their names."""
    import io

    import python_calamine

    try:
        with _rust_quiet():
            return python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(path.read_bytes()))
    except OSError as err:
        raise InputError(_("cannot read: %(why)s") % {"why": err.strerror}, path=shown) from None
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as err:  # a broken file: calamine raises several kinds, and may panic (a BaseException)
        raise InputError(_("not a readable Excel workbook (%(error)s)") % {"error": type(err).__name__}, path=shown,
                         fix=_("save the sheet again from Excel, WPS or LibreOffice (.xlsx)")) from None


def _worksheets(book) -> list[str]:
    """The names of the sheets that hold cells (not chart or macro sheets), in the workbook's order."""
    from python_calamine import SheetTypeEnum

    return [sheet.name for sheet in book.sheets_metadata if sheet.typ == SheetTypeEnum.WorkSheet]


def _sheet_rows(sheet) -> tuple[list[list[Cell]], bool]:
    """A sheet's rows of cells from row 1 (a vertically merged cell continues the one above, as in Word;
    a horizontal merge spans its columns), and whether the file told where its merged cells are."""
    values = sheet.to_python(skip_empty_area=False)
    ranges = sheet.merged_cell_ranges
    merged = {}
    for (top, left), (bottom, right) in ranges or ():
        for row in range(top, bottom + 1):
            for column in range(left, right + 1):
                merged[(row, column)] = (top, left, bottom, right)
    rows: list[list[Cell]] = []
    for row, row_values in enumerate(values):
        cells, column = [], 0
        while column < len(row_values):
            area = merged.get((row, column))
            if area is None:
                cells.append(Cell(_text(row_values[column]), column))
                column += 1
                continue
            top, left, _, right = area
            text = _text(values[top][left]) if row == top and left < len(values[top]) else ""
            cells.append(Cell(text, column, right - left + 1, continued=row != top))
            column = right + 1
        rows.append(cells)
    return rows, ranges is not None


def sheet_tables(path: Path, shown: Path | None = None) -> tuple[list[str], list[Table], list[Finding]]:
    """Every sheet of a workbook (.xlsx, .xls, .et, .ods): its title rows as lines, its task table with
    merged cells; a finding where the format keeps no merged cells for the reader (.ods). Errors name
    ``shown`` (the file given, when ``path`` is a conversion of it)."""
    from ..safe import check_archive

    shown = shown or path
    check_archive(path)  # a decompression bomb is refused before anything is unpacked (an .xls is no zip)
    book = _open_book(path, shown)
    lines: list[str] = []
    tables: list[Table] = []
    findings: list[Finding] = []
    for name in _worksheets(book):
        try:
            with _rust_quiet():
                rows, merges_known = _sheet_rows(book.get_sheet_by_name(name))
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as err:  # a damaged sheet: calamine raises several kinds, or panics
            raise InputError(_("sheet %(name)s cannot be read (%(error)s)") % {"name": repr(name),
                                                                               "error": type(err).__name__},
                             path=shown, fix=_("save the workbook again from Excel, WPS or LibreOffice (.xlsx)")) from None
        header = next((i for i, cells in enumerate(rows) if is_header(cells)), None)
        if header is None:
            lines += [" ".join(c.text for c in cells if c.text) for cells in rows]
            continue
        lines += [" ".join(c.text for c in cells if c.text) for cells in rows[:header]]
        tables.append(Table(rows[header:], index=len(tables), first_row=header + 1, sheet=name))
        if not merges_known:
            findings.append(Finding("merged-cells-unknown", "warning", Message(N_(
                "sheet '%(sheet)s': this file format does not tell kg which cells are merged; a merged cell reads "
                "as empty below its first row (save as .xlsx to keep them)"), sheet=name), header + 1))
    return lines, tables, findings
