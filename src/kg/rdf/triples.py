"""Records to RDF: the one place that decides how a plan becomes triples."""
from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from rdflib import Graph, Literal, URIRef

from ..i18n import LANGUAGES
from ..model.domain import NOT_ONE_UNIT
from ..model.records import Plan, Task
from ..model.vocab import (
    DCTERMS,
    KG,
    KGK,
    KGM,
    ORG,
    PROV,
    RDF,
    ROLE_CONCEPT,
    ROLE_PROPERTY,
    SKOS,
    TIME,
    XSD,
    bind,
    period_iri,
    plan_iri,
    unit_iri,
)
from ..readers.registry import Registry, Unit

__all__ = ["Triples", "plan_graph", "unit_triples"]

#: The classes of the kinds that are not one organisation (kg:Collective, kg:Placeholder): queries leave them out.
_UNIT_CLASS = {kind: KG[kind.title()] for kind in NOT_ONE_UNIT}


@lru_cache(maxsize=65536)  # the same unit names, cell texts and numbers recur across rows and plans
def _zh(text: str) -> Literal:
    return Literal(text, lang="zh")


@lru_cache(maxsize=4096)
def _int(value: int) -> Literal:
    return Literal(value, datatype=XSD.integer)


def _decimal(value: float) -> str:
    """Canonical xsd:decimal lexical form (``9000.0``, ``99.5``), so Turtle and JSON-LD agree.

    >>> _decimal(9000), _decimal(99.5)
    ('9000.0', '99.5')
    """
    text = format(Decimal(str(value)).normalize(), "f")
    return text if "." in text else f"{text}.0"


def _slug(path: list[str]) -> str:
    """A short, stable ASCII key for a work item (by its place in the hierarchy)."""
    import hashlib

    return hashlib.sha256("\x1f".join(path).encode("utf-8")).hexdigest()[:10]


def _period_year(plan: Plan) -> str:
    """The year a plan's periods are shared under: the plan's own, else their first month's.

    A plan with neither (no year read, no period columns) has no period for anything to name,
    so the value is never used in an IRI.
    """
    if plan.year:
        return f"{plan.year:04d}"
    return plan.periods[0].start[:4] if plan.periods else "undated"


@lru_cache(maxsize=2)
def _bool(value: bool) -> Literal:
    return Literal(value, datatype=XSD.boolean)


def unit_triples(graph: Triples, unit: Unit) -> URIRef:
    """A unit's description, shared by every plan that names it."""
    node = unit_iri(unit.id)
    graph.add((node, RDF.type, KG.Unit))
    graph.add((node, RDF.type, _UNIT_CLASS.get(unit.kind, ORG.Organization)))
    graph.add((node, DCTERMS.identifier, Literal(unit.id)))
    graph.add((node, SKOS.prefLabel, _zh(unit.name_zh)))
    if unit.name_en:
        graph.add((node, SKOS.prefLabel, Literal(unit.name_en, lang="en")))
    for alias in unit.aliases:
        graph.add((node, SKOS.altLabel, _zh(alias)))
    if unit.note:
        graph.add((node, SKOS.note, Literal(unit.note, lang="en")))
    graph.add((node, KG.kind, KGK[unit.kind]))
    for key in unit.keys:
        graph.add((node, KG.key, Literal(key)))
    graph.add((node, KG.inRegistry, _bool(unit.registered)))
    if unit.place:
        graph.add((node, KG.place, _zh(unit.place)))
    return node


class Triples:
    """A set of triples with a Graph's ``add``: what building needs, without rdflib's three indexes per add
    (which were most of a build's time). :meth:`graph` gives an rdflib Graph when one is wanted."""

    def __init__(self) -> None:
        self._triples: set[tuple] = set()

    def add(self, triple: tuple) -> None:
        self._triples.add(triple)

    def update(self, other: Triples) -> None:
        self._triples |= other._triples

    def __iter__(self):
        return iter(self._triples)

    def __len__(self) -> int:
        return len(self._triples)

    def graph(self) -> Graph:
        g = Graph()
        bind(g)
        g.addN((s, p, o, g) for s, p, o in self._triples)
        return g


def plan_graph(plan: Plan, registry: Registry) -> Triples:
    """The plan's triples. No blank nodes, so a rebuild serialises identically.

    Written in a fixed order (plan, sections, measures, periods, tasks, units, indicators, findings):
    the JSON-LD keeps the order the triples were added in."""
    g = Triples()
    p = plan_iri(plan.plan_id)
    base = str(p)
    source = URIRef(f"{base}/source")
    _plan_triples(g, plan, p, source)
    _section_triples(g, plan, p)
    _measure_triples(g, plan, p)
    year = _period_year(plan)
    _period_triples(g, plan, year)
    units_used: dict[str, Unit] = {}
    for task in plan.tasks:
        _task_triples(g, task, p, source, year)
        for unit in _assignment_triples(g, task, URIRef(f"{base}/task/{task.number}"), registry):
            units_used[unit.id] = unit
    for unit in units_used.values():
        unit_triples(g, unit)
    _indicator_triples(g, plan, p, year)
    _finding_triples(g, plan, p)
    return g


def _plan_triples(g: Triples, plan: Plan, p: URIRef, source: URIRef) -> None:
    """The plan itself and the source file it was read from."""
    g.add((p, RDF.type, KG.Plan))
    g.add((p, RDF.type, PROV.Plan))
    g.add((p, DCTERMS.identifier, Literal(plan.plan_id)))
    g.add((p, DCTERMS.title, _zh(plan.title)))
    g.add((p, DCTERMS.source, source))
    g.add((p, KG.reader, Literal(plan.reader)))
    for value, prop in ((plan.publisher, DCTERMS.publisher), (plan.notice_title, KG.noticeTitle),
                        (plan.addressees, KG.addressees), (plan.copy_to, KG.copyTo),
                        (plan.release_note, KG.releaseNote), (plan.preamble, KG.preamble),
                        (plan.place, KG.place), (plan.doc_number, KG.docNumber)):
        if value:
            g.add((p, prop, _zh(value)))
    if plan.place_level:
        g.add((p, KG.placeLevel, Literal(plan.place_level)))
    if plan.issued:
        g.add((p, DCTERMS.issued, Literal(plan.issued, datatype=XSD.date)))
    if plan.printed:
        g.add((p, KG.printed, Literal(plan.printed, datatype=XSD.date)))
    if plan.year:
        g.add((p, KG.year, Literal(f"{plan.year:04d}", datatype=XSD.gYear)))
    for goal in plan.goals:
        g.add((p, KG.goal, _zh(goal)))
    g.add((source, RDF.type, KG.SourceFile))
    g.add((source, RDF.type, PROV.Entity))
    g.add((source, DCTERMS.title, Literal(plan.source_name)))
    g.add((source, KG.sha256, Literal(plan.sha256)))
    g.add((source, KG.encoding, Literal(plan.encoding)))
    g.add((p, PROV.wasDerivedFrom, source))


def _section_triples(g: Triples, plan: Plan, p: URIRef) -> None:
    """The plan's sections, and one for each section number a task names that the body lacks."""
    base = str(p)

    def section(number: int, title: str, line: int | None) -> None:
        node = URIRef(f"{base}/section/{number}")
        g.add((node, RDF.type, KG.Section))
        g.add((node, KG.number, _int(number)))
        g.add((node, KG.title, _zh(title)))
        g.add((node, DCTERMS.isPartOf, p))
        if line is not None:
            g.add((node, KG.sourceLine, _int(line)))

    for s in plan.sections:
        section(s.number, s.title, s.line)
    for number in sorted({t.section for t in plan.tasks} - {s.number for s in plan.sections}):
        section(number, f"第{number}部分" if number else "（未分部分）", None)  # a table section the body lacks


def _measure_triples(g: Triples, plan: Plan, p: URIRef) -> None:
    base = str(p)
    for measure in plan.measures:
        node = URIRef(f"{base}/measure/{measure.number}")
        g.add((node, RDF.type, KG.Measure))
        g.add((node, KG.number, _int(measure.number)))
        g.add((node, KG.title, _zh(measure.title)))
        g.add((node, KG.text, _zh(measure.text)))
        g.add((node, KG.section, URIRef(f"{base}/section/{measure.section}")))
        g.add((node, DCTERMS.isPartOf, p))
        g.add((node, KG.sourceLine, _int(measure.line)))


def _period_triples(g: Triples, plan: Plan, year: str) -> None:
    """The periods, shared by every plan of the same year, each with its two ends as time:Instants."""
    for period in plan.periods:
        node = period_iri(year, period.order)
        g.add((node, RDF.type, KG.Period))
        g.add((node, RDF.type, TIME.ProperInterval))
        g.add((node, KG.order, _int(period.order)))
        g.add((node, SKOS.prefLabel, _zh(period.label)))
        g.add((node, KG.startMonth, Literal(period.start, datatype=XSD.gYearMonth)))
        g.add((node, KG.endMonth, Literal(period.end, datatype=XSD.gYearMonth)))
        for prop, month, name in ((TIME.hasBeginning, period.start, "begin"),
                                  (TIME.hasEnd, period.end, "end")):
            instant = URIRef(f"{node}/{name}")
            g.add((node, prop, instant))
            g.add((instant, RDF.type, TIME.Instant))
            g.add((instant, TIME.inXSDgYearMonth, Literal(month, datatype=XSD.gYearMonth)))


def _task_triples(g: Triples, task: Task, p: URIRef, source: URIRef, year: str) -> None:
    """A task: its place in the plan, its work items, its texts and cells, its deadline and milestones."""
    base = str(p)
    t = URIRef(f"{base}/task/{task.number}")
    g.add((t, RDF.type, KG.Task))
    g.add((t, DCTERMS.isPartOf, p))
    g.add((t, PROV.wasDerivedFrom, source))
    g.add((t, KG.number, _int(task.number)))
    g.add((t, KG.section, URIRef(f"{base}/section/{task.section}")))
    g.add((t, KG.workItem, _zh(task.work_item)))
    g.add((t, KG.workItemCarried, _bool(task.work_item_inferred)))
    if task.label:
        g.add((t, KG.label, Literal(task.label)))
    if task.title and task.title != task.work_item:
        g.add((t, KG.title, _zh(task.title)))
    broader = None
    for level, title in enumerate(task.work_items, start=1):
        node = URIRef(f"{base}/work-item/{level}/{_slug(task.work_items[:level])}")
        g.add((node, RDF.type, KG.WorkItem))
        g.add((node, KG.title, _zh(title)))
        g.add((node, KG.level, _int(level)))
        g.add((node, DCTERMS.isPartOf, p))
        if broader is not None:
            g.add((node, SKOS.broader, broader))
        broader = node
    if broader is not None:
        g.add((t, KG.inWorkItem, broader))
    for order, (column, text) in enumerate(task.cells, start=1):
        cell = URIRef(f"{t}/cell/{order}")
        g.add((t, KG.cell, cell))
        g.add((cell, RDF.type, KG.Cell))
        g.add((cell, KG.column, _zh(column)))
        g.add((cell, KG.text, _zh(text)))
    if task.description:
        g.add((t, KG.description, _zh(task.description)))
    if task.deadline:
        g.add((t, KG.deadline, Literal(task.deadline, datatype=XSD.gYearMonth)))
    g.add((t, KG.ongoing, _bool(task.ongoing)))
    if task.deadline_text:
        g.add((t, KG.deadlineText, Literal(task.deadline_text)))
    g.add((t, KG.firstLine, _int(task.first_line)))
    g.add((t, KG.lastLine, _int(task.last_line)))
    if task.measure is not None:
        g.add((t, KG.measure, URIRef(f"{base}/measure/{task.measure}")))
        g.add((t, KG.measureLinkScore, Literal(f"{task.measure_score:.3f}", datatype=XSD.decimal)))
    for role, prop in (("lead", KG.leadCell), ("host", KG.hostCell), ("support", KG.supportCell)):
        g.add((t, prop, Literal(task.role_cells[role][1])))
    for line, text in task.surplus_cells:
        g.add((t, KG.surplusCell, Literal(text)))
    _milestone_triples(g, task, t, year)


def _milestone_triples(g: Triples, task: Task, t: URIRef, year: str) -> None:
    for milestone in task.milestones:
        m = URIRef(f"{t}/milestone/{milestone.order}")
        g.add((t, KG.milestone, m))
        g.add((m, RDF.type, KG.Milestone))
        g.add((m, KG.order, _int(milestone.order)))
        g.add((m, KG.text, _zh(milestone.text)))
        if milestone.raw != milestone.text:
            g.add((m, KG.sourceText, Literal(milestone.raw)))
        g.add((m, KG.noTarget, _bool(milestone.no_target)))
        g.add((m, KG.periodAssignment, KGM[milestone.method]))
        g.add((m, KG.sourceLine, _int(milestone.line)))
        for order in milestone.periods:
            g.add((m, KG.period, period_iri(year, order)))
        # the span's two ends, derived from the periods above: a query can then name a milestone's
        # first period without a MIN sub-select, which Oxigraph evaluates over every milestone
        g.add((m, KG.firstPeriod, period_iri(year, min(milestone.periods))))
        g.add((m, KG.lastPeriod, period_iri(year, max(milestone.periods))))


def _assignment_triples(g: Triples, task: Task, t: URIRef, registry: Registry) -> list[Unit]:
    """A task's assignments (stated ones also as kg:lead/host/support); the units they name, in order."""
    units = []
    for a in task.assignments:
        unit = registry.get(a.unit_id)
        units.append(unit)
        node = URIRef(f"{t}/{a.role}/{a.position}")
        if a.stated:  # the short role properties carry what the text states, nothing inferred
            g.add((t, ROLE_PROPERTY[a.role], unit_iri(unit.id)))
        g.add((t, KG.assignment, node))
        g.add((node, RDF.type, KG.Assignment))
        g.add((node, RDF.type, PROV.Association))
        g.add((node, KG.unit, unit_iri(unit.id)))
        g.add((node, KG.role, ROLE_CONCEPT[a.role]))
        g.add((node, KG.position, _int(a.position)))
        g.add((node, KG.writtenAs, Literal(a.written)))
        g.add((node, KG.sourceLine, _int(a.line)))
        g.add((node, KG.viaAlias, _bool(a.via_alias)))
        g.add((node, KG.andOthers, _bool(a.etc)))
        g.add((node, KG.stated, _bool(a.stated)))
        g.add((node, KG.basis, Literal(a.basis)))
    return units


def _indicator_triples(g: Triples, plan: Plan, p: URIRef, year: str) -> None:
    base = str(p)
    counters: dict[int, int] = {}
    for ind in plan.indicators:
        counters[ind.task] = counters.get(ind.task, 0) + 1
        t = URIRef(f"{base}/task/{ind.task}")
        node = URIRef(f"{t}/indicator/{counters[ind.task]}")
        g.add((t, KG.indicator, node))
        g.add((node, RDF.type, KG.Indicator))
        g.add((node, KG.order, _int(counters[ind.task])))
        g.add((node, KG.measured, _zh(ind.measured)))
        g.add((node, KG.measureKey, _zh(ind.key)))
        g.add((node, KG.value, Literal(_decimal(ind.value), datatype=XSD.decimal)))
        g.add((node, KG.unitOfMeasure, _zh(ind.unit)))
        g.add((node, KG.comparator, Literal(ind.comparator)))
        if ind.comparator_text:
            g.add((node, KG.comparatorText, _zh(ind.comparator_text)))
        g.add((node, KG.cumulative, _bool(ind.cumulative)))
        g.add((node, KG.sourceLine, _int(ind.line)))
        if ind.milestone is not None:
            g.add((node, KG.inMilestone, URIRef(f"{t}/milestone/{ind.milestone}")))
        for order in ind.periods:
            g.add((node, KG.period, period_iri(year, order)))


def _finding_triples(g: Triples, plan: Plan, p: URIRef) -> None:
    base = str(p)
    for index, finding in enumerate(plan.findings, start=1):
        f = URIRef(f"{base}/finding/{index}")
        g.add((p, KG.finding, f))
        g.add((f, RDF.type, KG.Finding))
        g.add((f, KG.code, Literal(finding.code)))
        g.add((f, KG.severity, Literal(finding.severity)))
        for lang in LANGUAGES:  # both languages: a reader of the graph picks hers (queries/findings.rq)
            g.add((f, KG.message, Literal(finding.render(lang), lang=lang)))
        g.add((f, KG.sourceLine, _int(finding.line)))
        if finding.task is not None:
            g.add((f, KG.aboutTask, URIRef(f"{base}/task/{finding.task}")))
        if finding.text:
            g.add((f, KG.sourceText, Literal(finding.text)))
