"""Where SPARQL runs: rdflib in memory (default), Oxigraph embedded, or any endpoint.

Every store answers ``select(query, bindings)`` with the same shape: column
names and rows of rdflib terms, so formats and views never care which engine ran.
Parameters are bound as RDF terms by each engine's own mechanism, never pasted
into the query text as raw strings.
"""
from __future__ import annotations

import json
import os
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from rdflib import XSD, BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from ..errors import InputError, KgError, UsageError
from ..i18n import _
from ..files import graph_path, written_by_build
from . import STORES
from .inject import inject_values

__all__ = ["Store", "MemoryStore", "OxigraphStore", "EndpointStore", "open_store", "Rows",
           "default_graph_files", "status_files", "audit_files", "inject_values", "open_database", "STORE_DIR"]

Rows = tuple[list[str], list[dict[str, Node | None]]]


def default_graph_files(graph: Path | None = None) -> list[Path]:
    """The built graph: ``graph/kg.ttl`` unless a file or folder is named."""
    target = graph_path(graph)
    if target.is_dir():
        files = sorted(target.glob("*.ttl"))  # status/ reports are named graphs, read apart
        if not files:
            raise InputError(_("no built graph (*.ttl) in this folder"), path=target,
                             fix=_("run `kg build` first, or pass --graph FILE"))
        return files
    if not target.exists():
        raise InputError(_("graph file not found"), path=target,
                         fix=_("run `kg build` first, or pass --graph FILE"))
    return [target]


class Store:
    name = "store"
    #: How many queries the store answers at once to good effect (``named.run_many``): one for rdflib,
    #: which holds the GIL while it evaluates.
    concurrency = 1

    def select(self, query: str, bindings: dict[str, Node] | None = None) -> Rows:
        raise NotImplementedError


class MemoryStore(Store):
    """rdflib's in-memory graph: no extra dependency, fine for one plan."""

    name = "memory"

    def __init__(self, files: Iterable[Path] = (), graph: Graph | None = None) -> None:
        files = list(files)
        if graph is None:  # named graphs (TriG, N-Quads) need a dataset; its default graph holds the rest
            graph = Dataset() if any(Path(f).suffix in (".trig", ".nq") for f in files) else Graph()
        self.graph = graph
        for path in files:
            _parse_into(self.graph, path)

    def select(self, query: str, bindings: dict[str, Node] | None = None) -> Rows:
        try:
            prepared = _prepared(query)
        except Exception as err:  # pyparsing raises its own types
            raise InputError(_("SPARQL syntax error: %(error)s") % {"error": _first_line(err)},
                             fix=_("check the query text")) from None
        try:
            return self._answer(prepared, bindings)
        except Exception as err:
            if "requiring a dataset" not in str(err):
                raise
            self.graph = self._as_dataset()  # GRAPH ?g over a plain graph: one with no named graphs
            return self._answer(prepared, bindings)

    def _answer(self, prepared, bindings) -> Rows:
        result = self.graph.query(prepared, initBindings=bindings or {})
        if result.type != "SELECT":
            raise UsageError(_("only SELECT queries are supported"), fix=_("write a SELECT query"))
        names = [str(v) for v in result.vars]
        rows = [{n: _canonical(row[i]) for i, n in enumerate(names)} for row in result]
        return names, rows

    def _as_dataset(self) -> Dataset:
        """The graph as the default graph of a dataset with no named graphs (rdflib answers ``GRAPH`` only there)."""
        dataset = Dataset()
        dataset.default_graph.addN((s, p, o, dataset.default_graph) for s, p, o in self.graph)
        for prefix, namespace in self.graph.namespaces():
            dataset.bind(prefix, namespace, override=False)
        return dataset


@lru_cache(maxsize=256)
def _prepared(query: str):
    """rdflib's parse of a query text, made once: its pyparsing grammar took longer than answering the query
    (a status command runs the same few named queries many times; the app asks them at every request). The parsed query is not changed by
    answering it, and bindings are given at each answer."""
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(query)


def _canonical(term: Node | None) -> Node | None:
    """rdflib's decimal arithmetic writes 3 × 30 as "90.0"; Oxigraph and Virtuoso write "90" (XSD 1.1).

    >>> _canonical(Literal("90.0", datatype=XSD.decimal)), _canonical(Literal("2.50", datatype=XSD.decimal))
    (rdflib.term.Literal('90', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#decimal')), \
rdflib.term.Literal('2.5', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#decimal')))
    """
    if isinstance(term, Literal) and term.datatype == XSD.decimal and "." in term:
        text = str(term).rstrip("0").rstrip(".")
        if text != str(term):
            return Literal(text, datatype=XSD.decimal)
    return term


def _parse_into(graph: Graph, path: Path) -> None:
    try:
        graph.parse(path, format=_format(path))
    except FileNotFoundError:
        raise InputError(_("graph file not found"), path=path, fix=_("run `kg build` first")) from None
    except Exception as err:
        raise InputError(_("cannot parse graph: %(error)s") % {"error": _first_line(err)}, path=path,
                         fix=_("rebuild it with `kg build`")) from None


def _format(path: Path) -> str:
    return {".jsonld": "json-ld", ".nt": "nt", ".trig": "trig", ".nq": "nquads"}.get(
        path.suffix, "turtle")


def _first_line(err: Exception) -> str:
    text = str(err).strip() or type(err).__name__
    return text.splitlines()[0][:200]


class OxigraphStore(Store):
    """Oxigraph embedded (pyoxigraph): in memory, or persistent when ``path`` is given."""

    name = "oxigraph"
    #: pyoxigraph evaluates a query with the GIL released, so queries run on separate cores (those this
    #: process may use); at most four, since each running query holds its own sort buffers (1000 plans,
    #: two at once: +175 MB at the peak).
    concurrency = min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)

    def __init__(self, files: Iterable[Path] = (), path: Path | None = None, read_only: bool = False,
                 trusted: bool = False) -> None:
        try:
            import pyoxigraph
        except ImportError:
            raise UsageError(_("the oxigraph store needs pyoxigraph"),
                             fix=_("pip install pyoxigraph, or use --store memory")) from None
        self._ox = pyoxigraph
        if path and read_only:
            self.store = pyoxigraph.Store.read_only(str(path))
        else:
            self.store = pyoxigraph.Store(str(path)) if path else pyoxigraph.Store()
        self.trusted = trusted
        # In memory, a plain load is faster and lighter than bulk_load (1000 plans: 22 s and 3.5 GB
        # against 27 s and 3.6 GB); bulk_load is for the on-disk store, where it skips the transaction log.
        self._load_into = self.store.bulk_load if path else self.store.load
        for file in files:
            self._load(Path(file))

    def _load(self, file: Path) -> None:
        """Load one file. A file kg build wrote (or ``trusted``, kg's own output) is loaded leniently:
        its IRIs and language tags are not validated again, a third less time at a thousand plans."""
        ox = self._ox
        mime = {".jsonld": ox.RdfFormat.JSON_LD, ".nt": ox.RdfFormat.N_TRIPLES,
                ".trig": ox.RdfFormat.TRIG}.get(file.suffix, ox.RdfFormat.TURTLE)
        try:
            self._load_into(path=str(file), format=mime, lenient=self.trusted or written_by_build(file))
        except (OSError, SyntaxError) as err:
            raise InputError(_("cannot load graph: %(error)s") % {"error": _first_line(err)}, path=file,
                             fix=_("run `kg build` first")) from None

    def replace_named_graphs(self, files: Iterable[Path]) -> None:
        """Drop every named graph and load ``files`` (TriG: the recorded status files) in their place;
        the default graph (the plans) is untouched. For a long-running process whose records change."""
        for name in list(self.store.named_graphs()):
            self.store.remove_graph(name)
        for file in files:
            self._load(Path(file))

    def select(self, query: str, bindings: dict[str, Node] | None = None) -> Rows:
        ox = self._ox
        # Oxigraph's own substitutions only reach projected variables, so bind
        # the way an endpoint is bound: escaped VALUES rows (see inject_values).
        try:
            result = self.store.query(inject_values(query, bindings or {}))
        except SyntaxError as err:
            raise InputError(_("SPARQL syntax error: %(error)s") % {"error": _first_line(err)},
                             fix=_("check the query text")) from None
        if not isinstance(result, ox.QuerySolutions):
            raise UsageError(_("only SELECT queries are supported"), fix=_("write a SELECT query"))
        names = [v.value for v in result.variables]
        # A solution iterates its values in the order of the variables (None when unbound): reading them so,
        # and converting each distinct term once (results repeat roles, ids, units), is 2.5x faster than
        # looking every cell up by name.
        seen: dict = {None: None}
        rows = []
        for solution in result:
            values = []
            for value in solution:
                found = seen.get(value)
                if found is None and value is not None:
                    found = seen[value] = _from_ox(ox, value)
                values.append(found)
            rows.append(dict(zip(names, values)))
        return names, rows


def _from_ox(ox, term) -> Node | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    if datatype == "http://www.w3.org/2001/XMLSchema#string":
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(datatype))


class EndpointStore(Store):
    """Any SPARQL 1.1 endpoint over HTTP (Oxigraph server, Fuseki, GraphDB, Virtuoso).

    The protocol has no bindings, so each parameter becomes a ``BIND`` after the
    outermost ``WHERE {`` and in each sub-select that mentions it (:mod:`.inject`),
    the term written by rdflib's N-Triples serialiser (which escapes it); a raw
    string is never pasted into the query.
    """

    name = "endpoint"
    concurrency = 4  # a server answers requests in parallel on its own cores

    def __init__(self, url: str, timeout: float = 30.0) -> None:
        parsed = urllib.parse.urlparse(url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise UsageError(_("endpoint %(url)s is not an http(s) URL") % {"url": repr(url)},
                             fix=_("pass e.g. --endpoint http://127.0.0.1:7878/query"))
        self.url = url
        self.timeout = timeout

    def select(self, query: str, bindings: dict[str, Node] | None = None) -> Rows:
        query = inject_values(query, bindings or {}, form="bind")
        # A URL-encoded form POST: every SPARQL 1.1 server takes it (Virtuoso 7 waits forever on a direct
        # application/sparql-query body).
        request = urllib.request.Request(
            self.url, data=urllib.parse.urlencode({"query": query}).encode("ascii"), method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded",
                     "Accept": "application/sparql-results+json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                data = json.load(response)
        except urllib.error.HTTPError as err:
            detail = err.read().decode("utf-8", "replace").strip().splitlines()
            raise InputError(_("endpoint answered %(code)s: %(detail)s")
                             % {"code": err.code, "detail": detail[0][:200] if detail else err.reason},
                             path=self.url, fix=_("check the query and the endpoint URL")) from None
        except (urllib.error.URLError, OSError, TimeoutError) as err:
            reason = getattr(err, "reason", err)
            raise KgError(_("endpoint unreachable: %(reason)s") % {"reason": reason}, path=self.url,
                          fix=_("start the server (kg serve) or check --endpoint")) from None
        except json.JSONDecodeError:
            raise InputError(_("endpoint did not answer with SPARQL JSON results"), path=self.url,
                             fix=_("point --endpoint at the SPARQL query URL")) from None
        if "results" not in data:
            raise UsageError(_("only SELECT queries are supported"), fix=_("write a SELECT query"))
        names = data["head"]["vars"]
        rows = [{n: _from_json(b.get(n)) for n in names} for b in data["results"]["bindings"]]
        return names, rows


_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"


def _from_json(value: dict | None) -> Node | None:
    if value is None:
        return None
    kind = value["type"]
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if "xml:lang" in value:
        return Literal(value["value"], lang=value["xml:lang"])
    datatype = value.get("datatype")
    if datatype == _BOOLEAN and value["value"] in ("0", "1"):  # Virtuoso writes xsd:boolean as 0/1
        return Literal("true" if value["value"] == "1" else "false", datatype=URIRef(datatype))
    if datatype and datatype != "http://www.w3.org/2001/XMLSchema#string":
        return Literal(value["value"], datatype=URIRef(datatype))
    return Literal(value["value"])


#: The folder, beside the built graph, of the Oxigraph store every query reuses.
STORE_DIR = ".kg-store"
_MARK = ".kg-store"  # inside a store folder: kg made it, so kg may empty it


def _stamp(files: list[Path]) -> str:
    """What the files are now: path, size, modification time and inode of each (a rebuild, written
    atomically, is a new inode). Cheap enough for every query; a changed file gives another stamp."""
    import hashlib

    facts = []
    for f in files:
        st = f.stat()
        facts.append([str(f.resolve()), st.st_size, st.st_mtime_ns, st.st_ino])
    return hashlib.sha256(json.dumps(facts).encode()).hexdigest()[:24]


#: N-Triples lines given to one bulk load: Oxigraph's bulk loader holds what it is given in memory
#: (a 100-plan graph in one load: 870 MB; in loads of this many lines: 260 MB, and faster).
BULK_LINES = 200_000


def _chunks(ntriples: bytes | Path):
    """N-Triples in pieces of whole lines, read from a file a piece at a time."""
    import itertools

    if not isinstance(ntriples, Path):
        yield ntriples
        return
    with ntriples.open("rb") as handle:
        while chunk := b"".join(itertools.islice(handle, BULK_LINES)):
            yield chunk


def open_database(db: Path, files: list[Path], ntriples: bytes | Path | None = None) -> OxigraphStore:
    """An on-disk Oxigraph store that holds exactly ``files`` as they are now, opened read-only.

    Each version of the files is loaded once into its own subfolder (named by the
    files' stamp) and reused by every query after it, however many run at once; a
    rebuilt graph gets a new subfolder and the old ones are removed, so the store is
    never stale and never a merge. A folder kg did not make is never emptied.
    ``ntriples``, when given, is the files' graph as N-Triples (what ``kg build`` has in hand), or its file.
    """
    import gc
    import shutil
    import weakref

    from ..files import locked

    db = Path(db)
    if db.exists() and any(db.iterdir()) and not (db / _MARK).exists():
        raise UsageError(_("the --db folder is not empty and kg did not make it"), path=db,
                         fix=_("give an empty or new folder"))
    key = _stamp(files)
    version = db / key
    if not version.is_dir():
        db.mkdir(parents=True, exist_ok=True)
        (db / _MARK).touch()
        with locked(db / ".lock"):
            if not version.is_dir():  # another process may have loaded it while this one waited
                loading = db / f"{key}.loading"
                shutil.rmtree(loading, ignore_errors=True)
                if ntriples is None:
                    writer = OxigraphStore(files, path=loading)
                else:  # the same graph as N-Triples, in hand: faster to load than the Turtle file
                    writer = OxigraphStore(path=loading)
                    for chunk in _chunks(ntriples):
                        writer.store.bulk_load(chunk, format=writer._ox.RdfFormat.N_TRIPLES, lenient=True)
                writer.store.flush()
                # Compacted once, as it is loaded: the bulk loader leaves many overlapping files, and every
                # query after reads through them (100 plans: 1 s here, half the CPU of each query after).
                writer.store.optimize()
                alive = weakref.ref(writer)
                del writer  # the last reference: the database closes here, before it is renamed
                if alive() is not None:  # unless a reference cycle still holds it: collect that
                    gc.collect()  # (a full collection: ~0.5 s in a process holding much, as the test runner does)
                loading.rename(version)
                for other in db.iterdir():
                    if other.is_dir() and other.name != key:
                        shutil.rmtree(other, ignore_errors=True)
    return OxigraphStore(path=version, read_only=True)


def status_files(graph: Path | None = None) -> list[Path]:
    """The recorded five-colour reports beside the built graph: ``graph/status/*.trig`` (named graphs)."""
    target = graph_path(graph)
    folder = (target if target.is_dir() else target.parent) / "status"
    return sorted(folder.glob("*.trig")) if folder.is_dir() else []


def audit_files(graph: Path | None = None) -> list[Path]:
    """The audit trail as PROV beside the built graph (``graph/app/audit.trig``, one named graph per entry):
    queried with the status files, kept apart so that a sign-in does not reload the status records."""
    target = graph_path(graph)
    file = (target if target.is_dir() else target.parent) / "app" / "audit.trig"
    return [file] if file.is_file() else []


def open_store(kind: str = "memory", graph: Path | None = None, endpoint: str | None = None,
               db: Path | None = None, with_status: bool = False, in_memory: bool = False) -> Store:
    """The one place a store is chosen. ``auto``: Oxigraph when installed, else rdflib.

    ``with_status`` adds the recorded reports as named graphs (for the status queries).
    ``in_memory`` loads Oxigraph in memory rather than opening the store the build left: slower to
    start, several times faster to query (for a long-running process such as kg app).
    """
    if endpoint and kind in ("memory", "auto"):
        kind = "endpoint"
    if kind == "auto":
        try:
            import pyoxigraph  # noqa: F401
            kind = "oxigraph"
        except ImportError:
            kind = "memory"
    if kind == "endpoint":
        if not endpoint:
            raise UsageError(_("--store endpoint needs --endpoint URL"),
                             fix=_("pass --endpoint http://127.0.0.1:7878/query"))
        return EndpointStore(endpoint)
    files = default_graph_files(graph) + (status_files(graph) + audit_files(graph) if with_status else [])
    if kind == "oxigraph":
        if db is not None:
            return open_database(Path(db), files)
        if with_status or in_memory:
            return OxigraphStore(files)  # the status files change between queries: loaded afresh
        try:
            return open_database(files[0].parent / STORE_DIR, files)  # loaded at build, reused by every query
        except OSError:
            return OxigraphStore(files)  # a folder kg may not write: load in memory
    if kind == "memory":
        return MemoryStore(files)
    raise UsageError(_("unknown store %(kind)s") % {"kind": repr(kind)},
                     fix=_("use one of %(formats)s") % {"formats": ", ".join(STORES)})
