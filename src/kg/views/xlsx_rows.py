"""Rows of a large worksheet written straight as SpreadsheetML, in an openpyxl write-only workbook.

openpyxl makes a ``Cell`` for every value, hashes its style and writes it element by element:
some 20 µs a cell, and ``kg sheet --all`` writes over a million cells at 100 plans. Here a row
is one string of XML, written as openpyxl writes its cells (``t="inlineStr"`` text, numbers as
``safe_string`` prints them, the style's index in the workbook's list); everything around the
rows (styles, widths, frozen panes, filters, merges, print set-up, links) is still openpyxl's.
Text is never a formula here: a value that starts with ``=`` is written as text.

The rows go into the worksheet's file as bytes, between what openpyxl's XML writer wrote before
them and what it writes after (its buffer flushed first), in the bytes lxml would write for them:
ASCII, every other character as a numeric reference. Parsing them to hand lxml elements to write
again took half the time of a sheet.
"""
from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Callable, Sequence

__all__ = ["RowWriter", "style_id"]

#: What XML 1.0 cannot hold (openpyxl refuses these, and so would an XML reader): dropped from text.
_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]|[\ud800-\udfff\ufffe\uffff]")
#: Rows gathered before they are encoded and written.
_BATCH = 500


def style_id(ws, setup: Callable) -> int:
    """The workbook's index of the style ``setup(cell)`` gives a cell: registered once, then reused."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws)
    setup(cell)
    return cell.style_id


@cache
def _stream_writer():
    """openpyxl's worksheet writer, its XML written through a file this module may write to as well (the
    class made once: openpyxl is imported when a workbook is written, not with this module)."""
    from openpyxl.worksheet._writer import WorksheetWriter
    from openpyxl.xml.functions import xmlfile

    class StreamWriter(WorksheetWriter):
        def get_stream(self):  # openpyxl's, the file opened here so that raw() reaches it
            with open(self.out, "wb") as handle, xmlfile(handle) as xf:
                self.handle = handle
                with xf.element("worksheet", xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"):
                    try:
                        while True:
                            el = (yield)
                            if el is True:
                                yield xf
                            elif el is not None:
                                xf.write(el)
                    except GeneratorExit:
                        pass

        def raw(self, data: bytes) -> None:
            """``data`` into the file after everything the XML writer has written so far."""
            xf = self.xf.send(True)
            xf.flush()
            self.xf.send(None)
            self.handle.write(data)

    return StreamWriter


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
        if ws._writer is not None:
            raise ValueError("a RowWriter writes a worksheet's rows from the first")
        ws._writer = _stream_writer()(ws)
        ws._writer.write_top()
        self.ws, self.row, self._pending, self._merges = ws, 0, ["<sheetData>"], []
        self._letters = [get_column_letter(c) for c in range(1, max(columns, 1) + 1)]

    def append(self, values: Sequence, styles: Sequence[int | None] = ()) -> int:
        """One row; ``styles[i]`` is column i+1's style index (None: unstyled). Returns the row number."""
        from openpyxl.compat import safe_string

        self.row += 1
        number = str(self.row)
        parts = [f'<row r="{number}">']
        letters = self._letters
        for index, value in enumerate(values):
            style = styles[index] if index < len(styles) else None
            if value is None and style is None:
                continue
            letter = letters[index] if index < len(letters) else self._letter(index)
            head = f'<c r="{letter}{number}"' if style is None else f'<c r="{letter}{number}" s="{style}"'
            if value is None or value == "":
                parts.append(f'{head} t="{"n" if value is None else "inlineStr"}"/>')
            elif isinstance(value, str):
                parts.append(head + _inline_text(value))
            else:
                parts.append(f'{head} t="n"><v>{safe_string(value)}</v></c>')
        self._pending.append(f'<row r="{number}"/>' if len(parts) == 1 else "".join(parts) + "</row>")
        if len(self._pending) >= _BATCH:
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
        self.ws._writer.raw("".join(self._pending).encode("ascii"))
        self._pending = []

    def _letter(self, index: int) -> str:
        if index >= len(self._letters):
            from openpyxl.utils import get_column_letter

            return get_column_letter(index + 1)
        return self._letters[index]

    def abandon(self) -> None:
        """After a failed write (a full disk, a file-size limit): close the worksheet's half-written temporary
        file now and remove it, quietly, rather than leave its stream to fail again when collected."""
        import os

        writer = self.ws._writer
        try:
            writer.xf.close()
        except Exception:  # the same full disk or size limit, flushing what was left
            pass
        try:
            os.remove(writer.out)
        except OSError:
            pass

    def close(self) -> None:
        """End the rows; the worksheet's tail is written when the workbook is saved."""
        self._pending.append("</sheetData>")
        self._flush()
        self.ws._writer.write_merged_cells = self._write_merges  # in its place in the sheet's tail
        self.ws._rows = (row for row in ())  # what ws.close() closes instead of writing rows again


@lru_cache(maxsize=1 << 16)
def _inline_text(text: str) -> str:
    """A text cell after its ``<c r=… s=…``, in ASCII: made once per text (a task's work item, unit names and
    milestones come back in every sheet that lists the task, and in every unit's sheet of the workbook)."""
    text = _ILLEGAL.sub("", text)
    space = ' xml:space="preserve"' if text != text.strip() else ""
    body = f"<t{space}>{_escape(text)}</t>" if text else "<t/>"  # only characters XML cannot hold: none left
    return f' t="inlineStr"><is>{body}</is></c>'.encode("ascii", "xmlcharrefreplace").decode()


def _escape(text: str) -> str:
    """Text as XML character data, as lxml writes it (a carriage return as a reference, or a reader
    would make it a newline)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
