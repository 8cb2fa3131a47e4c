"""kg app started as a user starts it, in a child process on a free loopback port."""
from __future__ import annotations

import re
from contextlib import contextmanager

import pytest

from ..conftest import copy_graph
from ..process import read_until, start_kg

AS_OF = "2023-06-30"


@contextmanager
def running_app(graph, *args: str):
    """``kg app -g GRAPH --port 0 ARGS``; yields its base URL (no trailing slash), stops it with SIGTERM."""
    process = start_kg("app", "-g", str(graph), "--port", "0", "--as-of", AS_OF, *args)
    try:
        out = read_until(process, "Ctrl-C", timeout=120)
        yield re.search(r"kg app: (http://\S+)", out).group(1).rstrip("/")
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="session")
def app_graph(built, tmp_path_factory):
    return copy_graph(built, tmp_path_factory.mktemp("app") / "graph")


@pytest.fixture(scope="session")
def app(app_graph):
    """A writable workbench over a copy of the bundled plan's graph, started once per test process for the
    modules that use it (test_pages, test_language, test_report_form, test_safety): a start costs about two
    seconds of CPU. What test_report_form records stays for the modules after it; their tests count from what
    they find (before/after), never from an empty month."""
    with running_app(app_graph, "--writable") as base:
        yield base
