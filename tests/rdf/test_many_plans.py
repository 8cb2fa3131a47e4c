"""Many plans in one dataset, the benchmark corpus, and rebuilds that reuse work."""
from __future__ import annotations

import sys

import pytest

from kg.files import BUILD_MANIFEST
from kg.rdf.build import build
from kg.resources import bundled_plan, unit_registry
from kg.sparql.formats import render
from kg.sparql.named import list_queries, load_query, run
from kg.sparql.server import SparqlServer
from kg.sparql.stores import EndpointStore, MemoryStore, OxigraphStore

from ..conftest import REPO
from ..sparql.test_engines import SAMPLES

sys.path.insert(0, str(REPO / "benchmarks"))
from corpus import write_corpus  # noqa: E402


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    path = tmp_path_factory.mktemp("corpus") / "corpus-2.nt"
    return path, write_corpus(2, path)


@pytest.fixture(scope="module")
def memory(corpus):
    """The corpus in rdflib, the reference engine, loaded once for the module."""
    return MemoryStore([corpus[0]])


def test_corpus_has_distinct_plans_and_shared_units(corpus, memory):
    path, triples = corpus
    store = memory
    assert len(store.graph) == triples
    plans = run(store, load_query("plans"))[1]
    assert [str(r["plan"]) for r in plans] == ["bench-0001", "bench-0002"]
    assert len({str(r["title"]) for r in plans}) == 2
    units = run(store, load_query("units"))[1]
    assert len(units) == 70  # shared, not copied
    court = run(store, load_query("unit-tasks"), {"unit": "县法院"})[1]
    assert [(str(r["plan"]), str(r["task"])) for r in court] == [("bench-0001", "55"), ("bench-0002", "55")]


def test_engines_agree_on_a_small_corpus(corpus, memory):
    path, _ = corpus
    oxigraph = OxigraphStore([path])
    with SparqlServer([path], port=0) as server:
        endpoint = EndpointStore(server.query_url)
        for query in list_queries():
            if query.name in ("shacl-results",):
                continue
            params = SAMPLES.get(query.name, {})
            reference = render(run(memory, query, params), "json")
            assert render(run(oxigraph, query, params), "json") == reference, query.name
            assert render(run(endpoint, query, params), "json") == reference, query.name


def test_one_query_across_plans(tmp_path):
    second = tmp_path / "fengjie-2023-copy.txt"
    second.write_bytes(bundled_plan().read_bytes())
    result = build([bundled_plan(), second], out=tmp_path / "graph")
    store = OxigraphStore([tmp_path / "graph" / "kg.ttl"])
    rows = run(store, load_query("unit-tasks"), {"unit": "县市场监管局", "year": "2023"})[1]
    plans = {str(r["plan"]) for r in rows}
    assert plans == {"fengjie-2023-business-environment", "fengjie-2023-copy"}
    # 县市场监管局 leads 11, hosts 12 and supports 4 tasks of each copy (tasks_of in source_facts).
    assert len(rows) == 2 * (11 + 12 + 4)
    assert run(store, load_query("unit-tasks"), {"unit": "县市场监管局", "year": "2022"})[1] == []
    one = run(store, load_query("tasks"), {"plan_id": "fengjie-2023-copy"})[1]
    assert len(one) == 81 and len(result.plans) == 2


def test_rebuild_reuses_work(tmp_path):
    out = tmp_path / "graph"
    first = build(out=out, force=False)
    assert first.graph is not None and (out / BUILD_MANIFEST).is_file()
    stamp = (out / "kg.ttl").stat().st_mtime_ns
    again = build(out=out, force=False)
    assert again.graph is None and "已是最新" in again.summary()
    assert (out / "kg.ttl").stat().st_mtime_ns == stamp
    registry = tmp_path / "units.csv"
    registry.write_text(unit_registry().read_text(encoding="utf-8").replace(
        "County People's Court", "Fengjie County People's Court"), encoding="utf-8")
    changed = build(out=out, units=registry, force=False)
    assert changed.graph is not None
    (out / "kg.ttl").write_text("tampered", encoding="utf-8")
    assert build(out=out, units=registry, force=False).graph is not None  # outputs checked too
