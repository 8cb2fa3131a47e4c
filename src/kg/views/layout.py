"""Seeded layouts for the views that never need scipy and stay cheap at any size.

networkx's spring layout switches to a scipy-only sparse solver from 500 nodes and
its dense solver holds an n×n matrix, so neither can place the tasks of 1000 plans.
Views are therefore laid out in two levels: the few groups a view opens on
(sections, clusters) on a ring, then the units and tasks around them — by a spring
layout with the groups held fixed while they are few, else on a sunflower spiral
around their group (constant work per node).
"""
from __future__ import annotations

import math

import networkx as nx

__all__ = ["SPRING_LIMIT", "SPIRAL_SPACING", "sunflower", "ring", "anchored"]

#: Above this many nodes a spring layout is replaced by a spiral (networkx needs scipy from 500).
SPRING_LIMIT = 400
#: Distance between neighbours on a spiral, in layout units (a view draws one unit as about 420 px).
SPIRAL_SPACING = 0.06
_GOLDEN = math.pi * (3 - math.sqrt(5))


def sunflower(nodes: list, centre: tuple[float, float] = (0.0, 0.0), spacing: float = 1.0) -> dict:
    """Nodes on a Vogel spiral around ``centre``, the first in the middle, ``spacing`` apart.

    >>> sorted(sunflower(["a", "b"], spacing=2.0).items())
    [('a', (0.0, 0.0)), ('b', (-1.475, 1.351))]
    """
    cx, cy = centre
    placed = {}
    for index, node in enumerate(nodes):
        radius = spacing * math.sqrt(index)
        angle = index * _GOLDEN
        placed[node] = (round(cx + radius * math.cos(angle), 3), round(cy + radius * math.sin(angle), 3))
    return placed


def ring(nodes: list, radius: float = 1.0) -> dict:
    """Nodes evenly on a circle, the first at the top: the few groups a view opens on, never on top of each other.

    >>> ring(["a", "b"])
    {'a': (0.0, -1.0), 'b': (0.0, 1.0)}
    """
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    step = 2 * math.pi / max(len(nodes), 1)
    return {node: (round(radius * math.sin(i * step), 3) + 0.0, round(-radius * math.cos(i * step), 3) + 0.0)
            for i, node in enumerate(nodes)}


def anchored(fixed: dict, members: dict, edges: list[tuple], seed: int = 42, spacing: float = 1.0) -> dict:
    """Positions for ``members`` (node → its anchor, or None), the ``fixed`` nodes held where they are.

    ``edges`` (a, b, weight) pull nodes together while the members are few enough for a spring
    layout (``spacing`` scales the distance it keeps between nodes). Past that a member with an anchor sits on a spiral around it, one without at the
    weighted centre of the fixed nodes it links to.
    """
    if not members:
        return {}
    spread = spacing / math.sqrt(len(fixed) + len(members))
    if len(members) + len(fixed) > SPRING_LIMIT:
        return _spread_out(fixed, members, edges)
    graph = nx.Graph()
    graph.add_nodes_from(sorted(fixed, key=str))
    graph.add_nodes_from(sorted(members, key=str))
    links = [(n, a, 3.0) for n, a in members.items() if a is not None] + list(edges)
    graph.add_weighted_edges_from(sorted((a, b, w) for a, b, w in links if a in graph and b in graph))
    start = dict(fixed)
    start.update(_spread_out(fixed, members, edges))
    pos = nx.spring_layout(graph, pos=start, fixed=sorted(fixed, key=str), seed=seed, k=spread,
                           iterations=100, weight="weight")
    return {node: (float(pos[node][0]), float(pos[node][1])) for node in members}


def _spread_out(fixed: dict, members: dict, edges: list[tuple]) -> dict:
    """Members on a spiral around their anchor, or (no anchor) near the centre of their fixed partners."""
    pull: dict = {}
    for a, b, w in edges:
        for node, other in ((a, b), (b, a)):
            if node in members and members[node] is None and other in fixed:
                pull.setdefault(node, []).append((fixed[other], w))
    by_centre: dict = {}
    for node in sorted(members, key=str):
        anchor = members[node]
        if anchor is not None:
            centre = fixed[anchor]
        else:
            total = sum(w for _, w in pull.get(node, [])) or 1
            centre = (round(sum(p[0] * w for p, w in pull.get(node, [])) / total, 2),
                      round(sum(p[1] * w for p, w in pull.get(node, [])) / total, 2))
        by_centre.setdefault(centre, []).append(node)
    placed = {}
    for centre, nodes in sorted(by_centre.items()):
        for node, (x, y) in sunflower(nodes, centre, spacing=SPIRAL_SPACING).items():
            placed[node] = (x, y) if members[node] is not None or len(nodes) > 1 else (x + SPIRAL_SPACING / 2, y)
    return placed
