"""The office's long pages over three plans (243 tasks): 100 rows a page, a plan to choose, every task a
link away, and the figures those of the whole month, as ``kg status report`` writes them."""
from __future__ import annotations

import io
import re
import urllib.parse
import urllib.request

import pytest

from kg.resources import bundled_plan

from ..browser import served_page
from ..process import kg
from .conftest import AS_OF, running_app

pytestmark = pytest.mark.xdist_group("app")

PLANS = ("plan-a", "plan-b", "plan-c")


@pytest.fixture(scope="module")
def three_plans(tmp_path_factory):
    folder = tmp_path_factory.mktemp("three")
    text = bundled_plan().read_text(encoding="utf-8")
    for name in PLANS:
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    built = kg("build", *(str(folder / f"{name}.txt") for name in PLANS), "--out", str(folder / "graph"))
    assert built.returncode == 0, built.stderr
    with running_app(folder / "graph", "--writable") as base:
        _report(base, "plan-b", {"绿 green": 3, "黄 yellow": 2})
        yield base, folder / "graph"


def _report(base: str, plan: str, colours: dict[str, int]) -> None:
    """The 县行政服务中心 reports some of its tasks in ``plan`` through its form: the month's figures move."""
    page = urllib.request.urlopen(f"{base}/unit/admin-service-center?plan={plan}").read().decode("utf-8")
    key = re.search(r'name="form_key" value="([^"]+)"', page).group(1)
    tasks = re.findall(rf'name="colour-{plan}_task_(\d+)"', page)
    fields, chosen = {"form_key": key, "reported": AS_OF}, iter(tasks)
    for colour, n in colours.items():
        for _ in range(n):
            fields[f"colour-{plan}_task_{next(chosen)}"] = colour
    request = urllib.request.Request(f"{base}/unit/admin-service-center/report?plan={plan}",
                                     data=urllib.parse.urlencode(fields).encode())
    with urllib.request.urlopen(request) as response:
        assert "recorded=report-" in response.url


def _walk(page, table: str) -> list[str]:
    """Every row's first link on every page of a paged list, reached by its page links one after the other."""
    seen, number = [], 1
    while True:
        seen += page.locator(f"{table} tbody tr td:first-child a").evaluate_all("(a) => a.map(x => x.href)")
        link = page.locator("nav.pager").first.get_by_role("link", name=str(number + 1), exact=True)
        if link.count() == 0:
            return seen
        link.click()
        page.wait_for_load_state()  # the click returns once the next page starts; its deferred app.js runs by "load"
        number += 1
        assert page.locator("nav.pager strong[aria-current=page]").first.inner_text() == str(number)


def _status_report(graph, folder):
    from openpyxl import load_workbook

    made = kg("status", "report", "--as-of", AS_OF, "-o", str(folder), "-g", str(graph))
    assert made.returncode == 0, made.stderr
    return load_workbook(io.BytesIO((folder / f"{int(AS_OF[:4])}年{int(AS_OF[5:7])}月五色图.xlsx").read_bytes()))


def test_the_chart_pages_reach_every_task_and_count_the_whole_month(three_plans, tmp_path):
    base, graph = three_plans
    book = _status_report(graph, tmp_path)
    sections = list(book["部分"].iter_rows(values_only=True))
    totals = [sum(row[i] or 0 for row in sections[1:]) for i in range(1, len(sections[0]))]
    rate = dict(book["报送"].iter_rows(min_row=1, max_row=5, values_only=True))["报送率"]
    units = [list(row) for row in book["单位"].iter_rows(min_row=2, values_only=True)]
    with served_page(base) as page:
        page.goto(f"{base}/office/chart?as_of={AS_OF}")
        assert page.locator("table.chart tbody tr").count() == 100  # one page, not 243 rows
        figures = page.locator("table.chart-figures tbody tr").first.locator("td").all_inner_texts()
        assert [int(n) for n in figures] == totals and sum(totals) == 243 and totals[1:3] == [3, 2]  # 绿 3, 黄 2
        assert f"报送率 {rate}" in page.locator("p.lead").inner_text().replace("\xa0", " ")
        shown = [[cell or None for cell in row] for row in page.locator("#by-unit tbody tr").evaluate_all(
            "(rows) => rows.map(r => [...r.cells].map(c => c.innerText.trim()))")]
        assert shown == [[u[0], *[str(n) if n else None for n in u[1:]]] for u in units]
        links = _walk(page, "table.chart")
        assert len(links) == len(set(links)) == 243 == book["五色图"].max_row - 1
        assert {re.search(r"/task/([^/]+)/", h).group(1) for h in links} == set(PLANS)
        page.select_option("#grid select[name=plan]", "plan-b")  # the plan chosen: its 81 tasks on one page
        page.wait_for_url(re.compile(r"plan=plan-b"))
        only = page.locator("table.chart tbody tr td:first-child a").evaluate_all("(a) => a.map(x => x.href)")
        assert len(only) == 81 and all("/task/plan-b/" in h for h in only)
        assert page.locator("nav.pager").count() == 0
        assert page.locator("table.chart-figures tbody tr").first.locator("td").all_inner_texts() == figures
        assert "打印 HTML 文件" in page.locator("p.downloads .hint").inner_text()
        assert page.kg_errors == [] and page.kg_remote == []
    # What the page says to print for the paper chart holds every task, not the page's hundred.
    printable = urllib.request.urlopen(f"{base}/office/chart.html?as_of={AS_OF}").read().decode("utf-8")
    assert printable.count("<tr data-task=") == 243


def test_verify_and_remind_pages_reach_every_row(three_plans):
    base, _graph = three_plans
    with served_page(base) as page:
        page.goto(f"{base}/office/verify?as_of={AS_OF}&all=1")
        lead = page.locator("p.lead").inner_text()
        assert "243" in lead
        links = _walk(page, ".verify-form table")
        assert len(set(links)) == 243
        page.goto(f"{base}/office/remind?as_of={AS_OF}")
        counts = page.locator("#units tbody tr td:nth-child(2)").all_inner_texts()
        total = sum(int(n) for n in counts)
        assert f"共{total}条" in page.locator("#items nav.pager").first.inner_text()
        rows = 0
        for number in range(1, -(-total // 100) + 1):
            page.goto(f"{base}/office/remind?as_of={AS_OF}&page={number}")
            rows += page.locator("#items table tbody tr").count()
        assert rows == total
        first = page.locator("#units tbody tr td:first-child a").first
        name, count = first.inner_text(), int(counts[0])
        first.click()  # one unit: its items, and its message to paste
        assert page.locator("#items table tbody tr").count() == min(count, 100)
        assert set(page.locator("#items table tbody tr td:first-child").all_inner_texts()) == {name}
        assert name in page.locator("textarea.messages").input_value()
        assert page.kg_errors == []


def _review_sheet(base: str, language: str = "zh") -> tuple[str, list]:
    from openpyxl import load_workbook

    request = urllib.request.Request(f"{base}/office/review.xlsx", headers={"Cookie": f"kg_lang={language}"})
    book = load_workbook(io.BytesIO(urllib.request.urlopen(request).read()))
    return book.worksheets[0].title, list(book.worksheets[0].iter_rows(min_row=2, values_only=True))


def test_the_month_s_review_sheet_is_kept_per_language_and_made_again_after_a_report(three_plans):
    base, _graph = three_plans
    title, before = _review_sheet(base)
    assert title == "核定" and _review_sheet(base, "en")[0] == "Review" and _review_sheet(base)[0] == "核定"
    assert not any(row[1] == "plan-c" and row[4] for row in before)
    _report(base, "plan-c", {"绿 green": 1})
    _title, after = _review_sheet(base)
    assert [row[4] for row in after if row[1] == "plan-c" and row[4]] == ["绿"]
