"""Deterministic graph files, written by Oxigraph from sorted N-Triples.

The triples are written as N-Triples lines and sorted (a text sort: the same graph
always gives the same lines in the same order); Oxigraph's streaming writers then
turn that sequence into Turtle (grouped by subject and predicate, with the project's
prefixes) and JSON-LD. rdflib's own writers took two thirds of a 100-plan build.
"""
from __future__ import annotations

from collections.abc import Iterable

from rdflib import Literal, URIRef

from ..model.vocab import PREFIXES, RDF

__all__ = ["sorted_ntriples", "turtle", "jsonld"]

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _term(term) -> str:
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        text = f'"{str(term).translate(_ESCAPES)}"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype:
            return f"{text}^^<{term.datatype}>"
        return text
    raise TypeError(f"no blank nodes or variables in a kg graph: {term!r}")


def sorted_ntriples(triples: Iterable[tuple]) -> bytes:
    """The triples as N-Triples, one per line, in text order."""
    written: dict = {}  # subjects, predicates and many objects recur: write each term once

    def term(t) -> str:
        text = written.get(t)
        if text is None:
            text = written[t] = _term(t)
        return text

    lines = [f"{term(s)} {term(p)} {term(o)} ." for s, p, o in triples]
    lines.sort()
    return ("\n".join(lines) + "\n").encode("utf-8")


def _prefixes() -> dict[str, str]:
    """The vocabulary prefixes; instance IRIs (``id:``) stay whole, as ``id:plan\\/x\\/task\\/1`` reads badly."""
    return {"rdf": str(RDF), **{prefix: str(ns) for prefix, ns in PREFIXES if prefix != "id"}}


def _write(ntriples: bytes, fmt) -> bytes:
    import pyoxigraph

    return pyoxigraph.serialize(pyoxigraph.parse(ntriples, format=pyoxigraph.RdfFormat.N_TRIPLES), format=fmt,
                                prefixes=_prefixes())


def turtle(ntriples: bytes) -> bytes:
    """Turtle from sorted N-Triples: the same graph gives the same bytes."""
    import pyoxigraph

    return _write(ntriples, pyoxigraph.RdfFormat.TURTLE)


def jsonld(ntriples: bytes) -> bytes:
    """JSON-LD (one node object per subject, in the same order) from sorted N-Triples."""
    import pyoxigraph

    return _write(ntriples, pyoxigraph.RdfFormat.JSON_LD)
