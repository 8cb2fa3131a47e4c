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


@pytest.fixture(scope="module")
def app_graph(built, tmp_path_factory):
    return copy_graph(built, tmp_path_factory.mktemp("app") / "graph")


@pytest.fixture(scope="module")
def app(app_graph):
    """A writable workbench over a copy of the bundled plan's graph."""
    with running_app(app_graph, "--writable") as base:
        yield base
