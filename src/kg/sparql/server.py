"""``kg serve``: the graph as a SPARQL 1.1 endpoint, Oxigraph (pyoxigraph) in this process behind a guard.

The store lives inside kg's own server, so the guard is the only way in: there is
no inner port another program or a web page could reach (the Oxigraph server
binary can only listen on TCP, with no authentication). kg listens where it is
told (127.0.0.1 unless told otherwise) and answers:

* only requests addressed to the host it was started for (:mod:`kg.hosts`: DNS rebinding);
* queries (``/query``: SPARQL protocol, GET or POST), never a ``SERVICE`` call, and updates never ``LOAD``
  (a public endpoint must not fetch other URLs);
* writes (``/update``: SPARQL Update; ``/store``: Graph Store Protocol) only when started
  ``--writable``, only with the write token (an ``Authorization: Bearer`` header a web page cannot
  forge), never from a browser form or another site's page (``Origin``, ``Sec-Fetch-Site`` checked).

The graph is loaded in the layout ``kg push`` writes (a named graph per plan, one
for the units and periods they share) and queried with the default graph as
their union, so a push replaces a plan and never counts it twice.
"""
from __future__ import annotations

import contextlib
import http.server
import re
import secrets
import shutil
import signal
import socket
import socketserver
import threading
import urllib.parse
from pathlib import Path

from ..errors import KgError, UsageError
from ..i18n import _
from ..hosts import LOOPBACK, Hosts, check_token

__all__ = ["Engine", "SparqlServer", "stop_signals", "free_port", "calls_service"]

#: Content types a browser form can send without asking: never accepted for a write.
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data", "text/plain")
#: The largest request body accepted (a pushed plan graph is a few MB; a thousand plans' is pushed one by one).
MAX_BODY = 512 * 1024 * 1024


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


_STRINGS = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\'|"(?:[^"\\\n]|\\.)*"|'
                      r"'(?:[^'\\\n]|\\.)*'|<[^<>\s{}|^`\"]*>|#[^\n]*")
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _keyword(word: str, text: str) -> bool:
    """``word`` used in a SPARQL text outside strings, IRIs and comments, after ``\\u`` escapes are read as
    SPARQL reads them (before parsing: ``\\u0053ERVICE`` is ``SERVICE``)."""
    text = _CODEPOINT.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)
    return bool(re.search(rf"\b{word}\b", _STRINGS.sub(" ", text), re.IGNORECASE))


def calls_service(query: str) -> bool:
    """True when a SPARQL text uses ``SERVICE`` outside strings, IRIs and comments.

    >>> calls_service('SELECT * { SERVICE <http://evil.example/> { ?s ?p ?o } }')
    True
    >>> calls_service('SELECT * { \\u0053ERVICE <http://evil.example/> { ?s ?p ?o } }')
    True
    >>> calls_service('SELECT * { ?s ?p "SERVICE" } # SERVICE')
    False
    """
    return _keyword("SERVICE", query)


class Engine:
    """The Oxigraph store the server answers from: in memory, or in a kept ``--db`` folder."""

    def __init__(self, files: list[Path], db: Path | None = None, quads: bytes | None = None) -> None:
        import pyoxigraph

        self.ox = pyoxigraph
        self.files = [Path(f) for f in files]
        self.quads = quads
        self.db = Path(db) if db else None
        self.store = None

    def open(self) -> Engine:
        """Load the graph; a kept ``--db`` folder is reused only when it was loaded from this same graph."""
        import hashlib

        ox = self.ox
        if self.db is None:
            self.store = ox.Store()
            self._load(self.store.load)
            return self
        digest = hashlib.sha256(self.quads or b"".join(f.read_bytes() for f in self.files)).hexdigest()
        stamp = self.db.parent / f".{self.db.name}.kg-source"
        if self.db.exists() and any(self.db.iterdir()):
            if stamp.exists() and stamp.read_text() == digest:
                self.store = ox.Store(str(self.db))
                return self  # the same graph: keep the database (and what was pushed into it)
            if not stamp.exists():
                raise UsageError(_("the --db folder is not empty and kg did not make it"), path=self.db,
                                 fix=_("give an empty or new folder"))
            shutil.rmtree(self.db)
        self.db.mkdir(parents=True, exist_ok=True)
        self.store = ox.Store(str(self.db))
        self._load(self.store.bulk_load)
        self.store.flush()
        stamp.write_text(digest)
        return self

    def _load(self, into) -> None:
        ox = self.ox
        if self.quads is not None:
            into(self.quads, format=ox.RdfFormat.N_QUADS, lenient=True)  # kg's own output
        for file in self.files:
            form = ox.RdfFormat.from_extension(file.suffix.lstrip(".")) or ox.RdfFormat.TURTLE
            try:
                into(path=str(file), format=form)
            except (OSError, SyntaxError) as err:
                raise KgError(_("cannot load the graph: %(error)s") % {"error": str(err).splitlines()[0][:200]},
                              path=file, fix=_("rebuild the graph with kg build")) from None

    def close(self) -> None:
        self.store = None


class _Gateway(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = False

    def __init__(self, address, handler, owner: SparqlServer) -> None:
        self.owner = owner
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        super().__init__(address, handler)


class _Refused(Exception):
    def __init__(self, code: int, message: str) -> None:
        self.code, self.message = code, message
        super().__init__(message)


def _media(value: str | None) -> str:
    return (value or "").split(";")[0].strip().lower()


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Gateway
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # quiet: the terminal shows kg's own lines
        pass

    def _send(self, code: int, body: bytes = b"", kind: str = "text/plain; charset=utf-8") -> None:
        self.send_response(code)
        if body or code not in (204, 304):
            self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        if code >= 400:  # a refused request's body may be unread: never read the next request from it
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _body(self) -> bytes:
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            raise _Refused(400, "Content-Length is not a number") from None
        if length > MAX_BODY:
            raise _Refused(413, f"the request is larger than {MAX_BODY // 2**20} MB")
        self._read = True
        return self.rfile.read(length) if length > 0 else b""

    def _drain(self) -> None:
        """Read a refused request's body away (never kept), so the client hears the refusal, not a broken pipe."""
        try:
            left = int(self.headers.get("Content-Length") or 0) if not self._read else 0
        except ValueError:
            return
        self._read = True
        while 0 < left <= MAX_BODY:
            chunk = self.rfile.read(min(left, 1 << 20))
            if not chunk:
                break
            left -= len(chunk)

    def _fields(self, body: bytes) -> dict[str, list[str]]:
        fields = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query, keep_blank_values=True)
        if _media(self.headers.get("Content-Type")) == "application/x-www-form-urlencoded":
            for key, values in urllib.parse.parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).items():
                fields.setdefault(key, []).extend(values)
        return fields

    def _check(self, write: bool) -> None:
        """Refuse what the guard does not let through (see the module's notes)."""
        owner = self.server.owner
        if not owner.hosts.admits(self.headers.get("Host")):
            raise _Refused(403, "this server answers only to the address it was started on")
        if not write:
            return
        if not owner.writable:
            raise _Refused(403, "this server is read-only (start it with kg serve --writable)")
        if owner.hosts.cross_site(self.headers.get("Origin"), self.headers.get("Sec-Fetch-Site")):
            raise _Refused(403, "writes from another site's page are refused")
        if _media(self.headers.get("Content-Type")) in _FORM_TYPES:
            raise _Refused(415, "writes do not take browser-form content types; send application/sparql-update "
                                "or an RDF type")
        if not secrets.compare_digest(self.headers.get("Authorization", ""), f"Bearer {owner.token}"):
            raise _Refused(401, "writes need the token kg serve printed (Authorization: Bearer TOKEN; kg push --token)")

    def _route(self, method: str) -> None:
        route = urllib.parse.urlsplit(self.path).path.rstrip("/")
        write = route == "/update" or (route == "/store" and method in ("PUT", "POST", "DELETE"))
        self._read = False
        try:
            self._check(write)
            body = self._body() if method in ("POST", "PUT") else b""
            if route == "/query" and method in ("GET", "HEAD", "POST"):
                self._query(body)
            elif route == "/update" and method == "POST":
                self._update(body)
            elif route == "/store":
                self._graph_store(method, body)
            elif route == "" and method in ("GET", "HEAD"):
                owner = self.server.owner
                mode = "read-write (with the token): /update, /store" if owner.writable else "read-only"
                self._send(200, f"kg serve: SPARQL 1.1 endpoint at {owner.query_url} ({mode})\n".encode("utf-8"))
            else:
                raise _Refused(404, "not here: the endpoint is /query (and /update, /store when writable)")
        except _Refused as refused:
            self._drain()
            self._send(refused.code, (refused.message + "\n").encode("utf-8"))
        except SyntaxError as err:
            self._send(400, (f"SPARQL syntax error: {str(err).splitlines()[0][:300]}\n").encode("utf-8"))
        except OSError as err:
            self._send(500, (f"the store could not answer: {str(err).splitlines()[0][:300]}\n").encode("utf-8"))

    def _query(self, body: bytes) -> None:
        ox = self.server.owner.engine.ox
        fields = self._fields(body)
        texts = fields.get("query", [])
        if _media(self.headers.get("Content-Type")) == "application/sparql-query":
            texts = [body.decode("utf-8", "replace")]
        if len(texts) != 1:
            raise _Refused(400, "give one query (a query= parameter, or a POST of application/sparql-query)")
        if calls_service(texts[0]):
            raise _Refused(403, "SERVICE calls to other endpoints are not allowed on this server")
        result = self.server.owner.engine.store.query(texts[0], use_default_graph_as_union=True)
        accept = self.headers.get("Accept") or ""
        if isinstance(result, ox.QueryTriples):
            form = _pick(accept, _RDF_TYPES, ox.RdfFormat) or ox.RdfFormat.N_TRIPLES
        else:
            form = _pick(accept, _RESULT_TYPES, ox.QueryResultsFormat) or ox.QueryResultsFormat.JSON
        self._send(200, result.serialize(format=form), form.media_type)

    def _update(self, body: bytes) -> None:
        if _media(self.headers.get("Content-Type")) != "application/sparql-update":
            raise _Refused(415, "send the update as application/sparql-update")
        text = body.decode("utf-8", "replace")
        if calls_service(text) or _keyword("LOAD", text):
            raise _Refused(403, "SERVICE and LOAD, which fetch other URLs, are not allowed on this server")
        self.server.owner.engine.store.update(text)
        self._send(204)

    def _graph_store(self, method: str, body: bytes) -> None:
        ox = self.server.owner.engine.ox
        store = self.server.owner.engine.store
        fields = self._fields(b"")
        if "graph" in fields:
            graph = ox.NamedNode(fields["graph"][0])
        elif "default" in fields:
            graph = ox.DefaultGraph()
        else:
            raise _Refused(400, "name the graph: ?graph=IRI or ?default")
        exists = isinstance(graph, ox.DefaultGraph) or store.contains_named_graph(graph)
        if method in ("GET", "HEAD"):
            if not exists:
                raise _Refused(404, "no such graph")
            form = _pick(self.headers.get("Accept") or "", _RDF_TYPES, ox.RdfFormat) or ox.RdfFormat.N_TRIPLES
            self._send(200, store.dump(format=form, from_graph=graph), form.media_type)
        elif method == "DELETE":
            if not exists:
                raise _Refused(404, "no such graph")
            store.clear_graph(graph) if isinstance(graph, ox.DefaultGraph) else store.remove_graph(graph)
            self._send(204)
        elif method in ("PUT", "POST"):
            form = ox.RdfFormat.from_media_type(_media(self.headers.get("Content-Type")))
            if form is None or form.supports_datasets:
                raise _Refused(415, "send the graph as an RDF type: text/turtle or application/n-triples")
            loaded = ox.Store()  # parsed apart first: a bad body changes nothing
            loaded.load(body, format=form, to_graph=graph)
            if method == "PUT" and exists:
                store.clear_graph(graph)
            store.extend(loaded)
            self._send(204 if exists else 201)
        else:
            raise _Refused(405, f"{method} is not a Graph Store method")

    def do_GET(self) -> None:
        self._route("GET")

    def do_HEAD(self) -> None:
        self._route("HEAD")

    def do_POST(self) -> None:
        self._route("POST")

    def do_PUT(self) -> None:
        self._route("PUT")

    def do_DELETE(self) -> None:
        self._route("DELETE")


_RESULT_TYPES = ("application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                 "text/tab-separated-values", "application/json")
_RDF_TYPES = ("application/n-triples", "text/turtle", "application/rdf+xml", "application/n-quads",
              "application/trig", "application/ld+json")


def _pick(accept: str, offered: tuple[str, ...], kind):
    """The first media type in ``Accept`` (by its order and q) that ``offered`` holds, as ``kind``; None: any."""
    wanted = []
    for index, item in enumerate(accept.split(",")):
        media, _, params = item.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        wanted.append((-q, index, media.strip().lower()))
    for _, _, media in sorted(wanted):
        if media in offered:
            return kind.from_media_type(media)
    return None


#: How often (seconds) a serving thread checks whether it is asked to stop.
POLL = 0.05


class SparqlServer:
    """``kg serve``: Oxigraph in this process, kg's guard on ``host:port``.

    ``port=0`` lets the system pick a free port (read :attr:`port` after :meth:`start`).
    Use as a context manager, or call :meth:`start` and :meth:`stop`.
    """

    def __init__(self, files: list[Path], host: str = "127.0.0.1", port: int = 7878, writable: bool = False,
                 db: Path | None = None, token: str | None = None, quads: bytes | None = None) -> None:
        check_token(token)
        self.host, self.port, self.writable = host, port, writable
        self.token = token or (secrets.token_urlsafe(24) if writable else "")
        self.engine = Engine(files, db=db, quads=quads)
        self.hosts = Hosts(host)
        self._gateway: _Gateway | None = None
        self._thread: threading.Thread | None = None

    @property
    def base(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def query_url(self) -> str:
        return f"{self.base}/query"

    @property
    def store_url(self) -> str:
        return f"{self.base}/store"

    @property
    def exposed(self) -> bool:
        return self.host not in LOOPBACK

    def start(self, timeout: float = 30.0) -> SparqlServer:
        """Load the graph, then listen (``timeout`` is kept for callers; loading in-process needs none)."""
        self.engine.open()
        try:
            self._gateway = _Gateway((self.host, self.port), _Handler, self)
        except OSError as err:
            self.engine.close()
            if err.errno in (98, 48, 10048):  # address in use (Linux, macOS, Windows)
                raise UsageError(_("port %(port)s on %(host)s is already taken") % {"port": self.port,
                                                                                 "host": self.host},
                                 fix=_("stop the other server or pick another with --port")) from None
            raise UsageError(_("cannot listen on %(host)s:%(port)s: %(error)s") % {
                "host": self.host, "port": self.port, "error": err.strerror},
                fix=_("check --host and --port")) from None
        self.port = self.hosts.port = self._gateway.server_address[1]
        # serve_forever checks for a stop request between waits for a connection: every 0.05 s, not the default
        # 0.5 s, so that stop() (Ctrl-C, SIGTERM, a context manager's end) returns at once rather than up to
        # half a second later (the test suite stops some fifty servers)
        self._thread = threading.Thread(target=self._gateway.serve_forever, kwargs={"poll_interval": POLL},
                                        name="kg-serve", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._gateway:
            self._gateway.shutdown()
            self._gateway.server_close()
            self._gateway = None
        self.engine.close()

    def running(self) -> bool:
        return bool(self._gateway) and bool(self._thread) and self._thread.is_alive()

    def __enter__(self) -> SparqlServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def serve_until(self, stop: threading.Event) -> None:
        """Block until ``stop`` is set (see :func:`stop_signals`), then stop cleanly."""
        try:
            while not stop.wait(0.2):
                if not self.running():
                    raise KgError(_("the SPARQL server stopped unexpectedly"))
        finally:
            self.stop()


@contextlib.contextmanager
def stop_signals():
    """An event set by SIGINT or SIGTERM, even where the process started ignoring SIGINT (in the background).

    Installed before anything starts, so a signal during start-up is not lost.
    """
    stop = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stop
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
