"""Benchmark corpus: N plans derived from the bundled one, with distinct identifiers.

Not a user command. Each copy k rewrites the plan's IRIs (``…/plan/<id>`` →
``…/plan/bench-<k>``), its identifier and title, and keeps units and periods
shared, as plans of one county in one year would. Output is N-Triples, which
every engine bulk-loads fast.

Run: .venv/bin/python benchmarks/corpus.py N OUT.nt
"""
from __future__ import annotations

import sys
from pathlib import Path

from rdflib import Graph

from kg.rdf.build import build

PLAN_BASE = "https://w3id.org/kg/id/plan/"


def template_lines() -> tuple[str, list[str]]:
    """The bundled plan as N-Triples lines, and its plan id."""
    result = build(out=None)
    plan_id = result.plans[0].plan_id
    text = result.graph.serialize(format="nt")
    return plan_id, sorted(line for line in text.splitlines() if line.strip())


def write_corpus(n: int, out: Path) -> int:
    """Write ``n`` plans to ``out``; shared unit and period triples are written once."""
    plan_id, lines = template_lines()
    marker = f"<{PLAN_BASE}{plan_id}"
    own = [line for line in lines if line.startswith(marker)]
    shared = [line for line in lines if not line.startswith(marker)]
    count = 0
    with out.open("w", encoding="utf-8") as handle:
        handle.write("\n".join(shared) + "\n")
        count += len(shared)
        body = "\n".join(own) + "\n"
        for k in range(1, n + 1):
            copy = body.replace(f"{PLAN_BASE}{plan_id}", f"{PLAN_BASE}bench-{k:04d}")
            copy = copy.replace(f'"{plan_id}"', f'"bench-{k:04d}"')
            copy = copy.replace("工程实施方案\"@zh", f"工程实施方案（基准副本{k}）\"@zh")
            handle.write(copy)
            count += len(own)
    return count


if __name__ == "__main__":
    n, path = int(sys.argv[1]), Path(sys.argv[2])
    triples = write_corpus(n, path)
    print(f"wrote {n} plans, {triples} triples to {path} ({path.stat().st_size / 1e6:.1f} MB)")
    if n <= 10:
        assert len(Graph().parse(path, format="nt")) == triples
