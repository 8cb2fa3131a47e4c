"""Chinese first in the workbench (#26): every label Chinese by default, English from the header's switch,
remembered per browser; tables titled from queries/columns.csv; dates as people read them."""
from __future__ import annotations

import datetime as dt
import re

from kg.i18n import use

from ..browser import served_pages


PLAN = "fengjie-2023-business-environment"
#: Pages whose labels are the app's own (the SPARQL list shows each query's own question).
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
