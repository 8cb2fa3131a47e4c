"""Every named query gives the same rows on rdflib, Oxigraph embedded and a real Oxigraph server."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from kg.errors import KgError
from kg.formats import render
from kg.query import list_queries, run
from kg.server import OxigraphServer, free_port
from kg.store import EndpointStore, OxigraphStore, open_store

SAMPLES = {"unit-tasks": {"unit": "县市场监管局"},
           "unit-partners": {"unit": "County Market Supervision Administration"},
           "due-in-period": {"period": "3"}, "due-by": {"date": "2023-06-30", "from": "2023-06-01"},
           "overdue": {"date": "2023-09-01"}, "task": {"task": "66"}}
QUERIES = [q for q in list_queries() if q.name != "shacl-results"]


@pytest.fixture(scope="module")
def server(graph_file):
    with OxigraphServer([graph_file], port=free_port()) as srv:
        yield srv


@pytest.fixture(scope="module")
def engines(memory, graph_file, server, tmp_path_factory):
    db = tmp_path_factory.mktemp("oxidb")
    OxigraphStore([graph_file], path=db)  # load once, then reopen from disk only
    return {"memory": memory, "oxigraph": OxigraphStore([graph_file]),
            "oxigraph-disk": open_store("oxigraph", db=db),
            "endpoint": EndpointStore(server.query_url)}


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_same_rows_on_every_engine(engines, query):
    results = {name: render(run(store, query, SAMPLES.get(query.name, {})), "json")
               for name, store in engines.items()}
    reference = results.pop("memory")
    assert '"bindings": []' not in reference or query.name == "unknown-units"
    for name, text in results.items():
        assert text == reference, f"{query.name} differs on {name}"


@pytest.mark.parametrize("engine", ["oxigraph", "endpoint"])
def test_injection_stays_a_literal(engines, engine, server):
    store = engines[engine]
    hostile = '"} ; DROP ALL ; {"'
    assert run(store, next(q for q in QUERIES if q.name == "unit-tasks"), {"unit": hostile})[1] == []
    assert len(run(store, next(q for q in QUERIES if q.name == "tasks"))[1]) == 81


def test_server_is_read_only(server):
    request = urllib.request.Request(server.base + "/update", data=b"DROP ALL", method="POST",
                                     headers={"Content-Type": "application/sparql-update"})
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(request, timeout=10)
    assert err.value.code in (403, 405)
    assert len(run(EndpointStore(server.query_url), QUERIES[[q.name for q in QUERIES].index("tasks")])[1]) == 81


def test_unreachable_endpoint_is_one_line():
    store = EndpointStore(f"http://127.0.0.1:{free_port()}/query")
    with pytest.raises(KgError, match="endpoint unreachable"):
        store.select("SELECT * WHERE { ?s ?p ?o } LIMIT 1")


def test_unreachable_endpoint_cli(workdir):
    result = subprocess.run([sys.executable, "-m", "kg", "query", "tasks", "--endpoint",
                             f"http://127.0.0.1:{free_port()}/query"], capture_output=True, text=True)
    assert result.returncode == 2 and "endpoint unreachable" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_kg_serve_starts_answers_and_stops_on_ctrl_c(graph_file):
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--graph", str(graph_file),
                                "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        line = process.stdout.readline()
        assert f"http://127.0.0.1:{port}/" in line and "read-only" in line
        url = f"http://127.0.0.1:{port}/query"
        names, data = EndpointStore(url).select("SELECT (COUNT(*) AS ?n) WHERE { ?t a <https://w3id.org/kg/ns#Task> }")
        assert str(data[0]["n"]) == "81"
        ui = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10).read().decode("utf-8", "replace")
        assert "<html" in ui.lower()
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=20)
    assert process.returncode == 0, err
    assert "Traceback" not in err
    time.sleep(0.2)
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", timeout=2)
