"""The monthly 通报: a Chinese draft the office edits, as Markdown and as a 公文 in Word.

Everything in it is read from one :class:`~.report.StatusReport` (official
colours: the office's verdict, else the lead unit's report; a rule's suggestion is
counted apart), so its numbers are the chart's numbers. The draft is a list of
blocks rendered twice, so the Markdown and the Word file cannot disagree. It reads as
a 公文: 标题, 主送, an opening, 一、总体情况 二、存在问题 三、下步工作, 落款 and 成文日期; the
Word file takes the GB/T 9704 layout (A4, its margins, 方正小标宋 / 黑体 / 楷体 / 仿宋).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model.domain import colour_for
from ..safe import markdown_text
from .report import StatusReport

__all__ = ["Bulletin", "build_bulletin", "bulletin_markdown", "bulletin_docx", "percent"]


#: Who the 通报 is sent to (主送) and who issues it (落款): the office edits the draft as it needs.
ADDRESSEE = "各乡镇（街道），县级有关部门："
ISSUER = "县营商办"
NEXT_STEPS = ("请红色、橙色任务的牵头单位认真分析原因，制定整改措施，按督办通知单要求按期整改并报送佐证材料。",
              "请未按时报送的单位于下月5日前补报本月进度；各单位每月按时报送，确保数据真实准确。",
              "县营商办将持续跟踪督办，对整改不力、进度严重滞后的任务在下期通报中予以点名。")


@dataclass
class Bulletin:
    title: str
    blocks: list[tuple] = field(default_factory=list)  # ("h"|"h2"|"p", text) | ("table", header, rows)
    figures: dict[str, str] = field(default_factory=dict)  # the numbers, by name, to paste into the office's text
    addressee: str = ADDRESSEE
    issuer: str = ISSUER
    date: str = ""  # 成文日期, in Chinese
    _sub: int = 0

    def heading(self, text: str) -> None:
        self.blocks.append(("h", text))
        self._sub = 0

    def subheading(self, text: str) -> None:
        """（一）, （二）, … under the current heading, numbered as they come."""
        self._sub += 1
        self.blocks.append(("h2", f"（{'一二三四五六七八九十'[self._sub - 1]}）{text}"))

    def para(self, text: str) -> None:
        self.blocks.append(("p", text))

    def table(self, header: list[str], rows: list[list]) -> None:
        self.blocks.append(("table", header, [[str(v) for v in row] for row in rows]))


def percent(part: int, whole: int) -> str:
    """A share as the office writes it: 12.3%."""
    return f"{100 * part / whole:.1f}%" if whole else "—"


def chinese_date(day: str) -> str:
    """2023-07-31 → 2023年7月31日."""
    return f"{int(day[:4])}年{int(day[5:7])}月{int(day[8:10])}日"


def _change(now: int, before: int) -> str:
    if now == before:
        return "与上月持平"
    return f"较上月{'增加' if now > before else '减少'}{abs(now - before)}项"


def build_bulletin(report: StatusReport) -> Bulletin:
    year, month = int(report.month[:4]), int(report.month[5:7])
    out = Bulletin(f"关于{report.plan}{year}年{month}月任务落实情况的通报（初稿）", date=chinese_date(report.as_of))
    out.para(f"为推进{report.plan}落实，按照每月督查、定期通报的要求，{out.issuer}对{year}年{month}月各项任务"
             "落实情况进行了督查。现将有关情况通报如下：")
    out.heading("一、总体情况")
    _overall(out, report)
    out.heading("二、存在问题")
    _slow(out, report)
    _supervision(out, report)
    _silent(out, report)
    _worst(out, report)
    _extended(out, report)
    out.heading("三、下步工作")
    for n, text in enumerate(NEXT_STEPS, 1):
        out.para(f"（{'一二三四五六七八九十'[n - 1]}）{text}")
    out.blocks.append(("sign", out.issuer, out.date))
    out.heading("附：可引用的数字")
    out.table(["项目", "数字"], [[k, v] for k, v in out.figures.items()])
    return out


def _overall(out: Bulletin, report: StatusReport) -> None:
    scheme, n = report.scheme, report.tasks
    missing = colour_for(scheme, "not-reported")
    colours = [c for c in scheme if c.notation != missing.notation]
    reported = n - report.totals[missing.notation]
    last = report.last_month or None
    due, sent = len(report.units_due), len(report.units_sent)
    out.figures.update({"任务总数": str(n), "已报送任务": str(reported), "应报单位": str(due), "已报单位": str(sent),
                        "报送率": report.reporting_rate, "未报": str(report.totals[missing.notation]),
                        "核定调整": str(report.verified)})
    for c in colours:
        out.figures[f"{c.zh}色"] = str(report.totals[c.notation])
        out.figures[f"{c.zh}色占比"] = percent(report.totals[c.notation], n)
    shares = "，".join(f"{c.zh}色（{c.definition}）{report.totals[c.notation]}项，占{percent(report.totals[c.notation], n)}"
                      + (f"，{_change(report.totals[c.notation], last[c.notation])}" if last else "") for c in colours)
    out.para(f"截至{chinese_date(report.as_of)}，{report.plan}{report.month[:4]}年{int(report.month[5:7])}月"
             f"应报送单位{due}个，已报送{sent}个，报送率{report.reporting_rate}。{n}项任务中，已报送（含核定）{reported}项，"
             f"其中{shares}；未报{report.totals[missing.notation]}项。"
             + (f"经核定调整颜色{report.verified}项。" if report.verified else "")
             + ("" if last else "上月末无记录，不作比较。"))
    hinted = {c.zh: report.suggested[c.notation] for c in colours if report.suggested.get(c.notation)}
    if hinted:
        out.para("未报任务中，按规则提示：" + "，".join(f"{k}色{v}项" for k, v in hinted.items()) +
                 "（规则提示未计入以上颜色统计）。")
    rows = []
    for c in [*colours, missing]:
        now = report.totals[c.notation]
        before = last[c.notation] if last else None
        rows.append([c.zh, now, percent(now, n), "—" if before is None else before,
                     "—" if before is None else f"{now - before:+d}"])
    out.table(["颜色", "本月", "占比", "上月", "增减"], rows)


def _slow(out: Bulletin, report: StatusReport) -> None:
    scheme = report.scheme
    missing = colour_for(scheme, "not-reported")
    out.subheading("进度滞后和逾期任务")
    rank = {c.notation: c.rank for c in scheme}
    slow = [colour_for(scheme, m).notation for m in ("overdue", "seriously-behind", "behind")]
    flagged = [(i, r, r["official"] if r["official"] in slow else r["suggested"]) for i, r in enumerate(report.rows)
               if r["official"] in slow or (r["official"] == missing.notation and r["suggested"] in slow)]
    late = [r for _, r, _ in sorted(flagged, key=lambda f: (-rank[f[2]], f[0]))]  # reddest first, then plan order
    if late:
        label = {c.notation: c.zh for c in scheme}
        out.table(["序号", "具体任务", "颜色", "牵头单位", "承办单位", "原因"],
                  [[r["label"], r["work_item"], label[r["official"]] if r["official"] in slow else
                    f"{label[r['suggested']]}（规则提示，未报）", "、".join(r["leads"]), "、".join(r["hosts"]),
                    r["reason"] or "未说明"] for r in late])
    else:
        out.para("本月无进度滞后或逾期任务。")
    out.figures["滞后和逾期任务"] = str(len(late))


def _silent(out: Bulletin, report: StatusReport) -> None:
    out.subheading("未按时报送的单位")
    if report.silent_units:
        out.para(f"以下{len(report.silent_units)}个单位本月未报送进度（括号内为其牵头或承办的在办任务数）：" +
                 "；".join(f"{group}：" + "、".join(f"{u['unit']}（{u['tasks']}项）" for u in units)
                          for group, units in _by_group(report, report.silent_units)) + "。")
    else:
        out.para("各单位均已按时报送。")
    out.figures["未报送单位"] = str(len(report.silent_units))
    if report.late:
        out.para("以下为已发布月份之后收到的迟报、更正，不改变已发布的数字，列此备查：")
        out.table(["类别", "所属月份", "序号", "报送单位", "颜色", "填报日期"],
                  [[r["kind"], r["month"], r["task"], r["unit"], r["colour"] or "—", r["as_of"]] for r in report.late])
    out.figures["迟报更正"] = str(len(report.late))


def _worst(out: Bulletin, report: StatusReport) -> None:
    worst = "".join(c.zh for c in report.worst)
    out.subheading(f"{worst}色任务较多的单位")
    if report.worst_units:
        out.table(["类别", "单位（牵头或承办）", *[f"{c.zh}色" for c in report.worst]],
                  [[group, u["unit"], *u["counts"]] for group, units in _by_group(report, report.worst_units)
                   for u in units])
    else:
        out.para(f"本月无{worst}色任务。")


def _by_group(report: StatusReport, units: list[dict]) -> list[tuple[str, list[dict]]]:
    """Units under the office's authority first, enterprises and others apart, each in the given order."""
    from .state import GROUPS

    return [(group, [u for u in units if report.groups.get(u["unit"], "企业及其他") == group])
            for group in GROUPS if any(report.groups.get(u["unit"], "企业及其他") == group for u in units)]


def _extended(out: Bulletin, report: StatusReport) -> None:
    extended = [r for r in report.rows if r["extended"] or r["requested"]]
    if extended:
        out.subheading("延期情况")
        out.table(["序号", "具体任务", "情况", "新时限"],
                  [[r["label"], r["work_item"], "已延期" if r["extended"] else "申请延期",
                    r["extended"] or r["requested"]] for r in extended])


def _supervision(out: Bulletin, report: StatusReport) -> None:
    """督办: the orders still open (those past their 整改时限 marked) and those closed (销号)."""
    still = [o for o in report.orders if not o["closed"]]
    closed = [o for o in report.orders if o["closed"]]
    out.figures["督办未销号"] = str(len(still))
    out.figures["督办已销号"] = str(len(closed))
    if not report.orders:
        return
    out.subheading("督办情况")
    late = sum(1 for o in still if o["overdue"])
    out.para(f"督办通知单未销号{len(still)}项（其中超过整改时限{late}项），已销号{len(closed)}项。")
    out.table(["编号", "单位", "序号", "具体任务", "存在问题", "整改时限", "状态"],
              [[o["number"], o["unit"], o["task"], o["work_item"], o["problem"], o["due"],
                f"已于{o['closed']}销号" if o["closed"] else ("超期未整改" if o["overdue"] else "整改中")]
               for o in report.orders])


def bulletin_markdown(bulletin: Bulletin) -> str:
    lines = [f"# {markdown_text(bulletin.title)}", "", markdown_text(bulletin.addressee), ""]
    for block in bulletin.blocks:
        if block[0] in ("h", "h2"):
            lines += [f"{'##' if block[0] == 'h' else '###'} {markdown_text(block[1])}", ""]
        elif block[0] == "p":
            lines += [markdown_text(block[1]), ""]
        elif block[0] == "sign":
            lines += [f"<p align=\"right\">{markdown_text(block[1])}<br>{markdown_text(block[2])}</p>", ""]
        else:
            header, rows = block[1], block[2]
            lines.append("| " + " | ".join(map(markdown_text, header)) + " |")
            lines.append("|" + "---|" * len(header))
            lines += ["| " + " | ".join(map(markdown_text, row)) + " |" for row in rows]
            lines.append("")
    return "\n".join(lines)


#: GB/T 9704 fonts by role, each with the font Word and WPS fall back to where it is not installed.
FONTS = {"title": ("方正小标宋简体", "宋体"), "h": ("黑体", "SimHei"), "h2": ("楷体_GB2312", "楷体"),
         "body": ("仿宋_GB2312", "仿宋")}


def _font(run, role: str, size: float, bold: bool = False, made: dict | None = None) -> None:
    """Set the run's font for ``role``. With ``made`` (one dict per document), the run's properties are
    copied from the first run given the same font: python-docx sets each property by a search through
    the run's children, and at 100 plans the 通报's tables hold 6,700 runs (a second)."""
    from copy import deepcopy

    from docx.oxml.ns import qn
    from docx.shared import Pt

    key = (role, size, bold)
    element = run._element
    if made is not None and key in made and (element.rPr is None or all(c.tag == qn("w:b") for c in element.rPr)):
        if element.rPr is not None:
            element.remove(element.rPr)
        element.insert(0, deepcopy(made[key]))
        return
    name, fallback = FONTS[role]
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = fallback  # Latin text and the fallback for the Chinese font
    element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
    if made is not None and key not in made:
        made[key] = deepcopy(element.rPr)


def _declare_fallbacks(document) -> None:
    """Name each 公文 font in the file's font table with its fallback (``w:altName``), which Word and WPS use
    where the font is not installed: 方正小标宋简体 → 宋体, 仿宋_GB2312 → 仿宋, 楷体_GB2312 → 楷体."""
    from lxml import etree

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    part = next(rel.target_part for rel in document.part.rels.values() if rel.reltype.endswith("/fontTable"))
    table = etree.fromstring(part.blob)
    for name, fallback in FONTS.values():
        font = etree.SubElement(table, f"{{{w}}}font", {f"{{{w}}}name": name})
        etree.SubElement(font, f"{{{w}}}altName", {f"{{{w}}}val": fallback})
        etree.SubElement(font, f"{{{w}}}charset", {f"{{{w}}}val": "86"})  # GB2312
    part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)


def _gongwen_page(document) -> None:
    """A4 with GB/T 9704 margins (天头 37 mm, 订口 28 mm): a 156 × 225 mm text block."""
    from docx.shared import Mm

    section = document.sections[0]
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)


def bulletin_docx(bulletin: Bulletin) -> bytes:
    """The 通报 as a 公文: 标题 in 小标宋 二号, 主送, body in 仿宋 三号 (28 pt lines, two-character indent),
    一级标题 黑体, 二级标题 楷体, tables in 仿宋 五号, 落款 and 成文日期 at the right."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt

    from ..views.office import docx_bytes, docx_document, docx_table

    document = docx_document(landscape=False, size=16)
    made: dict = {}  # a table run's properties by font, made once
    _gongwen_page(document)
    _declare_fallbacks(document)

    def line(text: str, role: str, size: float = 16, indent: bool = False, align=None):
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        paragraph.paragraph_format.line_spacing = Pt(28 if role != "title" else 35)
        if indent:
            paragraph.paragraph_format.first_line_indent = Pt(2 * size)
        if align is not None:
            paragraph.alignment = align
        _font(paragraph.add_run(text), role, size)
        return paragraph

    line(bulletin.title, "title", 22, align=WD_ALIGN_PARAGRAPH.CENTER)
    line(bulletin.addressee, "body")
    for block in bulletin.blocks:
        if block[0] in ("h", "h2"):
            line(block[1], block[0], indent=True)
        elif block[0] == "p":
            line(block[1], "body", indent=True)
        elif block[0] == "sign":
            for text in ("", block[1], block[2]):
                line(text, "body", align=WD_ALIGN_PARAGRAPH.RIGHT)
        else:
            table = docx_table(document, block[1], block[2])
            for row in table.rows:
                for cell in row.cells:
                    for paragraph in cell.paragraphs:
                        for run in paragraph.runs:
                            _font(run, "body", 10.5, bold=bool(run.bold), made=made)
    return docx_bytes(document)
