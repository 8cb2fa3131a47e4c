"""``kg build``: sources to the graph files, all or nothing."""
from __future__ import annotations

import hashlib
import json
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from rdflib import Graph

from ..i18n import _
from .. import __version__
from ..errors import InputError, UsageError
from ..files import BUILD_MANIFEST, GRAPH_FOLDER, write_atomic
from ..model.domain import one_unit
from ..model.records import Plan
from ..readers import read_plan
from ..readers.metadata import Given
from ..readers.registry import load_registry
from ..resources import bundled_plan, data_dir, unit_registry
from .serialize import write_jsonld, write_sorted_ntriples, write_turtle
from .triples import Triples, plan_graph

__all__ = ["BuildResult", "build", "GRAPH_NAME"]

#: Plans named one by one in a build's summary; the rest are counted.
SUMMARY_PLANS = 3

#: The built graph's file stem inside the output folder.
GRAPH_NAME = "kg"


@dataclass
class BuildResult:
    triples: Triples | None
    plans: list[Plan]
    files: list[Path] = field(default_factory=list)
    #: Set when nothing changed since the last build into the same folder.
    cached_summary: str | None = None

    @cached_property
    def graph(self) -> Graph | None:
        """The built graph as an rdflib Graph (made on first use: building does not need one)."""
        return self.triples.graph() if self.triples is not None else None

    def summary(self) -> str:
        if self.cached_summary is not None:
            return self.cached_summary
        tasks = sum(len(p.tasks) for p in self.plans)
        assignments = sum(len(t.assignments) for p in self.plans for t in p.tasks)
        milestones = sum(len(t.milestones) for p in self.plans for t in p.tasks)
        severities = Counter(f.severity for p in self.plans for f in p.findings)
        kinds = Counter()
        from ..model.vocab import KG
        wanted = {KG.inRegistry, KG.kind}
        facts = {(s, p): o for s, p, o in self.triples if p in wanted}
        for (unit, prop), registered in facts.items():
            if prop == KG.inRegistry:
                kind = str(facts[(unit, KG.kind)]).rsplit("/", 1)[-1]
                kinds["unit" if one_unit(kind) else kind] += 1
                kinds["unregistered"] += not registered.toPython()
        inferred = sum(not a.stated for p in self.plans for t in p.tasks for a in t.assignments)
        named = _("; ").join(_("%(title)s [%(plan)s, read as %(reader)s]")
                             % {"title": p.title, "plan": p.plan_id, "reader": p.reader}
                             for p in self.plans[:SUMMARY_PLANS])
        if len(self.plans) > SUMMARY_PLANS:  # a build of 1000 plans printed every title on one line
            named += _("; … and %(n)d more (kg query plans lists them all)") % {"n": len(self.plans) - SUMMARY_PLANS}
        figures = {"plans": len(self.plans), "named": named, "tasks": tasks, "milestones": milestones,
                   "assignments": assignments - inferred, "inferred": inferred, "units": kinds["unit"],
                   "collectives": kinds["collective"], "placeholders": kinds["placeholder"],
                   "unregistered": kinds["unregistered"], "warnings": severities["warning"],
                   "notes": severities["info"]}
        lines = [_("%(plans)d plan(s): %(named)s") % figures,
                 _("%(tasks)d tasks, %(milestones)d milestones, %(assignments)d assignments") % figures
                 + (_(" (+%(inferred)d inferred)") % figures if inferred else ""),
                 _("%(units)d units, %(collectives)d collectives, %(placeholders)d placeholders, "
                   "%(unregistered)d names not in the registry") % figures,
                 _("findings: %(warnings)d warnings, %(notes)d notes (kg validate lists them)") % figures]
        lines += [_("wrote %(path)s") % {"path": path} for path in self.files]
        return "\n".join(lines)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def abbreviations_file() -> Path:
    return data_dir("abbreviations.csv")


def fingerprint(sources: list[Path], units: Path) -> str:
    """Everything a build depends on: kg's code and version, the registry, each source."""
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parent.parent  # all of kg: its code decides the graph
    for code in sorted(package.rglob("*.py")):
        digest.update(code.relative_to(package).as_posix().encode() + _sha(code.read_bytes()).encode())
    for path in [units, abbreviations_file(), *sources]:
        try:
            digest.update(path.name.encode() + _sha(path.read_bytes()).encode())
        except OSError:
            return ""  # let the build report the unreadable file
    return digest.hexdigest()


def _load_store(out: Path, turtle_file: Path, ntriples: Path) -> None:
    """Load the written graph into the Oxigraph store every ``kg query`` then reuses (``graph/.kg-store``)."""
    from ..sparql.stores import STORE_DIR, open_database

    try:
        open_database(out / STORE_DIR, [turtle_file], ntriples)
    except OSError:
        pass  # a folder kg may not write: queries load the graph in memory
    except UsageError:
        pass  # no pyoxigraph (OxigraphStore says so): queries use rdflib


def _up_to_date(out: Path, key: str) -> str | None:
    """The previous summary when ``out`` holds the outputs of a build with this fingerprint."""
    try:
        manifest = json.loads((out / BUILD_MANIFEST).read_text(encoding="utf-8"))
        if not key or manifest["fingerprint"] != key:
            return None
        for name, digest in manifest["files"].items():
            if _sha_file(out / name) != digest:
                return None
        return manifest["summary"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def build(sources: list[Path] | None = None, out: Path | None = GRAPH_FOLDER,
          units: Path | None = None, strict: bool = False, force: bool = True,
          fmt: str | None = None, place: str | None = None, year: int | None = None,
          title: str | None = None) -> BuildResult:
    """Build one graph from every source; write ``kg.ttl`` and ``kg.jsonld`` into ``out``.

    ``place``, ``year`` and ``title`` state what a plan's text does not (they apply to every source).
    With ``force=False`` a build whose inputs (sources, registry, kg's code) and
    outputs are unchanged since the last build into ``out`` is skipped.
    """
    import gc

    # A build makes millions of small objects and frees none until it ends: the cycle collector's
    # passes over them are pure cost (about a tenth of a large build), so it waits until the end.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _build(sources, out, units, strict, force, fmt, Given(place, year, title))
    finally:
        if collecting:
            gc.enable()


def _build(sources, out, units, strict, force, fmt, given: Given) -> BuildResult:
    sources = [Path(s) for s in sources] if sources else [bundled_plan()]
    if given.title and len(sources) > 1:
        raise UsageError(_("--title names one plan, but several plan files are given"),
                         fix=_("build each plan with its own --title, or leave --title out"))
    key = fingerprint(sources, Path(units) if units else unit_registry()) + f":{strict}:{fmt}:{given}"
    if out is not None and not force and (summary := _up_to_date(Path(out), key)):
        return BuildResult(None, [], cached_summary=_("%(out)s is up to date (kg build --force rebuilds)")
                           % {"out": Path(out)} + "\n"
                                                     + summary)
    registry = load_registry(units)
    triples = Triples()
    plans: list[Plan] = []
    seen: dict[str, Path] = {}
    for source in sources:
        plan = read_plan(source, registry, strict=strict, fmt=fmt, place=given.place, year=given.year,
                         title=given.title)
        if plan.plan_id in seen:
            raise InputError(_("plan id %(plan)s is already taken by %(file)s") % {
                "plan": repr(plan.plan_id), "file": seen[plan.plan_id]}, path=source, fix=_("rename one of the files"))
        seen[plan.plan_id] = source
        plans.append(plan)
        triples.update(plan_graph(plan, registry))
    result = BuildResult(triples, plans)
    if out is not None:
        _write_graph(Path(out), triples, result, key)
    return result


def _write_graph(out: Path, triples: Triples, result: BuildResult, key: str) -> None:
    """Sorted N-Triples, Turtle and JSON-LD streamed through files beside the outputs, then moved into place."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".kg-build-", dir=out) as tmp:
        ntriples = Path(tmp) / f"{GRAPH_NAME}.nt"
        write_sorted_ntriples(triples, ntriples)
        files: list = [(out / f"{GRAPH_NAME}.ttl", Path(tmp) / f"{GRAPH_NAME}.ttl"),
                       (out / f"{GRAPH_NAME}.jsonld", Path(tmp) / f"{GRAPH_NAME}.jsonld")]
        write_turtle(ntriples, files[0][1])
        write_jsonld(ntriples, files[1][1])
        result.files = [path for path, _ in files]
        manifest = {"fingerprint": key, "files": {p.name: _sha_file(t) for p, t in files},
                    "summary": "\n".join(result.summary().splitlines()[:4])}
        files.append((out / BUILD_MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1) + "\n"))
        write_atomic(files)
        _load_store(out, result.files[0], ntriples)


def _sha_file(path: Path) -> str:
    """``_sha`` of a file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
