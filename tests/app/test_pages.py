"""Every page of kg app in real Chromium with every other host cut off; search; the views link to pages."""
from __future__ import annotations

import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from kg.files import BOM
from kg.i18n import use
from kg.sparql.labels import column_title

from ..browser import cjk_glyphs_differ, served_page, served_pages


PLAN = "fengjie-2023-business-environment"
PAGES = ["/", "/unit/admin-service-center", "/unit/admin-service-center/sheet.html",
         "/unit/admin-service-center/graph", f"/task/{PLAN}/66", "/search?q=市场监管", "/views/plan",
         "/views/coordination", "/sparql", "/sparql/workload?run=1", "/office/verify", "/office/bulletin",
         "/office/scorecard", "/office/remind", "/office/chart", "/office/audit", "/office/orders"]


@pytest.fixture(scope="module")
def tour(app):
    """Every page of PAGES opened until the network is idle: path -> (status, console errors, requests to other
    hosts, whether two Chinese characters draw differently in its heading). The two tests below read the same
    visit (a page load is a quarter second of Chromium's CPU). Four browsers open four pages at a time: each
    page's half second without traffic, which networkidle waits for, overlaps the others'."""
    seen = {}
    with served_pages(app, 4) as pages:  # four browsers take turns, so that their half seconds of quiet overlap
        for turn in range(0, len(PAGES), len(pages)):
            paths = PAGES[turn:turn + len(pages)]
            opened = [(page, path, len(page.kg_errors), len(page.kg_remote), page.goto(app + path, wait_until="commit"))
                      for page, path in zip(pages, paths)]
            for page, path, errors, remote, response in opened:
                page.wait_for_load_state("networkidle")
                heading = "h1" if page.query_selector("h1") else "body"
                seen[path] = (response.status, page.kg_errors[errors:], page.kg_remote[remote:],
                              cjk_glyphs_differ(page, selector=heading))
    return seen


@pytest.fixture(scope="module")
def one_page(app):
    """One browser page for the module's tests after the tour: the app keeps nothing in the browser for them
    (no accounts, no language chosen), and each test starts by opening its page (see _fresh)."""
    with served_page(app) as page:
        yield page


@contextmanager
def _fresh(page):
    """``page`` with its recorded console errors, requests to other hosts and dialogs cleared."""
    for seen in (page.kg_errors, page.kg_remote, page.kg_dialogs):
        seen.clear()
    yield page


def test_every_page_loads_offline_without_console_errors(app, tour, one_page):
    for path in PAGES:
        status, errors, remote, glyphs = tour[path]
        assert status == 200, path
        assert errors == [], (path, errors)
        assert remote == [], (path, remote)
        assert glyphs, f"{path}: Chinese drawn as empty boxes"
    with _fresh(one_page) as page:
        # The unit page's sheet and network frames load from the app too.
        page.goto(app + "/unit/admin-service-center", wait_until="networkidle")
        page.locator("iframe.graph").scroll_into_view_if_needed()
        page.wait_for_load_state("networkidle")
        frames = {f.url.split("?")[0].removeprefix(app) for f in page.frames if f.url.startswith(app)}
        assert {"/unit/admin-service-center/sheet.html", "/unit/admin-service-center/graph"} <= frames
        assert page.kg_errors == [] and page.kg_remote == []


def test_pages_forbid_loading_from_other_hosts(app):
    with urllib.request.urlopen(app + "/") as response:
        policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "connect-src 'self'" in policy and "http" not in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_csp_without_unsafe_inline_every_page_draws_and_runs_its_script(app, tour, one_page):
    """No inline script or style is left for the strict CSP to block (Chromium reports each as a console
    error: the tour's visit of every page records them), and what the scripts and styles do still happens:
    the graph draws, colours show, a select submits."""
    import re

    inline = re.compile(r'<script(?![^>]*\b(src=|type="application/json"))[^>]*>|<style|\sstyle=|\son[a-z]+=', re.I)
    for path in PAGES:
        with urllib.request.urlopen(app + urllib.parse.quote(path, safe="/?=&")) as response:
            source = response.read().decode("utf-8")
        assert not inline.search(source), (path, inline.search(source))
    for path in PAGES:
        assert tour[path][1] == [], (path, tour[path][1])
    with _fresh(one_page) as page:
        page.goto(app + "/views/coordination", wait_until="networkidle")
        page.wait_for_function("window.kgStats && window.kgStats.drawn")
        swatch = page.locator("#controls .swatch, #controls .line").first
        assert swatch.evaluate("e => getComputedStyle(e).backgroundColor") not in ("", "rgba(0, 0, 0, 0)")
        page.goto(app + "/", wait_until="networkidle")
        assert page.locator(".swatch").first.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
        assert page.kg_errors == []


def test_search_finds_a_unit_by_alias(app, one_page):
    with _fresh(one_page) as page:
        page.goto(app + "/")
        page.fill("header input[name=q]", "人行奉节支行")  # an alias, not the unit's name
        page.press("header input[name=q]", "Enter")
        page.wait_for_url("**/search?q=*")
        first = page.locator("ol.hits li").first
        assert "unit" in first.get_attribute("class")
        first.locator("a").click()
        page.wait_for_url("**/unit/pboc-fengjie*")
        assert "pboc-fengjie" in page.inner_text("p.lead")
        assert page.kg_errors == [] and page.kg_remote == []


def test_search_reads_task_text_and_english(app, one_page):
    with _fresh(one_page) as page:
        page.goto(app + "/search?q=营业执照")
        assert page.locator("ol.hits li.task").count() >= 1
        page.goto(app + "/search?q=People%27s%20Court")
        assert page.locator("ol.hits li.unit a").first.inner_text() == "县法院"


def test_search_finds_a_unit_by_its_traditional_name_as_the_build_does(app, one_page):
    with _fresh(one_page) as page:
        page.goto(app + "/search?q=" + urllib.parse.quote("縣法院"))
        assert page.locator("ol.hits li.unit a").first.inner_text() == "县法院"


def test_sparql_page_header_search_box_is_not_a_dump_of_the_query(app, one_page):
    with _fresh(one_page) as page:
        page.goto(app + "/sparql/unit-tasks")
        assert page.input_value("header input[name=q]") == ""
        assert ".rq" not in page.content() and "NamedQuery(" not in page.content()


def test_unit_page_downloads_every_sheet_format(app, one_page):
    with _fresh(one_page) as page:
        page.goto(app + "/unit/court")
        links = page.locator("p.downloads a")
        assert [links.nth(i).inner_text() for i in range(links.count())] == ["html", "md", "xlsx", "docx", "csv"]
        with page.expect_download() as got:
            page.click("p.downloads a:text('xlsx')")
        import io

        import openpyxl

        assert got.value.suggested_filename == "县法院.xlsx"  # the unit's name, as kg sheet names the file
        book = openpyxl.load_workbook(io.BytesIO(Path(got.value.path()).read_bytes()))
        text = " ".join(str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value)
        assert "县法院" in text


def test_views_link_each_node_to_its_page(app):
    with urllib.request.urlopen(app + "/views/coordination") as response:
        html = response.read().decode("utf-8")
    assert '"href": "/unit/court"' in html
    with urllib.request.urlopen(app + "/views/plan") as response:
        html = response.read().decode("utf-8")
    assert f'"href": "/task/{PLAN}/66"' in html


def test_sparql_page_runs_a_named_query_and_its_csv_is_the_cli_output(app, app_graph, one_page):
    from ..process import kg

    with _fresh(one_page) as page:
        page.goto(app + "/sparql/unit-tasks")
        page.fill("form.params input[name=unit]", "县法院")
        page.click("form.params button")
        page.wait_for_selector("table.results tbody tr")
        rows = page.locator("table.results tbody tr").count()
        with page.expect_download() as got:
            page.click("p.downloads a:text('CSV')")
        downloaded = Path(got.value.path()).read_text(encoding="utf-8")
        titles = page.locator("table.results thead th").all_inner_texts()
    cli = kg("query", "unit-tasks", "-p", "unit=县法院", "-f", "csv", "-g", str(app_graph))
    assert cli.returncode == 0, cli.stderr
    assert downloaded == BOM + cli.stdout  # a file a person opens in Excel; the pipe gets none
    assert rows == len(cli.stdout.strip().splitlines()) - 1
    # The table shows the columns' Chinese titles (queries/columns.csv); the file keeps the stable names.
    names = cli.stdout.splitlines()[0].split(",")
    with use("zh"):
        assert titles == [column_title(n) for n in names] and titles[:2] != names[:2]


def test_sparql_page_shows_a_bad_parameter_as_a_message(app, one_page):
    with _fresh(one_page) as page:
        page.goto(app + "/sparql/unit-tasks?run=1&unit=%E4%B8%8D%E5%AD%98%E5%9C%A8")
        assert "图谱中没有名为'不存在'的单位" in page.inner_text("p.error")  # the browser's language, Chinese by default
        assert page.kg_errors == []


def test_unknown_pages_and_bad_dates_are_messages_not_tracebacks(app):
    import urllib.error

    for path, status in (("/unit/nope", 404), ("/task/x/1", 404), ("/?as_of=2023-13-01", 400)):
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(app + path)
        body = err.value.read().decode("utf-8")
        assert err.value.code == status and "Traceback" not in body


def test_home_lists_the_busiest_units_in_the_workload_querys_order(app_graph):
    """The home page's 任务最多的单位 follow workload.rq's order (busiest_first), ties and all."""
    import datetime as dt
    import re

    from kg.app import Guard, Workbench, create_app

    bench = Workbench(app_graph, "auto", dt.date(2023, 6, 30))
    html = create_app(bench, Guard()).test_client().get("/").get_data(as_text=True)
    table = html.rsplit('<table class="grid">', 1)[1]
    shown = re.findall(r'<a href="/unit/[^"]+">([^<]+)</a>', table)
    net = bench.net
    by_query = [net.units[u].name for u in net.workload if net.units[u].one_unit]  # in workload.rq's order
    assert len(shown) == 12 and shown == by_query[:12]
