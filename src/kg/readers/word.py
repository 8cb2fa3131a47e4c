"""Word plans (.docx): the body's paragraphs and the task table, merged cells included.

The table is read by :mod:`.table` (columns by their titles); a Word file without a
task table is read as running text, like a text plan.
"""
from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..i18n import _
from .metadata import Metadata
from .table import Cell, Table, read_task_table

__all__ = ["read_docx", "paragraphs", "open_document"]


def _docx():
    try:
        import docx
    except ImportError:  # pragma: no cover - python-docx is a core dependency
        raise InputError(_("reading .docx plans needs python-docx"), fix="pip install python-docx") from None
    return docx


def _row_cells(tr) -> list[Cell]:
    cells, column = [], 0
    for tc in tr.tc_lst:
        span = tc.grid_span
        text = "\n".join("".join(t.text or "" for t in p.xpath(".//w:t")) for p in tc.p_lst).strip()
        cells.append(Cell(text, column, span, tc.vMerge == "continue"))
        column += span
    return cells


def paragraphs(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def open_document(path: Path):
    from ..safe import check_archive

    docx = _docx()
    check_archive(path)  # a decompression bomb is refused before python-docx unpacks it
    try:
        return docx.Document(str(path))
    except Exception as err:  # a broken zip or not a Word file
        raise InputError(_("not a readable Word file (%(error)s)") % {"error": type(err).__name__}, path=path,
                         fix=_("save the plan as .docx from Word or WPS")) from None


def read_docx(path: Path, document, lines: list[str], twin: list[str], meta: Metadata | None = None):
    """The plan in a Word file with a task table (see :func:`.table.read_task_table`); None without one.
    ``lines`` are its paragraphs, ``twin`` the same in simplified characters."""
    tables = [Table([_row_cells(tr) for tr in table._tbl.tr_lst], index=index)
              for index, table in enumerate(document.tables)]
    return read_task_table(path, lines, twin, tables, meta)
