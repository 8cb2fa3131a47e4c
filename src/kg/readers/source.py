"""Reading a plan's text export: bytes to lines, and the annex's TAB-led cells.

The export writes each table cell on a line that starts with a TAB; a line
without one continues the cell above (names and dates wrap inside a cell).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ..errors import InputError

__all__ = ["Source", "Cell", "read_source", "split_cells", "twin_of"]

_ENCODINGS = ("utf-8-sig", "gb18030")


@dataclass(frozen=True)
class Source:
    """A plan's text with what is needed to trace any fact back to it."""

    path: Path
    text: str
    encoding: str
    sha256: str

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
        raise InputError("file not found", path=path, fix="check the path") from None
    except IsADirectoryError:
        raise InputError("is a folder, not a plan file", path=path,
                         fix="name the plan's .txt export") from None
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror}", path=path) from None
    if not data.strip():
        raise InputError("file is empty", path=path, line=1,
                         fix="export the plan's full text, annex table included")
    for encoding in _ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        break
    else:  # pragma: no cover - gb18030 decodes nearly any byte string
        raise InputError("not UTF-8 or GB18030 text", path=path, line=1,
                         fix="save the export as UTF-8")
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise InputError("binary data (NUL byte), not a text export", path=path, line=line,
                         fix="export the plan as plain text, or see `kg build --help` for formats")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Source(path=path, text=text, encoding=encoding,
                  sha256=hashlib.sha256(data).hexdigest())


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
