"""``kg validate``: SHACL conformance plus the data-quality report from the graph's findings."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import Graph

from ..i18n import _, join_names
from ..resources import ontology_dir
from ..sparql.formats import plain, records
from ..sparql.named import bind_params, load_query, run
from ..sparql.stores import MemoryStore

__all__ = ["Report", "validate"]


@dataclass
class Report:
    conforms: bool
    violations: list[str] = field(default_factory=list)
    #: SHACL warnings (a task with no stated lead, no milestones): message -> focus nodes
    shape_warnings: dict[str, list[str]] = field(default_factory=dict)
    findings: list[dict[str, str]] = field(default_factory=list)
    placeholder_support: list[dict[str, str]] = field(default_factory=list)
    unknown_units: list[dict[str, str]] = field(default_factory=list)

    def text(self, verbose: bool = False) -> str:
        out = []
        none = _("  none")
        if self.conforms:
            out.append(_("SHACL: conforms to ontology/shapes.ttl"))
        else:
            out.append(_("SHACL: does NOT conform: %(n)d violation(s)") % {"n": len(self.violations)})
            out += [f"  - {v}" for v in self.violations]
        for message, focus in sorted(self.shape_warnings.items()):
            out.append(_("  warning (%(n)d nodes): %(message)s") % {"n": len(focus), "message": message})
            if verbose:
                out += [f"    {node}" for node in focus]
        warnings = [f for f in self.findings if f["severity"] in ("error", "warning")]
        notes = [f for f in self.findings if f["severity"] == "info"]
        line = _("  line %(line)s: [%(code)s] %(message)s")
        out.append(_("Warnings from the source (%(n)d):") % {"n": len(warnings)})
        out += [line % f for f in warnings] or [none]
        out.append(_("Inferences and notes (%(n)d):") % {"n": len(notes)})
        if verbose:
            out += [line % f for f in notes]
        else:
            grouped: dict[str, list[str]] = defaultdict(list)
            for f in notes:
                grouped[f["code"]].append(f["task"] or _("line %(line)s") % f)
            for code, tasks in sorted(grouped.items()):
                shown = join_names(dict.fromkeys(tasks))
                out.append(_("  %(code)s (%(n)d): tasks %(tasks)s") % {"code": code, "n": len(tasks), "tasks": shown})
            if notes:
                out.append(_("  (kg validate --verbose lists each one with its line)"))
        out.append(_("Tasks whose only support is a placeholder (%(n)d):") % {"n": len(self.placeholder_support)})
        out.append("  " + (join_names(r["task"] for r in self.placeholder_support) or none.strip()))
        out.append(_("Names not in the unit registry (%(n)d):") % {"n": len(self.unknown_units)})
        out += [_("  %(unit)s (tasks %(tasks)s)") % r for r in self.unknown_units] or [none]
        return "\n".join(out) + "\n"


def _rows(store: MemoryStore, name: str) -> list[dict[str, str]]:
    return records(run(store, load_query(name)))


def validate(graph: Graph) -> Report:
    """Check ``graph`` against the shapes and collect its findings."""
    from pyshacl import validate as shacl

    shapes = Graph().parse(ontology_dir() / "shapes.ttl")
    ontology = Graph().parse(ontology_dir() / "kg.ttl")
    conforms, results, _ = shacl(graph, shacl_graph=shapes, ont_graph=ontology,
                                 inference="none", advanced=True, allow_warnings=True)
    report = Report(bool(conforms))
    said = load_query("shacl-results")  # the shapes' messages in the language in force
    names, rows = MemoryStore(graph=results).select(said.text, bind_params(said, {}))
    for r in rows:
        if plain(r["severity"]).endswith("#Violation"):
            report.violations.append(f"{plain(r['focus'])} {plain(r['path'])}: {plain(r['message'])}")
        else:
            report.shape_warnings.setdefault(plain(r["message"]), []).append(plain(r["focus"]))
    store = MemoryStore(graph=graph)
    report.findings = _rows(store, "findings")
    report.placeholder_support = _rows(store, "placeholder-support")
    report.unknown_units = _rows(store, "unknown-units")
    return report
