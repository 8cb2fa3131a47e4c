"""The monthly 通报: a Chinese draft the office edits, as Markdown and as Word.

Everything in it is read from one :class:`~.report.StatusReport` (official
colours: the office's verdict, else the unit's report; a rule's suggestion is
counted apart), so its numbers are the chart's numbers. The draft is a list of
blocks rendered twice, so the Markdown and the Word file cannot disagree.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model.domain import colour_for
from ..safe import markdown_text
from .report import StatusReport

__all__ = ["Bulletin", "build_bulletin", "bulletin_markdown", "bulletin_docx", "percent"]


@dataclass
class Bulletin:
    title: str
    blocks: list[tuple] = field(default_factory=list)  # ("h", text) | ("p", text) | ("table", header, rows)
    figures: dict[str, str] = field(default_factory=dict)  # the numbers, by name, to paste into the office's text

    def heading(self, text: str) -> None:
        self.blocks.append(("h", text))

    def para(self, text: str) -> None:
        self.blocks.append(("p", text))

    def table(self, header: list[str], rows: list[list]) -> None:
        self.blocks.append(("table", header, [[str(v) for v in row] for row in rows]))


def percent(part: int, whole: int) -> str:
    """A share as the office writes it: 12.3%."""
    return f"{100 * part / whole:.1f}%" if whole else "—"


def _change(now: int, before: int) -> str:
    if now == before:
        return "与上月持平"
    return f"较上月{'增加' if now > before else '减少'}{abs(now - before)}项"


def build_bulletin(report: StatusReport) -> Bulletin:
    scheme, n = report.scheme, report.tasks
    missing = colour_for(scheme, "not-reported")
    colours = [c for c in scheme if c.notation != missing.notation]
    year, month = int(report.month[:4]), int(report.month[5:7])
    on = f"{int(report.as_of[:4])}年{int(report.as_of[5:7])}月{int(report.as_of[8:])}日"
    out = Bulletin(f"关于{report.plan}{year}年{month}月任务落实情况的通报（初稿）")
    reported = n - report.totals[missing.notation]
    last = report.last_month or None
    due, sent = len(report.units_due), len(report.units_sent)
    out.figures = {"任务总数": str(n), "已报送任务": str(reported), "应报单位": str(due), "已报单位": str(sent),
                   "报送率": report.reporting_rate, "未报": str(report.totals[missing.notation]),
                   "核定调整": str(report.verified)}
    for c in colours:
        out.figures[f"{c.zh}色"] = str(report.totals[c.notation])
        out.figures[f"{c.zh}色占比"] = percent(report.totals[c.notation], n)

    out.heading("一、总体情况")
    shares = "，".join(f"{c.zh}色（{c.definition}）{report.totals[c.notation]}项，占{percent(report.totals[c.notation], n)}"
                      + (f"，{_change(report.totals[c.notation], last[c.notation])}" if last else "") for c in colours)
    out.para(f"截至{on}，{report.plan}{year}年{month}月应报送单位{due}个，已报送{sent}个，"
             f"报送率{report.reporting_rate}。{n}项任务中，已报送（含核定）{reported}项，"
             f"其中{shares}；未报{report.totals[missing.notation]}项。"
             + (f"经核定调整颜色{report.verified}项。" if report.verified else "")
             + ("" if last else "上月末无记录，不作比较。"))
    hinted = {c.zh: report.suggested[c.notation] for c in colours if report.suggested.get(c.notation)}
    if hinted:
        out.para("未报任务中，按规则提示：" + "，".join(f"{k}色{v}项" for k, v in hinted.items()) +
                 "（规则提示未计入以上颜色统计）。")
    header = ["颜色", "本月", "占比", "上月", "增减"]
    rows = []
    for c in [*colours, missing]:
        now = report.totals[c.notation]
        before = last[c.notation] if last else None
        rows.append([c.zh, now, percent(now, n), "—" if before is None else before,
                     "—" if before is None else f"{now - before:+d}"])
    out.table(header, rows)

    out.heading("二、进度滞后和逾期任务")
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

    _supervision(out, report)

    out.heading("三、未按时报送的单位")
    if report.silent_units:
        out.para(f"以下{len(report.silent_units)}个单位本月未报送进度（括号内为其牵头或承办的在办任务数）：" +
                 "、".join(f"{u['unit']}（{u['tasks']}项）" for u in report.silent_units) + "。")
    else:
        out.para("各单位均已按时报送。")
    out.figures["未报送单位"] = str(len(report.silent_units))
    if report.late:
        out.para("以下为已发布月份之后收到的迟报、更正，不改变已发布的数字，列此备查：")
        out.table(["类别", "所属月份", "序号", "报送单位", "颜色", "填报日期"],
                  [[r["kind"], r["month"], r["task"], r["unit"], r["colour"] or "—", r["as_of"]] for r in report.late])
    out.figures["迟报更正"] = str(len(report.late))

    worst = "".join(c.zh for c in report.worst)
    out.heading(f"四、{worst}色任务较多的单位")
    if report.worst_units:
        out.table(["单位（牵头或承办）", *[f"{c.zh}色" for c in report.worst]],
                  [[u["unit"], *u["counts"]] for u in report.worst_units])
    else:
        out.para(f"本月无{worst}色任务。")

    extended = [r for r in report.rows if r["extended"] or r["requested"]]
    if extended:
        out.heading("五、延期情况")
        out.table(["序号", "具体任务", "情况", "新时限"],
                  [[r["label"], r["work_item"], "已延期" if r["extended"] else "申请延期",
                    r["extended"] or r["requested"]] for r in extended])
    out.heading("附：可引用的数字")
    out.table(["项目", "数字"], [[k, v] for k, v in out.figures.items()])
    return out


def _supervision(out: Bulletin, report: StatusReport) -> None:
    """督办: the orders still open (those past their 整改时限 first named) and those closed (销号)."""
    still = [o for o in report.orders if not o["closed"]]
    closed = [o for o in report.orders if o["closed"]]
    out.figures["督办未销号"] = str(len(still))
    out.figures["督办已销号"] = str(len(closed))
    if not report.orders:
        return
    late = sum(1 for o in still if o["overdue"])
    out.para(f"督办情况：督办通知单未销号{len(still)}项（其中超过整改时限{late}项），已销号{len(closed)}项。")
    out.table(["编号", "单位", "序号", "具体任务", "存在问题", "整改时限", "状态"],
              [[o["number"], o["unit"], o["task"], o["work_item"], o["problem"], o["due"],
                f"已于{o['closed']}销号" if o["closed"] else ("超期未整改" if o["overdue"] else "整改中")]
               for o in report.orders])


def bulletin_markdown(bulletin: Bulletin) -> str:
    lines = [f"# {markdown_text(bulletin.title)}", ""]
    for block in bulletin.blocks:
        if block[0] == "h":
            lines += [f"## {markdown_text(block[1])}", ""]
        elif block[0] == "p":
            lines += [markdown_text(block[1]), ""]
        else:
            header, rows = block[1], block[2]
            lines.append("| " + " | ".join(map(markdown_text, header)) + " |")
            lines.append("|" + "---|" * len(header))
            lines += ["| " + " | ".join(map(markdown_text, row)) + " |" for row in rows]
            lines.append("")
    return "\n".join(lines)


def bulletin_docx(bulletin: Bulletin) -> bytes:
    from ..views.office import docx_bytes, docx_document, docx_table

    document = docx_document(landscape=False, size=10.5)
    document.add_heading(bulletin.title, level=0)
    for block in bulletin.blocks:
        if block[0] == "h":
            document.add_heading(block[1], level=1)
        elif block[0] == "p":
            document.add_paragraph(block[1])
        else:
            docx_table(document, block[1], block[2])
            document.add_paragraph()
    return docx_bytes(document)
