"""Workload and coordination analytics on the networkx views.

Every function returns a list of row dicts, strongest or largest first, so the
CLI can print them as a table, CSV or JSON and the views and sheets can reuse them.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from itertools import combinations

import networkx as nx

from .plan import DEFAULT_WEIGHTS, ROLE_ORDER, Views

__all__ = ["workload", "coordination", "partners", "brokers", "clusters", "risks", "ANALYSES"]

ANALYSES = ("workload", "coordination", "brokers", "clusters", "risks")


def workload(views: Views, weights: dict[str, float] | None = None,
             all_units: bool = False) -> list[dict]:
    """Per unit: tasks by role, role-weighted load, and load per period.

    A period's load (``p1`` … ``p6``) sums, over the unit's tasks with a target
    in force in that period (a merged cell covers each of its periods), the
    weight of the unit's strongest role on the task. ``peak_period`` names the
    busiest period, or the tied ones joined by 、; it is empty when every
    period with work carries the same load (no peak to plan around).
    """
    weights = {**DEFAULT_WEIGHTS, **(weights or {})}
    rows = []
    for unit in views.unit_nodes(all_units):
        data = views.units[unit]
        by_role = views.roles_of(unit)
        tasks = {t for ts in by_role.values() for t in ts}
        per_period: Counter[int] = Counter()
        for task in tasks:
            strongest = views.plan.edges[unit, task]["roles"][0]
            for period in views.tasks[task]["periods"]:
                per_period[period] += weights[strongest]
        load = sum(weights[r] * len(ts) for r, ts in by_role.items())
        row = {"unit": data["label"], "unit_en": data["label_en"], "kind": data["kind"],
               "led": len(by_role["lead"]), "hosted": len(by_role["host"]),
               "supported": len(by_role["support"]), "tasks": len(tasks), "load": load}
        for period in sorted(views.periods):
            row[f"p{period}"] = per_period.get(period, 0)
        row["peak_period"] = _peak(views, per_period)
        rows.append(row)
    rows.sort(key=lambda r: (-r["load"], -r["led"], r["unit"]))
    return rows


def _peak(views: Views, per_period: Counter[int]) -> str:
    busy = {p: n for p, n in per_period.items() if n}
    if not busy or len(set(busy.values())) == 1:
        return ""
    top = max(busy.values())
    return "、".join(views.periods.get(p, str(p)) for p in sorted(busy) if busy[p] == top)


def coordination(views: Views, all_units: bool = False, limit: int | None = None) -> list[dict]:
    """The strongest pairs of units: number of shared tasks and which."""
    graph = views.coordination(all_units)
    rows = [{"unit_a": graph.nodes[a]["label"], "unit_b": graph.nodes[b]["label"],
             "shared": d["weight"], "tasks": "|".join(d["tasks"])}
            for a, b, d in graph.edges(data=True)]
    rows = [dict(zip(("unit_a", "unit_b"), sorted((r["unit_a"], r["unit_b"]))),
                 shared=r["shared"], tasks=r["tasks"]) for r in rows]
    rows.sort(key=lambda r: (-r["shared"], r["unit_a"], r["unit_b"]))
    return rows[:limit] if limit else rows


def partners(views: Views, unit: str, all_units: bool = False) -> list[dict]:
    """The units ``unit`` (a node id such as ``unit/court``) shares tasks with."""
    graph = views.coordination(all_units=True)
    if unit not in graph:
        return []
    rows = []
    for other in graph.neighbors(unit):
        if not all_units and views.units[other]["kind"] in ("collective", "placeholder"):
            continue
        edge = graph.edges[unit, other]
        rows.append({"partner": graph.nodes[other]["label"], "partner_en": graph.nodes[other]["label_en"],
                     "shared": edge["weight"], "tasks": "|".join(edge["tasks"])})
    rows.sort(key=lambda r: (-r["shared"], r["partner"]))
    return rows


def brokers(views: Views, limit: int = 15) -> list[dict]:
    """Units that connect otherwise separate groups.

    ``betweenness`` is weighted betweenness centrality (distance = 1 / shared
    tasks); ``only_via`` counts pairs of the unit's partners that share no task
    and no other partner, so they meet only through it; ``cut_vertex`` says
    whether removing the unit splits the coordination network.
    """
    graph = views.coordination()
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


def clusters(views: Views, seed: int = 42, resolution: float = 1.0) -> list[dict]:
    """Communities of units that work together (Louvain, seeded so the result is stable).

    Each cluster is described by its most connected units and the sections its
    shared tasks come from.
    """
    graph = views.coordination()
    communities = nx.community.louvain_communities(graph, weight="weight", seed=seed,
                                                   resolution=resolution)
    rows = []
    for members in communities:
        sub = graph.subgraph(members)
        strength = dict(sub.degree(weight="weight"))
        main = sorted(members, key=lambda u: (-strength[u], graph.nodes[u]["label"]))
        sections: Counter[int] = Counter()
        inside = set()
        for task in views.tasks:
            involved = set(views.plan.neighbors(task)) & set(members)
            if len(involved) >= 2:
                inside.add(task)
                sections[views.tasks[task]["section"]] += 1
        top_sections = [s for s, _ in sorted(sections.items(), key=lambda kv: (-kv[1], kv[0]))[:2]]
        titles = views.sections
        about = "、".join(f"{s} {titles.get(s, '')}".strip() for s in top_sections) or "no shared task"
        names = "、".join(graph.nodes[u]["label"] for u in main[:3])
        rows.append({"size": len(members), "shared_tasks": len(inside),
                     "main_units": "|".join(graph.nodes[u]["label"] for u in main[:5]),
                     "sections": "|".join(map(str, top_sections)),
                     "description": f"{names}{'等' if len(main) > 3 else ''}: {about}",
                     "members": "|".join(graph.nodes[u]["label"] for u in sorted(members, key=lambda u: graph.nodes[u]["label"]))})
    rows.sort(key=lambda r: (-r["size"], -r["shared_tasks"], r["main_units"]))
    for number, row in enumerate(rows, start=1):
        row["cluster"] = number
    return [{"cluster": r.pop("cluster"), **r} for r in rows]


def risks(views: Views, same_period: int = 3, many_units: int = 8) -> list[dict]:
    """Three kinds of risk, one row each, worst first within a kind."""
    rows: list[dict] = []
    concrete = set(views.unit_nodes())
    due: dict[tuple[str, str], list[str]] = defaultdict(list)
    for unit in concrete:
        for task in views.roles_of(unit)["lead"]:
            deadline = views.tasks[task]["deadline"]
            period = views.period_of(deadline) if deadline else None
            if period is not None:
                due[(unit, views.periods[period])].append(task)
    crowded = [(u, p, ts) for (u, p), ts in due.items() if len(ts) >= same_period]
    for unit, period, tasks in sorted(crowded, key=lambda x: (-len(x[2]), views.units[x[0]]["label"], x[1])):
        rows.append({"risk": "many-leads-due-together", "unit": views.units[unit]["label"],
                     "period": period, "count": len(tasks),
                     "tasks": "|".join(views.tasks[t]["label"] for t in tasks),
                     "detail": f"leads {len(tasks)} tasks due in {period}"})
    for task in sorted(views.tasks, key=views.task_sort_key):
        roles = {r: [u for u in views.plan.neighbors(task) if r in views.plan.edges[task, u]["roles"]]
                 for r in ROLE_ORDER}
        label = views.tasks[task]["label"]
        if len(roles["host"]) == 1 and roles["host"][0] in roles["lead"]:
            unit = views.units[roles["host"][0]]["label"]
            rows.append({"risk": "lead-is-only-host", "unit": unit, "period": "", "count": 1,
                         "tasks": label, "detail": f"{unit} leads and alone hosts task {label}: no one checks"})
        everyone = set(views.plan.neighbors(task))
        if len(everyone) >= many_units and len(roles["lead"]) == 1:
            unit = views.units[roles["lead"][0]]["label"]
            rows.append({"risk": "many-units-one-lead", "unit": unit, "period": "", "count": len(everyone),
                         "tasks": label, "detail": f"task {label}: {len(everyone)} units, one lead ({unit})"})
    order = {"many-leads-due-together": 0, "many-units-one-lead": 1, "lead-is-only-host": 2}
    rows.sort(key=lambda r: (order[r["risk"]], -r["count"] if r["risk"] != "lead-is-only-host" else 0))
    return rows
