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
from .indicators import check_sums, extract_indicators
from .extract import assign_units, extract_source, link_measures, plan_id_for
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


def _plan(path: Path, sha256: str, encoding: str, meta: dict, sections, measures, periods, tasks, findings) -> Plan:
    return Plan(plan_id=plan_id_for(path, sha256), source_name=path.name, sha256=sha256, encoding=encoding,
                title=meta.get("title") or path.stem, county=meta.get("county"), year=meta.get("year"),
                publisher=meta.get("publisher"), issued=meta.get("issued"), printed=meta.get("printed"),
                notice_title=meta.get("notice_title"), addressees=meta.get("addressees"),
                release_note=meta.get("release_note"), preamble=meta.get("preamble"),
                goals=meta.get("goals", []), copy_to=meta.get("copy_to"), sections=sections,
                measures=measures, periods=periods, tasks=tasks,
                findings=sorted(findings, key=lambda f: (f.line, f.code, f.message)))


def _finish(path, registry, strict, meta, sections, measures, periods, tasks, findings, sha256, encoding):
    for task in tasks:
        assign_units(path, task, registry, findings, strict, meta.get("county"))
    if not any(t.measure for t in tasks):
        link_measures(tasks, measures, findings)
    indicators = extract_indicators(tasks)
    findings += check_sums(indicators)
    plan = _plan(path, sha256, encoding, meta, sections, measures, periods, tasks, findings)
    plan.indicators = indicators
    return plan


def _from_docx(path: Path, registry: Registry, strict: bool) -> Plan:
    import hashlib

    from .read_docx import read_docx

    meta, sections, measures, periods, tasks, findings = read_docx(path)
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    return _finish(path, registry, strict, meta, sections, measures, periods, tasks, findings, sha, "docx")


def _from_inline(path: Path, registry: Registry, strict: bool) -> Plan:
    from .read_inline import read_inline

    source = read_source(path)
    meta, sections, measures, tasks, findings = read_inline(source)
    if not tasks:
        raise InputError("no measure names its responsible units in parentheses", path=path,
                         fix="check the plan, or give its task table")
    return _finish(path, registry, strict, meta, sections, measures, [], tasks, findings, source.sha256,
                   source.encoding)
