"""Issue 25: May–July as a county 营商办 runs them, through the CLI, with the rules of the supervision month.

The month is the unit of record; a task's colour is its lead's report (a host's later file never
overrides it); a unit with no role on a task is refused; 蓝 verified stays 蓝; 报送率 counts units; a
published month never changes (a later correction is kept as 更正 and shown the month after). Every
figure is read back from the files the office gets — the chart (XLSX), the 通报 (Markdown), the scorecard
and ``kg query status-records`` — and they must agree.
"""
from __future__ import annotations

import csv
import io

import docx
import openpyxl

from kg.status.publish import published_figures
from kg.status.review import REVIEW_HEADER

from ..process import kg, one_line_error
from .forms import fill, section
from kg.status.columns import canonical

COURT, MARKET, DEV = "县法院", "县市场监管局", "县发展改革委"  # lead 55; lead 3 and 4, host 2; lead 2


def _ok(*args: str) -> str:
    result = kg(*args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _send(g, tmp, unit: str, day: str, colours: dict, name: str, **more) -> str:
    template = tmp / f"template-{name}.xlsx"
    _ok("status", "template", "--unit", unit, "--as-of", day, "-o", str(template), "-g", str(g))
    return _ok("status", "import", str(fill(template.read_bytes(), tmp / name, colours, **more)), "-g", str(g))


def _month_name(month: str) -> str:
    return f"{int(month[:4])}年{int(month[5:7])}月"


def _outputs(g, out, day: str, month: str = "") -> dict:
    """What the office reads for a day: chart colours and reporting sheet, 通报 figures, scorecard rows."""
    chosen = ("--month", month) if month else ()
    for command in ("report", "bulletin", "scorecard"):
        _ok("status", command, *chosen, "--as-of", day, "-o", str(out), "-g", str(g))
    month = month or day[:7]  # files are named by the month their figures are for
    wb = openpyxl.load_workbook(out / f"{_month_name(month)}五色图.xlsx")
    chart = wb["五色图"]
    header = [canonical(c.value) for c in chart[1]]
    colours = {str(r[0]): r[header.index(f"本期 {day}")] for r in chart.iter_rows(min_row=2, values_only=True)}
    reporting = {r[0]: r[1] for r in wb["报送"].iter_rows(values_only=True) if r and r[0]}
    bulletin = (out / f"{_month_name(month)}通报.md").read_text(encoding="utf-8")
    figures = dict(line.strip("| ").split(" | ") for line in bulletin.split("## 附：可引用的数字")[1].splitlines()
                   if line.startswith("| ") and "项目" not in line)
    scores = {}
    for line in (out / f"{_month_name(month)}单位评分与排名.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) > 6 and cells[2] in (COURT, MARKET, DEV):
            scores[cells[2]] = cells
    return {"colours": colours, "reporting": reporting, "figures": figures, "bulletin": bulletin, "scores": scores}


def _records(g) -> list[dict]:
    return list(csv.DictReader(io.StringIO(_ok("query", "status-records", "-f", "csv", "-g", str(g)))))


def _agree(seen: dict, month: str, records: list[dict]) -> None:
    """The chart, the 通报 and status-records tell the same month."""
    counts = {zh: sum(1 for v in seen["colours"].values() if v.startswith(zh)) for zh in "蓝绿黄橙红"}
    for zh, n in counts.items():
        assert seen["figures"][f"{zh}色"] == str(n), (zh, seen["figures"])
    assert seen["figures"]["报送率"] == seen["reporting"]["报送率"]
    assert seen["figures"]["已报单位"] == str(seen["reporting"]["已报单位"])
    assert seen["figures"]["应报单位"] == str(seen["reporting"]["应报单位"])
    counted = {r["reporter"].rsplit("/", 1)[1] for r in records
               if r["by"] == "unit" and r["month"] == month and r["late"] == "false"}
    assert int(seen["figures"]["已报单位"]) == len(counted)


def test_may_to_july_as_the_office_runs_them(graph_dir, tmp_path):
    g, out = graph_dir, tmp_path / "reports"
    # ---- May. The lead of 2 reports 黄; its host sends 绿 a day later: the lead's colour stands. The court
    # sends May's report on 1 June (填报月份 2023-05): it counts in May, not June.
    _send(g, tmp_path, COURT, "2023-06-01", {55: "黄"}, "court-may.xlsx",
          cells={55: {"说明 note": "场地未落实", "填报月份 month": "2023-05"}})
    _send(g, tmp_path, DEV, "2023-05-29", {2: "黄"}, "dev-may.xlsx")
    _send(g, tmp_path, MARKET, "2023-05-30", {2: "绿", 3: "蓝", 4: "绿"}, "market-may.xlsx")
    _send(g, tmp_path, MARKET, "2023-05-30", {2: "绿", 3: "蓝", 4: "黄"}, "market-may-2.xlsx")  # corrected
    # The court has no role on task 3: refused, the row named, nothing recorded.
    stray = tmp_path / "court-stray.csv"
    stray.write_text(f"序号,颜色 colour,填报单位 reporter,填报日期 reported\n3,红,{COURT},2023-05-30\n", encoding="utf-8")
    one_line_error(kg("status", "import", str(stray), "-g", str(g)), "第2行", "县法院在任务3中没有分工")
    # An untouched template is no report.
    blank = tmp_path / "blank.xlsx"
    _ok("status", "template", "--unit", MARKET, "--as-of", "2023-05-31", "-o", str(blank), "-g", str(g))
    one_line_error(kg("status", "import", str(blank), "-g", str(g)), "没有填写任何一行（颜色或申请延期）")
    # 核定: the office accepts 3 as done. A sheet made for 31 May is not an October verdict.
    review = tmp_path / "review-may.xlsx"
    _ok("status", "review", "--month", "2023-05", "--as-of", "2023-06-02", "-o", str(review), "-g", str(g))
    sheet = openpyxl.load_workbook(review)
    ws = sheet.active
    header = [canonical(c.value) for c in ws[1]]
    rows = {r[0].value: r for r in ws.iter_rows(min_row=2)}
    assert rows[2][header.index("单位填报 reported")].value == "黄"
    assert rows[2][header.index("填报单位 reporter")].value == DEV
    assert rows[2][header.index("承办配合单位填报 others")].value == f"{MARKET}：绿"  # beside, not over
    one_line_error(kg("status", "verify", str(review), "-g", str(g)), "没有任何一行填写核定或延期至")  # unfilled
    rows[3][header.index("核定 verified")].value = "蓝"
    sheet.save(review)
    one_line_error(kg("status", "verify", str(review), "--as-of", "2023-10-31", "-g", str(g)),
                   "核定表的日期为2023-06-02（核定日期），而 --as-of 为2023-10-31")
    assert "verify-2023-06-02.trig" in _ok("status", "verify", str(review), "-g", str(g))
    may = _outputs(g, out, "2023-06-02", "2023-05")
    assert (may["colours"]["2"], may["colours"]["3"], may["colours"]["4"], may["colours"]["55"]) == (
        "黄", "蓝", "黄", "黄")
    assert may["reporting"]["已报单位"] == 3
    assert "本期 2023-06-02" in [c.value for c in openpyxl.load_workbook(out / "2023年5月五色图.xlsx").active[1]]
    published = _ok("status", "publish", "--month", "2023-05", "--as-of", "2023-06-02", "-g", str(g))
    assert "已发布2023-05" in published
    one_line_error(kg("status", "publish", "--month", "2023-05", "--as-of", "2023-06-03", "-g", str(g)),
                   "已发布的月份不再改变")
    one_line_error(kg("--lang", "en", "status", "publish", "--month", "2023-05", "--as-of", "2023-06-03", "-g",
                      str(g)), "a published month never changes")
    _agree(may, "2023-05", _records(g))

    # ---- June. The court corrects May after May was published: kept as 更正, shown in June, May unchanged.
    _send(g, tmp_path, COURT, "2023-06-05", {55: "橙"}, "court-may-late.xlsx", cells={55: {"填报月份 month": "2023-05"}})
    _send(g, tmp_path, COURT, "2023-06-27", {55: "红"}, "court-june.xlsx")
    _send(g, tmp_path, DEV, "2023-06-28", {2: "绿"}, "dev-june.xlsx")
    # 县市场监管局 sends nothing for June: its task 4 is 未报 (May's file does not stand in), 3 stays 蓝.
    june = _outputs(g, out, "2023-06-30")
    assert (june["colours"]["2"], june["colours"]["3"], june["colours"]["4"], june["colours"]["55"]) == (
        "绿", "蓝", "未报", "红")
    part = section(june["bulletin"], "未按时报送的单位")
    silent = next(line for line in part.splitlines() if line.startswith("以下") and "未报送" in line)
    assert MARKET in silent and COURT not in silent and DEV not in silent
    assert "| 更正 | 2023-05 | 55 | 县法院 | 橙 | 2023-06-05 |" in part
    assert june["scores"][MARKET][7:9] == ["0", "0.0%"] and june["scores"][COURT][7:9] == ["1", "100.0%"]
    assert june["reporting"]["已报单位"] == 2
    records = _records(g)
    late = [r for r in records if r["late"] == "true"]
    assert [(r["month"], r["task"], r["colour"], r["shown_in"]) for r in late] == [("2023-05", "55", "orange", "2023-06")]
    _agree(june, "2023-06", records)
    again = _outputs(g, out, "2023-06-30", "2023-05")  # May, made again after the correction: as published
    assert again["colours"] == may["colours"] and again["figures"] == may["figures"]
    kept = published_figures(g, "2023-05")  # what publish recorded is what the office printed
    assert kept["units/rate"] == may["figures"]["报送率"] and kept["count/yellow"] == may["figures"]["黄色"]
    _ok("status", "publish", "--as-of", "2023-06-30", "-g", str(g))

    # ---- 督办: June's red 55 gets a 督办通知单 to the court; it is chased in 催办 until the office closes it.
    _ok("status", "supervise", "--month", "2023-06", "--as-of", "2023-07-03", "-o", str(out), "-g", str(g))
    order = docx.Document(out / f"2023年7月3日督办通知单（{COURT}）.docx")
    text = "\n".join(p.text for p in order.paragraphs)
    assert text.startswith("督办通知单") and f"{COURT}：" in text and "2023年7月18日前" in text
    assert [c.text for c in order.tables[0].rows[1].cells][:2] == ["55", "完善多元化纠纷解决机制"]
    assert "未发出督办通知单" in _ok("status", "supervise", "--month", "2023-06", "--as-of", "2023-07-04",
                                   "-o", str(out / "again"), "-g", str(g))  # one open order per task
    _ok("status", "remind", "--as-of", "2023-07-10", "--days", "14", "--unit", COURT, "-o", str(out), "-g", str(g))
    assert "督办通知单督〔2023〕1-" in (out / "2023年7月10日催办清单.txt").read_text(encoding="utf-8")
    mid = _outputs(g, out, "2023-07-10")
    assert mid["scores"][COURT][-3] == "1" and int(mid["figures"]["督办未销号"]) >= 1
    assert any(line.startswith("| 督〔2023〕1-") and f"| {COURT} | 55 |" in line and "整改中" in line
               for line in mid["bulletin"].splitlines())

    # ---- July. 县市场监管局's June file arrives after June was published: 迟报, shown in July.
    _send(g, tmp_path, MARKET, "2023-06-29", {4: "绿"}, "market-june-late.xlsx")
    _send(g, tmp_path, MARKET, "2023-07-20", {4: "绿", 3: "红"}, "market-july.xlsx")  # 3 was verified done
    _send(g, tmp_path, COURT, "2023-07-21", {55: "橙"}, "court-july.xlsx")
    review = tmp_path / "review-july.xlsx"
    _ok("status", "review", "--as-of", "2023-07-31", "-o", str(review), "-g", str(g))
    sheet = openpyxl.load_workbook(review)
    for row in sheet.active.iter_rows(min_row=2):
        if row[0].value == 55:
            row[REVIEW_HEADER.index("核定 verified")].value = "橙"  # rectifying: no longer red → 销号
    sheet.save(review)
    _ok("status", "verify", str(review), "-g", str(g))
    july = _outputs(g, out, "2023-07-31")
    assert (july["colours"]["3"], july["colours"]["4"], july["colours"]["55"]) == ("蓝", "绿", "橙")
    assert july["colours"]["2"] == "未报"  # 县发展改革委 sent nothing for July
    assert "| 迟报 | 2023-06 | 4 | 县市场监管局 | 绿 | 2023-06-29 |" in july["bulletin"]
    assert "| 更正 | 2023-05 |" not in july["bulletin"]  # shown once, the month after it arrived
    court_order = next(line for line in july["bulletin"].splitlines() if line.startswith("| 督〔2023〕1-")
                       and f"| {COURT} | 55 |" in line)
    assert "已于2023-07-31销号" in court_order
    assert july["scores"][COURT][-3] == "0" and june["scores"][COURT][-3] == "0"  # June was before the order
    assert _outputs(g, out, "2023-06-30")["colours"]["4"] == "未报"  # June stays as published
    _agree(july, "2023-07", _records(g))
