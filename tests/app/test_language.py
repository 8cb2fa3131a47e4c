"""Chinese first in the workbench (#26): every label Chinese by default, English from the header's switch,
remembered per browser; tables titled from queries/columns.csv; dates as people read them."""
from __future__ import annotations

import datetime as dt
import re

from kg.i18n import use

from ..browser import served_pages


PLAN = "fengjie-2023-business-environment"
#: Pages whose labels are the app's own (the SPARQL pages name queries by their ids: tested apart).
PAGES = ["/", "/unit/admin-service-center", f"/task/{PLAN}/66", "/search?q=市场监管", "/office/verify",
         "/office/chart", "/office/orders", "/office/bulletin", "/office/scorecard", "/office/remind"]
#: Labels the workbench used to show beside their Chinese (``首页 Home``, ``colour 颜色``).
ENGLISH = re.compile(r"\b(Home|colour|Download|Verify|Search|Status history|Units carrying most|Record|tasks|units|"
                     r"as of|Responsibility sheet|Partners|Orders|Bulletin|Scorecard|Remind|Chart)\b")


def _english_labels(page) -> list[str]:
    return sorted(set(ENGLISH.findall(page.inner_text("header") + "\n" + page.inner_text("main")
                                      + "\n" + page.inner_text("footer"))))


def test_chinese_by_default_english_on_request_remembered_per_browser(app):
    with served_pages(app, 2) as (first, second):
        for path in PAGES:
            first.goto(app + path)
            assert _english_labels(first) == [], path
        first.goto(app + "/")
        assert first.locator("header nav a").first.inner_text() == "首页"
        assert "截至2023年6月30日" in first.inner_text("p.lead")  # kg.i18n.format_date
        assert first.get_attribute("html", "lang") == "zh-CN"
        first.goto(app + "/office/chart")
        first.click("header .lang a[hreflang=en]")
        first.wait_for_load_state()
        assert first.url.startswith(app + "/office/chart")  # back where the switch was clicked
        assert "Five-colour chart" in first.inner_text("h1") and first.get_attribute("html", "lang") == "en"
        first.reload()
        assert "Five-colour chart" in first.inner_text("h1")
        first.click("header nav a:text('Home')")
        first.wait_for_url(app + "/*")
        assert "Units carrying most" in first.inner_text("main") and "As of 30 June 2023" in first.inner_text("p.lead")
        assert [t.strip() for t in first.locator("#figures thead th").all_inner_texts()][0] == "colour"
        # Another browser never chose: still Chinese.
        second.goto(app + "/")
        assert _english_labels(second) == [] and "任务最多的单位" in second.inner_text("main")
        # Back to Chinese with the same switch.
        first.click("header .lang a[hreflang=zh]")
        first.wait_for_load_state()
        assert _english_labels(first) == []
        assert first.kg_errors == [] and second.kg_errors == []
        assert first.kg_remote == [] and second.kg_remote == []


def test_tables_show_the_titles_of_queries_columns(app):
    from kg.sparql.labels import column_title

    with served_pages(app, 1) as (page,):
        page.goto(app + "/")
        headings = page.locator("table.grid").last.locator("thead th").all_inner_texts()
        with use("zh"):
            assert headings == [column_title(c) for c in ("unit", "led", "hosted", "supported", "load")]
        assert headings[0] == "单位"


def _client(graph, lang: str | None = None, accounts: bool = False):
    from kg.app import Guard, create_app
    from kg.app.workbench import Workbench

    with use(lang):
        bench = Workbench(graph, "auto", dt.date(2023, 6, 30))
        return create_app(bench, Guard(accounts=accounts)).test_client()


def test_the_switch_accepts_only_zh_and_en_and_never_leaves_the_site(app_graph):
    client = _client(app_graph)
    sent = client.get("/lang/fr?next=/office/chart")
    assert sent.status_code == 302 and "Set-Cookie" not in sent.headers
    sent = client.get("/lang/en?next=//evil.example/x")
    assert sent.headers["Location"] == "/" and "kg_lang=en" in sent.headers["Set-Cookie"]
    client.set_cookie("kg_lang", "xx")  # a cookie kg never wrote: ignored
    assert "首页" in client.get("/").get_data(as_text=True)


def test_kg_lang_sets_the_apps_default(app_graph):
    """``kg --lang en app`` / ``KG_LANG=en``: English unless a browser chose Chinese."""
    client = _client(app_graph, "en")
    html = client.get("/").get_data(as_text=True)
    assert "Units carrying most" in html and "任务最多的单位" not in html
    client.set_cookie("kg_lang", "zh")
    assert "任务最多的单位" in client.get("/").get_data(as_text=True)


def test_the_switch_works_before_signing_in(app_graph, tmp_path):
    """With accounts, the switch is open like the sign-in page, and the sign-in page follows it."""
    import shutil

    from kg.app.accounts import Accounts
    from kg.status.audit import cli_actor

    graph = tmp_path / "graph"
    shutil.copytree(app_graph, graph)
    Accounts(graph).add("督办办公室", "office", cli_actor(), password="a-long-password-1")
    client = _client(graph, accounts=True)
    assert "登录" in client.get("/login").get_data(as_text=True)
    sent = client.get("/lang/en?next=/login")
    assert sent.status_code == 302 and sent.headers["Location"] == "/login"
    page = client.get("/login").get_data(as_text=True)
    assert "Sign in to the supervision workbench" in page and "登录督办工作台" not in page


def test_the_graph_views_follow_the_switch(app, net):
    """/views/plan, /views/coordination and a unit's graph: Chinese by default, English after the switch,
    only the plan's own words (names, task texts) left in the other language; nothing fetched elsewhere."""
    from ..views.test_view_languages import _HAN, _SEEN, _WORD, _leftover

    paths = ["/views/plan", "/views/coordination", "/unit/court/graph"]
    with served_pages(app, 1) as (page,):
        for lang, pattern, word in (("zh", _WORD, "指标牵头单位"), ("en", _HAN, "lead")):
            page.goto(f"{app}/lang/{lang}?next=/")
            for path in paths:
                page.goto(app + path)
                page.wait_for_function("window.kgStats && window.kgStats.drawn", timeout=30000)
                text = page.evaluate(_SEEN)
                assert word in text and _leftover(text, net, pattern) in ([], ["PNG"]), (lang, path)
                assert "打开页面 →" in text if lang == "zh" else "open its page →" in text  # the app's own link
        assert page.kg_errors == [] and page.kg_remote == []


#: Ids kg keeps in its data that a task page used to show as they are.
RAW_IDS = re.compile(r"one-cell-per-column|positional|merged-to-end|exact-merge|\bdescription\b|\bannual\b|"
                     r"\bmin\b|\bexact\b|more-than|milestone \d")


def test_a_task_page_says_its_ids_in_words(app):
    """How a milestone's periods were placed, and where a target was read, its period and comparator: in words."""
    with served_pages(app, 1) as (page,):
        page.goto(f"{app}/lang/zh?next=/task/{PLAN}/2")
        main = page.inner_text("main")
        assert RAW_IDS.findall(main) == []
        for words in ("逐列对应", "任务内容", "第3期目标", "全年", "不少于", "等于", "2023年12月"):
            assert words in main, words
        page.goto(f"{app}/task/{PLAN}/55")
        assert "合并至年末（推断）" in page.inner_text("main") and RAW_IDS.findall(page.inner_text("main")) == []
        page.goto(f"{app}/lang/en?next=/task/{PLAN}/2")
        main = page.inner_text("main")
        for words in ("one cell per column", "task description", "milestone 3", "whole year", "at least", "exactly",
                      "December 2023"):
            assert words in main, words
        assert page.kg_errors == []


def test_the_sparql_page_says_what_each_query_answers_in_the_chosen_language(app):
    """Each named query's question and its parameters' docs (queries/*.rq) through the catalog; names stay ids."""
    han = re.compile(r"[\u4e00-\u9fff]")
    with served_pages(app, 1) as (page,):
        page.goto(f"{app}/lang/zh?next=/sparql")
        questions = page.locator("dl.qlist dd").all_inner_texts()
        assert len(questions) >= 20 and all(han.search(q) and not ENGLISH.search(q) for q in questions), questions
        page.goto(f"{app}/sparql/workload")
        assert page.inner_text("section.run > p").startswith("各单位任务量")
        assert "牵头的权重" in page.inner_text("form.params")
        page.goto(f"{app}/lang/en?next=/sparql/workload")
        assert page.inner_text("section.run > p").startswith("Workload per unit")
        assert "weight of a lead assignment" in page.inner_text("form.params")
        assert page.kg_errors == []
