"""What the web app holds in memory: the CLI's own store and network, reloaded when a file on disk changes.

Nothing here decides anything: colours come from :mod:`kg.status.state`, sheets from
:mod:`kg.views.sheets`, figures from the named queries. The workbench only keeps their
answers between requests and forgets them when the graph is rebuilt or a report is recorded.
"""
from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict, defaultdict
from pathlib import Path
from typing import Callable

from ..files import graph_path
from ..i18n import language
from ..network.plan import PlanNetwork, load_network
from ..sparql.formats import records
from ..sparql.named import load_query, run
from ..sparql.stores import default_graph_files, open_store, status_files
from ..status.state import apply_latest_status, in_order, load_indicators, load_records, task_of
from .search import SearchIndex

__all__ = ["Workbench", "DEFAULT_REMIND_DAYS"]

#: How far ahead the 催办 page looks unless asked (days).
DEFAULT_REMIND_DAYS = 14
#: Answers kept between requests (reports, sheets, views, plan networks).
CACHE_SIZE = 200


def _stamp(files: list[Path]) -> tuple:
    return tuple((str(f), f.stat().st_size, f.stat().st_mtime_ns) for f in files if f.exists())


class Workbench:
    """The graph in ``graph`` (a folder or file, as ``--graph``), ready for pages; thread-safe."""

    def __init__(self, graph: Path | None = None, store_kind: str = "auto", as_of: dt.date | None = None) -> None:
        target = graph_path(graph)
        self.graph = target
        self.dir = target if target.is_dir() else target.parent
        self.store_kind = store_kind
        self.fixed_day = as_of
        self._lock = threading.RLock()
        self._graph_stamp: tuple | None = None
        self._status_stamp: tuple | None = None
        self._cache: OrderedDict = OrderedDict()
        self._warmed = False
        self.refresh()

    # -- loading ------------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload what changed on disk: the built graph (everything), or the recorded status files."""
        graph_stamp = _stamp(default_graph_files(self.graph))
        status_stamp = _stamp(status_files(self.graph))
        if graph_stamp == self._graph_stamp and status_stamp == self._status_stamp:
            return
        with self._lock:  # another request may have reloaded while this one waited: compare again
            graph_stamp = _stamp(default_graph_files(self.graph))
            status_stamp = _stamp(status_files(self.graph))
            if graph_stamp != self._graph_stamp:
                self.store = open_store(self.store_kind, graph=self.graph, in_memory=True)
                #: Oxigraph in memory holds the recorded status files as named graphs (status queries).
                self.status_in_store = hasattr(self.store, "replace_named_graphs")
                self.net: PlanNetwork = load_network(self.store)
                self.search = SearchIndex(self.net)
                self.indicators = load_indicators(self.store)
                self._graph_stamp = graph_stamp
                self._status_stamp = None
            if status_stamp != self._status_stamp:
                if self.status_in_store:
                    self.store.replace_named_graphs(status_files(self.graph))
                self.records = in_order(load_records(self.dir))
                apply_latest_status(self.net, self.dir)
                self._cache.clear()
                self._status_stamp = status_stamp
                if self._warmed:  # refill in the background: the visitor who recorded a report need not wait
                    threading.Thread(target=self.warm, daemon=True).start()

    def cached(self, key: tuple, make: Callable):
        """``make()`` once per key until the graph or the records change; the least recently used
        answers are dropped past ``CACHE_SIZE`` (each date or plan a visitor asks for adds one). Kept per
        language: a sheet or chart made for a Chinese reader says its words in Chinese."""
        key = (language(), *key)
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
            else:
                self._cache[key] = make()
                while len(self._cache) > CACHE_SIZE:
                    self._cache.popitem(last=False)
            return self._cache[key]

    # -- what pages ask for ------------------------------------------------------------------------------

    def today(self) -> dt.date:
        return self.fixed_day or dt.date.today()

    @property
    def plans(self) -> list[tuple[str, str]]:
        return sorted(self.net.plans.items())

    def plan_net(self, plan: str | None) -> PlanNetwork:
        """The network of one plan (the whole one when the graph holds a single plan)."""
        if plan is None or len(self.net.plans) == 1:
            return self.net

        def make() -> PlanNetwork:
            net = load_network(self.store, plan=plan, whole=self.net)
            apply_latest_status(net, self.dir)
            return net

        return self.cached(("plan-net", plan), make)

    def rows(self, query: str, **params: str) -> list[dict[str, str]]:
        """A named query's rows as plain strings (cached)."""
        return self.cached(("rows", query, tuple(sorted(params.items()))),
                           lambda: records(run(self.store, load_query(query), params)))

    def findings(self, task: str) -> list[dict[str, str]]:
        """What the reader noticed about one task, with its source lines (``findings.rq``)."""
        return self._findings_by_task().get(task, [])

    def _findings_by_task(self) -> dict[str, list[dict[str, str]]]:
        def make():
            out = defaultdict(list)
            for row in self.rows("findings"):
                if row["task"]:
                    out[f"{row['plan']}/task/{row['task']}"].append(row)
            return out

        return self.cached(("findings",), make)

    def report(self, day: dt.date):
        """The five-colour report as of ``day`` (what ``kg status report`` writes)."""
        from ..status.report import build_report

        return self.cached(("report", day), lambda: build_report(self.net, self.store, self.dir, day))

    def scorecard(self, day: dt.date):
        from ..status.scorecard import scorecard

        return self.cached(("scorecard", day), lambda: scorecard(self.net, self.store, self.dir, day))

    def reminders(self, day: dt.date, days: int):
        from ..status.remind import reminders

        return self.cached(("remind", day, days), lambda: reminders(self.net, self.store, self.dir, day, days))

    def warm(self) -> None:
        """Fill the caches the first pages of the day need, before the first visitor waits for them."""
        self._warmed = True
        day = self.today()
        self.report(day)
        self._findings_by_task()
        self.history()
        self.scorecard(day)
        self.reminders(day, DEFAULT_REMIND_DAYS)
        current = self.net.period_of(day.strftime("%Y-%m"))
        for period in (current, current + 1) if current else ():
            if period in self.net.periods:
                self.net.due(period)  # the home page's "due this period and next"

    def inbox(self, name: str, suffix: str) -> Path:
        """A new file name in ``graph/status/inbox/`` for what a form or upload sent (kept as sent)."""
        import secrets

        from ..status.state import status_dir

        folder = status_dir(self.dir) / "inbox"
        folder.mkdir(parents=True, exist_ok=True)
        return folder / f"{name}-{dt.datetime.now():%Y%m%dT%H%M%S}-{secrets.token_hex(3)}{suffix}"

    def history(self) -> dict[str, list[dict]]:
        """Every recorded report and verdict, oldest first, by task id."""
        def make():
            out = defaultdict(list)
            for record in self.records:
                task = task_of(record, self.net)
                if task:
                    out[task].append(record)
            return out

        return self.cached(("history",), make)
