"""Running kg as a user would: in this process through the real entry point, or in a child process.

:func:`kg` calls :func:`kg.cli.main.main` — the function ``python -m kg`` calls — with the
streams, environment, working folder and standard input swapped as a child process would have
them, and returns what a child process would: exit code, stdout, stderr. It is an order of
magnitude faster than a child process (no interpreter start, no rdflib import per call), and
exit codes, one-line errors and what is written are the same code path.

:func:`kg_process` and :func:`start_kg` start a real ``python -m kg``: for what only a process
shows (the module entry point, stdout that is a file, signals, servers, concurrency).
"""
from __future__ import annotations

import contextvars
import os
import selectors
import subprocess
import sys
import time

__all__ = ["kg", "kg_process", "one_line_error", "start_kg", "read_until", "query_url"]

_APP_TOOLS = {"users", "audit"}  # kg app's subcommands: neither serves


def kg(*args: str, cwd=None, input: str | None = None, env: dict | None = None,
       timeout: float = 300) -> subprocess.CompletedProcess:
    """``kg ARGS`` in this process, its output captured, as :func:`kg_process` would return it.

    ``timeout`` is accepted for the same signature; an in-process run cannot be cut short, so the
    commands that start a server (``app``, ``serve``) still run as a child process: a refusal that
    regressed into serving must fail after ``timeout``, not hang the suite. Their help, and ``kg app users``
    and ``kg app audit``, serve nothing: they run here.
    """
    if _serves(args):
        return kg_process(*args, cwd=cwd, input=input, env=env, timeout=timeout)
    from click.testing import CliRunner

    from kg.cli.main import main
    from kg.views import templates

    runner = CliRunner()
    here = os.getcwd()
    code = 0
    with runner.isolation(input=input, env={"PYTHONIOENCODING": "utf-8", **(env or {})}) as (out, err, _):
        try:
            if cwd is not None:
                os.chdir(cwd)
            contextvars.copy_context().run(main, list(args))  # --lang stays inside this run
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
        finally:
            os.chdir(here)
            templates.set_template_dir(None)  # --template-dir likewise
        sys.stdout.flush()
        sys.stderr.flush()
        stdout, stderr = (_as_text(stream.getvalue()) for stream in (out, err))
    return subprocess.CompletedProcess(["kg", *args], code, stdout, stderr)


def _serves(args) -> bool:
    """Whether ``kg ARGS`` may start a server: ``kg serve …`` or ``kg app …`` but for their help and app's
    subcommands (``kg app users …``, ``kg app audit …``)."""
    words = list(args)
    if "--help" in words or "-h" in words:
        return False
    if "serve" in words:
        return True
    return "app" in words and not _APP_TOOLS & set(words[words.index("app") + 1:])


def _as_text(data: bytes) -> str:
    """What a child's captured stream reads as in text mode: UTF-8, universal newlines (CSV's \r\n → \n)."""
    return data.decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n")


def kg_process(*args: str, cwd=None, input: str | None = None, env: dict | None = None,
               timeout: float = 300) -> subprocess.CompletedProcess:
    """``python -m kg ARGS`` in a child process, its output captured; never waits more than ``timeout`` seconds."""
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=cwd, input=input,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})}, timeout=timeout)


def one_line_error(result: subprocess.CompletedProcess, *words: str) -> None:
    """A usage error as the README promises: exit 2, one line on stderr naming the problem, no traceback."""
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


def start_kg(*args: str, cwd=None) -> subprocess.Popen:
    """``python -m kg ARGS`` with pipes, unbuffered, in its own process group."""
    return subprocess.Popen([sys.executable, "-m", "kg", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, cwd=cwd, env={**os.environ, "PYTHONUNBUFFERED": "1"})


def read_until(process: subprocess.Popen, needle: str, timeout: float = 60.0) -> str:
    """Read the child's stdout until a line contains ``needle``; fail after ``timeout`` seconds."""
    buffer = b""
    deadline = time.monotonic() + timeout
    fd = process.stdout.fileno()
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        while time.monotonic() < deadline:
            if not selector.select(timeout=max(0.0, deadline - time.monotonic())):
                break
            chunk = os.read(fd, 65536)  # raw reads: a buffered readline would hide data from select
            if not chunk:
                break
            buffer += chunk
            if needle.encode() in buffer:
                return buffer.decode("utf-8", "replace")
    process.kill()
    raise AssertionError(f"no line with {needle!r} within {timeout}s; saw {buffer!r}; "
                         f"stderr {process.stderr.read()[-500:]!r}")


def query_url(text: str) -> str:
    """The SPARQL query URL kg serve printed (its line is in the language in force)."""
    import re

    return re.search(r"(https?://\S+/query)\b", text).group(1)
