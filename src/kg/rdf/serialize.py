"""Deterministic graph files: sorted Turtle and JSON-LD."""
from __future__ import annotations

import json

from rdflib import Graph

__all__ = ["turtle", "jsonld"]


def turtle(graph: Graph) -> str:
    """rdflib's ``longturtle`` sorts subjects and predicates, so a rebuild gives no diff."""
    return graph.serialize(format="longturtle")


def _sorted(value):
    if isinstance(value, dict):
        return {k: _sorted(v) for k, v in sorted(value.items())}
    if isinstance(value, list):
        items = [_sorted(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def jsonld(graph: Graph) -> str:
    """JSON-LD with the graph's prefixes as context, nodes and values in a fixed order."""
    context = {prefix: str(ns) for prefix, ns in graph.namespaces() if prefix}
    data = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True))
    if isinstance(data, dict) and "@graph" in data:
        data["@graph"] = sorted((_sorted(n) for n in data["@graph"]), key=lambda n: n.get("@id", ""))
        data["@context"] = dict(sorted(data["@context"].items()))
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
