"""Result formats: the W3C SPARQL 1.1 CSV and JSON formats, plain tab-separated values, and tables for people."""
from __future__ import annotations

import csv
import io
import json
import unicodedata
from functools import lru_cache

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from ..i18n import ngettext
from ..safe import csv_cell, markdown_text
from .stores import Rows

__all__ = ["render", "render_records", "plain", "records", "display_width"]


def records(rows: Rows) -> list[dict[str, str]]:
    """A result's rows as dicts of plain values, every column present ("" for unbound)."""
    names, data = rows
    return [{n: plain(r.get(n)) for n in names} for r in data]


def plain(term: Node | None) -> str:
    """A term's plain value: the IRI, or the literal's lexical form."""
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


@lru_cache(maxsize=8192)
def _char_width(char: str) -> int:
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def display_width(text: str) -> int:
    """Terminal columns: CJK characters take two.

    >>> display_width("县法院 court")
    12
    """
    return len(text) if text.isascii() else sum(map(_char_width, text))


def _clip(text: str, limit: int) -> tuple[str, int]:
    """Shorten to ``limit`` terminal columns with an ellipsis (tables only; data formats keep all), with
    the width of what is kept: each cell is measured once, and a long one only up to the limit."""
    if 2 * len(text) <= limit or text.isascii() and len(text) <= limit:
        return text, display_width(text)
    used = 0
    for index, char in enumerate(text):
        w = _char_width(char)
        if used + w > limit - 1:  # past the room left beside an ellipsis: the end of the text, or clip
            if index == len(text) - 1 and used + w <= limit:
                return text, used + w
            return text[:index] + "…", used + 1
        used += w
    return text, used


def _pad(text: str, width: int, used: int) -> str:
    return text + " " * (width - used)


def _json(term: Node) -> dict:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if isinstance(term, Literal) and term.language:
        out["xml:lang"] = term.language
    elif isinstance(term, Literal) and term.datatype:
        out["datatype"] = str(term.datatype)
    return out


def render(rows: Rows, fmt: str = "table", max_width: int = 60) -> str:
    names, data = rows
    if fmt == "json":
        bindings = [{n: _json(r[n]) for n in names if r.get(n) is not None} for r in data]
        return json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}},
                          ensure_ascii=False, indent=1) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(names)
        writer.writerows([csv_cell(plain(r.get(n))) for n in names] for r in data)
        return out.getvalue()
    if fmt == "tsv":  # plain values a spreadsheet or a shell reads (the W3C TSV's RDF terms are for engines)
        out = io.StringIO()
        writer = csv.writer(out, delimiter="\t", lineterminator="\n")
        writer.writerow(names)
        writer.writerows([csv_cell(plain(r.get(n))) for n in names] for r in data)
        return out.getvalue()
    cells = [[plain(r.get(n)).replace("\n", " ") for n in names] for r in data]
    if fmt == "md":
        lines = ["| " + " | ".join(names) + " |", "|" + "---|" * len(names)]
        lines += ["| " + " | ".join(markdown_text(c) for c in row) + " |" for row in cells]
        return "\n".join(lines) + "\n"
    clipped = [[_clip(c, max_width) for c in row] for row in cells]
    widths = [max([display_width(n)] + [row[i][1] for row in clipped]) for i, n in enumerate(names)]
    lines = ["  ".join(_pad(n, w, display_width(n)) for n, w in zip(names, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(_pad(c, w, used) for (c, used), w in zip(row, widths)).rstrip() for row in clipped]
    lines.append(ngettext("(%(num)d row)", "(%(num)d rows)", len(cells)) % {"num": len(cells)})
    return "\n".join(lines) + "\n"


def render_records(records: list[dict], fmt: str = "table", max_width: int = 60) -> str:
    """Row dicts (analytics results) as a table, CSV, TSV, Markdown or a JSON list of objects."""
    if fmt == "json":
        return json.dumps(records, ensure_ascii=False, indent=1) + "\n"
    names = list(records[0]) if records else []

    def text(value) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)

    rows = [[text(r.get(n, "")) for n in names] for r in records]
    if fmt in ("csv", "tsv"):
        out = io.StringIO()
        writer = csv.writer(out, delimiter="," if fmt == "csv" else "\t",
                            lineterminator="\r\n" if fmt == "csv" else "\n")
        writer.writerow(names)
        writer.writerows([csv_cell(v) for v in row] for row in rows)
        return out.getvalue()
    literal_rows = ([n for n in names], [{n: Literal(v) for n, v in zip(names, row)} for row in rows])
    return render(literal_rows, fmt, max_width)
