"""Interactive, offline views (pyvis + our own template): plan graph, coordination, one unit.

pyvis manages nodes and edges; the page is rendered from ``templates/viz.html.jinja``
(through kg's one template environment, so an office may override it) with
vis-network, its CSS and our script inlined, and written in UTF-8 by us, so a
page works on an intranet with no network at all.
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from importlib import resources
from pathlib import Path
from typing import Callable

import networkx as nx
from markupsafe import Markup
from pyvis.network import Network

from ..files import write_atomic
from ..i18n import _, format_date, format_month, join_names, language
from ..model.domain import KINDS, ROLE_NAMES, colour_for, kind_label, load_scheme, one_unit, readable_value, role
from ..network import analytics
from ..network.plan import PlanNetwork
from .layout import SPIRAL_SPACING, anchored, ring
from .templates import template

__all__ = ["OfflineNetwork", "plan_view", "coordination_view", "unit_view", "unit_page", "write_views",
           "ROLE_COLOURS", "SECTION_COLOURS", "KIND_COLOURS"]

ROLE_COLOURS = {"lead": "#d62728", "host": "#1f77b4", "support": "#8c8c8c"}
SECTION_COLOURS = ["#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#edc948", "#76b7b2", "#ff9da7", "#9c755f"]
KIND_COLOURS = {"party-organ": "#c0392b", "government-department": "#2e86c1", "public-institution": "#17a589",
                "enterprise": "#ca6f1e", "financial": "#7d3c98", "judicial": "#34495e",
                "mass-organisation": "#d4ac0d", "military": "#566573", "collective": "#bdc3c7",
                "placeholder": "#e5e7e9", "unknown": "#ff00ff"}
CLUSTER_COLOURS = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#9c755f"]
#: Past this many tasks a view draws sections and units only: a page of 1000 plans' tasks would not open.
MAX_DRAWN_TASKS = 1500
#: Units drawn in a view whose tasks are not drawn, most load (or most shared tasks) first.
MAX_AGGREGATE_UNITS = 60
#: Units shown before any group is expanded.
TOP_UNITS = 12
#: A view of at most this many tasks and units opens with its groups expanded.
OPEN_EXPANDED = 40
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
        nodes, edges = self.get_network_data()[:2]
        for index, edge in enumerate(edges):
            edge.setdefault("id", f"e{index}")
            edge.pop("arrows", None)  # pyvis adds arrows to every edge of a directed network
        payload = {"nodes": nodes, "edges": edges, "options": _OPTIONS, "view": context["view"],
                   "details": context.pop("details"), "expanded": context.pop("expanded"), "words": _script_words()}
        if context.get("assets"):  # served beside its files (kg app): nothing inline, for a strict CSP
            self.html = template("viz.html.jinja").render(payload=payload, **context)
            return self.html
        self.html = template("viz.html.jinja").render(payload=payload, vis_js=_vis_asset("vis-network.min.js"),
                                                      vis_css=_vis_asset("vis-network.css"), **context)
        return self.html


def _script_words() -> dict[str, str]:
    """What viz.js writes on the page, in the language in force: read from the page's data, so the
    script keeps no catalog of its own. ``%(name)s`` is filled in by the script."""
    return {"showing": _("showing %(nodes)s of %(all_nodes)s nodes, %(links)s of %(all_links)s links"),
            "groups": _("click a group to open it"), "empty": _("Click a node to see its details."),
            "open": _("open its page →"), "none": _("no match for %(query)s")}


def _pixels(pos: dict, scale: float = 420.0) -> dict:
    """Layout units to canvas pixels, rounded so a page is the same every build."""
    return {n: (round(x * scale, 1), round(y * scale, 1)) for n, (x, y) in pos.items()}


def _short(text: str, limit: int = 14) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _labels(labels: list[str], limit: int = 40) -> str:
    """Task labels for a side panel, the first ``limit`` of them: a unit of 1000 plans has thousands."""
    shown = " ".join(labels[:limit])
    return shown + (_(" … (%(count)d in all)") % {"count": len(labels)} if len(labels) > limit else "") if labels else "—"


def _curve(index: int) -> dict | bool:
    """A unit's second and third role on one task curve apart from the first."""
    return False if index == 0 else {"enabled": True, "type": "curvedCW", "roundness": 0.25 * index}


def _unit_size(load: float) -> float:
    return round(10 + 3.2 * math.sqrt(load), 1)


def _scheme() -> dict:
    return {c.notation: c for c in load_scheme()}


def _task_title(label: str) -> str:
    return _("Task %(task)s") % {"task": label}


def _deadline(node) -> str:
    return format_month(node.deadline) if node.deadline else node.deadline_text


def _task_detail(net: PlanNetwork, task: str) -> dict:
    node = net.tasks[task]
    fields: list = [(_("section"), net.section_label(task)), (_("work item"), node.work_item)]
    if node.description:
        fields.append((_("task description"), node.description))
    fields.append((_("deadline"), _deadline(node)))
    if task in net.status:
        fields.append((_("five-colour status (%(date)s)") % {"date": format_date(net.status_as_of)},
                       _scheme()[net.status[task]].name))
    milestones = []
    for m in node.milestones:
        labels = join_names(net.period_label(p) for p in m.periods)
        note = _("(%(method)s: inferred)") % {"method": readable_value("method", m.method)} if m.inferred else ""
        milestones.append({"text": f"{labels}: {m.text}", "note": note})
    fields.append((_("milestones by period"), milestones))
    units = [{"text": _("%(role)s: %(unit)s") % {"role": role(name).verb, "unit": net.units[unit].name}, "role": name}
             for name, members in net.members(task).items() for unit in members]
    fields.append((_("units"), units))
    return {"title": _task_title(node.label), "fields": fields}


def _unit_detail(net: PlanNetwork, unit: str) -> dict:
    node = net.units[unit]
    by_role = net.roles_of(unit)
    fields: list = [(_("English name"), node.name_en or "—")] if language() == "en" else []
    fields.append((_("kind"), kind_label(node.kind)))
    for name in ROLE_NAMES:
        fields.append((role(name).heading, _labels([net.tasks[t].label for t in by_role[name]])))
    if unit in net.workload:
        load = net.workload[unit].load
        fields.append((_("role-weighted load"), str(int(load) if float(load).is_integer() else load)))
    partners = analytics.partners(net, unit)[:8]
    if partners:
        fields.append((_("works most with"), [{"text": f"{p['partner']} ({p['shared']}: {_labels(p['tasks'].split('|'), 12)})"}
                                           for p in partners]))
    return {"title": node.name, "fields": fields}


def _search_keys(net: PlanNetwork, node_id: str) -> list[str]:
    """What the search box offers for a node: its names in the page's language."""
    if node_id in net.tasks:
        node = net.tasks[node_id]
        return [node.label, _task_title(node.label), node.work_item]
    unit = net.units[node_id]
    return [k for k in (unit.name, unit.name_en if language() == "en" else "") if k]


def _also_found_by(net: PlanNetwork, unit: str) -> list[str]:
    """What else finds a unit, not offered in the list: its id, and its English name on a Chinese page."""
    node = net.units[unit]
    return [k for k in (node.name_en if language() != "en" else "", node.unit_id) if k]


def _legend(net: PlanNetwork, shown_tasks: list[str], shown_units: list[str], edges_by_role: dict,
            clusters: list[dict] | None = None, links_by_section: dict | None = None,
            unit: str | None = None) -> list[dict]:
    legend = []
    if any(edges_by_role.values()):
        if unit is not None:  # a unit's page counts the unit's own tasks by role, as its sheet does
            own = net.roles_of(unit)
            counts = {r: len(own[r]) for r in ROLE_NAMES}
            note = _("tasks %(unit)s has in each role") % {"unit": net.units[unit].name}
        else:
            counts, note = edges_by_role, _("links (a unit in a role on a task)")
        legend.append({"title": _("Roles"), "filter": "role", "lines": True, "note": note, "items": [
            {"value": r, "label": role(r).heading, "color": ROLE_COLOURS[r], "count": counts.get(r, 0),
             "checked": True} for r in ROLE_NAMES]})
    if net.status and shown_tasks:
        status = [net.status.get(t) for t in shown_tasks]
        legend.append({"title": _("Five-colour chart (%(date)s)") % {"date": format_date(net.status_as_of)},
                       "filter": None, "note": _("task borders show the latest reported colour"), "toggle": True,
                       "items": [{"value": c.notation, "label": c.name, "color": c.hex,
                            "count": sum(s == c.notation or (s is None and not c.reportable) for s in status)}
                           for c in load_scheme() if c.reportable or any(s is None for s in status)]})
    sections = sorted({net.tasks[t].section for t in shown_tasks} | set(net.sections))
    legend.append({"title": _("Sections"), "filter": "section", "items": [
        {"value": str(s), "label": f"{s} {net.sections.get(s, '')}", "checked": True,
         "color": SECTION_COLOURS[(s - 1) % len(SECTION_COLOURS)],
         "count": (links_by_section or {}).get(s, 0) if links_by_section is not None
                  else sum(net.tasks[t].section == s for t in shown_tasks)} for s in sections],
        "note": _("links with a shared task in the section") if links_by_section is not None
                else _("tasks per section")})
    kinds = sorted({net.units[u].kind for u in shown_units})
    legend.append({"title": _("Unit kinds"), "filter": "kind", "items": [
        {"value": k, "label": kind_label(k), "color": KIND_COLOURS.get(k, "#999"), "checked": True,
         "count": sum(net.units[u].kind == k for u in shown_units)} for k in kinds],
        "note": _("untick %(kinds)s to hide them") % {
            "kinds": join_names(kind_label(k) for k in KINDS if not one_unit(k))}})
    if clusters:
        legend.append({"title": _("Clusters"), "filter": None, "items": [
            {"value": str(c["cluster"]), "label": c["description"], "count": c["size"],
             "color": CLUSTER_COLOURS[(c["cluster"] - 1) % len(CLUSTER_COLOURS)]} for c in clusters]})
    return legend


def _unit_node(page: OfflineNetwork, net: PlanNetwork, unit: str, pos, colour: str | None = None,
               size: float | None = None, top: bool = True, group: str | None = None) -> None:
    """A unit; ``top`` units show from the start, the others once a task of theirs is shown."""
    node = net.units[unit]
    load = net.loads.get(unit, 0)
    apart = not node.one_unit
    page.add_node(unit, label=node.name, x=pos[0], y=pos[1], shape="diamond" if apart else "dot",
                  size=size or _unit_size(load), color=colour or KIND_COLOURS.get(node.kind, "#999"),
                  borderWidth=1, shapeProperties={"borderDashes": [4, 3] if apart else False},
                  title=f"{_unit_name(node)}\n{kind_label(node.kind)} · " + _("load %(load)s") % {"load": f"{load:g}"},
                  kgType="unit", kind=node.kind, kgTop=top, kgGroup=group, kgRank=size or _unit_size(load),
                  searchKeys=_search_keys(net, unit), searchAlso=_also_found_by(net, unit))


def _unit_name(node) -> str:
    """A unit's name, with its English name beside it for an English reader."""
    return " ".join(filter(None, (node.name, node.name_en if language() == "en" else "")))


def _task_node(page: OfflineNetwork, net: PlanNetwork, task: str, pos, group: str | None) -> None:
    node = net.tasks[task]
    status = net.status.get(task)
    colours = _scheme()
    page.add_node(task, label=node.label, x=pos[0], y=pos[1], shape="box",
                  borderWidth=4 if status else 1,
                  shapeProperties={"borderRadius": 2},
                  color={"background": SECTION_COLOURS[(node.section - 1) % len(SECTION_COLOURS)],
                         "border": colours[status].hex if status in colours else "#2b2b2b"},
                  font={"color": "#ffffff", "size": 12},
                  title=f"{_task_title(node.label)}: {node.work_item}\n{_deadline(node)}",
                  kgType="task", section=node.section, kgGroup=group, kgRank=1, status=status,
                  statusColour=_status_hex(status) if net.status else None,
                  searchKeys=_search_keys(net, task))


def _status_hex(status: str | None) -> str:
    """A task's colour in the five-colour chart; the not-reported colour when it has none."""
    scheme = _scheme()
    if status in scheme:
        return scheme[status].hex
    return colour_for(list(scheme.values()), "not-reported").hex


def _group_node(page: OfflineNetwork, node_id: str, label: str, pos, colour: str, title: str,
                keys: list[str], section: int | None = None) -> None:
    """A collapsed group (a section, a cluster): click it to show its members in its place."""
    page.add_node(node_id, label=label, x=pos[0], y=pos[1], shape="box", color=colour,
                  font={"color": "#ffffff", "size": 16}, borderWidth=2, margin=8,
                  shapeProperties={"borderRadius": 8}, title=title, kgType="group", section=section,
                  kgRank=1000, searchKeys=keys)


def _section_id(section: int) -> str:
    return f"section/{section}"


def _role_edges(page: OfflineNetwork, net: PlanNetwork, tasks: list[str], units: set[str], width) -> None:
    """One edge per (task, unit, role), coloured by role; a second role on a pair curves apart."""
    for task in tasks:
        for unit in sorted(net.graph.neighbors(task)):
            if unit not in units:
                continue
            for index, name in enumerate(net.roles_on(task, unit)):
                page.add_edge(task, unit, id=f"{task}|{unit}|{name}", color=ROLE_COLOURS[name], role=name,
                              width=width(unit, name), smooth=_curve(index),
                              title=_("%(role)s: %(unit)s") % {"role": role(name).verb, "unit": net.units[unit].name})


def _section_roles(net: PlanNetwork, tasks: list[str]) -> dict[tuple[str, str], Counter]:
    """(section group, unit) → the unit's roles on the section's tasks, counted."""
    out: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for task in tasks:
        group = _section_id(net.tasks[task].section)
        for unit in net.graph.neighbors(task):
            out[group, unit].update(net.roles_on(task, unit))
    return out


def _aggregate_edges(page: OfflineNetwork, roles: dict[tuple[str, str], Counter], shown: set[str]) -> dict[str, int]:
    """A section–unit edge standing for the unit's links to the section's tasks; returns links by role."""
    by_role = {r: 0 for r in ROLE_NAMES}
    for (group, unit), counts in sorted(roles.items()):
        for name in ROLE_NAMES:
            by_role[name] += counts[name]
        if unit not in shown:
            continue
        total = sum(counts.values())
        page.add_edge(group, unit, id=f"{group}|{unit}", width=round(1 + math.sqrt(total), 1), color="#b8c2cc",
                      kgAgg=True, roleCounts={r: counts[r] for r in ROLE_NAMES if counts[r]},
                      title=" · ".join(f"{role(r).verb} {counts[r]}" for r in ROLE_NAMES if counts[r]))
    return by_role


def _busiest(net: PlanNetwork, units: list[str], n: int) -> list[str]:
    """The ``n`` units carrying most, in the one workload order (:func:`kg.network.plan.busiest_first`)."""
    return sorted(units, key=net.busiest_first)[:n]


def _section_groups(page: OfflineNetwork, net: PlanNetwork, tasks: list[str], roles: dict, pos: dict) -> dict:
    """A group node per section of ``tasks``, labelled with its task and unit counts; returns their details."""
    details = {}
    for section in sorted({net.tasks[t].section for t in tasks}):
        group = _section_id(section)
        own = [t for t in tasks if net.tasks[t].section == section]
        units = sorted({u for (g, u) in roles if g == group})
        title = net.sections.get(section, "")
        counts = _("%(tasks)d tasks · %(units)d units") % {"tasks": len(own), "units": len(units)}
        _group_node(page, group, f"{section} {_short(title)}\n{counts}", pos[group],
                    SECTION_COLOURS[(section - 1) % len(SECTION_COLOURS)], f"{section} {title}\n" + _("click to expand"),
                    [f"{section} {title}", title], section=section)
        ranked = sorted(units, key=lambda u: (-sum(roles[group, u].values()), u))
        details[group] = {"title": f"{section} {title}", "fields": [
            (_("tasks"), f"{len(own)}: {_labels([net.tasks[t].label for t in own])}"),
            (_("units"), f"{len(units)}"),
            (_("most involved"), [{"text": f"{net.units[u].name} ({sum(roles[group, u].values())})"}
                                     for u in ranked[:10]])]}
    return details


def _radius(net: PlanNetwork, tasks: list[str]) -> float:
    """The radius of the ring of sections: wide enough that neighbouring sections' spirals of tasks stay apart."""
    per = Counter(net.tasks[t].section for t in tasks)
    return max(1.0, 2.5 * SPIRAL_SPACING * math.sqrt(max(per.values(), default=1)))


def _places(net: PlanNetwork, fixed: dict, units: dict, roles: dict, tasks: list[str]) -> dict:
    """Canvas places: units near the sections they work in (``fixed``), then tasks near their section and units."""
    pos = dict(fixed)
    placed = anchored(pos, units, [(g, u, sum(c.values())) for (g, u), c in sorted(roles.items()) if u in units])
    pos.update({u: (0.75 * x, 0.75 * y) for u, (x, y) in placed.items()})  # inside the ring, off the group boxes
    pos.update(anchored(pos, {t: _section_id(net.tasks[t].section) for t in tasks},
                        [(t, u, 1.0) for t in tasks for u in net.graph.neighbors(t) if u in pos]))
    return _pixels(pos)


def plan_view(net: PlanNetwork, links: list, subtitle: str, open_url: Callable[[str], str] | None = None,
              assets: str | None = None) -> str:
    """Sections with their unit counts and the units with most load; a section opens into its tasks on click."""
    tasks = sorted(net.tasks, key=net.task_sort_key)
    drawn = tasks if len(tasks) <= MAX_DRAWN_TASKS else []
    roles = _section_roles(net, tasks)
    units = sorted(net.units) if drawn else _busiest(net, list(net.units), MAX_AGGREGATE_UNITS)
    pos = ring([_section_id(s) for s in sorted({net.tasks[t].section for t in tasks})], _radius(net, drawn))
    pos = _places(net, pos, dict.fromkeys(units), roles, drawn)
    page = OfflineNetwork()
    details = _section_groups(page, net, tasks, roles, pos)
    for task in drawn:
        _task_node(page, net, task, pos[task], _section_id(net.tasks[task].section))
    top = set(_busiest(net, units, TOP_UNITS))
    for unit in units:
        _unit_node(page, net, unit, pos[unit], top=unit in top)
    _role_edges(page, net, drawn, set(units), lambda unit, role: 2.5 if role == "lead" else 1.5)
    by_role = _aggregate_edges(page, roles, set(units))
    details.update({t: _task_detail(net, t) for t in drawn})
    details.update({u: _unit_detail(net, u) for u in units})
    legend = _legend(net, tasks, units, by_role)
    if not drawn:
        subtitle = _("%(tasks)d tasks, too many to draw: sections and the %(units)d units with most load") % {
            "tasks": len(tasks), "units": len(units)} + f" · {subtitle}"
    return _page(page, "plan", _("Plan graph"), subtitle, details, legend, links, open_url, assets)


def _shared(net: PlanNetwork, a: str, b: str, labels: list[str], task_of: dict[str, str]) -> list[list]:
    """A pair's shared tasks as [section, role of a, role of b, count]: what the filters need, at any size."""
    counts: Counter = Counter()
    for label in labels:
        task = task_of[label]
        counts[net.tasks[task].section, net.roles_on(task, a)[0], net.roles_on(task, b)[0]] += 1
    return [[s, ra, rb, n] for (s, ra, rb), n in sorted(counts.items())]


def _cluster_groups(page: OfflineNetwork, graph: nx.Graph, clusters: list[dict], pos: dict) -> tuple[dict, dict]:
    """A group node per cluster; returns unit → its cluster's node id, and the groups' details."""
    by_name = {graph.nodes[u]["label"]: u for u in graph}
    cluster_of, details = {}, {}
    for row in clusters:
        group = f"cluster/{row['cluster']}"
        names = row["main_units"].split("|")
        for member in row["members"].split("|"):
            cluster_of[by_name[member]] = group
        colour = CLUSTER_COLOURS[(row["cluster"] - 1) % len(CLUSTER_COLOURS)]
        shown = _short(join_names(names[:2]), 16)
        label = (_("%(units)s etc.") % {"units": shown} if row["size"] > 2 else shown) + "\n" + \
            _("%(count)d units") % {"count": row["size"]}
        cluster = _("Cluster %(number)d") % {"number": row["cluster"]}
        _group_node(page, group, label, pos[group], colour, f"{row['description']}\n" + _("click to expand"),
                    [cluster])  # a unit's name finds the unit
        details[group] = {"title": cluster, "fields": [
            (_("about"), row["description"]), (_("shared tasks"), str(row["shared_tasks"])),
            (_("units"), [{"text": name} for name in row["members"].split("|")])]}
    return cluster_of, details


def coordination_view(net: PlanNetwork, links: list, subtitle: str, open_url: Callable[[str], str] | None = None,
                      assets: str | None = None) -> str:
    """Clusters of units that work together, each opening into its units; links by shared tasks."""
    graph = net.coordination()
    clusters = analytics.clusters(net)
    groups = [f"cluster/{row['cluster']}" for row in clusters]
    page = OfflineNetwork()
    cluster_of, details = _cluster_groups(page, graph, clusters, dict.fromkeys(groups, (0.0, 0.0)))
    between: Counter = Counter()
    for a, b, d in graph.edges(data=True):
        ga, gb = sorted((cluster_of[a], cluster_of[b]))
        if ga != gb:
            between[ga, gb] += d["weight"]
    pos = ring(groups)
    pos.update(anchored(pos, cluster_of, [(a, b, d["weight"]) for a, b, d in sorted(graph.edges(data=True))],
                        spacing=2.0))  # units of one cluster share many tasks: pulled tight, they would overlap
    pos = _pixels(pos)
    for node in page.nodes:  # the groups were added before their places were known
        node["x"], node["y"] = pos[node["id"]]
    colour = {g: CLUSTER_COLOURS[(int(g.split("/")[1]) - 1) % len(CLUSTER_COLOURS)] for g in groups}
    for unit in sorted(graph):
        _unit_node(page, net, unit, pos[unit], colour=colour[cluster_of[unit]], group=cluster_of[unit])
    task_of = {node.label: task for task, node in net.tasks.items()}
    by_role = {r: 0 for r in ROLE_NAMES}
    by_section: Counter = Counter()
    for a, b, d in sorted(graph.edges(data=True)):
        shared = _shared(net, a, b, d["tasks"], task_of)
        for name in ROLE_NAMES:
            by_role[name] += any(name in (ra, rb) for _, ra, rb, _ in shared)
        by_section.update({s for s, _, _, _ in shared})
        names = f"{net.units[a].name} – {net.units[b].name}"
        page.add_edge(a, b, id=f"{a}|{b}", width=1 + 1.5 * d["weight"], color="#9aa5b1", shared=shared,
                      title=f"{names}\n" + _("%(count)d shared tasks: %(tasks)s") % {
                          "count": d["weight"], "tasks": _labels(d["tasks"], 20)})
    for (a, b), weight in sorted(between.items()):
        page.add_edge(a, b, id=f"{a}|{b}", width=round(1 + math.sqrt(weight), 1), color="#b8c2cc", kgAgg=True,
                      title=_("%(count)d shared tasks between the clusters") % {"count": weight})
    details.update({u: _unit_detail(net, u) for u in graph})
    legend = _legend(net, [], sorted(graph), by_role, clusters=clusters, links_by_section=dict(by_section))
    legend[0]["note"] = _("links where a shared task has either unit in that role; a link stays "
                          "while one shared task has both units in a ticked role")
    return _page(page, "coordination", _("Coordination network"), subtitle, details, legend, links, open_url,
                 assets)


def unit_view(net: PlanNetwork, unit: str, links: list, subtitle: str,
              open_url: Callable[[str], str] | None = None, assets: str | None = None) -> str:
    """One unit, its tasks by section (each section opens into its tasks), and its partner units."""
    tasks = net.tasks_of(unit)
    drawn = tasks if len(tasks) <= MAX_DRAWN_TASKS else []
    ranked = [partner for partner, _shared in net.partners(unit)]  # most shared tasks first, as everywhere
    partners = sorted(ranked) if drawn else ranked[:MAX_AGGREGATE_UNITS]
    roles = _section_roles(net, tasks)
    pos = {unit: (0.0, 0.0), **ring([_section_id(s) for s in sorted({net.tasks[t].section for t in tasks})],
                                    1.2 * _radius(net, drawn))}
    pos = _places(net, pos, dict.fromkeys(partners), roles, drawn)
    page = OfflineNetwork()
    details = _section_groups(page, net, tasks, roles, pos)
    _unit_node(page, net, unit, pos[unit], size=40)
    for task in drawn:
        _task_node(page, net, task, pos[task], _section_id(net.tasks[task].section))
    top = set(ranked[:TOP_UNITS])
    for partner in partners:
        _unit_node(page, net, partner, pos[partner], top=partner in top)
    _role_edges(page, net, drawn, {unit, *partners}, lambda other, role: 3 if other == unit else 1.2)
    by_role = _aggregate_edges(page, roles, {unit, *partners})
    details.update({t: _task_detail(net, t) for t in drawn})
    details.update({u: _unit_detail(net, u) for u in [unit, *partners]})
    legend = _legend(net, tasks, [unit, *partners], by_role, unit=unit)
    node = net.units[unit]
    return _page(page, unit_page(node.unit_id), _("%(unit)s: tasks and partner units") % {"unit": node.name},
                 # name_en is optional, and said only to an English reader
                 " · ".join(filter(None, (node.name_en if language() == "en" else "", subtitle))),
                 details, legend, links, open_url, assets)


def unit_page(unit_id: str) -> str:
    """A unit's view among the views: ``unit-court``, written as ``unit-court.html``.

    >>> unit_page("court")
    'unit-court'
    """
    return f"unit-{unit_id}"


def _page(page: OfflineNetwork, view: str, title: str, subtitle: str, details: dict, legend: list,
          links: list, open_url: Callable[[str], str] | None = None, assets: str | None = None) -> str:
    """The page; ``assets``: the URL its script and style files are served at (kg app) instead of inline."""
    keys = sorted({k for n in page.nodes for k in n["searchKeys"]})
    subtitle = _short(subtitle, 160)  # the titles of many plans would fill the page
    if open_url:  # kg app: each node's details link to its page
        details = {node: {**detail, "href": open_url(node)} for node, detail in details.items()
                   if not node.startswith(("section/", "cluster/"))}
    # A view small enough to read whole opens with its groups expanded; a larger one opens on its groups.
    # A group opens only onto members drawn on the page (past MAX_DRAWN_TASKS a section has none).
    with_members = {n["kgGroup"] for n in page.nodes if n.get("kgGroup")}
    groups = [n["id"] for n in page.nodes if n["kgType"] == "group" and n["id"] in with_members]
    for node in page.nodes:
        if node["kgType"] == "group":
            node["kgOpens"] = node["id"] in with_members
    small = sum(n["kgType"] != "group" for n in page.nodes) <= OPEN_EXPANDED
    return page.generate_html(view=view, title=title, subtitle=subtitle, details=details, legend=legend,
                              links=links, search_keys=keys, expanded=groups if small else [], assets=assets)


def write_views(net: PlanNetwork, out: Path, subtitle: str, units: list[str] = ()) -> list[Path]:
    """Write the plan, coordination, unit and index pages into ``out`` (all or none)."""
    unit_pages = [(u, f"{unit_page(net.units[u].unit_id)}.html") for u in units]
    # Unit pages written earlier into the same folder stay linked from the index.
    by_file = {f"{unit_page(node.unit_id)}.html": u for u, node in net.units.items()}
    earlier = sorted(p.name for p in Path(out).glob(f"{unit_page('*')}.html") if p.name in by_file)
    written = {name for _, name in unit_pages}
    listed = unit_pages + [(by_file[name], name) for name in earlier if name not in written]
    links = [{"href": "index.html", "label": _("Index")}, {"href": "plan.html", "label": _("Plan graph")},
             {"href": "coordination.html", "label": _("Coordination network")}]
    pages = {"plan.html": plan_view(net, links, subtitle),
             "coordination.html": coordination_view(net, links, subtitle)}
    for unit, name in unit_pages:
        pages[name] = unit_view(net, unit, links, subtitle)
    graph = net.coordination()
    pages["index.html"] = template("viz-index.html.jinja").render(
        subtitle=subtitle, tasks=len(net.tasks), units=len(net.unit_ids()),
        all_units=len(net.units), assignments=sum(len(d["roles"]) for _, _, d in net.graph.edges(data=True)),
        pairs=graph.number_of_edges(), roles=[{"label": role(r).heading, "colour": ROLE_COLOURS[r]} for r in ROLE_NAMES],
        unit_pages=[{"href": name, "label": net.units[u].name,
                     "label_en": net.units[u].name_en if language() == "en" else ""}
                    for u, name in sorted(listed, key=lambda item: item[1])])
    files = [(out / name, html) for name, html in sorted(pages.items())]
    write_atomic(files)
    return [path for path, _ in files]
