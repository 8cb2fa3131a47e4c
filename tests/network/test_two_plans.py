"""Two plans of different origin in one graph: each task keeps its own plan's section title; one plan's
network, cut from the whole, equals the one loaded for that plan alone."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.network.plan import load_network
from kg.rdf.build import build
from kg.resources import bundled_plan
from kg.sparql.stores import OxigraphStore

from ..source_facts import PLAN_ID

OTHER = "district-qianjiang-2023-zwfw-gzyd"


@pytest.fixture(scope="module")
def two(tmp_path_factory):
    folder = tmp_path_factory.mktemp("two") / "graph"
    build([bundled_plan(), Path(__file__).parents[1] / "data/realplans/docs" / f"{OTHER}.txt"], out=folder)
    store = OxigraphStore([folder / "kg.ttl"])
    return store, load_network(store)


def test_each_task_keeps_its_own_plans_section_title(two):
    store, net = two
    titles = {(r["plan"].toPython(), int(r["section"].toPython())): str(r["title"])
              for r in _sections(store)}
    for task, node in net.tasks.items():
        assert net.section_label(task) == f"{node.section} {titles[(node.plan, node.section)]}".strip()
    ours = next(t for t, n in net.tasks.items() if n.plan == PLAN_ID and n.section == 1)
    theirs = next(t for t, n in net.tasks.items() if n.plan == OTHER and n.section == 1)
    assert net.section_label(ours) != net.section_label(theirs)
    # the legends' filter by number covers section 1 of both plans, and says so
    assert net.sections[1] == " / ".join(dict.fromkeys(titles[(p, 1)] for p in sorted(net.plans)))


def test_one_plans_network_cut_from_the_whole_equals_it_loaded_alone(two):
    store, net = two
    cut, alone = load_network(store, plan=OTHER, whole=net), load_network(store, plan=OTHER)
    assert set(cut.tasks) == set(alone.tasks) and all(t.startswith(OTHER) for t in cut.tasks)
    assert cut.units == alone.units and cut.workload == alone.workload and cut.pairs == alone.pairs
    assert sorted(cut.graph.edges(data=True)) == sorted(alone.graph.edges(data=True))
    assert {t: cut.section_label(t) for t in cut.tasks} == {t: net.section_label(t) for t in cut.tasks}
    assert [d.task for d in cut.due(3)] == [d.task for d in alone.due(3)]


def _sections(store):
    query = """PREFIX kg: <https://w3id.org/kg/ns#> PREFIX dcterms: <http://purl.org/dc/terms/>
    SELECT ?plan ?section ?title WHERE { ?s a kg:Section ; dcterms:isPartOf/dcterms:identifier ?plan ;
    kg:number ?section ; kg:title ?title }"""
    return store.select(query)[1]


@pytest.mark.usefixtures("english")
def test_a_name_that_names_no_unit_is_not_found(two):
    from kg.errors import NotFound

    _, net = two
    assert net.unit_named("县市场监管局") == net.find_unit("County Market Supervision Administration")
    with pytest.raises(NotFound, match="no unit named 'nope'.*kg query units"):
        net.unit_named("nope")
