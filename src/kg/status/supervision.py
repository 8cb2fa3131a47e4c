"""督办: the office's orders to rectify red and overdue tasks (督办通知单 → 整改 → 销号).

``kg status supervise`` issues, for every task red in the month (the office's or the lead's colour, or
past its deadline and not reported), one 督办通知单 per lead unit (a Word file) and records them as
``supervise-DATE.trig``. An order is open until the office verifies the task, on or after the day it
was issued, with a colour other than red: that verdict closes it (销号). Open orders appear in the 通报,
the scorecard and 催办; a task with an open order gets no second one.

A record holds data, said in the reader's language when read: the number as its year, batch and place
(``2023-1-2``, read as 督〔2023〕1-2号 or S(2023) 1-2), and the problem as the office or the unit wrote it,
or, when it is kg's own words (a rule's, 进度停滞), in every language kg speaks (``@zh`` and ``@en``, as
findings are kept). So an order issued with ``--lang en`` reads in Chinese in the next 通报, and the
Word file made again from the app is in its reader's language.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, Literal, URIRef

from ..files import locked, write_atomic
from ..i18n import LANGUAGES, _, format_date, format_month, language, use
from ..model.domain import Colour, colour_for, load_scheme, order_number
from ..model.vocab import ID, KG, RDF, XSD, bind, unit_iri
from ..network.plan import PlanNetwork
from ..sparql import formats
from ..sparql.named import load_query, run
from ..sparql.stores import MemoryStore, Store
from .state import ISSUER, TaskState, in_order, load_indicators, load_records, round_of, states_on, status_dir, task_of

__all__ = ["Order", "load_orders", "orders_needed", "issue_orders", "order_docx", "RECTIFY_DAYS"]

#: Days a unit is given to rectify (整改时限) unless the office says otherwise.
RECTIFY_DAYS = 15


#: A recorded number: its year, batch and place, in the neutral form kg writes (2023-1-2) or as records
#: written before it said them (督〔2023〕1-2号, S(2023) 1-2).
_NUMBER = re.compile(r"(\d{4})\D+(\d+)-(\d+)")


def _number_said(recorded: str) -> str:
    """A recorded number in the language in force, whichever form it was recorded in."""
    match = _NUMBER.search(recorded)
    return order_number(*map(int, match.groups())) if match else recorded


@dataclass(frozen=True)
class Order:
    number: str  # as people read it, in the language in force
    unit: str  # unit node id
    task: str  # task id
    problem: str
    issued: str  # YYYY-MM-DD
    due: str  # YYYY-MM-DD: 整改时限
    month: str  # the month whose red it answers
    closed: str = ""  # the day the office verified the task other than red (销号), "" while open

    def overdue_on(self, day: str) -> bool:
        return not self.closed and self.due < day


def load_orders(net: PlanNetwork, graph_dir: Path, upto: str, records: list[dict] | None = None,
                scheme: list[Colour] | None = None) -> list[Order]:
    """The orders issued up to ``upto``, each closed by the first verdict other than red since it was issued."""
    ds = Dataset()
    for file in sorted(status_dir(graph_dir).glob("supervise-*.trig")):
        ds.parse(file, format="trig")
    rows = formats.records(run(MemoryStore(graph=ds), load_query("status-orders")))  # the problem in our language
    red = colour_for(scheme or load_scheme(), "overdue").notation
    verdicts = [r for r in in_order(records if records is not None else load_records(graph_dir))
                if r["by"] == "office" and r["colour"] and r["colour"] != red and r["as_of"] <= upto]
    out = []
    for row in rows:
        task = f"{row['plan']}/task/{row['task']}"
        unit = "unit/" + row["unit"].rsplit("/unit/", 1)[1]
        if row["issued"] > upto or task not in net.tasks or unit not in net.units:
            continue
        closed = next((v["as_of"] for v in verdicts if task_of(v, net) == task and v["as_of"] >= row["issued"]), "")
        out.append(Order(_number_said(row["number"]), unit, task, row["problem"], row["issued"], row["due"],
                         row["month"], closed))
    return out


def orders_needed(net: PlanNetwork, states: dict[str, TaskState], scheme: list[Colour]) -> list[tuple[str, str, str]]:
    """(lead unit, task, problem) for each task red this month, official or past its deadline and unreported."""
    red = colour_for(scheme, "overdue").notation
    out = []
    for task, state in states.items():
        silent_red = not state.official and state.suggestion and state.suggestion[0] == red
        if state.official != red and not silent_red:
            continue
        problem = state.reason or _("stalled")
        if silent_red:
            problem = _("%(rule)s, and no progress reported this month") % {"rule": state.suggestion[1]}
        for unit in net.members(task)["lead"]:
            if net.units[unit].one_unit:
                out.append((unit, task, problem))
    return out


def issue_orders(net: PlanNetwork, store: Store, graph_dir: Path, day: dt.date, month: str | None = None,
                 days: int = RECTIFY_DAYS, scheme: list[Colour] | None = None) -> tuple[Path | None, list[Order]]:
    """Issue the month's 督办通知单 (one per lead unit and red task without an open order) and record them."""
    scheme = scheme or load_scheme()
    month = round_of(month or day.strftime("%Y-%m"))
    records = load_records(graph_dir)
    indicators = load_indicators(store)
    said: dict[tuple[str, str], dict[str, str]] = {}  # (unit, task) → language → the problem in kg's words
    for lang in LANGUAGES:
        with use(lang):
            states = states_on(net, records, day, scheme, indicators, month=month)
            for unit, task, problem in orders_needed(net, states, scheme):
                said.setdefault((unit, task), {})[lang] = problem
    folder = status_dir(graph_dir)
    folder.mkdir(parents=True, exist_ok=True)
    with locked(folder / ".lock"):
        open_now = {(o.unit, o.task) for o in load_orders(net, graph_dir, day.isoformat(), records, scheme) if not o.closed}
        needed = [n for n in said if n not in open_now]
        if not needed:
            return None, []
        due = (day + dt.timedelta(days=days)).isoformat()
        serial = len(list(folder.glob("supervise-*.trig"))) + 1
        orders, recorded = [], []
        for index, (unit, task) in enumerate(sorted(needed, key=lambda n: (net.units[n[0]].name,
                                                                           net.task_sort_key(n[1]))), 1):
            orders.append(Order(order_number(day.year, serial, index), unit, task, said[unit, task][language()],
                                day.isoformat(), due, month))
            recorded.append((f"{day.year}-{serial}-{index}", said[unit, task]))
        out = folder / f"supervise-{day.isoformat()}-{serial}.trig"
        write_atomic([(out, _graph(orders, recorded, net, f"{day.isoformat()}-{serial}"))])
    return out, orders


def _graph(orders: list[Order], recorded: list[tuple[str, dict[str, str]]], net: PlanNetwork, name: str) -> str:
    """The orders as a named graph: each with its neutral number and its problem, once when it is a person's
    words (the same in every language), else in each language."""
    ds = Dataset()
    bind(ds)
    graph_name = ID[f"status/supervise/{name}"]
    g = ds.graph(graph_name)
    for n, (order, (number, problems)) in enumerate(zip(orders, recorded), 1):
        node = URIRef(f"{graph_name}/order/{n}")
        task = net.tasks[order.task]
        g.add((node, RDF.type, KG.SupervisionOrder))
        g.add((node, KG.orderNumber, Literal(number)))
        g.add((node, KG.sentTo, unit_iri(net.units[order.unit].unit_id)))
        g.add((node, KG.plan, Literal(task.plan)))
        g.add((node, KG.task, Literal(task.number, datatype=XSD.integer)))
        if len(set(problems.values())) == 1:
            g.add((node, KG.problem, Literal(order.problem)))
        else:
            for lang, text in problems.items():
                g.add((node, KG.problem, Literal(text, lang=lang)))
        g.add((node, KG.issued, Literal(order.issued, datatype=XSD.date)))
        g.add((node, KG.dueBy, Literal(order.due, datatype=XSD.date)))
        g.add((node, KG.month, Literal(order.month, datatype=XSD.gYearMonth)))
    return ds.serialize(format="trig")


def order_docx(orders: list[Order], net: PlanNetwork) -> bytes:
    """One unit's 督办通知单: 主送, the tasks with their problem, the requirement and the 整改时限, 落款 and date."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from ..views.office import docx_bytes, docx_document, docx_table

    first = orders[0]
    document = docx_document(landscape=False, size=12)
    title = document.add_paragraph(_("Supervision order"))
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.runs[0].bold = True
    document.add_paragraph("　".join(o.number for o in orders)).alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(_("%(unit)s:") % {"unit": net.units[first.unit].name})
    document.add_paragraph(_("The supervision of %(month)s found these %(n)d tasks your unit leads red (%(meaning)s). "
                             "Please put each problem right and send how it was put right, with evidence, to %(issuer)s "
                             "by %(date)s; a task verified no longer red is closed.")
                           % {"month": format_month(first.month), "n": len(orders), "issuer": _(ISSUER),
                              "meaning": colour_for(load_scheme(), "overdue").described, "date": format_date(first.due)})
    docx_table(document, [_("No."), _("Work item"), _("Problem"), _("Requirement"), _("Put right by")],
               [[net.tasks[o.task].label, net.tasks[o.task].work_item, o.problem,
                 _("put right on time and send evidence"), format_date(o.due)] for o in orders])
    for text in ("", _(ISSUER), format_date(first.issued)):
        document.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return docx_bytes(document)
