"""PDF plans with a text layer (pdfplumber): running text in reading order, ruled tables as tables.

A PDF is read page by page, top to bottom. What the printer added is dropped and said so in a
finding: page numbers (``- 3 -``, ``第3页``), running headers and footers (the same line at the top or
foot of most pages), a table's header row printed again at the top of each page. A ruled table
goes on across pages as one :class:`~.table.Table`; a row the page break cut in two is joined again.
Every line of the result (a text line, or a table row) is named by its page: ``page 3 line 12``,
``page 4 table row 2``. A PDF with no text at all is a scan: kg says so rather than read nothing.
"""
from __future__ import annotations

import bisect
import contextlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..i18n import _
from ..model.messages import N_, Message
from ..model.records import Finding
from .fold import no_space, title_key
from .outline import is_page_number
from .table import COLUMN_TITLES, Cell, Table, header_rows, is_header

__all__ = ["PdfText", "read_pdf", "plain_characters"]

#: Kangxi radicals and CJK radical supplements (U+2E80–U+2FDF) that PDF fonts put for common characters
#: (⼯ for 工, ⽇ for 日): each read as the character it stands for (its NFKC form), so names match.
_RADICALS = {code: unicodedata.normalize("NFKC", chr(code)) for code in range(0x2E80, 0x2FE0)
             if unicodedata.normalize("NFKC", chr(code)) != chr(code)}
#: How far from the top or foot of the page (a share of its height) a running header or footer sits.
_MARGIN = 0.12


@dataclass
class _Line:
    """A line of running text on a page."""

    text: str
    top: float
    bottom: float
    number: int  # its line on the page, counted from the top as a person counts (headers included)


@dataclass
class _PageTable:
    rows: list[list[Cell]]
    top: float
    edges: list[float]  # the column edges, left to right
    merged_at_foot: set[int]  # columns whose box at the foot of the page spans rows (it may go on)


@dataclass
class PdfText:
    """A PDF as kg reads it. ``lines`` hold its text with table rows blank (a task table is read from
    ``tables``); ``flowing`` the same lines with each table row as text (a plan without a task table is
    read as running text, so no table's words are lost). ``places[n - 1]`` names line ``n``."""

    lines: list[str] = field(default_factory=list)
    flowing: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    places: list[Message] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def place(self, line: int) -> Message | None:
        return self.places[line - 1] if 0 < line <= len(self.places) else None


def read_pdf(path: Path) -> PdfText:
    """The text and ruled tables of a PDF; a one-line error for a damaged file or a scan."""
    pages = _open(path)
    try:
        read = [(_text_lines(page, boxes), tables, page.height)
                for page in pages.pages for boxes, tables in [_tables(page)]]
        unmapped = [sum(c["text"].startswith("(cid:") for c in page.chars) for page in pages.pages]
        characters = sum(len(page.chars) for page in pages.pages)
    except Exception as err:  # pdfminer raises many kinds on a broken content stream
        raise InputError(_("not a readable PDF (%(error)s)") % {"error": type(err).__name__}, path=path,
                         fix=_("save the plan again as PDF, or give its .docx")) from None
    finally:
        with contextlib.suppress(Exception):  # closing a damaged PDF may raise again: its error is said above
            pages.close()
    if not any(lines or tables for lines, tables, _ in read):
        raise InputError(_("this PDF has no text layer (a scan): kg reads text, not images"), path=path, line=1,
                         fix=_("run OCR on it (for example ocrmypdf -l chi_sim), or give the plan's .docx or text"))
    if sum(unmapped) * 10 > characters:
        raise InputError(_("this PDF's text cannot be read: its fonts carry no character map, so the text layer "
                           "gives glyph numbers (cid:…), not characters"), path=path, line=1,
                         fix=_("run OCR on it (for example ocrmypdf --force-ocr -l chi_sim), or give the plan's .docx"))
    result = PdfText()
    result.findings += [Finding("pdf-unmapped-characters", "warning", Message(N_(
        "page %(page)s: %(count)s character(s) in a font with no character map, kept as (cid:…); check the text "
        "there"), page=number, count=count), 1)
                        for number, count in enumerate(unmapped, start=1) if count]
    dropped = _drop_printer_lines(read, result.findings)
    _assemble(read, result)
    result.findings += [Finding("pdf-page-without-text", "warning", Message(N_(
        "page %(page)s has no text (a scanned page?); nothing on it is read"), page=number), 1)
                        for number, (lines, tables, _) in enumerate(read, start=1) if not lines and not tables
                        and number not in dropped]
    return result


def plain_characters(text: str) -> str:
    """``text`` with the radicals a PDF font put for characters read as those characters.

    >>> plain_characters("县⼈⼒社保局⽇常⼯作")
    '县人力社保局日常工作'
    """
    return text.translate(_RADICALS)


def _open(path: Path):
    import logging

    import pdfplumber

    # pdfminer logs every damaged object it steps over; kg's answer is its one line (or its findings),
    # so those logs go nowhere unless the program that calls kg gives them a handler of its own
    for name in ("pdfminer", "pdfplumber"):
        if not logging.getLogger(name).handlers:
            logging.getLogger(name).addHandler(logging.NullHandler())

    try:
        return pdfplumber.open(path)
    except Exception as err:  # not a PDF, damaged, or encrypted
        name = type(err).__name__
        why = "it is encrypted" if "Password" in name or "Encrypt" in name else f"damaged or not a PDF ({name})"
        raise InputError(_("not a readable PDF: %(why)s") % {"why": why}, path=path,
                         fix=_("save the plan again as PDF without a password, or give its .docx")) from None


def _tables(page) -> tuple[list[tuple], list[_PageTable]]:
    """The page's ruled tables (two rows and two columns at least) and their boxes."""
    found = [t for t in page.find_tables() if len(t.rows) >= 2 and len({c[0] for c in t.cells}) >= 2]
    return [t.bbox for t in found], [_grid(t, page.chars) for t in found]


def _inside(char: dict, box: tuple) -> bool:
    x, y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _edges(values: list[float]) -> list[float]:
    """Coordinates one apart by less than 2 points are one edge."""
    edges: list[float] = []
    for value in sorted(values):
        if not edges or value - edges[-1] > 2:
            edges.append(value)
    return edges


def _text_lines(page, boxes: list[tuple]) -> list[_Line]:
    from pdfplumber.utils.text import chars_to_textmap

    chars = [c for c in page.chars if not any(_inside(c, box) for box in boxes)]
    if not chars:
        return []
    lines = chars_to_textmap(chars).extract_text_lines(return_chars=False)
    lines = [line for line in lines if line["text"].strip()]
    return [_Line(plain_characters(line["text"]), line["top"], line["bottom"], number)
            for number, line in enumerate(lines, start=1)]


#: Characters a line may not start with (closing punctuation) or end with (opening punctuation), and quotes,
#: which a line break never leaves on their own (Unicode line breaking: CL, OP, QU): they go with their neighbour.
_NO_LINE_START = set("，。、；：？！）》」』】〕,.;:?!)]%")
_NO_LINE_END = set("（《「『【〔([")
_QUOTES = set("“”‘’\"'")


def _next_chunk(chars: list[dict]) -> float:
    """The width of what a line starts with that the line above could not have taken: its first
    character with what a line break may not part from it (punctuation, quotes, a Latin word or number)."""
    end = 1
    while end < len(chars):
        before, this = chars[end - 1]["text"], chars[end]["text"]
        glued = (this in _NO_LINE_START or this in _QUOTES or before in _QUOTES or before in _NO_LINE_END
                 or (before.isascii() and this.isascii() and before.strip() and this.strip()))
        if not glued:
            break
        end += 1
    return chars[end - 1]["x1"] - chars[0]["x0"]


def _cell_text(chars: list[dict], box: tuple) -> str:
    """A cell's text. A line breaks where the next would not fit (a wrap: joined as written) or where the
    writer ended a paragraph: when the next line's first word would have fit (a line break, as a Word
    cell's paragraphs keep)."""
    from pdfplumber.utils.text import chars_to_textmap

    if not chars:
        return ""
    lines = chars_to_textmap(chars).extract_text_lines(return_chars=True)
    right = box[2] - (min(c["x0"] for c in chars) - box[0])  # the cell's padding, taken as even
    text = ""
    for index, line in enumerate(lines):
        piece = plain_characters(line["text"].strip())
        text += piece
        following = [c for c in lines[index + 1]["chars"] if c["text"].strip()] if index + 1 < len(lines) else []
        ink = max((c["x1"] for c in line["chars"] if c["text"].strip()), default=line["x1"])
        if following and right - ink >= _next_chunk(following) + 1:
            text += "\n"
    return text.strip()


def _grid(table, chars: list[dict]) -> _PageTable:
    """The table's rows of cells from its ruled boxes: a box over several rows is a vertical merge
    (its text in the first row, ``continued`` below), one over several columns spans them."""
    xs = _edges([c[0] for c in table.cells] + [c[2] for c in table.cells])
    ys = _edges([c[1] for c in table.cells] + [c[3] for c in table.cells])

    def index(edges: list[float], value: float) -> int:
        return min(max(bisect.bisect_left(edges, value - 2), 0), len(edges) - 1)

    boxes = {}  # (first row, first column) -> (last row, span, box)
    owner = {}  # (row, column) -> the box's (first row, first column)
    for box in table.cells:
        row, column = index(ys, box[1]), index(xs, box[0])
        last, span = max(index(ys, box[3]) - 1, row), max(index(xs, box[2]) - column, 1)
        boxes[(row, column)] = (last, span, box)
        for r in range(row, last + 1):
            for c in range(column, column + span):
                owner[(r, c)] = (row, column)
    held: dict[tuple[int, int], list[dict]] = {}
    for char in chars:
        if _inside(char, table.bbox):
            x, y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
            key = owner.get((bisect.bisect_right(ys, y) - 1, bisect.bisect_right(xs, x) - 1))
            if key is not None:
                held.setdefault(key, []).append(char)
    rows = []
    for row in range(len(ys) - 1):
        cells = []
        for (first_row, column), (last, span, box) in sorted(boxes.items(), key=lambda item: item[0][1]):
            if first_row <= row <= last:
                text = _cell_text(held.get((first_row, column), []), box) if row == first_row else ""
                cells.append(Cell(text, column, span, continued=row != first_row))
        if cells:
            rows.append(cells)
    foot = len(ys) - 2
    merged = {column for (first_row, column), (last, _, _) in boxes.items() if last == foot and first_row < last}
    return _PageTable(rows, table.bbox[1], xs, merged)


def _drop_printer_lines(read: list, findings: list[Finding]) -> set[int]:
    """Remove page numbers and running headers and footers (the first or last line of a page, near its
    edge, whose text with digits left out is on most pages); the pages left empty by it."""
    def edge_lines(lines: list[_Line], height: float) -> list[_Line]:
        ends = lines[:1] + lines[1:][-1:]  # the first and the last, once each
        return [line for line in ends if line.top < height * _MARGIN or line.bottom > height * (1 - _MARGIN)]

    def key(line: _Line) -> str:
        return re.sub(r"\d+", "#", no_space(line.text))

    counts: dict[str, int] = {}
    for lines, _, height in read:
        for k in {key(line) for line in edge_lines(lines, height)}:
            counts[k] = counts.get(k, 0) + 1
    running = {k for k, n in counts.items() if n >= 2 and n * 5 >= len(read) * 2}
    numbers, headers, emptied = 0, {}, set()
    for number, (lines, tables, height) in enumerate(read, start=1):
        had_text = bool(lines or tables)
        for line in edge_lines(lines, height):
            if is_page_number(line.text):
                numbers += 1
            elif key(line) in running:
                headers[line.text.strip()] = headers.get(line.text.strip(), 0) + 1
            else:
                continue
            lines.remove(line)
        if had_text and not lines and not tables:
            emptied.add(number)  # only printer's lines: a page left blank, not a scanned one
    if numbers:
        findings.append(Finding("pdf-page-numbers", "info", Message(N_(
            "page numbers dropped from %(count)s page(s)"), count=numbers), 1))
    for text, count in headers.items():
        findings.append(Finding("pdf-running-line", "info", Message(N_(
            "running header or footer '%(text)s' dropped from %(count)s page(s)"), text=text[:40], count=count), 1,
            text=text))
    return emptied


def _assemble(read: list, result: PdfText) -> None:
    """Lines in reading order, each table row one line; a table that goes on at the top of the next page
    (the same columns, nothing in between) is the same table."""
    current: Table | None = None
    edges: list[float] = []
    merged: set[int] = set()
    for page, (lines, tables, _) in enumerate(read, start=1):
        items = sorted([(line.top, 0, line) for line in lines] + [(t.top, 1, t) for t in tables],
                       key=lambda item: (item[0], item[1]))
        for position, (_, is_table, item) in enumerate(items):
            if not is_table:
                result.lines.append(item.text)
                result.flowing.append(item.text)
                result.places.append(Message(N_("page %(page)s line %(line)s"), page=page, line=item.number))
                current = None
                continue
            goes_on = (current is not None and position == 0 and len(item.edges) == len(edges)
                       and all(abs(a - b) <= 3 for a, b in zip(item.edges, edges)))
            rows = _continue(current, item.rows, merged, page, result.findings) if goes_on else item.rows
            if not goes_on:
                current = Table([], index=len(result.tables), lines=True, row_lines=[], place=result.place)
                result.tables.append(current)
            edges, merged = item.edges, item.merged_at_foot
            for number, row in enumerate(rows, start=1):
                current.rows.append(row)
                current.row_lines.append(len(result.lines) + 1)
                result.lines.append("")
                result.flowing.append(" ".join(c.text.replace("\n", " ") for c in row if c.text))
                result.places.append(Message(N_("page %(page)s table row %(row)s"), page=page,
                                             row=number + len(item.rows) - len(rows)))


def _continue(table: Table, rows: list[list[Cell]], merged: set[int], page: int,
              findings: list[Finding]) -> list[list[Cell]]:
    """The rows of a table going on at the top of ``page``, as one table with the rows above: its header
    printed again left out, a merged cell cut by the page break one cell again, and a row cut in two
    (no 序号 of its own) joined to the row above."""
    header = next((r for r in table.rows[:4] if is_header(r)), None)
    texts = [[c.text for c in r] for r in table.rows[:header_rows(table.rows)]] if header else []
    while rows and texts and [c.text for c in rows[0]] in texts:
        rows = rows[1:]
    if not rows or not table.rows:
        return rows
    rows[0] = [_merge_down(table, cell) if cell.first in merged else cell for cell in rows[0]]
    column = next((c.first for c in header or [] if title_key(c.text) in COLUMN_TITLES["number"]), None)
    first, last = rows[0], table.rows[-1]

    def covering(row: list[Cell]) -> Cell:
        return next((c for c in row if c.first <= column < c.first + c.span), Cell("", 0, continued=True))

    if column is None or covering(first).text or covering(first).continued or not covering(last).text:
        return rows
    if [c.first for c in first] != [c.first for c in last]:
        return rows  # not the same cells: left as a row of its own (a stray row, kept as a finding)
    table.rows[-1] = [Cell(a.text + b.text, a.first, a.span, a.continued) for a, b in zip(last, first)]
    findings.append(Finding("pdf-row-across-pages", "info", Message(N_(
        "%(where)s: the row goes on at the top of page %(page)s (no 序号 of its own there); joined"),
        where=table.where(table.row_lines[-1]), page=page),
                            table.row_lines[-1], text=" | ".join(c.text for c in first if c.text)))
    return rows[1:]


def _merge_down(table: Table, cell: Cell) -> Cell:
    """A cell at the top of a page under a merged cell the page break cut: the same merged cell, its text
    (if any) the end of the merged cell's text above."""
    if cell.text:
        for index in range(len(table.rows) - 1, -1, -1):
            above = next((c for c in table.rows[index] if c.first == cell.first), None)
            if above is not None and not above.continued:
                table.rows[index] = [Cell(c.text + cell.text, c.first, c.span, c.continued) if c is above else c
                                     for c in table.rows[index]]
                break
    return Cell("", cell.first, cell.span, continued=True)
