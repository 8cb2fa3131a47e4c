"""``kg validate``: SHACL conformance plus the data-quality report from the graph's findings."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import Graph

from ..resources import ontology_dir
from ..sparql.formats import plain, records
from ..sparql.named import load_query, run
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
        if self.conforms:
            out.append("SHACL: conforms to ontology/shapes.ttl")
        else:
            out.append(f"SHACL: does NOT conform: {len(self.violations)} violation(s)")
            out += [f"  - {v}" for v in self.violations]
        for message, focus in sorted(self.shape_warnings.items()):
            out.append(f"  warning ({len(focus)} nodes): {message}")
            if verbose:
                out += [f"    {node}" for node in focus]
        warnings = [f for f in self.findings if f["severity"] in ("error", "warning")]
        notes = [f for f in self.findings if f["severity"] == "info"]
        out.append(f"Warnings from the source ({len(warnings)}):")
        out += [f"  line {f['line']}: [{f['code']}] {f['message']}" for f in warnings] or ["  none"]
        out.append(f"Inferences and notes ({len(notes)}):")
        if verbose:
            out += [f"  line {f['line']}: [{f['code']}] {f['message']}" for f in notes]
        else:
            grouped: dict[str, list[str]] = defaultdict(list)
            for f in notes:
                grouped[f["code"]].append(f["task"] or f"line {f['line']}")
            for code, tasks in sorted(grouped.items()):
                shown = ", ".join(dict.fromkeys(tasks))
                out.append(f"  {code} ({len(tasks)}): tasks {shown}")
            if notes:
                out.append("  (kg validate --verbose lists each one with its line)")
        out.append(f"Tasks whose only support is a placeholder ({len(self.placeholder_support)}):")
        out.append("  " + (", ".join(r["task"] for r in self.placeholder_support) or "none"))
        out.append(f"Names not in the unit registry ({len(self.unknown_units)}):")
        out += [f"  {r['unit']} (tasks {r['tasks']})" for r in self.unknown_units] or ["  none"]
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
    names, rows = MemoryStore(graph=results).select(load_query("shacl-results").text)
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
