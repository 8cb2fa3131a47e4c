"""The state of every task on a day: the one place that decides a task's colour.

A task's colour in a period is its latest unit record in that period, whichever
file carried it; the office's verdict (核定) on it stands unless a unit reports
again afterwards. A rule's suggestion is kept beside, never counted as a report.
An approved extension (已延期) moves the deadline every rule reads. The chart,
the 通报, the scorecard and 催办 all read :func:`states_on`.
"""
from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset

from ..model.domain import Colour, colour_for
from ..network.plan import PlanNetwork
from ..sparql.formats import plain
from ..sparql.named import load_query, natural_key, run
from ..sparql.stores import MemoryStore, Store

__all__ = ["TaskState", "load_records", "in_order", "task_of", "latest_by_period", "states_on", "suggest",
           "load_indicators", "month_end", "previous_month_end", "apply_latest_status", "status_dir"]


def status_dir(graph_dir: Path) -> Path:
    return graph_dir / "status"


def month_end(month: str) -> dt.date:
    """The last day of a month given as YYYY-MM."""
    year, number = int(month[:4]), int(month[5:7])
    return dt.date(year, number, calendar.monthrange(year, number)[1])


def previous_month_end(day: dt.date) -> dt.date:
    return day.replace(day=1) - dt.timedelta(days=1)


def load_records(graph_dir: Path) -> list[dict]:
    """Every recorded file's rows (units' reports and office verdicts), through the status-records query."""
    ds = Dataset()
    for file in sorted(status_dir(graph_dir).glob("*.trig")):
        ds.parse(file, format="trig")
    names, rows = MemoryStore(graph=ds).select(load_query("status-records").text)
    return [{n: plain(r.get(n)) for n in names} for r in rows]


def in_order(records: list[dict]) -> list[dict]:
    """Records oldest first: by date, the office's verdicts after the units' reports of their day, then in the
    order their files were recorded that day."""
    return sorted(records, key=lambda r: (r["as_of"], r["by"] == "office", natural_key(r["report"])))  # -2 < -10


def task_of(record: dict, net: PlanNetwork) -> str | None:
    """The task id a record is about (records written before plans were named belong to the only plan)."""
    plan = record.get("plan") or (next(iter(net.plans)) if len(net.plans) == 1 else "")
    task = f"{plan}/task/{record['task']}"
    return task if task in net.tasks else None


def latest_by_period(records: list[dict], net: PlanNetwork, upto: str, by: str = "unit") -> dict[int, dict[str, dict]]:
    """Period → task id → the task's latest record (from ``by``: unit or office) in that period, dated up to ``upto``."""
    out: dict[int, dict[str, dict]] = {}
    for r in in_order(records):
        period = net.period_of(r["as_of"][:7])
        task = task_of(r, net)
        if r["by"] == by and r["as_of"] <= upto and period is not None and task:
            out.setdefault(period, {})[task] = r
    return out


@dataclass(frozen=True)
class TaskState:
    """One task on one day."""

    task: str
    reported: dict | None  # the unit's latest record in the period
    verified: dict | None  # the office's verdict, unless a unit reported again after it
    suggestion: tuple[str, str] | None  # (colour, rule) where a rule disagrees or nothing was reported
    deadline: str  # YYYY-MM after any approved extension, "" for none
    extended: str  # the approved new deadline (YYYY-MM-DD), "" when none
    requested: str  # a new deadline the unit asked for and the office has not approved

    @property
    def official(self) -> str:
        """The colour the office reports: its verdict, else the unit's colour, else "" (not reported)."""
        if self.verified and self.verified["colour"]:
            return self.verified["colour"]
        return self.reported["colour"] if self.reported else ""

    @property
    def reason(self) -> str:
        """Why the task stands where it does: the office's reason, the unit's note, or the rule."""
        for text in ((self.verified or {}).get("reason"), (self.reported or {}).get("note"),
                     self.suggestion[1] if self.suggestion else ""):
            if text:
                return text
        return ""

    @property
    def evidence(self) -> str:
        return (self.verified or {}).get("evidence") or (self.reported or {}).get("evidence") or ""


def load_indicators(store: Store) -> dict[str, list[dict]]:
    """Task id → its quantified targets (``indicators.rq``)."""
    names, rows = run(store, load_query("indicators"))
    out: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        row = {n: plain(r.get(n)) for n in names}
        out[f"{row['plan']}/task/{row['task']}"].append(row)
    return out


def _extensions(records: list[dict], net: PlanNetwork, upto: str) -> dict[str, str]:
    """Task id → the latest extension the office approved up to ``upto``."""
    out = {}
    for r in in_order(records):
        task = task_of(r, net)
        if r["by"] == "office" and r["extended"] and r["as_of"] <= upto and task:
            out[task] = r["extended"]
    return out


def states_on(net: PlanNetwork, records: list[dict], day: dt.date, scheme: list[Colour],
              indicators: dict[str, list[dict]]) -> dict[str, TaskState]:
    """Every task's state on ``day``, in plan order."""
    upto = day.isoformat()
    period = net.period_of(upto[:7])
    units = latest_by_period(records, net, upto, "unit").get(period, {})
    office = latest_by_period(records, net, upto, "office").get(period, {})
    extended = _extensions(records, net, upto)
    out = {}
    for task in sorted(net.tasks, key=net.task_sort_key):
        reported, verdict = units.get(task), office.get(task)
        if verdict and reported and verdict["as_of"] < reported["as_of"]:
            verdict = None  # the unit reported again after the verdict: the new report awaits verification
        deadline = extended[task][:7] if task in extended else net.tasks[task].deadline
        asked = reported["extension"] if reported and reported["extension"] != extended.get(task) else ""
        out[task] = TaskState(task, reported, verdict, None, deadline, extended.get(task, ""), asked or "")
    rules = suggest(net, out, day, scheme, indicators)
    return {task: TaskState(s.task, s.reported, s.verified, rules.get(task), s.deadline, s.extended, s.requested)
            for task, s in out.items()}


def suggest(net: PlanNetwork, states: dict[str, TaskState], day: dt.date, scheme: list[Colour],
            indicators: dict[str, list[dict]]) -> dict[str, tuple[str, str]]:
    """Rule-based colours where none was reported or a report contradicts the facts: task id → (colour, rule)."""
    month = day.strftime("%Y-%m")
    period = net.period_of(month)
    done, on_time = colour_for(scheme, "done"), colour_for(scheme, "on-schedule")
    thresholds = sorted((c for c in scheme if c.behind is not None), key=lambda c: -c.behind)
    red = next((c.notation for c in scheme if c.past_deadline), colour_for(scheme, "overdue").notation)
    out: dict[str, tuple[str, str]] = {}
    for task, state in states.items():
        colour = state.official or None
        if state.deadline and state.deadline < month and colour not in (done.notation, red):
            late = f"已过{'延期后的' if state.extended else ''}最终完成时限 {state.deadline}"
            out[task] = (red, f"逾期：{late}，未标{done.zh}")
            continue
        record = state.reported
        if record and record.get("progress"):
            for ind in indicators.get(task, []):
                if ind["cumulative"] == "true" and period is not None and str(period) in ind["period"].split("|"):
                    target = float(ind["value"])
                    behind = (target - float(record["progress"])) / target if target else 0
                    for colour_rule in thresholds:
                        if behind >= colour_rule.behind and colour in (None, on_time.notation, done.notation):
                            out[task] = (colour_rule.notation, f"滞后：进度值 {record['progress']} 较本期累计目标 "
                                         f"{ind['value']}{ind['unit']} 滞后 {behind:.0%}")
                            break
                    break
    return out


def apply_latest_status(net: PlanNetwork, graph_dir: Path) -> None:
    """Give each task of the network its latest official colour (the office's verdict over the unit's report)."""
    if not status_dir(graph_dir).is_dir():
        return
    records = load_records(graph_dir)
    if not records:
        return
    for r in in_order(records):
        task = task_of(r, net)
        if task and r["colour"]:
            net.status[task] = r["colour"]
    net.status_as_of = max(r["as_of"] for r in records)
