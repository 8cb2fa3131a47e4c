"""The unit scorecard and ranking: how each unit that leads or hosts tasks is doing, month by month.

The ranking is a points model stated in the sheet (``MODEL``), so any unit can check its place:

* each task it leads or hosts costs the points of its official colour in the month (``kg:penalty`` in
  ``status-colours.ttl``: 红 10, 橙 6, 黄 3, 未报 6, 绿 and 蓝 0; a task past its deadline and not reported
  costs what red costs: silence never ranks better than an honest red), a hosted task half (``HOST_WEIGHT``);
* 得分 = 100 × (1 − points ÷ (10 × weighted tasks)): normalised per task, so a unit with many tasks is not
  ranked below one with few for having more;
* units are ranked within their group (``GROUPS``: departments and institutions under the office's
  authority apart from enterprises and others), higher score first, equal scores sharing a rank; 升降 is
  the change since last month;
* beside it: 报送率 (of its tasks not yet verified done, those it sent a record on for the month), 按时完成率
  (of its tasks whose deadline has come, those done by the end of the deadline month), red and orange as
  lead and as host, open 督办通知单, and 连红月数: the longest run of months, up to this one, in which one and
  the same task of it was red.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..i18n import N_, LazyList, LazyText, _
from ..model.domain import Colour, colour_for, load_scheme
from ..network.plan import PlanNetwork
from ..safe import markdown_text, workbook_bytes
from ..sparql.stores import Store
from .bulletin import percent
from .state import group_title
from .state import (
    GROUPS,
    in_order,
    load_indicators,
    load_records,
    month_end,
    previous_month_end,
    states_on,
    task_of,
    unit_group,
)

__all__ = ["UnitScore", "scorecard", "scorecard_rows", "scorecard_markdown", "scorecard_xlsx", "SCORECARD_HEADER",
           "MODEL", "GROUPS", "HOST_WEIGHT"]

#: The ranking's columns, said in the language in force each time they are read.
SCORECARD_HEADER = LazyList([
    N_("Rank"), N_("Up/down"), N_("Unit"), N_("Group"), N_("Score"), N_("Leads"), N_("Hosts"), N_("Reported tasks"),
    N_("Reporting rate"), N_("Due"), N_("Done on time"), N_("On-time rate"), N_("Red (lead)"), N_("Red (host)"),
    N_("Overdue, not reported"), N_("Orange (lead)"), N_("Orange (host)"), N_("Open supervision orders"),
    N_("Months red in a row"), N_("Points deducted")])

#: A hosted task weighs half a led one.
HOST_WEIGHT = 0.5
#: The points model, as the sheet and the Markdown state it.
MODEL = LazyText(N_(
    "Score = 100 × (1 − points ÷ (10 × weighted tasks)). Each led task costs points by its colour verified this "
    "month: red 10, orange 6, yellow 3, not reported 6, green and blue 0; overdue and not reported counts as red; a "
    "hosted task weighs half. Units are ranked within their group, highest score first, equal scores share a rank; "
    "up/down compares with last month; months red in a row counts the months the same task stayed red."))


@dataclass
class UnitScore:
    unit: str  # unit node id
    name: str
    led: int
    hosted: int
    reported: int
    due: int
    on_time: int
    red_lead: int
    red_host: int
    orange_lead: int
    orange_host: int
    silent_late: int  # not reported, and a rule says red (past its deadline)
    open: int = 0  # its tasks not yet verified done: those it must report on
    orders: int = 0  # 督办通知单 sent to it and not closed (销号)
    group: str = ""
    points: float = 0.0  # weighted penalty points this month
    detail: str = ""  # the points, colour by colour: how the score comes about
    red_tasks: frozenset = field(default_factory=frozenset)  # its tasks red this month (or past due, unreported)
    streak: int = 0
    rank: int = 0
    change: int | None = None  # places gained since last month (None: not ranked then)

    @property
    def tasks(self) -> int:
        return self.led + self.hosted

    @property
    def weight(self) -> float:
        return self.led + HOST_WEIGHT * self.hosted

    @property
    def score(self) -> float:
        return round(100 * (1 - self.points / (10 * self.weight)), 1) if self.weight else 100.0

    @property
    def reporting_rate(self) -> float:
        return self.reported / self.open if self.open else 1.0

    @property
    def sort_key(self) -> tuple:
        return (list(GROUPS).index(self.group) if self.group in GROUPS else len(GROUPS), -self.score)


def _done_on(records: list[dict], net: PlanNetwork, done: str, upto: str) -> dict[str, str]:
    """Task id → the first day it was recorded done (by the unit or the office), up to ``upto``."""
    out: dict[str, str] = {}
    for r in in_order(records):
        task = task_of(r, net)
        if task and r["colour"] == done and r["as_of"] <= upto:
            out.setdefault(task, r["as_of"])
    return out


def _points(states, lead: set[str], host: set[str], scheme: list[Colour]) -> tuple[float, str, frozenset]:
    """The unit's weighted penalty points, the sum written out, and its red tasks."""
    penalty = {c.notation: c.penalty for c in scheme}
    missing, red = colour_for(scheme, "not-reported"), colour_for(scheme, "overdue")
    counts: dict[tuple[str, bool], int] = {}
    reds = set()
    for task in lead | host:
        state = states[task]
        colour = state.official or (red.notation if state.suggestion and state.suggestion[0] == red.notation
                                    else missing.notation)
        if colour == red.notation:
            reds.add(task)
        key = (colour, task in lead)
        counts[key] = counts.get(key, 0) + 1
    label = {c.notation: c.name for c in scheme}
    points, parts = 0.0, []
    rank = {c.notation: c.rank for c in scheme}  # ties in penalty (橙 and 未报) by the scheme's order, not by chance
    for (colour, led), n in sorted(counts.items(), key=lambda kv: (-penalty[kv[0][0]], not kv[0][1], rank[kv[0][0]])):
        each = penalty[colour] * (1 if led else HOST_WEIGHT)
        if each:
            points += n * each
            parts.append(f"{label[colour]}{n}×{each:g}" + ("" if led else _(" (host)")))
    return points, "+".join(parts) or "0", frozenset(reds)


def _scores(net: PlanNetwork, records: list[dict], day: dt.date, scheme: list[Colour], indicators,
            month: str | None = None) -> list[UnitScore]:
    states = states_on(net, records, day, scheme, indicators, month=month)
    done, red, orange = (colour_for(scheme, m).notation for m in ("done", "overdue", "seriously-behind"))
    finished = _done_on(records, net, done, day.isoformat())
    month = month or day.strftime("%Y-%m")
    scores = []
    for unit in net.unit_ids():
        mine = set(net.reports_on(unit))
        if not mine:
            continue
        lead = set(net.roles_of(unit)["lead"]) & mine
        host = mine - lead
        due = [t for t in mine if states[t].deadline and states[t].deadline <= month]

        def count(colour: str, tasks: set[str]) -> int:
            return sum(1 for t in tasks if states[t].official == colour)

        open_tasks = [t for t in mine if not states[t].closed]
        points, detail, reds = _points(states, lead, host, scheme)
        scores.append(UnitScore(unit, net.units[unit].name, len(lead), len(host),
                                sum(1 for t in open_tasks if unit in states[t].senders), len(due),
                                sum(1 for t in due if t in finished and finished[t] <= month_end(states[t].deadline).isoformat()),
                                count(red, lead), count(red, host), count(orange, lead), count(orange, host),
                                sum(1 for t in mine if not states[t].official and states[t].suggestion
                                    and states[t].suggestion[0] == red), len(open_tasks),
                                group=unit_group(net.units[unit].kind), points=points, detail=detail, red_tasks=reds))
    ordered = sorted(scores, key=lambda s: (s.sort_key, s.name, s.unit))
    place, before = 0, None
    for score in ordered:
        place = place + 1 if before and before.group == score.group else 1
        score.rank = before.rank if before and before.sort_key == score.sort_key else place
        before = score
    return ordered


def scorecard(net: PlanNetwork, store: Store, graph_dir: Path, day: dt.date,
              scheme: list[Colour] | None = None, month: str | None = None) -> list[UnitScore]:
    """Every unit's score in ``month`` (by default ``day``'s) on ``day``, best first, with its red streak and
    its rank change since the month before."""
    scheme = scheme or load_scheme()
    records = load_records(graph_dir)
    indicators = load_indicators(store)
    now = _scores(net, records, day, scheme, indicators, month)
    from .supervision import load_orders

    still = [o.unit for o in load_orders(net, graph_dir, day.isoformat(), records, scheme) if not o.closed]
    for score in now:
        score.orders = still.count(score.unit)
    first = min((r["as_of"] for r in records), default=None)
    months, end = [], previous_month_end(dt.date.fromisoformat((month or day.strftime("%Y-%m")) + "-01"))
    while first and end.isoformat() >= first[:7] + "-01":
        months.append(end)
        end = previous_month_end(end)
    history = [_scores(net, records, m, scheme, indicators) for m in months]  # last month first
    for score in now:
        for task in score.red_tasks:  # the same task red month after month, not any red
            run = 1
            for past in history:
                earlier = next((s for s in past if s.unit == score.unit), None)
                if not earlier or task not in earlier.red_tasks:
                    break
                run += 1
            score.streak = max(score.streak, run)
        before = next((s for s in history[0] if s.unit == score.unit), None) if history else None
        score.change = before.rank - score.rank if before else None
    return now


def scorecard_rows(scores: list[UnitScore]) -> list[list]:
    return [[s.rank, "—" if s.change is None else (f"↑{s.change}" if s.change > 0 else f"↓{-s.change}" if s.change
                                                     else "0"),
             s.name, group_title(s.group), f"{s.score:.1f}", s.led, s.hosted, s.reported,
             percent(s.reported, s.open) if s.open else "—", s.due, s.on_time, percent(s.on_time, s.due),
             s.red_lead, s.red_host, s.silent_late, s.orange_lead, s.orange_host, s.orders, s.streak,
             _("%(detail)s, %(points)s points in all ÷ %(most)s") % {"detail": s.detail, "points": f"{s.points:g}",
                                                                       "most": f"{10 * s.weight:g}"}]
            for s in scores]


def scorecard_markdown(scores: list[UnitScore], title: str, day: dt.date) -> str:
    lines = [_("# Unit scores and ranking %(title)s") % {"title": markdown_text(title)}, "",
             _("As at %(date)s. ") % {"date": day.isoformat()} + markdown_text(str(MODEL)), "",
        "| " + " | ".join(SCORECARD_HEADER) + " |", "|" + "---|" * len(SCORECARD_HEADER)]
    lines += ["| " + " | ".join(markdown_text(str(v)) for v in row) + " |" for row in scorecard_rows(scores)]
    return "\n".join(lines) + "\n"


def scorecard_xlsx(scores: list[UnitScore], title: str, day: dt.date) -> bytes:
    from ..views.xlsx_tables import Styles, new_workbook, table_sheet

    wb = new_workbook()
    ws = wb.create_sheet(_("Ranking"))
    header = list(SCORECARD_HEADER)
    table_sheet(ws, [(header, [Styles(ws).title] * len(header))] + [(row, []) for row in scorecard_rows(scores)],
                widths=(None, None, 28), freeze="D2", filtered=True, landscape=False)
    table_sheet(wb.create_sheet(_("How scores are counted")),
                [([_("Plan"), title], []), ([_("As of"), day.isoformat()], []), ([_("Ranking"), str(MODEL)], [])],
                landscape=False)
    return workbook_bytes(wb)
