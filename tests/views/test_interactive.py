"""Interactive net in a real headless Chromium with the network off."""
from __future__ import annotations

import re

import pytest

from kg.network import analytics
from kg.network.plan import load_network
from kg.rdf.build import build
from kg.sparql.stores import OxigraphStore
from kg.views.interactive import write_views

from ..browser import ink, offline_page, open_file
from .labels import SHOW_ALL_LABELS, label_overlaps, overlap_share


@pytest.fixture(scope="module")
def pages(net, tmp_path_factory):
    out = tmp_path_factory.mktemp("viz")
    units = [net.find_unit("县法院"), net.find_unit("县市场监管局")]
    write_views(net, out, subtitle=net.title, units=units)
    return out


@pytest.fixture(scope="module")
def page():
    with offline_page() as p:
        yield p


_LOADS = re.compile(r"""(?:src|href)\s*=\s*["']?\s*https?://|url\(\s*["']?https?://|@import\s+["']?https?://""",
                    re.IGNORECASE)


def test_no_page_loads_anything_from_the_network(pages):
    files = sorted(pages.glob("*.html"))
    assert [f.name for f in files] == ["coordination.html", "index.html", "plan.html", "unit-court.html",
                                       "unit-market-supervision.html"]
    for file in files:
        assert not _LOADS.search(file.read_text(encoding="utf-8")), file.name


def _open(page, path):
    page.kg_errors.clear()
    page.kg_remote.clear()
    open_file(page, path)
    page.wait_for_function("window.kgStats && window.kgStats.drawn", timeout=30000)
    return page.evaluate("window.kgStats")


def _expand_all(page):
    page.click("#expand-all")
    page.wait_for_function("window.kgStats.expanded.length > 0")
    return page.evaluate("window.kgStats")


def test_plan_graph_opens_on_sections_and_draws_every_node_and_edge(page, pages, net, tmp_path):
    stats = _open(page, pages / "plan.html")
    # First sight: the 6 sections with their counts and the 12 units with most load.
    assert (stats["shownNodes"], stats["expanded"]) == (6 + 12, [])
    label = page.evaluate("window.kgNetwork.body.data.nodes.get('section/1').label")
    assert label == "1 着力提升要素环境\n16 项任务 · 36 个单位"
    stats = _expand_all(page)
    assignments = sum(len(d["roles"]) for _, _, d in net.graph.edges(data=True))
    assert (stats["shownNodes"], stats["shownEdges"]) == (81 + 70, assignments) == (151, 408)
    assert page.kg_errors == [] and page.kg_remote == []
    assert ink(page) > 0.01
    page.screenshot(path=str(tmp_path / "plan.png"))
    assert (tmp_path / "plan.png").stat().st_size > 20000


def test_coordination_network(page, pages, net):
    stats = _open(page, pages / "coordination.html")
    clusters = analytics.clusters(net)
    assert stats["shownNodes"] == len(clusters)  # each cluster collapsed into one node
    page.evaluate("() => { window.kgNetwork.emit('click', {nodes: ['cluster/1'], edges: []}); }")
    page.wait_for_function("window.kgStats.expanded.length == 1")
    assert page.evaluate("window.kgStats.shownNodes") == len(clusters) - 1 + clusters[0]["size"]
    stats = _expand_all(page)
    graph = net.coordination()
    assert (stats["shownNodes"], stats["shownEdges"]) == (graph.number_of_nodes(), graph.number_of_edges()) == (59, 414)
    assert page.kg_errors == [] and page.kg_remote == []
    assert ink(page) > 0.01


def test_unit_view(page, pages, net):
    stats = _open(page, pages / "unit-court.html")
    # 县法院 is on task 55 only, with 县委政法委, 县司法局 and 相关单位、部门: small enough to open expanded.
    assert (stats["shownNodes"], stats["shownEdges"]) == (5, 4)
    assert page.kg_errors == [] and page.kg_remote == []


def test_filters_hide_roles_and_kinds(page, pages, net):
    _open(page, pages / "plan.html")
    _expand_all(page)
    page.uncheck('input[data-filter="role"][value="support"]')
    assert page.evaluate("window.kgStats.shownEdges") == 408 - 184
    page.check('input[data-filter="role"][value="support"]')
    page.uncheck('input[data-filter="kind"][value="placeholder"]')
    page.uncheck('input[data-filter="kind"][value="collective"]')
    assert page.evaluate("window.kgStats.shownNodes") == 151 - 11
    page.uncheck('input[data-filter="section"][value="2"]')
    # Section 2's 30 tasks go, and the units (not among the 12 with most load) on no other task.
    top = sorted(net.units, key=lambda u: (-net.loads.get(u, 0), u))[:12]
    only_2 = [u for u in net.unit_ids() if u not in top and {net.tasks[t].section for t in net.tasks_of(u)} == {2}]
    assert page.evaluate("window.kgStats.shownNodes") == 151 - 11 - 30 - len(only_2) == 103


def test_search_opens_the_side_panel(page, pages):
    _open(page, pages / "plan.html")
    page.fill("#search", "55")
    page.dispatch_event("#search", "change")
    panel = page.inner_text("#details")
    assert "完善多元化纠纷解决机制" in panel and "县法院" in panel and "2023年6月" in panel
    assert "合并至年末（推断）" in panel  # the inferred period of milestone 3 is marked, in words
    assert "merged-to-end" not in panel
    page.fill("#search", "County Market Supervision Administration")  # not offered on a Chinese page, still found
    page.dispatch_event("#search", "change")
    assert "县市场监管局" in page.inner_text("#details")


def test_save_png(page, pages):
    _open(page, pages / "coordination.html")
    with page.expect_download() as info:
        page.click("#save-png")
    path = info.value.path()
    with open(path, "rb") as handle:
        assert handle.read(8) == b"\x89PNG\r\n\x1a\n"


def test_index_links_every_view(pages, net, tmp_path):
    html = (pages / "index.html").read_text(encoding="utf-8")
    for name in ("plan.html", "coordination.html", "unit-court.html", "unit-market-supervision.html"):
        assert f'href="{name}"' in html
    write_views(net, tmp_path, subtitle=net.title, units=[net.find_unit("县法院")])
    write_views(net, tmp_path, subtitle=net.title)  # a later run without --unit
    assert 'href="unit-court.html"' in (tmp_path / "index.html").read_text(encoding="utf-8")


def test_source_text_is_escaped(page, tmp_path):
    from kg.resources import bundled_plan
    text = bundled_plan().read_text(encoding="utf-8")
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    plan = tmp_path / "hostile.txt"
    plan.write_text(text.replace("\t用好企业注销“一网通”平台，实现申请人", f"\t{hostile}用好企业注销“一网通”平台，实现申请人", 1),
                    encoding="utf-8")
    build([plan], out=tmp_path / "graph")
    net = load_network(OxigraphStore([tmp_path / "graph" / "kg.ttl"]))
    write_views(net, tmp_path / "viz", subtitle=net.title)
    html = (tmp_path / "viz" / "plan.html").read_text(encoding="utf-8")
    assert hostile not in html and "<script>alert" not in html
    _open(page, tmp_path / "viz" / "plan.html")
    page.fill("#search", "3")
    page.dispatch_event("#search", "change")
    assert hostile in page.inner_text("#details")
    assert page.kg_dialogs == [] and page.kg_errors == []


@pytest.mark.parametrize("view", ["plan.html", "coordination.html", "unit-court.html", "unit-market-supervision.html"])
def test_shown_labels_do_not_overlap(page, pages, view):
    """Each view at first sight and fully expanded: at most 5% of the labels drawn overlap another."""
    _open(page, pages / view)
    first = label_overlaps(page)
    assert first["shown"] >= 4 and first["astray"] == []
    assert overlap_share(first) <= 0.05, first
    _expand_all(page)
    expanded = label_overlaps(page)
    assert expanded["shown"] >= first["shown"] and expanded["astray"] == []
    assert overlap_share(expanded) <= 0.05, expanded


def test_the_overlap_check_sees_overlapping_labels(page, pages):
    """Every label drawn on the expanded plan graph overlaps: the check above can fail."""
    _open(page, pages / "plan.html")
    _expand_all(page)
    page.evaluate(SHOW_ALL_LABELS)
    assert overlap_share(label_overlaps(page)) > 0.2


def test_plan_view_coloured_by_this_months_status(page, net, tmp_path):
    """With a report recorded, the legend lists the colours and a tick fills each task with its colour."""
    from ..source_facts import task_id

    before = (net.status, net.status_as_of)
    net.status, net.status_as_of = {task_id(55): "red", task_id(1): "green"}, "2023-07-10"
    try:
        write_views(net, tmp_path, subtitle=net.title)
    finally:
        net.status, net.status_as_of = before
    _open(page, tmp_path / "plan.html")
    _expand_all(page)
    fill = "(id) => window.kgNetwork.body.data.nodes.get(id).color.background"
    section_colour = page.evaluate(fill, task_id(55))
    page.check("#colour-by-status")
    assert page.evaluate(fill, task_id(55)).lower() != section_colour.lower()
    red, green = page.evaluate(fill, task_id(55)), page.evaluate(fill, task_id(1))
    legend = page.inner_text("fieldset:has(#colour-by-status)")
    from kg.model.domain import load_scheme

    hexes = {c.notation: c.hex.lower() for c in load_scheme()}
    assert (red.lower(), green.lower()) == (hexes["red"], hexes["green"])
    assert "五色图（2023年7月10日）" in legend
    page.uncheck("#colour-by-status")
    assert page.evaluate(fill, task_id(55)) == section_colour
    assert page.kg_errors == []


def test_search_by_a_units_name_finds_the_unit_not_its_cluster(page, pages):
    _open(page, pages / "coordination.html")
    page.fill("#search", "县人力社保局")
    page.dispatch_event("#search", "change")
    assert page.inner_text("#details").startswith("县人力社保局")
    assert page.evaluate("window.kgNetwork.getSelectedNodes()") == ["unit/human-resources-social-security"]
