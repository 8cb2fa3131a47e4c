"""Probes of the views and sheets: one truth, the same output every run.

Each test is one probe of kg as a new user or an attacker would try it, named for it.
"""
from __future__ import annotations

from ..process import kg
from ..source_facts import task_id

# ------------------------------------------------------------------ views and sheets: one truth, same every run

def test_probe_unit_views_do_not_change_with_pythonhashseed(graph_file, tmp_path):

    for seed in ("1", "2"):
        result = kg("viz", "-g", str(graph_file), "--unit", "县法院", "--unit", "县行政服务中心",
                    "--out", str(tmp_path / seed), env={"PYTHONHASHSEED": seed})
        assert result.returncode == 0, result.stderr
    for page in sorted((tmp_path / "1").glob("*.html")):
        assert page.read_bytes() == (tmp_path / "2" / page.name).read_bytes(), page.name


def test_probe_unit_page_legend_counts_tasks_not_links(net):
    """The legend said lead 31 / host 36 / support 86 (links) where 县行政服务中心 leads 26, hosts 11, supports 3."""
    import re

    from kg.views.interactive import unit_view

    html = unit_view(net, "unit/admin-service-center", [], "")
    roles = html.split("<legend>角色</legend>", 1)[1].split("</fieldset>", 1)[0]
    assert re.findall(r'<span class="count">(\d+)</span>', roles) == ["26", "11", "3"]
    assert "县行政服务中心 担任各角色的任务数" in roles


def test_probe_period_inferred_is_one_rule():
    """Views and sheets decide "inferred period" with the same function."""
    import inspect

    from kg.model.domain import period_inferred
    from kg.views import interactive as viz
    from kg.views import sheets

    assert period_inferred("exact-merge") is False and period_inferred("merged-to-end") is True
    for module in (sheets, viz):
        assert "one-cell-per-column" not in inspect.getsource(module)


def test_probe_renamed_colours_still_work(tmp_path, net):
    """The README says an office may rename the colours: the code finds them by meaning."""
    import datetime as dt

    from kg.model.domain import colour_for, load_scheme
    from kg.resources import ontology_dir
    from kg.status.state import states_on

    text = (ontology_dir() / "status-colours.ttl").read_text(encoding="utf-8")
    for old, new in (("blue", "done-ok"), ("red", "late"), ("green", "fine"), ("orange", "amber")):
        text = text.replace(f'skos:notation "{old}"', f'skos:notation "{new}"')
    path = tmp_path / "colours.ttl"
    path.write_text(text, encoding="utf-8")
    scheme = load_scheme(path)
    assert colour_for(scheme, "done").notation == "done-ok"
    suggested = states_on(net, [], dt.date(2023, 7, 5), scheme, {})[task_id(3)].suggestion
    assert suggested[0] == "late" and "未标蓝" in suggested[1]


def test_probe_views_show_a_status_legend(net):
    from kg.views.interactive import unit_view

    before = (net.status, net.status_as_of)
    net.status, net.status_as_of = {task_id(55): "red"}, "2023-07-10"
    try:
        html = unit_view(net, "unit/court", [], "")
    finally:
        net.status, net.status_as_of = before
    status = html.split("<legend>五色图（2023年7月10日）</legend>", 1)[1].split("</fieldset>", 1)[0]
    assert "<span>红</span>" in status and '<span class="count">1</span>' in status
