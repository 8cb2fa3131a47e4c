"""A plan export to records: body, annex rows, resolved units, task→measure links."""
from __future__ import annotations

import re
from pathlib import Path

from .annex import find_annex, parse_periods, parse_rows
from .body import parse_body
from .errors import InputError
from .indicators import check_sums, extract_indicators
from .records import ROLES, Assignment, Finding, Measure, Plan, Task
from .source import Source, read_source, split_cells
from .units import Registry

__all__ = ["extract", "extract_source", "finish_plan", "plan_id_for", "link_measures", "assign_units"]


def plan_id_for(path: Path, sha256: str) -> str:
    """A stable ASCII id: the file's name when it is a slug, else a digest of the bytes.

    >>> plan_id_for(Path("fengjie-2023-business-environment.txt"), "ab" * 32)
    'fengjie-2023-business-environment'
    >>> plan_id_for(Path("奉节方案.txt"), "ab" * 32)
    'plan-abababababab'
    """
    slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
    if slug and path.stem.isascii() and not slug.isdigit():
        return slug
    return f"plan-{sha256[:12]}"


def extract(path: str | Path, registry: Registry, *, strict: bool = False) -> Plan:
    return extract_source(read_source(path), registry, strict=strict)


def extract_source(source: Source, registry: Registry, *, strict: bool = False) -> Plan:
    header = find_annex(source)
    body_end = header
    for index in range(header - 1, -1, -1):  # the annex starts at its 附件 line, if any
        if source.lines[index].strip() == "附件":
            body_end = index
            break
    meta, sections, measures, findings = parse_body(source.lines, body_end)
    first_row = len(source.lines)
    for index in range(header, len(source.lines)):
        cell = source.lines[index][1:].strip()
        if source.lines[index].startswith("\t") and (cell.isdigit() or re.match(r"^[一二三四五六七八九十]+、", cell)):
            first_row = index
            break
    header_cells = split_cells(source.lines[:first_row], header)
    periods = parse_periods(header_cells, meta.get("year"), source.path)
    tasks, row_findings = parse_rows(source, first_row, periods, registry.is_unit_list)
    findings += row_findings
    _repeated_work_items(tasks, findings)
    if not meta.get("title"):
        findings.append(Finding("no-title", "warning", "no plan title line found", 1))
    return finish_plan(source.path, source.sha256, source.encoding, meta, sections, measures, periods, tasks,
                       findings, registry, strict)


def finish_plan(path: Path, sha256: str, encoding: str, meta: dict, sections: list, measures: list[Measure],
                periods: list, tasks: list[Task], findings: list[Finding], registry: Registry,
                strict: bool) -> Plan:
    """What every reader ends with: units resolved, measures linked, indicators read, one Plan."""
    for task in tasks:
        assign_units(path, task, registry, findings, strict, meta.get("county"))
    if not any(t.measure for t in tasks):
        link_measures(tasks, measures, findings)
    indicators = extract_indicators(tasks)
    findings += check_sums(indicators)
    return Plan(plan_id=plan_id_for(path, sha256), source_name=path.name, sha256=sha256, encoding=encoding,
                title=meta.get("title") or path.stem, county=meta.get("county"), year=meta.get("year"),
                publisher=meta.get("publisher"), issued=meta.get("issued"), printed=meta.get("printed"),
                notice_title=meta.get("notice_title"), addressees=meta.get("addressees"),
                release_note=meta.get("release_note"), preamble=meta.get("preamble"),
                goals=meta.get("goals", []), copy_to=meta.get("copy_to"), sections=sections,
                measures=measures, periods=periods, tasks=tasks,
                findings=sorted(findings, key=lambda f: (f.line, f.code, f.message)), indicators=indicators)


def assign_units(path: Path, task: Task, registry: Registry, findings: list[Finding],
                 strict: bool, county: str | None = None) -> None:
    for role in ROLES:
        line, text = task.role_cells[role]
        if text.strip() in ("/", "／"):
            findings.append(Finding("no-units", "info",
                                    f"task {task.number}: {role} cell is '/' (none)", line, task.number))
        for position, mention in enumerate(registry.parse(text), start=1):
            if not mention.known:
                if strict:
                    raise InputError(f"task {task.number}: unit {mention.written!r} is not in the "
                                     f"registry", path=path, line=line,
                                     fix=f"add it (or an alias) to {registry.path}")
                hint = registry.suggest(mention.written, county)
                advice = (f"; probably {hint[0].name_zh} ({hint[1]}): add it as an alias "
                          f"(kg units suggest)" if hint else "")
                findings.append(Finding("unknown-unit", "warning",
                                        f"task {task.number}: {role} {mention.written!r} is not in "
                                        f"the registry; kept as a unit of unknown kind{advice}", line,
                                        task.number, mention.written))
            if mention.via_alias:
                findings.append(Finding("alias-used", "info",
                                        f"task {task.number}: {mention.written!r} read as "
                                        f"{mention.unit.name_zh!r}", line, task.number, mention.written))
            if mention.etc:
                findings.append(Finding("open-list", "info",
                                        f"task {task.number}: {role} list ends in 等 after "
                                        f"{mention.unit.name_zh!r} (and others)", line, task.number))
            if not mention.unit.concrete and mention.unit.kind != "unknown":
                findings.append(Finding(mention.unit.kind, "info",
                                        f"task {task.number}: {role} {mention.unit.name_zh!r} is a "
                                        f"{mention.unit.kind}, not one unit", line, task.number,
                                        mention.unit.name_zh))
            task.assignments.append(Assignment(role, position, mention.written, mention.unit.id,
                                               line, mention.via_alias, mention.etc))


def _bigrams(text: str) -> set[str]:
    text = re.sub(r"[\s，。、；：“”《》（）()]", "", text)
    return {text[i:i + 2] for i in range(len(text) - 1)}


def link_measures(tasks: list[Task], measures: list[Measure], findings: list[Finding]) -> None:
    """Link each task to the measure whose text it repeats most (character bigrams).

    The annex never names its measure, so the link is an inference: its score
    (the larger share of the work item's or the description's bigrams found in
    the measure's text) is kept with it.
    """
    if not measures:
        return
    grams = {m.number: _bigrams(m.text) for m in measures}
    for task in tasks:
        parts = [g for g in (_bigrams(task.work_item), _bigrams(task.description)) if g]
        if not parts:
            continue

        def score(measure: Measure) -> float:
            return max(len(p & grams[measure.number]) / len(p) for p in parts)

        candidates = [m for m in measures if m.section == task.section] or measures
        best = max(candidates, key=lambda m: (score(m), -m.number))
        task.measure = best.number
        task.measure_score = round(score(best), 3)
        if task.measure_score < 0.5:
            findings.append(Finding("weak-measure-link", "warning",
                                    f"task {task.number}: linked to measure {best.number} with "
                                    f"overlap {task.measure_score}; check by hand",
                                    task.first_line, task.number))


def _repeated_work_items(tasks: list[Task], findings: list[Finding]) -> None:
    """A 具体任务 written again rather than left empty: the table broke across pages."""
    last_seen: dict[str, Task] = {}
    for task in tasks:
        earlier = last_seen.get(task.work_item)
        if earlier and not task.work_item_inferred:
            findings.append(Finding("work-item-repeated", "info",
                                    f"task {task.number}: 具体任务 {task.work_item!r} written again "
                                    f"(also task {earlier.number}); read as the same work item",
                                    task.first_line, task.number))
        last_seen[task.work_item] = task
