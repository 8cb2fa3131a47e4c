"""Which reader a plan needs, and reading it into records.

``text-export`` (the annex table exported cell by cell), ``docx`` (a Word file
with a real task table) and ``inline`` (measures that end with their units in
parentheses). Detection looks at the file, not its name alone; ``--format``
overrides it.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from .errors import InputError
from .extract import extract_source, finish_plan
from .records import Plan
from .source import read_source
from .units import Registry

__all__ = ["FORMATS", "detect_format", "read_plan"]

FORMATS = ("text-export", "docx", "inline")


def detect_format(path: Path) -> str:
    """The reader for ``path``; a clear error when none fits."""
    path = Path(path)
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            if "word/document.xml" in archive.namelist():
                return "docx"
        raise InputError("a zip file that is not a Word document", path=path,
                         fix="give a .docx, or the plan's text export")
    if path.suffix.lower() in (".doc", ".pdf", ".wps"):
        raise InputError(f"kg cannot read {path.suffix} files", path=path,
                         fix="save the plan as .docx (Word) or as plain text")
    source = read_source(path)
    if any(line.startswith("\t") and line.strip() == "序号" for line in source.lines):
        return "text-export"
    from .read_inline import has_inline_assignments, to_simplified

    if has_inline_assignments(to_simplified(source.text)[0].split("\n")):
        return "inline"
    raise InputError("no task table and no measures with their units in parentheses", path=path,
                     line=len(source.lines),
                     fix="export the plan with its 任务清单 table, give the .docx, or see kg build --help")


def read_plan(path: Path, registry: Registry, *, strict: bool = False, fmt: str | None = None) -> Plan:
    path = Path(path)
    fmt = fmt or detect_format(path)
    if fmt == "text-export":
        plan = extract_source(read_source(path), registry, strict=strict)
    elif fmt == "docx":
        plan = _from_docx(path, registry, strict)
    elif fmt == "inline":
        plan = _from_inline(path, registry, strict)
    else:
        raise InputError(f"unknown format {fmt!r}", fix=f"use one of {', '.join(FORMATS)}")
    plan.reader = fmt
    return plan


def _from_docx(path: Path, registry: Registry, strict: bool) -> Plan:
    import hashlib

    from .read_docx import read_docx

    meta, sections, measures, periods, tasks, findings = read_docx(path)
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    return finish_plan(path, sha, "docx", meta, sections, measures, periods, tasks, findings, registry, strict)


def _from_inline(path: Path, registry: Registry, strict: bool) -> Plan:
    from .read_inline import read_inline

    source = read_source(path)
    meta, sections, measures, tasks, findings = read_inline(source)
    if not tasks:
        raise InputError("no measure names its responsible units in parentheses", path=path,
                         fix="check the plan, or give its task table")
    return finish_plan(path, source.sha256, source.encoding, meta, sections, measures, [], tasks, findings,
                       registry, strict)
