"""督办: the office's orders to rectify red and overdue tasks (督办通知单 → 整改 → 销号).

``kg status supervise`` issues, for every task red in the month (the office's or the lead's colour, or
past its deadline and not reported), one 督办通知单 per lead unit (a Word file) and records them as
``supervise-DATE.trig``. An order is open until the office verifies the task, on or after the day it
was issued, with a colour other than red: that verdict closes it (销号). Open orders appear in the 通报,
the scorecard and 催办; a task with an open order gets no second one.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, Literal, URIRef

from ..files import locked, write_atomic
from ..i18n import _, format_date, format_month, language
from ..model.domain import Colour, colour_for, load_scheme
from ..model.vocab import ID, KG, RDF, XSD, bind, unit_iri
from ..network.plan import PlanNetwork
from ..sparql import formats
from ..sparql.named import load_query
from ..sparql.stores import MemoryStore, Store
from .state import ISSUER, TaskState, in_order, load_indicators, load_records, round_of, states_on, status_dir, task_of

__all__ = ["Order", "load_orders", "orders_needed", "issue_orders", "order_docx", "RECTIFY_DAYS"]

#: Days a unit is given to rectify (整改时限) unless the office says otherwise.
RECTIFY_DAYS = 15


@dataclass(frozen=True)
class Order:
    number: str
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
    rows = formats.records(MemoryStore(graph=ds).select(load_query("status-orders").text))
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
        out.append(Order(row["number"], unit, task, row["problem"], row["issued"], row["due"], row["month"], closed))
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
    states = states_on(net, records, day, scheme, load_indicators(store), month=month)
    folder = status_dir(graph_dir)
    folder.mkdir(parents=True, exist_ok=True)
    with locked(folder / ".lock"):
        open_now = {(o.unit, o.task) for o in load_orders(net, graph_dir, day.isoformat(), records, scheme) if not o.closed}
        needed = [n for n in orders_needed(net, states, scheme) if (n[0], n[1]) not in open_now]
        if not needed:
            return None, []
        due = (day + dt.timedelta(days=days)).isoformat()
        serial = len(list(folder.glob("supervise-*.trig"))) + 1
        orders = []
        for index, (unit, task, problem) in enumerate(sorted(needed, key=lambda n: (net.units[n[0]].name,
                                                                                    net.task_sort_key(n[1]))), 1):
            number = _("S(%(year)s) %(serial)s-%(index)s") % {"year": day.year, "serial": serial, "index": index}
            orders.append(Order(number, unit, task, problem, day.isoformat(), due, month))
        out = folder / f"supervise-{day.isoformat()}-{serial}.trig"
        write_atomic([(out, _graph(orders, net, f"{day.isoformat()}-{serial}"))])
    return out, orders


def _graph(orders: list[Order], net: PlanNetwork, name: str) -> str:
    ds = Dataset()
    bind(ds)
    graph_name = ID[f"status/supervise/{name}"]
    g = ds.graph(graph_name)
    for n, order in enumerate(orders, 1):
        node = URIRef(f"{graph_name}/order/{n}")
        task = net.tasks[order.task]
        g.add((node, RDF.type, KG.SupervisionOrder))
        g.add((node, KG.orderNumber, Literal(order.number)))
        g.add((node, KG.sentTo, unit_iri(net.units[order.unit].unit_id)))
        g.add((node, KG.plan, Literal(task.plan)))
        g.add((node, KG.task, Literal(task.number, datatype=XSD.integer)))
        g.add((node, KG.problem, Literal(order.problem, lang=language())))
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
