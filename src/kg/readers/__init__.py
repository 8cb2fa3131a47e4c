"""Readers: any plan file in, one :class:`~kg.records.Plan` out.

``text-export`` (a task table exported cell by cell), ``docx`` (a Word file,
with a task table or as running text; ``doc``: Word 97, WPS, .odt or RTF through LibreOffice),
``pdf`` (a PDF with a text layer: its ruled tables, or its running text), ``xlsx``, ``xls``
(also WPS .et), ``ods``, ``csv`` and ``text-table`` (a task table as a sheet, a CSV file, or
tab-separated lines pasted into text) and ``inline`` (running text whose measures name their
units). Detection (:mod:`.detect`) looks at the file's bytes, not its name alone;
``--format`` overrides it. The rules every reader shares live in one module
each: :mod:`.dates` (deadlines, ongoing words, periods, no-target marks),
:mod:`.roles` (role words, keys, inference), :mod:`.unitlist` (splitting unit
lists), :mod:`.metadata` (title, place, year), :mod:`.outline` (numbering) and
:mod:`.traditional` (traditional characters).
"""
from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from ..errors import InputError
from ..i18n import _
from ..model.messages import N_, Message
from ..model.records import Finding, Plan
from .finish import PlanParts, finish_plan
from .detect import detect_format
from .grid import csv_tables, sheet_tables, text_tables
from .metadata import Given, read_metadata
from .source import read_source, source_findings

if TYPE_CHECKING:
    from ..readers.registry import Registry

__all__ = ["READERS", "FORMATS", "Reader", "detect_format", "read_plan"]


def read_plan(path: Path, registry: "Registry", *, strict: bool = False, fmt: str | None = None,
              place: str | None = None, year: int | None = None, title: str | None = None) -> Plan:
    """Read one plan file. ``place``, ``year`` and ``title`` override what is read from the text
    (the place picks the registry rows; the year dates months written without one)."""
    path = Path(path)
    given = Given(place, year, title)  # what the helpers hand on to _metadata: all the stated facts
    if fmt is None or not path.is_file():
        detected = detect_format(path)  # a missing file or a folder: its one-line error, whatever the format
        fmt = fmt or detected
    if fmt not in READERS:
        raise InputError(_("unknown format %(format)s") % {"format": repr(fmt)},
                         fix=_("use one of %(formats)s") % {"formats": ", ".join(FORMATS)})
    parts = READERS[fmt].read(path, fmt, registry, given)
    plan = finish_plan(parts, registry, strict)
    return _name_pages(plan, parts.line_place) if parts.line_place else plan


def _metadata(lines: list[str], twin: list[str], path: Path, given: Given):
    return given.apply(read_metadata(lines, path, twin))


def _text_export(path: Path, fmt: str, registry: "Registry", place: Given) -> PlanParts:
    from .text_export import read_text_export

    source = read_source(path)
    meta = _metadata(source.lines, source.twin_lines, path, place)
    try:
        meta, sections, measures, periods, tasks, findings = read_text_export(
            source, lambda cell: registry.is_unit_list(cell, meta.place), meta)
    except InputError as err:
        if source.cut_at is None:
            raise
        raise InputError(_("%(message)s; the file stops in the middle of a character on line %(line)s, so it was cut")
                         % {"message": err.message, "line": source.cut_at}, path=path, line=err.line,
                         fix=_("copy the whole plan again")) from None
    return PlanParts(path, source.sha256, source.encoding, meta, sections, measures, periods, tasks,
                     findings + source_findings(source), "text-export")


def _file_sha(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def _docx(path: Path, fmt: str, registry: "Registry", place: Given, converted: Path | None = None) -> PlanParts:
    """A Word file; ``converted`` is the .docx LibreOffice made of ``path`` when it is not one."""
    from .traditional import simplified_twin
    from .word import open_document, paragraphs, read_docx

    document = open_document(converted or path)
    lines = paragraphs(document)
    twin = [simplified_twin(line) for line in lines]
    meta = _metadata(lines, twin, path, place)
    sha = _file_sha(path)
    table = read_docx(path, document, lines, twin, meta)
    if table is None:  # no task table: the units are in the text
        parts = _inline(path, lines, twin, sha, "docx", registry, place, meta)
        parts.reader = "docx"
        return parts
    meta, sections, measures, periods, tasks, findings = table
    return PlanParts(path, sha, "docx", meta, sections, measures, periods, tasks, findings, "docx")


def _doc(path: Path, fmt: str, registry: "Registry", place: Given) -> PlanParts:
    """Word 97, WPS, .odt or RTF: LibreOffice makes a .docx of it, read as any Word file; the plan's
    source stays the file given (its name, its sha256)."""
    from .libreoffice import convert

    with tempfile.TemporaryDirectory(prefix="kg-doc-") as folder:
        parts = _docx(path, "docx", registry, place, convert(path, Path(folder), "docx"))
    parts.reader = parts.encoding = "doc"
    return parts


def _pdf(path: Path, fmt: str, registry: "Registry", place: Given) -> PlanParts:
    """A PDF with a text layer (:mod:`.pdf`): its task table when it has one, else its running text;
    with the function that names a line by its page."""
    from .pdf import read_pdf
    from .table import read_task_table
    from .traditional import simplified_twin

    pdf = read_pdf(path)
    sha = _file_sha(path)
    table = None
    if pdf.tables:
        twin = [simplified_twin(line) for line in pdf.lines]
        table = read_task_table(path, pdf.lines, twin, pdf.tables, _metadata(pdf.lines, twin, path, place))
    if table is None:
        flowing_twin = [simplified_twin(line) for line in pdf.flowing]
        parts = _inline(path, pdf.flowing, flowing_twin, sha, "pdf", registry, place,
                        _metadata(pdf.flowing, flowing_twin, path, place))
    else:
        meta, sections, measures, periods, tasks, findings = table
        parts = PlanParts(path, sha, "pdf", meta, sections, measures, periods, tasks, findings, "pdf")
    parts.reader = "pdf"
    parts.findings = pdf.findings + parts.findings
    parts.line_place = pdf.place
    return parts


def _name_pages(plan: Plan, place) -> Plan:
    """Each finding's line named as a person finds it in the PDF (``page 3 line 12``), but for the PDF
    reader's own findings, which name their pages."""
    from dataclasses import replace

    plan.findings = [finding if finding.code.startswith("pdf-") or not place(finding.line)
                     or place(finding.line).render("en") in finding.render("en")
                     else replace(finding, where=place(finding.line))
                     for finding in plan.findings]
    return plan


def _sheet(path: Path, fmt: str):
    """A workbook's lines, tables and findings; an .xls that is a web page (as many systems export
    "Excel") is made an .xlsx by LibreOffice first."""
    from .detect import OLE_MAGIC

    with path.open("rb") as handle:
        if fmt != "xls" or handle.read(8) == OLE_MAGIC:
            return sheet_tables(path)
    from .libreoffice import convert

    with tempfile.TemporaryDirectory(prefix="kg-xls-") as folder:
        return sheet_tables(convert(path, Path(folder), "xlsx"), shown=path)


def _grid(path: Path, fmt: str, registry: "Registry", place: Given) -> PlanParts:
    """A task table as a sheet, a CSV file or tab-separated text (:mod:`.grid`)."""
    from .table import read_task_table
    from .traditional import simplified_twin

    findings = []
    if fmt in _SHEETS:
        lines, tables, findings = _sheet(path, fmt)
        sha, encoding = _file_sha(path), fmt
    else:
        source = read_source(path)
        lines, tables = csv_tables(source.text) if fmt == "csv" else text_tables(source.lines)
        sha, encoding, findings = source.sha256, source.encoding, source_findings(source)
    twin = [simplified_twin(line) for line in lines]
    meta = _metadata(lines, twin, path, place)
    table = read_task_table(path, lines, twin, tables, meta)
    if table is None:
        raise InputError(_("no task table: no row titles a No. (序号) column and a unit column (牵头单位/责任单位/配合单位)"),
                         path=path, fix=_("give the table its header row, as the plan prints it"))
    meta, sections, measures, periods, tasks, table_findings = table
    return PlanParts(path, sha, encoding, meta, sections, measures, periods, tasks, findings + table_findings, fmt)


def _inline_text(path: Path, fmt: str, registry: "Registry", place: Given) -> PlanParts:
    """Running text whose measures name their units."""
    source = read_source(path)
    parts = _inline(path, source.text.split("\n"), source.twin_lines, source.sha256, source.encoding, registry, place)
    parts.findings += source_findings(source)
    return parts


def _inline(path: Path, lines: list[str], twin: list[str], sha: str, encoding: str, registry: "Registry",
            place: Given, meta=None) -> PlanParts:
    from .inline import read_inline
    from .traditional import is_traditional

    meta = meta or _metadata(lines, twin, path, place)
    sections, measures, tasks, findings = read_inline(lines, twin, meta.year, meta.body_start,
                                                      registry.protected(meta.place))
    if not tasks and _copied_table(twin):
        raise InputError(_("this looks like a task table copied out of a PDF: its columns are lost, so the units "
                           "of each row cannot be told apart"), path=path, line=_copied_table(twin),
                         fix=_("give the plan's .docx, or the PDF itself (kg reads a ruled table), "
                               "or export the table cell by cell"))
    if not tasks:
        raise InputError(_("no task table, and no measure names its units (in brackets such as （X牵头，Y负责）"
                           " or as 牵头单位：/责任单位： keys)"), path=path, line=len(lines),
                         fix=_("check that this is the plan itself, whose measures name their units"))
    if is_traditional("\n".join(lines), "\n".join(twin)):
        findings.append(Finding("traditional-characters", "info", Message(N_(
            "the plan is in traditional characters; its rules read in simplified (OpenCC t2s), names kept as "
            "written")), 1))
    return PlanParts(path, sha, encoding, meta, sections, measures, [], tasks, findings, "inline")


def _copied_table(twin: list[str]) -> int | None:
    """The line of a 序号 header whose column titles stand on lines of their own (a PDF table copy)."""
    from .roles import role_of_title

    for index, line in enumerate(twin):
        if line.strip() == "序号":
            titles = [t.strip() for t in twin[index + 1:index + 8]]
            if any(role_of_title(t) for t in titles if 0 < len(t) <= 8):
                return index + 1
    return None


@dataclass(frozen=True)
class Reader:
    """One way of reading a plan file: what reads it, and what ``kg build --help`` says of it."""

    read: Callable[[Path, str, "Registry", Given], PlanParts]
    description: str


#: Formats read as a spreadsheet by calamine (.xls is also WPS's .et).
_SHEETS = ("xlsx", "xls", "ods")

#: Every reader by the name ``--format`` takes and detection (:mod:`.detect`) returns; a new reader is
#: one entry here (tests/readers/test_reader_registry.py checks the names agree).
READERS: dict[str, Reader] = {
    "text-export": Reader(_text_export, "a task table exported cell by cell"),
    "docx": Reader(_docx, "a Word file, with a task table or as running text"),
    "doc": Reader(_doc, "Word 97, WPS, .odt or RTF, through LibreOffice"),
    "pdf": Reader(_pdf, "a PDF with a text layer: its ruled tables, or its running text"),
    "xlsx": Reader(_grid, "a task table as an Excel workbook"),
    "xls": Reader(_grid, "a task table as an Excel 97 workbook or WPS .et"),
    "ods": Reader(_grid, "a task table as an OpenDocument spreadsheet"),
    "csv": Reader(_grid, "a task table as a CSV file"),
    "text-table": Reader(_grid, "a task table as tab-separated lines pasted into text"),
    "inline": Reader(_inline_text, "running text whose measures name their units"),
}
FORMATS = tuple(READERS)
