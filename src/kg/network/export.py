"""GraphML and GEXF files of the networkx views, for Gephi, Cytoscape and yEd."""
from __future__ import annotations

import io

import networkx as nx

from .analytics import clusters, workload
from .plan import Views

__all__ = ["export_graph", "EXPORT_FORMATS", "EXPORT_VIEWS", "flat_copy"]

EXPORT_FORMATS = ("graphml", "gexf")
EXPORT_VIEWS = ("plan", "coordination")


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


def export_graph(views: Views, view: str = "coordination", fmt: str = "graphml") -> str:
    """The chosen view as GraphML or GEXF text, with workload and cluster on unit nodes."""
    graph = views.coordination() if view == "coordination" else views.plan.copy()
    loads = {r["unit"]: r for r in workload(views, all_units=True)}
    cluster_of = {}
    for row in clusters(views):
        for member in row["members"].split("|"):
            cluster_of[member] = row["cluster"]
    for node, data in graph.nodes(data=True):
        if data.get("node_type") == "unit":
            row = loads.get(data["label"], {})
            data["load"] = float(row.get("load", 0))
            data["cluster"] = cluster_of.get(data["label"], 0)
        data.pop("periods", None)
        data.pop("starts", None)
    graph.graph["name"] = f"kg {view} view"
    flat = flat_copy(graph)
    buffer = io.BytesIO()
    if fmt == "gexf":
        nx.write_gexf(flat, buffer, encoding="utf-8")
    else:
        nx.write_graphml(flat, buffer, encoding="utf-8", named_key_ids=True)
    return buffer.getvalue().decode("utf-8")
