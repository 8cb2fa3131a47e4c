"""催办: what falls due in the next N days, per unit, as a printable list and as chat text.

Due dates come from ``due-by.rq`` (milestone targets at their period's end, deadlines
at the end of their month); an approved extension (已延期) replaces the deadline, and
tasks already done (蓝, official) are left out: the same states as the chart.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..i18n import _
from ..model.domain import ROLE_NAMES, ROLES, Colour, colour_for, load_scheme, role
from ..network.plan import PlanNetwork
from ..sparql.formats import records
from ..sparql.named import load_query, run
from ..sparql.stores import Store
from ..views.templates import template
from .state import load_indicators, load_records, month_end, states_on, unit_reporting

__all__ = ["DueItem", "UnitReminder", "reminders", "reminders_html", "reminders_text"]

#: The longest task or milestone text a chat message quotes before cutting it with "…".
CHAT_TEXT = 40
#: The most items one unit's chat message lists; the rest are counted ("等N项").
CHAT_ITEMS = 10


@dataclass(frozen=True)
class DueItem:
    task: str  # task id
    label: str
    work_item: str
    kind: str  # milestone | deadline
    due: str  # YYYY-MM-DD
    text: str
    role: str
    extended: bool = False


@dataclass
class UnitReminder:
    unit: str
    name: str
    items: list[DueItem] = field(default_factory=list)
    unreported: str = ""  # the month (YYYY-MM) it has sent nothing for yet, "" when it has reported


def _due_dates(net: PlanNetwork, store: Store, day: dt.date, until: dt.date, states) -> list[tuple[str, str, str, str, bool]]:
    """(task id, kind, due date, text, extended) for every target and deadline due between the two days."""
    found, seen = [], set()
    for row in records(run(store, load_query("due-by"), {"from": day.isoformat(), "date": until.isoformat()})):
        task = f"{row['plan']}/task/{row['task']}"
        if task not in states or (row["due_item"] == "deadline" and states[task].extended):
            continue  # an extended deadline is read from the office's record below
        due = month_end(row["due"]).isoformat()  # a month's target is due within any window reaching the month
        key = (task, row["due_item"], row["milestone"])
        if key not in seen:
            seen.add(key)
            found.append((task, row["due_item"], due, row["text"], False))
    for task, state in states.items():
        if state.extended and day.isoformat() <= state.extended <= until.isoformat():
            found.append((task, "deadline", state.extended, _("extended to %(date)s") % {"date": state.extended},
                          True))
    return found


def reminders(net: PlanNetwork, store: Store, graph_dir: Path, day: dt.date, days: int,
              scheme: list[Colour] | None = None, unit: str | None = None) -> list[UnitReminder]:
    """Per unit (lead, host and support), what falls due from ``day`` to ``day + days``, soonest first, one item
    per task and date whatever its roles; open 督办通知单; and whether it has reported this month yet."""
    scheme = scheme or load_scheme()
    states = states_on(net, load_records(graph_dir), day, scheme, load_indicators(store))
    due_units, sent = unit_reporting(net, states)
    done = colour_for(scheme, "done").notation
    open_states = {t: s for t, s in states.items() if s.official != done}
    due = _due_dates(net, store, day, day + dt.timedelta(days=days), open_states)
    out: dict[str, UnitReminder] = {}
    listed = set()
    for task, kind, when, text, extended in due:
        node = net.tasks[task]
        for role_name, units in net.members(task).items():
            for member in units:
                if (unit and member != unit) or not net.units[member].one_unit or (member, task, kind, when) in listed:
                    continue  # 相关单位 or 各乡镇 are reminded through the units that lead the task
                listed.add((member, task, kind, when))
                reminder = out.setdefault(member, UnitReminder(member, net.units[member].name))
                reminder.items.append(DueItem(task, node.label, node.work_item, kind, when, text, role_name, extended))
    _orders(net, graph_dir, day, days, unit, out)
    for member in due_units:
        if member not in sent and (not unit or member == unit):
            out.setdefault(member, UnitReminder(member, net.units[member].name)).unreported = day.strftime("%Y-%m")
    for reminder in out.values():
        reminder.items.sort(key=lambda i: (i.due, net.task_sort_key(i.task), ROLE_NAMES.index(i.role), i.kind))
    return sorted(out.values(), key=lambda r: (r.name, r.unit))


def _orders(net: PlanNetwork, graph_dir: Path, day: dt.date, days: int, unit: str | None,
            out: dict[str, UnitReminder]) -> None:
    """Open 督办通知单 whose 整改时限 falls in the window or has passed: chased until closed (销号)."""
    from .supervision import load_orders

    until = (day + dt.timedelta(days=days)).isoformat()
    for order in load_orders(net, graph_dir, day.isoformat()):
        if order.closed or order.due > until or (unit and order.unit != unit):
            continue
        node = net.tasks[order.task]
        reminder = out.setdefault(order.unit, UnitReminder(order.unit, net.units[order.unit].name))
        reminder.items.append(DueItem(order.task, node.label, node.work_item, "order", order.due,
                                      _("supervision order %(number)s: put right") % {"number": order.number},
                                      "lead"))


def reminders_html(items: list[UnitReminder], title: str, day: dt.date, days: int) -> str:
    return template("remind.html.jinja").render(reminders=items, plan=title, as_of=day.isoformat(), days=days,
                                                roles={r.name: r.verb for r in ROLES})


def _day_month(day: str) -> str:
    """``2023-06-30`` as a chat message says it: ``6月30日`` (``30/6`` in English)."""
    return _("%(day)s/%(month)s") % {"month": int(day[5:7]), "day": int(day[8:10])}


def _cut(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= CHAT_TEXT else text[:CHAT_TEXT - 1] + "…"


def reminders_text(items: list[UnitReminder], day: dt.date, days: int) -> str:
    """One short message per unit, separated by a blank line, to paste into a chat: at most ``CHAT_ITEMS``
    items, the rest counted."""
    until = day + dt.timedelta(days=days)
    blocks = []
    for reminder in items:
        lines = []
        if reminder.unreported:
            lines.append(_("[Reminder] %(unit)s: progress for month %(month)d is not reported yet; please report it "
                           "before the month ends.") % {"unit": reminder.name, "month": int(reminder.unreported[5:])})
        if reminder.items:
            lines.append(_("[Reminder] %(unit)s: %(n)d task(s) fall due by %(date)s; please finish them on time and "
                           "report progress.") % {"unit": reminder.name, "n": len(reminder.items),
                                                  "date": _day_month(until.isoformat())})
        for n, item in enumerate(reminder.items[:CHAT_ITEMS], start=1):
            what = {"deadline": _("final deadline"), "order": item.text}.get(
                item.kind, _("milestone '%(text)s'") % {"text": _cut(item.text)})
            lines.append(_("%(n)d. task %(label)s %(work_item)s (%(role)s): %(what)s, by %(date)s")
                         % {"n": n, "label": item.label, "work_item": _cut(item.work_item),
                            "role": role(item.role).verb, "what": what, "date": _day_month(item.due)})
        if len(reminder.items) > CHAT_ITEMS:
            lines.append(_("… %(n)d in all; see the reminder list.") % {"n": len(reminder.items)})
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + ("\n" if blocks else "")
