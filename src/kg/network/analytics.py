"""Workload and coordination analytics on the plan network.

Every function returns a list of row dicts, strongest or largest first, so the
CLI can print them as a table, CSV or JSON and the views and sheets can reuse
them. The counts come from the network's figures (read from SPARQL); what is
computed here is what only a graph can say: periods of load, brokers,
clusters and risks.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from itertools import combinations

import networkx as nx

from ..i18n import gettext, join_names
from . import ANALYSES
from .plan import PlanNetwork, role_weights

__all__ = ["workload", "coordination", "partners", "brokers", "clusters", "risks", "analyse"]


def workload(net: PlanNetwork, all_units: bool = False) -> list[dict]:
    """Per unit, busiest first (:func:`~kg.network.plan.busiest_first`): tasks by stated role and
    role-weighted load (``workload.rq``), and load per period.

    A period's load (``p1`` … ``p6``) sums, over the unit's tasks with a target
    in force in that period (a merged cell covers each of its periods), the
    weight of the unit's strongest role on the task. ``peak_period`` names the
    busiest period, or the tied ones listed as the language lists names; it is empty when every
    period with work carries the same load (no peak to plan around).
    """
    weight = role_weights()
    rows = []
    for unit in sorted((u for u in net.unit_ids(all_units) if u in net.workload), key=net.busiest_first):
        node, figures = net.units[unit], net.workload[unit]
        per_period: Counter[int] = Counter()
        for task in net.tasks_of(unit):
            strongest = net.roles_on(task, unit)[0]
            for period in net.tasks[task].target_periods:
                per_period[period] += weight[strongest]
        row = {"unit": node.name, "unit_en": node.name_en, "kind": node.kind, "led": figures.led,
               "hosted": figures.hosted, "supported": figures.supported, "tasks": figures.tasks,
               "load": figures.load}
        for period in sorted(net.periods):
            row[f"p{period}"] = per_period.get(period, 0)
        row["peak_period"] = _peak(net, per_period)
        rows.append(row)
    return rows


def _peak(net: PlanNetwork, per_period: Counter[int]) -> str:
    busy = {p: n for p, n in per_period.items() if n}
    if not busy or len(set(busy.values())) == 1:
        return ""
    top = max(busy.values())
    return join_names(net.period_label(p) or str(p) for p in sorted(busy) if busy[p] == top)


def coordination(net: PlanNetwork, all_units: bool = False, limit: int | None = None) -> list[dict]:
    """The strongest pairs of units: number of shared tasks and which (``coordination-pairs.rq``)."""
    graph = net.coordination(all_units)
    rows = [dict(zip(("unit_a", "unit_b"), sorted((graph.nodes[a]["label"], graph.nodes[b]["label"]))),
                 shared=d["weight"], tasks="|".join(d["tasks"])) for a, b, d in graph.edges(data=True)]
    rows.sort(key=lambda r: (-r["shared"], r["unit_a"], r["unit_b"]))
    return rows[:limit] if limit else rows


def partners(net: PlanNetwork, unit: str, all_units: bool = False) -> list[dict]:
    """The units ``unit`` (a node id such as ``unit/court``) shares tasks with, most shared first."""
    rows = []
    for other, tasks in net.partners(unit):
        node = net.units[other]
        if not all_units and not node.one_unit:
            continue
        labels = [net.tasks[t].label for t in sorted(tasks, key=net.task_sort_key)]
        rows.append({"partner": node.name, "partner_en": node.name_en, "shared": len(tasks),
                     "tasks": "|".join(labels)})
    return rows


def brokers(net: PlanNetwork, limit: int = 15) -> list[dict]:
    """Units that connect otherwise separate groups.

    ``betweenness`` is weighted betweenness centrality (distance = 1 / shared
    tasks); ``only_via`` counts pairs of the unit's partners that share no task
    and no other partner, so they meet only through it; ``cut_vertex`` says
    whether removing the unit splits the coordination network.
    """
    graph = net.coordination()
    for _, _, d in graph.edges(data=True):
        d["distance"] = 1.0 / d["weight"]
    between = nx.betweenness_centrality(graph, weight="distance", normalized=True)
    cut = set(nx.articulation_points(graph))
    rows = []
    for unit in graph:
        neigh = sorted(graph.neighbors(unit))
        only = []
        for a, b in combinations(neigh, 2):
            if graph.has_edge(a, b):
                continue
            if set(graph.neighbors(a)) & set(graph.neighbors(b)) == {unit}:
                only.append(f"{graph.nodes[a]['label']}–{graph.nodes[b]['label']}")
        rows.append({"unit": graph.nodes[unit]["label"], "unit_en": graph.nodes[unit]["label_en"],
                     "betweenness": round(between[unit], 4), "partners": len(neigh),
                     "cut_vertex": unit in cut, "only_via": len(only),
                     "example_pairs": "|".join(only[:3])})
    rows.sort(key=lambda r: (-r["betweenness"], -r["only_via"], r["unit"]))
    return rows[:limit] if limit else rows


def clusters(net: PlanNetwork, seed: int = 42, resolution: float = 1.0) -> list[dict]:
    """Communities of units that work together (Louvain, seeded so the result is stable).

    Each cluster is described by its most connected units and the sections its
    shared tasks come from.
    """
    graph = net.coordination()
    communities = nx.community.louvain_communities(graph, weight="weight", seed=seed,
                                                   resolution=resolution)
    rows = []
    for members in communities:
        sub = graph.subgraph(members)
        strength = dict(sub.degree(weight="weight"))
        main = sorted(members, key=lambda u: (-strength[u], graph.nodes[u]["label"]))
        sections: Counter[int] = Counter()
        inside = set()
        for task in net.tasks:
            involved = set(net.graph.neighbors(task)) & set(members)
            if len(involved) >= 2:
                inside.add(task)
                sections[net.tasks[task].section] += 1
        top_sections = [s for s, _ in sorted(sections.items(), key=lambda kv: (-kv[1], kv[0]))[:2]]
        titles = net.sections
        about = join_names(f"{s} {titles.get(s, '')}".strip() for s in top_sections) or gettext("no shared task")
        names = join_names(graph.nodes[u]["label"] for u in main[:3])
        rows.append({"size": len(members), "shared_tasks": len(inside),
                     "main_units": "|".join(graph.nodes[u]["label"] for u in main[:5]),
                     "sections": "|".join(map(str, top_sections)),
                     "description": gettext("%(what)s: %(value)s") % {
                         "what": gettext("%(units)s etc.") % {"units": names} if len(main) > 3 else names,
                         "value": about},
                     "members": "|".join(graph.nodes[u]["label"] for u in sorted(members, key=lambda u: graph.nodes[u]["label"]))})
    rows.sort(key=lambda r: (-r["size"], -r["shared_tasks"], r["main_units"]))
    for number, row in enumerate(rows, start=1):
        row["cluster"] = number
    return [{"cluster": r.pop("cluster"), **r} for r in rows]


def risks(net: PlanNetwork, same_period: int = 3, many_units: int = 8) -> list[dict]:
    """Three kinds of risk, one row each, worst first within a kind."""
    rows: list[dict] = []
    due: dict[tuple[str, str], list[str]] = defaultdict(list)
    for unit in net.unit_ids():
        for task in net.roles_of(unit)["lead"]:
            deadline = net.tasks[task].deadline
            period = net.period_of(deadline) if deadline else None
            if period is not None:
                due[(unit, net.period_label(period))].append(task)
    crowded = [(u, p, ts) for (u, p), ts in due.items() if len(ts) >= same_period]
    for unit, period, tasks in sorted(crowded, key=lambda x: (-len(x[2]), net.units[x[0]].name, x[1])):
        rows.append({"risk": "many-leads-due-together", "unit": net.units[unit].name,
                     "period": period, "count": len(tasks),
                     "tasks": "|".join(net.tasks[t].label for t in tasks),
                     "detail": gettext("leads %(n)d tasks due in %(period)s") % {"n": len(tasks), "period": period}})
    for task in sorted(net.tasks, key=net.task_sort_key):
        roles = net.members(task)
        label = net.tasks[task].label
        if len(roles["host"]) == 1 and roles["host"][0] in roles["lead"]:
            unit = net.units[roles["host"][0]].name
            rows.append({"risk": "lead-is-only-host", "unit": unit, "period": "", "count": 1,
                         "tasks": label, "detail": gettext("%(unit)s leads and alone hosts task %(task)s: no one checks")
                         % {"unit": unit, "task": label}})
        everyone = set(net.graph.neighbors(task))
        if len(everyone) >= many_units and len(roles["lead"]) == 1:
            unit = net.units[roles["lead"][0]].name
            rows.append({"risk": "many-units-one-lead", "unit": unit, "period": "", "count": len(everyone),
                         "tasks": label, "detail": gettext("task %(task)s: %(n)d units, one lead (%(unit)s)")
                         % {"task": label, "n": len(everyone), "unit": unit}})
    order = {"many-leads-due-together": 0, "many-units-one-lead": 1, "lead-is-only-host": 2}
    rows.sort(key=lambda r: (order[r["risk"]], -r["count"] if r["risk"] != "lead-is-only-host" else 0))
    return rows


def analyse(net: PlanNetwork, name: str, *, unit: str | None = None, all_units: bool = False,
            seed: int = 42) -> list[dict]:
    """Run one of :data:`kg.network.ANALYSES`; ``unit`` (a node id) is for ``partners``."""
    if name not in ANALYSES:
        raise ValueError(f"unknown analysis {name!r}")
    if name == "partners":
        if unit is None:
            raise ValueError("partners needs a unit")
        return partners(net, unit, all_units=all_units)
    if name == "workload":
        return workload(net, all_units=all_units)
    if name == "coordination":
        return coordination(net, all_units=all_units)
    if name == "brokers":
        return brokers(net, limit=0)
    if name == "clusters":
        return clusters(net, seed=seed)
    return risks(net)
