"""Several named queries at once (``run_many``): the answers of ``run``, in order, on separate threads."""
from __future__ import annotations

import threading

import pytest

from kg.errors import UsageError
from kg.sparql.named import load_query, run, run_many
from kg.sparql.stores import OxigraphStore

JOBS = [("units", {}), ("tasks", {}), ("unit-tasks", {"unit": "县市场监管局"}), ("periods", {}),
        ("coordination-pairs", {"unit": "县发展改革委"}), ("milestone-periods", {})]


@pytest.fixture(scope="module")
def store(graph_file):
    store = OxigraphStore([graph_file])
    store.concurrency = 3  # whatever this machine's cores
    threads = store.threads = set()
    select = store.select

    def recording(*args, **kwargs):
        threads.add(threading.current_thread().name.split("_")[0])
        return select(*args, **kwargs)

    store.select = recording
    return store


def test_run_many_answers_as_run_does_in_order_on_several_threads(store):
    jobs = [(load_query(name), values) for name, values in JOBS]
    store.threads.clear()
    answers = list(run_many(store, jobs))
    assert store.threads == {"kg-query"}
    assert answers == [run(store, query, values) for query, values in jobs]


@pytest.mark.usefixtures("english")
def test_run_many_raises_the_first_error_as_run_does(store):
    jobs = [(load_query("units"), {}), (load_query("unit-tasks"), {"unit": "县市场监管局x"})]
    with pytest.raises(UsageError, match="no unit named"):
        list(run_many(store, jobs))


def test_rdflib_runs_them_one_after_another(memory):
    assert memory.concurrency == 1
    jobs = [(load_query(name), values) for name, values in JOBS[:3]]
    assert list(run_many(memory, jobs)) == [run(memory, query, values) for query, values in jobs]
