"""Search across units and tasks in Chinese: names, English names, aliases and task text.

Text is folded the way unit names are looked up (:func:`kg.readers.registry.lookup_key`:
width, spaces, case), so 市场监管局, ＳＡＭＲ and "county court" all match. Each entry's
folded text sits in one string per kind, so a query is one ``str.find`` loop over a few
megabytes at a thousand plans, not a Python test per task.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from ..network.plan import PlanNetwork
from ..readers.registry import lookup_key

__all__ = ["Hit", "SearchIndex"]

_SEP = "\x00"


@dataclass(frozen=True)
class Hit:
    kind: str  # unit | task
    id: str  # node id: unit/<id> or <plan>/task/<n>
    title: str
    detail: str
    rank: int  # 0 a whole name, 1 a name's start, 2 inside a name or work item, 3 inside the text


class _Column:
    """Entries' folded texts joined into one string; a match's offset finds its entry."""

    def __init__(self, texts: list[str]) -> None:
        self.starts, parts, at = [], [], 0
        for text in texts:
            self.starts.append(at)
            parts.append(text)
            at += len(text) + 1
        self.blob = _SEP.join(parts)

    def matches(self, key: str) -> list[int]:
        found, at = [], self.blob.find(key)
        while at >= 0:
            index = bisect_right(self.starts, at) - 1
            found.append(index)
            at = self.blob.find(key, self.starts[index + 1] if index + 1 < len(self.starts) else len(self.blob))
        return found


class SearchIndex:
    def __init__(self, net: PlanNetwork) -> None:
        self.net = net
        self.units = sorted(net.units, key=lambda u: (net.units[u].name, u))
        names: dict[str, list[str]] = {u: [] for u in self.units}
        for key, unit in net.aliases.items():
            names.setdefault(unit, []).append(key)
        self.unit_names = [[lookup_key(n) for n in (net.units[u].name, net.units[u].name_en, net.units[u].unit_id) if n]
                           + sorted(names.get(u, [])) for u in self.units]
        self._units = _Column([_SEP.join(keys).replace(_SEP, "\x01") for keys in self.unit_names])
        self.tasks = sorted(net.tasks, key=net.task_sort_key)
        self._titles = _Column([lookup_key(net.tasks[t].work_item) for t in self.tasks])
        self._texts = _Column([lookup_key(net.tasks[t].description) for t in self.tasks])

    def search(self, query: str, limit: int = 100) -> tuple[list[Hit], int]:
        """The best ``limit`` hits (units first, closest names first) and how many there are in all."""
        key = lookup_key(query)
        if not key:
            return [], 0
        hits: dict[str, Hit] = {}
        for index in self._units.matches(key):
            unit = self.units[index]
            node = self.net.units[unit]
            names = self.unit_names[index]
            rank = 0 if key in names else 1 if any(n.startswith(key) for n in names) else 2
            alias = next((n for n in names[3:] if key in n), "")
            hits[unit] = Hit("unit", unit, node.name, node.name_en + (f" · alias {alias}" if alias else ""), rank)
        for column, in_title in ((self._titles, True), (self._texts, False)):
            for index in column.matches(key):
                task = self.tasks[index]
                if task in hits:
                    continue
                node = self.net.tasks[task]
                rank = (1 if lookup_key(node.work_item).startswith(key) else 2) if in_title else 3
                hits[task] = Hit("task", task, f"{node.label} {node.work_item}", _snippet(node.description, query),
                                 rank)
        ordered = sorted(hits.values(), key=lambda h: (h.kind != "unit", h.rank, self._order(h)))
        return ordered[:limit], len(ordered)

    def _order(self, hit: Hit) -> tuple:
        return self.net.task_sort_key(hit.id) if hit.kind == "task" else (hit.title, 0)


def _snippet(text: str, query: str, width: int = 60) -> str:
    """The part of ``text`` around the first match, for a result line."""
    at = text.find(query.strip())
    if at < 0:
        return text[:width * 2] + ("…" if len(text) > width * 2 else "")
    start = max(0, at - width)
    return ("…" if start else "") + text[start:at + len(query) + width] + ("…" if at + len(query) + width < len(text) else "")
