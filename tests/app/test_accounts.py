"""Two units and the office at once, each in its own browser: a unit sees and reports only its own tasks
(also by a crafted request), the office verifies in the browser, the unit sees the verdict, the audit
page lists every step; login links work once."""
from __future__ import annotations

import datetime as dt
import os
import stat
from contextlib import contextmanager

import pytest

from kg.cli.common import open_network
from kg.model.domain import colour_for, load_scheme

from ..browser import shared_browser
from ..conftest import copy_graph
from ..process import kg, one_line_error
from .conftest import running_app


SCHEME = load_scheme()
A, B = "县行政服务中心", "县市场监管局"
A_ID, B_ID = "admin-service-center", "market-supervision"
OFFICE, PASSWORD = "督办室", "office-pass-123"


def _users(graph, *args: str, input: str | None = None) -> str:
    result = kg("app", "users", *args, "-g", str(graph), input=input)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def desk(built, tmp_path_factory):
    graph = copy_graph(built, tmp_path_factory.mktemp("desk") / "graph")
    _users(graph, "add", A, "--role", "unit")
    _users(graph, "add", B, "--role", "unit")
    _users(graph, "add", "县领导", "--role", "viewer")
    _users(graph, "add", OFFICE, "--role", "office", "--password", input=f"{PASSWORD}\n{PASSWORD}\n")
    with running_app(graph, "--writable") as base:
        yield base, graph


def _link(graph, name: str, base: str) -> str:
    return _users(graph, "link", name, "--base", base).strip().splitlines()[0]


@contextmanager
def browsers(count: int, width: int = 1400):
    """``count`` pages, each in its own browser context (its own cookies): separate people."""
    contexts = [shared_browser().new_context(viewport={"width": width, "height": 900}) for _ in range(count)]
    try:
        pages = []
        for context in contexts:
            page = context.new_page()
            page.kg_errors = []
            page.on("pageerror", lambda e, page=page: page.kg_errors.append(str(e)))
            pages.append(page)
        yield pages
    finally:
        for context in contexts:
            context.close()


def _field(task: str, name: str) -> str:
    return f"[name='{name}-{task.replace('/', '_')}']"


def _trig(graph) -> list:
    folder = graph / "status"
    return sorted(folder.glob("*.trig")) if folder.exists() else []


def test_accounts_are_stored_hashed_and_private(desk):
    _, graph = desk
    text = (graph / "app" / "accounts.jsonl").read_text(encoding="utf-8")
    assert PASSWORD not in text and "$argon2" in text
    assert stat.S_IMODE(os.stat(graph / "app" / "secret").st_mode) == 0o600
    listed = _users(graph, "list")
    assert A in listed and f"unit/{A_ID}" in listed and OFFICE in listed
    one_line_error(kg("app", "users", "add", "没有这个单位", "--role", "unit", "-g", str(graph)), "没有这个单位")
    one_line_error(kg("app", "users", "add", A, "--role", "unit", "-g", str(graph)), "已存在")


def test_two_units_and_the_office_each_see_what_their_role_allows(desk):
    base, graph = desk
    net = open_network(graph, "auto")
    a_task = next(t for t in net.reports_on(f"unit/{A_ID}") if t not in net.tasks_of(f"unit/{B_ID}"))
    plan, _, number = a_task.rpartition("/task/")
    yellow, green = colour_for(SCHEME, "behind"), colour_for(SCHEME, "on-schedule")
    with browsers(3) as (unit_a, unit_b, office):
        # Nobody signed in: every page sends them to sign in.
        unit_a.goto(base + "/")
        assert "/login" in unit_a.url
        # Unit A signs in by its one-time link and lands on its own page; the link works once.
        link = _link(graph, A, base)
        unit_a.goto(link)
        assert unit_a.url.startswith(base + f"/unit/{A_ID}")
        unit_b.goto(link)
        assert "/login" in unit_b.url and "无效" in unit_b.inner_text("p.error")
        unit_b.goto(_link(graph, B, base))
        assert unit_b.url.startswith(base + f"/unit/{B_ID}")

        # Unit A reports on its task.
        unit_a.goto(base + f"/unit/{A_ID}#report")
        unit_a.select_option(_field(a_task, "colour"), value=yellow.label)
        unit_a.fill(_field(a_task, "note"), "A单位本月进展")
        unit_a.click("form.report-form button[type=submit]")
        unit_a.wait_for_url("**recorded=report-*")
        assert "A单位本月进展" in unit_a.inner_text("#history")

        # Unit B cannot open A's page or A's task, nor post A's report even with a valid form key.
        for path in (f"/unit/{A_ID}", f"/task/{plan}/{number}", "/office/verify", "/office/audit", "/search?q=县",
                     "/sparql/status-records?format=csv", f"/unit/{A_ID}/sheet.xlsx"):
            assert unit_b.request.get(base + path, max_redirects=0).status == 403, path
        unit_b.goto(base + f"/unit/{B_ID}")
        key = unit_b.locator("form.report-form input[name=form_key]").get_attribute("value")
        before = _trig(graph)
        crafted = {"form_key": key, "reported": "2023-06-30", "colour-" + a_task.replace("/", "_"): green.label}
        headers = {"Origin": base}
        assert unit_b.request.post(base + f"/unit/{A_ID}/report", form=crafted, headers=headers).status == 403
        # Posting A's task through B's own form records nothing: B's form reads only B's tasks.
        assert unit_b.request.post(base + f"/unit/{B_ID}/report", form=crafted, headers=headers).status == 400
        # Nor can a unit record verdicts.
        verdict = {"form_key": key, "verdict-" + a_task.replace("/", "_"): green.label, "reason-" + a_task.replace("/", "_"): "x"}
        assert unit_b.request.post(base + "/office/verify", form=verdict, headers=headers).status == 403
        assert _trig(graph) == before

        # The office signs in with its password, and a wrong one is refused.
        office.goto(base + "/login")
        office.fill("input[name=name]", OFFICE)
        office.fill("input[name=password]", "wrong-password")
        office.click("form.login button[type=submit]")
        assert "不正确" in office.inner_text("p.error")
        office.fill("input[name=name]", OFFICE)
        office.fill("input[name=password]", PASSWORD)
        office.click("form.login button[type=submit]")
        office.wait_for_url(base + "/")
        # 核定 in the browser, with kg status verify's checks: another colour needs a reason.
        office.goto(base + "/office/verify")
        office.select_option(_field(a_task, "verdict"), value=green.label)
        with office.expect_response(lambda r: r.request.method == "POST") as sent:
            office.click("form.verify-form button[type=submit]")
        assert sent.value.status == 400 and "请填写核定理由" in office.inner_text("ul.problems")
        assert _trig(graph) == before
        office.goto(base + "/office/verify")
        office.select_option(_field(a_task, "verdict"), value=green.label)
        office.fill(_field(a_task, "reason"), "经核实已按期推进")
        office.click("form.verify-form button[type=submit]")
        office.wait_for_url("**recorded=verify-*")

        # The unit sees the office's verdict on its page.
        unit_a.goto(base + f"/unit/{A_ID}")
        history = unit_a.inner_text("#history")
        assert "经核实已按期推进" in history and "督办办公室" in history

        # The audit page lists each step: who, what, from where.
        office.goto(base + "/office/audit")
        audit = office.inner_text("table.audit")
        for line in (f"{A}\t127.0.0.1\t一次性链接登录", f"{A}\t127.0.0.1\t填报", f"{OFFICE}\t127.0.0.1\t核定",
                     f"{OFFICE}\t127.0.0.1\t登录失败", "\t添加账号\t"):
            assert line in audit, line
        for page in (unit_a, unit_b, office):
            assert page.kg_errors == []
        # The recorded files carry who did it as PROV, which kg query reads with the other status files.
        prov = kg("query", "status-provenance", "-f", "csv", "-g", str(graph))
        assert prov.returncode == 0, prov.stderr
        lines = prov.stdout.splitlines()
        assert any(f",report,{A},unit," in line and A_ID in line and "127.0.0.1" in line for line in lines), lines
        assert any(f",verify,{OFFICE},office," in line for line in lines), lines

        # Signing out ends the session.
        unit_a.click("form.logout button")
        unit_a.goto(base + f"/unit/{A_ID}")
        assert "/login" in unit_a.url


def test_a_viewer_reads_and_writes_nothing(desk):
    base, graph = desk
    with browsers(1) as (viewer,):
        viewer.goto(_link(graph, "县领导", base))
        viewer.goto(base + "/office/verify")
        assert viewer.locator("h1").count() == 1
        key = viewer.locator("form.verify-form input[name=form_key]").get_attribute("value")
        sent = viewer.request.post(base + f"/unit/{A_ID}/report", form={"form_key": key}, headers={"Origin": base})
        assert sent.status == 403


def test_evidence_files_are_checked_stored_by_sha256_and_shown_only_to_who_may_see_the_task(desk, tmp_path):
    import hashlib

    base, graph = desk
    net = open_network(graph, "auto")
    mine = [t for t in net.reports_on(f"unit/{A_ID}") if t not in net.tasks_of(f"unit/{B_ID}")]
    task = mine[1]
    blue = colour_for(SCHEME, "done")
    pdf = tmp_path / "验收报告.pdf"
    pdf.write_bytes(b"%PDF-1.4\n% kg evidence test\n%%EOF\n")
    fake = tmp_path / "not-a.pdf"
    fake.write_bytes(b"MZ\x90\x00 an executable")
    sha = hashlib.sha256(pdf.read_bytes()).hexdigest()
    with browsers(3) as (unit_a, unit_b, office):
        unit_a.goto(_link(graph, A, base))
        unit_b.goto(_link(graph, B, base))
        before = _trig(graph)
        # 蓝 without a file, and a file whose content is not what its name says: refused, nothing kept.
        for upload, said in ((None, "须上传佐证文件"), (fake, "不符")):
            unit_a.goto(base + f"/unit/{A_ID}#report")
            unit_a.select_option(_field(task, "colour"), value=blue.label)
            if upload:
                unit_a.set_input_files(_field(task, "evidence_file"), str(upload))
            with unit_a.expect_response(lambda r: r.request.method == "POST") as sent:
                unit_a.click("form.report-form button[type=submit]")
            assert sent.value.status == 400 and said in unit_a.inner_text("ul.problems")
        assert _trig(graph) == before and not (graph / "evidence").exists()
        # With a real file it is recorded, and the file kept by its SHA-256.
        unit_a.goto(base + f"/unit/{A_ID}#report")
        unit_a.select_option(_field(task, "colour"), value=blue.label)
        unit_a.set_input_files(_field(task, "evidence_file"), str(pdf))
        unit_a.click("form.report-form button[type=submit]")
        unit_a.wait_for_url("**recorded=report-*")
        assert (graph / "evidence" / f"{sha}.pdf").read_bytes() == pdf.read_bytes()
        url = base + f"/evidence/{sha}.pdf"
        assert unit_a.locator(f"#history a[href='/evidence/{sha}.pdf']").count() >= 1
        got = unit_a.request.get(url)
        assert got.status == 200 and got.body() == pdf.read_bytes()
        assert unit_b.request.get(url).status == 404  # another unit: as if it did not exist
        # Typing the file's name into its own report does not make it B's to download.
        b_task = net.reports_on(f"unit/{B_ID}")[0]
        unit_b.goto(base + f"/unit/{B_ID}#report")
        unit_b.select_option(_field(b_task, "colour"), value=colour_for(SCHEME, "on-schedule").label)
        unit_b.fill(_field(b_task, "evidence"), f"见 evidence/{sha}.pdf")
        unit_b.click("form.report-form button[type=submit]")
        unit_b.wait_for_url("**recorded=report-*")
        assert unit_b.request.get(url).status == 404
        office.goto(base + "/login")
        office.fill("input[name=name]", OFFICE)
        office.fill("input[name=password]", PASSWORD)
        office.click("form.login button[type=submit]")
        office.wait_for_url(base + "/")
        assert office.request.get(url).status == 200
        office.goto(base + "/office/audit")
        assert f"evidence/{sha}.pdf" in office.inner_text("table.audit")


def test_a_unit_reports_from_a_375_px_phone(desk):
    """The unit page and its form fit a phone's width: nothing runs off the side, every field can be used."""
    base, graph = desk
    net = open_network(graph, "auto")
    task = net.reports_on(f"unit/{B_ID}")[0]
    green = colour_for(SCHEME, "on-schedule")
    with browsers(1, width=375) as (phone,):
        phone.set_viewport_size({"width": 375, "height": 740})
        phone.goto(_link(graph, B, base))
        phone.goto(base + f"/unit/{B_ID}#report")
        overflow = phone.evaluate("document.documentElement.scrollWidth")
        assert overflow <= 375, overflow
        colour = phone.locator(_field(task, "colour"))
        colour.scroll_into_view_if_needed()
        box = colour.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 375 and box["width"] > 200  # a full-width field
        colour.select_option(value=green.label)
        phone.fill(_field(task, "note"), "手机填报")
        phone.click("form.report-form button[type=submit]")
        phone.wait_for_url("**recorded=report-*")
        assert "手机填报" in phone.inner_text("#history")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 375
        assert phone.kg_errors == []


def test_the_chart_page_shows_the_grid_and_downloads_what_kg_status_report_writes(desk, tmp_path):
    base, graph = desk
    made = kg("status", "report", "--as-of", "2023-06-30", "-o", str(tmp_path), "-g", str(graph))
    assert made.returncode == 0, made.stderr
    with browsers(2) as (office, unit_b):
        office.goto(base + "/login")
        office.fill("input[name=name]", OFFICE)
        office.fill("input[name=password]", PASSWORD)
        office.click("form.login button[type=submit]")
        office.wait_for_url(base + "/")
        office.goto(base + "/office/chart")
        assert office.locator("table.chart tbody tr").count() > 50
        assert office.locator("#by-section tbody tr").count() >= 1 and office.locator("#by-unit tbody tr").count() >= 5
        got = office.request.get(base + "/office/chart.html")
        assert got.body().decode("utf-8") == (tmp_path / "2023年6月五色图.html").read_text(encoding="utf-8")
        assert office.request.get(base + "/office/chart.xlsx").status == 200
        office.emulate_media(media="print")
        assert not office.locator("header.top").is_visible()
        unit_b.goto(_link(graph, B, base))
        assert unit_b.request.get(base + "/office/chart", max_redirects=0).status == 403


def test_the_office_issues_orders_and_publishes_the_month_in_the_browser(desk):
    base, graph = desk
    net = open_network(graph, "auto")
    task = [t for t in net.reports_on(f"unit/{B_ID}") if f"unit/{B_ID}" in net.members(t)["lead"]][1]
    red = colour_for(SCHEME, "overdue")
    with browsers(2) as (office, unit_b):
        unit_b.goto(_link(graph, B, base))
        # The unit reports: behind on its task.
        unit_b.goto(base + f"/unit/{B_ID}#report")
        unit_b.select_option(_field(task, "colour"), value=colour_for(SCHEME, "behind").label)
        unit_b.click("form.report-form button[type=submit]")
        unit_b.wait_for_url("**recorded=report-*")
        office.goto(base + "/login")
        office.fill("input[name=name]", OFFICE)
        office.fill("input[name=password]", PASSWORD)
        office.click("form.login button[type=submit]")
        office.wait_for_url(base + "/")
        office.goto(base + "/office/verify")
        office.click("text=显示全部")  # the task nobody reported on is among every task
        office.select_option(_field(task, "verdict"), value=red.label)
        office.fill(_field(task, "reason"), "逾期未完成")
        office.click("form.verify-form button[type=submit]")
        office.wait_for_url("**recorded=verify-*")
        # A unit cannot issue orders or publish.
        key = unit_b.locator("form.report-form input[name=form_key]").get_attribute("value")
        for path in ("/office/supervise", "/office/publish"):
            assert unit_b.request.post(base + path, form={"form_key": key}, headers={"Origin": base}).status == 403
        office.goto(base + "/office/orders")
        office.click("form.supervise button[type=submit]")
        office.wait_for_url("**recorded=supervise-*")
        assert net.tasks[task].label in office.inner_text("table.orders")
        assert office.request.get(base + f"/office/orders/{B_ID}.docx").status == 200
        unit_b.goto(base + f"/unit/{B_ID}")  # the unit sees the order on its own page
        assert net.tasks[task].label in unit_b.inner_text("#orders") and "未销号" in unit_b.inner_text("#orders")
        office.goto(base + "/office/chart")
        office.click("form.publish button[type=submit]")
        office.wait_for_url("**recorded=publish-*")
        assert "发布" in office.inner_text("p.lead") and office.locator("form.publish").count() == 0
        again = office.request.post(base + "/office/publish", form={"form_key": key}, headers={"Origin": base})
        assert again.status == 400 and "未发布" in again.text()
        # The audit page lists each step of the cycle, newest first, with who, when and from where.
        office.goto(base + "/office/audit")
        rows = [r.split("\t") for r in office.locator("table.audit tbody tr").all_inner_texts()]
        steps = [(r[1], r[2], r[3]) for r in rows if r[3] in ("填报", "核定", "签发督办单", "发布月度数据")][:4]
        assert steps == [(OFFICE, "127.0.0.1", "发布月度数据"), (OFFICE, "127.0.0.1", "签发督办单"),
                         (OFFICE, "127.0.0.1", "核定"), (B, "127.0.0.1", "填报")], rows[:8]
        today = dt.datetime.now(dt.timezone.utc).date().isoformat()
        assert all(r[0].startswith(today) for r in rows[:4]), rows[:4]
        assert "校验链完整" in office.inner_text("p.chain")
        office.select_option("select[name=kind]", label="签发督办单")
        office.click("form.audit-filter button")
        shown = office.locator("table.audit tbody tr").all_inner_texts()
        assert shown and all("\t签发督办单\t" in r for r in shown), shown
        assert office.kg_errors == [] and unit_b.kg_errors == []


def test_guessing_a_password_is_stopped_after_five_tries(desk):
    base, _ = desk
    with browsers(1) as (guesser,):
        for attempt in range(6):
            guesser.goto(base + "/login")
            guesser.fill("input[name=name]", "县领导")
            guesser.fill("input[name=password]", f"guess-{attempt}")
            guesser.click("form.login button[type=submit]")
        assert "次数过多" in guesser.inner_text("p.error")
