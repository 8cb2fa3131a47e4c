"""``kg build``: sources to the graph files, all or nothing."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from .errors import InputError
from .extract import extract
from .records import Plan
from .rdf import plan_graph
from .resources import bundled_plan
from .serialize import jsonld, turtle, write_atomic
from .units import load_registry
from .vocab import bind

__all__ = ["BuildResult", "build", "GRAPH_NAME"]

#: The built graph's file stem inside the output folder.
GRAPH_NAME = "kg"


@dataclass
class BuildResult:
    graph: Graph
    plans: list[Plan]
    files: list[Path] = field(default_factory=list)

    def summary(self) -> str:
        tasks = sum(len(p.tasks) for p in self.plans)
        assignments = sum(len(t.assignments) for p in self.plans for t in p.tasks)
        milestones = sum(len(t.milestones) for p in self.plans for t in p.tasks)
        severities = Counter(f.severity for p in self.plans for f in p.findings)
        kinds = Counter()
        from .vocab import KG
        for unit in set(self.graph.subjects(predicate=KG.inRegistry)):
            kind = str(self.graph.value(unit, KG.kind)).rsplit("/", 1)[-1]
            kinds["unit" if kind not in ("collective", "placeholder", "unknown") else kind] += 1
        lines = [f"{len(self.plans)} plan(s): " + "; ".join(f"{p.title} [{p.plan_id}]" for p in self.plans),
                 f"{tasks} tasks, {milestones} milestones, {assignments} assignments",
                 f"{kinds['unit']} units, {kinds['collective']} collectives, "
                 f"{kinds['placeholder']} placeholders, {kinds['unknown']} unknown names",
                 f"findings: {severities['warning']} warnings, {severities['info']} notes "
                 f"(kg validate lists them)"]
        lines += [f"wrote {path}" for path in self.files]
        return "\n".join(lines)


def build(sources: list[Path] | None = None, out: Path | None = Path("graph"),
          units: Path | None = None, strict: bool = False) -> BuildResult:
    """Build one graph from every source; write ``kg.ttl`` and ``kg.jsonld`` into ``out``."""
    registry = load_registry(units)
    sources = [Path(s) for s in sources] if sources else [bundled_plan()]
    graph = Graph()
    bind(graph)
    plans: list[Plan] = []
    seen: dict[str, Path] = {}
    for source in sources:
        plan = extract(source, registry, strict=strict)
        if plan.plan_id in seen:
            raise InputError(f"plan id {plan.plan_id!r} is already taken by {seen[plan.plan_id]}",
                             path=source, fix="rename one of the files")
        seen[plan.plan_id] = source
        plans.append(plan)
        graph += plan_graph(plan, registry)
    result = BuildResult(graph, plans)
    if out is not None:
        files = [(Path(out) / f"{GRAPH_NAME}.ttl", turtle(graph)),
                 (Path(out) / f"{GRAPH_NAME}.jsonld", jsonld(graph))]
        write_atomic(files)
        result.files = [path for path, _ in files]
    return result
