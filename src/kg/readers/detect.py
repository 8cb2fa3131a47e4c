"""Which reader a plan file needs, told by its bytes first and its name second.

Offices keep plans in every format they have: a file saved as ``.doc`` may hold RTF, WPS saves its
spreadsheets (.et) in Excel 97's format, and a PDF may be named anything. The bytes decide; the
name only words the error when the bytes are not what it says.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from ..errors import InputError
from ..i18n import N_, _
from .grid import has_text_table
from .source import read_source

__all__ = ["detect_format", "OLE_MAGIC"]

#: The first bytes of an OLE2 compound file: Word 97 .doc, Excel 97 .xls, WPS .wps and .et.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_KINDS = {".docx": N_("Word document (.docx)"), ".xlsx": N_("Excel workbook (.xlsx)"), ".pdf": "PDF",
          ".doc": N_("Word 97 document (.doc)"), ".wps": N_("WPS document (.wps)"),
          ".xls": N_("Excel 97 workbook (.xls)"), ".et": N_("WPS spreadsheet (.et)"),
          ".ods": N_("OpenDocument spreadsheet (.ods)"), ".odt": N_("OpenDocument text (.odt)"),
          ".rtf": N_("RTF document")}


#: Office names a web page (or Word/Excel 2003 XML) is often saved under, and the reader that takes it.
_MARKUP_FORMATS = {".doc": "doc", ".wps": "doc", ".xls": "xls", ".et": "xls"}


def _is_markup(head: bytes) -> bool:
    """Whether a file starts as HTML, a saved web archive (MHT) or XML."""
    start = head.removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    return start.startswith((b"<html", b"<!doctype html", b"mime-version:", b"<?xml", b"<table", b"<meta"))


def _zip_format(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        mimetype = archive.read("mimetype").decode("ascii", "replace") if "mimetype" in names else ""
    if mimetype.endswith("opendocument.spreadsheet"):
        return "ods"
    if mimetype.endswith("opendocument.text"):
        return "doc"
    raise InputError(_("a zip file that is neither a Word document nor a spreadsheet"), path=path,
                     fix=_("give a .docx, .xlsx or .ods, or the plan's text"))


def _ole_cut(data: bytes) -> bool:
    """Whether an OLE2 file's header says part of it is missing: an odd sector size, or its directory or
    a sector of its allocation table past the file's end (a cut file; its stream names went with it)."""
    shift = int.from_bytes(data[0x1E:0x20], "little")
    if len(data) < 512 or shift not in (9, 12):
        return True
    size = 1 << shift
    present = (len(data) - size) // size  # whole sectors after the header (writers pad the last one)
    fat_count = int.from_bytes(data[0x2C:0x30], "little")
    directory = int.from_bytes(data[0x30:0x34], "little")
    fat = [int.from_bytes(data[at:at + 4], "little") for at in range(0x4C, 0x4C + 4 * min(fat_count, 109), 4)]
    return directory >= present or any(sector >= present for sector in fat)


def _ole_format(data: bytes) -> str:
    """An OLE2 file holds named streams: a workbook ('Workbook', 'Book') or a document ('WordDocument')."""
    names = {name: name.encode("utf-16-le") for name in ("Workbook", "Book", "WordDocument")}
    if names["WordDocument"] in data:
        return "doc"
    return "xls" if names["Workbook"] in data or names["Book"] in data else "doc"


def detect_format(path: Path) -> str:
    """The reader for ``path``; a clear error when none fits."""
    path = Path(path)
    head = b""
    if path.is_file():
        with path.open("rb") as handle:
            head = handle.read(1024)
    if head.startswith(b"PK") and zipfile.is_zipfile(path):
        try:
            return _zip_format(path)
        except InputError:
            raise
        except Exception as err:  # a damaged zip: zipfile raises many kinds
            raise InputError(_("a damaged zip file (%(error)s): not a readable Word or Excel file")
                             % {"error": type(err).__name__}, path=path,
                             fix=_("save it again from Word, Excel, WPS or LibreOffice")) from None
    if head.startswith(OLE_MAGIC):
        data = path.read_bytes()
        if _ole_cut(data):  # refused here: LibreOffice would take seconds to say no less clearly
            raise _unreadable(path, _KINDS.get(path.suffix.lower(), N_("Word or Excel 97 file")))
        return _ole_format(data)
    if b"%PDF-" in head:
        return "pdf"
    if head.lstrip().startswith(b"{\\rtf"):
        return "doc"
    suffix = path.suffix.lower()
    if _is_markup(head) and suffix in _MARKUP_FORMATS:
        return _MARKUP_FORMATS[suffix]  # a web page or XML saved under an office name: LibreOffice reads it
    if suffix in _KINDS and path.is_file():
        raise _unreadable(path, _KINDS[suffix])
    if suffix == ".csv":
        return "csv"
    source = read_source(path)
    if any(line.startswith("\t") and line.strip() == "序号" for line in source.lines):
        return "text-export"
    return "text-table" if has_text_table(source.lines) else "inline"


def _unreadable(path: Path, kind: str) -> InputError:
    """The refusal of a file under an office name (``kind``, a msgid) that is damaged or of another kind."""
    return InputError(_("not a readable %(kind)s: the file is damaged or of another kind") % {"kind": _(kind)},
                      path=path, fix=_("save it again from Word, Excel, WPS or LibreOffice"))
