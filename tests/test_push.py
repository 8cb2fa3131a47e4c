"""kg push against a real Oxigraph server: one named graph per plan, answers unchanged."""
from __future__ import annotations

import pytest

from kg.build import build
from kg.errors import KgError
from kg.formats import render
from kg.push import SHARED_GRAPH, push, split_by_plan
from kg.query import list_queries, run
from kg.resources import bundled_plan
from kg.server import OxigraphServer, free_port
from kg.store import EndpointStore

from .test_engines import SAMPLES

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?t a <https://w3id.org/kg/ns#Task> }"


@pytest.fixture(scope="module")
def server():
    with OxigraphServer([], port=free_port(), writable=True) as srv:
        yield srv


def _count(server) -> int:
    return int(EndpointStore(server.query_url).select(COUNT)[1][0]["n"])


def test_split_keeps_every_triple(built):
    parts, shared = split_by_plan(built[0].graph)
    assert len(parts) == 1
    assert sum(len(g) for g in parts.values()) + len(shared) == len(built[0].graph)


def test_pushed_graph_answers_every_named_query(server, built, memory):
    pushed = push(built[0].graph, server.store_url)
    assert [p.method for p in pushed] == ["PUT", "POST"] and pushed[-1].graph == str(SHARED_GRAPH)
    remote = EndpointStore(server.query_url)
    for query in list_queries():
        if query.name == "shacl-results":
            continue
        params = SAMPLES.get(query.name, {})
        assert render(run(remote, query, params), "json") == render(run(memory, query, params), "json"), query.name


def test_push_replaces_each_plan(server, tmp_path, built):
    push(built[0].graph, server.store_url)
    assert _count(server) == 81
    copy = tmp_path / "second-plan.txt"
    copy.write_bytes(bundled_plan().read_bytes())
    both = build([bundled_plan(), copy], out=None).graph
    push(both, server.store_url)
    assert _count(server) == 162
    push(built[0].graph, server.store_url)  # the first plan again: replaced, the second kept
    assert _count(server) == 162


def test_push_to_read_only_server_is_refused(graph_file):
    with OxigraphServer([graph_file], port=free_port()) as ro:
        with pytest.raises(KgError, match="answered 40"):
            push(build(out=None).graph, ro.store_url)
