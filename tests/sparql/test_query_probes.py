"""Probes of kg query: wrong answers and a --db that never goes stale.

Each test is one probe of kg as a new user or an attacker would try it, named for it.
"""
from __future__ import annotations

import pytest

from ..conftest import DATA
from ..process import kg, one_line_error

# ------------------------------------------------------------------ kg query: wrong answers

@pytest.mark.parametrize("param, words", [
    ("unit=县法院x", ["no unit named '县法院x'", "did you mean 县法院"]),
])
@pytest.mark.usefixtures("english")
def test_probe_query_misspelt_unit_is_an_error(graph_file, param, words):
    one_line_error(kg("query", "unit-tasks", "-g", str(graph_file), "-p", param), *words)


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_probe_query_traditional_unit_name_finds_the_unit_the_build_resolved(graph_file, store):
    simplified = kg("query", "unit-tasks", "-g", str(graph_file), "--store", store, "-p", "unit=县法院", "-f", "csv")
    traditional = kg("query", "unit-tasks", "-g", str(graph_file), "--store", store, "-p", "unit=縣法院", "-f", "csv")
    assert traditional.returncode == 0, traditional.stderr
    assert traditional.stdout == simplified.stdout and len(traditional.stdout.splitlines()) > 1


@pytest.mark.parametrize("name", ["status-records", "named-shared"])
def test_probe_graph_queries_answer_on_the_memory_store(graph_file, name):
    """GRAPH ?g over a graph with no recorded status files: no rows, as on Oxigraph, not an internal error."""
    for store in ("memory", "oxigraph"):
        result = kg("query", name, "-g", str(graph_file), "--store", store, "-f", "csv")
        assert result.returncode == 0 and "internal error" not in result.stderr, result.stderr
        assert len(result.stdout.splitlines()) == 1  # the header only


@pytest.mark.usefixtures("english")
def test_probe_query_period_7_is_an_error(graph_file):
    one_line_error(kg("query", "due-in-period", "-g", str(graph_file), "-p", "period=7"), "no period 7", "1–6")


@pytest.mark.usefixtures("english")
def test_probe_query_task_999_is_an_error(graph_file):
    one_line_error(kg("query", "task", "-g", str(graph_file), "-p", "task=999"), "no task 999", "1–81")


@pytest.mark.usefixtures("english")
def test_probe_query_impossible_date_is_an_error(graph_file):
    one_line_error(kg("query", "overdue", "-g", str(graph_file), "-p", "date=2023-13-45"), "not a real date")


@pytest.mark.usefixtures("english")
def test_probe_query_unknown_plan_is_an_error(graph_file):
    one_line_error(kg("query", "tasks", "-g", str(graph_file), "-p", "plan_id=nope"), "no plan named 'nope'")


def test_probe_query_plans_beside_a_folder_named_plans(graph_file, tmp_path):
    (tmp_path / "plans").mkdir()
    result = kg("query", "plans", "-g", str(graph_file), cwd=tmp_path)
    assert result.returncode == 0 and "fengjie-2023-business-environment" in result.stdout


def test_probe_query_tasks_keeps_tasks_without_milestones(tmp_path):
    result = kg("build", str(DATA / "inline.txt"), "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    rows = kg("query", "tasks", "-g", str(tmp_path), "-f", "csv").stdout.splitlines()
    assert len(rows) == 1 + 5 and rows[1].split(",")[5] == "0"  # milestones


# ------------------------------------------------------------------ --db: never stale, never merged

def _task_count(*args):
    result = kg("query", "-e", "SELECT (COUNT(*) AS ?n) WHERE { ?t a <https://w3id.org/kg/ns#Task> }", "-f", "csv",
                *args)
    assert result.returncode == 0, result.stderr
    return int(result.stdout.splitlines()[1])


def test_probe_query_db_follows_a_rebuild(tmp_path):
    graph, db = tmp_path / "graph", tmp_path / "db"
    assert kg("build", "--out", str(graph)).returncode == 0
    assert _task_count("-g", str(graph), "--store", "oxigraph", "--db", str(db)) == 81
    assert kg("build", str(DATA / "inline.txt"), "--out", str(graph)).returncode == 0
    assert _task_count("-g", str(graph), "--store", "oxigraph", "--db", str(db)) == 5  # not 81, not 86


@pytest.mark.usefixtures("english")
def test_probe_query_db_refuses_a_foreign_folder(tmp_path, graph_file):
    (tmp_path / "mine.txt").write_text("keep me")
    result = kg("query", "tasks", "-g", str(graph_file), "--store", "oxigraph", "--db", str(tmp_path))
    one_line_error(result, "kg did not make it")
    assert (tmp_path / "mine.txt").exists()


# ------------------------------------------------------------------ the store kg build leaves for every query

def test_build_leaves_a_store_that_queries_reuse_and_a_rebuild_replaces(tmp_path):
    from kg.sparql.stores import STORE_DIR

    graph = tmp_path / "graph"
    assert kg("build", "--out", str(graph)).returncode == 0
    versions = [p for p in (graph / STORE_DIR).iterdir() if p.is_dir()]
    assert len(versions) == 1
    assert _task_count("-g", str(graph)) == 81
    assert [p for p in (graph / STORE_DIR).iterdir() if p.is_dir()] == versions  # reused, not reloaded
    assert kg("build", str(DATA / "inline.txt"), "--out", str(graph)).returncode == 0
    assert _task_count("-g", str(graph)) == 5  # never the old graph, never both
    assert len([p for p in (graph / STORE_DIR).iterdir() if p.is_dir()]) == 1


def test_a_graph_edited_by_hand_is_reloaded(tmp_path, graph_file):
    import shutil

    graph = tmp_path / "graph"
    graph.mkdir()
    shutil.copy(graph_file, graph / "kg.ttl")
    assert _task_count("-g", str(graph)) == 81
    with (graph / "kg.ttl").open("a", encoding="utf-8") as handle:
        handle.write("<https://example.org/t> a <https://w3id.org/kg/ns#Task> .\n")
    assert _task_count("-g", str(graph)) == 82


def test_many_queries_at_once_share_one_store(tmp_path, graph_file):
    """Four cold queries on a graph with no store yet: one loads it, all answer."""
    import shutil
    import subprocess
    import sys

    graph = tmp_path / "graph"
    graph.mkdir()
    shutil.copy(graph_file, graph / "kg.ttl")
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?t a <https://w3id.org/kg/ns#Task> }"
    running = [subprocess.Popen([sys.executable, "-m", "kg", "query", "-e", query, "-f", "csv", "-g", str(graph)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(4)]
    results = [p.communicate(timeout=120) + (p.returncode,) for p in running]
    assert [(code, out.splitlines()[1]) for out, _, code in results] == [(0, "81")] * 4, results


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_probe_workload_counts_inferred_roles_when_asked(tmp_path, store):
    """include_inferred was bound outside the sub-select that filtered on it, so asking changed nothing."""
    graph = tmp_path / "graph"
    assert kg("build", str(DATA / "realplans/docs/national-gov-2018-xffp.txt"), "--out", str(graph)).returncode == 0

    def led(*params: str) -> str:
        result = kg("query", "workload", "-g", str(graph), "--store", store, "-f", "csv", *params)
        assert result.returncode == 0, result.stderr
        return next(line for line in result.stdout.splitlines() if line.startswith("扶贫办,")).split(",")[3]

    assert (led(), led("-p", "include_inferred=true")) == ("0", "2")  # 2 leads copied from the host, marked inferred
