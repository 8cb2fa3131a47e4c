"""Namespaces and IRIs: ASCII, stable across builds, readable."""
from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

__all__ = ["KG", "KGK", "KGM", "ID", "ROLE_CONCEPT", "ROLE_PROPERTY", "bind", "plan_iri",
           "unit_iri", "period_iri", "DCTERMS", "ORG", "OWL", "PROV", "RDF", "RDFS", "SKOS",
           "TIME", "XSD"]

KG = Namespace("https://w3id.org/kg/ns#")
KGK = Namespace("https://w3id.org/kg/kind/")
KGM = Namespace("https://w3id.org/kg/method/")
ID = Namespace("https://w3id.org/kg/id/")

ROLE_CONCEPT = {"lead": KG.Lead, "host": KG.Host, "support": KG.Support}
ROLE_PROPERTY = {"lead": KG.lead, "host": KG.host, "support": KG.support}


def plan_iri(plan_id: str) -> URIRef:
    return ID[f"plan/{plan_id}"]


def unit_iri(unit_id: str) -> URIRef:
    return ID[f"unit/{unit_id}"]


def period_iri(year: str, order: int) -> URIRef:
    """Periods are shared by every plan of a year: ``…/period/2023-3``."""
    return ID[f"period/{year}-{order}"]


def bind(graph) -> None:
    for prefix, ns in (("kg", KG), ("kgk", KGK), ("kgm", KGM), ("id", ID), ("dcterms", DCTERMS),
                       ("org", ORG), ("owl", OWL), ("prov", PROV), ("skos", SKOS),
                       ("time", TIME), ("xsd", XSD), ("rdfs", RDFS)):
        graph.bind(prefix, ns, override=True)
