"""Reading a plan's text export: bytes to lines, and the annex's TAB-led cells.

The export writes each table cell on a line that starts with a TAB; a line
without one continues the cell above (names and dates wrap inside a cell).
"""
from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ..errors import InputError
from ..i18n import _

__all__ = ["Source", "Cell", "read_source", "decode", "split_cells", "twin_of", "source_findings"]

#: Control characters a plan's text should not hold (tab and line ends excepted); each becomes a space.
_CONTROL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")


#: How each decoder says the bytes stop inside a character (UTF-8, UTF-16, GB18030).
_CUT_SHORT = ("unexpected end of data", "truncated data", "incomplete multibyte sequence")


@dataclass(frozen=True)
class Source:
    """A plan's text with what is needed to trace any fact back to it."""

    path: Path
    text: str
    encoding: str
    sha256: str
    controls: tuple[int, ...] = ()  # lines that held control characters (replaced by spaces)
    cut_at: int | None = None  # the line where the file stops inside a character

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    @cached_property
    def twin_lines(self) -> list[str]:
        """The lines in simplified characters, each as long as written (see :mod:`.traditional`)."""
        return twin_of(self)


@dataclass(frozen=True)
class Cell:
    """One table cell: its text (wrapped lines joined) and the lines it spans."""

    line: int
    last_line: int
    text: str

    @property
    def value(self) -> str:
        return self.text.strip()


def read_source(path: str | Path) -> Source:
    """Read a plan export in UTF-8 (with or without BOM) or GB18030, any line ends.

    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "p.txt")
    >>> _ = open(p, "wb").write("\\ufeff附件\\r\\n\\t1\\r\\n".encode("utf-8"))
    >>> s = read_source(p)
    >>> (s.encoding, s.lines[:2])
    ('utf-8-sig', ['附件', '\\t1'])
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(_("file not found"), path=path, fix=_("check the path")) from None
    except IsADirectoryError:
        raise InputError(_("is a folder, not a plan file"), path=path,
                         fix=_("name the plan's .txt export")) from None
    except OSError as err:
        raise InputError(_("cannot read: %(why)s") % {"why": err.strerror}, path=path) from None
    if not data.strip():
        raise InputError(_("file is empty"), path=path, line=1,
                         fix=_("export the plan's full text, annex table included"))
    text, encoding, cut = decode(data, path)
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise InputError(_("binary data (NUL byte), not a text export"), path=path, line=line,
                         fix=_("export the plan as plain text, or see `kg build --help` for formats"))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    controls = tuple(sorted({text[:m.start()].count("\n") + 1 for m in _CONTROL.finditer(text)}))
    text = _CONTROL.sub(" ", text)
    return Source(path=path, text=text, encoding=encoding, sha256=hashlib.sha256(data).hexdigest(),
                  controls=controls, cut_at=cut)


def decode(data: bytes, path: Path | str) -> tuple[str, str, int | None]:
    """Text, encoding and, when the file stops inside a character (a cut copy), the line where it stops.

    UTF-8 (with or without BOM), UTF-16 (with BOM, or without but clearly so) and GB18030/GBK.

    >>> decode("县法院".encode("utf-8")[:-1], "p.txt"), decode("县法院".encode("utf-16")[:-1], "p.txt")
    (('县法', 'utf-8', 1), ('县法', 'utf-16', 1))
    >>> decode("县法院".encode("gb18030")[:-1], "p.txt"), decode("县法院".encode("utf-8-sig")[:-1], "p.txt")
    (('县法', 'gb18030', 1), ('县法', 'utf-8-sig', 1))
    >>> decode("县法院".encode("gbk"), "p.txt")[:2], decode("县法院".encode("utf-16"), "p.txt")[:2]
    (('县法院', 'gb18030'), ('县法院', 'utf-16'))
    """
    if data.startswith(codecs.BOM_UTF8):  # decoded past the BOM, so a cut's error offset is the file's own
        text, encoding, cut = decode(data[len(codecs.BOM_UTF8):], path)
        return text, "utf-8-sig" if encoding == "utf-8" else encoding, cut
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ["utf-16"]
    elif len(data) > 3 and data[1::2].count(0) > len(data) // 4:
        encodings = ["utf-16-le"]
    elif len(data) > 3 and data[0::2].count(0) > len(data) // 4:
        encodings = ["utf-16-be"]
    else:  # Chinese UTF-16 without a BOM has few NULs: tried when UTF-8 fails, before GB18030
        encodings = ["utf-8"] + [name for name, high in (("utf-16-le", data[1::2]), ("utf-16-be", data[0::2]))
                                 if len(data) > 3 and _chinese_high_bytes(high)]
    for encoding in encodings + ["gb18030"]:
        try:
            return data.decode(encoding), encoding, None
        except UnicodeDecodeError as err:
            if err.reason in _CUT_SHORT and err.end >= len(data) - 1:  # a cut copy, in any of the encodings
                text = data[:err.start].decode(encoding)
                return text, encoding, text.count("\n") + 1
            if encoding == "gb18030":
                line = data[:err.start].count(b"\n") + 1
                raise InputError(_("not UTF-8, UTF-16 or GB18030 text"), path=path, line=line,
                                 fix=_("save the file as UTF-8")) from None
    raise AssertionError("unreachable: gb18030 answers")  # pragma: no cover


def _chinese_high_bytes(high: bytes) -> bool:
    """Whether these bytes read as the high bytes of UTF-16 Chinese text saved without a BOM: nearly all are
    0 (ASCII), 0x30 (、。《》), 0x4e-0x9f (the common CJK block) or 0xff (，：（）), which GB18030 and UTF-8
    bytes at every other position never are.

    >>> _chinese_high_bytes("县发改委牵头，县财政局配合。".encode("utf-16-le")[1::2])
    True
    >>> _chinese_high_bytes("县发改委牵头，县财政局配合。".encode("gb18030")[1::2])
    False
    """
    usual = sum(b == 0 or b == 0x30 or 0x4E <= b <= 0x9F or b == 0xFF for b in high)
    return usual >= 0.95 * len(high)


def split_cells(lines: list[str], start: int) -> list[Cell]:
    """Cells from ``lines[start:]`` (0-based start; cells carry 1-based line numbers).

    >>> [c.text for c in split_cells(["x", "\\t精简企业", "", "注销", "\\t2"], 1)]
    ['精简企业注销', '2']
    """
    cells: list[Cell] = []
    for index in range(start, len(lines)):
        line = lines[index]
        number = index + 1
        if line.startswith("\t"):
            cells.append(Cell(number, number, line[1:]))
        elif cells and line.strip():
            last = cells[-1]
            cells[-1] = Cell(last.line, number, last.text + line)
    return cells


def twin_of(source: Source) -> list[str]:
    """The source's lines in simplified characters, each the same length as written."""
    from .traditional import simplified_twin

    return simplified_twin(source.text).split("\n")


def source_findings(source: Source) -> list:
    """What reading the bytes noticed: control characters, a character cut at the end of the file."""
    from ..model.messages import N_, Message
    from ..model.records import Finding

    findings = [Finding("control-character", "warning", Message(N_(
        "line %(line)s holds a control character (such as a vertical tab); read as a space"), line=line), line)
        for line in source.controls]
    if source.cut_at is not None:
        findings.append(Finding("cut-character", "warning", Message(N_(
            "the file stops in the middle of a character on line %(line)s: it was cut; check that the whole plan "
            "was copied"), line=source.cut_at), source.cut_at))
    return findings
