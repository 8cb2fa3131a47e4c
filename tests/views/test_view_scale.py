"""Views of many plans: laid out without scipy, aggregated past what a page can draw, labels apart."""
from __future__ import annotations

import sys

import pytest

from kg.network.plan import load_network
from kg.sparql.stores import OxigraphStore
from kg.views import interactive
from kg.views.interactive import write_views

from ..browser import offline_page, open_file
from ..conftest import REPO
from .labels import label_overlaps, overlap_share

sys.path.insert(0, str(REPO / "benchmarks"))
from corpus import write_corpus  # noqa: E402


@pytest.fixture(scope="module")
def seven(tmp_path_factory):
    """7 plans: 567 tasks and 637 nodes, past the 500 at which networkx's layout needs scipy."""
    path = tmp_path_factory.mktemp("corpus") / "corpus-7.nt"
    write_corpus(7, path)
    return load_network(OxigraphStore([path], trusted=True))


def test_views_of_seven_plans_are_written(seven, tmp_path):
    unit = seven.find_unit("县市场监管局")
    write_views(seven, tmp_path, subtitle=seven.title, units=[unit])
    html = (tmp_path / "plan.html").read_text(encoding="utf-8")
    assert "bench-0007/task/81" in html
    with offline_page() as page:
        for view in ("plan.html", "coordination.html", "unit-market-supervision.html"):
            open_file(page, tmp_path / view)
            page.wait_for_function("window.kgStats && window.kgStats.drawn", timeout=60000)
            assert page.kg_errors == [], view
            assert overlap_share(label_overlaps(page)) <= 0.05, view


def test_a_view_past_the_drawing_limit_shows_sections_and_units(seven, monkeypatch):
    monkeypatch.setattr(interactive, "MAX_DRAWN_TASKS", 500)
    html = interactive.plan_view(seven, [], seven.title)
    assert "bench-0007/task/81" not in html and "section/6" in html
    assert "任务567项，过多无法逐一绘出" in html


def test_a_unit_view_past_the_drawing_limit_keeps_its_sections(seven, monkeypatch, tmp_path):
    """Its tasks are not drawn, so its sections (with their links) stay, even in a view small enough to open."""
    monkeypatch.setattr(interactive, "MAX_DRAWN_TASKS", 5)  # 县法院 has 7 tasks in 7 plans
    page_file = tmp_path / "unit.html"
    page_file.write_text(interactive.unit_view(seven, seven.find_unit("县法院"), [], seven.title), encoding="utf-8")
    with offline_page() as page:
        open_file(page, page_file)
        page.wait_for_function("window.kgStats && window.kgStats.drawn", timeout=60000)
        stats = page.evaluate("window.kgStats")
        assert stats["expanded"] == [] and stats["shownEdges"] > 0
        page.click("#expand-all")
        assert page.evaluate("window.kgStats.expanded") == [] and page.kg_errors == []
