"""Named SPARQL queries: the files in ``queries/``, their parameters, and running them.

Each ``.rq`` file opens with a comment block::

    # question: Tasks of one unit, with its role.
    # param: unit string required  Chinese name, English name or alias
    # param: as_of date default=2023-06-30  the report date
    # columns: task, role, work_item
    # sorted-lists: tasks

Parameters are typed; a value becomes an RDF term of that type and is bound
by the store, so text from a user is only ever a literal. A sorted-lists column
is a ``|``-joined GROUP_CONCAT, sorted here; an empty list is "" on every engine
(Oxigraph leaves a group of unbound values unbound, rdflib and Virtuoso give "",
and Virtuoso cannot compile a COALESCE around the aggregate).
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.term import Node

from ..errors import InputError, UsageError
from ..i18n import N_, _, gettext, language
from ..model.vocab import XSD
from ..readers.registry import lookup_key
from ..resources import queries_dir
from .order import cannot_sort, sort_rows, without_order
from .stores import Rows, Store

__all__ = ["Param", "NamedQuery", "load_query", "list_queries", "run", "run_many", "bind_params", "check_exists", "natural_key", "PARAM_TYPES"]

PARAM_TYPES = {
    "string": XSD.string, "integer": XSD.integer, "decimal": XSD.decimal, "date": XSD.date,
    "month": XSD.gYearMonth, "boolean": XSD.boolean, "iri": None, "unit": XSD.string,
    "period": XSD.integer, "task": XSD.integer, "plan": XSD.string, "language": None,
}
#: Types whose value must name something in the graph (checked with queries/checks/TYPE.rq).
CHECKED = ("unit", "period", "task", "plan")
_CHECK = {
    "integer": re.compile(r"^[+-]?\d+$"), "decimal": re.compile(r"^[+-]?\d+(\.\d+)?$"),
    "date": re.compile(r"^\d{4}-\d{2}-\d{2}$"), "month": re.compile(r"^\d{4}-(0[1-9]|1[0-2])$"),
    "boolean": re.compile(r"^(true|false)$"), "iri": re.compile(r"^[a-z][a-z0-9+.-]*:[^\s<>\"{}|\\^`]+$"),
    "period": re.compile(r"^\d+$"), "task": re.compile(r"^\d+$"), "language": re.compile(r"^(zh|en)$"),
}
_HINT = {"integer": N_("a whole number"), "decimal": N_("a number"), "date": N_("a real date, YYYY-MM-DD"),
         "month": N_("a month, YYYY-MM"), "boolean": N_("true or false"), "iri": N_("an absolute IRI"),
         "period": N_("a period number (kg query periods)"), "task": N_("a task number"), "language": N_("zh or en")}
#: What a checked parameter names, as a message says it.
_KINDS = {"unit": N_("unit"), "plan": N_("plan"), "period": N_("period"), "task": N_("task")}


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    required: bool
    default: str | None
    doc: str

    @property
    def said(self) -> str:
        """What the parameter means, in the language in force (the .rq file's English is the msgid)."""
        return gettext(self.doc) if self.doc else ""


@dataclass
class NamedQuery:
    name: str
    path: Path | None
    text: str
    question: str = ""
    params: dict[str, Param] = field(default_factory=dict)
    columns: list[str] = field(default_factory=list)
    #: GROUP_CONCAT columns (``|``-separated) the runner sorts: SPARQL 1.1 gives
    #: GROUP_CONCAT no order, and results must not depend on the engine.
    sorted_lists: list[str] = field(default_factory=list)
    #: What the query runs on: "plan" (the built graph), "status" (the report dataset),
    #: "shacl" (a validation report).
    scope: str = "plan"

    @property
    def asks(self) -> str:
        """The question the query answers, in the language in force (kg.sparql.rq_messages puts it in kg.po)."""
        return gettext(self.question) if self.question else ""

    @classmethod
    def parse(cls, name: str, text: str, path: Path | None = None) -> NamedQuery:
        query = cls(name, path, text)
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.startswith("#"):
                if line.strip():
                    break
                continue
            key, _, value = line.lstrip("# ").partition(":")
            key, value = key.strip().lower(), value.strip()
            if key == "question":
                query.question = value
            elif key == "columns":
                query.columns = [c.strip() for c in value.split(",") if c.strip()]
            elif key == "param":
                param = _param(value, path or name, number)
                query.params[param.name] = param
            elif key == "scope":
                query.scope = value
            elif key == "sorted-lists":
                query.sorted_lists = [c.strip() for c in value.split(",") if c.strip()]
        return query


def _param(spec: str, where, line: int) -> Param:
    parts = spec.split(None, 3)
    if len(parts) < 3 or parts[1] not in PARAM_TYPES:
        raise InputError(_("bad parameter declaration %(spec)s") % {"spec": repr(spec)}, path=where, line=line,
                         fix=_("write '# param: NAME TYPE required|default=VALUE  doc', TYPE one of %(types)s")
                         % {"types": ", ".join(PARAM_TYPES)})
    name, kind, need = parts[0], parts[1], parts[2]
    default = need.partition("=")[2] if need.startswith("default=") else None
    return Param(name, kind, need == "required", default, parts[3] if len(parts) > 3 else "")


def list_queries(scope: str | None = "plan") -> list[NamedQuery]:
    """The named queries that run on ``scope`` (all of them when None)."""
    queries = [load_query(p.stem) for p in sorted(queries_dir().glob("*.rq"))]
    return [q for q in queries if scope is None or q.scope == scope]


def load_query(name: str | None = None, *, text: str | None = None) -> NamedQuery:
    """A named query, a path to an ``.rq`` file, or inline text (``-e``)."""
    if text is not None:
        return NamedQuery.parse("-e", text)
    assert name is not None
    path = Path(name)
    # A named query wins over a file of the same name in the working folder; a path says so (.rq or a /).
    if path.suffix == ".rq" or ("/" in name or "\\" in name):
        if not path.is_file():
            raise InputError(_("query file not found"), path=path, fix=_("check the path"))
        return NamedQuery.parse(path.stem, path.read_text(encoding="utf-8"), path)
    file = queries_dir() / f"{name}.rq"
    if not file.is_file():
        known = ", ".join(p.stem for p in sorted(queries_dir().glob("*.rq")))
        raise UsageError(_("no query named %(name)s") % {"name": repr(name)},
                         fix=_("use one of: %(known)s (kg query --list)") % {"known": known})
    return NamedQuery.parse(name, file.read_text(encoding="utf-8"), file)


def bind_params(query: NamedQuery, values: dict[str, str]) -> dict[str, Node]:
    """Typed RDF terms for ``values``; unknown, missing or ill-formed ones are errors."""
    unknown = sorted(set(values) - set(query.params))
    if unknown and query.name != "-e":
        known = ", ".join(query.params) or _("none")
        raise UsageError(_("query %(query)s has no parameter %(name)s") % {"query": repr(query.name),
                                                                          "name": repr(unknown[0])},
                         fix=_("its parameters: %(known)s") % {"known": known})
    bound: dict[str, Node] = {}
    for name, param in query.params.items():
        value = values.get(name, param.default)
        if value is None and param.type == "language":  # kg's words in the graph, in the language in force
            value = language()
        if value is None:
            if param.required:
                raise UsageError(_("query %(query)s needs --param %(name)s=…") % {"query": repr(query.name),
                                                                                 "name": name},
                                 fix=f"{name}: {param.doc or param.type}")
            continue
        bound[name] = _term(name, param.type, value)
    for name in unknown:  # inline queries: untyped values are plain literals
        bound[name] = Literal(values[name])
    return bound


def _term(name: str, kind: str, value: str) -> Node:
    check = _CHECK.get(kind)
    if (check and not check.match(value)) or (kind == "date" and not _real_date(value)):
        hint = _(_HINT[kind])
        raise UsageError(_("--param %(name)s=%(value)s is not %(hint)s") % {"name": name, "value": repr(value),
                                                                          "hint": hint},
                         fix=_("give %(name)s as %(hint)s") % {"name": name, "hint": hint})
    if kind == "iri":
        return URIRef(value)
    if kind in ("string", "plan", "language"):
        return Literal(value)
    if kind == "unit":  # matched against kg:key, so any of a unit's names works
        return Literal(lookup_key(value))
    return Literal(value, datatype=PARAM_TYPES[kind])


def _real_date(value: str) -> bool:
    import datetime

    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def check_exists(store: Store, query: NamedQuery, values: dict[str, str]) -> None:
    """A value that names nothing in the graph (a misspelt unit, task 999) is an error, not zero rows."""
    for name, param in query.params.items():
        value = values.get(name)
        if param.type not in CHECKED or value is None:
            continue
        check = NamedQuery.parse(param.type, (queries_dir() / "checks" / f"{param.type}.rq").read_text(
            encoding="utf-8"))
        if store.select(check.text, {"value": _term(name, param.type, value)})[1]:
            continue
        choices = _choices(store, param.type)
        close = difflib.get_close_matches(value, choices, n=3, cutoff=0.5)
        if param.type in ("period", "task"):
            numbers = sorted(int(c) for c in choices if c.isdigit())
            known = f"{numbers[0]}–{numbers[-1]}" if numbers else _("none")
            fix = (_("the graph has periods %(known)s") if param.type == "period"
                   else _("the graph has tasks %(known)s")) % {"known": known}
        else:
            fix = (_("did you mean %(names)s?") % {"names": _(" or ").join(close)} if close
                   else _("list them with kg query %(query)s") % {"query": f"{param.type}s"})
        what = (_("no %(kind)s %(value)s in the graph") if param.type in ("period", "task")
                else _("no %(kind)s named %(value)s in the graph")) % {"kind": _(_KINDS.get(param.type, param.type)),
                                                                       "value": value if param.type in ("period", "task")
                                                                       else repr(value)}
        raise UsageError(f"--param {name}={value!r}: {what}", fix=fix)


def _choices(store: Store, kind: str) -> list[str]:
    text = (queries_dir() / "checks" / "choices.rq").read_text(encoding="utf-8")
    return sorted({str(r["choice"]) for r in store.select(text)[1] if str(r["kind"]) == kind})


def _sort_list(term: Node | None, keys: dict[str, tuple]) -> Node | None:
    """A "|"-joined list in natural order; ``keys`` keeps each item's sort key, since the rows of
    one answer repeat the same items (every pair of units sharing a task lists that task)."""
    if term is None:
        return Literal("")
    if not isinstance(term, Literal) or "|" not in str(term):
        return term
    items = str(term).split("|")
    for item in items:
        if item not in keys:
            keys[item] = natural_key(item)
    items.sort(key=keys.__getitem__)
    return Literal("|".join(items))


def natural_key(value: str) -> tuple:
    """Numbers in order of value, wherever they stand: 3 < 21, plan/task/3 < plan/task/21."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", value) if part)


def run_many(store: Store, jobs: Sequence[tuple[NamedQuery, dict[str, str]]]) -> Iterator[Rows]:
    """Run independent queries, as many at once as the store answers well (``Store.concurrency``).

    Yields the answers in the order of ``jobs`` (an answer is dropped once the caller moves on, so a
    long list of large answers is never held at once); an error is raised, as ``run`` raises it, when
    its answer is reached, and the queries not yet started are cancelled.
    """
    workers = min(len(jobs), store.concurrency)
    if workers <= 1:
        yield from (run(store, query, values) for query, values in jobs)
        return
    with ThreadPoolExecutor(workers, thread_name_prefix="kg-query") as pool:
        yield from pool.map(lambda job: run(store, *job), jobs)


def run(store: Store, query: NamedQuery, values: dict[str, str] | None = None) -> Rows:
    bound = bind_params(query, values or {})
    check_exists(store, query, values or {})
    names, rows = _select(store, query, bound)
    keys: dict[str, tuple] = {}
    for column in query.sorted_lists:
        for row in rows:
            row[column] = _sort_list(row.get(column), keys)
    return names, rows


def _select(store: Store, query: NamedQuery, bound: dict) -> Rows:
    """The store's answer; from an endpoint whose sort cannot hold the rows, unsorted and sorted here."""
    try:
        return store.select(query.text, bound)
    except InputError as err:  # what an endpoint's error answer raises
        unordered = without_order(query.text) if cannot_sort(str(err)) else None
        if unordered is None:
            raise
    text, keys = unordered
    names, rows = store.select(text, bound)
    sort_rows(rows, keys)
    return names, rows
