"""A real Oxigraph SPARQL server (the ``oxigraph`` package's binary), loaded with the graph."""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from .errors import KgError, UsageError

__all__ = ["OxigraphServer", "oxigraph_binary", "free_port"]

_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def oxigraph_binary() -> str:
    """The ``oxigraph`` server binary from the ``oxigraph`` PyPI package."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise UsageError("the Oxigraph server is not installed", fix="pip install 'kg[oxigraph]'")
    return found


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


class OxigraphServer:
    """Load ``files`` into a database folder and serve it over HTTP.

    Read-only unless ``writable``; bound to 127.0.0.1 unless told otherwise.
    Use as a context manager, or call :meth:`start` and :meth:`stop`.
    """

    def __init__(self, files: list[Path], host: str = "127.0.0.1", port: int = 7878,
                 writable: bool = False, db: Path | None = None) -> None:
        self.files = [Path(f) for f in files]
        self.host, self.port, self.writable = host, port, writable
        self._tmp = None if db else tempfile.TemporaryDirectory(prefix="kg-oxigraph-")
        self.db = Path(db) if db else Path(self._tmp.name) / "db"
        self.process: subprocess.Popen | None = None

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

    def load(self) -> None:
        binary = oxigraph_binary()
        self.db.mkdir(parents=True, exist_ok=True)
        if self.files:
            run = subprocess.run([binary, "load", "--location", str(self.db), "--file",
                                  *map(str, self.files)], capture_output=True, text=True)
            if run.returncode != 0:
                lines = (run.stderr or run.stdout).strip().splitlines() or ["failed"]
                raise KgError(f"oxigraph load failed: {lines[-1]}", path=self.files[0],
                              fix="rebuild the graph with kg build")

    def start(self, timeout: float = 30.0) -> OxigraphServer:
        self.load()
        command = "serve" if self.writable else "serve-read-only"
        self.process = subprocess.Popen(
            [oxigraph_binary(), command, "--location", str(self.db), "--bind", f"{self.host}:{self.port}",
             "--union-default-graph"],  # pushed plans live in named graphs; query them all
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            start_new_session=True)  # a Ctrl-C reaches kg, which stops the server cleanly
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                error = self.process.stderr.read().decode("utf-8", "replace").strip().splitlines()
                raise KgError(f"oxigraph server exited: {error[-1] if error else 'no message'}",
                              fix=f"is port {self.port} already in use? try --port")
            try:
                urllib.request.urlopen(f"{self.query_url}?query=ASK%7B%7D", timeout=1).close()
                return self
            except (urllib.error.URLError, OSError):
                time.sleep(0.1)
        self.stop()
        raise KgError(f"oxigraph server did not answer on {self.base} within {timeout:.0f}s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process and self.process.stderr:
            self.process.stderr.close()
        self.process = None
        if self._tmp:
            self._tmp.cleanup()
            self._tmp = None

    def __enter__(self) -> OxigraphServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def exposed(self) -> bool:
        return self.host not in _LOOPBACK
