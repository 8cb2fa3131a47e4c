"""The monthly 通报: a draft the office edits (Chinese, or English with --lang en), as Markdown and as a 公文 in Word.

Everything in it is read from one :class:`~.report.StatusReport` (official
colours: the office's verdict, else the lead unit's report; a rule's suggestion is
counted apart), so its numbers are the chart's numbers. The draft is a list of
blocks rendered twice, so the Markdown and the Word file cannot disagree. It reads as
a 公文: 标题, 主送, an opening, 一、总体情况 二、存在问题 三、下步工作, 落款 and 成文日期; the
Word file takes the GB/T 9704 layout (A4, its margins, 方正小标宋 / 黑体 / 楷体 / 仿宋).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..i18n import N_, _, format_date, format_month, join_names, language
from ..model.domain import colour_for, role
from ..safe import markdown_text
from .report import StatusReport
from .state import ISSUER, group_title

__all__ = ["Bulletin", "build_bulletin", "bulletin_markdown", "bulletin_docx", "percent"]


#: Who the 通报 is sent to (主送) and who issues it (落款): the office edits the draft as it needs.
ADDRESSEE = N_("To the townships (sub-districts) and the county departments concerned:")
NEXT_STEPS = (N_("The lead units of red and orange tasks are to analyse the causes, set out measures and put them "
                 "right by the time the supervision order gives, sending evidence."),
              N_("Units that did not report on time are to report this month's progress by the 5th of next month; "
                 "every unit reports monthly and on time, with true and accurate figures."),
              N_("The office will keep following up, and will name in the next bulletin the tasks put right poorly "
                 "or seriously behind."))
_NUMERALS = "一二三四五六七八九十"


def _numbered(n: int, text: str) -> str:
    """（一）text in Chinese, (1) text in English."""
    number = _NUMERALS[n - 1] if language() == "zh" else str(n)
    return _("(%(n)s) %(text)s") % {"n": number, "text": text}


@dataclass
class Bulletin:
    title: str
    blocks: list[tuple] = field(default_factory=list)  # ("h"|"h2"|"p", text) | ("table", header, rows)
    figures: dict[str, str] = field(default_factory=dict)  # the numbers, by name, to paste into the office's text
    addressee: str = field(default_factory=lambda: _(ADDRESSEE))
    issuer: str = field(default_factory=lambda: _(ISSUER))
    date: str = ""  # 成文日期, as people read it
    _sub: int = 0

    def heading(self, text: str) -> None:
        self.blocks.append(("h", text))
        self._sub = 0

    def subheading(self, text: str) -> None:
        """（一）, （二）, … under the current heading, numbered as they come."""
        self._sub += 1
        self.blocks.append(("h2", _numbered(self._sub, text)))

    def para(self, text: str) -> None:
        self.blocks.append(("p", text))

    def table(self, header: list[str], rows: list[list]) -> None:
        self.blocks.append(("table", header, [[str(v) for v in row] for row in rows]))


def percent(part: int, whole: int) -> str:
    """A share as the office writes it: 12.3%."""
    return f"{100 * part / whole:.1f}%" if whole else "—"


def _change(now: int, before: int) -> str:
    if now == before:
        return _("level with last month")
    if now > before:
        return _("%(n)d more than last month") % {"n": now - before}
    return _("%(n)d fewer than last month") % {"n": before - now}


def _tasks(colour) -> str:
    """红色 (tasks) as a figure's name: ``红色`` in Chinese, ``red tasks`` in English."""
    return _("%(colour)s tasks") % {"colour": colour.name}


def build_bulletin(report: StatusReport) -> Bulletin:
    month = format_month(report.month)
    out = Bulletin(_("Bulletin on the progress of %(plan)s in %(month)s (draft)") % {"plan": report.plan,
                                                                                   "month": month},
                   date=format_date(report.as_of))
    out.para(_("To carry out %(plan)s, with monthly supervision and regular bulletins, %(issuer)s checked the "
               "progress of every task in %(month)s. The findings are as follows:")
             % {"plan": report.plan, "issuer": out.issuer, "month": month})
    out.heading(_("1. Overall"))
    _overall(out, report)
    out.heading(_("2. Problems"))
    _slow(out, report)
    _supervision(out, report)
    _silent(out, report)
    _worst(out, report)
    _extended(out, report)
    out.heading(_("3. Next steps"))
    for n, text in enumerate(NEXT_STEPS, 1):
        out.para(_numbered(n, _(text)))
    out.blocks.append(("sign", out.issuer, out.date))
    out.heading(_("Annex: figures to quote"))
    out.table([_("Item"), _("Figure")], [[k, v] for k, v in out.figures.items()])
    return out


def _overall(out: Bulletin, report: StatusReport) -> None:
    scheme, n = report.scheme, report.tasks
    missing = colour_for(scheme, "not-reported")
    colours = [c for c in scheme if c.notation != missing.notation]
    reported = n - report.totals[missing.notation]
    last = report.last_month or None
    due, sent = len(report.units_due), len(report.units_sent)
    out.figures.update({_("Tasks"): str(n), _("Tasks reported"): str(reported), _("Units due"): str(due),
                        _("Units sent"): str(sent), _("Reporting rate"): report.reporting_rate,
                        _("Not reported"): str(report.totals[missing.notation]),
                        _("Changed on verification"): str(report.verified)})
    for c in colours:
        out.figures[_tasks(c)] = str(report.totals[c.notation])
        out.figures[_("%(colour)s tasks, share") % {"colour": c.name}] = percent(report.totals[c.notation], n)
    shares = _(", ").join(
        _("%(colour)s tasks (%(meaning)s) %(n)d, %(share)s") % {"colour": c.name, "meaning": c.described,
                                                               "n": report.totals[c.notation],
                                                               "share": percent(report.totals[c.notation], n)}
        + (_(", ") + _change(report.totals[c.notation], last[c.notation]) if last else "") for c in colours)
    out.para(_("As of %(date)s, for %(plan)s in %(month)s, %(due)d units were due to report and %(sent)d reported: "
               "a reporting rate of %(rate)s. Of %(n)d tasks, %(reported)d were reported (verifications included): "
               "%(shares)s; %(missing)d not reported.")
             % {"date": format_date(report.as_of), "plan": report.plan, "month": format_month(report.month),
                "due": due, "sent": sent, "rate": report.reporting_rate, "n": n, "reported": reported,
                "shares": shares, "missing": report.totals[missing.notation]}
             + (_(" The office changed %(n)d colour(s) on verification.") % {"n": report.verified}
                if report.verified else "")
             + ("" if last else _(" Nothing was recorded by the end of last month: no comparison.")))
    hinted = [(c, report.suggested[c.notation]) for c in colours if report.suggested.get(c.notation)]
    if hinted:
        out.para(_("Of the tasks not reported, the rules suggest: %(counts)s (suggestions are not counted in the "
                   "colours above).") % {"counts": _(", ").join(_("%(colour)s tasks %(n)d") % {"colour": c.name, "n": k}
                                                                for c, k in hinted)})
    rows = []
    for c in [*colours, missing]:
        now = report.totals[c.notation]
        before = last[c.notation] if last else None
        rows.append([c.name, now, percent(now, n), "—" if before is None else before,
                     "—" if before is None else f"{now - before:+d}"])
    out.table([_("Colour"), _("This month"), _("Share"), _("Last month"), _("Difference")], rows)


def _slow(out: Bulletin, report: StatusReport) -> None:
    scheme = report.scheme
    missing = colour_for(scheme, "not-reported")
    out.subheading(_("Tasks behind and overdue"))
    rank = {c.notation: c.rank for c in scheme}
    slow = [colour_for(scheme, m).notation for m in ("overdue", "seriously-behind", "behind")]
    flagged = [(i, r, r["official"] if r["official"] in slow else r["suggested"]) for i, r in enumerate(report.rows)
               if r["official"] in slow or (r["official"] == missing.notation and r["suggested"] in slow)]
    late = [r for _i, r, _c in sorted(flagged, key=lambda f: (-rank[f[2]], f[0]))]  # reddest first, then plan order
    if late:
        label = {c.notation: c.name for c in scheme}
        out.table([_("No."), _("Work item"), _("Colour"), role("lead").heading, role("host").heading,
                   _("Cause")],
                  [[r["label"], r["work_item"], label[r["official"]] if r["official"] in slow else
                    _("%(colour)s (rule's suggestion, not reported)") % {"colour": label[r["suggested"]]},
                    join_names(r["leads"]), join_names(r["hosts"]), r["reason"] or _("not given")] for r in late])
    else:
        out.para(_("No task is behind or overdue this month."))
    out.figures[_("Tasks behind or overdue")] = str(len(late))


def _silent(out: Bulletin, report: StatusReport) -> None:
    out.subheading(_("Units that did not report on time"))
    if report.silent_units:
        groups = _("; ").join(_("%(group)s: %(units)s") % {
            "group": group_title(group),
            "units": join_names([_("%(unit)s (%(n)d)") % {"unit": u["unit"], "n": u["tasks"]} for u in units])}
            for group, units in _by_group(report, report.silent_units))
        out.para(_("These %(n)d units sent no progress this month (in brackets, the open tasks they lead or host): "
                   "%(units)s.") % {"n": len(report.silent_units), "units": groups})
    else:
        out.para(_("Every unit reported on time."))
    out.figures[_("Units that did not report")] = str(len(report.silent_units))
    if report.late:
        out.para(_("Late records and corrections received after their month was published; they do not change the "
                   "published figures and are listed for the record:"))
        out.table([_("Kind"), _("For month"), _("No."), _("Reporting unit"), _("Colour"), _("Reported on")],
                  [[r["kind"], r["month"], r["task"], r["unit"], r["colour"] or "—", r["as_of"]]
                   for r in report.late])
    out.figures[_("Late records and corrections")] = str(len(report.late))


def _worst(out: Bulletin, report: StatusReport) -> None:
    worst = _("%(first)s/%(second)s") % {"first": report.worst[0].name, "second": report.worst[1].name}
    out.subheading(_("Units with most %(colours)s tasks") % {"colours": worst})
    if report.worst_units:
        out.table([_("Group"), _("Unit (lead or host)"), *[_tasks(c) for c in report.worst]],
                  [[group_title(group), u["unit"], *u["counts"]]
                   for group, units in _by_group(report, report.worst_units) for u in units])
    else:
        out.para(_("No %(colours)s task this month.") % {"colours": worst})


def _by_group(report: StatusReport, units: list[dict]) -> list[tuple[str, list[dict]]]:
    """Units under the office's authority first, enterprises and others apart, each in the given order."""
    from .state import GROUPS

    return [(group, [u for u in units if report.groups.get(u["unit"], "企业及其他") == group])
            for group in GROUPS if any(report.groups.get(u["unit"], "企业及其他") == group for u in units)]


def _extended(out: Bulletin, report: StatusReport) -> None:
    extended = [r for r in report.rows if r["extended"] or r["requested"]]
    if extended:
        out.subheading(_("Extensions"))
        out.table([_("No."), _("Work item"), _("Status"), _("New deadline")],
                  [[r["label"], r["work_item"], _("extended") if r["extended"] else _("extension requested"),
                    r["extended"] or r["requested"]] for r in extended])


def _supervision(out: Bulletin, report: StatusReport) -> None:
    """督办: the orders still open (those past their 整改时限 marked) and those closed (销号)."""
    still = [o for o in report.orders if not o["closed"]]
    closed = [o for o in report.orders if o["closed"]]
    out.figures[_("Supervision orders open")] = str(len(still))
    out.figures[_("Supervision orders closed")] = str(len(closed))
    if not report.orders:
        return
    out.subheading(_("Supervision and follow-up"))
    late = sum(1 for o in still if o["overdue"])
    out.para(_("%(open)d supervision orders are open (%(late)d of them past the time to put right) and %(closed)d "
               "closed.") % {"open": len(still), "late": late, "closed": len(closed)})
    out.table([_("Number"), _("Unit"), _("No."), _("Work item"), _("Problem"), _("Put right by"), _("Status")],
              [[o["number"], o["unit"], o["task"], o["work_item"], o["problem"], o["due"],
                _("closed on %(date)s") % {"date": o["closed"]} if o["closed"]
                else (_("past due, not put right") if o["overdue"] else _("being put right"))]
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
