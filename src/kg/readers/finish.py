"""What every reader ends with: units resolved against the registry of the plan's place,
unstated roles inferred (and marked), tasks linked to measures, indicators read."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from ..errors import InputError
from ..i18n import _
from ..model.messages import N_, Message, Value
from ..model.domain import ROLE_NAMES
from ..model.records import (
    Assignment,
    Finding,
    Measure,
    Period,
    Plan,
    Section,
    Task,
)
from .body import metadata_findings
from .indicators import check_sums, extract_indicators
from .metadata import Metadata
from .roles import Reading, Stated, first_listed_leads, infer_roles, read_assignment, role_at_end, split_marked
from .traditional import simplified_twin
from .unitlist import NONE_MARKS, compact

if TYPE_CHECKING:
    from ..readers.registry import Registry

__all__ = ["PlanParts", "finish_plan", "plan_id_for", "link_measures", "assign_units", "cell_roles",
           "kinds_inferred"]


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


@dataclass
class PlanParts:
    """What a reader found, before units are resolved: one shape for every reader."""

    path: Path
    sha256: str
    encoding: str
    meta: Metadata
    sections: list[Section]
    measures: list[Measure]
    periods: list[Period]
    tasks: list[Task]
    findings: list[Finding]
    reader: str
    #: How a person finds a line in the file (a PDF's ``page 3 line 12``), when not by its number.
    line_place: Callable[[int], "Message | None"] | None = None


def finish_plan(parts: PlanParts, registry: "Registry", strict: bool = False) -> Plan:
    """What every reader ends with: units resolved, roles inferred, measures linked, indicators read."""
    meta, findings, tasks = parts.meta, parts.findings, parts.tasks
    findings += metadata_findings(meta)
    if meta.place and not registry.covers(meta.place):
        findings.append(Finding("registry-other-place", "info",
                                Message(N_("the unit registry has no rows for %(place)s: names are kept as "
                                           "written (kg units suggest proposes rows for %(place)s)"),
                                        place=meta.place), meta.title_line or 1))
    for task in tasks:
        assign_units(parts.path, task, registry, findings, strict, meta.place,
                     (meta.first_leads, meta.others_support))
    findings += kinds_inferred(tasks, registry)
    if not any(t.measure for t in tasks):
        link_measures(tasks, parts.measures, findings)
        linked = {t.measure for t in tasks}
        for measure in parts.measures:
            if measure.number not in linked:
                findings.append(Finding("measure-without-task", "warning",
                                        Message(N_("measure %(measure)s (%(title)s) has no task in the table; "
                                                   "was the plan cut short?"), measure=measure.number,
                                                title=measure.title), measure.line))
    indicators = extract_indicators(tasks)
    findings += check_sums(indicators)
    return Plan(plan_id=plan_id_for(parts.path, parts.sha256), source_name=parts.path.name, sha256=parts.sha256,
                encoding=parts.encoding, title=meta.title or parts.path.stem, place=meta.place, year=meta.year,
                publisher=meta.publisher, issued=meta.issued, printed=meta.printed,
                notice_title=meta.notice_title, addressees=meta.addressees, release_note=meta.release_note,
                preamble=meta.preamble, goals=meta.goals, copy_to=meta.copy_to, sections=parts.sections,
                measures=parts.measures, periods=parts.periods, tasks=tasks,
                findings=sorted(findings, key=lambda f: (f.line, f.code, f.render("en"))), indicators=indicators,
                reader=parts.reader, place_level=meta.place_level, place_path=meta.place_path,
                doc_number=meta.doc_number)


def kinds_inferred(tasks: list[Task], registry: "Registry") -> list[Finding]:
    """One finding per name the registry lacks whose kind was read from the name (…局, …公司, 各…)."""
    first: dict[str, tuple[int, int]] = {}
    for task in tasks:
        for a in task.assignments:
            first.setdefault(a.unit_id, (a.line, task.number))
    findings = []
    for unit_id, (line, number) in first.items():
        unit = registry.get(unit_id)
        if not unit.registered and unit.kind_from:
            findings.append(Finding("kind-inferred", "info", Message(N_(
                "'%(unit)s' is not in the registry: kind %(kind)s read from its name (%(why)s); a registry row "
                "(kg units suggest) states it"), unit=unit.name_zh, kind=Value("kind", unit.kind), why=unit.kind_from),
                line, number, unit.name_zh))
    return findings


def cell_roles(role: str, text: str, protected: tuple[str, ...] = ()) -> list[Stated]:
    """A table's unit cell. Every name takes the column's role (a 牵头单位 cell that reads
    ``X、Y按职责分工负责`` names two leads), unless the cell itself names several roles
    (``牵头单位：X；配合单位：Y``, ``X牵头，Y配合``): then each name takes the role written for it.

    >>> [(s.role, s.name.written) for s in cell_roles("lead", "市发改委、市财政局按职责分工负责")]
    [('lead', '市发改委'), ('lead', '市财政局')]
    >>> [(s.role, s.name.written) for s in cell_roles("host", "市发改委牵头，市财政局配合")]
    [('lead', '市发改委'), ('support', '市财政局')]
    >>> [(s.role, s.name.written) for s in cell_roles("support", "市发改委（牵头）、市财政局")]
    [('support', '市发改委'), ('support', '市财政局'), ('lead', '市发改委')]
    >>> [(s.role, s.name.written) for s in cell_roles("lead", "市发改委（牵头）、市财政局")]
    [('lead', '市发改委'), ('lead', '市财政局')]
    """
    reading = read_assignment(text, protected=protected)
    # roles the cell's own words give (a bracket after a name, 市发改委（牵头）, adds to the column's role)
    written_roles = {s.role for s in reading.roles if s.stated and s.basis not in ("bare-list", "marker")}
    if len(written_roles) > 1 or any(s.basis == "key" for s in reading.roles):
        return [s for s in reading.roles if s.stated]
    twin = simplified_twin(text)
    trimmed = compact(twin)
    if found := role_at_end(trimmed):
        trimmed = trimmed[:found[1]]
    written = compact(text)[:len(trimmed)]
    names, marked = split_marked(written, trimmed, protected)
    return [Stated(role, name, "column") for name in names] + [s for s in marked if s.role != role]


def assign_units(path: Path, task: Task, registry: "Registry", findings: list[Finding],
                 strict: bool, place: str | None = None, convention: tuple[bool, bool] = (False, False)) -> None:
    """A task's units resolved in the registry; a table's cells read first, under the plan's stated
    first-listed-leads ``convention`` (stated, and whether the others support)."""
    protected = registry.protected(place)
    roles = task.roles
    if not roles:
        for role in ROLE_NAMES:
            line, text = task.role_cells[role]
            if compact(text) in NONE_MARKS and compact(text):
                findings.append(Finding("no-units", "info", Message(N_(
                    "task %(task)s: %(role)s cell is '%(text)s' (none)"), task=task.number, role=Value("role", role),
                    text=compact(text)), line, task.number))
            roles += cell_roles(role, text, protected)
        if convention[0]:
            reading = Reading(roles=roles)
            first_listed_leads(reading, convention[1])
            roles = reading.roles
        roles, inferred = infer_roles(roles)
        for role in inferred:
            findings.append(Finding(f"{role}-inferred", "info", Message(
                N_("task %(task)s: no lead named; the first host read as lead, marked as inferred") if role == "lead"
                else N_("task %(task)s: no host named; the lead read as host, marked as inferred"),
                task=task.number), task.first_line, task.number))
    covered = registry.covers(place)
    positions: dict[str, int] = {}
    for stated in roles:
        role, name = stated.role, stated.name
        line = task.role_cells[role][0] if task.role_cells.get(role) else task.first_line
        mention = registry.resolve(name.written, place, name.etc)
        if not mention.known and stated.stated:
            if strict:
                raise InputError(_("task %(task)s: unit %(unit)s is not in the registry") % {"task": task.number,
                                                                                            "unit": repr(mention.written)},
                                 path=path, line=line, fix=_("add it (or an alias) to %(path)s") % {"path": registry.path})
            hint = registry.suggest(mention.written, place) if covered else None
            findings.append(Finding("unknown-unit", "warning" if covered else "info",
                                    _unknown_unit(task.number, role, mention, place, hint), line, task.number,
                                    mention.written))
        if mention.via_alias and stated.stated:
            findings.append(Finding("alias-used", "info", Message(N_("task %(task)s: '%(text)s' read as '%(unit)s'"),
                                    task=task.number, text=mention.written, unit=mention.unit.name_zh), line,
                                    task.number, mention.written))
        if mention.etc and stated.stated:
            findings.append(Finding("open-list", "info", Message(N_(
                "task %(task)s: %(role)s list ends in 等 after '%(unit)s' (and others)"), task=task.number,
                role=Value("role", role), unit=mention.unit.name_zh), line, task.number))
        if not mention.unit.concrete and mention.unit.kind != "unknown" and stated.stated:
            findings.append(Finding(mention.unit.kind, "info", Message(N_(
                "task %(task)s: %(role)s '%(unit)s' is not one unit but %(kind)s"), task=task.number,
                role=Value("role", role), unit=mention.unit.name_zh, kind=Value("kind", mention.unit.kind)), line,
                task.number, mention.unit.name_zh))
        positions[role] = positions.get(role, 0) + 1
        task.assignments.append(Assignment(role, positions[role], mention.written, mention.unit.id, line,
                                           mention.via_alias, mention.etc, stated.stated, stated.basis))


def _unknown_unit(task: int, role: str, mention, place: str | None, hint) -> Message:
    """A name the registry lacks, with the registry unit it probably means (an alias to add)."""
    said = dict(task=task, role=Value("role", role), text=mention.written, kind=Value("kind", mention.unit.kind))
    advice = Message(N_("; probably %(unit)s (%(why)s): add it as an alias (kg units suggest)"),
                     unit=hint[0].name_zh, why=hint[1]) if hint else ""
    if place:
        return Message(N_("task %(task)s: %(role)s '%(text)s' is not in the registry of %(place)s; kept as written, "
                          "kind %(kind)s%(advice)s"), place=place, advice=advice, **said)
    return Message(N_("task %(task)s: %(role)s '%(text)s' is not in the registry; kept as written, kind "
                      "%(kind)s%(advice)s"), advice=advice, **said)


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
                                    Message(N_("task %(task)s: linked to measure %(measure)s with overlap "
                                               "%(score)s; check by hand"), task=task.number, measure=best.number,
                                            score=task.measure_score),
                                    task.first_line, task.number))
