"""Per-unit responsibility sheets: what the plan asks of one unit, in plan order.

The sheet is built from the networkx views (themselves built from named
queries), never from the extractor, so a hand-edited or served graph works too.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..network import analytics
from ..network.plan import ROLE_ORDER, Views

__all__ = ["Sheet", "TaskRow", "MilestoneCell", "build_sheet", "ROLE_TITLES", "INFERRED_MARK"]

ROLE_TITLES = {"lead": ("指标牵头单位", "lead"), "host": ("承办单位", "host"), "support": ("配合单位", "support")}
#: Marks a milestone whose periods were inferred (merged cells lost in the export).
INFERRED_MARK = "※"


@dataclass(frozen=True)
class MilestoneCell:
    first: int  # 1-based period column
    span: int
    text: str
    inferred: bool
    no_target: bool


@dataclass
class TaskRow:
    number: str
    section: str
    work_item: str
    description: str
    milestones: list[MilestoneCell]
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
        return f"{self.name} 责任清单"


def _others(views: Views, task: str, unit: str) -> str:
    parts = []
    for role in ROLE_ORDER:
        names = [views.units[u]["label"] for u in sorted(views.plan.neighbors(task), key=lambda u: views.units[u]["label"])
                 if u != unit and role in views.plan.edges[task, u]["roles"]]
        if names:
            parts.append(f"{ROLE_TITLES[role][0]}: {'、'.join(names)}")
    return "；".join(parts)


def _cells(views: Views, task: str) -> list[MilestoneCell]:
    cells = []
    for m in sorted(views.tasks[task]["milestones"], key=lambda m: m["order"]):
        periods = sorted(m["periods"])
        cells.append(MilestoneCell(first=periods[0], span=periods[-1] - periods[0] + 1, text=m["text"],
                                   inferred=m["inferred"],
                                   no_target=not m["target"]))
    return cells


def build_sheet(views: Views, unit: str, as_of: dt.date | None = None) -> Sheet:
    """The sheet of ``unit`` (a node id such as ``unit/court``) as of a date (default today)."""
    as_of = as_of or dt.date.today()
    month = as_of.strftime("%Y-%m")
    data = views.units[unit]
    by_role = views.roles_of(unit)
    weights = analytics.DEFAULT_WEIGHTS
    rows: dict[str, list[TaskRow]] = {}
    for role in ROLE_ORDER:
        rows[role] = []
        for task in by_role[role]:
            t = views.tasks[task]
            section = f"{t['section']} {views.sections.get(t['section'], '')}".strip()
            rows[role].append(TaskRow(number=str(t["label"]), section=section, work_item=t["work_item"],
                                      description=t["description"], milestones=_cells(views, task),
                                      deadline=t["deadline_text"], others=_others(views, task, unit),
                                      role=role, status=views.status.get(t["number"], "")))
    tasks = sorted({t for ts in by_role.values() for t in ts}, key=views.task_sort_key)
    orders = sorted(views.periods)
    targets = [sum(p in views.tasks[t]["starts"] for t in tasks) for p in orders]
    deadlines = [sum(views.period_of(views.tasks[t]["deadline"]) == p for t in tasks
                     if views.tasks[t]["deadline"]) for p in orders]
    sheet = Sheet(unit_id=data["unit_id"], name=data["label"], name_en=data["label_en"], kind=data["kind"],
                  plan=views.title, as_of=as_of.isoformat(), periods=[views.periods[p] for p in orders],
                  counts={r: len(by_role[r]) for r in ROLE_ORDER},
                  load=sum(weights[r] * len(by_role[r]) for r in ROLE_ORDER),
                  targets_per_period=targets, deadlines_per_period=deadlines, roles=rows,
                  status_as_of=views.status_as_of)
    current = views.period_of(month)
    upcoming = [p for p in orders if current is not None and current <= p <= current + 1]
    if current is None and orders and month < views.period_months[orders[0]][0]:
        upcoming = orders[:1]
    last_month = views.period_months[upcoming[-1]][1] if upcoming else None
    for task in tasks:
        t = views.tasks[task]
        role = views.plan.edges[unit, task]["roles"][0]
        for m in sorted(t["milestones"], key=lambda m: m["order"]):
            hit = sorted(set(m["periods"]) & set(upcoming))
            if m["target"] and hit and min(m["periods"]) == hit[0]:
                sheet.due_next.append({"task": str(t["label"]), "role": role, "when": views.periods[hit[0]],
                                       "what": m["text"], "kind": "milestone"})
        if t["deadline"] and last_month and month <= t["deadline"] <= last_month:
            sheet.due_next.append({"task": str(t["label"]), "role": role, "when": t["deadline"],
                                   "what": f"最终完成时限 deadline: {t['work_item']}", "kind": "deadline"})
        if t["deadline"] and t["deadline"] < month:
            sheet.overdue.append({"task": str(t["label"]), "role": role, "deadline": t["deadline"],
                                  "work_item": t["work_item"]})
    sheet.partners = analytics.partners(views, unit)[:10]
    return sheet


def layout(cells: list[MilestoneCell], columns: int) -> list[tuple[MilestoneCell | None, int]]:
    """Slots for a row of period columns: each cell with its span, gaps as ``(None, 1)``.

    >>> [(c.text if c else None, s) for c, s in layout([MilestoneCell(1, 1, "a", False, False),
    ...                                                  MilestoneCell(2, 5, "b", True, False)], 6)]
    [('a', 1), ('b', 5)]
    """
    slots: list[tuple[MilestoneCell | None, int]] = []
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


def cell_text(cell: MilestoneCell | None) -> str:
    """A milestone cell as printed: — for no target, ※ before an inferred period."""
    if cell is None:
        return ""
    text = "—" if cell.no_target else cell.text
    return f"{INFERRED_MARK}{text}" if cell.inferred else text
