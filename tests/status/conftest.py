"""A private copy of the bundled graph per test, so each test records its own reports."""
from __future__ import annotations

import shutil

import pytest

from kg.network.plan import load_network
from kg.sparql.stores import OxigraphStore


@pytest.fixture()
def graph_dir(built, tmp_path):
    folder = tmp_path / "graph"
    folder.mkdir()
    shutil.copy(built[1] / "kg.ttl", folder / "kg.ttl")
    return folder


@pytest.fixture()
def store(graph_dir):
    return OxigraphStore([graph_dir / "kg.ttl"])


@pytest.fixture()
def net(store):
    return load_network(store)
