"""The five-colour chart: tasks × periods, counts by colour, the reddest units, what changed."""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..model.domain import Colour, colour_for, load_scheme
from ..network.plan import PlanNetwork
from ..safe import workbook_bytes
from ..sparql.formats import plain
from ..sparql.named import load_query, run
from ..sparql.stores import Store
from ..views.templates import template
from .workflow import latest_by_period, load_records, suggest

__all__ = ["StatusReport", "build_report", "report_html", "report_xlsx"]


@dataclass
class StatusReport:
    as_of: str
    plan: str
    scheme: list[Colour]
    periods: list[str]
    report_dates: list[str]
    previous: str | None
    rows: list[dict] = field(default_factory=list)  # one per task
    by_section: list[dict] = field(default_factory=list)
    by_unit: list[dict] = field(default_factory=list)
    worst_units: list[dict] = field(default_factory=list)
    worst: list = field(default_factory=list)  # the colours counted in worst_units
    changes: list[dict] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)  # reported colours (未报 included)
    suggested: dict[str, int] = field(default_factory=dict)  # rule suggestions for tasks not reported

    def colour(self, notation: str) -> Colour:
        return next(c for c in self.scheme if c.notation == notation)


def build_report(net: PlanNetwork, store: Store, graph_dir: Path, as_of: dt.date,
                 scheme: list[Colour] | None = None) -> StatusReport:
    scheme = scheme or load_scheme()
    records = load_records(graph_dir)
    day = as_of.isoformat()
    dates = sorted({r["as_of"] for r in records if r["as_of"] <= day})
    # A task's colour in a period is its latest record in that period, whichever file carried it.
    latest = latest_by_period(records, net, day)
    now = net.period_of(day[:7])
    earlier = [p for p in sorted(latest) if now is None or p < now]
    before = latest.get(earlier[-1], {}) if earlier else {}
    previous = max(r["as_of"] for r in before.values()) if before else None
    current = latest.get(now, {})
    names, ind_rows = run(store, load_query("indicators"))
    indicators: dict[int, list[dict]] = defaultdict(list)
    for r in ind_rows:
        indicators[int(plain(r["task"]))].append({n: plain(r.get(n)) for n in names})
    suggestions = suggest(net, current, as_of, scheme, indicators)
    orders = sorted(net.periods)
    report = StatusReport(as_of=as_of.isoformat(), plan=net.title, scheme=scheme,
                          periods=[net.period_label(p) for p in orders], report_dates=dates, previous=previous)
    missing = colour_for(scheme, "not-reported").notation
    worst = [colour_for(scheme, "overdue"), colour_for(scheme, "seriously-behind")]
    for task in sorted(net.tasks, key=net.task_sort_key):
        node = net.tasks[task]
        record = current.get(node.number)
        reported = record["colour"] if record else missing
        suggestion = suggestions.get(node.number)
        leads = [net.units[u].name for u in net.members(task)["lead"]]
        grid = []
        for period in orders:
            cell = latest.get(period, {}).get(node.number)
            grid.append(cell["colour"] if cell else (missing if period in latest else ""))
        report.rows.append({"task": node.number, "work_item": node.work_item, "section": node.section,
                            "leads": leads, "reported": reported, "progress": record["progress"] if record else "",
                            "note": record["note"] if record else "",
                            "suggested": suggestion[0] if suggestion else "",
                            "rule": suggestion[1] if suggestion else "", "effective": suggestion[0] if suggestion
                            and reported == missing else reported, "grid": grid})
    # Reported and suggested colours are counted apart: a rule's suggestion is not a unit's report.
    count = Counter(r["reported"] for r in report.rows)
    report.totals = {c.notation: count.get(c.notation, 0) for c in scheme}
    guessed = Counter(r["suggested"] for r in report.rows if r["suggested"] and r["reported"] == missing)
    report.suggested = {c.notation: guessed.get(c.notation, 0) for c in scheme}
    sections: dict[int, Counter] = defaultdict(Counter)
    units: dict[str, Counter] = defaultdict(Counter)
    for row in report.rows:
        sections[row["section"]][row["reported"]] += 1
        for lead in row["leads"]:
            units[lead][row["reported"]] += 1
    report.by_section = [{"section": f"{s} {net.sections.get(s, '')}".strip(), **{c.notation: n[c.notation] for c in scheme}}
                         for s, n in sorted(sections.items())]
    report.by_unit = [{"unit": u, **{c.notation: n[c.notation] for c in scheme}}
                      for u, n in sorted(units.items(), key=lambda kv: kv[0])]
    report.worst = worst
    report.worst_units = sorted(({"unit": u, "counts": [n[c.notation] for c in worst]} for u, n in units.items()
                                 if sum(n[c.notation] for c in worst)),
                                key=lambda r: (-sum(r["counts"]), [-x for x in r["counts"]], r["unit"]))[:10]
    if previous:
        for row in report.rows:
            old = before.get(row["task"], {}).get("colour", missing)
            if old != row["reported"]:
                report.changes.append({"task": row["task"], "work_item": row["work_item"], "from": old,
                                       "to": row["reported"]})
    return report


def report_html(report: StatusReport) -> str:
    return template("status-report.html.jinja").render(r=report, colours={c.notation: c for c in report.scheme},
                                                       missing=colour_for(report.scheme, "not-reported").notation)


def report_xlsx(report: StatusReport) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    fills = {c.notation: PatternFill("solid", fgColor=c.hex.lstrip("#").upper()) for c in report.scheme}
    label = {c.notation: c.label for c in report.scheme}
    wb = Workbook()
    ws = wb.active
    ws.title = "五色图 chart"
    ws.append(["序号", "具体任务", "牵头单位", *report.periods, f"本期 {report.as_of}", "建议 suggested", "规则 rule",
               "进度 progress", "说明 note"])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in report.rows:
        ws.append([row["task"], row["work_item"], "、".join(row["leads"]),
                   *[label.get(g, "") for g in row["grid"]], label[row["reported"]],
                   label.get(row["suggested"], ""), row["rule"], row["progress"], row["note"]])
        r = ws.max_row
        for offset, value in enumerate([*row["grid"], row["reported"], row["suggested"]], start=4):
            if value:
                ws.cell(r, offset).fill = fills[value]
    widths = [6, 24, 20, *[10] * len(report.periods), 12, 14, 40, 10, 40]
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "D2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(widths))}{ws.max_row}"
    for name, rows, key in (("部分 sections", report.by_section, "section"), ("单位 units", report.by_unit, "unit")):
        sheet = wb.create_sheet(name)
        sheet.append([key] + [c.label for c in report.scheme])
        for row in rows:
            sheet.append([row[key]] + [row[c.notation] for c in report.scheme])
        for index, colour in enumerate(report.scheme, start=2):
            sheet.cell(1, index).fill = fills[colour.notation]
    changes = wb.create_sheet("变化 changes")
    changes.append(["序号", "具体任务", f"上期 {report.previous or '—'}", f"本期 {report.as_of}"])
    for change in report.changes:
        changes.append([change["task"], change["work_item"], label[change["from"]], label[change["to"]]])
        changes.cell(changes.max_row, 3).fill = fills[change["from"]]
        changes.cell(changes.max_row, 4).fill = fills[change["to"]]
    for sheet in wb.worksheets:
        sheet.page_setup.orientation = "landscape"
        for line in sheet.iter_rows():
            for cell in line:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    return workbook_bytes(wb)  # defused: no cell from a source runs as a formula
