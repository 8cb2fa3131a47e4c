"""Publishing a month (kg status publish): its figures recorded as the office published them, then frozen.

A record for a published month that arrives afterwards is kept as 迟报 or 更正 (see
:func:`.workflow.record_file`) and shown in the following month; it never changes the published month,
whose figures are recomputed from the same records (:func:`.state.states_on` leaves late ones out) and
checked against what was published.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from rdflib import Dataset, Literal, URIRef

from ..errors import InputError
from ..files import locked, write_atomic
from ..i18n import _
from ..model.vocab import ID, KG, RDF, XSD, bind
from ..network.plan import PlanNetwork
from ..sparql.stores import Store
from .report import StatusReport, build_report
from .state import publication, status_dir

__all__ = ["publish", "published_figures", "figures_of"]


def figures_of(report: StatusReport) -> dict[str, str]:
    """The figures a month is published with: counts by colour, units due and sent, 报送率, each task's colour."""
    out = {f"count/{c}": str(n) for c, n in report.totals.items()}
    out.update({"units/due": str(len(report.units_due)), "units/sent": str(len(report.units_sent)),
                "units/rate": report.reporting_rate})
    out.update({f"task/{row['id']}": row["official"] for row in report.rows})
    return out


def publish(net: PlanNetwork, store: Store, graph_dir: Path, day: dt.date,
            month: str | None = None) -> tuple[Path, StatusReport]:
    """Record ``month``'s figures (by default ``day``'s month) as known on ``day`` as published
    (``publish-YYYY-MM.trig``); a month is published once."""
    if day > dt.date.today():
        raise InputError(_("--as-of %(day)s is in the future") % {"day": day.isoformat()},
                         fix=_("publish a month once its figures are in"))
    report = build_report(net, store, graph_dir, day, month=month)
    folder = status_dir(graph_dir)
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / f"publish-{report.month}.trig"
    with locked(folder / ".lock"):
        if done := publication(graph_dir, report.month):
            raise InputError(_("%(month)s was published as of %(day)s; a published month never changes")
                             % {"month": report.month, "day": done}, path=out,
                             fix=_("records for it now arrive as late records or corrections and show in the next month"))
        ds = Dataset()
        bind(ds)
        name = ID[f"status/publish/{report.month}"]
        g = ds.graph(name)
        node = URIRef(f"{name}/publication")
        g.add((node, RDF.type, KG.Publication))
        g.add((node, KG.publishes, Literal(report.month, datatype=XSD.gYearMonth)))
        g.add((node, KG.asOf, Literal(day.isoformat(), datatype=XSD.date)))
        for key, value in sorted(figures_of(report).items()):
            figure = URIRef(f"{name}/figure/{key}")
            g.add((node, KG.figure, figure))
            g.add((figure, RDF.value, Literal(value)))
        write_atomic([(out, ds.serialize(format="trig"))])
    return out, report


def published_figures(graph_dir: Path, month: str) -> dict[str, str]:
    """The figures ``month`` was published with (empty when it was not)."""
    file = status_dir(graph_dir) / f"publish-{month}.trig"
    if not file.is_file():
        return {}
    ds = Dataset()
    ds.parse(file, format="trig")
    prefix = f"{ID}status/publish/{month}/figure/"
    return {str(s).removeprefix(prefix): str(o) for s, _, o, _ in ds.quads((None, RDF.value, None, None))}
