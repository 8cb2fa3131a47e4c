"""Running kg as a user would, in a child process, without ever waiting forever."""
from __future__ import annotations

import os
import selectors
import subprocess
import sys
import time

__all__ = ["kg", "one_line_error", "start_kg", "read_until"]


def kg(*args: str, cwd=None, input: str | None = None, env: dict | None = None,
       timeout: float = 300) -> subprocess.CompletedProcess:
    """``python -m kg ARGS``, its output captured; never waits more than ``timeout`` seconds."""
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
