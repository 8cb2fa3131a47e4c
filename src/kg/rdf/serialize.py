"""Deterministic graph files, written by Oxigraph from sorted N-Triples.

The triples are written as N-Triples lines and sorted (a text sort: the same graph
always gives the same lines in the same order); Oxigraph's streaming writers then
turn that sequence into Turtle (grouped by subject and predicate, with the project's
prefixes) and JSON-LD. rdflib's own writers took two thirds of a 100-plan build.

Everything goes through files: the lines are sorted in runs that are merged from disk,
and each writer reads the sorted file and writes its own, so a build never holds the
joined text, its bytes and both outputs at once (10.8 GB at 1000 plans before).
"""
from __future__ import annotations

import heapq
from collections.abc import Iterable
from contextlib import ExitStack
from pathlib import Path

from rdflib import Literal, URIRef

from ..model.vocab import PREFIXES, RDF

__all__ = ["sorted_ntriples", "write_sorted_ntriples", "turtle", "jsonld", "write_turtle", "write_jsonld"]

#: Lines sorted in memory at a time; longer graphs are sorted in runs and merged from disk.
RUN_LINES = 400_000

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _term(term) -> str:
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        text = f'"{str(term).translate(_ESCAPES)}"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype:
            return f"{text}^^<{term.datatype}>"
        return text
    raise TypeError(f"no blank nodes or variables in a kg graph: {term!r}")


def _lines(triples: Iterable[tuple]):
    written: dict = {}  # subjects, predicates and many objects recur: write each term once

    def term(t) -> str:
        text = written.get(t)
        if text is None:
            text = written[t] = _term(t)
        return text

    for s, p, o in triples:
        yield f"{term(s)} {term(p)} {term(o)} ."


def sorted_ntriples(triples: Iterable[tuple]) -> bytes:
    """The triples as N-Triples, one per line, in text order."""
    lines = sorted(_lines(triples))
    return ("\n".join(lines) + "\n").encode("utf-8")


def write_sorted_ntriples(triples: Iterable[tuple], path: Path, run: int = RUN_LINES) -> None:
    """``sorted_ntriples`` written to ``path``: runs of ``run`` lines sorted apart, then merged.

    Python orders text by code point as UTF-8 orders its bytes, so the merged file is the
    same bytes as the sort in memory.
    """
    path = Path(path)
    runs: list[Path] = []
    chunk: list[str] = []
    for line in _lines(triples):
        chunk.append(line)
        if len(chunk) >= run:
            runs.append(_write_run(sorted(chunk), path.with_name(f"{path.name}.run{len(runs)}")))
            chunk = []
    chunk.sort()
    if not runs:
        _write_run(chunk, path)
        return
    runs.append(_write_run(chunk, path.with_name(f"{path.name}.run{len(runs)}")))
    with ExitStack() as stack, path.open("w", encoding="utf-8", newline="\n") as out:
        sources = [stack.enter_context(r.open(encoding="utf-8", newline="\n")) for r in runs]
        out.writelines(heapq.merge(*sources))
    for r in runs:
        r.unlink()


def _write_run(lines: list[str], path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        for line in lines:
            handle.write(line)
            handle.write("\n")
    return path


def _prefixes() -> dict[str, str]:
    """The vocabulary prefixes; instance IRIs (``id:``) stay whole, as ``id:plan\\/x\\/task\\/1`` reads badly."""
    return {"rdf": str(RDF), **{prefix: str(ns) for prefix, ns in PREFIXES if prefix != "id"}}


def _write(ntriples: bytes, fmt) -> bytes:
    import pyoxigraph

    return pyoxigraph.serialize(pyoxigraph.parse(ntriples, format=pyoxigraph.RdfFormat.N_TRIPLES), format=fmt,
                                prefixes=_prefixes())


def turtle(ntriples: bytes) -> bytes:
    """Turtle from sorted N-Triples: the same graph gives the same bytes."""
    import pyoxigraph

    return _write(ntriples, pyoxigraph.RdfFormat.TURTLE)


def jsonld(ntriples: bytes) -> bytes:
    """JSON-LD (one node object per subject, in the same order) from sorted N-Triples."""
    import pyoxigraph

    return _write(ntriples, pyoxigraph.RdfFormat.JSON_LD)


def _write_file(ntriples: Path, output: Path, fmt) -> None:
    import pyoxigraph

    pyoxigraph.serialize(pyoxigraph.parse(path=str(ntriples), format=pyoxigraph.RdfFormat.N_TRIPLES),
                         output=str(output), format=fmt, prefixes=_prefixes())


def write_turtle(ntriples: Path, output: Path) -> None:
    """``turtle`` from a sorted N-Triples file to a file, streamed: the same bytes."""
    import pyoxigraph

    _write_file(ntriples, output, pyoxigraph.RdfFormat.TURTLE)


def write_jsonld(ntriples: Path, output: Path) -> None:
    """``jsonld`` from a sorted N-Triples file to a file, streamed: the same bytes."""
    import pyoxigraph

    _write_file(ntriples, output, pyoxigraph.RdfFormat.JSON_LD)
