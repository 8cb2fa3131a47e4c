"""ORDER BY done by kg, for an endpoint that cannot sort a query's rows itself.

Virtuoso sorts whole rows in temporary columns of about 4 KB ("SR319: Max row length is
exceeded"), so a query whose rows carry long ``|``-joined lists (the shared tasks of two
units across 100 plans) fails there, while the same query without ORDER BY answers. Such a
query is then sent without its ORDER BY and its rows sorted here by the same keys, as SPARQL
orders them: unbound first, numbers by value, other terms by their text. The query files stay
the same for every engine.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from rdflib import Literal

from ..model.vocab import XSD

__all__ = ["cannot_sort", "without_order", "sort_rows"]

_ORDER = re.compile(r"\n\s*ORDER\s+BY\s+(?P<keys>[^\n#]*?)\s*(#[^\n]*)?\s*\Z", re.IGNORECASE)
_KEY = re.compile(r"(?:(?P<dir>ASC|DESC)\s*\(\s*\?(?P<wrapped>\w+)\s*\)|\?(?P<bare>\w+))", re.IGNORECASE)
_NUMERIC = {XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.int, XSD.long, XSD.short,
            XSD.nonNegativeInteger, XSD.positiveInteger}
#: What an endpoint says when its sort cannot hold a row (Virtuoso 7).
_SORT_ERRORS = ("SR319", "Max row length is exceeded", "Value of ANY type column too long")


def cannot_sort(message: str) -> bool:
    """The endpoint failed because its rows were too long to sort."""
    return any(mark in message for mark in _SORT_ERRORS)


def without_order(text: str) -> tuple[str, list[tuple[str, bool]]] | None:
    """The query without its final ORDER BY, and its keys as (variable, descending); None when the
    clause is not a plain list of variables (kg could not sort the same way).

    >>> without_order("SELECT ?a ?n WHERE { ?a ?p ?n }\\nORDER BY DESC(?n) ?a  # note")
    ('SELECT ?a ?n WHERE { ?a ?p ?n }', [('n', True), ('a', False)])
    """
    found = _ORDER.search(text)
    if not found:
        return None
    keys, rest = [], found["keys"]
    for match in _KEY.finditer(rest):
        keys.append((match["wrapped"] or match["bare"], (match["dir"] or "").upper() == "DESC"))
    if not keys or _KEY.sub("", rest).strip():
        return None
    return text[:found.start()], keys


def _key(term) -> tuple:
    if term is None:
        return (0, 0, "")
    if isinstance(term, Literal) and term.datatype in _NUMERIC:
        try:
            return (1, Decimal(str(term)), "")
        except InvalidOperation:
            pass
    return (2, 0, str(term))


def sort_rows(rows: list[dict], keys: list[tuple[str, bool]]) -> None:
    """Sort ``rows`` in place by ``keys``, last key first: Python's sort is stable, also reversed."""
    for name, descending in reversed(keys):
        rows.sort(key=lambda row: _key(row.get(name)), reverse=descending)
