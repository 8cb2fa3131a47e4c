"""Task tables that come as grids: an Excel sheet (.xlsx), a CSV file, or text whose lines are
tab-separated rows (a table copied out of Word or Excel and pasted into a .txt file).

Each source gives the plan's text outside the table (its title lines, kept in place so line
numbers hold) and its :class:`~.table.Table`\\ s from the header row on (a row titling 序号 and a
unit column); :func:`.table.read_task_table` reads them as it reads a Word table.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from ..errors import InputError
from .table import Cell, Table, is_header

__all__ = ["text_tables", "csv_tables", "sheet_tables", "has_text_table"]


def _cells(values: list[str]) -> list[Cell]:
    return [Cell(value.strip(), column) for column, value in enumerate(values)]


def _tables_from_rows(rows: list[list[str]], first: int = 1) -> tuple[list[str], list[Table]]:
    """Rows of text cells (row ``first`` first) as the lines outside the tables and the tables: a table
    starts at a header row and runs while rows keep at least two cells (blank rows are skipped)."""
    lines: list[str] = []
    tables: list[Table] = []
    current: Table | None = None
    for number, values in enumerate(rows, start=first):
        cells = _cells(values)
        filled = [c.text for c in cells if c.text]
        if current is not None and (len(cells) >= 2 or not filled):
            if filled:
                current.rows.append(cells)
            lines.append("")
            continue
        current = None
        if len(cells) >= 2 and is_header(cells):
            current = Table([cells], index=len(tables), first_row=number, lines=True)
            tables.append(current)
            lines.append("")
        else:
            lines.append(" ".join(filled))
    return lines, tables


def has_text_table(lines: list[str]) -> bool:
    """Whether a text file holds a tab-separated task table (a header row 序号 … 牵头单位 …).

    >>> has_text_table(["某县工作清单", "序号\\t重点任务\\t牵头单位\\t完成时限", "1\\t甲\\t县发改委\\t6月"])
    True
    >>> has_text_table(["\\t序号", "\\t牵头单位"])
    False
    """
    return any(line.count("\t") >= 2 and is_header(_cells(line.split("\t"))) for line in lines)


def text_tables(lines: list[str]) -> tuple[list[str], list[Table]]:
    """A text file's tab-separated table rows, each line a row (line numbers name rows in findings)."""
    return _tables_from_rows([line.split("\t") if "\t" in line else [line] for line in lines])


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


def sheet_tables(path: Path) -> tuple[list[str], list[Table]]:
    """Every sheet of an .xlsx workbook: its title rows as lines, its task table with merged cells
    (a vertical merge continues the cell above, as in Word; a horizontal one spans its columns)."""
    from ..safe import check_archive

    check_archive(path)  # a decompression bomb is refused before openpyxl unpacks it
    try:
        import openpyxl

        book = openpyxl.load_workbook(path, data_only=True)
    except Exception as err:  # a broken file: openpyxl raises many kinds
        raise InputError(f"not a readable Excel workbook ({type(err).__name__})", path=path,
                         fix="save the sheet as .xlsx from Excel or WPS") from None
    lines: list[str] = []
    tables: list[Table] = []
    for sheet in book.worksheets:
        merged = {}
        for area in sheet.merged_cells.ranges:
            for row in range(area.min_row, area.max_row + 1):
                for column in range(area.min_col, area.max_col + 1):
                    merged[(row, column)] = area
        rows: list[list[Cell]] = []
        for row in range(1, sheet.max_row + 1):
            cells, column = [], 1
            while column <= sheet.max_column:
                area = merged.get((row, column))
                if area is None:
                    cells.append(Cell(_text(sheet.cell(row, column).value), column - 1))
                    column += 1
                    continue
                top = row == area.min_row
                text = _text(sheet.cell(area.min_row, area.min_col).value) if top else ""
                cells.append(Cell(text, column - 1, area.max_col - area.min_col + 1, continued=not top))
                column = area.max_col + 1
            rows.append(cells)
        header = next((i for i, cells in enumerate(rows) if is_header(cells)), None)
        if header is None:
            lines += [" ".join(c.text for c in cells if c.text) for cells in rows]
            continue
        lines += [" ".join(c.text for c in cells if c.text) for cells in rows[:header]]
        tables.append(Table(rows[header:], index=len(tables), first_row=header + 1, sheet=sheet.title))
    return lines, tables
