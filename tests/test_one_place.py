"""Rules written in one place: a guard for each that other modules must read rather than restate."""
from __future__ import annotations

import re
from pathlib import Path

import kg

SRC = Path(kg.__file__).parent
#: Modules being rewritten elsewhere (issue 30's status/app/interactive part) that still spell a rule out.
#: Remove a name once its module reads the rule.
PENDING = {"app/workbench.py", "status/state.py", "status/remind.py"}


def _spelling(pattern: str) -> set[str]:
    return {str(path.relative_to(SRC)) for path in SRC.rglob("*.py")
            if re.search(pattern, path.read_text(encoding="utf-8"))}


def test_the_default_graph_folder_is_named_once():
    """kg.files.GRAPH_FOLDER / graph_path: `kg build` writes where every command reads."""
    spelt = _spelling(r"""Path\(\s*["']graph["']\s*\)""")
    assert spelt - PENDING == {"files.py"}, spelt


def test_sparql_rows_become_records_in_one_place():
    """kg.sparql.formats.records: every column present, unbound as "", IRIs and literals as text."""
    spelt = _spelling(r"\{\s*\w+\s*:\s*plain\(\s*\w+\.get\(\s*\w+\s*\)\s*\)\s*for \w+ in \w+\s*\}")
    assert spelt - PENDING == {"sparql/formats.py"}, spelt


def test_the_workload_order_is_the_querys(graph_file):
    """kg.network.plan.busiest_first sorts units as workload.rq's ORDER BY does (the copy kept for speed)."""
    from kg.network.plan import load_network
    from kg.sparql.stores import open_store

    net = load_network(open_store("memory", graph_file))
    by_query = list(net.workload)
    assert len(by_query) > 20 and len({net.workload[u].load for u in by_query}) < len(by_query)  # ties to break
    assert sorted(by_query, key=net.busiest_first) == by_query
    assert any(net.workload[a].load == net.workload[b].load and net.workload[a].led != net.workload[b].led
               for a, b in zip(by_query, by_query[1:])), "no tie broken by tasks led: the test shows nothing"
