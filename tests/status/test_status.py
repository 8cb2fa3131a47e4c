"""Five-colour reports round trip: template → filled with openpyxl → import → report, month to month."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from kg.i18n import use
from kg.status.report import build_report, report_html, report_xlsx
from kg.status.state import load_records
from kg.status.workflow import ImportRejected, import_report, load_scheme, template_xlsx

from ..source_facts import task_id, tasks_of
from .forms import csv_report as _csv
from .forms import fill as _fill
from kg.status.columns import canonical


def test_template_has_tasks_and_dropdowns(net, tmp_path):
    import io

    import openpyxl
    wb = openpyxl.load_workbook(io.BytesIO(template_xlsx(net, dt.date(2023, 5, 20))))
    ws = wb.active
    assert ws.max_row == 82
    assert ws["A2"].value == 1 and ws["D2"].value == "行政服务自助大厅提供申领营业执照24小时服务。"  # line 112
    validation = ws.data_validations.dataValidation[0]
    assert validation.type == "list" and validation.formula1 == '"蓝,绿,黄,橙,红"' and "F2:F82" in str(validation.sqref)
    court = openpyxl.load_workbook(io.BytesIO(template_xlsx(net, dt.date(2023, 5, 20), "unit/court"))).active
    assert [court.cell(r, 1).value for r in range(2, court.max_row + 1)] == [55]
    # A unit reports what it leads and what it hosts (source_facts: 县科技局 leads 65–69, hosts also 2, 11, 24, 78).
    science = openpyxl.load_workbook(io.BytesIO(template_xlsx(net, dt.date(2023, 5, 20), "unit/science-technology"))).active
    assert [science.cell(r, 1).value for r in range(2, science.max_row + 1)] == sorted(
        set(tasks_of("县科技局", "lead")) | set(tasks_of("县科技局", "host")))


def test_round_trip_two_months(net, store, graph_dir, tmp_path):
    may = _fill(template_xlsx(net, dt.date(2023, 5, 31)), tmp_path / "may.xlsx",
                {1: "绿 green", 2: "green", 7: "蓝 blue", 66: "绿", 67: "green"}, {66: "40", 67: "20"},
                cells={66: {"完成值 achieved": "250万元"}, 67: {"完成值 achieved": "10家"}})
    june = _fill(template_xlsx(net, dt.date(2023, 6, 30)), tmp_path / "june.xlsx",
                 {1: "黄 yellow", 2: "green", 7: "blue", 66: "green", 67: "green"}, {66: "60", 67: "80"},
                 cells={66: {"完成值 achieved": "390万元"}, 67: {"完成值 achieved": "35家"}})
    first = import_report(may, net, graph_dir)
    second = import_report(june, net, graph_dir)
    assert first.name == "report-2023-05-31.trig" and second.name == "report-2023-06-30.trig"
    records = load_records(graph_dir)
    assert {r["as_of"] for r in records} == {"2023-05-31", "2023-06-30"} and len(records) == 10
    june_report = build_report(net, store, graph_dir, dt.date(2023, 6, 30))
    by_task = {r["task"]: r for r in june_report.rows}
    assert by_task[1]["reported"] == "yellow" and by_task[7]["reported"] == "blue"
    assert by_task[3]["reported"] == "not-reported"
    # Task 66: cumulative target 400万元 by 5月底 in 6月-7月 (line 909); 390万元 is 2.5% behind: no colour.
    assert by_task[66]["suggested"] == ""
    # Task 67: in 6月-7月 the cumulative target is 15家 (line 923): 35家 is on track.
    assert by_task[67]["suggested"] == ""
    assert june_report.previous == "2023-05-31"
    assert [(c["task"], c["from"], c["to"]) for c in june_report.changes] == [(1, "green", "yellow")]
    assert by_task[1]["grid"][1] == "green" and by_task[1]["grid"][2] == "yellow"  # 4月-5月, 6月-7月
    assert sum(june_report.totals.values()) == 81 and june_report.totals["blue"] == 1
    # July: the month is the unit of record, so June's file does not stand in for July's.
    report = build_report(net, store, graph_dir, dt.date(2023, 7, 5))
    by_task = {r["task"]: r for r in report.rows}
    assert by_task[1]["reported"] == by_task[7]["reported"] == "not-reported"
    assert report.totals["not-reported"] == 81 and report.units_sent == []
    # Task 3's deadline is 2023年6月 (line 148): past it on 5 July and not blue → red suggested.
    assert by_task[3]["suggested"] == "red" and by_task[3]["effective"] == "red"
    assert report.previous == "2023-06-30" and len(report.changes) == 5  # each reported task is 未报 in July
    html = report_html(report)
    assert 'data-task="3" data-colour="red"' in html and "https://" not in html
    import io

    import openpyxl
    wb = openpyxl.load_workbook(io.BytesIO(report_xlsx(report)))
    chart = openpyxl.load_workbook(io.BytesIO(report_xlsx(june_report)))["五色图"]
    row = next(r for r in range(2, chart.max_row + 1) if chart.cell(r, 1).value == "1")
    assert chart.cell(row, 6).fill.fgColor.rgb.endswith("F2C200")  # 6月-7月 cell filled yellow
    assert wb["变化"].max_row == 6
    changes = openpyxl.load_workbook(io.BytesIO(report_xlsx(june_report)))["变化"]
    assert changes.cell(2, 1).value == "1"


def test_behind_cumulative_target_suggests_orange(net, store, graph_dir, tmp_path):
    # Task 66 in 6月-7月: cumulative target 400万元 (line 909); 200 is 50% behind → orange (≥ 30%).
    june = _fill(template_xlsx(net, dt.date(2023, 6, 30)), tmp_path / "june.xlsx", {66: "green"}, {66: "76"},
                 cells={66: {"完成值 achieved": "200万元"}})
    import_report(june, net, graph_dir)
    report = build_report(net, store, graph_dir, dt.date(2023, 6, 30))
    row = next(r for r in report.rows if r["task"] == 66)
    assert row["reported"] == "green" and row["suggested"] == "orange" and "50%" in row["rule"]


#: What the refusal says of each bad row, in each language: the row, the column as the template titles it, the fix.
BAD_ROWS = {"zh": ["第2行：颜色“purple”不在五色方案中（可填：蓝、绿、黄、橙、红）", "第83行：序号999不是方案中的任务",
                   "第84行：任务2重复报送（另见第3行）", "第4行：填报单位“县不存在局”不是方案中的单位",
                   "第5行：填报日期“31/05/2023”不是日期（请按 YYYY-MM-DD 填写）"],
            "en": ["row 2: colour 'purple' is not in the scheme (blue, green, yellow, orange, red)",
                   "row 83: no. 999 is not a task of the plan", "row 84: task 2 is reported twice (also row 3)",
                   "row 4: reporter '县不存在局' is not a unit of the plan",
                   "row 5: reported on '31/05/2023' is not a date (write YYYY-MM-DD)"]}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_bad_rows_reject_the_whole_import(net, graph_dir, tmp_path, lang):
    bad = _fill(template_xlsx(net, dt.date(2023, 5, 31)), tmp_path / "bad.xlsx",
                {1: "purple", 2: "green"},
                extra_rows=[[999, "x", "", "", "", "green", "", "", "", "", "2023-05-31"],
                            [2, "again", "", "", "", "green", "", "", "", "", "2023-05-31"]])
    import openpyxl
    wb = openpyxl.load_workbook(bad)
    ws = wb.active
    ws["F4"], ws["J4"], ws["K4"] = "green", "县不存在局", "2023-05-31"  # task 3: unknown reporter
    ws["F5"], ws["K5"] = "green", "31/05/2023"  # task 4: a date in the wrong form
    wb.save(bad)
    with pytest.raises(ImportRejected) as err, use(lang):
        import_report(bad, net, graph_dir)
    problems = err.value.problems
    assert sorted(problems) == sorted(BAD_ROWS[lang])
    with use(lang):
        said = str(err.value)
    assert said.startswith(f"{bad}: 有5处问题，未记录任何内容：" if lang == "zh"
                           else f"{bad}: 5 problems; nothing was recorded:")
    assert said.endswith("（解决办法：请更正上述各行后重新导入）" if lang == "zh"
                         else "(fix: correct the rows and import again)")
    assert not (graph_dir / "status").exists()


def test_duplicate_report_is_refused(net, graph_dir, tmp_path):
    filled = _fill(template_xlsx(net, dt.date(2023, 5, 31)), tmp_path / "may.xlsx", {1: "green"})
    import_report(filled, net, graph_dir)
    before = sorted(p.read_bytes() for p in (graph_dir / "status").iterdir())
    with pytest.raises(ImportRejected, match="该文件已记录过（report-2023-05-31.trig）；已记录的内容不会被覆盖"):
        import_report(filled, net, graph_dir)
    assert sorted(p.read_bytes() for p in (graph_dir / "status").iterdir()) == before


def test_csv_import(net, graph_dir, tmp_path):
    path = tmp_path / "report.csv"
    path.write_text("序号,颜色 colour,进度值 progress,说明 note,填报单位 reporter,填报日期 reported\n"
                    "55,红 red,,平台未建成,县法院,2023-07-10\n", encoding="utf-8")
    import_report(path, net, graph_dir)
    (record,) = load_records(graph_dir)
    assert (record["task"], record["colour"], record["note"]) == ("55", "red", "平台未建成")
    assert record["reporter"].endswith("/unit/court")


def test_scheme_is_data():
    scheme = load_scheme()
    assert [c.notation for c in scheme] == ["blue", "green", "yellow", "orange", "red", "not-reported"]
    assert [c.zh for c in scheme][:5] == ["蓝", "绿", "黄", "橙", "红"]


def test_sheets_and_views_show_the_current_colour(net, graph_dir, tmp_path):
    from kg.status.state import apply_latest_status
    from kg.views.interactive import _task_detail
    from kg.views.sheets import build_sheet
    from kg.views.text import sheet_html

    path = tmp_path / "report.csv"
    path.write_text("序号,颜色 colour,填报日期 reported\n55,红 red,2023-07-10\n", encoding="utf-8")
    import_report(path, net, graph_dir, unit="unit/court")  # the file names no 填报单位: the court sent it
    apply_latest_status(net, graph_dir)
    assert net.status == {task_id(55): "red"} and net.status_as_of == "2023-07-10"
    html = sheet_html(build_sheet(net, "unit/court", dt.date(2023, 7, 10)))
    assert 'title="红（2023年7月10日）"' in html  # the colour's name and the report's date, in Chinese
    fields = dict(_task_detail(net, task_id(55))["fields"][:6])
    assert fields["五色图状态（2023年7月10日）"] == "红"


def test_csv_saved_by_excel_on_chinese_windows(net, graph_dir, tmp_path):
    """GBK bytes, dates as 2023/10/31 or 2023年10月31日, progress as 76%: all read."""
    path = tmp_path / "gbk.csv"
    path.write_bytes("序号,颜色 colour,进度值 progress,填报日期 reported\r\n1,绿 green,76%,2023/5/31\r\n"
                     "2,黄,40,2023年5月30日\r\n".encode("gbk"))
    with pytest.raises(ImportRejected, match="第2行：填报单位为空：请填写报送单位"):
        import_report(path, net, graph_dir)  # who reports decides whose colour counts: never guessed
    # 县市场监管局 leads 1 and hosts 2; an earlier template's 进度值 progress column still reads
    import_report(path, net, graph_dir, unit=net.unit_named("县市场监管局"))
    records = {r["task"]: r for r in load_records(graph_dir)}
    assert records["1"]["colour"] == "green" and float(records["1"]["progress"]) == 76
    assert records["2"]["colour"] == "yellow" and records["1"]["as_of"] == "2023-05-31"


@pytest.mark.parametrize("header, colour", [("序号,颜色,进度%,填报单位,填报日期", "绿"),
                                            ("no.,colour,progress,reporter,reported on", "green"),
                                            ("序号,颜色 colour,进度值 progress,填报单位 reporter,填报日期 reported", "绿 green")])
def test_a_report_is_read_whatever_language_its_header_is_in(net, graph_dir, tmp_path, header, colour):
    """The Chinese titles alone (today's templates), the English ones, and the bilingual ones of earlier templates."""
    path = tmp_path / "report.csv"
    path.write_text(f"{header}\n1,{colour},40,县市场监管局,2023-05-31\n", encoding="utf-8")
    import_report(path, net, graph_dir)
    records = {r["task"]: r for r in load_records(graph_dir)}
    assert records["1"]["colour"] == "green" and float(records["1"]["progress"]) == 40


def test_future_dates_and_unknown_headers_are_refused(net, graph_dir, tmp_path):
    future = tmp_path / "future.csv"
    future.write_text("序号,颜色 colour,填报日期 reported\n1,green,2099-01-31\n", encoding="utf-8")
    with pytest.raises(ImportRejected, match="填报日期2099-01-31晚于今天"):
        import_report(future, net, graph_dir)
    header = tmp_path / "header.csv"
    header.write_text("序号,颜色值,填报日期 reported\n1,green,2023-05-31\n", encoding="utf-8")
    with pytest.raises(ImportRejected, match="第1行：无法识别的列“颜色值”；缺少列“颜色”（模板的列为：序号、具体任务"):
        import_report(header, net, graph_dir)
    assert not (graph_dir / "status").exists()  # nothing recorded, so no date is blocked


def test_a_stray_far_cell_does_not_make_the_import_read_a_million_rows(net, graph_dir, tmp_path):
    import openpyxl

    filled = _fill(template_xlsx(net, dt.date(2023, 5, 31)), tmp_path / "stray.xlsx", {1: "green"})
    wb = openpyxl.load_workbook(filled)
    wb.active["K2"] = "2023-05-31"
    wb.active["XFD1048576"] = "x"
    wb.save(filled)
    import_report(filled, net, graph_dir)
    assert [r["task"] for r in load_records(graph_dir)] == ["1"]


def test_units_reporting_on_different_days_all_count(net, store, graph_dir, tmp_path):
    """The chart takes each task's latest record in the period, not the latest file as a whole."""
    import_report(_csv(tmp_path / "a.csv", "1,green,2023-07-03\n2,yellow,2023-07-03\n"), net, graph_dir)
    import_report(_csv(tmp_path / "b.csv", "3,blue,2023-07-05,验收报告.pdf\n"), net, graph_dir)
    import_report(_csv(tmp_path / "c.csv", "2,green,2023-07-05\n"), net, graph_dir)  # same day, another unit
    import_report(_csv(tmp_path / "d.csv", "2,orange,2023-07-05\n"), net, graph_dir)  # later that day: wins
    assert sorted(p.name for p in (graph_dir / "status").glob("*.trig")) == [
        "report-2023-07-03.trig", "report-2023-07-05-2.trig", "report-2023-07-05-3.trig", "report-2023-07-05.trig"]
    report = build_report(net, store, graph_dir, dt.date(2023, 7, 6))
    by_task = {r["task"]: r["reported"] for r in report.rows}
    assert (by_task[1], by_task[2], by_task[3], by_task[4]) == ("green", "orange", "blue", "not-reported")
    assert sum(r["reported"] != "not-reported" for r in report.rows) == 3


def test_two_imports_at_once_are_both_recorded(graph_file, tmp_path):
    """Two offices importing at the same moment: the lock keeps both, each in its own file."""
    import subprocess
    import sys

    folder = tmp_path / "graph"
    folder.mkdir()
    shutil.copy(graph_file, folder / "kg.ttl")
    files = [_csv(tmp_path / f"{n}.csv", f"{n},green,2023-07-05\n") for n in (1, 2, 3, 4)]
    running = [subprocess.Popen([sys.executable, "-m", "kg", "status", "import", str(f), "-g", str(folder)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for f in files]
    results = [p.communicate(timeout=300) + (p.returncode,) for p in running]
    assert all(code == 0 for _, _, code in results), results
    records = load_records(folder)
    assert sorted(int(r["task"]) for r in records) == [1, 2, 3, 4]
    assert len(list((folder / "status").glob("*.trig"))) == 4


@pytest.mark.parametrize("store_kind", ["memory", "oxigraph"])
def test_status_records_query_answers_after_imports(net, graph_dir, tmp_path, store_kind):
    """kg query status-records returned no rows (Oxigraph) or an internal error (rdflib)."""
    import json

    from ..process import kg

    import_report(_csv(tmp_path / "a.csv", "1,green,2023-07-03\n55,red,2023-07-03\n"), net, graph_dir)
    result = kg("query", "status-records", "-g", str(graph_dir), "--store", store_kind, "-f", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)["results"]["bindings"]
    assert [(r["task"]["value"], r["colour"]["value"]) for r in rows] == [("1", "green"), ("55", "red")]


def test_reported_and_suggested_colours_are_counted_apart(net, store, graph_dir, tmp_path):
    import io

    import openpyxl

    import_report(_csv(tmp_path / "a.csv", "1,green,2023-07-03\n"), net, graph_dir)
    report = build_report(net, store, graph_dir, dt.date(2023, 7, 5))
    rows = {r["task"]: r for r in report.rows}
    assert rows[3]["reported"] == "not-reported" and rows[3]["suggested"] == "red"  # past 2023年6月, not reported
    assert report.totals["green"] == 1 and report.totals["red"] == 0
    assert report.totals["not-reported"] == 80 and report.suggested["red"] >= 1
    assert sum(report.totals.values()) == 81
    assert f"（已报80项＋规则提示{report.suggested['not-reported']}" not in report_html(report)
    assert f"（已报0项＋规则提示{report.suggested['red']}项）" in report_html(report)
    chart = openpyxl.load_workbook(io.BytesIO(report_xlsx(report)))["五色图"]
    assert [c.value for c in chart[1]][-5:] == ["进度", "说明", "核定理由", "佐证", "延期至"]


def test_a_task_reported_blue_is_not_listed_as_past_deadline(net, graph_dir, tmp_path):
    from kg.status.state import apply_latest_status
    from kg.views.sheets import build_sheet

    import_report(_csv(tmp_path / "a.csv", "55,blue,2023-07-03,https://example.org/done.pdf\n"), net, graph_dir)
    before = (dict(net.status), net.status_as_of)
    try:
        apply_latest_status(net, graph_dir)
        sheet = build_sheet(net, "unit/court", dt.date(2023, 7, 10))  # task 55's deadline is 2023年6月
    finally:
        net.status, net.status_as_of = before
    assert sheet.overdue == []


def test_two_plans_templates_carry_the_plan_and_records_never_mix(tmp_path):
    """With two plans a template names each row's plan; reports of task 1 of each plan stay apart."""
    import io

    import openpyxl

    from kg.network.plan import load_network
    from kg.rdf.build import build
    from kg.resources import bundled_plan
    from kg.sparql.stores import OxigraphStore

    from ..source_facts import PLAN_ID
    from .forms import csv_report

    other = "district-qianjiang-2023-zwfw-gzyd"
    folder = tmp_path / "graph"
    build([bundled_plan(), Path(__file__).parents[1] / "data/realplans/docs" / f"{other}.txt"], out=folder)
    store = OxigraphStore([folder / "kg.ttl"])
    net = load_network(store)
    ws = openpyxl.load_workbook(io.BytesIO(template_xlsx(net, dt.date(2023, 7, 5)))).active
    header = [canonical(c.value) for c in ws[1]]
    plans = [r[header.index("计划 plan")] for r in ws.iter_rows(min_row=2, values_only=True)]
    assert set(plans) == {PLAN_ID, other} and len(plans) == len(net.tasks)
    filled = tmp_path / "both.xlsx"
    for row in ws.iter_rows(min_row=2):
        if row[0].value == 1:
            row[header.index("颜色 colour")].value = "green" if row[header.index("计划 plan")].value == PLAN_ID else "red"
    ws.parent.save(filled)
    import_report(filled, net, folder)
    records = {(r["plan"], r["task"]): r["colour"] for r in load_records(folder)}
    assert records == {(PLAN_ID, "1"): "green", (other, "1"): "red"}
    report = build_report(net, store, folder, dt.date(2023, 7, 6))
    official = {r["id"]: r["official"] for r in report.rows}
    assert official[f"{PLAN_ID}/task/1"] == "green" and official[f"{other}/task/1"] == "red"
    with pytest.raises(ImportRejected, match="计划为空，而图谱中有2个方案"):
        import_report(csv_report(tmp_path / "a.csv", "2,green,2023-07-03,\n"), net, folder)
