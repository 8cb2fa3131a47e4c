"""Rows of a large worksheet written straight as SpreadsheetML, in an openpyxl write-only workbook.

openpyxl makes a ``Cell`` for every value, hashes its style and writes it element by element:
some 20 µs a cell, and ``kg sheet --all`` writes over a million cells at 100 plans. Here a row
is one string of XML, written as openpyxl writes its cells (``t="inlineStr"`` text, numbers as
``safe_string`` prints them, the style's index in the workbook's list); everything around the
rows (styles, widths, frozen panes, filters, merges, print set-up, links) is still openpyxl's.
Text is never a formula here: a value that starts with ``=`` is written as text. Rows are made as
strings and parsed 500 at a time: an lxml element made call by call costs twice as much.
"""
from __future__ import annotations

import re
from typing import Callable, Sequence

__all__ = ["RowWriter", "style_id"]

#: What XML 1.0 cannot hold (openpyxl refuses these): dropped from text.
_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


def style_id(ws, setup: Callable) -> int:
    """The workbook's index of the style ``setup(cell)`` gives a cell: registered once, then reused."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws)
    setup(cell)
    return cell.style_id


class RowWriter:
    """The rows of one write-only worksheet; ``size`` (rows, columns) is its dimension.

    Set column widths, frozen panes and the sheet's properties before making it (openpyxl
    writes them ahead of the rows); filters, print set-up and links after; merges through
    :meth:`merge`.
    """

    def __init__(self, ws, size: tuple[int, int]) -> None:
        from openpyxl.utils import get_column_letter

        rows, columns = size
        ws.calculate_dimension = lambda: f"A1:{get_column_letter(max(columns, 1))}{max(rows, 1)}"
        ws._get_writer()
        self.ws, self.row, self._pending, self._merges = ws, 0, [], []
        self._letters = [get_column_letter(c) for c in range(1, max(columns, 1) + 1)]
        self._xf = ws._writer.xf.send(True)
        self._data = self._xf.element("sheetData")
        self._data.__enter__()

    def append(self, values: Sequence, styles: Sequence[int | None] = ()) -> int:
        """One row; ``styles[i]`` is column i+1's style index (None: unstyled). Returns the row number."""
        from openpyxl.compat import safe_string

        self.row += 1
        number = str(self.row)
        parts = [f'<row r="{number}">']
        for index, value in enumerate(values):
            style = styles[index] if index < len(styles) else None
            if value is None and style is None:
                continue
            head = f'<c r="{self._letter(index)}{number}"' + ("" if style is None else f' s="{style}"')
            if value is None or value == "":
                parts.append(f'{head} t="{"n" if value is None else "inlineStr"}"/>')
            elif isinstance(value, str):
                text = _ILLEGAL.sub("", value)
                space = ' xml:space="preserve"' if text != text.strip() else ""
                parts.append(f'{head} t="inlineStr"><is><t{space}>{_escape(text)}</t></is></c>')
            else:
                parts.append(f'{head} t="n"><v>{safe_string(value)}</v></c>')
        parts.append("</row>")
        self._pending.append("".join(parts))
        if len(self._pending) >= 500:
            self._flush()
        return self.row

    def merge(self, row: int, first: int, last: int) -> None:
        """Merge columns ``first``–``last`` (1-based) of one row. Written as one element when the
        sheet is saved: openpyxl makes two range objects a merge (a tenth of a millisecond)."""
        self._merges.append(f"{self._letter(first - 1)}{row}:{self._letter(last - 1)}{row}")

    def _write_merges(self) -> None:
        from lxml.etree import fromstring

        if self._merges:
            cells = "".join(f'<mergeCell ref="{ref}"/>' for ref in self._merges)
            self.ws._writer.xf.send(fromstring(f'<mergeCells count="{len(self._merges)}">{cells}</mergeCells>'))

    def _flush(self) -> None:
        """Rows parsed in one go (lxml's parser is C; an element made in Python costs more) and written."""
        from lxml.etree import fromstring

        for row in fromstring("<rows>" + "".join(self._pending) + "</rows>"):
            self._xf.write(row)
        self._pending = []

    def _letter(self, index: int) -> str:
        if index >= len(self._letters):
            from openpyxl.utils import get_column_letter

            return get_column_letter(index + 1)
        return self._letters[index]

    def close(self) -> None:
        """End the rows; the worksheet's tail is written when the workbook is saved."""
        self._flush()
        self._data.__exit__(None, None, None)
        self.ws._writer.xf.send(None)
        self.ws._writer.write_merged_cells = self._write_merges  # in its place in the sheet's tail
        self.ws._rows = (row for row in ())  # what ws.close() closes instead of writing rows again


def _escape(text: str) -> str:
    """Text as XML character data; a carriage return as a reference, or the parser would make it a newline."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
