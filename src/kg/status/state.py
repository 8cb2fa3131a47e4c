"""The state of every task on a day: the one place that decides a task's colour.

The month is the unit of record (measure 23: 每月督查). Every record is *for* a month (填报月份; the
reporting cadence, ``kg:cadenceMonths`` in ``status-colours.ttl``, groups months into rounds, one by
default). A task's colour in a month is its **lead unit's** latest report for that month (of several
leads, the latest of theirs); hosts' and supports' reports are kept beside it, never overriding it. The
office's verdict (核定) stands unless the lead reports again afterwards; a task the office verified
done (蓝) stays done until the office reopens it (重开). A record that arrived after its month was
published (迟报/更正) never changes that month. A rule's suggestion is kept beside, never counted as
a report. The chart, the 通报, the scorecard, 催办 and the app all read :func:`states_on`.
"""
from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import Dataset

from ..i18n import N_, _
from ..model.domain import Colour, colour_for, load_cadence, load_scheme
from ..network.plan import PlanNetwork
from ..sparql.formats import records
from ..sparql.named import load_query, natural_key, run
from ..sparql.stores import MemoryStore, Store

__all__ = ["TaskState", "load_records", "in_order", "task_of", "states_on", "suggest", "round_of", "month_of",
           "load_indicators", "month_end", "previous_month_end", "apply_latest_status", "status_dir",
           "unit_reporting", "unit_group", "group_title", "GROUPS", "ISSUER", "late_records", "published_months", "publication", "next_month", "reporter_of", "split_value"]


#: Units by the office's authority: departments and institutions it supervises apart from enterprises and others,
#: in the ranking and in the 通报's unit lists.
GROUPS = {"部门和单位": ("party-organ", "government-department", "public-institution", "judicial", "mass-organisation"),
          "企业及其他": ("enterprise", "financial", "military", "unknown", "collective", "placeholder")}


#: Who issues the 通报 and the 督办通知单 (落款): the office edits the drafts as it needs.
ISSUER = N_("County business environment office")


#: Each group's name as a person reads it (the Chinese name is also the group's id in the data).
_GROUP_TITLES = {"部门和单位": N_("Departments and units"), "企业及其他": N_("Enterprises and others")}


def group_title(group: str) -> str:
    """A unit group in the language in force: 部门和单位 (Departments and units)."""
    return _(_GROUP_TITLES[group]) if group in _GROUP_TITLES else group


def unit_group(kind: str) -> str:
    return next((name for name, kinds in GROUPS.items() if kind in kinds), "企业及其他")


def status_dir(graph_dir: Path) -> Path:
    return graph_dir / "status"


def published_months(graph_dir: Path) -> set[str]:
    """The months (rounds) the office published (``publish-YYYY-MM.trig``, written by :mod:`.publish`)."""
    return {f.stem.removeprefix("publish-") for f in status_dir(graph_dir).glob("publish-*.trig")}


def publication(graph_dir: Path, month: str) -> str:
    """The day ``month``'s figures were published as of (YYYY-MM-DD), "" when the month is not published."""
    file = status_dir(graph_dir) / f"publish-{month}.trig"
    if not file.is_file():
        return ""
    from ..model.vocab import KG

    ds = Dataset()
    ds.parse(file, format="trig")
    return next((str(o) for _, _, o, _ in ds.quads((None, KG.asOf, None, None))), "")


def month_end(month: str) -> dt.date:
    """The last day of a month given as YYYY-MM."""
    year, number = int(month[:4]), int(month[5:7])
    return dt.date(year, number, calendar.monthrange(year, number)[1])


def previous_month_end(day: dt.date) -> dt.date:
    return day.replace(day=1) - dt.timedelta(days=1)


def next_month(month: str) -> str:
    """The month after ``month`` (YYYY-MM)."""
    return (month_end(month) + dt.timedelta(days=1)).strftime("%Y-%m")


def round_of(month: str, cadence: int | None = None) -> str:
    """The reporting round a month belongs to, named by its first month (the month itself when monthly)."""
    cadence = cadence or load_cadence()
    year, number = int(month[:4]), int(month[5:7])
    return f"{year}-{(number - 1) // cadence * cadence + 1:02d}"


def month_of(record: dict, day: str | None = None) -> str:
    """The month a record is for: its 填报月份, else the month of the day it is dated (``day``, YYYY-MM-DD; by
    default its file's date, as records written before months were recorded are read).

    >>> month_of({"month": "2023-05", "as_of": "2023-06-02"}), month_of({"month": "", "as_of": "2023-06-02"})
    ('2023-05', '2023-06')
    >>> month_of({"month": ""}, "2023-05-31")
    '2023-05'
    """
    return record.get("month") or (day or record["as_of"])[:7]


def load_records(graph_dir: Path) -> list[dict]:
    """Every recorded file's rows (units' reports and office verdicts), through the status-records query.
    Read again only when a file's bytes changed: a long-running workbench, or several commands in one
    process, would otherwise parse and query the same files each time (most of a status command's time)."""
    found = sorted(status_dir(graph_dir).glob("*.trig"))
    files = tuple((file.absolute().as_uri(), file.read_bytes()) for file in found)
    return [dict(record) for record in _records_of(files)]


@lru_cache(maxsize=4)
def _records_of(files: tuple[tuple[str, bytes], ...]) -> tuple[dict, ...]:
    ds = Dataset()
    for uri, data in files:
        ds.parse(data=data, format="trig", publicID=uri)  # the base a file read from disk has
    return tuple(records(MemoryStore(graph=ds).select(load_query("status-records").text)))


def in_order(records: list[dict]) -> list[dict]:
    """Records oldest first: by date, the office's verdicts after the units' reports of their day, then in the
    order their files were recorded that day."""
    return sorted(records, key=lambda r: (r["as_of"], r["by"] == "office", natural_key(r["report"])))  # -2 < -10


def task_of(record: dict, net: PlanNetwork) -> str | None:
    """The task id a record is about (records written before plans were named belong to the only plan)."""
    plan = record.get("plan") or (next(iter(net.plans)) if len(net.plans) == 1 else "")
    task = f"{plan}/task/{record['task']}"
    return task if task in net.tasks else None


def reporter_of(record: dict) -> str:
    """The unit node id (``unit/…``) that sent a record, "" when the record names none."""
    iri = record.get("reporter") or ""
    return "unit/" + iri.rsplit("/unit/", 1)[1] if "/unit/" in iri else ""


@dataclass(frozen=True)
class TaskState:
    """One task in the month of one day."""

    task: str
    reported: dict | None  # the lead unit's latest record for the month
    verified: dict | None  # the office's verdict for the month, unless the lead reported again after it
    suggestion: tuple[str, str] | None  # (colour, rule) where a rule disagrees or nothing was reported
    deadline: str  # YYYY-MM after any approved extension, "" for none
    extended: str  # the approved new deadline (YYYY-MM-DD), "" when none
    requested: str  # a new deadline the unit asked for and the office has not approved
    others: dict[str, dict] = field(default_factory=dict)  # host or support unit id → its latest record, beside
    closed: dict | None = None  # the office's 蓝 verdict that closed the task (it stays done until reopened)
    done: str = field(default_factory=lambda: colour_for(load_scheme(), "done").notation)  # kept once closed

    @property
    def official(self) -> str:
        """The colour the office reports: done once it verified done, else its verdict this month, else the
        lead's colour, else "" (not reported)."""
        if self.closed:
            return self.done
        if self.verified and self.verified["colour"]:
            return self.verified["colour"]
        return self.reported["colour"] if self.reported else ""

    @property
    def senders(self) -> dict[str, dict]:
        """Unit id → its record for the month, the lead's first."""
        lead = {reporter_of(self.reported): self.reported} if self.reported else {}
        return {**lead, **self.others}

    @property
    def reason(self) -> str:
        """Why the task stands where it does: the office's reason, the unit's note, or the rule."""
        for text in ((self.closed or {}).get("reason"), (self.verified or {}).get("reason"),
                     (self.reported or {}).get("note"), self.suggestion[1] if self.suggestion else ""):
            if text:
                return text
        return ""

    @property
    def evidence(self) -> str:
        return ((self.closed or {}).get("evidence") or (self.verified or {}).get("evidence")
                or (self.reported or {}).get("evidence") or "")


def load_indicators(store: Store) -> dict[str, list[dict]]:
    """Task id → its quantified targets (``indicators.rq``)."""
    out: dict[str, list[dict]] = defaultdict(list)
    for row in records(run(store, load_query("indicators"))):
        out[f"{row['plan']}/task/{row['task']}"].append(row)
    return out


def _counted(record: dict, month: str, cadence: int, upto: str) -> bool:
    """Whether a record counts in ``month`` on ``upto``: for that round, dated by then, not arrived after the
    round was published (迟报/更正 never change a published month)."""
    return record["as_of"] <= upto and round_of(month_of(record), cadence) == month and record.get("late") != "true"


def _month_records(records: list[dict], net: PlanNetwork, month: str, upto: str, cadence: int, done: str):
    """(leads' latest record, others' latest records by unit, office's latest verdict, closing 蓝 verdicts,
    approved extensions), each by task id, for the round ``month`` as known on ``upto``."""
    leads: dict[str, dict] = {}
    others: dict[str, dict[str, dict]] = defaultdict(dict)
    verdicts: dict[str, dict] = {}
    closed: dict[str, dict] = {}
    extended: dict[str, str] = {}
    for r in in_order(records):
        task = task_of(r, net)
        if not task or r["as_of"] > upto:
            continue
        own = round_of(month_of(r), cadence)
        if r["by"] == "office":
            if own > month or (own == month and r.get("late") == "true"):
                continue
            if r["decision"] == "reopen":
                closed.pop(task, None)
            elif r["colour"] == done:
                closed[task] = r
            if r["extended"]:
                extended[task] = r["extended"]
            if own == month:
                verdicts[task] = r
        elif _counted(r, month, cadence, upto):
            unit = reporter_of(r)
            if not unit or unit in net.members(task)["lead"]:
                leads[task] = r  # a record naming no unit was written before reporters were required
            else:
                others[task][unit] = r
    return leads, others, verdicts, closed, extended


def states_on(net: PlanNetwork, records: list[dict], day: dt.date, scheme: list[Colour],
              indicators: dict[str, list[dict]], cadence: int | None = None,
              month: str | None = None) -> dict[str, TaskState]:
    """Every task's state in ``month`` (by default the month of ``day``; units send a month's report in
    the first days of the next), as known on ``day``, in plan order."""
    cadence = cadence or load_cadence()
    upto, month = day.isoformat(), round_of(month or day.strftime("%Y-%m"), cadence)
    done = colour_for(scheme, "done").notation
    leads, others, verdicts, closed, extended = _month_records(records, net, month, upto, cadence, done)
    out = {}
    for task in sorted(net.tasks, key=net.task_sort_key):
        reported, verdict = leads.get(task), verdicts.get(task)
        if verdict and reported and verdict["as_of"] < reported["as_of"]:
            verdict = None  # the lead reported again after the verdict: the new report awaits verification
        deadline = extended[task][:7] if task in extended else net.tasks[task].deadline
        asked = reported["extension"] if reported and reported["extension"] != extended.get(task) else ""
        out[task] = TaskState(task, reported, verdict, None, deadline, extended.get(task, ""), asked or "",
                              dict(others.get(task, {})), closed.get(task), done)
    rules = suggest(net, out, month, scheme, indicators)
    return {task: TaskState(s.task, s.reported, s.verified, rules.get(task), s.deadline, s.extended, s.requested,
                            s.others, s.closed, s.done) for task, s in out.items()}


def unit_reporting(net: PlanNetwork, states: dict[str, TaskState]) -> tuple[list[str], set[str]]:
    """The units due to report this month (each one unit that leads or hosts a task not yet verified done) and
    those that sent a record for the month: 报送率 and 未按时报送的单位 count units, not tasks."""
    due, sent = set(), set()
    for task, state in states.items():
        sent |= set(state.senders)
        if not state.closed:
            due |= set(net.reporters(task))
    return sorted(due, key=lambda u: (net.units[u].name, u)), sent & due


def late_records(records: list[dict], net: PlanNetwork, month: str) -> list[dict]:
    """The records shown in ``month`` as 迟报 (late) or 更正 (a correction): those for a published month that
    arrived after its publication, each marked ``kind``."""
    counted = {(task_of(r, net), reporter_of(r), month_of(r)) for r in records if r.get("late") != "true"}
    out = []
    for r in in_order(records):
        if r.get("late") == "true" and r.get("shown_in") == month and task_of(r, net):
            kind = "更正" if (task_of(r, net), reporter_of(r), month_of(r)) in counted else "迟报"
            out.append({**r, "kind": kind})
    return out


def suggest(net: PlanNetwork, states: dict[str, TaskState], month: str, scheme: list[Colour],
            indicators: dict[str, list[dict]]) -> dict[str, tuple[str, str]]:
    """Rule-based colours for ``month`` where none was reported or a report contradicts the facts: task id →
    (colour, rule).

    Nothing is suggested for a task done (蓝). Progress (进度) is a percent of the task and is never compared
    with a target in the target's own unit; a 完成值 the unit states in that unit (390万元) is."""
    period = net.period_of(month)
    done, on_time = colour_for(scheme, "done"), colour_for(scheme, "on-schedule")
    thresholds = sorted((c for c in scheme if c.behind is not None), key=lambda c: -c.behind)
    red = next((c.notation for c in scheme if c.past_deadline), colour_for(scheme, "overdue").notation)
    out: dict[str, tuple[str, str]] = {}
    for task, state in states.items():
        colour = state.official or None
        if colour == done.notation:
            continue
        if state.deadline and state.deadline < month and colour != red:
            late = (_("overdue: past the extended deadline %(deadline)s, not marked %(done)s") if state.extended
                    else _("overdue: past the deadline %(deadline)s, not marked %(done)s"))
            out[task] = (red, late % {"deadline": state.deadline, "done": done.name})
            continue
        achieved = (state.reported or {}).get("value", "")
        if not achieved or colour not in (None, on_time.notation):
            continue
        number, unit = split_value(achieved)
        for ind in indicators.get(task, []):
            if (ind["cumulative"] == "true" and period is not None and str(period) in ind["period"].split("|")
                    and ind["unit"] == unit):
                target = float(ind["value"])
                behind = (target - number) / target if target else 0
                rule = next((c for c in thresholds if behind >= c.behind), None)
                if rule:
                    out[task] = (rule.notation, _("behind: achieved %(achieved)s against the period's cumulative "
                                                  "target %(target)s, %(behind)s behind")
                                 % {"achieved": achieved, "target": f"{ind['value']}{ind['unit']}",
                                    "behind": f"{behind:.0%}"})
                break
    return out


def split_value(text: str) -> tuple[float, str]:
    """``390万元`` → (390.0, "万元"): a stated value and its unit."""
    import re

    match = re.fullmatch(r"\s*(-?\d+(?:\.\d+)?)\s*(\S*)\s*", text)
    return (float(match.group(1)), match.group(2)) if match else (0.0, "")


def apply_latest_status(net: PlanNetwork, graph_dir: Path) -> None:
    """Give each task of the network its official colour in the month of the latest record."""
    if not status_dir(graph_dir).is_dir():
        return
    records = load_records(graph_dir)
    if not records:
        return
    latest = max(r["as_of"] for r in records)
    states = states_on(net, records, dt.date.fromisoformat(latest), load_scheme(), {})
    net.status.clear()
    net.status.update({task: s.official for task, s in states.items() if s.official})
    net.status_as_of = latest
