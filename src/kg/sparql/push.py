"""``kg push``: upload the built graph to a SPARQL 1.1 Graph Store Protocol endpoint.

The layout on a server: each plan in its own named graph (its plan IRI); the
units and periods the plans share in one more graph. Every triple lives in
exactly one graph, so a server whose default graph is the union of its named
graphs (``kg serve``, ``oxigraph serve --union-default-graph``) never counts a
fact twice. A push replaces: each plan's graph with PUT, and the shared graph
with PUT too — rebuilt from this push's units and periods plus those already
there that another plan on the server still names, so a unit's old spelling
never piles up and another plan's units are never lost. The recorded status
files (``graph/status/*.trig``: the units' reports and the office's verdicts)
go as their own named graphs, each PUT under the name it was recorded with.
"""
from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from ..errors import KgError, UsageError
from ..i18n import _
from ..model.vocab import ID, KG, RDF, bind

__all__ = ["SHARED_GRAPH", "split_by_plan", "as_nquads", "push", "Pushed", "status_graphs"]

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


def status_graphs(files: list[Path]) -> list[tuple[URIRef, Graph]]:
    """The named graphs of recorded status files, in file order."""
    out = []
    for file in files:
        ds = Dataset()
        ds.parse(file, format="trig")
        out += [(g.identifier, g) for g in ds.graphs() if len(g) and g.identifier != DATASET_DEFAULT_GRAPH_ID]
    return out


def as_nquads(graph: Graph, extra: list[tuple[URIRef, Graph]] = ()) -> bytes:
    """The graph in the server layout, plus ``extra`` named graphs, as N-Quads (what ``kg serve`` loads)."""
    parts, shared = split_by_plan(graph)
    lines: list[str] = []
    for name, part in [*parts.items(), (SHARED_GRAPH, shared), *extra]:
        for s, p, o in part:
            lines.append(f"{s.n3()} {p.n3()} {o.n3()} {URIRef(name).n3()} .")
    return ("\n".join(sorted(lines)) + "\n").encode("utf-8")


@dataclass
class Pushed:
    graph: str
    triples: int
    method: str


def _request(url: str, method: str, token: str | None, timeout: float, body: bytes | None = None,
             accept: str | None = None) -> bytes | None:
    headers = {"Content-Type": "application/n-triples"} if body is not None else {}
    if accept:
        headers["Accept"] = accept
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return answer.read()
    except urllib.error.HTTPError as err:
        if method == "GET" and err.code == 404:
            return None
        detail = err.read().decode("utf-8", "replace").strip().splitlines()
        hint = {401: _("give the token kg serve printed: kg push --token TOKEN"),
                403: _("start the server writable (kg serve --writable)")}.get(
            err.code, _("check the Graph Store Protocol URL"))
        raise KgError(_("%(method)s answered %(code)s: %(detail)s") % {  # the server's own words as it said them
            "method": method, "code": err.code, "detail": detail[0][:200] if detail else err.reason},
            path=url, fix=hint) from None
    except (urllib.error.URLError, OSError) as err:
        raise KgError(_("endpoint unreachable: %(reason)s") % {"reason": getattr(err, "reason", err)}, path=url,
                      fix=_("start the server or check --endpoint")) from None


def _graph_url(endpoint: str, name: str) -> str:
    joiner = "&" if urllib.parse.urlparse(endpoint).query else "?"
    return f"{endpoint}{joiner}graph={urllib.parse.quote(name, safe='')}"


def _still_named(query_url: str, token: str | None, timeout: float) -> set[str] | None:
    """The unit and period IRIs that plan graphs on the server name (None when the server cannot say)."""
    from .named import load_query

    text = load_query("named-shared").text
    body = urllib.parse.urlencode({"query": text}).encode()
    request = urllib.request.Request(f"{query_url}?{body.decode()}",
                                     headers={"Accept": "application/sparql-results+json"})
    try:
        import json

        with urllib.request.urlopen(request, timeout=timeout) as answer:
            data = json.loads(answer.read())
    except (urllib.error.URLError, OSError, ValueError):
        return None
    return {b["iri"]["value"] for b in data["results"]["bindings"]}


def push(graph: Graph, endpoint: str, timeout: float = 300.0, token: str | None = None,
         query_endpoint: str | None = None, extra: list[tuple[URIRef, Graph]] = ()) -> list[Pushed]:
    """PUT every plan's named graph, the shared graph rebuilt as described above, then each ``extra`` graph."""
    parsed = urllib.parse.urlparse(endpoint)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise UsageError(_("endpoint %(endpoint)s is not an http(s) URL") % {"endpoint": repr(endpoint)},
                         fix=_("give the Graph Store Protocol URL, e.g. http://127.0.0.1:7878/store"))
    parts, shared = split_by_plan(graph)
    if not parts:
        raise UsageError(_("the graph holds no plan"), fix=_("run kg build first"))
    done = []
    for name, part in parts.items():
        _request(_graph_url(endpoint, str(name)), "PUT", token, timeout, part.serialize(format="nt", encoding="utf-8"))
        done.append(Pushed(str(name), len(part), "PUT"))
    old = _request(_graph_url(endpoint, str(SHARED_GRAPH)), "GET", token, timeout, accept="application/n-triples")
    merged = Graph()
    for triple in shared:
        merged.add(triple)
    if old:
        described = set(shared.subjects())
        earlier = Graph().parse(data=old.decode("utf-8"), format="nt")
        query_url = query_endpoint or (endpoint[:-len("/store")] + "/query" if parsed.path.endswith("/store")
                                       else None)
        named = _still_named(query_url, token, timeout) if query_url else None
        for s, p, o in earlier:
            if s in described:
                continue  # this push describes it afresh
            if named is not None and not any(str(s) == iri or str(s).startswith(iri + "/") for iri in named):
                continue  # no plan on the server names it any more
            merged.add((s, p, o))
    _request(_graph_url(endpoint, str(SHARED_GRAPH)), "PUT", token, timeout,
             merged.serialize(format="nt", encoding="utf-8"))
    done.append(Pushed(str(SHARED_GRAPH), len(merged), "PUT"))
    for name, part in extra:
        _request(_graph_url(endpoint, str(name)), "PUT", token, timeout, part.serialize(format="nt", encoding="utf-8"))
        done.append(Pushed(str(name), len(part), "PUT"))
    return done
