"""Evidence files (佐证) sent with a unit's report: checked, stored by content, served only to who may see the task.

A file is kept as ``graph/evidence/<sha256>.<suffix>``: the same file sent twice is stored once, and
a stored file is never replaced. The report's 佐证 cell names it (``evidence/<sha256>.<suffix>``), so
the record in the graph says which file backs which colour, and any later change is a new record.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from ..files import write_atomic
from ..i18n import _, join_names

__all__ = ["MAX_BYTES", "KINDS", "check", "store", "REF", "tasks_citing"]

#: The largest evidence file accepted (bytes).
MAX_BYTES = 5 * 1024 * 1024
#: Accepted suffixes → (how the file starts, media type): the name and the content must agree.
KINDS = {".pdf": ((b"%PDF-",), "application/pdf"),
         ".png": ((b"\x89PNG\r\n\x1a\n",), "image/png"),
         ".jpg": ((b"\xff\xd8\xff",), "image/jpeg"),
         ".jpeg": ((b"\xff\xd8\xff",), "image/jpeg"),
         ".docx": ((b"PK\x03\x04",), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
         ".xlsx": ((b"PK\x03\x04",), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")}
#: How a report's 佐证 cell names a stored file.
REF = re.compile(r"evidence/([0-9a-f]{64})(\.[a-z]+)")


def check(filename: str, data: bytes) -> str | None:
    """Why a file cannot be evidence (one line, in the reader's language), or None."""
    suffix = Path(filename).suffix.lower()
    if suffix not in KINDS:
        return _("evidence file %(file)s is of a kind not accepted: upload a %(kinds)s file") % {
            "file": filename, "kinds": join_names(s.lstrip(".") for s in KINDS)}
    if len(data) > MAX_BYTES:
        return _("evidence file %(file)s is over %(mb)s MB") % {"file": filename, "mb": MAX_BYTES // (1024 * 1024)}
    if not data.startswith(KINDS[suffix][0]):
        return _("evidence file %(file)s: its content does not match its suffix %(suffix)s") % {
            "file": filename, "suffix": suffix}
    return None


def name_of(filename: str, data: bytes) -> str:
    return f"{hashlib.sha256(data).hexdigest()}{Path(filename).suffix.lower()}"


def store(graph_dir: Path, filename: str, data: bytes) -> str:
    """Keep a checked file under ``graph/evidence/``; its reference for the 佐证 cell."""
    name = name_of(filename, data)
    path = Path(graph_dir) / "evidence" / name
    if not path.exists():  # content-addressed: an existing file is already these bytes
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic([(path, data)])
    return f"evidence/{name}"


def tasks_citing(name: str, history: dict[str, list[dict]]) -> set[str]:
    """The tasks whose records cite the stored file ``name``."""
    return {task for task, records in history.items()
            if any(f"evidence/{name}" in str(r.get("evidence", "")) for r in records)}
