"""Status is in the graph everywhere: kg serve serves the recorded reports, kg push sends them."""
from __future__ import annotations

import json
import signal

import pytest

from kg.sparql.push import as_nquads
from kg.sparql.server import SparqlServer
from kg.status.review import import_verdicts, review_xlsx
from kg.status.workflow import import_report

from ..process import kg, read_until, start_kg, query_url
from .forms import csv_report, fill_review


@pytest.fixture()
def recorded(net, store, graph_dir, tmp_path):
    """A unit's report and the office's verdict on it, recorded beside the graph."""
    import datetime as dt

    import_report(csv_report(tmp_path / "a.csv", "1,green,2023-07-03,\n55,red,2023-07-03,\n"), net, graph_dir)
    sheet = fill_review(review_xlsx(net, store, graph_dir, dt.date(2023, 7, 4)), tmp_path / "review.xlsx",
                        {55: {"核定 verified": "橙", "核定理由 reason": "已开工"}})
    import_verdicts(sheet, net, store, graph_dir)
    return graph_dir


def _rows(result) -> list[tuple[str, str, str, str]]:
    assert result.returncode == 0, result.stderr
    return [(r["by"]["value"], r["task"]["value"], r["colour"]["value"], r["reason"]["value"])
            for r in json.loads(result.stdout)["results"]["bindings"]]


EXPECTED = [("unit", "1", "green", ""), ("unit", "55", "red", ""), ("office", "55", "orange", "已开工")]


@pytest.mark.parametrize("store_kind", ["memory", "oxigraph"])
def test_status_records_on_the_embedded_engines(recorded, store_kind):
    assert _rows(kg("query", "status-records", "-g", str(recorded), "--store", store_kind, "-f", "json")) == EXPECTED


def test_kg_serve_serves_the_recorded_reports(recorded):
    process = start_kg("serve", "--graph", str(recorded), "--port", "0")
    try:
        url = query_url(read_until(process, "/query"))
        assert _rows(kg("query", "status-records", "--endpoint", url, "-f", "json")) == EXPECTED
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=20)


def test_kg_push_sends_the_recorded_reports(recorded, built):
    with SparqlServer([], port=0, writable=True, quads=as_nquads(built[0].graph)) as server:
        pushed = kg("push", "--endpoint", server.store_url, "--token", server.token, "-g", str(recorded))
        assert pushed.returncode == 0, pushed.stderr
        assert "status/2023-07-03" in pushed.stdout and "status/verify/2023-07-04" in pushed.stdout
        for _ in range(2):  # pushing again replaces: no record is counted twice
            assert _rows(kg("query", "status-records", "--endpoint", server.query_url, "-f", "json")) == EXPECTED
            kg("push", "--endpoint", server.store_url, "--token", server.token, "-g", str(recorded))
