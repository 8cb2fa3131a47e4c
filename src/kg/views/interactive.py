"""Interactive, offline views (pyvis + our own template): plan graph, coordination, one unit.

pyvis manages nodes and edges; the page is rendered from ``templates/viz.html.jinja``
(through kg's one template environment, so an office may override it) with
vis-network, its CSS and our script inlined, and written in UTF-8 by us, so a
page works on an intranet with no network at all.
"""
from __future__ import annotations

import math
import re
from importlib import resources
from pathlib import Path
from typing import Callable

import networkx as nx
from markupsafe import Markup
from pyvis.network import Network

from ..files import write_atomic
from ..model.domain import ROLE_NAMES, ROLES, load_scheme
from ..network import analytics
from ..network.plan import PlanNetwork
from .templates import template

__all__ = ["OfflineNetwork", "plan_view", "coordination_view", "unit_view", "write_views",
           "ROLE_COLOURS", "SECTION_COLOURS", "KIND_COLOURS"]

ROLE_COLOURS = {"lead": "#d62728", "host": "#1f77b4", "support": "#8c8c8c"}
ROLE_LABELS = {r.name: f"{r.english} {r.column}" for r in ROLES}
SECTION_COLOURS = ["#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#edc948", "#76b7b2", "#ff9da7", "#9c755f"]
KIND_COLOURS = {"party-organ": "#c0392b", "government-department": "#2e86c1", "public-institution": "#17a589",
                "enterprise": "#ca6f1e", "financial": "#7d3c98", "judicial": "#34495e",
                "mass-organisation": "#d4ac0d", "military": "#566573", "collective": "#bdc3c7",
                "placeholder": "#e5e7e9", "unknown": "#ff00ff"}
CLUSTER_COLOURS = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#9c755f"]
_OPTIONS = {
    "physics": {"enabled": False},
    "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False, "multiselect": False},
    "nodes": {"font": {"size": 14, "face": "Noto Sans CJK SC, Microsoft YaHei, sans-serif"}},
    "edges": {"smooth": False, "color": {"inherit": False}, "arrows": {"to": {"enabled": False}}},
    "layout": {"randomSeed": 42, "improvedLayout": False},
}


def _vis_asset(name: str) -> Markup:
    """vis-network's files as shipped inside the pyvis package, made safe to inline."""
    text = resources.files("pyvis").joinpath("templates", "lib", "vis-9.1.2", name).read_text(encoding="utf-8")
    # Only a closing tag could end the inline block early; elsewhere "</" may sit in a regex.
    return Markup(re.sub(r"</(?=(script|style))", r"<\\/", text, flags=re.IGNORECASE))


class OfflineNetwork(Network):
    """A pyvis network rendered with kg's template: nothing is fetched from a CDN."""

    def __init__(self) -> None:
        # directed=True only switches off pyvis's undirected de-duplication, which would drop
        # a unit's second role on the same task; no arrows are drawn (see _OPTIONS).
        super().__init__(height="100%", width="100%", directed=True, cdn_resources="remote")

    def generate_html(self, name="index.html", local=True, notebook=False, **context) -> str:  # noqa: ARG002
        nodes, edges, _, _, _, _ = self.get_network_data()
        for index, edge in enumerate(edges):
            edge.setdefault("id", f"e{index}")
            edge.pop("arrows", None)  # pyvis adds arrows to every edge of a directed network
        payload = {"nodes": nodes, "edges": edges, "options": _OPTIONS, "view": context["view"],
                   "details": context.pop("details")}
        if context.get("assets"):  # served beside its files (kg app): nothing inline, for a strict CSP
            self.html = template("viz.html.jinja").render(payload=payload, **context)
            return self.html
        self.html = template("viz.html.jinja").render(payload=payload, vis_js=_vis_asset("vis-network.min.js"),
                                                      vis_css=_vis_asset("vis-network.css"), **context)
        return self.html


def _positions(graph: nx.Graph, seed: int = 42, scale: float = 900.0, weight: str | None = None) -> dict:
    """A seeded spring layout in pixels: the same picture every build, no physics dancing."""
    if graph.number_of_nodes() == 0:
        return {}
    k = 1.6 / math.sqrt(graph.number_of_nodes())
    pos = nx.spring_layout(graph, seed=seed, k=k, iterations=200, weight=weight)
    return {n: (round(float(x) * scale, 1), round(float(y) * scale, 1)) for n, (x, y) in sorted(pos.items())}


def _induced(graph: nx.Graph, nodes: list) -> nx.Graph:
    """The subgraph on ``nodes`` as a new graph in a fixed order.

    networkx's subgraph views iterate a set of nodes, whose order changes with
    PYTHONHASHSEED, and the layout depends on node order.
    """
    keep = set(nodes)
    sub = nx.Graph()
    sub.add_nodes_from((n, graph.nodes[n]) for n in sorted(keep))
    sub.add_edges_from(sorted((a, b, d) for a, b, d in graph.edges(keep, data=True) if a in keep and b in keep),
                       )
    return sub


def _curve(index: int) -> dict | bool:
    """A unit's second and third role on one task curve apart from the first."""
    return False if index == 0 else {"enabled": True, "type": "curvedCW", "roundness": 0.25 * index}


def _unit_size(load: float) -> float:
    return round(10 + 3.2 * math.sqrt(load), 1)


def _scheme() -> dict:
    return {c.notation: c for c in load_scheme()}


def _task_detail(net: PlanNetwork, task: str) -> dict:
    node = net.tasks[task]
    fields: list = [("section 部分", net.section_label(task)),
                    ("work item 具体任务", node.work_item)]
    if node.description:
        fields.append(("description 任务内容", node.description))
    fields.append(("deadline 最终完成时限", node.deadline_text + (" (ongoing)" if node.ongoing else "")))
    if task in net.status:
        fields.append((f"status 五色图 ({net.status_as_of})", _scheme()[net.status[task]].label))
    milestones = []
    for m in node.milestones:
        labels = "、".join(net.period_label(p) for p in m.periods)
        note = f"({m.method}: inferred)" if m.inferred else ""
        milestones.append({"text": f"{labels}: {m.text}", "note": note})
    fields.append(("milestones 每两月任务目标", milestones))
    units = [{"text": f"{role}: {net.units[unit].name}", "role": role}
             for role, members in net.members(task).items() for unit in members]
    fields.append(("units 责任单位", units))
    return {"title": f"Task {node.label} 任务 {node.label}", "fields": fields}


def _unit_detail(net: PlanNetwork, unit: str) -> dict:
    node = net.units[unit]
    by_role = net.roles_of(unit)
    fields: list = [("English", node.name_en or "—"), ("kind 类型", node.kind)]
    for role in ROLE_NAMES:
        fields.append((ROLE_LABELS[role], " ".join(net.tasks[t].label for t in by_role[role]) or "—"))
    if unit in net.workload:
        load = net.workload[unit].load
        fields.append(("role-weighted load", str(int(load) if float(load).is_integer() else load)))
    partners = analytics.partners(net, unit)[:8]
    if partners:
        fields.append(("works most with", [{"text": f"{p['partner']} ({p['shared']}: {p['tasks'].replace('|', ' ')})"}
                                           for p in partners]))
    return {"title": node.name, "fields": fields}


def _search_keys(net: PlanNetwork, node_id: str) -> list[str]:
    if node_id in net.tasks:
        node = net.tasks[node_id]
        return [node.label, f"task {node.label}", node.work_item]
    unit = net.units[node_id]
    return [k for k in (unit.name, unit.name_en, unit.unit_id) if k]


def _legend(net: PlanNetwork, shown_tasks: list[str], shown_units: list[str], edges_by_role: dict,
            clusters: list[dict] | None = None, links_by_section: dict | None = None,
            unit: str | None = None) -> list[dict]:
    legend = []
    if any(edges_by_role.values()):
        if unit is not None:  # a unit's page counts the unit's own tasks by role, as its sheet does
            own = net.roles_of(unit)
            counts, note = {r: len(own[r]) for r in ROLE_NAMES}, f"tasks {net.units[unit].name} has in each role"
        else:
            counts, note = edges_by_role, "links (a unit in a role on a task)"
        legend.append({"title": "Roles 角色", "filter": "role", "lines": True, "note": note, "items": [
            {"value": r, "label": ROLE_LABELS[r], "color": ROLE_COLOURS[r], "count": counts.get(r, 0),
             "checked": True} for r in ROLE_NAMES]})
    if net.status and shown_tasks:
        status = [net.status.get(t) for t in shown_tasks]
        legend.append({"title": f"Status 五色图 ({net.status_as_of})", "filter": None,
                       "note": "task borders show the latest reported colour", "items": [
                           {"value": c.notation, "label": c.label, "color": c.hex,
                            "count": sum(s == c.notation or (s is None and c.meaning == "not-reported")
                                         for s in status)} for c in load_scheme()
                           if c.meaning != "not-reported" or any(s is None for s in status)]})
    sections = sorted({net.tasks[t].section for t in shown_tasks} | set(net.sections))
    legend.append({"title": "Sections 部分", "filter": "section", "items": [
        {"value": str(s), "label": f"{s} {net.sections.get(s, '')}", "checked": True,
         "color": SECTION_COLOURS[(s - 1) % len(SECTION_COLOURS)],
         "count": (links_by_section or {}).get(s, 0) if links_by_section is not None
                  else sum(net.tasks[t].section == s for t in shown_tasks)} for s in sections],
        "note": "links with a shared task in the section" if links_by_section is not None
                else "tasks per section"})
    kinds = sorted({net.units[u].kind for u in shown_units})
    legend.append({"title": "Unit kinds 单位类型", "filter": "kind", "items": [
        {"value": k, "label": k, "color": KIND_COLOURS.get(k, "#999"), "checked": True,
         "count": sum(net.units[u].kind == k for u in shown_units)} for k in kinds],
        "note": "untick collective / placeholder to hide them"})
    if clusters:
        legend.append({"title": "Clusters 协作群", "filter": None, "items": [
            {"value": str(c["cluster"]), "label": c["description"], "count": c["size"],
             "color": CLUSTER_COLOURS[(c["cluster"] - 1) % len(CLUSTER_COLOURS)]} for c in clusters]})
    return legend


def _unit_node(page: OfflineNetwork, net: PlanNetwork, unit: str, pos, colour: str | None = None,
               size: float | None = None) -> None:
    node = net.units[unit]
    load = net.loads.get(unit, 0)
    apart = not node.one_unit
    page.add_node(unit, label=node.name, x=pos[0], y=pos[1], shape="diamond" if apart else "dot",
                  size=size or _unit_size(load), color=colour or KIND_COLOURS.get(node.kind, "#999"),
                  borderWidth=1, shapeProperties={"borderDashes": [4, 3] if apart else False},
                  title=f"{' '.join(filter(None, (node.name, node.name_en)))}\n{node.kind} · load {load:g}",
                  kgType="unit", kind=node.kind, searchKeys=_search_keys(net, unit))


def _task_node(page: OfflineNetwork, net: PlanNetwork, task: str, pos) -> None:
    node = net.tasks[task]
    status = net.status.get(task)
    colours = _scheme()
    page.add_node(task, label=node.label, x=pos[0], y=pos[1], shape="box",
                  borderWidth=4 if status else 1,
                  shapeProperties={"borderRadius": 2},
                  color={"background": SECTION_COLOURS[(node.section - 1) % len(SECTION_COLOURS)],
                         "border": colours[status].hex if status in colours else "#2b2b2b"},
                  font={"color": "#ffffff", "size": 12},
                  title=f"任务 {node.label}: {node.work_item}\n{node.deadline_text}",
                  kgType="task", section=node.section, searchKeys=_search_keys(net, task))


def _role_edges(page: OfflineNetwork, net: PlanNetwork, graph: nx.Graph, tasks: list[str], width) -> dict[str, int]:
    """One edge per (task, unit, role), coloured by role; a second role on a pair curves apart."""
    by_role = {r: 0 for r in ROLE_NAMES}
    for task in tasks:
        for unit in sorted(graph.neighbors(task)):
            for index, role in enumerate(net.roles_on(task, unit)):
                by_role[role] += 1
                page.add_edge(task, unit, id=f"{task}|{unit}|{role}", color=ROLE_COLOURS[role], role=role,
                              width=width(unit, role), smooth=_curve(index),
                              title=f"{net.units[unit].name}: {role}")
    return by_role


def _page(page: OfflineNetwork, view: str, title: str, subtitle: str, details: dict, legend: list,
          links: list, open_url: Callable[[str], str] | None = None, assets: str | None = None) -> str:
    """The page; ``assets``: the URL its script and style files are served at (kg app) instead of inline."""
    keys = sorted({k for n in page.nodes for k in n["searchKeys"]})
    if open_url:  # kg app: each node's details link to its page
        details = {node: {**detail, "href": open_url(node)} for node, detail in details.items()}
    return page.generate_html(view=view, title=title, subtitle=subtitle, details=details, legend=legend,
                              links=links, search_keys=keys, assets=assets)


def plan_view(net: PlanNetwork, links: list, subtitle: str, open_url: Callable[[str], str] | None = None,
              assets: str | None = None) -> str:
    """Tasks and units; edges coloured by role; unit size by role-weighted load."""
    pos = _positions(_induced(net.graph, list(net.graph)))
    page = OfflineNetwork()
    tasks = sorted(net.tasks, key=net.task_sort_key)
    units = sorted(net.units)
    for task in tasks:
        _task_node(page, net, task, pos[task])
    for unit in units:
        _unit_node(page, net, unit, pos[unit])
    by_role = _role_edges(page, net, net.graph, tasks, lambda unit, role: 2.5 if role == "lead" else 1.5)
    details = {t: _task_detail(net, t) for t in tasks}
    details.update({u: _unit_detail(net, u) for u in units})
    legend = _legend(net, tasks, units, by_role)
    return _page(page, "plan", "Plan graph 任务与责任单位", subtitle, details, legend, links, open_url, assets)


def coordination_view(net: PlanNetwork, links: list, subtitle: str, open_url: Callable[[str], str] | None = None,
                      assets: str | None = None) -> str:
    """Units only; an edge where two share a task, width by shared tasks, hover lists them."""
    graph = net.coordination()
    clusters = analytics.clusters(net)
    colour = {}
    for row in clusters:
        for member in row["members"].split("|"):
            colour[member] = CLUSTER_COLOURS[(row["cluster"] - 1) % len(CLUSTER_COLOURS)]
    pos = _positions(graph, weight="weight")
    page = OfflineNetwork()
    for unit in sorted(graph):
        _unit_node(page, net, unit, pos[unit], colour=colour.get(net.units[unit].name))
    labels = {node.label: task for task, node in net.tasks.items()}
    for a, b, d in sorted(graph.edges(data=True)):
        shared = []
        for label in d["tasks"]:
            task = labels[label]
            shared.append({"task": label, "section": net.tasks[task].section,
                           "roleA": net.roles_on(task, a)[0], "roleB": net.roles_on(task, b)[0]})
        names = f"{net.units[a].name} – {net.units[b].name}"
        page.add_edge(a, b, id=f"{a}|{b}", width=1 + 1.5 * d["weight"], color="#9aa5b1", shared=shared,
                      title=f"{names}\n{d['weight']} shared tasks: {', '.join(d['tasks'])}")
    by_role = {r: 0 for r in ROLE_NAMES}
    by_section: dict[int, int] = {}
    for edge in page.edges:
        for role in ROLE_NAMES:
            by_role[role] += any(role in (s["roleA"], s["roleB"]) for s in edge["shared"])
        for section in {s["section"] for s in edge["shared"]}:
            by_section[section] = by_section.get(section, 0) + 1
    details = {u: _unit_detail(net, u) for u in graph}
    legend = _legend(net, [], sorted(graph), by_role, clusters=clusters, links_by_section=by_section)
    legend[0]["note"] = ("links where a shared task has either unit in that role; a link stays "
                         "while one shared task has both units in a ticked role")
    return _page(page, "coordination", "Coordination network 协作网络", subtitle, details, legend, links, open_url,
                 assets)


def unit_view(net: PlanNetwork, unit: str, links: list, subtitle: str,
              open_url: Callable[[str], str] | None = None, assets: str | None = None) -> str:
    """One unit, its tasks, and the partner units on those tasks."""
    tasks = net.tasks_of(unit)
    partners = sorted({p for t in tasks for p in net.graph.neighbors(t)} - {unit})
    sub = _induced(net.graph, [unit, *tasks, *partners])
    pos = _positions(sub)
    page = OfflineNetwork()
    _unit_node(page, net, unit, pos[unit], size=40)
    for task in tasks:
        _task_node(page, net, task, pos[task])
    for partner in partners:
        _unit_node(page, net, partner, pos[partner])
    by_role = _role_edges(page, net, sub, tasks, lambda other, role: 3 if other == unit else 1.2)
    details = {t: _task_detail(net, t) for t in tasks}
    details.update({u: _unit_detail(net, u) for u in [unit, *partners]})
    legend = _legend(net, tasks, [unit, *partners], by_role, unit=unit)
    node = net.units[unit]
    return _page(page, f"unit-{node.unit_id}", f"{node.name} 的任务与协作单位",
                 " · ".join(filter(None, (node.name_en, subtitle))),  # name_en is optional
                 details, legend, links, open_url, assets)


def write_views(net: PlanNetwork, out: Path, subtitle: str, units: list[str] = ()) -> list[Path]:
    """Write the plan, coordination, unit and index pages into ``out`` (all or none)."""
    unit_pages = [(u, f"unit-{net.units[u].unit_id}.html") for u in units]
    # Unit pages written earlier into the same folder stay linked from the index.
    by_file = {f"unit-{node.unit_id}.html": u for u, node in net.units.items()}
    earlier = sorted(p.name for p in Path(out).glob("unit-*.html") if p.name in by_file)
    written = {name for _, name in unit_pages}
    listed = unit_pages + [(by_file[name], name) for name in earlier if name not in written]
    links = [{"href": "index.html", "label": "index"}, {"href": "plan.html", "label": "plan graph"},
             {"href": "coordination.html", "label": "coordination"}]
    pages = {"plan.html": plan_view(net, links, subtitle),
             "coordination.html": coordination_view(net, links, subtitle)}
    for unit, name in unit_pages:
        pages[name] = unit_view(net, unit, links, subtitle)
    graph = net.coordination()
    pages["index.html"] = template("viz-index.html.jinja").render(
        subtitle=subtitle, tasks=len(net.tasks), units=len(net.unit_ids()),
        all_units=len(net.units), assignments=sum(len(d["roles"]) for _, _, d in net.graph.edges(data=True)),
        pairs=graph.number_of_edges(), role_colours=ROLE_COLOURS,
        unit_pages=[{"href": name, "label": net.units[u].name, "label_en": net.units[u].name_en}
                    for u, name in sorted(listed, key=lambda item: item[1])])
    files = [(out / name, html) for name, html in sorted(pages.items())]
    write_atomic(files)
    return [path for path, _ in files]
