"""``kg push``: upload the built graph to a SPARQL 1.1 Graph Store Protocol endpoint.

Each plan goes to its own named graph (its plan IRI), replaced with PUT; units
and periods, shared by every plan, are added with POST to one shared named
graph, so pushing one plan never removes another plan's units. Query the
server with its default graph as the union of named graphs (``kg serve`` and
``oxigraph serve --union-default-graph`` do).
"""
from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from rdflib import Graph, URIRef

from .errors import KgError, UsageError
from .vocab import ID, KG, RDF, bind

__all__ = ["SHARED_GRAPH", "split_by_plan", "push", "Pushed"]

#: The named graph that holds units and periods.
SHARED_GRAPH = ID["shared"]


def split_by_plan(graph: Graph) -> tuple[dict[URIRef, Graph], Graph]:
    """Each plan's own triples (subjects under its IRI) and the shared rest."""
    plans = sorted(graph.subjects(RDF.type, KG.Plan))
    parts = {plan: Graph() for plan in plans}
    shared = Graph()
    for part in [*parts.values(), shared]:
        bind(part)
    prefixes = [(str(plan), plan) for plan in plans]
    for triple in graph:
        subject = str(triple[0])
        owner = next((plan for prefix, plan in prefixes if subject == prefix or subject.startswith(prefix + "/")),
                     None)
        (parts[owner] if owner else shared).add(triple)
    return parts, shared


@dataclass
class Pushed:
    graph: str
    triples: int
    method: str


def _send(url: str, method: str, body: bytes, timeout: float) -> None:
    request = urllib.request.Request(url, data=body, method=method,
                                     headers={"Content-Type": "application/n-triples"})
    try:
        with urllib.request.urlopen(request, timeout=timeout):
            pass
    except urllib.error.HTTPError as err:
        detail = err.read().decode("utf-8", "replace").strip().splitlines()
        hint = "start the server writable (kg serve --writable)" if err.code in (401, 403, 405) \
            else "check the Graph Store Protocol URL"
        raise KgError(f"{method} answered {err.code}: {detail[0][:200] if detail else err.reason}",
                      path=url, fix=hint) from None
    except (urllib.error.URLError, OSError) as err:
        raise KgError(f"endpoint unreachable: {getattr(err, 'reason', err)}", path=url,
                      fix="start the server or check --endpoint") from None


def push(graph: Graph, endpoint: str, timeout: float = 300.0) -> list[Pushed]:
    """PUT every plan's named graph, POST the shared units and periods."""
    parsed = urllib.parse.urlparse(endpoint)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise UsageError(f"endpoint {endpoint!r} is not an http(s) URL",
                         fix="give the Graph Store Protocol URL, e.g. http://127.0.0.1:7878/store")
    parts, shared = split_by_plan(graph)
    if not parts:
        raise UsageError("the graph holds no plan", fix="run kg build first")
    joiner = "&" if parsed.query else "?"
    done = []
    for name, part, method in [*((str(p), g, "PUT") for p, g in parts.items()),
                               (str(SHARED_GRAPH), shared, "POST")]:
        url = f"{endpoint}{joiner}graph={urllib.parse.quote(name, safe='')}"
        _send(url, method, part.serialize(format="nt", encoding="utf-8"), timeout)
        done.append(Pushed(name, len(part), method))
    return done
