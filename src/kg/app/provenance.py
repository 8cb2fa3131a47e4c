"""Who recorded a status file through the app, kept as PROV beside it in ``graph/status/``.

For each report, verdict sheet, upload, 督办单 issue or publication the app records, one more named
graph (``prov-<the file's stem>.trig``) says which account did it, when and from which address:
a ``prov:Activity`` that ``prov:generated`` the recorded graph, ``prov:wasAssociatedWith`` the
account (a ``prov:Agent``; a unit's account ``prov:actedOnBehalfOf`` the unit). It is written once,
never changed, and queried with the other status files (``kg query status-provenance``). The
JSON-lines audit trail (:mod:`.accounts`) also holds what is not a status file: sign-ins and
account changes.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import quote

from rdflib import Dataset, Literal, URIRef

from ..files import write_atomic
from ..model.vocab import ID, PROV, RDF, RDFS, XSD, bind, unit_iri

__all__ = ["record_provenance"]


def record_provenance(recorded: Path, action: str, who: str, role: str, unit_id: str, address: str,
                      at: dt.datetime | None = None) -> Path:
    """Write ``prov-<stem>.trig`` for the status file ``recorded``; its path."""
    at = at or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    source = Dataset()
    source.parse(recorded, format="trig")
    generated = sorted(str(g.identifier) for g in source.graphs() if len(g) and isinstance(g.identifier, URIRef)
                       and str(g.identifier).startswith(str(ID)))
    name = ID[f"status/prov/{recorded.stem}"]
    ds = Dataset()
    bind(ds)
    g = ds.graph(name)
    activity = URIRef(f"{name}/activity")
    agent = ID[f"account/{quote(who, safe='')}"]
    g.add((activity, RDF.type, PROV.Activity))
    g.add((activity, RDFS.label, Literal(action)))
    g.add((activity, PROV.endedAtTime, Literal(at.isoformat(), datatype=XSD.dateTime)))
    g.add((activity, PROV.atLocation, Literal(address)))
    g.add((activity, PROV.wasAssociatedWith, agent))
    for graph in generated:
        g.add((activity, PROV.generated, URIRef(graph)))
    g.add((agent, RDF.type, PROV.Agent))
    g.add((agent, RDFS.label, Literal(who)))
    if role:
        g.add((agent, RDFS.comment, Literal(role)))
    if unit_id:
        g.add((agent, PROV.actedOnBehalfOf, unit_iri(unit_id)))
    out = recorded.with_name(f"prov-{recorded.stem}.trig")
    write_atomic([(out, ds.serialize(format="trig"))])
    return out
