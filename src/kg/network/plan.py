"""networkx views of the graph, built through named queries (never from the extractor).

* the **plan graph**: tasks and units, an edge per (task, unit) carrying its roles;
* the **coordination graph**: units only, an edge where two units share tasks,
  weighted by the number of shared tasks.

Both work the same whether the store is rdflib, Oxigraph or a remote endpoint.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

import networkx as nx

from ..model.units import lookup_key
from ..sparql.formats import plain
from ..sparql.named import load_query, run
from ..sparql.stores import Store

__all__ = ["Views", "load_views", "deadline_text", "period_inferred", "STATED_PERIODS", "ROLE_ORDER", "DEFAULT_WEIGHTS", "NOT_CONCRETE"]

ROLE_ORDER = ("lead", "host", "support")
DEFAULT_WEIGHTS = {"lead": 3.0, "host": 2.0, "support": 1.0}
NOT_CONCRETE = frozenset({"collective", "placeholder"})


def _records(store: Store, name: str) -> list[dict[str, str]]:
    names, rows = run(store, load_query(name))
    return [{n: plain(r.get(n)) for n in names} for r in rows]


@dataclass
class Views:
    """The plan graph and what it was built from, with helpers for both views."""

    plan: nx.Graph
    tasks: dict[str, dict] = field(default_factory=dict)
    units: dict[str, dict] = field(default_factory=dict)
    periods: dict[int, str] = field(default_factory=dict)
    period_months: dict[int, tuple[str, str]] = field(default_factory=dict)
    sections: dict[int, str] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    plans: dict[str, str] = field(default_factory=dict)
    #: The latest five-colour report, when one is recorded: task number → colour notation.
    status: dict[int, str] = field(default_factory=dict)
    status_as_of: str = ""

    @property
    def title(self) -> str:
        """The plans' titles, for page headings."""
        return "；".join(title for _, title in sorted(self.plans.items()))

    def period_of(self, month: str) -> int | None:
        """The period whose months include ``month`` (YYYY-MM)."""
        for order, (start, end) in sorted(self.period_months.items()):
            if start <= month <= end:
                return order
        return None

    def unit_nodes(self, all_units: bool = False) -> list[str]:
        return sorted(u for u, d in self.units.items() if all_units or d["kind"] not in NOT_CONCRETE)

    def coordination(self, all_units: bool = False) -> nx.Graph:
        """Units only; ``weight`` = shared tasks, ``tasks`` = their numbers (sorted)."""
        keep = set(self.unit_nodes(all_units))
        graph = nx.Graph()
        for unit in sorted(keep):
            graph.add_node(unit, **self.units[unit])
        shared: dict[tuple[str, str], list[str]] = defaultdict(list)
        for task in self.tasks:
            members = sorted(u for u in self.plan.neighbors(task) if u in keep)
            for a, b in combinations(members, 2):
                shared[(a, b)].append(task)
        for (a, b), tasks in sorted(shared.items()):
            numbers = sorted(tasks, key=self.task_sort_key)
            graph.add_edge(a, b, weight=len(numbers), tasks=[self.tasks[t]["label"] for t in numbers])
        return graph

    def find_unit(self, name: str) -> str | None:
        """A unit's node id from any of its names (Chinese, English, id); aliases via the graph."""
        key = lookup_key(name)
        for node, data in sorted(self.units.items()):
            if key in (lookup_key(data["label"]), lookup_key(data["label_en"] or "\0"), lookup_key(data["unit_id"])):
                return node
        return self.aliases.get(key)

    def task_sort_key(self, task: str) -> tuple:
        data = self.tasks[task]
        return data["plan"], data["number"]

    def roles_of(self, unit: str) -> dict[str, list[str]]:
        """The unit's tasks by role, in plan order."""
        out: dict[str, list[str]] = {r: [] for r in ROLE_ORDER}
        for task in sorted(self.plan.neighbors(unit), key=self.task_sort_key):
            for role in self.plan.edges[unit, task]["roles"]:
                out[role].append(task)
        return out


#: Period assignments that the source states (a cell per column, or a Word cell merged over its periods).
STATED_PERIODS = frozenset({"one-cell-per-column", "exact-merge"})


def period_inferred(method: str) -> bool:
    """Whether a milestone's periods were inferred (the text export lost the merged cells).

    >>> period_inferred("exact-merge"), period_inferred("merged-to-end")
    (False, True)
    """
    return method not in STATED_PERIODS


def deadline_text(deadline: str, ongoing: bool) -> str:
    """A task's deadline as sheets and views print it: the month, 长期坚持, or 未写明 (the plan states none).

    >>> deadline_text("2023-06", False), deadline_text("", True), deadline_text("", False)
    ('2023-06', '长期坚持', '未写明')
    """
    return deadline or ("长期坚持" if ongoing else "未写明")


def load_views(store: Store) -> Views:
    """Query the store for tasks, units, assignments and milestone periods; build the views."""
    plan = nx.Graph()
    views = Views(plan)
    facts = _records(store, "task-facts")
    multi = len({r["plan"] for r in facts}) > 1

    def task_id(r: dict) -> str:
        return f"{r['plan']}/task/{r['task']}" if multi else f"task/{r['task']}"

    for r in facts:
        views.tasks[task_id(r)] = {
            "kind": "task", "plan": r["plan"], "number": int(r["task"]),
            "label": f"{r['plan']}#{r['task']}" if multi else r["task"],
            "section": int(r["section"]), "work_item": r["work_item"], "description": r["description"],
            "deadline": r["deadline"], "ongoing": r["ongoing"] == "true",
            "deadline_text": deadline_text(r["deadline"], r["ongoing"] == "true"), "periods": set(),
            "starts": set(), "milestones": []}
    for r in _records(store, "units"):
        views.units[f"unit/{r['id']}"] = {"node_type": "unit", "unit_id": r["id"], "label": r["unit"],
                                          "label_en": r["unit_en"], "kind": r["kind"]}
        for alias in filter(None, r["aliases"].split("|")):
            views.aliases[lookup_key(alias)] = f"unit/{r['id']}"
    for r in _records(store, "network"):
        task, unit = task_id(r), f"unit/{r['unit_id']}"
        if task not in views.tasks or unit not in views.units:
            continue
        if plan.has_edge(task, unit):
            roles = plan.edges[task, unit]["roles"]
            if r["role"] not in roles:
                roles.append(r["role"])
                roles.sort(key=ROLE_ORDER.index)
        else:
            plan.add_edge(task, unit, roles=[r["role"]])
    # Units named by no task (a registry row only) stay out of the views.
    for unit in [u for u in views.units if u not in plan]:
        del views.units[unit]
    views.plans = {r["plan"]: r["title"] for r in _records(store, "plans")}
    for r in _records(store, "periods"):
        views.periods[int(r["period"])] = r["label"]
        views.period_months[int(r["period"])] = (r["start"], r["end"])
    for r in _records(store, "sections"):
        views.sections[int(r["section"])] = r["title"]
    first: dict[tuple[str, str], int] = {}
    cells: dict[tuple[str, int], dict] = {}
    for r in _records(store, "milestone-periods"):
        task = task_id(r)
        if task not in views.tasks:
            continue
        cell = cells.setdefault((task, int(r["milestone"])), {
            "order": int(r["milestone"]), "text": r["text"], "assigned": r["assigned"],
            "inferred": period_inferred(r["assigned"]),
            "target": r["target"] == "true", "periods": []})
        cell["periods"].append(int(r["period"]))
        if cell["periods"] == [int(r["period"])]:
            views.tasks[task]["milestones"].append(cell)
        if r["target"] == "true":
            views.tasks[task]["periods"].add(int(r["period"]))
            key = (task, r["milestone"])
            first[key] = min(first.get(key, 99), int(r["period"]))
    for (task, _), period in first.items():
        views.tasks[task]["starts"].add(period)
    for task, data in views.tasks.items():
        plan.add_node(task)
        plan.nodes[task]["node_type"] = "task"
        plan.nodes[task].update({k: v for k, v in data.items()
                                 if k not in ("periods", "starts", "milestones")})
        plan.nodes[task]["kind"] = "task"
    for unit, data in views.units.items():
        plan.nodes[unit].update(data)
    return views
