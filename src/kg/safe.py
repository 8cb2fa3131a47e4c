"""Text from a source document is data: what it may become in each output.

One place for every output's escaping: spreadsheet cells that must never turn
into formulas (Excel and WPS evaluate ``=…``, ``+…``, ``-…``, ``@…``), CSV cells
opened by those programs, Markdown that must not carry raw HTML or links, and
the control characters XML (XLSX, DOCX) cannot hold. And the other way in: an
Office file a person gives kg (a plan, a filled template, a review sheet) is a
zip that must not unpack into gigabytes (:func:`check_archive`), and no cell it
holds may be longer than a spreadsheet cell can be (:func:`check_cell`).
"""
from __future__ import annotations

import os
import re
from contextlib import contextmanager

from .i18n import N_, _

__all__ = ["FORMULA_START", "xml_text", "csv_cell", "markdown_text", "defuse_workbook", "workbook_bytes", "staged_writes",
           "file_stem", "MAX_UNZIPPED", "MAX_RATIO", "MAX_CELL", "CELL_FIX", "check_archive", "check_cell"]

#: What makes a spreadsheet program read a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_MARKDOWN = re.compile(r"([\\`*_\[\]<>|])")

#: What to do with a cell too long to read.
CELL_FIX = N_("shorten the cell; put long evidence in a file and give its name")
#: What an Office file may unpack to in all: the real plans and templates unpack to under 2 MB.
MAX_UNZIPPED = 100 * 1024 * 1024
#: How much one part may grow when unpacked (real files: at most 35 times), for parts over 1 MB.
MAX_RATIO = 200
_RATIO_FROM = 1024 * 1024
MAX_PARTS = 10000
#: Excel's own limit on the characters of one cell: a longer one was not written by Excel or WPS.
MAX_CELL = 32767


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
    """Make every text cell of an openpyxl workbook plain text: no formula runs when it is opened.

    A write-only workbook's rows are already written (:class:`kg.views.xlsx_rows.RowWriter`
    writes every text as text), so there is nothing here to read or change.
    """
    if workbook.write_only:
        return
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
    with staged_writes():
        workbook.save(buffer)
    return buffer.getvalue()


@contextmanager
def staged_writes():
    """Around writing a workbook: openpyxl stages each sheet in a temporary file (a write-only sheet as its rows
    are written, any sheet when it is saved), so a full disk or a file-size limit there is kg's one-line error,
    nothing written, never an internal one."""
    failed = None
    try:
        yield
    except Exception as err:  # an OSError, or lxml's SerialisationError (IO_EFBIG, IO_ENOSPC, …)
        import errno

        code = getattr(errno, str(err).removeprefix("IO_"), None)
        if not isinstance(err, OSError) and not isinstance(code, int):
            raise
        failed = err if isinstance(err, OSError) else OSError(code, os.strerror(code))
        failed.__traceback__ = None
    if failed is not None:
        from .files import cannot_write

        _close_quietly()  # out of the except block: the traceback no longer holds the streams
        raise cannot_write(failed, _("a temporary file"), _("nothing was written"))


def _close_quietly() -> None:
    """Collect openpyxl's half-written sheet streams now, without their "Exception ignored" tracebacks."""
    import gc
    import sys

    hook, sys.unraisablehook = sys.unraisablehook, lambda _: None
    try:
        gc.collect()
    finally:
        sys.unraisablehook = hook


def check_archive(path) -> None:
    """Refuse an Office file (a zip) whose parts would unpack to more than :data:`MAX_UNZIPPED` in all, or
    one part that grows more than :data:`MAX_RATIO` times: a decompression bomb, checked from the sizes
    the archive declares, before anything is unpacked. Python's zip reader never yields more than a part
    declares (and checks its CRC), so the declared sizes bound what openpyxl and python-docx can read.

    A file that is no zip at all is left to the reader, which names what is wrong with it.
    """
    import zipfile

    from .errors import InputError

    fix = _("save the file again from Excel, Word or WPS; kg reads Office files up to 100 MB unpacked")
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    if len(parts) > MAX_PARTS:
        raise InputError(_("refused: the file holds %(n)d parts (at most %(max)d)") % {"n": len(parts),
                                                                                     "max": MAX_PARTS},
                         path=path, fix=fix)
    total = sum(part.file_size for part in parts)
    if total > MAX_UNZIPPED:
        raise InputError(_("refused: the file would unpack to %(mb)d MB (at most %(max)d MB)") % {
            "mb": total // 2**20, "max": MAX_UNZIPPED // 2**20}, path=path, fix=fix)
    for part in parts:
        if part.file_size > _RATIO_FROM and part.file_size > MAX_RATIO * max(part.compress_size, 1):
            raise InputError(_("refused: part %(part)s would grow %(n)d times when unpacked (a decompression bomb; "
                               "at most %(max)d)") % {"part": part.filename, "max": MAX_RATIO,
                                                      "n": part.file_size // max(part.compress_size, 1)},
                             path=path, fix=fix)


def check_cell(value, path, row: int, column: int) -> None:
    """Refuse a cell longer than a spreadsheet cell can be (:data:`MAX_CELL` characters), naming its row and
    column (``第9行第3列``): the words are made only for a cell refused, not for every cell read."""
    if isinstance(value, str) and len(value) > MAX_CELL:
        from .errors import InputError

        where = _("row %(row)d column %(column)d") % {"row": row, "column": column}
        raise InputError(_("refused: %(where)s holds %(n)d characters (a cell holds at most %(max)d)") % {
            "where": where, "n": len(value), "max": MAX_CELL}, path=path, fix=_(CELL_FIX))


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
