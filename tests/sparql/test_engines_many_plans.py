"""Several plans in one graph: every named query gives the same rows, in the same order, on rdflib and
Oxigraph. Task numbers, unit names and section numbers repeat across plans, so an ORDER BY that is total
on one plan may leave ties on several, which each engine breaks its own way."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.rdf.build import build
from kg.resources import bundled_plan
from kg.sparql.formats import render
from kg.sparql.named import list_queries, run
from kg.sparql.stores import MemoryStore, OxigraphStore

DOCS = Path(__file__).parents[1] / "data/realplans/docs"
OTHERS = ("city-xianyang-2022-yshj-trad", "city-sanya-2023-yshj", "province-anhui-2023-zwgk-fgfa")
PARAMS = {"task": [{"task": "1"}, {"task": "4"}], "due-in-period": [{"period": "3"}],
          "due-by": [{"date": "2023-12-31"}], "overdue": [{"date": "2023-09-01"}],
          "unit-tasks": [{"unit": "县市场监管局"}], "support-only": [{}, {"all_units": "true"}],
          "coordination-pairs": [{}, {"all_units": "true"}], "workload": [{}, {"all_units": "true"}]}
CASES = [(q, p) for q in list_queries() if q.name != "shacl-results" for p in PARAMS.get(q.name, [{}])]


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    folder = tmp_path_factory.mktemp("many") / "graph"
    build([bundled_plan(), *(DOCS / f"{name}.txt" for name in OTHERS)], out=folder)
    return MemoryStore([folder / "kg.ttl"]), OxigraphStore([folder / "kg.ttl"])


@pytest.mark.parametrize(("query", "params"), CASES, ids=lambda c: c.name if hasattr(c, "name") else str(c))
def test_same_rows_in_the_same_order(stores, query, params):
    memory, oxigraph = stores
    assert render(run(memory, query, params), "csv") == render(run(oxigraph, query, params), "csv")
