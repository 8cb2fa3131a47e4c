"""The plan's own terms, each defined once: roles, unit kinds, how periods were placed, deadlines, colours.

Every other module reads these; none keeps its own copy. Where a value is data
an office may change, it lives in a file: the status colours in
``ontology/status-colours.ttl`` (read here), the role weights as the defaults of
``queries/workload.rq`` (read by :func:`kg.network.plan.role_weights`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..errors import InputError
from ..i18n import N_, _, join_names, language
from ..resources import ontology_dir

__all__ = ["Role", "ROLES", "ROLE_NAMES", "role", "KINDS", "kind_label", "BOOLEAN_COLUMNS", "readable_value",
           "method_label", "COMPARATORS",
           "NOT_ONE_UNIT", "one_unit",
           "PERIOD_METHODS", "STATED_PERIODS", "period_inferred", "deadline_text", "Colour", "MEANINGS",
           "load_scheme", "load_cadence", "colour_for", "order_number", "DUE_ITEMS", "SENDERS", "DECISIONS", "RISKS"]


@dataclass(frozen=True)
class Role:
    """A role on a task, as measure 21 of the plan defines it."""

    name: str  # lead | host | support
    column: str  # the plan's column title: 指标牵头单位
    short: str  # the verb in a sentence: 牵头
    english: str  # lead

    @property
    def verb(self) -> str:
        """The role as a list says it, in the language in force: ``牵头`` (``lead`` in English)."""
        return self.short if language() == "zh" else self.english

    @property
    def heading(self) -> str:
        """The role's title in the language in force: ``指标牵头单位`` (``lead`` in English)."""
        return self.column if language() == "zh" else self.english


ROLES: tuple[Role, ...] = (Role("lead", "指标牵头单位", "牵头", "lead"), Role("host", "承办单位", "承办", "host"),
                           Role("support", "配合单位", "配合", "support"))
#: Role names in the plan's column order.
ROLE_NAMES = tuple(r.name for r in ROLES)


def role(name: str) -> Role:
    return next(r for r in ROLES if r.name == name)


#: Unit kinds, as in the registry's ``kind`` column and the ontology's kind scheme.
KINDS = ("party-organ", "government-department", "public-institution", "enterprise", "financial", "judicial",
         "mass-organisation", "military", "collective", "placeholder", "unknown")
#: Kinds that do not name one organisation: left out of workloads and networks unless asked.
NOT_ONE_UNIT = frozenset({"collective", "placeholder"})


def kind_label(kind: str) -> str:
    """A kind's name in the language in force, from the ontology's kind scheme (``政府部门``).

    >>> from kg.i18n import use
    >>> with use("zh"):
    ...     kind_label("government-department"), kind_label("no-such-kind")
    ('政府部门', 'no-such-kind')
    """
    return _scheme_labels("UnitKindScheme").get((kind, language()), kind)


def method_label(method: str) -> str:
    """How a milestone's periods were decided, in the language in force, from the ontology's scheme.

    >>> from kg.i18n import use
    >>> with use("zh"):
    ...     method_label("merged-to-end")
    '合并至年末（推断）'
    """
    return _scheme_labels("PeriodAssignmentScheme").get((method, language()), method)


@cache
def _scheme_labels(scheme: str) -> dict[tuple[str, str], str]:
    """(notation, language) → prefLabel of the concepts in ``kg:<scheme>`` of ``ontology/kg.ttl``."""
    from rdflib.namespace import SKOS

    from .vocab import KG

    g = _ontology()
    return {(str(g.value(c, SKOS.notation)), label.language): str(label)
            for c in g.subjects(SKOS.inScheme, KG[scheme]) for label in g.objects(c, SKOS.prefLabel)}


@cache
def _ontology():
    from rdflib import Graph

    return Graph().parse(str(ontology_dir() / "kg.ttl"))


#: How much a finding matters (kg:severity), as a person reads it.
SEVERITIES = {"error": N_("error"), "warning": N_("warning"), "info": N_("note")}
#: How a quantified target compares (kg:comparator), as a person reads it.
COMPARATORS = {"min": N_("at least"), "more-than": N_("more than"), "exact": N_("exactly"), "max": N_("at most"),
               "about": N_("about")}
#: Data columns whose values are true/false, said as 是/否.
BOOLEAN_COLUMNS = frozenset({"stated", "ongoing", "cut_vertex", "with_target", "extension", "cumulative", "target",
                             "starts", "late", "suggested"})
#: What falls due (``due_item`` of due-by and due-in-period), as a person reads it.
DUE_ITEMS = {"milestone": N_("milestone"), "deadline": N_("deadline")}
#: Who sent a status record (``by`` of status-records), as a person reads it.
SENDERS = {"unit": N_("unit"), "office": N_("the office")}
#: The office's decision on a task (``decision`` of status-records), as a person reads it.
DECISIONS = {"set": N_("colour set"), "adopt": N_("suggestion adopted"), "keep": N_("unit's colour kept"),
             "reopen": N_("reopened")}
#: The risks ``kg analyze risks`` finds (its ``risk`` column), as a person reads them.
RISKS = {"many-leads-due-together": N_("many led tasks due together"),
         "lead-is-only-host": N_("the lead is the only host"), "many-units-one-lead": N_("many units, one lead")}


#: The columns whose ids are said in words from a table of their own, and those tables.
_WORDED = {"severity": SEVERITIES, "comparator": COMPARATORS, "due_item": DUE_ITEMS, "by": SENDERS,
           "decision": DECISIONS, "risk": RISKS}


def readable_value(column: str, value: str) -> str:
    """An id kg writes in ``column`` as a person reads it: roles, kinds and booleans in words; anything else
    as it is. One rule for query tables (``--labels``), pages and messages (:class:`kg.model.messages.Value`).

    >>> from kg.i18n import use
    >>> with use("zh"):
    ...     readable_value("role", "host"), readable_value("kind", "collective"), readable_value("ongoing", "true")
    ('承办单位', '集合单位', '是')
    >>> with use("zh"):
    ...     readable_value("comparator", "min"), readable_value("source", "milestone 3")
    ('不少于', '第3期目标')
    >>> with use("zh"):
    ...     readable_value("target", "false"), readable_value("due_item", "deadline")
    ('否', '完成时限')
    """
    if column == "role" and value in ROLE_NAMES:
        return role(value).heading
    if column == "kind":
        return kind_label(value)
    if column in BOOLEAN_COLUMNS and value in ("true", "false"):
        return _("yes") if value == "true" else _("no")
    if (words := _WORDED.get(column)) and value in words:
        return _(words[value])
    if column in ("method", "assigned") and value in PERIOD_METHODS:
        return method_label(value)
    if column == "colour" and (colour := next((c for c in load_scheme() if c.notation == value), None)):
        return colour.name
    if column == "number" and (match := _ORDER_NUMBER.fullmatch(value)):
        return order_number(*map(int, match.groups()))
    if column == "field":
        return _task_field(value)
    if column == "detail":
        return _task_detail(value)
    return _indicator_value(column, value)


#: A 督办通知单's number as recorded (year, batch, place: ``2023-1-2``).
_ORDER_NUMBER = re.compile(r"(\d{4})-(\d+)-(\d+)")


def order_number(year: int, batch: int, place: int) -> str:
    """A 督办通知单's number as people read it: ``督〔2023〕1-2号``, ``S(2023) 1-2`` in English.

    >>> from kg.i18n import use
    >>> with use("zh"):
    ...     order_number(2023, 1, 2), readable_value("number", "2023-1-2")
    ('督〔2023〕1-2号', '督〔2023〕1-2号')
    """
    return _("S(%(year)s) %(serial)s-%(index)s") % {"year": year, "serial": batch, "index": place}


#: The facts the ``task`` query lists (its ``field`` column), as a person reads them.
TASK_FIELDS = {"section": N_("section"), "work_item": N_("work item"), "description": N_("description"),
               "measure": N_("measure"), "deadline": N_("deadline"), "source_lines": N_("source lines")}
_MILESTONE_FIELD = re.compile(r"milestone (\d+)")
#: The ``task`` query's ``detail`` ids: how a fact was read (see queries/task.rq).
_OVERLAP = re.compile(r"overlap (\d+)")
_PERIODS = re.compile(r"period (\d+(?:-\d+)?) (\S+)")
_WRITTEN = re.compile(r"line (\d+) (.+)", re.S)


def _task_field(value: str) -> str:
    """A fact of the ``task`` query (``work_item``, ``milestone 2``, ``lead``) in words."""
    if value in TASK_FIELDS:
        return _(TASK_FIELDS[value])
    if value in ROLE_NAMES:
        return role(value).heading
    if match := _MILESTONE_FIELD.fullmatch(value):
        return _("milestone %(order)s") % {"order": match[1]}
    return value


def _task_detail(value: str) -> str:
    """How the ``task`` query's fact was read, in words; a deadline's own text as it is.

    >>> from kg.i18n import use
    >>> with use("zh"):
    ...     _task_detail("line 790 县法院"), _task_detail("period 3-6 merged-to-end"), _task_detail("overlap 100")
    ('第790行，原文写作“县法院”', '第3-6时段，合并至年末（推断）', '由正文推断，与措施重合100%')
    """
    if value == "carried":
        return _("carried down from the row above (empty cell)")
    if match := _OVERLAP.fullmatch(value):
        return _("inferred from the text, %(percent)s%% of its words shared with the measure") % {"percent": match[1]}
    if (match := _PERIODS.fullmatch(value)) and match[2] in PERIOD_METHODS:
        return _("period %(periods)s, %(method)s") % {"periods": match[1], "method": method_label(match[2])}
    if match := _WRITTEN.fullmatch(value):
        return _("written %(written)s on line %(line)s") % {"written": match[2], "line": match[1]}
    return value


def _indicator_value(column: str, value: str) -> str:
    """Where a target was read (``description``, ``milestone 3``) and its period (``annual``), in words."""
    if column == "source" and value == "description":
        return _("task description")
    if column == "source" and value.startswith("milestone ") and value[10:].isdigit():
        return _("milestone %(order)s") % {"order": value[10:]}
    if column == "period" and value == "annual":
        return _("whole year")
    return value


def one_unit(kind: str) -> bool:
    """Whether a unit of this kind is one organisation (not 各乡镇（街道） nor 相关单位).

    >>> one_unit("government-department"), one_unit("collective")
    (True, False)
    """
    return kind not in NOT_ONE_UNIT


#: How a milestone's periods were decided (``kg:periodAssignment``).
PERIOD_METHODS = ("one-cell-per-column", "positional", "merged-to-end", "exact-merge")
#: The methods that read periods the source states (a cell per column, a Word cell merged over its periods).
STATED_PERIODS = frozenset({"one-cell-per-column", "exact-merge"})


def period_inferred(method: str) -> bool:
    """Whether a milestone's periods were inferred (the text export lost the merged cells).

    >>> period_inferred("exact-merge"), period_inferred("merged-to-end")
    (False, True)
    """
    return method not in STATED_PERIODS


def deadline_text(deadline: str | None, ongoing: bool) -> str:
    """A task's deadline as sheets and views print it: the month, 长期坚持, or 未写明 (the plan states none).

    >>> deadline_text("2023-06", False), deadline_text("", True), deadline_text("", False)
    ('2023-06', '长期坚持', '未写明')
    """
    return deadline or (_("ongoing") if ongoing else _("not stated"))


@dataclass(frozen=True)
class Colour:
    """One colour of the five-colour report (五色图), as ``ontology/status-colours.ttl`` defines it."""

    notation: str
    zh: str
    en: str
    definition: str
    hex: str
    rank: int
    behind: float | None
    past_deadline: bool
    meaning: str = ""  # done | on-schedule | behind | seriously-behind | overdue | not-reported
    penalty: float = 0.0  # points a task of this colour costs its unit in the scorecard (kg:penalty)
    definition_en: str = ""  # the definition's English (skos:definition @en)

    @property
    def label(self) -> str:
        return f"{self.zh} {self.en}"

    @property
    def name(self) -> str:
        """The colour's name in the language in force (蓝, or blue in English)."""
        return self.zh if language() == "zh" else self.en

    @property
    def reportable(self) -> bool:
        """Whether a report may give this colour: every colour but the one that means no report came (未报)."""
        return self.meaning != "not-reported"

    @property
    def described(self) -> str:
        """The colour's definition in the language in force (已完成并通过验收, or done and accepted)."""
        return self.definition if language() == "zh" or not self.definition_en else self.definition_en


#: What the colours of a scheme stand for; the code names colours only through these.
MEANINGS = ("done", "on-schedule", "behind", "seriously-behind", "overdue", "not-reported")


def load_scheme(path: Path | None = None) -> list[Colour]:
    """The status colours, in rank order; an office may rename and recolour them (kg reads ``kg:meaning``)."""
    return list(_scheme(str(path or ontology_dir() / "status-colours.ttl")))


def load_cadence(path: Path | None = None) -> int:
    """How many months one reporting round spans (``kg:cadenceMonths`` of the scheme; 1, monthly, by default)."""
    return _cadence(str(path or ontology_dir() / "status-colours.ttl"))


@cache
def _cadence(path: str) -> int:
    from rdflib import Graph

    from .vocab import KG

    value = Graph().parse(path).value(KG.StatusScheme, KG.cadenceMonths)
    months = int(value) if value is not None else 1
    if months not in (1, 2, 3, 4, 6, 12):
        raise InputError(_("kg:cadenceMonths %(months)d does not divide a year") % {"months": months}, path=path,
                         fix=_("give 1 (monthly), 2, 3 (quarterly), 4, 6 or 12"))
    return months


@cache
def _scheme(path: str) -> tuple[Colour, ...]:
    from rdflib import Graph
    from rdflib.namespace import SKOS

    from .vocab import KG

    g = Graph().parse(path)
    colours = []
    for concept in g.subjects(SKOS.inScheme, KG.StatusScheme):
        def text(prop, lang):
            return next((str(o) for o in g.objects(concept, prop) if getattr(o, "language", None) == lang), "")

        behind = g.value(concept, KG.behindAtLeast)
        colours.append(Colour(str(g.value(concept, SKOS.notation)), text(SKOS.prefLabel, "zh"),
                              text(SKOS.prefLabel, "en"), text(SKOS.definition, "zh"),
                              str(g.value(concept, KG.colourHex) or "#cccccc"), int(g.value(concept, KG.rank)),
                              float(behind) if behind is not None else None,
                              bool(g.value(concept, KG.pastDeadline)), str(g.value(concept, KG.meaning) or ""),
                              float(g.value(concept, KG.penalty) or 0), text(SKOS.definition, "en")))
    missing = sorted(set(MEANINGS) - {c.meaning for c in colours})
    if missing:
        raise InputError(_("the colour scheme gives no colour the meaning %(meaning)s") % {"meaning": repr(missing[0])},
                         path=path, fix=_("give each of %(meanings)s to one colour with kg:meaning")
                         % {"meanings": join_names(MEANINGS)})
    return tuple(sorted(colours, key=lambda c: c.rank))


def colour_for(scheme: list[Colour], meaning: str) -> Colour:
    """The colour of the scheme that stands for ``meaning``."""
    return next(c for c in scheme if c.meaning == meaning)
