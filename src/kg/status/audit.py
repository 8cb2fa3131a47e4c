"""The audit trail: every write to the office's record, wherever it comes from, kept once and chained.

``kg app`` (a unit's report, a verdict, an upload, 督办单, a publication, a sign-in) and the CLI
(``kg status import/verify/publish/supervise``, ``kg app users …``) both call :func:`record`, which
appends, under one lock:

- a line to ``graph/app/audit.jsonl``: when (UTC), who (the signed-in account; on the CLI ``--as NAME``
  or the operating-system user), from where (the client's address; ``cli@<host>`` on the CLI), the
  kind of write, what it wrote, and ``prev``, the SHA-256 of the line before it (the first line's is
  64 zeros). A line edited, removed or inserted afterwards breaks the chain at the line after it, and
  :func:`verify` names that line;
- the same entry as PROV to ``graph/app/audit.trig``, one named graph per entry (``id:audit/<sha256 of
  its line>``): a ``prov:Activity`` with its time and place, ``prov:wasAssociatedWith`` the agent (a
  unit's account ``prov:actedOnBehalfOf`` the unit) and ``prov:generated`` the status graphs it
  recorded. ``kg query status-provenance`` reads it with the status files.

Neither file is ever rewritten: each entry is appended whole and synced to disk.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import socket
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from ..errors import InputError
from ..files import locked
from ..i18n import _
from ..model.vocab import DCTERMS, ID, PROV, RDF, RDFS, XSD, bind, unit_iri

__all__ = ["Actor", "cli_actor", "record", "entries", "verify", "BrokenTrail", "trail_file", "prov_file",
           "GENESIS", "kind_labels", "kind_label", "detail_text"]

#: The ``prev`` of the first line: no line before it.
GENESIS = "0" * 64


def kind_labels() -> dict[str, str]:
    """Each kind of entry and what a person reads for it (in the language in force)."""
    return {"report": _("report"), "upload-report": _("report file imported"), "verify": _("verdicts"),
            "upload-verify": _("review sheet imported"), "supervise": _("supervision orders issued"), "publish": _("month published"),
            "login": _("signed in"), "login-link": _("signed in by one-time link"), "login-failed": _("sign-in failed"),
            "lockout": _("sign-in locked"), "logout": _("signed out"), "account-add": _("account added"),
            "account-remove": _("account removed"), "account-reset": _("password reset"), "account-link": _("login link issued")}


def kind_label(kind: str) -> str:
    return kind_labels().get(kind, kind)


def detail_text(detail: dict | None) -> str:
    """An entry's details as a person reads them: each key named in words, ``；`` between them."""
    words = {"how": _("by"), "until": _("locked until"), "month": _("month"), "rate": _("reporting rate"),
             "orders": _("orders"), "file": _("file"), "role": _("role"), "unit": _("unit"), "expires": _("expires"),
             "tasks": _("tasks"), "evidence": _("evidence")}
    values = {"password": _("password"), "link": _("one-time link")}
    return _("; ").join(_("%(what)s: %(value)s") % {"what": words.get(k, k), "value": values.get(v, v)}
                        for k, v in (detail or {}).items())


class BrokenTrail(InputError):
    """The audit trail was edited after it was written: the data does not conform (exit 1)."""

    exit_code = 1


@dataclass(frozen=True)
class Actor:
    """Who makes a write and from where; ``unit`` is the node id (``unit/<id>``) a unit's account acts for."""

    who: str
    where: str
    role: str = ""
    unit: str = ""


def cli_actor(name: str | None = None, role: str = "", unit: str = "") -> Actor:
    """The CLI's actor: ``name`` (``--as``) or the operating-system user, from ``cli@<this host>``."""
    import getpass

    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a container)
        user = str(os.getuid())
    return Actor((name or "").strip() or user, f"cli@{socket.gethostname()}", role, unit)


def trail_file(graph_dir: Path) -> Path:
    return Path(graph_dir) / "app" / "audit.jsonl"


def prov_file(graph_dir: Path) -> Path:
    return Path(graph_dir) / "app" / "audit.trig"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def _digest(line: str) -> str:
    return hashlib.sha256(line.encode("utf-8")).hexdigest()


def _last_line(path: Path) -> str | None:
    """The file's last line (without its newline), read from the end: the trail may be long."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    with path.open("rb") as handle:
        end = handle.seek(0, os.SEEK_END)
        size = min(end, 4096)
        while True:
            handle.seek(end - size)
            tail = handle.read(size).rstrip(b"\n")
            if b"\n" in tail or size == end:
                return tail.rsplit(b"\n", 1)[-1].decode("utf-8")
            size = min(end, size * 4)


def _append(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def record(graph_dir: Path, actor: Actor, kind: str, what: str = "", generated: Path | None = None,
           **detail: str) -> dict:
    """Append one entry to the trail and its PROV to the graph; the entry as written."""
    folder = trail_file(graph_dir).parent
    folder.mkdir(parents=True, exist_ok=True)
    with locked(folder / ".audit-lock"):
        last = _last_line(trail_file(graph_dir))
        entry = {"at": _now().isoformat(), "who": actor.who, "from": actor.where, "action": kind, "what": what,
                 "prev": _digest(last) if last is not None else GENESIS}
        if actor.role:
            entry["role"] = actor.role
        if detail:
            entry["detail"] = detail
        line = json.dumps(entry, ensure_ascii=False, sort_keys=True)
        _append(trail_file(graph_dir), line + "\n")
        _append(prov_file(graph_dir), _prov(entry, _digest(line), actor, generated))
    return entry


def _prov(entry: dict, digest: str, actor: Actor, generated: Path | None) -> str:
    """The entry as one PROV named graph in TriG (whole, so appended documents stay one valid file)."""
    from rdflib import Dataset, Literal, URIRef

    ds = Dataset()
    bind(ds)
    name = ID[f"audit/{digest}"]
    g = ds.graph(name)
    activity, agent = URIRef(f"{name}/activity"), ID[f"account/{quote(actor.who, safe='')}"]
    g.add((activity, RDF.type, PROV.Activity))
    g.add((activity, RDFS.label, Literal(entry["action"])))
    g.add((activity, DCTERMS.identifier, Literal(f"sha256:{digest}")))
    g.add((activity, PROV.endedAtTime, Literal(entry["at"], datatype=XSD.dateTime)))
    g.add((activity, PROV.atLocation, Literal(actor.where)))
    g.add((activity, PROV.wasAssociatedWith, agent))
    if entry["what"]:
        g.add((activity, RDFS.comment, Literal(entry["what"])))
    for graph in _graphs_in(generated):
        g.add((activity, PROV.generated, URIRef(graph)))
    g.add((agent, RDF.type, PROV.Agent))
    g.add((agent, RDFS.label, Literal(actor.who)))
    if actor.role:
        g.add((agent, RDFS.comment, Literal(actor.role)))
    if actor.unit:
        g.add((agent, PROV.actedOnBehalfOf, unit_iri(actor.unit.removeprefix("unit/"))))
    return ds.serialize(format="trig")


def _graphs_in(recorded: Path | None) -> list[str]:
    """The named graphs a recorded status file holds (what the entry ``prov:generated``)."""
    if recorded is None:
        return []
    from rdflib import Dataset, URIRef

    source = Dataset()
    source.parse(recorded, format="trig")
    return sorted(str(g.identifier) for g in source.graphs() if len(g) and isinstance(g.identifier, URIRef)
                  and str(g.identifier).startswith(str(ID)))


def entries(graph_dir: Path) -> list[dict]:
    """The trail's entries, oldest first (each with ``line``, its line number in the file)."""
    path = trail_file(graph_dir)
    if not path.exists():
        return []
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        try:
            entry = json.loads(line)
        except ValueError:
            continue  # verify() names it; the page lists what can be read
        if isinstance(entry, dict):
            found.append({**entry, "line": number})
    return found


_SHA = re.compile(r"sha256:([0-9a-f]{64})")


def verify(graph_dir: Path) -> int:
    """The number of entries when every line chains to the one before it and each has its PROV entry;
    else :class:`BrokenTrail` naming the first line where the chain breaks."""
    path = trail_file(graph_dir)
    if not path.exists():
        return 0
    lines = path.read_bytes().decode("utf-8", "replace").split("\n")
    if lines[-1] == "":
        lines.pop()
    in_graph = set(_SHA.findall(prov_file(graph_dir).read_text(encoding="utf-8"))) if prov_file(graph_dir).exists() else set()
    expected, seen = GENESIS, set()
    for number, line in enumerate(lines, 1):
        try:
            entry = json.loads(line)
            prev = entry.get("prev") if isinstance(entry, dict) else None
        except ValueError:
            prev = None
        if prev is None:
            raise BrokenTrail(_("line %(n)d is not an audit entry: it was edited after it was written") % {"n": number},
                              path=path, line=number, fix=_("restore the file from a backup; entries are never edited"))
        if prev != expected:
            raise BrokenTrail(_("the chain breaks at line %(n)d: the line before it was edited, removed or inserted after "
                                "it was written") % {"n": number},
                              path=path, line=number, fix=_("restore the file from a backup; entries are never edited"))
        expected = _digest(line)
        seen.add(expected)
        if expected not in in_graph:
            raise BrokenTrail(_("line %(n)d was edited after it was written: its SHA-256 matches no entry kg recorded in %(graph)s")
                              % {"n": number, "graph": prov_file(graph_dir).name},
                              path=path, line=number, fix=_("restore the file from a backup; entries are never edited"))
    if in_graph - seen:
        raise BrokenTrail(_("%(n)d entries in %(graph)s are missing from the trail: lines were removed from its end")
                          % {"n": len(in_graph - seen), "graph": prov_file(graph_dir).name}, path=path,
                          line=len(lines) + 1, fix=_("restore the file from a backup; entries are never edited"))
    return len(lines)
