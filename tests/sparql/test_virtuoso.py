"""A second, independent engine: `kg push` to a real Virtuoso 7, then every named query through --endpoint.

Virtuoso is the path past one machine (the README's "Past one machine"): each named query must give
the same rows there as embedded Oxigraph, booleans, numbers and empty lists included.
"""
from __future__ import annotations

import pytest

from kg.errors import UsageError
from kg.sparql.formats import render
from kg.sparql.named import list_queries, load_query, run
from kg.sparql.stores import EndpointStore

from ..process import kg
from ..virtuoso import Virtuoso
from .test_engines import SAMPLES


#: Parameter sets beyond the defaults: weights that are not whole, inferred roles, every unit.
VARIANTS = [("workload", {"lead_weight": "2.5", "support_weight": "0.5", "include_inferred": "true"}),
            ("workload", {"all_units": "true"}),
            ("unit-tasks", {"unit": "县行政服务中心", "include_inferred": "true", "year": "2023"}),
            ("due-in-period", {"period": "6"}),
            ("overdue", {"date": "2024-03-01"})]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """One Virtuoso for the module (a start is 1.5 s of CPU): the bundled plan is pushed to it first
    (``virtuoso``), and the long-list corpus then takes its place (``long_lists``, whose tests come last)."""
    with Virtuoso(tmp_path_factory.mktemp("virtuoso")) as running:
        yield running


@pytest.fixture(scope="module")
def virtuoso(server, built):
    pushed = kg("push", "--endpoint", server.crud_url, "--query-endpoint", server.query_url, "-g", str(built[1]))
    assert pushed.returncode == 0, pushed.stderr
    return EndpointStore(server.query_url)


@pytest.mark.parametrize("query", [q for q in list_queries() if q.name != "shacl-results"], ids=lambda q: q.name)
def test_same_rows_as_oxigraph(virtuoso, oxigraph, query):
    params = SAMPLES.get(query.name, {})
    expected = render(run(oxigraph, query, params), "json")
    assert render(run(virtuoso, query, params), "json") == expected


@pytest.mark.parametrize(("name", "params"), VARIANTS, ids=lambda v: str(v))
def test_parameters_bind_the_same(virtuoso, oxigraph, name, params):
    query = load_query(name)
    assert render(run(virtuoso, query, params), "csv") == render(run(oxigraph, query, params), "csv")


def test_pushing_again_counts_nothing_twice(virtuoso, built):
    rows = run(virtuoso, load_query("workload"))[1]
    before = next(r for r in rows if str(r["unit"]) == "县行政服务中心")
    server_url = virtuoso.url.rsplit("/", 1)[0]
    again = kg("push", "--endpoint", server_url + "/sparql-graph-crud", "--query-endpoint", virtuoso.url,
               "-g", str(built[1]))
    assert again.returncode == 0, again.stderr
    after = next(r for r in run(virtuoso, load_query("workload"))[1] if str(r["unit"]) == "县行政服务中心")
    assert (str(after["led"]), str(after["hosted"])) == (str(before["led"]), str(before["hosted"])) == ("26", "11")
    assert len(run(virtuoso, load_query("tasks"))[1]) == 81


@pytest.mark.usefixtures("english")
def test_hostile_text_stays_a_literal(virtuoso):
    with pytest.raises(UsageError, match="no unit named"):
        run(virtuoso, load_query("unit-tasks"), {"unit": '"} ; DROP ALL ; {"'})
    assert len(run(virtuoso, load_query("tasks"))[1]) == 81


#: Each plan's identifier made long: each task id in a list (plan/task/N) is long, so two plans make the lists
#: as long as 30 plans with short identifiers do (rows up to 9 KB, past the ~4 KB Virtuoso sorts in), in a
#: corpus a fifteenth the size to push.
LONG_ID = "-a long plan identifier, as a county's document number with its full title may be" * 4


def _empty(server, built) -> None:
    """Take the bundled plan's graphs (if pushed) off the server: it then holds what a fresh one does."""
    import urllib.error
    import urllib.parse
    import urllib.request

    from kg.sparql.push import SHARED_GRAPH, split_by_plan

    for graph in (*split_by_plan(built[0].graph)[0], SHARED_GRAPH):
        url = f"{server.crud_url}?graph-uri={urllib.parse.quote(str(graph), safe='')}"
        try:
            urllib.request.urlopen(urllib.request.Request(url, method="DELETE"), timeout=60).close()
        except urllib.error.HTTPError as err:
            assert err.code == 404, err  # never pushed: nothing to take off
    emptied = EndpointStore(server.query_url)
    assert run(emptied, load_query("plans"))[1] == [] and run(emptied, load_query("units"))[1] == []


@pytest.fixture(scope="module")
def long_lists(server, built, tmp_path_factory):
    """Two plans with long identifiers: two units share tasks in both, so their lists pass ~4 KB."""
    import sys

    from kg.sparql.stores import OxigraphStore

    from ..conftest import REPO

    sys.path.insert(0, str(REPO / "benchmarks"))
    from corpus import write_corpus

    folder = tmp_path_factory.mktemp("long-lists")
    corpus = folder / "corpus-2.nt"
    write_corpus(2, corpus)
    text = corpus.read_text(encoding="utf-8")
    for plan in ("bench-0001", "bench-0002"):
        text = text.replace(f'"{plan}"', f'"{plan}{LONG_ID}"')  # the identifier literal; the IRIs stay short
    corpus.write_text(text, encoding="utf-8")
    _empty(server, built)
    pushed = kg("push", "--endpoint", server.crud_url, "--query-endpoint", server.query_url, "-g", str(corpus))
    assert pushed.returncode == 0, pushed.stderr
    return EndpointStore(server.query_url, timeout=300), OxigraphStore([corpus], trusted=True)


@pytest.mark.parametrize("name", ["coordination-pairs", "support-only"])
@pytest.mark.parametrize("params", [{}, {"all_units": "true"}], ids=["units", "all"])
def test_long_lists_on_virtuoso_same_rows_as_oxigraph(long_lists, name, params):
    """Virtuoso cannot sort these rows (SR319); kg sends them without ORDER BY and sorts them the same way."""
    from kg.errors import InputError
    from kg.sparql.named import bind_params

    virtuoso, oxigraph = long_lists
    query = load_query(name)
    with pytest.raises(InputError, match="SR319"):
        virtuoso.select(query.text, bind_params(query, params))
    expected = render(run(oxigraph, query, params), "json")
    assert render(run(virtuoso, query, params), "json") == expected
