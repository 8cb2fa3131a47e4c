"""The unit scorecard and ranking: how each unit that leads or hosts tasks is doing, month by month.

For each unit, on the report day (every figure from :func:`.state.states_on`):

* 报送率 reporting rate: of its tasks (led or hosted) not yet verified done, those it sent a record of its own
  on for the month (the month is the unit of record: last month's file does not count);
* 按时完成率 on-time rate: of its tasks whose (possibly extended) deadline has come, those
  marked done (蓝) by the end of the deadline month;
* red and orange tasks as lead and as host (official colours), and 逾期未报: tasks past their
  deadline that it did not report (a rule's red, shown apart, but ranked as red: silence must
  not rank better than an honest red);
* 连红 streak: consecutive months, up to this one, with at least one red task;
* rank: fewest red (with 逾期未报), then fewest orange, then the higher reporting rate, then the higher
  on-time rate (equal figures share a rank); 升降 is the change since last month's rank.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..model.domain import Colour, colour_for, load_scheme
from ..network.plan import PlanNetwork
from ..safe import markdown_text, workbook_bytes
from ..sparql.stores import Store
from .bulletin import percent
from .state import in_order, load_indicators, load_records, month_end, previous_month_end, states_on, task_of

__all__ = ["UnitScore", "scorecard", "scorecard_rows", "scorecard_markdown", "scorecard_xlsx", "SCORECARD_HEADER"]

SCORECARD_HEADER = ["名次", "升降", "单位", "牵头", "承办", "已报送", "报送率", "到期", "按时完成", "按时完成率",
                    "红(牵头)", "红(承办)", "逾期未报", "橙(牵头)", "橙(承办)", "督办未销号", "连红月数"]


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
    streak: int = 0
    rank: int = 0
    change: int | None = None  # places gained since last month (None: not ranked then)

    @property
    def tasks(self) -> int:
        return self.led + self.hosted

    @property
    def reporting_rate(self) -> float:
        return self.reported / self.open if self.open else 1.0

    @property
    def on_time_rate(self) -> float:
        return self.on_time / self.due if self.due else 1.0

    @property
    def sort_key(self) -> tuple:
        return (self.red_lead + self.red_host + self.silent_late, self.orange_lead + self.orange_host, -self.reporting_rate,
                -self.on_time_rate)


def _done_on(records: list[dict], net: PlanNetwork, done: str, upto: str) -> dict[str, str]:
    """Task id → the first day it was recorded done (by the unit or the office), up to ``upto``."""
    out: dict[str, str] = {}
    for r in in_order(records):
        task = task_of(r, net)
        if task and r["colour"] == done and r["as_of"] <= upto:
            out.setdefault(task, r["as_of"])
    return out


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
        scores.append(UnitScore(unit, net.units[unit].name, len(lead), len(host),
                                sum(1 for t in open_tasks if unit in states[t].senders), len(due),
                                sum(1 for t in due if t in finished and finished[t] <= month_end(states[t].deadline).isoformat()),
                                count(red, lead), count(red, host), count(orange, lead), count(orange, host),
                                sum(1 for t in mine if not states[t].official and states[t].suggestion
                                    and states[t].suggestion[0] == red), len(open_tasks)))
    ordered = sorted(scores, key=lambda s: (s.sort_key, s.name, s.unit))
    for index, score in enumerate(ordered):
        same = index and ordered[index - 1].sort_key == score.sort_key
        score.rank = ordered[index - 1].rank if same else index + 1
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
        if score.red_lead + score.red_host:
            score.streak = 1
            for past in history:
                earlier = next((s for s in past if s.unit == score.unit), None)
                if not earlier or not earlier.red_lead + earlier.red_host:
                    break
                score.streak += 1
        before = next((s for s in history[0] if s.unit == score.unit), None) if history else None
        score.change = before.rank - score.rank if before else None
    return now


def scorecard_rows(scores: list[UnitScore]) -> list[list]:
    return [[s.rank, "—" if s.change is None else (f"↑{s.change}" if s.change > 0 else f"↓{-s.change}" if s.change
                                                     else "0"),
             s.name, s.led, s.hosted, s.reported, percent(s.reported, s.open) if s.open else "—", s.due, s.on_time,
             percent(s.on_time, s.due), s.red_lead, s.red_host, s.silent_late, s.orange_lead, s.orange_host, s.orders,
             s.streak]
            for s in scores]


def scorecard_markdown(scores: list[UnitScore], title: str, day: dt.date) -> str:
    lines = [f"# 单位评分与排名 {markdown_text(title)}", "", f"截至 {day.isoformat()}。" + markdown_text(
        "排名：红色任务（含逾期未报）少者在前，其次橙色少、报送率高、按时完成率高；数字相同者名次相同。升降为与上月末相比。"), "",
        "| " + " | ".join(SCORECARD_HEADER) + " |", "|" + "---|" * len(SCORECARD_HEADER)]
    lines += ["| " + " | ".join(markdown_text(str(v)) for v in row) + " |" for row in scorecard_rows(scores)]
    return "\n".join(lines) + "\n"


def scorecard_xlsx(scores: list[UnitScore], title: str, day: dt.date) -> bytes:
    from ..views.office import xlsx_sheet

    wb, ws = xlsx_sheet("排名 ranking", SCORECARD_HEADER)
    for row in scorecard_rows(scores):
        ws.append(row)
    ws.column_dimensions["C"].width = 28
    ws.freeze_panes = "D2"
    ws.auto_filter.ref = ws.dimensions
    info = wb.create_sheet("说明 info")
    info.append(["plan", title])
    info.append(["as_of", day.isoformat()])
    info.append(["rank", "fewest red (逾期未报 counted as red), then fewest orange, higher reporting rate, "
                         "higher on-time rate; equal figures share a rank"])
    return workbook_bytes(wb)
