"""Per-unit responsibility sheets: what the plan asks of one unit, in plan order.

The sheet is built from the plan network (itself built from named queries),
never from the extractor, so a hand-edited or served graph works too. Its
figures are the network's: workload from ``workload.rq``, partners from
``coordination-pairs.rq``, what falls due from ``due-in-period.rq`` (in the window of
:mod:`kg.network.due`) and ``overdue.rq``.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from ..i18n import _, format_month, join_names, language
from ..model.domain import ROLE_NAMES, ROLES, colour_for, kind_label, load_scheme
from ..model.records import Milestone
from ..network import analytics
from ..network.due import due_now_or_next
from ..network.plan import PlanNetwork

__all__ = ["Sheet", "TaskRow", "build_sheet", "role_titles", "INFERRED_MARK", "context"]


def role_titles() -> dict[str, str]:
    """Each role's heading in the language in force (指标牵头单位, or lead)."""
    return {r.name: r.heading for r in ROLES}

#: Marks a milestone whose periods were inferred (merged cells lost in the export).
INFERRED_MARK = "※"


@dataclass
class TaskRow:
    number: str
    section: str
    work_item: str
    description: str
    milestones: list[Milestone]
    deadline: str  # YYYY-MM, 长期坚持 or 未写明
    others: str  # the other units and their roles
    role: str
    status: str = ""  # colour notation in the latest report, if any


@dataclass
class Sheet:
    unit_id: str
    name: str
    name_en: str
    kind: str
    plan: str
    as_of: str
    periods: list[str]
    counts: dict[str, int]
    load: float
    targets_per_period: list[int]
    deadlines_per_period: list[int]
    roles: dict[str, list[TaskRow]]
    status_as_of: str = ""
    due_next: list[dict] = field(default_factory=list)
    overdue: list[dict] = field(default_factory=list)
    partners: list[dict] = field(default_factory=list)

    @property
    def title(self) -> str:
        return _("%(unit)s: responsibility sheet") % {"unit": self.display_name}

    @property
    def display_name(self) -> str:
        """The unit as a reader of this language knows it: its Chinese name, or English with the Chinese."""
        if language() == "zh" or not self.name_en:
            return self.name
        return f"{self.name_en} ({self.name})"

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)

    @property
    def overdue_text(self) -> str:
        """The tasks past their deadline as every format prints them: ``55（2023年6月）、…``."""
        return join_names(_("%(task)s (%(deadline)s)") % {"task": o["task"], "deadline": format_month(o["deadline"])}
                          for o in self.overdue)


def _others(net: PlanNetwork, task: str, unit: str, titles: dict[str, str]) -> str:
    parts = []
    for role, members in net.members(task).items():
        names = [net.units[u].name for u in members if u != unit]
        if names:
            parts.append(_("%(role)s: %(unit)s") % {"role": titles[role], "unit": join_names(names)})
    return _("; ").join(parts)




def build_sheet(net: PlanNetwork, unit: str, as_of: dt.date | None = None) -> Sheet:
    """The sheet of ``unit`` (a node id such as ``unit/court``) as of a date (default today)."""
    as_of = as_of or dt.date.today()
    month = as_of.strftime("%Y-%m")
    node = net.units[unit]
    by_role = net.roles_of(unit)
    rows: dict[str, list[TaskRow]] = {}
    titles = role_titles()
    for role in ROLE_NAMES:
        rows[role] = []
        for task in by_role[role]:
            t = net.tasks[task]
            section = net.section_label(task)
            rows[role].append(TaskRow(number=t.label, section=section, work_item=t.work_item,
                                      description=t.description, milestones=list(net.tasks[task].milestones),
                                      deadline=t.deadline_text, others=_others(net, task, unit, titles),
                                      role=role, status=net.status.get(task, "")))
    tasks = net.tasks_of(unit)
    orders = sorted(net.periods)
    starts = Counter(p for t in tasks for p in net.tasks[t].start_periods)
    due_in = Counter(net.period_of(net.tasks[t].deadline) for t in tasks if net.tasks[t].deadline)
    targets, deadlines = [starts[p] for p in orders], [due_in[p] for p in orders]
    figures = net.workload[unit]
    sheet = Sheet(unit_id=node.unit_id, name=node.name, name_en=node.name_en, kind=node.kind,
                  plan=net.title, as_of=as_of.isoformat(), periods=[net.period_label(p) for p in orders],
                  counts={"lead": figures.led, "host": figures.hosted, "support": figures.supported},
                  load=figures.load, targets_per_period=targets, deadlines_per_period=deadlines, roles=rows,
                  status_as_of=net.status_as_of)
    mine = set(tasks)
    due = [item for items in due_now_or_next(net, month, tasks).values() for item in items]
    for item in sorted(due, key=lambda d: (net.task_sort_key(d.task), d.kind == "deadline", d.period)):
        t = net.tasks[item.task]
        what = item.text if item.kind == "milestone" else _("Deadline: %(task)s") % {"task": t.work_item}
        when = net.period_label(item.period) if item.kind == "milestone" else format_month(t.deadline)
        sheet.due_next.append({"task": t.label, "role": net.roles_on(item.task, unit)[0], "when": when,
                               "what": what, "kind": item.kind})
    done = colour_for(load_scheme(), "done").notation
    late = {t for t in net.overdue(as_of.isoformat()) if net.status.get(t) != done}  # reported 蓝: not late
    for task in sorted(late & mine, key=net.task_sort_key):  # kg query overdue
        t = net.tasks[task]
        sheet.overdue.append({"task": t.label, "role": net.roles_on(task, unit)[0], "deadline": t.deadline,
                              "work_item": t.work_item})
    sheet.partners = analytics.partners(net, unit)[:10]
    return sheet


def context() -> dict:
    """What the sheet templates use besides the sheet."""
    return {"ROLE_ORDER": ROLE_NAMES, "ROLE_TITLES": role_titles(), "layout": layout, "cell_text": cell_text,
            "INFERRED_MARK": INFERRED_MARK, "colours": {c.notation: c for c in load_scheme()}}


def layout(cells: list[Milestone], columns: int) -> list[tuple[Milestone | None, int]]:
    """Slots for a row of period columns: each cell with its span, gaps as ``(None, 1)``.

    >>> cells = [Milestone(1, "a", "a", (1,), "exact-merge", False),
    ...          Milestone(2, "b", "b", (2, 3, 4, 5, 6), "merged-to-end", False)]
    >>> [(c.text if c else None, s) for c, s in layout(cells, 6)]
    [('a', 1), ('b', 5)]
    """
    slots: list[tuple[Milestone | None, int]] = []
    column = 1
    for cell in sorted(cells, key=lambda c: c.first):
        while column < cell.first:
            slots.append((None, 1))
            column += 1
        span = min(cell.span, columns - column + 1)
        slots.append((cell, span))
        column += span
    while column <= columns:
        slots.append((None, 1))
        column += 1
    return slots


def cell_text(cell: Milestone | None) -> str:
    """A milestone cell as printed: — for no target, ※ before an inferred period."""
    if cell is None:
        return ""
    text = "—" if cell.no_target else cell.text
    return f"{INFERRED_MARK}{text}" if cell.inferred else text
