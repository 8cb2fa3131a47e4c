"""What the web app holds in memory: the CLI's own store and network, reloaded when a file on disk changes.

Nothing here decides anything: colours come from :mod:`kg.status.state`, sheets from
:mod:`kg.views.sheets`, figures from the named queries. The workbench only keeps their
answers between requests and forgets them when the graph is rebuilt or a report is recorded.
"""
from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict, defaultdict
from concurrent.futures import Future
from pathlib import Path
from typing import Callable

from ..files import graph_path
from ..i18n import language
from ..network.due import due_now_or_next
from ..network.plan import PlanNetwork, load_network
from ..sparql.formats import records
from ..sparql.named import load_query, run
from ..sparql.stores import default_graph_files, open_store, status_files
from ..status.state import apply_latest_status, in_order, load_indicators, load_records, task_of
from ..views.templates import template
from .search import SearchIndex

__all__ = ["Workbench", "DEFAULT_REMIND_DAYS"]

#: How far ahead the 催办 page looks unless asked (days).
DEFAULT_REMIND_DAYS = 14
#: Answers kept between requests (reports, sheets, views, plan networks).
CACHE_SIZE = 200
#: The whole month's downloads the office's pages offer, made when the workbench warms (and again, in the
#: background, after each record), so that the first to ask is served a file already made.
MONTH_FILES = ("chart.xlsx", "review.xlsx", "chart.html", "bulletin.docx")


def _stamp(files: list[Path]) -> tuple:
    return tuple((str(f), f.stat().st_size, f.stat().st_mtime_ns) for f in files if f.exists())


class _Building(Future):
    """An answer being made by one thread, which others asking for the same key wait for."""

    def __init__(self) -> None:
        super().__init__()
        self.maker = threading.get_ident()


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
        #: Answers being made, by key: whoever asks for one waits for it, not for the lock.
        self._building: dict[tuple, _Building] = {}
        #: Counts the times the graph or the records changed: an answer begun before is not kept.
        self._generation = 0
        self._warmed = False
        #: The one background re-warm after records: running, and asked again while it ran.
        self._rewarm = {"running": False, "again": False}
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
                self._building.clear()  # those still being made are handed to who asked, and not kept
                self._generation += 1
                self._status_stamp = status_stamp
                if self._warmed:  # refill in the background: the visitor who recorded a report need not wait
                    self._rewarm_in_background()

    def cached(self, key: tuple, make: Callable):
        """``make()`` once per key until the graph or the records change; the least recently used
        answers are dropped past ``CACHE_SIZE`` (each date or plan a visitor asks for adds one). Kept per
        language: a sheet or chart made for a Chinese reader says its words in Chinese.

        ``make()`` runs outside the lock: a slow answer (a month's workbook) keeps waiting only those
        who asked for the same key, who wait for that one making rather than starting another.
        """
        key = (language(), *key)
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
            building = self._building.get(key)
            if building is None:
                building = self._building[key] = _Building()
                generation = self._generation
                mine = True
            else:
                mine = False
        if not mine:
            if building.maker == threading.get_ident():
                raise RuntimeError("an answer asked for while it is being made, by its own maker")
            return building.result()
        try:
            value = make()
        except BaseException as err:
            self._made(key, building, generation, error=err)
            raise
        self._made(key, building, generation, value)
        return value

    def _made(self, key: tuple, building: _Building, generation: int, value=None, error: BaseException | None = None):
        """``building`` is made (or failed): no longer waited for under ``key``; kept if nothing changed while it
        was made; handed to those who wait for it."""
        with self._lock:
            if self._building.get(key) is building:
                del self._building[key]
            if error is None and generation == self._generation:  # else the records changed meanwhile: not kept
                self._cache[key] = value
                while len(self._cache) > CACHE_SIZE:
                    self._cache.popitem(last=False)
        if error is None:
            building.set_result(value)
        else:
            building.set_exception(error)

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

    def bulletin(self, day: dt.date):
        """The 通报 draft as of ``day`` (what ``kg status bulletin`` writes)."""
        from ..status.bulletin import build_bulletin

        return self.cached(("bulletin", day), lambda: build_bulletin(self.report(day)))

    def month_file(self, name: str, day: dt.date) -> str | bytes:
        """One of :data:`MONTH_FILES` as of ``day``: kept until a record is written when it is of the app's own
        day (a file of another day is made again: a visitor walking through dates would pile up megabytes)."""
        from ..status.bulletin import bulletin_docx
        from ..status.report import report_html, report_xlsx
        from ..status.review import review_xlsx

        makers = {"chart.xlsx": lambda: report_xlsx(self.report(day)),
                  "chart.html": lambda: report_html(self.report(day)),
                  "review.xlsx": lambda: review_xlsx(self.net, self.store, self.dir, day),
                  "bulletin.docx": lambda: bulletin_docx(self.bulletin(day))}
        return self.cached(("file", name, day), makers[name]) if day == self.today() else makers[name]()

    def prepare_downloads(self, day: dt.date) -> None:
        """Make the month's downloads of ``day`` now, one after another (after a record, in the background: a
        page asked for meanwhile is answered, a download asked for meanwhile waits for its own making)."""
        for name in MONTH_FILES:
            try:
                self.month_file(name, day)
            except Exception:  # noqa: BLE001 - not kept: the visitor who asks for it is shown why
                continue

    def warm(self) -> None:
        """Fill the caches the first pages of the day need and make the month's downloads, before the first
        visitor waits for them (after a record is written, :meth:`refresh` runs this in the background)."""
        self._warmed = True
        day = self.today()
        self.report(day)
        self._findings_by_task()
        self.history()
        self.scorecard(day)
        self.reminders(day, DEFAULT_REMIND_DAYS)
        due_now_or_next(self.net, day.strftime("%Y-%m"))  # the home page's "due this period and next"
        self.net.overdue(day.isoformat())  # every sheet's "past the deadline", whichever plan it is of
        for name in ("sheet.html.jinja", "sheet.md.jinja"):  # compiled once, not by the first sheet's visitor
            template(name)
        self.prepare_downloads(day)

    def _rewarm_in_background(self) -> None:
        """Run :meth:`warm` in one background thread. Records that arrive while it runs (sixty units reporting
        on the last afternoon) ask for one more run after it, not a thread each: what a run made before the
        latest record is not kept, so only the last run's work is served, and the pages are not slowed by
        a crowd of threads making files no one will be handed."""
        with self._lock:
            if self._rewarm["running"]:
                self._rewarm["again"] = True
                return
            self._rewarm["running"] = True
        threading.Thread(target=self._rewarm_until_settled, name="kg-rewarm", daemon=True).start()

    def _rewarm_until_settled(self) -> None:
        while True:
            try:
                self.warm()
            except Exception:  # noqa: BLE001 - nothing kept: the visitor who asks is shown why
                pass
            with self._lock:
                if not self._rewarm["again"]:
                    self._rewarm["running"] = False
                    return
                self._rewarm["again"] = False

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
