"""The five-colour chart: tasks × periods, counts by colour, the reddest units, what changed."""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..model.domain import Colour, colour_for, load_scheme
from ..network.plan import PlanNetwork
from ..safe import workbook_bytes
from ..sparql.stores import Store
from ..views.templates import template
from .state import load_indicators, load_records, month_end, previous_month_end, states_on

__all__ = ["StatusReport", "build_report", "report_html", "report_xlsx"]


@dataclass
class StatusReport:
    as_of: str
    plan: str
    scheme: list[Colour]
    periods: list[str]
    report_dates: list[str]
    previous: str | None  # the end of last month, when anything was recorded by then
    rows: list[dict] = field(default_factory=list)  # one per task
    by_section: list[dict] = field(default_factory=list)
    by_unit: list[dict] = field(default_factory=list)
    worst_units: list[dict] = field(default_factory=list)
    worst: list = field(default_factory=list)  # the colours counted in worst_units
    changes: list[dict] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)  # official colours (the unit's, or the office's verdict)
    suggested: dict[str, int] = field(default_factory=dict)  # rule suggestions for tasks nobody reported
    last_month: dict[str, int] = field(default_factory=dict)  # totals at the end of last month
    verified: int = 0  # tasks whose colour the office changed
    silent_units: list[dict] = field(default_factory=list)  # units with tasks they lead or host and did not report

    def colour(self, notation: str) -> Colour:
        return next(c for c in self.scheme if c.notation == notation)

    @property
    def tasks(self) -> int:
        return len(self.rows)


def _counts(states, scheme: list[Colour], missing: str) -> dict[str, int]:
    count = Counter(s.official or missing for s in states.values())
    return {c.notation: count.get(c.notation, 0) for c in scheme}


def build_report(net: PlanNetwork, store: Store, graph_dir: Path, as_of: dt.date,
                 scheme: list[Colour] | None = None) -> StatusReport:
    scheme = scheme or load_scheme()
    records = load_records(graph_dir)
    indicators = load_indicators(store)
    day = as_of.isoformat()
    dates = sorted({r["as_of"] for r in records if r["as_of"] <= day})
    states = states_on(net, records, as_of, scheme, indicators)
    last = previous_month_end(as_of)
    before = states_on(net, records, last, scheme, indicators) if dates and dates[0] <= last.isoformat() else {}
    orders = sorted(net.periods)
    # The chart's cell for a period is the task's state at the period's end (or today, for the current period).
    ends = {p: min(month_end(net.periods[p].end), as_of) for p in orders if net.periods[p].start <= day[:7]}
    grids = {p: states if end == as_of else states_on(net, records, end, scheme, indicators)
             for p, end in ends.items()
             if any(r["as_of"] <= end.isoformat() and net.period_of(r["as_of"][:7]) == p for r in records)}
    report = StatusReport(as_of=day, plan=net.title, scheme=scheme, periods=[net.period_label(p) for p in orders],
                          report_dates=dates, previous=last.isoformat() if before else None)
    missing = colour_for(scheme, "not-reported").notation
    worst = [colour_for(scheme, "overdue"), colour_for(scheme, "seriously-behind")]
    for task, state in states.items():
        node, members = net.tasks[task], net.members(task)
        official = state.official or missing
        grid = [(grids[p][task].official or missing) if p in grids else "" for p in orders]
        suggestion = state.suggestion or ("", "")
        report.rows.append({
            "id": task, "task": node.number, "label": node.label, "work_item": node.work_item, "section": node.section,
            "leads": [net.units[u].name for u in members["lead"]], "hosts": [net.units[u].name for u in members["host"]],
            "reporters": [net.units[u].name for u in net.reporters(task)],
            "reported": (state.reported or {}).get("colour") or missing, "verified": (state.verified or {}).get("colour", ""),
            "official": official, "progress": (state.reported or {}).get("progress", ""),
            "note": (state.reported or {}).get("note", ""), "reason": state.reason,
            "office_reason": (state.verified or {}).get("reason", ""), "evidence": state.evidence,
            "extended": state.extended, "requested": state.requested, "deadline": state.deadline,
            "suggested": suggestion[0], "rule": suggestion[1],
            "effective": suggestion[0] if suggestion[0] and official == missing else official, "grid": grid})
    # Reported and suggested colours are counted apart: a rule's suggestion is not a unit's report.
    report.totals = _counts(states, scheme, missing)
    report.last_month = _counts(before, scheme, missing) if before else {}
    guessed = Counter(r["suggested"] for r in report.rows if r["suggested"] and r["official"] == missing)
    report.suggested = {c.notation: guessed.get(c.notation, 0) for c in scheme}
    report.verified = sum(1 for r in report.rows if r["verified"] and r["verified"] != r["reported"])
    # By the section's number and its own plan's title: two plans' section 3 are one row only if they agree.
    sections: dict[tuple[int, str], Counter] = defaultdict(Counter)
    units: dict[str, Counter] = defaultdict(Counter)
    for row in report.rows:
        sections[(row["section"], net.section_label(row["id"]))][row["official"]] += 1
        for unit in row["reporters"]:  # the units that lead or host it; not 相关单位 or 各乡镇
            units[unit][row["official"]] += 1
    report.by_section = [{"section": label, **{c.notation: n[c.notation] for c in scheme}}
                         for (_, label), n in sorted(sections.items())]
    report.by_unit = [{"unit": u, **{c.notation: n[c.notation] for c in scheme}}
                      for u, n in sorted(units.items(), key=lambda kv: kv[0])]
    report.silent_units = sorted(({"unit": u, "missing": n[missing], "tasks": sum(n.values())}
                                  for u, n in units.items() if n[missing]),
                                 key=lambda r: (-r["missing"], r["unit"]))
    report.worst = worst
    report.worst_units = sorted(({"unit": u, "counts": [n[c.notation] for c in worst]} for u, n in units.items()
                                 if sum(n[c.notation] for c in worst)),
                                key=lambda r: (-sum(r["counts"]), [-x for x in r["counts"]], r["unit"]))[:10]
    for row in report.rows if before else []:
        old = before[row["id"]].official or missing
        if old != row["official"]:
            report.changes.append({"task": row["task"], "label": row["label"], "work_item": row["work_item"], "from": old, "to": row["official"]})
    return report


def report_html(report: StatusReport) -> str:
    return template("status-report.html.jinja").render(r=report, colours={c.notation: c for c in report.scheme},
                                                       missing=colour_for(report.scheme, "not-reported").notation)


def report_xlsx(report: StatusReport) -> bytes:
    from openpyxl.styles import Alignment, PatternFill
    from openpyxl.utils import get_column_letter

    from ..views.office import append_row, xlsx_sheet

    fills = {c.notation: PatternFill("solid", fgColor=c.hex.lstrip("#").upper()) for c in report.scheme}
    label = {c.notation: c.label for c in report.scheme}
    wb, ws = xlsx_sheet("五色图 chart", ["序号", "具体任务", "牵头单位", *report.periods, f"本期 {report.as_of}",
                                     "单位填报 reported", "建议 suggested", "规则 rule", "进度 progress", "说明 note",
                                     "核定理由 reason", "佐证 evidence", "延期至 extended to"])
    for row in report.rows:
        r = append_row(ws, [row["label"], row["work_item"], "、".join(row["leads"]),
                            *[label.get(g, "") for g in row["grid"]], label[row["official"]], label[row["reported"]],
                            label.get(row["suggested"], ""), row["rule"], row["progress"], row["note"],
                            row["office_reason"], row["evidence"], row["extended"]])
        for offset, value in enumerate([*row["grid"], row["official"], row["reported"], row["suggested"]], start=4):
            if value:
                ws.cell(r, offset).fill = fills[value]
    widths = [6, 24, 20, *[10] * len(report.periods), 12, 12, 14, 40, 10, 40, 30, 24, 12]
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
        r = append_row(changes, [change["label"], change["work_item"], label[change["from"]], label[change["to"]]])
        changes.cell(r, 3).fill = fills[change["from"]]
        changes.cell(r, 4).fill = fills[change["to"]]
    for sheet in wb.worksheets:
        sheet.page_setup.orientation = "landscape"
        for line in sheet.iter_rows():
            for cell in line:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    return workbook_bytes(wb)  # defused: no cell from a source runs as a formula
