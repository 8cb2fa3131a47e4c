"""Running kg as a user would, in a child process, without ever waiting forever."""
from __future__ import annotations

import os
import selectors
import subprocess
import sys
import time

__all__ = ["start_kg", "read_until"]


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
