"""Readers: any plan file in, one :class:`~kg.records.Plan` out.

``text-export`` (a task table exported cell by cell), ``docx`` (a Word file,
with a task table or as running text), ``xlsx``, ``csv`` and ``text-table`` (a task
table as a sheet, a CSV file, or tab-separated lines pasted into text) and ``inline``
(running text whose measures name their units). Detection looks at the file, not its name alone;
``--format`` overrides it. The rules every reader shares live in one module
each: :mod:`.dates` (deadlines, ongoing words, periods, no-target marks),
:mod:`.roles` (role words, keys, inference), :mod:`.unitlist` (splitting unit
lists), :mod:`.metadata` (title, place, year), :mod:`.outline` (numbering) and
:mod:`.traditional` (traditional characters).
"""
from __future__ import annotations

import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError
from ..model.records import Plan
from .finish import PlanParts, finish_plan
from .grid import csv_tables, has_text_table, sheet_tables, text_tables
from .metadata import read_metadata
from .source import read_source, source_findings

if TYPE_CHECKING:
    from ..readers.registry import Registry

__all__ = ["FORMATS", "detect_format", "read_plan"]

FORMATS = ("text-export", "docx", "xlsx", "csv", "text-table", "inline")


def _is_text_export(lines: list[str]) -> bool:
    return any(line.startswith("\t") and line.strip() == "序号" for line in lines)


def detect_format(path: Path) -> str:
    """The reader for ``path``; a clear error when none fits."""
    path = Path(path)
    if path.is_file() and zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            if "word/document.xml" in archive.namelist():
                return "docx"
            if "xl/workbook.xml" in archive.namelist():
                return "xlsx"
        raise InputError("a zip file that is neither a Word document nor an Excel workbook", path=path,
                         fix="give a .docx or .xlsx, or the plan's text")
    kinds = {".docx": "Word document (.docx)", ".xlsx": "Excel workbook (.xlsx)"}
    if path.suffix.lower() in kinds and path.is_file():
        raise InputError(f"not a readable {kinds[path.suffix.lower()]}: the file is damaged or of another kind",
                         path=path, fix="save it again from Word, Excel or WPS")
    if path.suffix.lower() in (".doc", ".pdf", ".wps", ".xls", ".et"):
        raise InputError(f"kg cannot read {path.suffix} files", path=path,
                         fix="save the plan as .docx (Word) or .xlsx (Excel), or copy its text into a .txt file")
    if path.suffix.lower() == ".csv":
        return "csv"
    source = read_source(path)
    if _is_text_export(source.lines):
        return "text-export"
    return "text-table" if has_text_table(source.lines) else "inline"


def read_plan(path: Path, registry: "Registry", *, strict: bool = False, fmt: str | None = None,
              place: str | None = None) -> Plan:
    """Read one plan file. ``place`` overrides the place read from the title (it picks the registry rows)."""
    path = Path(path)
    fmt = fmt or detect_format(path)
    if fmt == "text-export":
        parts = _text_export(path, registry, place)
    elif fmt == "docx":
        parts = _docx(path, registry, place)
    elif fmt in ("xlsx", "csv", "text-table"):
        parts = _grid(path, fmt, registry, place)
    elif fmt == "inline":
        source = read_source(path)
        parts = _inline(path, source.text.split("\n"), source.twin_lines, source.sha256, source.encoding,
                        registry, place)
        parts.findings += source_findings(source)
    else:
        raise InputError(f"unknown format {fmt!r}", fix=f"use one of {', '.join(FORMATS)}")
    return finish_plan(parts, registry, strict)


def _metadata(lines: list[str], twin: list[str], path: Path, place: str | None):
    meta = read_metadata(lines, path, twin)
    if place:
        from .metadata import place_level, place_of

        meta.place = place
        meta.place_path = place_of(place) or (place,)
        meta.place_level = place_level(place) if place_of(place) else None
    return meta


def _text_export(path: Path, registry: "Registry", place: str | None) -> PlanParts:
    from .text_export import read_text_export

    source = read_source(path)
    meta = _metadata(source.lines, source.twin_lines, path, place)
    try:
        meta, sections, measures, periods, tasks, findings = read_text_export(
            source, lambda cell: registry.is_unit_list(cell, meta.place), meta)
    except InputError as err:
        if source.cut_at is None:
            raise
        raise InputError(f"{err.message}; the file stops in the middle of a character on line {source.cut_at}, "
                         "so it was cut", path=path, line=err.line, fix="copy the whole plan again") from None
    return PlanParts(path, source.sha256, source.encoding, meta, sections, measures, periods, tasks,
                     findings + source_findings(source), "text-export")


def _file_sha(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def _docx(path: Path, registry: "Registry", place: str | None) -> PlanParts:
    from .traditional import simplified_twin
    from .word import open_document, paragraphs, read_docx

    document = open_document(path)
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


def _grid(path: Path, fmt: str, registry: "Registry", place: str | None) -> PlanParts:
    """A task table as a sheet, a CSV file or tab-separated text (:mod:`.grid`)."""
    from .table import read_task_table
    from .traditional import simplified_twin

    findings = []
    if fmt == "xlsx":
        lines, tables, findings = sheet_tables(path)
        sha, encoding = _file_sha(path), "xlsx"
    else:
        source = read_source(path)
        lines, tables = csv_tables(source.text) if fmt == "csv" else text_tables(source.lines)
        sha, encoding, findings = source.sha256, source.encoding, source_findings(source)
    twin = [simplified_twin(line) for line in lines]
    meta = _metadata(lines, twin, path, place)
    table = read_task_table(path, lines, twin, tables, meta)
    if table is None:
        raise InputError("no task table: no row titles a 序号 column and a unit column (牵头单位/责任单位/配合单位)",
                         path=path, fix="give the table its header row, as the plan prints it")
    meta, sections, measures, periods, tasks, table_findings = table
    return PlanParts(path, sha, encoding, meta, sections, measures, periods, tasks, findings + table_findings, fmt)


def _inline(path: Path, lines: list[str], twin: list[str], sha: str, encoding: str, registry: "Registry",
            place: str | None, meta=None) -> PlanParts:
    from ..model.records import Finding
    from .inline import read_inline
    from .traditional import is_traditional

    meta = meta or _metadata(lines, twin, path, place)
    sections, measures, tasks, findings = read_inline(lines, twin, meta.year, meta.body_start,
                                                      registry.protected(meta.place))
    if not tasks and _copied_table(twin):
        raise InputError("this looks like a task table copied out of a PDF: its columns are lost, so the units "
                         "of each row cannot be told apart", path=path, line=_copied_table(twin),
                         fix="give the plan's .docx (or save the PDF as Word), or export the table cell by cell")
    if not tasks:
        raise InputError("no task table, and no measure names its units (in brackets such as （X牵头，Y负责）"
                         " or as 牵头单位：/责任单位： keys)", path=path, line=len(lines),
                         fix="check that this is the plan itself; for a PDF, copy its text into a .txt file")
    if is_traditional("\n".join(lines), "\n".join(twin)):
        findings.append(Finding("traditional-characters", "info", "the plan is in traditional characters; "
                                "its rules read in simplified (OpenCC t2s), names kept as written", 1))
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
