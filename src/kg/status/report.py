"""The five-colour chart: tasks × periods, counts by colour, the reddest units, what changed."""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..i18n import N_, _, format_date, join_names
from ..model.domain import Colour, colour_for, load_scheme, role
from ..network.plan import PlanNetwork
from ..safe import workbook_bytes
from ..sparql.stores import Store
from ..views.templates import template
from .state import (
    late_records,
    load_indicators,
    load_records,
    month_end,
    month_of,
    previous_month_end,
    publication,
    reporter_of,
    round_of,
    states_on,
    task_of,
    unit_group,
    unit_reporting,
)

__all__ = ["StatusReport", "build_report", "report_html", "report_xlsx"]

#: How a record for a published month is shown (state.late_records names it in Chinese, its id).
LATE_KINDS = {"迟报": N_("late"), "更正": N_("correction")}


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
    month: str = ""  # the month (reporting round) the figures are for, YYYY-MM
    units_due: list[str] = field(default_factory=list)  # units that lead or host an open task: due to report
    units_sent: list[str] = field(default_factory=list)  # of those, the ones that sent a record for the month
    silent_units: list[dict] = field(default_factory=list)  # units due to report that sent nothing for the month
    late: list[dict] = field(default_factory=list)  # 迟报/更正 for published months, shown this month
    published: str = ""  # the day the month's figures were published (kg status publish), "" when not
    orders: list[dict] = field(default_factory=list)  # 督办通知单 open on the day, and those closed this month
    groups: dict[str, str] = field(default_factory=dict)  # unit name → its group (部门和单位 or 企业及其他)

    @property
    def reporting_rate(self) -> str:
        """报送率: the units that sent a record for the month, of those due to (one figure everywhere)."""
        return f"{100 * len(self.units_sent) / len(self.units_due):.1f}%" if self.units_due else "—"

    def colour(self, notation: str) -> Colour:
        return next(c for c in self.scheme if c.notation == notation)

    @property
    def tasks(self) -> int:
        return len(self.rows)


def _counts(states, scheme: list[Colour], missing: str) -> dict[str, int]:
    count = Counter(s.official or missing for s in states.values())
    return {c.notation: count.get(c.notation, 0) for c in scheme}


def _grids(net: PlanNetwork, records: list[dict], states, as_of: dt.date, month: str, scheme, indicators) -> dict:
    """Plan period → the tasks' states at the period's end; the period holding ``month`` shows ``month``."""
    grids = {}
    for p in sorted(net.periods):
        period = net.periods[p]
        if period.start > month:
            continue
        if period.start <= month <= period.end:
            grids[p] = states
            continue
        end = month_end(period.end)
        if any(r["as_of"] <= end.isoformat() and net.period_of(month_of(r)) == p for r in records):
            grids[p] = states_on(net, records, min(end, as_of), scheme, indicators)
    return grids


def build_report(net: PlanNetwork, store: Store, graph_dir: Path, as_of: dt.date,
                 scheme: list[Colour] | None = None, month: str | None = None) -> StatusReport:
    """The chart of ``month`` (by default the month of ``as_of``) as known on ``as_of``, compared with the
    month before."""
    scheme = scheme or load_scheme()
    records = load_records(graph_dir)
    indicators = load_indicators(store)
    day = as_of.isoformat()
    month = round_of(month or day[:7])
    if month > day[:7]:
        raise InputError(_("--month %(month)s has not begun on %(day)s") % {"month": month, "day": day},
                         fix=_("give a month up to the one of --as-of"))
    dates = sorted({r["as_of"] for r in records if r["as_of"] <= day})
    states = states_on(net, records, as_of, scheme, indicators, month=month)
    last = previous_month_end(dt.date.fromisoformat(month + "-01"))
    before_day = min(as_of, last) if month == round_of(day[:7]) else as_of
    before = (states_on(net, records, before_day, scheme, indicators, month=round_of(last.strftime("%Y-%m")))
              if dates and dates[0] <= before_day.isoformat() else {})
    orders = sorted(net.periods)
    grids = _grids(net, records, states, as_of, month, scheme, indicators)
    report = StatusReport(as_of=day, plan=net.title, scheme=scheme, periods=[net.period_label(p) for p in orders],
                          report_dates=dates, previous=last.isoformat() if before else None,
                          month=month, published=publication(graph_dir, month))
    missing = colour_for(scheme, "not-reported").notation
    worst = [colour_for(scheme, "overdue"), colour_for(scheme, "seriously-behind")]

    def label_of(colour: str) -> str:
        return next((c.name for c in scheme if c.notation == colour), "") or _("extension requested")

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
            "sender": _name(net, reporter_of(state.reported)) if state.reported else "",
            "others": _("; ").join(_("%(unit)s: %(colour)s") % {"unit": _name(net, u), "colour": label_of(r["colour"])}
                                   for u, r in state.others.items()),
            "closed": (state.closed or {}).get("as_of", ""),
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
    _units(report, net, states, records)
    report.orders = _orders(net, graph_dir, records, as_of, month, scheme)
    report.worst = worst
    report.worst_units = sorted(({"unit": u, "counts": [n[c.notation] for c in worst]} for u, n in units.items()
                                 if sum(n[c.notation] for c in worst)),
                                key=lambda r: (-sum(r["counts"]), [-x for x in r["counts"]], r["unit"]))[:10]
    for row in report.rows if before else []:
        old = before[row["id"]].official or missing
        if old != row["official"]:
            report.changes.append({"task": row["task"], "label": row["label"], "work_item": row["work_item"], "from": old, "to": row["official"]})
    return report


def _name(net: PlanNetwork, unit: str) -> str:
    return net.units[unit].name if unit in net.units else unit


def _orders(net: PlanNetwork, graph_dir: Path, records: list[dict], as_of: dt.date, month: str, scheme) -> list[dict]:
    """The 督办通知单 open on ``as_of`` (overdue ones marked) and those closed (销号) in ``month`` or since."""
    from .supervision import load_orders

    day = as_of.isoformat()
    return [{"number": o.number, "unit": _name(net, o.unit), "task": net.tasks[o.task].label,
             "work_item": net.tasks[o.task].work_item, "problem": o.problem, "issued": o.issued, "due": o.due,
             "closed": o.closed, "overdue": o.overdue_on(day)}
            for o in load_orders(net, graph_dir, day, records, scheme) if not o.closed or o.closed[:7] >= month]


def _units(report: StatusReport, net: PlanNetwork, states, records: list[dict]) -> None:
    """The month's reporting by unit (报送率, 未按时报送的单位) and the late records shown this month."""
    due, sent = unit_reporting(net, states)
    report.groups = {_name(net, u): unit_group(net.units[u].kind) for u in net.units}
    report.units_due = [_name(net, u) for u in due]
    report.units_sent = [_name(net, u) for u in due if u in sent]
    open_tasks = {u: sum(1 for t in net.reports_on(u) if not states[t].closed) for u in due}
    report.silent_units = [{"unit": _name(net, u), "tasks": open_tasks[u]} for u in due if u not in sent]
    label = {c.notation: c.name for c in report.scheme}
    report.late = [{"kind": _(LATE_KINDS[r["kind"]]), "month": r["month"], "task": net.tasks[task_of(r, net)].label,
                    "unit": _name(net, reporter_of(r)) if r["by"] == "unit" else _("the office"),
                    "colour": label.get(r["colour"], ""), "as_of": r["as_of"]}
                   for r in late_records(records, net, report.month)]


def report_html(report: StatusReport) -> str:
    return template("status-report.html.jinja").render(r=report, colours={c.notation: c for c in report.scheme},
                                                       dates=_(", ").join(format_date(d) for d in report.report_dates),
                                                       missing=colour_for(report.scheme, "not-reported").notation,
                                                       lead=role("lead").heading)


def _reporting_rows(report: StatusReport) -> list[list]:
    """The month's reporting by unit: the same 报送率 and 未按时报送的单位 as the 通报, and the 迟报/更正."""
    rows = [[_("Reporting month"), report.month], [_("Units due"), len(report.units_due)],
            [_("Units sent"), len(report.units_sent)], [_("Reporting rate"), report.reporting_rate],
            [_("Published"), report.published or "—"], [], [_("Units that did not report on time"), _("Open tasks")]]
    rows += [[unit["unit"], unit["tasks"]] for unit in report.silent_units]
    if report.late:
        rows += [[], [_("Kind"), _("For month"), _("No."), _("Reporting unit"), _("Colour"), _("Reported on")]]
        rows += [[r["kind"], r["month"], r["task"], r["unit"], r["colour"], r["as_of"]] for r in report.late]
    return rows


def _chart_rows(report: StatusReport, plain: int, fills: dict[str, int]) -> list[tuple[list, list]]:
    """The 五色图 worksheet's task rows: (values, style indexes), the colour cells filled."""
    label = {c.notation: c.name for c in report.scheme}
    out = []
    for row in report.rows:
        colours = [*row["grid"], row["official"], row["reported"], row["suggested"]]
        values = [row["label"], row["work_item"], join_names(row["leads"]), *[label.get(g, "") for g in row["grid"]],
                  label[row["official"]], label[row["reported"]], label.get(row["suggested"], ""), row["rule"],
                  row["progress"], row["note"], row["office_reason"], row["evidence"], row["extended"]]
        styles = [plain] * 3 + [fills[c] if c else plain for c in colours]
        out.append((values, styles + [plain] * (len(values) - len(styles))))
    return out


def _chart_header(report: StatusReport) -> list[str]:
    return [_("No."), _("Work item"), role("lead").heading, *report.periods,
            _("This period %(date)s") % {"date": report.as_of}, _("Reported colour"), _("Suggested"), _("Rule"), _("Progress"), _("Note"), _("Reason verified"),
            _("Evidence"), _("Extended to")]


def report_xlsx(report: StatusReport) -> bytes:
    """The chart as a workbook: 五色图, by section, by unit, reporting, changes; every cell wrapped at the top.

    Written row by row (:class:`kg.views.xlsx_rows.RowWriter`): at 8,100 tasks openpyxl's own
    cells took most of 10 s."""
    from ..views.xlsx_tables import Styles, new_workbook, table_sheet

    wb = new_workbook()
    chart = wb.create_sheet(_("Five-colour chart"))
    styles = Styles(chart)
    plain, bold, fills = styles.plain, styles.bold, {c.notation: styles.filled(c.hex) for c in report.scheme}
    header = _chart_header(report)
    table_sheet(chart, [(header, [bold] * len(header)), *_chart_rows(report, plain, fills)],
                widths=[6, 24, 20, *[10] * len(report.periods), 12, 12, 14, 40, 10, 40, 30, 24, 12], freeze="D2",
                filtered=True)
    colour_head = [plain] + [fills[c.notation] for c in report.scheme]
    for name, rows, key, title in ((_("Sections"), report.by_section, "section", _("Section")),
                                   (_("Units"), report.by_unit, "unit", _("Unit"))):
        table_sheet(wb.create_sheet(name), [([title] + [c.name for c in report.scheme], colour_head)]
                    + [([row[key]] + [row[c.notation] for c in report.scheme], [plain] * (len(report.scheme) + 1))
                       for row in rows])
    table_sheet(wb.create_sheet(_("Reporting")), [(row, [plain] * len(row)) for row in _reporting_rows(report)])
    label = {c.notation: c.name for c in report.scheme}
    changes = [([_("No."), _("Work item"), _("Last period %(date)s") % {"date": report.previous or "—"},
                 _("This period %(date)s") % {"date": report.as_of}], [plain] * 4)]
    changes += [([c["label"], c["work_item"], label[c["from"]], label[c["to"]]],
                 [plain, plain, fills[c["from"]], fills[c["to"]]]) for c in report.changes]
    table_sheet(wb.create_sheet(_("Changes")), changes)
    return workbook_bytes(wb)  # defused: no cell from a source runs as a formula
