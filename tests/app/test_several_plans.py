"""The workbench over a graph of two plans: a plan to choose, each plan's sheet and form, records kept apart."""
from __future__ import annotations

import re
import urllib.parse
import urllib.request

import pytest

from kg.resources import bundled_plan

from ..process import kg
from .conftest import running_app


@pytest.fixture(scope="module")
def two_plans(tmp_path_factory):
    folder = tmp_path_factory.mktemp("two")
    text = bundled_plan().read_text(encoding="utf-8")
    sources = []
    for name in ("plan-a", "plan-b"):
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
        sources.append(str(folder / f"{name}.txt"))
    built = kg("build", *sources, "--out", str(folder / "graph"))
    assert built.returncode == 0, built.stderr
    with running_app(folder / "graph", "--writable") as base:
        yield base, folder / "graph"


def _get(url: str) -> str:
    with urllib.request.urlopen(url) as response:
        return response.read().decode("utf-8")


def test_home_lists_each_plan(two_plans):
    base, _ = two_plans
    home = _get(base + "/")
    assert "2 个方案" in home and "<code>plan-a</code>" in home and "<code>plan-b</code>" in home


def test_a_unit_page_shows_the_chosen_plan(two_plans):
    base, _ = two_plans
    first = _get(base + "/unit/court")
    assert '<option value="plan-a" selected>' in first and 'name="colour-plan-a_task_' in first
    assert 'name="colour-plan-b_task_' not in first
    second = _get(base + "/unit/court?plan=plan-b")
    assert 'name="colour-plan-b_task_' in second and 'name="colour-plan-a_task_' not in second
    sheet = _get(base + "/unit/court/sheet.md?plan=plan-b")
    assert "县法院" in sheet
    assert "plan-b" in _get(base + "/views/plan?plan=plan-b")
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(base + "/unit/court?plan=plan-z")
    assert err.value.code == 400


def test_a_report_for_one_plan_is_recorded_for_that_plan(two_plans):
    base, graph = two_plans
    page = _get(base + "/unit/admin-service-center?plan=plan-b")
    key = re.search(r'name="form_key" value="([^"]+)"', page).group(1)
    task = re.search(r'name="colour-plan-b_task_(\d+)"', page).group(1)
    data = urllib.parse.urlencode({"form_key": key, "reported": "2023-06-30",
                                   f"colour-plan-b_task_{task}": "绿 green", f"note-plan-b_task_{task}": "乙方案"}).encode()
    with urllib.request.urlopen(urllib.request.Request(base + "/unit/admin-service-center/report?plan=plan-b",
                                                       data=data)) as response:
        assert "recorded=report-" in response.url
    rows = kg("query", "status-records", "-f", "csv", "-g", str(graph)).stdout
    assert f"plan-b,{task},green" in rows and "plan-a," not in rows.split("\n", 1)[1]
