"""Every named query gives the same rows on rdflib, Oxigraph embedded and a real Oxigraph server."""
from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from kg.errors import KgError, UsageError
from kg.sparql.formats import render
from kg.sparql.named import list_queries, load_query, run
from kg.sparql.server import SparqlServer, free_port
from kg.sparql.stores import EndpointStore, OxigraphStore, open_store

from ..process import kg

SAMPLES = {"unit-tasks": {"unit": "县市场监管局"},
           "coordination-pairs": {"unit": "County Market Supervision Administration"},
           "due-in-period": {"period": "3"}, "due-by": {"date": "2023-06-30", "from": "2023-06-01"},
           "overdue": {"date": "2023-09-01"}, "task": {"task": "66"}}
QUERIES = [q for q in list_queries() if q.name != "shacl-results"]


@pytest.fixture(scope="module")
def server(graph_file):
    with SparqlServer([graph_file], port=0) as srv:
        yield srv


@pytest.fixture(scope="module")
def engines(memory, graph_file, server, tmp_path_factory):
    db = tmp_path_factory.mktemp("oxidb")
    open_store("oxigraph", graph=graph_file, db=db)  # load once, then reopen from disk only
    return {"memory": memory, "oxigraph": OxigraphStore([graph_file]),
            "oxigraph-disk": open_store("oxigraph", graph=graph_file, db=db),
            "endpoint": EndpointStore(server.query_url)}


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_same_rows_on_every_engine(engines, query):
    results = {name: render(run(store, query, SAMPLES.get(query.name, {})), "json")
               for name, store in engines.items()}
    reference = results.pop("memory")
    assert '"bindings": []' not in reference or query.name == "unknown-units"
    for name, text in results.items():
        assert text == reference, f"{query.name} differs on {name}"


def test_a_parameter_binds_inside_sub_selects_on_every_engine(engines):
    # A sub-select sees no variable of the query around it: a parameter bound only outside
    # would leave it unbound inside, and it would count every task (rdflib binds it everywhere).
    query = load_query(text="""# param: task integer required  a task's number
PREFIX kg: <https://w3id.org/kg/ns#>
SELECT ?n ?task WHERE {
  # a comment with WHERE { ?task } and a "string WHERE {" do not count
  { SELECT (COUNT(?t) AS ?n) WHERE { ?t a kg:Task ; kg:number ?task } }
  { SELECT (COUNT(?t) AS ?all) WHERE { ?t a kg:Task } }
  FILTER(?all = 81 || "WHERE { }" = "")
}""")
    for name, store in engines.items():
        assert render(run(store, query, {"task": "66"}), "csv") == "n,task\r\n1,66\r\n", name


@pytest.mark.parametrize("engine", ["oxigraph", "endpoint"])
@pytest.mark.usefixtures("english")
def test_injection_stays_a_literal(engines, engine, server):
    store = engines[engine]
    hostile = '"} ; DROP ALL ; {"'
    with pytest.raises(UsageError, match="no unit named"):
        run(store, next(q for q in QUERIES if q.name == "unit-tasks"), {"unit": hostile})
    assert len(run(store, next(q for q in QUERIES if q.name == "tasks"))[1]) == 81


def test_server_is_read_only(server):
    request = urllib.request.Request(server.base + "/update", data=b"DROP ALL", method="POST",
                                     headers={"Content-Type": "application/sparql-update"})
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(request, timeout=10)
    assert err.value.code in (403, 405)
    assert len(run(EndpointStore(server.query_url), QUERIES[[q.name for q in QUERIES].index("tasks")])[1]) == 81


@pytest.mark.usefixtures("english")
def test_unreachable_endpoint_is_one_line():
    store = EndpointStore(f"http://127.0.0.1:{free_port()}/query")
    with pytest.raises(KgError, match="endpoint unreachable"):
        store.select("SELECT * WHERE { ?s ?p ?o } LIMIT 1")


@pytest.mark.usefixtures("english")
def test_unreachable_endpoint_cli(workdir):
    result = kg("query", "tasks", "--endpoint", f"http://127.0.0.1:{free_port()}/query")
    assert result.returncode == 2 and "endpoint unreachable" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
