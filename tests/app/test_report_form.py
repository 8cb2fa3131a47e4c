"""A unit reports through the web form and it lands in the graph as `kg status import` would record it;
read-only, token and host rules; hostile source text stays text."""
from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request

import pytest

from kg.model.domain import colour_for, load_scheme

from ..browser import served_page
from ..process import kg, one_line_error
from .conftest import running_app
from kg.status.columns import canonical


PLAN = "fengjie-2023-business-environment"
TOKEN = "kg-test-token-7fQ2xLm9Rv"
SCHEME = load_scheme()


def _field(task: int, name: str) -> str:
    return f"[name='{name}-{PLAN}_task_{task}']"


def _records(graph) -> str:
    result = kg("query", "status-records", "-f", "csv", "-g", str(graph))
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_report_form_round_trips_to_the_graph(app, app_graph):
    green = colour_for(SCHEME, "on-schedule")
    with served_page(app) as page:
        page.goto(app + "/")
        before = int(page.locator("#figures tbody tr").nth(1).locator("td").nth(1).inner_text())
        page.goto(app + "/unit/admin-service-center#report")
        task = int(page.locator("form.report-form tbody tr").first.locator("a").inner_text())
        page.select_option(_field(task, "colour"), value=green.label)
        page.fill(_field(task, "progress"), "60%")
        page.fill(_field(task, "note"), "网上申报已上线 <b>不加粗</b>")
        page.click("form.report-form button[type=submit]")
        page.wait_for_url("**recorded=report-*")
        assert "已记录" in page.inner_text("p.ok")
        assert "网上申报已上线 <b>不加粗</b>" in page.inner_text("#history")  # shown as text, not markup
        assert page.kg_errors == [] and page.kg_remote == []
        # The task page shows it, and the home page counts it.
        page.goto(app + f"/task/{PLAN}/{task}")
        assert "网上申报已上线" in page.inner_text("main") and green.zh in page.inner_text("main")
        page.goto(app + "/")
        after = int(page.locator("#figures tbody tr").nth(1).locator("td").nth(1).inner_text())
        assert after == before + 1
    # In the graph, as kg status import records a file: kg query reads it back, and so does the
    # workbench's SPARQL page (the recorded files are named graphs of its store).
    rows = _records(app_graph)
    assert "网上申报已上线 <b>不加粗</b>" in rows and f",{task},green,60," in rows
    with urllib.request.urlopen(app + "/sparql/status-records?format=csv") as response:
        # CSV lines end CRLF; the download starts with the BOM Excel needs, the CLI's pipe without
        assert response.read().decode("utf-8").replace("\r\n", "\n") == "\ufeff" + rows
    assert len(list((app_graph / "status" / "inbox").glob("web-admin-service-center-*.csv"))) == 1


def test_the_form_applies_the_import_checks_and_records_nothing_on_error(app, app_graph):
    blue = colour_for(SCHEME, "done")
    recorded = sorted((app_graph / "status").glob("*.trig")) if (app_graph / "status").exists() else []
    with served_page(app) as page:
        page.goto(app + "/unit/court#report")
        task = int(page.locator("form.report-form tbody tr").first.locator("a").inner_text())
        page.select_option(_field(task, "colour"), value=blue.label)  # 蓝 without 佐证 evidence
        page.fill(_field(task, "progress"), "lots")  # not a number: only the first problem of a row is named
        with page.expect_response(lambda r: r.request.method == "POST") as sent:
            page.click("form.report-form button[type=submit]")
        assert sent.value.status == 400
        assert page.inner_text("h1") == "未记录任何内容"
        assert "进度%“lots”不是任务完成的百分比" in page.inner_text("ul.problems")
        # An empty form records nothing either.
        page.goto(app + "/unit/court#report")
        with page.expect_response(lambda r: r.request.method == "POST") as sent:
            page.click("form.report-form button[type=submit]")
        assert sent.value.status == 400 and "没有可记录的内容" in page.inner_text("ul.problems")
    now = sorted((app_graph / "status").glob("*.trig")) if (app_graph / "status").exists() else []
    assert now == recorded


def test_read_only_workbench_refuses_writes(app_graph, tmp_path):
    with running_app(app_graph) as base:
        with served_page(base) as page:
            page.goto(base + "/unit/court#report")
            assert "只读" in page.inner_text("p.readonly-note")
            assert page.locator("form.report-form button[type=submit]").is_disabled()
        data = urllib.parse.urlencode({"form_key": "", f"colour-{PLAN}_task_1": "绿 green"}).encode()
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(urllib.request.Request(base + "/unit/court/report", data=data))
        assert err.value.code == 403 and "只读方式启动" in err.value.read().decode("utf-8")


def test_a_writable_app_refuses_a_post_without_the_page_form_key(app):
    """Another site open in the same browser cannot post a report: it does not know the page's form key."""
    data = urllib.parse.urlencode({"form_key": "guess", f"colour-{PLAN}_task_1": "绿 green",
                                   "reported": "2023-06-30"}).encode()
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(urllib.request.Request(app + "/unit/court/report", data=data))
    assert err.value.code == 403


def test_a_token_guards_every_page(app_graph):
    with running_app(app_graph, "--token", TOKEN) as base:
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(base + "/")
        assert err.value.code == 401
        bearer = urllib.request.Request(base + "/sparql", headers={"Authorization": f"Bearer {TOKEN}"})
        assert urllib.request.urlopen(bearer).status == 200
        with served_page(base) as page:
            page.goto(base + f"/unit/court?token={TOKEN}")
            assert page.url == base + "/unit/court"  # the token leaves the address bar for a cookie
            page.goto(base + "/task/" + PLAN + "/1")
            assert page.locator("h1").count() == 1


def test_serving_beyond_loopback_needs_a_token(app_graph):
    result = kg("app", "-g", str(app_graph), "--host", "0.0.0.0", "--port", "0")
    one_line_error(result, "--token")


def test_hostile_source_text_is_shown_as_text(tmp_path):
    from kg.resources import bundled_plan

    text = bundled_plan().read_text(encoding="utf-8")
    row, end = text.index("\t55\n"), text.index("\t56\n")
    cells = text[row:end].split("\n\t")
    cells[2] = "<script>alert('任务')</script><img src=x onerror=alert(2)>"
    source = tmp_path / "hostile.txt"
    source.write_text(text[:row] + "\n\t".join(cells) + text[end:], encoding="utf-8")
    assert kg("build", str(source), "--out", str(tmp_path / "graph")).returncode == 0
    with running_app(tmp_path / "graph") as base, served_page(base) as page:
        plan = next(p for p in urllib.request.urlopen(base + "/sparql/plans?format=csv").read().decode().splitlines()[1:])
        plan_id = plan.split(",")[0]
        for path in (f"/task/{plan_id}/55", "/search?q=alert"):
            page.goto(base + path, wait_until="networkidle")
            assert "<script>alert('任务')</script>" in page.inner_text("main")
        assert page.kg_dialogs == [] and page.kg_errors == []


def _filled_template(graph, path, colour: str, note: str, old_lead_title: bool = False):
    """县法院's template of June made by kg status template, its first row filled in as the unit would; with
    ``old_lead_title``, its lead column headed 牵头单位 as the kg before Role.heading wrote it."""
    import openpyxl

    made = kg("status", "template", "--as-of", "2023-06-30", "--unit", "县法院", "-o", str(path), "-g", str(graph))
    assert made.returncode == 0, made.stderr
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    header = [canonical(c.value) for c in sheet[1]]
    if old_lead_title:
        assert sheet.cell(1, 3).value == "指标牵头单位"
        sheet.cell(1, 3).value = "牵头单位"
    sheet.cell(row=2, column=header.index("颜色 colour") + 1, value=colour)
    sheet.cell(row=2, column=header.index("说明 note") + 1, value=note)
    book.save(path)
    return path


def test_the_office_uploads_a_filled_template_as_kg_status_import_would(app, app_graph, tmp_path):
    template = _filled_template(app_graph, tmp_path / "court.xlsx", "黄", "法院上传的月报")
    with served_page(app) as page:
        page.goto(app + "/office/verify")
        page.check("input[name=kind][value=report]")
        page.set_input_files("input[name=file]", str(template))
        page.click("form.upload button[type=submit]")
        page.wait_for_url("**recorded=report-*")
        assert "法院上传的月报" in page.inner_text("table") or "yellow" in page.inner_text("table")
        # The same file twice is refused, as kg status import refuses it.
        page.goto(app + "/office/verify")
        page.set_input_files("input[name=file]", str(template))
        with page.expect_response(lambda r: r.request.method == "POST") as sent:
            page.click("form.upload button[type=submit]")
        assert sent.value.status == 400 and "该文件已记录过" in page.inner_text("ul.problems")
        # An unfilled template or review sheet is refused here as by kg status import and verify (issue 27).
        blank, review = tmp_path / "blank.xlsx", tmp_path / "review.xlsx"
        for args in (("template", "--unit", "县法院", "-o", str(blank)), ("review", "-o", str(review))):
            assert kg("status", *args, "--as-of", "2023-06-30", "-g", str(app_graph)).returncode == 0
        for kind, path, said in (("report", blank, "没有填写任何一行"), ("verify", review, "没有任何一行填写核定")):
            page.goto(app + "/office/verify")
            page.check(f"input[name=kind][value={kind}]")
            page.set_input_files("input[name=file]", str(path))
            with page.expect_response(lambda r: r.request.method == "POST") as sent:
                page.click("form.upload button[type=submit]")
            assert sent.value.status == 400 and said in page.inner_text("ul.problems")
    assert "法院上传的月报" in _records(app_graph)


def test_the_office_uploads_a_template_whose_lead_column_the_old_kg_headed(app, app_graph, tmp_path):
    """Units fill in and send back the template kg wrote earlier: its lead column is headed 牵头单位, not
    today's 指标牵头单位 (Role.heading). The upload reads it as kg status import does."""
    from .test_safety import _form_key, _multipart, _post

    template = _filled_template(app_graph, tmp_path / "old.xlsx", "橙", "旧模板上传的月报", old_lead_title=True)
    body, kind = _multipart({"form_key": _form_key(app), "kind": "report"}, "old.xlsx", template.read_bytes())
    assert _post(app + "/office/upload", body, kind, Origin=app) == 200  # recorded, then the verify page
    assert "旧模板上传的月报" in _records(app_graph)
