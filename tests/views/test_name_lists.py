"""Lists of names read as the language lists them (#26): ``县法院、县财政局`` in Chinese, ``县法院, 县财政局`` in
English; one rule (:func:`kg.i18n.join_names`) wherever kg joins names or labels a person reads. The names
themselves stay as the plan wrote them."""
from __future__ import annotations

import datetime as dt

import pytest

from kg.i18n import join_names, use
from kg.network import analytics
from kg.views.sheets import build_sheet

PLAN = "fengjie-2023-business-environment"
#: language → (what joins a list, what must not)
SEPARATORS = {"zh": ("、", ", "), "en": (", ", "、")}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_sheets_overdue_tasks_and_other_units_are_listed_the_languages_way(net, lang):
    joined, foreign = SEPARATORS[lang]
    with use(lang):
        sheet = build_sheet(net, net.unit_named("县市场监管局"), dt.date(2023, 12, 31))
    assert len(sheet.overdue) >= 2
    with use(lang):
        overdue = sheet.overdue_text
    assert joined in overdue and foreign not in overdue
    assert overdue.startswith("1（2023年6月）、3（2023年6月）" if lang == "zh" else "1 (June 2023), 3 (June 2023)")
    others = next(row.others for row in sheet.roles["support"] if "、" in row.others or ", " in row.others)
    assert joined in others and foreign not in others
    assert ("承办单位：" in others and "；" in others) if lang == "zh" else ("host: " in others and "; " in others
                                                                           and "；" not in others)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_analyses_list_units_and_periods_the_languages_way(net, lang):
    joined, foreign = SEPARATORS[lang]
    with use(lang):
        clusters = analytics.clusters(net)
        risks = analytics.risks(net)
    description = clusters[0]["description"]
    assert joined in description and foreign not in description
    assert ("：" in description and ": " not in description) if lang == "zh" else ": " in description
    details = [r["detail"] for r in risks]
    assert details and all(("任务" in d) == (lang == "zh") for d in details)


def test_join_names_is_the_one_rule():
    with use("zh"):
        assert join_names(["县法院", "县财政局"]) == "县法院、县财政局"
    with use("en"):
        assert join_names(["县法院", "县财政局"]) == "县法院, 县财政局"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_status_template_lists_a_tasks_leads_the_languages_way(net, lang):
    from kg.status.workflow import template_rows

    joined, foreign = SEPARATORS[lang]
    with use(lang):
        rows = template_rows(net, dt.date(2023, 6, 30))
    several = [row[2] for row in rows.values() if len(net.members(f"{row[14]}/task/{row[0]}")["lead"]) > 1]
    assert several and all(joined in leads and foreign not in leads for leads in several)


def test_the_app_lists_periods_units_and_dates_the_languages_way(built, tmp_path):
    """A task page's periods and units, in the browser's language."""
    from kg.app import Guard, create_app
    from kg.app.workbench import Workbench

    from ..conftest import copy_graph

    graph = copy_graph(built, tmp_path / "graph")
    with use("zh"):
        client = create_app(Workbench(graph, "auto", dt.date(2023, 6, 30)), Guard()).test_client()
    zh = client.get(f"/task/{PLAN}/1").get_data(as_text=True)
    client.set_cookie("kg_lang", "en")
    en = client.get(f"/task/{PLAN}/1").get_data(as_text=True)
    assert "</a>、<a" in zh and "</a>, <a" not in zh
    assert "</a>, <a" in en and "</a>、<a" not in en
