"""kg push against a real, guarded Oxigraph server: pushing replaces, never adds."""
from __future__ import annotations

import pytest

from kg.errors import KgError
from kg.rdf.build import build
from kg.resources import bundled_plan, unit_registry
from kg.sparql.formats import render
from kg.sparql.named import list_queries, load_query, run
from kg.sparql.push import SHARED_GRAPH, as_nquads, push, split_by_plan
from kg.sparql.server import SparqlServer
from kg.sparql.stores import EndpointStore

from ..sparql.test_engines import SAMPLES

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?t a <https://w3id.org/kg/ns#Task> }"


def _count(server, query=COUNT) -> int:
    return int(EndpointStore(server.query_url).select(query)[1][0]["n"])


def _workload(server, unit="县行政服务中心") -> dict:
    rows = run(EndpointStore(server.query_url), load_query("workload"))[1]
    return {k: str(v) for k, v in next(r for r in rows if str(r["unit"]) == unit).items()}


@pytest.fixture
def served(built):
    """kg serve's own layout: the built graph, then pushes on top (the README's flow)."""
    with SparqlServer([], port=0, writable=True, quads=as_nquads(built[0].graph)) as srv:
        yield srv


def test_split_keeps_every_triple(built):
    parts, shared = split_by_plan(built[0].graph)
    assert len(parts) == 1
    assert sum(len(g) for g in parts.values()) + len(shared) == len(built[0].graph)


def test_serve_then_push_counts_the_graph_once(served, built):
    """Probe: kg serve, then kg push (twice): 县行政服务中心 leads 26 tasks, not 208."""
    for _ in range(2):
        pushed = push(built[0].graph, served.store_url, token=served.token)
        assert [p.method for p in pushed] == ["PUT", "PUT"] and pushed[-1].graph == str(SHARED_GRAPH)
    assert _count(served) == 81
    assert (_workload(served)["led"], _workload(served)["hosted"]) == ("26", "11")
    assert len(run(EndpointStore(served.query_url), load_query("assignments"))[1]) == 408


def test_pushed_graph_answers_every_named_query(served, built, oxigraph):
    push(built[0].graph, served.store_url, token=served.token)
    remote = EndpointStore(served.query_url)
    for query in list_queries():
        params = SAMPLES.get(query.name, {})
        assert render(run(remote, query, params), "json") == render(run(oxigraph, query, params), "json"), query.name


def test_push_replaces_each_plan(served, tmp_path, built):
    copy = tmp_path / "second-plan.txt"
    copy.write_bytes(bundled_plan().read_bytes())
    both = build([bundled_plan(), copy], out=None).graph
    push(both, served.store_url, token=served.token)
    assert _count(served) == 162
    push(built[0].graph, served.store_url, token=served.token)  # the first plan again: replaced, the second kept
    assert _count(served) == 162
    assert _workload(served)["led"] == "52"


def test_repeated_pushes_do_not_pile_up_unit_facts(served, tmp_path):
    """A unit renamed in the registry: the server keeps the new name only."""
    registry = tmp_path / "units.csv"
    registry.write_text(unit_registry().read_text(encoding="utf-8").replace(
        "County Market Supervision Administration", "County Market Regulator"), encoding="utf-8")
    push(build(out=None, units=registry).graph, served.store_url, token=served.token)
    labels = "SELECT (COUNT(*) AS ?n) WHERE { <https://w3id.org/kg/id/unit/market-supervision> " \
             "<http://www.w3.org/2004/02/skos/core#prefLabel> ?l }"
    assert _count(served, labels) == 2  # one Chinese, one English: the old English name is gone


def test_push_without_the_token_is_refused(served, built):
    with pytest.raises(KgError, match="请求被拒（401）.*kg push --token"):
        push(built[0].graph, served.store_url)


def test_push_to_read_only_server_is_refused(graph_file):
    with SparqlServer([graph_file], port=0) as ro:
        with pytest.raises(KgError, match="请求被拒（403）"):
            push(build(out=None).graph, ro.store_url)
