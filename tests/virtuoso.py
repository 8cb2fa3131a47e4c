"""A real Virtuoso 7 server (Debian's virtuoso-opensource) on loopback, for the tests that push to one."""
from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path

from kg.sparql.server import free_port

__all__ = ["Virtuoso"]

_INI = Path(__file__).parent / "data" / "virtuoso.ini"
# The write grants kg push needs: the anonymous SPARQL user may update, and write any graph.
_GRANTS = 'GRANT SPARQL_UPDATE TO "SPARQL"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET (\'nobody\', 7);'


class Virtuoso:
    """``with Virtuoso(folder) as v:`` starts a fresh database in ``folder``; ``v.query_url``, ``v.crud_url``."""

    def __init__(self, folder: Path, start_timeout: float = 90.0) -> None:
        self.folder = Path(folder)
        self.sql_port, self.http_port = free_port(), free_port()
        self.query_url = f"http://127.0.0.1:{self.http_port}/sparql"
        self.crud_url = f"http://127.0.0.1:{self.http_port}/sparql-graph-crud"
        self.start_timeout = start_timeout
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Virtuoso:
        ini = self.folder / "virtuoso.ini"
        ini.write_text(_INI.read_text(encoding="utf-8").format(
            dir=self.folder, sql_port=self.sql_port, http_port=self.http_port), encoding="utf-8")
        # Its own session: Virtuoso's threads must not hold the test runner's pipes.
        self.process = subprocess.Popen(["virtuoso-t", "+foreground", "+configfile", str(ini)], cwd=self.folder,
                                        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + self.start_timeout
        while not self._answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.__exit__()
                log = (self.folder / "virtuoso.log")
                raise RuntimeError(f"Virtuoso did not start: {log.read_text()[-800:] if log.exists() else ''}")
            time.sleep(0.05)  # a start takes 1.5 s; look often, so as not to wait longer than it
        subprocess.run(["isql-vt", f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={_GRANTS}"],
                       check=True, capture_output=True, timeout=60)
        return self

    def _answers(self) -> bool:
        url = self.query_url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.status == 200
        except OSError:
            return False

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)  # a throw-away database: nothing to checkpoint
            self.process.wait(timeout=30)
