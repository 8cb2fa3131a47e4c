"""``kg serve``: a real Oxigraph SPARQL server behind a small guard.

Oxigraph answers the queries; it listens on a private loopback port. In front of
it kg listens where it is told (127.0.0.1 unless told otherwise) and forwards
only what is safe:

* queries, never a ``SERVICE`` call (a public endpoint must not fetch other URLs);
* writes (SPARQL Update, Graph Store) only when started ``--writable``, only with
  the write token (an ``Authorization: Bearer`` header a web page cannot forge),
  never from a browser form or another site's page (``Origin`` checked).

The graph is loaded in the layout ``kg push`` writes (a named graph per plan, one
for the units and periods they share) and served with the default graph as
their union, so a push replaces a plan and never counts it twice.
"""
from __future__ import annotations

import contextlib
import http.client
import http.server
import re
import secrets
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from ..errors import KgError, UsageError

__all__ = ["OxigraphServer", "SparqlServer", "stop_signals", "oxigraph_binary", "free_port", "calls_service"]

_LOOPBACK = {"127.0.0.1", "localhost", "::1"}
#: Content types a browser form can send without asking: never accepted for a write.
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data", "text/plain")
_HOP_HEADERS = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailers",
                "transfer-encoding", "upgrade", "host", "authorization", "origin", "cookie"}


def oxigraph_binary() -> str:
    """The ``oxigraph`` server binary from the ``oxigraph`` PyPI package."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise UsageError("the Oxigraph server is not installed", fix="pip install oxigraph")
    return found


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


_STRINGS = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\'|"(?:[^"\\\n]|\\.)*"|'
                      r"'(?:[^'\\\n]|\\.)*'|<[^<>\s{}|^`\"]*>|#[^\n]*")


def calls_service(query: str) -> bool:
    """True when a SPARQL text uses ``SERVICE`` outside strings, IRIs and comments.

    >>> calls_service('SELECT * { SERVICE <http://evil.example/> { ?s ?p ?o } }')
    True
    >>> calls_service('SELECT * { ?s ?p "SERVICE" } # SERVICE')
    False
    """
    return bool(re.search(r"\bSERVICE\b", _STRINGS.sub(" ", query), re.IGNORECASE))


class OxigraphServer:
    """The Oxigraph server binary on a loopback port, with its database folder."""

    def __init__(self, files: list[Path], writable: bool = False, db: Path | None = None,
                 quads: bytes | None = None) -> None:
        self.files = [Path(f) for f in files]
        self.quads = quads
        self.writable = writable
        self.host = "127.0.0.1"
        self.port = 0
        self._tmp = None if db else tempfile.TemporaryDirectory(prefix="kg-oxigraph-")
        self.db = Path(db) if db else Path(self._tmp.name) / "db"
        self.process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.port}"

    def load(self) -> None:
        """Load the graph; a kept ``--db`` folder is reused only when it was loaded from this same graph."""
        import hashlib

        binary = oxigraph_binary()
        digest = hashlib.sha256(self.quads or b"".join(f.read_bytes() for f in self.files)).hexdigest()
        stamp = self.db.parent / f".{self.db.name}.kg-source"
        if self._tmp is None and self.db.exists() and any(self.db.iterdir()):
            if stamp.exists() and stamp.read_text() == digest:
                return  # the same graph: keep the database (and what was pushed into it)
            if not stamp.exists():
                raise UsageError("the --db folder is not empty and kg did not make it", path=self.db,
                                 fix="give an empty or new folder")
            shutil.rmtree(self.db)
        self.db.mkdir(parents=True, exist_ok=True)
        files = [str(f) for f in self.files]
        if self.quads is not None:
            staged = self.db.parent / f".{self.db.name}.kg-load.nq"
            staged.write_bytes(self.quads)
            files = [str(staged)]
        if files:
            run = subprocess.run([binary, "load", "--location", str(self.db), "--file", *files],
                                 capture_output=True, text=True)
            if self.quads is not None:
                Path(files[0]).unlink(missing_ok=True)
            if run.returncode != 0:
                lines = (run.stderr or run.stdout).strip().splitlines() or ["failed"]
                raise KgError(f"oxigraph load failed: {lines[-1]}", path=files[0],
                              fix="rebuild the graph with kg build")
        stamp.write_text(digest)

    def start(self, timeout: float = 30.0) -> OxigraphServer:
        self.load()
        command = "serve" if self.writable else "serve-read-only"
        for _ in range(5):  # a free port can be taken before Oxigraph binds it: try another
            self.port = free_port()
            self.process = subprocess.Popen(
                [oxigraph_binary(), command, "--location", str(self.db), "--bind", f"{self.host}:{self.port}",
                 "--union-default-graph"],
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
            if self._wait(timeout):
                return self
        self.stop()
        raise KgError("the Oxigraph server did not start", fix="check that the oxigraph package works: "
                      "oxigraph --version")

    def _wait(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.process.stderr.close()
                return False
            try:
                urllib.request.urlopen(f"{self.base}/query?query=ASK%7B%7D", timeout=1).close()
                return True
            except (urllib.error.URLError, OSError):
                time.sleep(0.05)
        return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process and self.process.stderr and not self.process.stderr.closed:
            self.process.stderr.close()
        self.process = None
        if self._tmp:
            self._tmp.cleanup()
            self._tmp = None


class _Gateway(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = False

    def __init__(self, address, handler, owner: SparqlServer) -> None:
        self.owner = owner
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        super().__init__(address, handler)


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Gateway
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # quiet: the terminal shows kg's own lines
        pass

    def _refuse(self, code: int, message: str) -> None:
        body = (message + "\n").encode("utf-8")
        self.send_response(code)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _query_text(self, body: bytes) -> str:
        parsed = urllib.parse.urlsplit(self.path)
        fields = urllib.parse.parse_qs(parsed.query)
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if kind == "application/x-www-form-urlencoded":
            fields.update(urllib.parse.parse_qs(body.decode("utf-8", "replace")))
        text = " ".join(fields.get("query", []) + fields.get("update", []))
        if kind in ("application/sparql-query", "application/sparql-update"):
            text += " " + body.decode("utf-8", "replace")
        return text

    def _is_write(self, method: str) -> bool:
        route = urllib.parse.urlsplit(self.path).path.rstrip("/")
        return route.endswith("/update") or (route.endswith("/store") and method in ("PUT", "POST", "DELETE"))

    def _allowed(self, method: str, body: bytes) -> str | None:
        """Why this request is refused, or None."""
        owner = self.server.owner
        if self._is_write(method):
            if not owner.writable:
                return "403 this server is read-only (start it with kg serve --writable)"
            origin = self.headers.get("Origin")
            if origin and origin.rstrip("/") != owner.base:
                return "403 writes from another site's page are refused"
            kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if kind in _FORM_TYPES:
                return "415 writes do not take browser-form content types; send application/sparql-update " \
                       "or an RDF type"
            if not secrets.compare_digest(self.headers.get("Authorization", ""), f"Bearer {owner.token}"):
                return "401 writes need the token kg serve printed (Authorization: Bearer TOKEN; kg push --token)"
        elif calls_service(self._query_text(body)):
            return "403 SERVICE calls to other endpoints are not allowed on this server"
        return None

    def _forward(self, method: str) -> None:
        body = self._body() if method in ("POST", "PUT") else b""
        refusal = self._allowed(method, body)
        if refusal:
            code, _, message = refusal.partition(" ")
            self._refuse(int(code), message)
            return
        backend = self.server.owner.backend
        connection = http.client.HTTPConnection(backend.host, backend.port, timeout=3600)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_HEADERS}
        try:
            connection.request(method, self.path, body=body or None, headers=headers)
            answer = connection.getresponse()
            data = answer.read()
        except OSError as err:
            self._refuse(502, f"the SPARQL engine did not answer: {err}")
            return
        finally:
            connection.close()
        self.send_response(answer.status)
        for key, value in answer.getheaders():
            if key.lower() not in _HOP_HEADERS and key.lower() != "content-length":
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if method != "HEAD":
            self.wfile.write(data)

    def do_GET(self) -> None:
        self._forward("GET")

    def do_HEAD(self) -> None:
        self._forward("HEAD")

    def do_POST(self) -> None:
        self._forward("POST")

    def do_PUT(self) -> None:
        self._forward("PUT")

    def do_DELETE(self) -> None:
        self._forward("DELETE")


class SparqlServer:
    """``kg serve``: Oxigraph on a private port, kg's guard on ``host:port``.

    ``port=0`` lets the system pick a free port (read :attr:`port` after :meth:`start`).
    Use as a context manager, or call :meth:`start` and :meth:`stop`.
    """

    def __init__(self, files: list[Path], host: str = "127.0.0.1", port: int = 7878, writable: bool = False,
                 db: Path | None = None, token: str | None = None, quads: bytes | None = None) -> None:
        self.host, self.port, self.writable = host, port, writable
        self.token = token or (secrets.token_urlsafe(24) if writable else "")
        self.backend = OxigraphServer(files, writable=writable, db=db, quads=quads)
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
        return self.host not in _LOOPBACK

    def start(self, timeout: float = 30.0) -> SparqlServer:
        try:
            self._gateway = _Gateway((self.host, self.port), _Handler, self)
        except OSError as err:
            if err.errno in (98, 48, 10048):  # address in use (Linux, macOS, Windows)
                raise UsageError(f"port {self.port} on {self.host} is already taken",
                                 fix="stop the other server or pick another with --port") from None
            raise UsageError(f"cannot listen on {self.host}:{self.port}: {err.strerror}",
                             fix="check --host and --port") from None
        self.port = self._gateway.server_address[1]
        try:
            self.backend.start(timeout)
        except BaseException:
            self._gateway.server_close()
            self._gateway = None
            raise
        self._thread = threading.Thread(target=self._gateway.serve_forever, name="kg-serve", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._gateway:
            self._gateway.shutdown()
            self._gateway.server_close()
            self._gateway = None
        self.backend.stop()

    def running(self) -> bool:
        return bool(self._gateway) and bool(self.backend.process) and self.backend.process.poll() is None

    def __enter__(self) -> SparqlServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def serve_until(self, stop: threading.Event) -> None:
        """Block until ``stop`` is set (see :func:`stop_signals`), then stop cleanly."""
        try:
            while not stop.wait(0.2):
                if not self.running():
                    raise KgError("the Oxigraph server stopped unexpectedly")
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
