"""Deterministic files: sorted Turtle and JSON-LD, written atomically."""
from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph

__all__ = ["turtle", "jsonld", "write_atomic"]


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


def write_atomic(files: Iterable[tuple[Path, str | bytes]]) -> None:
    """Write every file or none: all go to temporary files first, then are renamed.

    Text is written as UTF-8 with ``\n`` line ends; bytes as they are.
    """
    staged: list[tuple[str, Path]] = []
    try:
        for path, text in files:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
            staged.append((tmp, path))
            os.chmod(tmp, 0o644)
            if isinstance(text, bytes):
                with os.fdopen(fd, "wb") as handle:
                    handle.write(text)
            else:
                with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                    handle.write(text)
        for tmp, path in staged:
            os.replace(tmp, path)
        staged.clear()
    finally:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)
