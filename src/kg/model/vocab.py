"""Namespaces and IRIs: ASCII, stable across builds, readable."""
from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib import namespace as _standard

__all__ = ["KG", "KGK", "KGM", "KGC", "ID", "ROLE_CONCEPT", "ROLE_PROPERTY", "PREFIXES", "bind", "plan_iri",
           "unit_iri", "period_iri", "DCTERMS", "ORG", "OWL", "PROV", "RDF", "RDFS", "SKOS",
           "TIME", "XSD"]

class _Vocabulary(Namespace):
    """A namespace that makes each of its terms once: rdflib's makes and validates a new URIRef on every
    ``KG.order``, which was a fifth of a large build. Only for vocabularies (a bounded set of names)."""

    _made: dict[tuple[str, str], URIRef] = {}

    def term(self, name: str) -> URIRef:
        key = (str(self), name)
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = super().term(name)
        return made


KG = _Vocabulary("https://w3id.org/kg/ns#")
KGK = _Vocabulary("https://w3id.org/kg/kind/")
KGM = _Vocabulary("https://w3id.org/kg/method/")
KGC = Namespace("https://w3id.org/kg/status/")  # the status colours (ontology/status-colours.ttl)
ID = Namespace("https://w3id.org/kg/id/")  # instance IRIs: not kept
DCTERMS, ORG, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD = (
    _Vocabulary(str(getattr(_standard, name))) for name in ("DCTERMS", "ORG", "OWL", "PROV", "RDF", "RDFS", "SKOS",
                                                            "TIME", "XSD"))

ROLE_CONCEPT = {"lead": KG.Lead, "host": KG.Host, "support": KG.Support}
ROLE_PROPERTY = {"lead": KG.lead, "host": KG.host, "support": KG.support}


def plan_iri(plan_id: str) -> URIRef:
    return ID[f"plan/{plan_id}"]


def unit_iri(unit_id: str) -> URIRef:
    return ID[f"unit/{unit_id}"]


def period_iri(year: str, order: int) -> URIRef:
    """Periods are shared by every plan of a year: ``…/period/2023-3``."""
    return ID[f"period/{year}-{order}"]


#: The prefixes of kg's graph files, in the order they are written.
PREFIXES = (("kg", KG), ("kgk", KGK), ("kgm", KGM), ("id", ID), ("dcterms", DCTERMS), ("org", ORG), ("owl", OWL),
            ("prov", PROV), ("skos", SKOS), ("time", TIME), ("xsd", XSD), ("rdfs", RDFS))


def bind(graph) -> None:
    for prefix, ns in PREFIXES:
        graph.bind(prefix, ns, override=True)
