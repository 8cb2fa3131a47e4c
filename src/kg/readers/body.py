"""The plan's body before its task table: metadata, notice, goals, sections and numbered measures."""
from __future__ import annotations

import re

from ..model.messages import N_, Message
from ..model.records import Finding, Measure, Section
from .metadata import Metadata, read_metadata
from .outline import MEASURE_LINE, SECTION_LINE, chinese_number

__all__ = ["parse_body", "metadata_findings", "periods_without_year"]

_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")


def _iso(match: re.Match[str]) -> str:
    y, m, d = (int(g) for g in match.groups())
    return f"{y:04d}-{m:02d}-{d:02d}"


_YEAR_FROM = {"doc-number": N_("document number (文号)"), "issued": N_("issue date"), "file-name": N_("file name"),
              "period-headers": N_("period column titles")}


def metadata_findings(meta: Metadata) -> list[Finding]:
    """What the plan does not say about itself, as findings (never a failed build)."""
    findings = []
    if not meta.title:
        findings.append(Finding("no-title", "warning", Message(N_(
            "no plan title found; the file name stands in (fix: kg build --title TEXT)")), 1))
    if meta.year is None:
        findings.append(Finding("no-year", "warning", Message(N_(
            "no year in the title, 文号, issue date or file name; deadlines written without a year stay unread "
            "(fix: kg build --year YYYY)")), 1))
    elif meta.year_from not in ("title", "given"):
        source = Message(_YEAR_FROM.get(meta.year_from or "", meta.year_from or ""))
        findings.append(Finding("year-inferred", "info", Message(N_(
            "the year %(year)s is read from the %(source)s, not the title"), year=meta.year, source=source),
            meta.title_line or 1))
    if meta.place is None:
        findings.append(Finding("no-place", "warning", Message(N_(
            "the plan names no place (省/市/县/区…) in its title or issuer; unit names are kept as written and no "
            "unit registry is applied (fix: kg build --place NAME)")), 1))
    return findings


def periods_without_year(labels: list[str]) -> Finding:
    """A table's period columns when neither the plan nor the headers give a year: kept as text."""
    return Finding("periods-without-year", "warning", Message(N_(
        "the period columns (%(periods)s…) name no year and the plan gives none: their cells are kept as text, "
        "not milestones (fix: kg build --year YYYY)"), periods="、".join(labels[:3])), 1)


def parse_body(lines: list[str], twin: list[str], end: int, meta: Metadata | None = None,
               ) -> tuple[Metadata, list[Section], list[Measure], list[Finding]]:
    """Metadata, sections and measures from ``lines[:end]`` (the part before the task table)."""
    meta = meta or read_metadata(lines, twin=twin)
    findings: list[Finding] = []
    sections: list[Section] = []
    measures: list[Measure] = []
    stripped = [line.strip() for line in lines]
    nonblank = [(i, s) for i, s in enumerate(stripped[:end]) if s]
    section = 0
    for i, s in nonblank:
        if s.startswith("为") and meta.preamble is None and i >= meta.body_start:
            meta.preamble = s
            if goals := re.search(r"实现(.+?)目标", s):
                meta.goals = [g.strip() for g in goals.group(1).split("、") if g.strip()]
        if i < meta.body_start:
            continue
        if m := SECTION_LINE.match(s):
            section = chinese_number(m.group(1))
            sections.append(Section(section, m.group(2), i + 1))
        elif m := MEASURE_LINE.match(s):
            title = m.group(2).rstrip("。；;")
            measures.append(Measure(int(m.group(1)), section, title, s, i + 1))
    for i, s in enumerate(stripped):
        if s.startswith("抄送"):
            copy = [s.partition("：")[2] or s[2:]]
            for t in stripped[i + 1:]:
                if copy[-1].endswith("。"):
                    break
                if t:
                    copy.append(t)
            meta.copy_to = "".join(copy).rstrip("。")
        if (m := re.search(r"(\d{4})年(\d{1,2})月(\d{1,2})日印发", s)) and meta.printed is None:
            meta.printed = _iso(m)
    has_body = any(i >= meta.body_start for i, _ in nonblank)  # a sheet may hold its title and the table alone
    if not sections and has_body:
        findings.append(Finding("no-sections", "warning", Message(N_(
            "the body has no numbered sections (一、… 二、…)")), 1))
    if not measures and has_body:
        findings.append(Finding("no-measures", "warning", Message(N_("the body has no numbered measures (1.… 2.…)")), 1))
    numbers = [m.number for m in measures]
    if numbers != list(range(1, len(numbers) + 1)):
        findings.append(Finding("measure-numbering", "warning",
                                Message(N_("measures are numbered %(numbers)s, not 1..%(n)s"),
                                        numbers=str(numbers), n=len(numbers)),
                                measures[0].line if measures else 1))
    return meta, sections, measures, findings
