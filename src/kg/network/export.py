"""GraphML and GEXF files of the networkx views, for Gephi, Cytoscape and yEd."""
from __future__ import annotations

import io

import networkx as nx

from .analytics import clusters
from .plan import PlanNetwork

__all__ = ["export_graph", "plan_graph", "flat_copy"]


def flat_copy(graph: nx.Graph) -> nx.Graph:
    """A copy whose attributes are all scalars (lists joined with ``|``), as GraphML needs."""
    out = graph.__class__()
    out.graph.update({k: v for k, v in graph.graph.items() if isinstance(v, (str, int, float, bool))})

    def flat(attrs: dict) -> dict:
        return {k: "|".join(map(str, v)) if isinstance(v, (list, tuple, set)) else v
                for k, v in sorted(attrs.items()) if v is not None}

    for node, attrs in sorted(graph.nodes(data=True)):
        out.add_node(node, **flat(attrs))
    for a, b, attrs in sorted(graph.edges(data=True)):
        out.add_edge(a, b, **flat(attrs))
    return out


def plan_graph(net: PlanNetwork) -> nx.Graph:
    """The plan graph with each node's facts as attributes (for export and the views)."""
    graph = nx.Graph()
    for node_id in sorted(net.graph):
        if node_id in net.tasks:
            t = net.tasks[node_id]
            graph.add_node(node_id, node_type="task", plan=t.plan, number=t.number, label=t.label,
                           section=t.section, work_item=t.work_item, description=t.description,
                           deadline=t.deadline, ongoing=t.ongoing, deadline_text=t.deadline_text)
        else:
            u = net.units[node_id]
            graph.add_node(node_id, node_type="unit", unit_id=u.unit_id, label=u.name, label_en=u.name_en,
                           kind=u.kind)
    for a, b, data in sorted((min(a, b), max(a, b), d) for a, b, d in net.graph.edges(data=True)):
        graph.add_edge(a, b, roles=list(data["roles"]))
    return graph


def export_graph(net: PlanNetwork, view: str = "coordination", fmt: str = "graphml") -> str:
    """The chosen view as GraphML or GEXF text, with workload and cluster on unit nodes."""
    graph = net.coordination() if view == "coordination" else plan_graph(net)
    cluster_of = {}
    for row in clusters(net):
        for member in row["members"].split("|"):
            cluster_of[member] = row["cluster"]
    for node, data in graph.nodes(data=True):
        if data.get("node_type") == "unit":
            data["load"] = float(net.loads.get(node, 0))
            data["cluster"] = cluster_of.get(data["label"], 0)
    graph.graph["name"] = f"kg {view} view"
    flat = flat_copy(graph)
    buffer = io.BytesIO()
    if fmt == "gexf":
        nx.write_gexf(flat, buffer, encoding="utf-8")
    else:
        nx.write_graphml(flat, buffer, encoding="utf-8", named_key_ids=True)
    return buffer.getvalue().decode("utf-8")
