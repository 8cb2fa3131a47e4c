"""networkx analytics, checked against counts derived from the source text."""
from __future__ import annotations

import json

import networkx as nx
import pytest

from kg.network import analytics
from kg.network.export import export_graph, flat_copy, plan_graph

from ..conftest import REPO
from ..process import kg, one_line_error
from ..source_facts import NOT_UNITS, pair_counts, rows, task_id, tasks_of, units_of


def test_network_shape(net):
    assert len(net.tasks) == 81
    assert len(net.units) == 70
    assert net.graph.number_of_edges() == len({(n, u) for n in rows() for u in units_of(n)})
    assert net.period_label(1) == "1月-3月" and net.sections[2] == "着力提升政务环境"
    assert net.tasks[task_id(55)].work_item == "完善多元化纠纷解决机制"


def test_roles_on_an_edge_are_in_role_order(net):
    assert net.roles_on(task_id(1), "unit/market-supervision") == ("lead", "host")
    assert set(net.members(task_id(1))["lead"]) == {"unit/market-supervision", "unit/admin-service-center"}


def test_workload_top_unit_and_counts(net):
    result = analytics.workload(net)
    top = result[0]
    assert top["unit"] == "县行政服务中心"
    assert (top["led"], top["hosted"], top["supported"]) == tuple(
        len(tasks_of("县行政服务中心", r)) for r in ("lead", "host", "support"))
    assert top["load"] == 26 * 3 + 11 * 2 + 3
    assert not {r["unit"] for r in result} & NOT_UNITS
    everyone = {r["unit"] for r in analytics.workload(net, all_units=True)}
    assert "相关单位、部门" in everyone and "各乡镇（街道）" in everyone


def test_workload_per_period(net):
    # 县科技局's targets gather in the middle of the year (p1 16, p2–p4 25, p5–p6 22).
    row = next(r for r in analytics.workload(net) if r["unit"] == "县科技局")
    assert [row[f"p{p}"] for p in range(1, 7)] == [16, 25, 25, 25, 22, 22]
    assert row["peak_period"] == "4月-5月、6月-7月、8月-9月"


def test_probe_peak_period_is_not_the_first_period_by_default(net):
    """Probe: peak_period said 1月-3月 for 49 of 59 units; an even load has no peak."""
    rows = analytics.workload(net)
    assert sum(r["peak_period"] == "1月-3月" for r in rows) == 0
    flat = next(r for r in rows if len({r[f"p{p}"] for p in range(1, 7)} - {0}) == 1)
    assert flat["peak_period"] == ""


def test_probe_readme_broker_claims_match_the_analysis(net):
    """Probe: the README said no unit disconnects the network; brokers marks 县委组织部 as a cut vertex."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    cut = [r["unit"] for r in analytics.brokers(net, limit=0) if r["cut_vertex"]]
    assert cut == ["县委组织部"]
    assert "One unit is a cut vertex: without 县委组织部" in text


def test_strongest_pair(net):
    result = analytics.coordination(net)
    expected = pair_counts()
    (a, b), tasks = max(expected.items(), key=lambda kv: (len(kv[1]), kv[0]))
    assert (result[0]["unit_a"], result[0]["unit_b"], result[0]["shared"]) == (a, b, len(tasks))
    assert len(result) == len(expected)


def test_partners(net):
    node = net.find_unit("人行奉节支行")
    assert node == "unit/pboc-fengjie"
    got = {r["partner"]: r["shared"] for r in analytics.partners(net, node)}
    expected = {}
    for n in tasks_of("人民银行奉节支行"):
        for u in units_of(n) - {"人民银行奉节支行"} - NOT_UNITS:
            expected[u] = expected.get(u, 0) + 1
    assert got == expected


def test_brokers_pairs_really_meet_only_through_them(net):
    result = analytics.brokers(net, limit=0)
    top = result[0]
    assert top["betweenness"] >= result[1]["betweenness"]
    pairs = pair_counts()
    partners = {}
    for (a, b) in pairs:
        partners.setdefault(a, set()).add(b)
        partners.setdefault(b, set()).add(a)
    for example in top["example_pairs"].split("|"):
        a, b = example.split("–")
        assert tuple(sorted((a, b))) not in pairs  # no shared task
        assert partners[a] & partners[b] == {top["unit"]}


def test_clusters_are_stable_and_partition(net):
    first = analytics.clusters(net, seed=7)
    again = analytics.clusters(net, seed=7)
    assert first == again
    members = [m for row in first for m in row["members"].split("|")]
    concrete = {u for n in rows() for u in units_of(n)} - NOT_UNITS
    assert sorted(members) == sorted(concrete)
    together = next(r for r in first if "县人力社保局" in r["members"].split("|"))
    assert "县行政服务中心" in together["members"].split("|")
    assert all(r["description"] for r in first)


def test_risks_against_source(net):
    result = analytics.risks(net)
    crowded = next(r for r in result if r["risk"] == "many-leads-due-together")
    led = tasks_of("县行政服务中心", "lead")
    june_july = sorted(n for n in led if rows()[n]["deadline"] in ("2023-06", "2023-07"))
    assert crowded["unit"] == "县行政服务中心" and crowded["period"] == "6月-7月"
    assert crowded["tasks"] == "|".join(map(str, june_july))
    only_host = {int(r["tasks"]) for r in result if r["risk"] == "lead-is-only-host"}
    assert only_host == {n for n, r in rows().items() if len(r["host"]) == 1 and r["host"][0] in r["lead"]}
    many = {int(r["tasks"]): r["count"] for r in result if r["risk"] == "many-units-one-lead"}
    assert many[35] == len(units_of(35)) == 14


@pytest.mark.parametrize("fmt, reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
@pytest.mark.parametrize("view", ["coordination", "plan"])
def test_export_reloads_with_attributes(net, tmp_path, fmt, reader, view):
    path = tmp_path / f"g.{fmt}"
    path.write_text(export_graph(net, view, fmt), encoding="utf-8")
    back = reader(path)
    original = flat_copy(net.coordination() if view == "coordination" else plan_graph(net))
    assert set(back.nodes) == set(original.nodes)
    assert {frozenset(e) for e in back.edges} == {frozenset(e) for e in original.edges}
    unit = back.nodes["unit/court"]
    assert unit["label"] == "县法院" and unit["label_en"] == "County People's Court"
    assert unit["kind"] == "judicial" and "load" in unit and "cluster" in unit
    if view == "coordination":
        edge = back.edges["unit/human-resources-social-security", "unit/admin-service-center"]
        assert int(edge["weight"]) == 12 and edge["tasks"].startswith("21|30|31")
    else:
        assert back.edges[task_id(1), "unit/market-supervision"]["roles"] == "lead|host"
        assert back.nodes[task_id(55)]["work_item"] == "完善多元化纠纷解决机制"


def test_analyze_cli_json(graph_file):
    out = kg("analyze", "coordination", "-g", str(graph_file), "-f", "json", "--limit", "3").stdout
    data = json.loads(out)
    assert isinstance(data, list) and len(data) == 3
    assert data[0]["shared"] >= data[1]["shared"] >= data[2]["shared"]


def test_analyze_partners_needs_a_known_unit(graph_file):
    one_line_error(kg("analyze", "partners", "--unit", "县不存在局", "-g", str(graph_file)),
                   "没有名为'县不存在局'的单位", "（解决办法：请填写单位的中文名")
