"""A graph kg build wrote loads without validating its IRIs again; any other file is checked in full."""
from __future__ import annotations

import os
import shutil

import pytest

from kg.errors import InputError
from kg.files import written_by_build
from kg.sparql.stores import OxigraphStore

BAD = '<https://w3id.org/kg/x> <https://w3id.org/kg/p> <https://w3id.org/kg/a|b> .\n'


def test_a_built_graph_is_trusted(built):
    result, out = built
    assert result.files and all(written_by_build(path) for path in result.files)


@pytest.mark.usefixtures("english")
def test_an_edited_or_foreign_file_is_checked(built, tmp_path):
    folder = tmp_path / "graph"
    shutil.copytree(built[1], folder)  # copy2 keeps the times: still as the build left it
    graph = folder / "kg.ttl"
    assert written_by_build(graph)
    with graph.open("a", encoding="utf-8") as handle:
        handle.write(BAD)
    later = (folder / ".kg-build.json").stat().st_mtime + 5
    os.utime(graph, (later, later))  # edited after the build
    assert not written_by_build(graph)
    with pytest.raises(InputError, match="cannot load graph.*IRI"):
        OxigraphStore([graph])
    loose = tmp_path / "loose.ttl"
    loose.write_text(BAD, encoding="utf-8")
    assert not written_by_build(loose)
    with pytest.raises(InputError, match="cannot load graph"):
        OxigraphStore([loose])
    assert len(OxigraphStore([loose], trusted=True).store) == 1  # kg's own output (the benchmark's corpus)
