"""The built graph end to end: counts, independent parsers, determinism, no half-written files."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.errors import InputError
from kg.model.vocab import KG, RDF
from kg.rdf.build import build
from kg.resources import bundled_plan

from ..conftest import REPO
from ..process import kg_process
from ..source_facts import rows


def _count(graph: Graph, cls) -> int:
    return len(set(graph.subjects(RDF.type, cls)))


def test_graph_holds_every_task_section_measure(built):
    g = built[0].graph
    assert (_count(g, KG.Task), _count(g, KG.Section), _count(g, KG.Measure)) == (81, 6, 23)
    assert _count(g, KG.Period) == 6
    assert _count(g, KG.Plan) == 1


def test_every_assignment_of_the_source(built):
    g = built[0].graph
    independent = sum(len(r["lead"]) + len(r["host"]) + len(r["support"]) for r in rows().values())
    assert independent == 408 and len(rows()) == 81
    assert _count(g, KG.Assignment) == 408
    assert len(list(g.triples((None, KG.lead, None)))) + len(list(g.triples((None, KG.host, None)))) \
        + len(list(g.triples((None, KG.support, None)))) == 408


def test_each_milestone_names_the_ends_of_its_span(built):
    g = built[0].graph
    milestones = set(g.subjects(RDF.type, KG.Milestone))
    assert len(milestones) == 229
    spans = 0
    for m in milestones:
        orders = sorted(int(g.value(p, KG.order)) for p in g.objects(m, KG.period))
        first, last = (list(g.objects(m, prop)) for prop in (KG.firstPeriod, KG.lastPeriod))
        assert len(first) == len(last) == 1
        assert (int(g.value(first[0], KG.order)), int(g.value(last[0], KG.order))) == (orders[0], orders[-1])
        spans += orders[0] != orders[-1]
    assert spans > 0  # merged cells: some milestones span several periods


def test_units_are_typed(built):
    g = built[0].graph
    assert _count(g, KG.Unit) == 70
    assert _count(g, KG.Placeholder) == 7 and _count(g, KG.Collective) == 4


def test_independent_parser_reads_both_files(built):
    import pyoxigraph
    out = built[1]
    for name, fmt in (("kg.ttl", pyoxigraph.RdfFormat.TURTLE), ("kg.jsonld", pyoxigraph.RdfFormat.JSON_LD)):
        store = pyoxigraph.Store()
        store.load(path=str(out / name), format=fmt)
        assert len(store) == len(built[0].graph), name


def test_jsonld_is_the_same_graph(built):
    ttl = Graph().parse(built[1] / "kg.ttl")
    jsonld = Graph().parse(built[1] / "kg.jsonld", format="json-ld")
    assert isomorphic(ttl, jsonld)


def _build_in_subprocess(out: Path, seed: str) -> None:
    result = kg_process("build", "--out", str(out), cwd=out.parent, env={"PYTHONHASHSEED": seed})  # a seed acts at start
    assert result.returncode == 0, result.stderr


def test_rebuild_is_byte_identical(tmp_path):
    _build_in_subprocess(tmp_path / "a", "1")
    _build_in_subprocess(tmp_path / "b", "4242")
    for name in ("kg.ttl", "kg.jsonld"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_committed_graph_is_up_to_date(built):
    for name in ("kg.ttl", "kg.jsonld"):
        committed = REPO / "graph" / name
        assert committed.read_bytes() == (built[1] / name).read_bytes(), \
            f"graph/{name} is stale: run `kg build` and commit it"


def test_source_hash_is_in_the_graph(built):
    g = built[0].graph
    assert [str(o) for o in g.objects(None, KG.sha256)] == [
        "b2c2eded621242cbc9ccc9c7f1c90ebd2c7ad38bfb62cde340d86f95a75ea9e4"]


def test_bad_source_leaves_no_partial_output(tmp_path):
    out = tmp_path / "graph"
    out.mkdir()
    (out / "kg.ttl").write_text("previous", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_text("no table here\n", encoding="utf-8")
    with pytest.raises(InputError):
        build([bundled_plan(), bad], out=out)
    assert sorted(p.name for p in out.iterdir()) == ["kg.ttl"]
    assert (out / "kg.ttl").read_text(encoding="utf-8") == "previous"


def test_two_plans_share_units(tmp_path):
    copy = tmp_path / "fengjie-copy.txt"
    copy.write_bytes(bundled_plan().read_bytes())
    result = build([bundled_plan(), copy], out=None)
    g = result.graph
    assert _count(g, KG.Plan) == 2 and _count(g, KG.Task) == 162
    assert _count(g, KG.Unit) == 70


def test_same_plan_id_twice_is_an_error(tmp_path):
    with pytest.raises(InputError, match="方案编号 '.*' 已被 .* 使用"):
        build([bundled_plan(), bundled_plan()], out=None)


def test_readme_shows_what_a_build_prints(built):
    """The README's sample output is the real output (it went stale once)."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme.split("A build of the bundled plan prints:", 1)[1].split("```")[1].strip()
    assert block.splitlines() == built[0].summary().splitlines()[:4]


def test_a_build_of_many_plans_names_three_and_counts_the_rest(built):
    from kg.rdf.build import BuildResult

    result, _ = built
    many = BuildResult(result.triples, result.plans * 5)
    first = many.summary().splitlines()[0]
    assert first.startswith("5个方案：奉节县2023年")
    assert first.count("按 text-export 读取") == 3 and first.endswith("……另有2个（kg query plans 列出全部）")


def test_sorted_ntriples_merged_from_runs_are_the_bytes_sorted_in_memory(built, tmp_path):
    """A graph larger than one run is sorted in runs on disk and merged: the same bytes, runs removed."""
    from kg.rdf.serialize import sorted_ntriples, write_sorted_ntriples

    result, _ = built
    path = tmp_path / "kg.nt"
    write_sorted_ntriples(result.triples, path, run=1000)
    assert path.read_bytes() == sorted_ntriples(result.triples)
    assert len(result.triples) > 5 * 1000 and [p.name for p in tmp_path.iterdir()] == ["kg.nt"]
