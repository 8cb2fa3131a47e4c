"""Text from a source document is data: what it may become in each output.

One place for every output's escaping: spreadsheet cells that must never turn
into formulas (Excel and WPS evaluate ``=…``, ``+…``, ``-…``, ``@…``), CSV cells
opened by those programs, Markdown that must not carry raw HTML or links, and
the control characters XML (XLSX, DOCX) cannot hold.
"""
from __future__ import annotations

import re

__all__ = ["FORMULA_START", "xml_text", "csv_cell", "markdown_text", "defuse_workbook", "workbook_bytes",
           "file_stem"]

#: What makes a spreadsheet program read a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_MARKDOWN = re.compile(r"([\\`*_\[\]<>|])")


def xml_text(text: str) -> str:
    """``text`` without the control characters XML cannot hold (each becomes a space).

    >>> xml_text("县科技局\\x0b县财政局")
    '县科技局 县财政局'
    """
    return _XML_ILLEGAL.sub(" ", text)


def csv_cell(value):
    """A CSV cell that a spreadsheet opens as text, never as a formula (OWASP: a leading ``'``).

    Numbers stay numbers: ``-5`` is not a formula.

    >>> csv_cell("=HYPERLINK(\\"http://evil\\")"), csv_cell("-5"), csv_cell("县法院")
    ('\\'=HYPERLINK("http://evil")', '-5', '县法院')
    """
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _NUMBER.match(value):
        return "'" + value
    return value


def markdown_text(text: str) -> str:
    """Text for a Markdown table cell: no raw HTML, no links or emphasis, no line breaks.

    >>> markdown_text('<script>alert(1)</script> [x](javascript:y) a|b')
    '\\\\<script\\\\>alert(1)\\\\</script\\\\> \\\\[x\\\\](javascript:y) a\\\\|b'
    """
    return _MARKDOWN.sub(r"\\\1", str(text)).replace("\r", " ").replace("\n", " ")


def defuse_workbook(workbook) -> None:
    """Make every text cell of an openpyxl workbook plain text: no formula runs when it is opened."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith(FORMULA_START)):
                    cell.data_type = "s"


def workbook_bytes(workbook) -> bytes:
    """The workbook as XLSX bytes, defused."""
    import io

    defuse_workbook(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


_NOT_IN_FILE_NAMES = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')
_WINDOWS_RESERVED = re.compile(r"^(?:con|prn|aux|nul|com\d|lpt\d)$", re.IGNORECASE)


def file_stem(name: str, used: set[str] | None = None) -> str:
    """A file name for a person's name of a thing (县市场监管局): safe on Windows and Linux, never a path.

    Characters no file system allows become ``_``; dots and spaces at the ends go; a name
    already in ``used`` (compared without case) gets ``-2``, ``-3``…

    >>> file_stem("县市场监管局（县知识产权局）"), file_stem("../etc/passwd"), file_stem("CON")
    ('县市场监管局（县知识产权局）', '_etc_passwd', '_CON')
    >>> used = set(); file_stem("县财政局", used), file_stem("县财政局", used)
    ('县财政局', '县财政局-2')
    """
    stem = _NOT_IN_FILE_NAMES.sub("_", name).strip(" .")[:100].strip(" .") or "_"
    stem = re.sub(r"^\.+", "", stem) or "_"
    if _WINDOWS_RESERVED.match(stem):
        stem = f"_{stem}"
    if used is not None:
        base, n = stem, 2
        while stem.casefold() in used:
            stem, n = f"{base}-{n}", n + 1
        used.add(stem.casefold())
    return stem
