"""The office's monthly outputs: the 通报 draft, the unit scorecard, the 催办 lists."""
from __future__ import annotations

import datetime as dt
import io

import docx
import pytest

from kg.status.bulletin import build_bulletin, bulletin_docx, bulletin_markdown
from kg.status.remind import reminders, reminders_html, reminders_text
from kg.status.report import build_report
from kg.status.review import import_verdicts, review_xlsx
from kg.status.scorecard import SCORECARD_HEADER, scorecard, scorecard_markdown, scorecard_xlsx
from kg.status.workflow import import_report

from .forms import csv_report, fill_review, section

NOTED = "序号,颜色 colour,填报日期 reported,佐证 evidence,说明 note"


@pytest.fixture()
def two_months(net, graph_dir, tmp_path):
    """June: 1 and 2 green, 55 red. July: 1 green, 2 yellow (funds late), 55 orange."""
    import_report(csv_report(tmp_path / "june.csv", "1,green,2023-06-20,,\n2,green,2023-06-20,,\n"
                                                    "55,red,2023-06-21,,场地未落实\n", NOTED), net, graph_dir)
    import_report(csv_report(tmp_path / "july.csv", "1,green,2023-07-08,,\n2,yellow,2023-07-08,,资金未到位\n"
                                                    "55,orange,2023-07-09,,场地已选定\n", NOTED), net, graph_dir)
    return graph_dir


def test_bulletin_counts_against_last_month(net, store, two_months):
    report = build_report(net, store, two_months, dt.date(2023, 7, 10))
    assert report.last_month["green"] == 2 and report.last_month["red"] == 1
    draft = build_bulletin(report)
    assert draft.figures["绿色"] == "1" and draft.figures["黄色"] == "1" and draft.figures["已报送任务"] == "3"
    # 报送率 counts units: the three leads that sent July's file, of every unit that leads or hosts a task.
    due = len(report.units_due)
    assert draft.figures["已报单位"] == "3" and draft.figures["应报单位"] == str(due) and due > 40
    assert draft.figures["报送率"] == f"{300 / due:.1f}%" and draft.figures["未报"] == "78"
    assert draft.figures["未报送单位"] == str(due - 3)
    text = bulletin_markdown(draft)
    assert draft.title.startswith("关于奉节县2023年") and "2023年7月" in draft.title
    assert "绿色（按进度推进）1项，占1.2%，较上月减少1项" in text
    assert "红色（逾期未完成或停滞）0项，占0.0%，较上月减少1项" in text
    assert "| 绿 | 1 | 1.2% | 2 | -1 |" in text
    assert [line for line in text.splitlines() if line.startswith("## ")][:3] == [
        "## 一、总体情况", "## 二、存在问题", "## 三、下步工作"]  # a 公文's three parts
    slow = section(text, "（一）进度滞后和逾期任务")
    assert "| 2 | 市场主体培育 | 黄 | 县发展改革委 |" in slow and "资金未到位" in slow
    assert "| 55 | 完善多元化纠纷解决机制 | 橙 | 县法院 |" in slow
    assert slow.index("| 55 |") < slow.index("| 2 |")  # the reddest first
    assert "红（规则提示，未报）" in slow  # tasks past their deadline and not reported, marked as the rule's
    silent = section(text, "未按时报送的单位")
    assert "县科技局" in silent and "县法院" not in silent and silent.index("部门和单位：") < silent.index("企业及其他：")
    assert "| 部门和单位 | 县法院 | 0 | 1 |" in section(text, "色任务较多的单位")


def test_bulletin_docx_says_what_the_markdown_says(net, store, two_months):
    draft = build_bulletin(build_report(net, store, two_months, dt.date(2023, 7, 10)))
    document = docx.Document(io.BytesIO(bulletin_docx(draft)))
    paragraphs = [p.text for p in document.paragraphs if p.text]
    assert paragraphs[0] == draft.title
    tables = [b for b in draft.blocks if b[0] == "table"]
    assert len(document.tables) == len(tables)
    for table, block in zip(document.tables, tables):
        assert [c.text for c in table.rows[0].cells] == block[1]
        assert [[c.text for c in row.cells] for row in table.rows[1:]] == block[2]
    for block in draft.blocks:
        if block[0] in ("h", "h2", "p"):
            assert block[1] in paragraphs


def test_the_bulletin_is_laid_out_as_a_gongwen(net, store, two_months):
    """GB/T 9704: A4, 37/35/28/26 mm margins, 标题 小标宋 二号, 主送, 仿宋 三号 body, 黑体 and 楷体 headings,
    落款 and 成文日期 in Chinese at the right."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    draft = build_bulletin(build_report(net, store, two_months, dt.date(2023, 7, 10)))
    document = docx.Document(io.BytesIO(bulletin_docx(draft)))
    page = document.sections[0]
    assert (round(page.page_width.mm), round(page.page_height.mm)) == (210, 297)
    assert [round(m.mm) for m in (page.top_margin, page.bottom_margin, page.left_margin, page.right_margin)] == [
        37, 35, 28, 26]
    paragraphs = [p for p in document.paragraphs if p.text]

    def font(paragraph):
        run = paragraph.runs[0]
        return run._element.rPr.rFonts.get(qn("w:eastAsia")), run.font.size, run.font.name

    assert font(paragraphs[0]) == ("方正小标宋简体", Pt(22), "宋体")
    assert paragraphs[1].text == "各乡镇（街道），县级有关部门：" and font(paragraphs[1])[:2] == ("仿宋_GB2312", Pt(16))
    by_text = {p.text: p for p in paragraphs}
    assert font(by_text["二、存在问题"])[0] == "黑体" and font(by_text["（一）进度滞后和逾期任务"])[0] == "楷体_GB2312"
    assert by_text["县营商办"].alignment == by_text["2023年7月10日"].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    texts = [p.text for p in paragraphs]
    assert texts.index("三、下步工作") < texts.index("县营商办") < texts.index("附：可引用的数字")
    fonts = next(r.target_part.blob for r in document.part.rels.values() if r.reltype.endswith("/fontTable"))
    fonts = fonts.decode("utf-8")
    for name, fallback in (("方正小标宋简体", "宋体"), ("仿宋_GB2312", "仿宋"), ("楷体_GB2312", "楷体")):
        assert f'<w:font w:name="{name}"><w:altName w:val="{fallback}"/>' in fonts  # where it is not installed


def test_the_first_month_has_nothing_to_compare(net, store, graph_dir, tmp_path):
    import_report(csv_report(tmp_path / "a.csv", "1,green,2023-07-03,\n"), net, graph_dir)
    text = bulletin_markdown(build_bulletin(build_report(net, store, graph_dir, dt.date(2023, 7, 5))))
    assert "上月末无记录，不作比较" in text and "较上月" not in text


def test_scorecard_streaks_and_rank_change(net, store, graph_dir, tmp_path):
    # 县法院 leads only task 55 (deadline 2023年6月); 县市场监管局 leads 3 (deadline 2023年6月), done on 6-25.
    import_report(csv_report(tmp_path / "may.csv", "55,red,2023-05-20,\n"), net, graph_dir)
    import_report(csv_report(tmp_path / "june.csv", "55,red,2023-06-20,\n3,blue,2023-06-25,验收报告.pdf\n"),
                  net, graph_dir)
    june = {s.name: s for s in scorecard(net, store, graph_dir, dt.date(2023, 6, 30))}
    court = june["县法院"]
    assert (court.red_lead, court.streak, court.reported, court.tasks) == (1, 2, 1, 1)  # red in May and June
    assert all(s.rank < court.rank for s in june.values()
               if s.group == court.group and not s.red_lead + s.red_host + s.silent_late)
    assert court.group == "部门和单位" and court.score == 0.0 and court.detail == "红1×10"  # 100 × (1 − 10 ÷ 10)
    market = june["县市场监管局"]
    assert market.on_time == 1 and market.due >= 1
    import_report(csv_report(tmp_path / "july.csv", "55,green,2023-07-03,\n"), net, graph_dir)
    july = {s.name: s for s in scorecard(net, store, graph_dir, dt.date(2023, 7, 10))}
    court = july["县法院"]
    assert court.streak == 0 and court.red_lead == 0
    assert court.change == june["县法院"].rank - court.rank > 0
    assert court.due == 1 and court.on_time == 0  # past 2023年6月 and not done
    # Not reporting a task past its deadline ranks as red: silence is never better than an honest red.
    silent = july["县住房城乡建委"]  # leads 7 (deadline 2023年3月), reports nothing
    assert silent.silent_late >= 1 and silent.rank > court.rank and "红" in silent.detail
    # 得分 is normalised per task: a hosted task weighs half, and the score says how it comes about.
    assert silent.score == round(100 * (1 - silent.points / (10 * (silent.led + silent.hosted / 2))), 1)
    assert {s.group for s in july.values()} == {"部门和单位", "企业及其他"}
    assert {s.rank for s in july.values() if s.group == "企业及其他"} >= {1}  # each group ranked on its own
    text = scorecard_markdown(list(july.values()), net.title, dt.date(2023, 7, 10))
    assert "| " + " | ".join(SCORECARD_HEADER) + " |" in text
    import openpyxl
    ws = openpyxl.load_workbook(io.BytesIO(scorecard_xlsx(sorted(july.values(), key=lambda s: s.rank), net.title,
                                                          dt.date(2023, 7, 10)))).active
    assert [c.value for c in ws[1]] == SCORECARD_HEADER and ws.max_row == len(july) + 1
    row = next(r for r in ws.iter_rows(min_row=2, values_only=True) if r[2] == "县法院")
    assert row[1] == f"↑{court.change}" and row[4] == "100.0" and row[8] == "100.0%"
    assert "得分 = 100" in text and ws.parent["说明"]["B3"].value.startswith("得分 = 100")


def test_remind_lists_what_falls_due_per_unit(net, store, graph_dir, tmp_path):
    day = dt.date(2023, 7, 20)
    court = next(r for r in reminders(net, store, graph_dir, day, 14) if r.name == "县法院")
    assert [(i.label, i.kind, i.due, i.role, i.text) for i in court.items] == [
        ("55", "milestone", "2023-07-31", "lead", "开展进民企活动。")]
    assert court.unreported == "2023-07"  # nothing sent for July yet: chased too
    # A month's target is due within any window that reaches its month, however short.
    short = next(r for r in reminders(net, store, graph_dir, day, 5) if r.name == "县法院")
    assert short.items == court.items
    # Done tasks are left out; an approved extension is due on its own date.
    import_report(csv_report(tmp_path / "a.csv", "3,blue,2023-07-10,验收报告.pdf\n"), net, graph_dir)
    sheet = fill_review(review_xlsx(net, store, graph_dir, dt.date(2023, 7, 11)), tmp_path / "review.xlsx",
                        {55: {"延期至 extended to": "2023-08-02", "核定理由 reason": "场地调整"}})
    import_verdicts(sheet, net, store, graph_dir)
    market = next(r for r in reminders(net, store, graph_dir, day, 14) if r.name == "县市场监管局")
    assert "3" not in {i.label for i in market.items}
    court = next(r for r in reminders(net, store, graph_dir, day, 14) if r.name == "县法院")
    assert [(i.kind, i.due, i.extended) for i in court.items] == [("milestone", "2023-07-31", False),
                                                                   ("deadline", "2023-08-02", True)]
    only = reminders(net, store, graph_dir, day, 14, unit="unit/court")
    assert [r.name for r in only] == ["县法院"]
    text = reminders_text(only, day, 14)
    assert text.startswith("【催办】县法院：7月进度尚未报送，请于月底前报送。\n【催办】县法院：8月3日前有2项任务到期")
    assert "1. 第55项 完善多元化纠纷解决机制（牵头）：阶段目标“开展进民企活动。”，7月31日前" in text
    assert "2. 第55项 完善多元化纠纷解决机制（牵头）：最终完成时限，8月2日前" in text
    every = reminders(net, store, graph_dir, day, 14)
    assert all(len(line) <= 120 for line in reminders_text(every, day, 14).splitlines())
    assert "各乡镇（街道）" not in {r.name for r in every}  # collectives are reached through their leads
    html = reminders_html(every, net.title, day, 14)
    assert html.count('<section class="unit"') == len(every) and "http" not in html
    # One item per task and date whatever the unit's roles (县市场监管局 leads and hosts task 4), ten at most
    # in a chat message, the rest counted.
    keys = [(i.task, i.kind, i.due) for i in market.items]
    assert len(keys) == len(set(keys))
    busy = max(every, key=lambda r: len(r.items))
    message = reminders_text([busy], day, 14)
    numbered = [line for line in message.splitlines() if line[:1].isdigit()]
    assert len(numbered) == min(10, len(busy.items))
    assert (f"等{len(busy.items)}项" in message) == (len(busy.items) > 10)


def test_status_pages_work_offline_in_chromium(net, store, two_months, tmp_path):
    """The chart and the 催办 pages: no request leaves the machine, no console error, Chinese is drawn."""
    from kg.status.report import report_html

    from ..browser import cjk_glyphs_differ, offline_page, open_file

    day = dt.date(2023, 7, 20)
    pages = {"chart.html": report_html(build_report(net, store, two_months, day)),
             "remind.html": reminders_html(reminders(net, store, two_months, day, 14), net.title, day, 14)}
    with offline_page() as page:
        for name, html in pages.items():
            path = tmp_path / name
            path.write_text(html, encoding="utf-8")
            open_file(page, path)
            assert page.locator("h1").count() == 1 and cjk_glyphs_differ(page)
        assert page.kg_remote == [] and page.kg_errors == []
