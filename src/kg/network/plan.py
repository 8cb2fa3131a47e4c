"""The plan network: tasks and units as typed nodes, built once from the named queries.

* the **plan graph**: a node per task and per unit, an edge per (task, unit)
  carrying the unit's roles on the task, in role order;
* the **coordination graph**: units only, an edge where two units share tasks.

Ids are stable across builds and plans: ``<plan>/task/<n>`` and ``unit/<id>``.
The figures other modules print are read here from the SPARQL queries that
define them (workload from ``workload.rq``, shared tasks from
``coordination-pairs.rq``, what falls due from ``due-in-period.rq`` and
``overdue.rq``), never computed a second time in Python. It works the same
whether the store is rdflib, Oxigraph or a remote endpoint.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache, cached_property

import networkx as nx

from ..errors import NotFound
from ..i18n import _
from ..model.domain import ROLE_NAMES, deadline_text, one_unit
from ..model.records import Milestone, Period
from ..readers.registry import lookup_key
from ..sparql.formats import records
from ..sparql.named import load_query, run, run_many
from ..sparql.stores import Store

__all__ = ["REPORTING_ROLES", "role_weights", "busiest_first", "PlanNetwork", "TaskNode", "UnitNode", "Milestone", "Period", "Workload", "Pair", "Due",
           "load_network"]


@cache
def role_weights() -> dict[str, float]:
    """Role weights in a workload: the defaults written in ``queries/workload.rq`` (the one place to change them).

    >>> role_weights()
    {'lead': 3.0, 'host': 2.0, 'support': 1.0}
    """
    params = load_query("workload").params
    return {name: float(params[f"{name}_weight"].default) for name in ROLE_NAMES}


#: The roles whose units report a task's progress (五色图): the lead and the host, not the support.
REPORTING_ROLES = ("lead", "host")


def _records(store: Store, name: str, **params: str) -> list[dict[str, str]]:
    return records(run(store, load_query(name), params))


def _records_many(store: Store, *jobs: tuple[str, dict[str, str]]) -> list[list[dict[str, str]]]:
    """Several queries' records, run at once where the store allows it (``run_many``)."""
    return [records(rows) for rows in run_many(store, [(load_query(name), params) for name, params in jobs])]


@dataclass
class TaskNode:
    id: str  # <plan>/task/<n>
    plan: str
    number: int
    label: str  # "12", or "plan#12" when the network holds several plans
    section: int
    work_item: str
    description: str
    deadline: str  # YYYY-MM or ""
    ongoing: bool
    milestones: list[Milestone] = field(default_factory=list)
    section_title: str = ""  # its own plan's title for its section (plans number their sections alike)

    @property
    def deadline_text(self) -> str:
        return deadline_text(self.deadline, self.ongoing)

    @property
    def target_periods(self) -> frozenset[int]:
        """The periods in which some milestone of the task sets a target."""
        return frozenset(p for m in self.milestones if m.target for p in m.periods)

    @property
    def start_periods(self) -> frozenset[int]:
        """The periods in which a new target starts (a merged cell counts in its first period)."""
        return frozenset(m.first for m in self.milestones if m.target)


@dataclass(frozen=True)
class UnitNode:
    id: str  # unit/<unit id>
    unit_id: str
    name: str
    name_en: str
    kind: str  # a unit kind (model.domain.KINDS)

    @property
    def one_unit(self) -> bool:
        return one_unit(self.kind)


@dataclass(frozen=True)
class Workload:
    """A unit's tasks by stated role and its role-weighted load (``workload.rq``)."""

    led: int
    hosted: int
    supported: int
    tasks: int
    load: float


def busiest_first(load: float, led: int, name: str, unit_id: str = "") -> tuple:
    """The one workload order: heaviest load, then most tasks led, then name and id — as
    ``workload.rq`` writes ``ORDER BY DESC(?score) DESC(?led) ?unit ?id`` (tests/test_one_place.py
    checks the two agree)."""
    return -load, -led, name, unit_id


@dataclass(frozen=True)
class Pair:
    """Two units and the tasks they share (``coordination-pairs.rq``)."""

    a: str
    b: str
    tasks: tuple[str, ...]  # task ids

    @property
    def shared(self) -> int:
        return len(self.tasks)


@dataclass(frozen=True)
class Due:
    """Something due in a period: a milestone target in force in it, or a deadline that falls in it."""

    task: str  # task id
    kind: str  # milestone | deadline
    period: int
    text: str
    starts: bool  # the target starts in this period (a merged cell is in force in each of its periods)


class PlanNetwork:
    """The plan graph with its typed nodes, periods, sections and figures."""

    def __init__(self, store: Store | None = None) -> None:
        self.store = store
        self.graph = nx.Graph()
        self.tasks: dict[str, TaskNode] = {}
        self.units: dict[str, UnitNode] = {}
        self.periods: dict[int, Period] = {}
        #: Section number → title, for filters and legends (plans number their sections alike, so with
        #: several plans: each plan's title for that number, joined by " / "); a task's own: ``section_label``.
        self.sections: dict[int, str] = {}
        self.plans: dict[str, str] = {}
        self.aliases: dict[str, str] = {}
        self.workload: dict[str, Workload] = {}
        #: The latest five-colour report, when one is recorded: task id → colour notation.
        self.status: dict[str, str] = {}
        self.status_as_of = ""
        #: The plan this network was loaded for (``load_network(plan=…)``), else None: every plan.
        self.plan_id: str | None = None
        #: The network of every plan it was cut from, whose answers (what is due when) it shares.
        self.whole: PlanNetwork | None = None
        self._due: dict[tuple, list | dict] = {}
        self._members: dict[str, dict[str, list[str]]] = {}

    @cached_property
    def pairs(self) -> list[Pair]:
        """The pairs of units that share tasks (``coordination-pairs.rq``, every unit, within this network's
        plan when it has one), asked of the store the first time they are wanted: a month's status commands,
        queries and most pages never need them, and they are a third of loading the network."""
        return _load_pairs(self) if self.store is not None else []

    @property
    def title(self) -> str:
        """The plans' titles, for page headings."""
        return _("; ").join(title for _plan, title in sorted(self.plans.items()))

    @property
    def plan_params(self) -> dict[str, str]:
        """The named-query parameters that keep a query to this network's plan (none: every plan)."""
        return {"plan_id": self.plan_id} if self.plan_id else {}

    def section_label(self, task: str) -> str:
        """"3 着力提升法治环境": the task's section number and its own plan's title for it."""
        node = self.tasks[task]
        return f"{node.section} {node.section_title}".strip()

    def period_label(self, order: int) -> str:
        return self.periods[order].label if order in self.periods else ""

    def period_of(self, month: str) -> int | None:
        """The period whose months include ``month`` (YYYY-MM)."""
        for order, period in sorted(self.periods.items()):
            if period.start <= month <= period.end:
                return order
        return None

    def unit_ids(self, all_units: bool = False) -> list[str]:
        """Units named by some task; collectives and placeholders only when asked."""
        return sorted(u for u, node in self.units.items() if all_units or node.one_unit)

    def busiest_first(self, unit: str) -> tuple:
        """A unit's place in the workload order (:func:`busiest_first`)."""
        figures = self.workload[unit]
        return busiest_first(figures.load, figures.led, self.units[unit].name, unit)

    def task_sort_key(self, task: str) -> tuple:
        node = self.tasks[task]
        return node.plan, node.number

    def roles_on(self, task: str, unit: str) -> tuple[str, ...]:
        """The unit's stated roles on the task, in role order."""
        return self.graph.edges[task, unit]["roles"] if self.graph.has_edge(task, unit) else ()

    def members(self, task: str) -> dict[str, list[str]]:
        """The task's units by role, each list sorted by name (worked out once a task: every sheet,
        report and page asks for them, thousands of times at 100 plans)."""
        out = self._members.get(task)
        if out is None:
            out = {r: [] for r in ROLE_NAMES}
            for unit in sorted(self.graph.neighbors(task), key=lambda u: (self.units[u].name, u)):
                for role in self.roles_on(task, unit):
                    out[role].append(unit)
            self._members[task] = out
        return {role: list(units) for role, units in out.items()}  # the caller's own lists

    def roles_of(self, unit: str) -> dict[str, list[str]]:
        """The unit's tasks by role, in plan order."""
        out: dict[str, list[str]] = {r: [] for r in ROLE_NAMES}
        for task in sorted(self.graph.neighbors(unit), key=self.task_sort_key):
            for role in self.roles_on(task, unit):
                out[role].append(task)
        return out

    def reporters(self, task: str) -> list[str]:
        """The units that report on a task (the roles in ``REPORTING_ROLES``), each once; collectives and
        placeholders, which cannot report as one unit, left out."""
        members = self.members(task)
        named = dict.fromkeys(u for role in REPORTING_ROLES for u in members[role])
        return [u for u in named if self.units[u].one_unit]

    def reports_on(self, unit: str) -> list[str]:
        """The tasks a unit reports on (those it leads or hosts), in plan order."""
        return [t for t in self.tasks_of(unit) if set(REPORTING_ROLES) & set(self.roles_on(t, unit))]

    def tasks_of(self, unit: str) -> list[str]:
        return sorted(self.graph.neighbors(unit), key=self.task_sort_key)

    def find_unit(self, name: str) -> str | None:
        """A unit's node id from any of its names (Chinese, English, id) or an alias in the graph."""
        key = lookup_key(name)
        for node_id, node in sorted(self.units.items()):
            if key in (lookup_key(node.name), lookup_key(node.name_en or "\0"), lookup_key(node.unit_id)):
                return node_id
        return self.aliases.get(key)

    def unit_named(self, name: str) -> str:
        """``find_unit``, or an error that says where to look."""
        node = self.find_unit(name)
        if node is None:
            raise NotFound(_("no unit named %(name)s") % {"name": repr(name)},
                           fix=_("give a Chinese or English name, id or alias (kg query units)"))
        return node

    def coordination(self, all_units: bool = False) -> nx.Graph:
        """Units only; an edge per pair that shares tasks: ``weight`` = shared tasks, ``tasks`` = their labels."""
        keep = set(self.unit_ids(all_units))
        graph = nx.Graph()
        for unit in sorted(keep):
            node = self.units[unit]
            graph.add_node(unit, node_type="unit", label=node.name, label_en=node.name_en, kind=node.kind,
                           unit_id=node.unit_id)
        for pair in self.pairs:
            if pair.a in keep and pair.b in keep:
                tasks = sorted(pair.tasks, key=self.task_sort_key)
                graph.add_edge(pair.a, pair.b, weight=len(tasks), tasks=[self.tasks[t].label for t in tasks])
        return graph

    def partners(self, unit: str) -> list[tuple[str, tuple[str, ...]]]:
        """The units ``unit`` shares tasks with, and which tasks, most shared first."""
        found = [(p.b if p.a == unit else p.a, p.tasks) for p in self.pairs if unit in (p.a, p.b)]
        return sorted(found, key=lambda kv: (-len(kv[1]), self.units[kv[0]].name, kv[0]))

    def due(self, period: int) -> list[Due]:
        """What falls due in a period (``due-in-period.rq``), for every plan."""
        if self.whole is not None:
            return [d for d in self.whole.due(period) if d.task in self.tasks]
        if ("due", period) not in self._due:
            rows = _records(self.store, "due-in-period", period=str(period), **self.plan_params) if self.store else []
            self._due[("due", period)] = [
                Due(f"{r['plan']}/task/{r['task']}", r["due_item"], period, r["text"], r["starts"] == "true")
                for r in rows if f"{r['plan']}/task/{r['task']}" in self.tasks]
        return self._due[("due", period)]

    def due_of(self, period: int, tasks: list[str]) -> list[Due]:
        """``due(period)`` for ``tasks`` only, task by task in their order, each task's items in
        ``due``'s: looked up in an index made once, not a scan of every plan's list per unit."""
        if ("due-by-task", period) not in self._due:
            index: dict[str, list[Due]] = {}
            for item in self.due(period):
                index.setdefault(item.task, []).append(item)
            self._due[("due-by-task", period)] = index
        index = self._due[("due-by-task", period)]
        return [item for task in tasks for item in index.get(task, ())]

    def overdue(self, day: str) -> list[str]:
        """Tasks whose deadline month ended before ``day`` (``overdue.rq``), most overdue first."""
        if self.whole is not None:
            return [t for t in self.whole.overdue(day) if t in self.tasks]
        if ("overdue", day) not in self._due:
            rows = _records(self.store, "overdue", date=day, **self.plan_params) if self.store else []
            self._due[("overdue", day)] = [f"{r['plan']}/task/{r['task']}" for r in rows
                                           if f"{r['plan']}/task/{r['task']}" in self.tasks]
        return self._due[("overdue", day)]

    @cached_property
    def loads(self) -> dict[str, float]:
        return {unit: w.load for unit, w in self.workload.items()}


#: What no plan owns: units and their aliases, periods, the plans' titles.
_SHARED = (("units", {}), ("periods", {}), ("plans", {}))


def _load_shared(net: PlanNetwork, units: list[dict], periods: list[dict], plans: list[dict]) -> dict[str, str]:
    """Units and their aliases, periods (the records of ``_SHARED``); returns the plans' titles."""
    for r in units:
        unit_id = f"unit/{r['id']}"
        net.units[unit_id] = UnitNode(unit_id, r["id"], r["unit"], r["unit_en"], r["kind"])
        for alias in filter(None, r["aliases"].split("|")):
            net.aliases[lookup_key(alias)] = unit_id
    for r in periods:
        net.periods[int(r["period"])] = Period(int(r["period"]), r["label"], r["start"], r["end"])
    return {r["plan"]: r["title"] for r in plans}


def load_network(store: Store, plan: str | None = None, whole: PlanNetwork | None = None) -> PlanNetwork:
    """Query the store for tasks, units, roles, periods, milestones and figures; build the network.

    With ``plan`` (a plan id), the network of that plan alone: its tasks, the units they name, and
    workloads and shared tasks counted within it by the same queries. ``whole``, the network already
    loaded from the same store, lends what no plan owns (units, aliases, periods, plan titles).
    """
    net = PlanNetwork(store)
    net.plan_id = plan
    only = net.plan_params
    # The queries are independent: run at once where the store allows (100 plans, two cores: 2.75 -> 1.8 s).
    facts, assignments, milestones, workload, *shared = _records_many(
        store, ("task-facts", only), ("network", only), ("milestone-periods", only),
        ("workload", {"all_units": "true", **only}), *(_SHARED if whole is None else ()))
    multi = len({r["plan"] for r in facts}) > 1
    section_titles: dict[int, dict[str, None]] = {}  # an ordered set of titles per section number
    for r in facts:
        task_id = f"{r['plan']}/task/{r['task']}"
        net.tasks[task_id] = TaskNode(task_id, r["plan"], int(r["task"]),
                                      f"{r['plan']}#{r['task']}" if multi else r["task"], int(r["section"]),
                                      r["work_item"], r["description"], r["deadline"], r["ongoing"] == "true",
                                      section_title=r["section_title"])
        section_titles.setdefault(int(r["section"]), {})[r["section_title"]] = None
    net.sections = {number: " / ".join(t for t in found if t) for number, found in sorted(section_titles.items())}
    if whole is not None:
        net.whole = whole
        net.units, net.aliases, net.periods = dict(whole.units), dict(whole.aliases), dict(whole.periods)
        plan_titles = whole.plans
    else:
        plan_titles = _load_shared(net, *shared)
    roles: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in assignments:
        task, unit = f"{r['plan']}/task/{r['task']}", f"unit/{r['unit_id']}"
        if task in net.tasks and unit in net.units:
            roles[(task, unit)].add(r["role"])
    for task in net.tasks:
        net.graph.add_node(task, node_type="task")
    for (task, unit), named in sorted(roles.items()):
        if unit not in net.graph:
            net.graph.add_node(unit, node_type="unit")
        net.graph.add_edge(task, unit, roles=tuple(r for r in ROLE_NAMES if r in named))
    # Units named by no task (a registry row only) stay out of the network.
    for unit in [u for u in net.units if u not in net.graph]:
        del net.units[unit]
    net.plans = {key: title for key, title in plan_titles.items() if not plan or key == plan}
    cells: dict[tuple[str, int], dict] = {}
    for r in milestones:
        task = f"{r['plan']}/task/{r['task']}"
        if task in net.tasks:
            cell = cells.setdefault((task, int(r["milestone"])), {"text": r["text"], "method": r["assigned"],
                                                                  "target": r["target"] == "true", "periods": []})
            cell["periods"].append(int(r["period"]))
    for (task, order), cell in sorted(cells.items()):
        net.tasks[task].milestones.append(Milestone(order, cell["text"], cell["text"], tuple(sorted(cell["periods"])),
                                                    cell["method"], not cell["target"]))
    for r in workload:
        unit = f"unit/{r['id']}"
        if unit in net.units:
            net.workload[unit] = Workload(int(r["led"]), int(r["hosted"]), int(r["supported"]), int(r["tasks"]),
                                          float(r["score"]))
    return net


def _load_pairs(net: PlanNetwork) -> list[Pair]:
    pairs = []
    for r in _records(net.store, "coordination-pairs", all_units="true", **net.plan_params):
        a, b = f"unit/{r['id_a']}", f"unit/{r['id_b']}"
        if a in net.units and b in net.units:
            tasks = tuple(sorted((t for t in r["task_ids"].split("|") if t in net.tasks), key=net.task_sort_key))
            pairs.append(Pair(a, b, tasks))
    return pairs
