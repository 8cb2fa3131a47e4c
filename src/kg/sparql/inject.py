"""Binding a named query's parameters into its text, for engines with no bindings of their own.

A parameter is a constant for the whole query, as rdflib's ``initBindings`` treat it: bound in the
outermost ``WHERE`` and in every sub-select that mentions it (a sub-select sees no variable of the
query around it, so a row bound outside alone would leave it unbound there). Oxigraph's own
substitutions reach only projected variables, and the SPARQL protocol has none, so the terms go
into the text — each written by rdflib's N-Triples serialiser, which escapes it; a raw string is
never pasted in.
"""
from __future__ import annotations

import re

from rdflib.term import Node

from ..errors import InputError
from ..i18n import _

__all__ = ["inject_values"]

# Just enough of SPARQL's lexical grammar to find braces, variables and WHERE outside IRIs, strings
# and comments (a "#" in an IRI or a "}" in a string is no comment and no brace).
_TOKEN = re.compile(r"""
    (?P<iri> <[^<>"{}|^`\\\x00-\x20]*> )
  | (?P<string> \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\" | '''(?:[^'\\]|\\.|'(?!''))*'''
              | "(?:[^"\\\n]|\\.)*" | '(?:[^'\\\n]|\\.)*' )
  | (?P<comment> \#[^\n]* )
  | (?P<where> \bWHERE\s*\{ )
  | (?P<open> \{ )
  | (?P<close> \} )
  | (?P<var> [?$]\w+ )
""", re.VERBOSE | re.IGNORECASE | re.DOTALL)


def _sites(query: str) -> list[tuple[int, set[str] | None]]:
    """Where a ``WHERE {`` opens, and which variables its query mentions (None: the outermost query,
    which is bound with every parameter since its projection, grouping and order may use them)."""
    stack: list[set[str]] = [set()]  # variables of each open group, innermost last
    sites: list[tuple[int, set[str] | None]] = []
    for match in _TOKEN.finditer(query):
        kind = match.lastgroup
        if kind == "where":
            # a sub-select is the whole group it opens in: { SELECT … WHERE { … } GROUP BY … }
            sites.append((match.end(), None if len(stack) == 1 else stack[-1]))
            stack.append(set())
        elif kind == "open":
            stack.append(set())
        elif kind == "close" and len(stack) > 1:
            inner = stack.pop()
            stack[-1] |= inner
        elif kind == "var":
            stack[-1].add(match.group()[1:])
    return sites


def inject_values(query: str, bindings: dict[str, Node], form: str = "values") -> str:
    r"""Bind parameters as one-row ``VALUES`` blocks (or ``BIND``\s) right after the outermost
    ``WHERE {`` and after the ``WHERE {`` of each sub-select that mentions them.

    Each term is written by rdflib's N-Triples serialiser, which escapes it, so a value like
    ``"} ; DROP ALL ; {"`` stays one literal. Both forms mean the same; endpoints get ``BIND``
    because Virtuoso 7 never answers a query whose ``VALUES`` meet an aggregate (workload.rq).

    >>> from rdflib import Literal
    >>> inject_values("SELECT * WHERE { ?s ?p ?unit }", {"unit": Literal('"} DROP ALL {')})
    'SELECT * WHERE { VALUES ?unit { "\\"} DROP ALL {" }  ?s ?p ?unit }'
    >>> inject_values("SELECT * WHERE { ?s ?p ?unit }", {"unit": Literal("x")}, form="bind")
    'SELECT * WHERE { BIND("x" AS ?unit)  ?s ?p ?unit }'
    >>> inject_values("SELECT ?n WHERE { { SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?unit } } "
    ...               "{ SELECT ?o WHERE { ?s ?p ?o } } }", {"unit": Literal("x")})
    'SELECT ?n WHERE { VALUES ?unit { "x" }  { SELECT (COUNT(*) AS ?n) WHERE { VALUES ?unit { "x" }  ?s ?p ?unit } } { SELECT ?o WHERE { ?s ?p ?o } } }'
    """
    if not bindings:
        return query
    sites = _sites(query)
    if not any(mentioned is None for _, mentioned in sites):
        raise InputError(_("the query has no WHERE { to bind parameters in"),
                         fix=_("write the query with an explicit WHERE"))

    def block(names) -> str:
        if form == "bind":
            return " ".join(f"BIND({bindings[k].n3()} AS ?{k})" for k in sorted(names))
        return " ".join(f"VALUES ?{k} {{ {bindings[k].n3()} }}" for k in sorted(names))

    for end, mentioned in reversed(sites):
        names = bindings.keys() if mentioned is None else bindings.keys() & mentioned
        if names:
            query = f"{query[:end]} {block(names)} {query[end:]}"
    return query
