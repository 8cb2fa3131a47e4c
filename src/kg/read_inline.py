"""Plans with no task table: each measure ends with its units in parentheses.

``（县发展改革委牵头，县市场监管局、各乡镇（街道）按职责分工负责）``,
``（牵头单位：县商务委；责任单位：县农业农村委、县林业局；2023年6月底前完成）``,
``（责任单位：县科技局）``, ``（县民政局负责，长期坚持）`` — in simplified or
traditional characters. Each such measure becomes a task; whatever the text
does not say (a lead, a deadline) is recorded as an inference, not guessed silently.
"""
from __future__ import annotations

import re

from .annex import parse_deadline
from .body import parse_body
from .errors import InputError
from .records import Finding, Task
from .source import Source

__all__ = ["read_inline", "has_inline_assignments", "to_simplified", "trailing_parenthesis", "parse_assignment"]

_MARKERS = re.compile(r"牵头|负责|责任单位|配合|牽頭|負責|責任單位")
_KEYED = re.compile(r"^(牵头单位|主责单位|责任单位|承办单位|配合单位|协办单位|完成时限|时限|完成时间)[：:]\s*(.*)$")
_KEY_ROLE = {"牵头单位": "lead", "主责单位": "lead", "责任单位": "host", "承办单位": "host",
             "配合单位": "support", "协办单位": "support"}
_ROLE_SUFFIX = [("lead", re.compile(r"^(.+?)(?:共同)?牵头$")),
                ("host", re.compile(r"^(.+?)(?:按职责分工|按职责|分别)?(?:负责|落实|承办)$")),
                ("support", re.compile(r"^(.+?)(?:协助|积极)?配合$"))]
_DEADLINE_TEXT = re.compile(r"^(?:(\d{4})年)?(\d{1,2})月(?:底|末)?(?:前)?(?:完成)?$|^(?:(\d{4})年)?年?底前?(?:完成)?$"
                            r"|^长期坚持$|^长期$|^持续推进$")


def to_simplified(text: str) -> tuple[str, bool]:
    """Traditional characters to simplified (OpenCC); returns the text and whether it changed."""
    try:
        import opencc
    except ImportError:
        if re.search(r"[牽負責單縣鄉鎮長堅發務會區]", text):
            raise InputError("the plan is in traditional characters and OpenCC is not installed",
                             fix="pip install 'kg[formats]'") from None
        return text, False
    converted = opencc.OpenCC("t2s").convert(text)
    return converted, converted != text


def trailing_parenthesis(line: str) -> tuple[str, str] | None:
    """``(text before, inside)`` of the balanced full-width parenthesis group ending the line.

    >>> trailing_parenthesis("加快建设。（县发展改革委牵头，各乡镇（街道）负责）。")
    ('加快建设。', '县发展改革委牵头，各乡镇（街道）负责')
    """
    text = line.rstrip().rstrip("。.;；")
    if not text.endswith(("）", ")")):
        return None
    depth = 0
    for index in range(len(text) - 1, -1, -1):
        char = text[index]
        if char in "）)":
            depth += 1
        elif char in "（(":
            depth -= 1
            if depth == 0:
                return text[:index].rstrip(), text[index + 1:-1].strip()
    return None


def has_inline_assignments(lines: list[str]) -> bool:
    return any((p := trailing_parenthesis(line)) and _MARKERS.search(p[1]) for line in lines)


def _deadline(text: str, year: int | None) -> tuple[str | None, bool] | None:
    text = text.strip()
    if not _DEADLINE_TEXT.match(text):
        return None
    if text.startswith(("长期", "持续")):
        return None, True
    full = parse_deadline(re.sub(r"(底|末)?前?完成$|底前$|前$", "", text) if text[:4].isdigit() else "")
    if full:
        return full
    if m := re.match(r"^(\d{1,2})月", text):
        return (f"{year:04d}-{int(m.group(1)):02d}", False) if year else None
    if text.lstrip("年").startswith("底") or text.startswith("年底"):
        return (f"{year:04d}-12", False) if year else None
    return None


def parse_assignment(inside: str, year: int | None) -> tuple[dict[str, list[str]], tuple | None, list[str]]:
    """Role → unit texts, the deadline, and the phrases not understood.

    >>> roles, deadline, rest = parse_assignment("牵头单位：县商务委；责任单位：县农业农村委、县林业局；2023年6月底前完成", 2023)
    >>> roles, deadline, rest
    ({'lead': ['县商务委'], 'host': ['县农业农村委、县林业局']}, ('2023-06', False), [])
    """
    roles: dict[str, list[str]] = {}
    deadline = None
    rest: list[str] = []
    for clause in filter(None, (c.strip() for c in re.split(r"[；;]", inside))):
        if m := _KEYED.match(clause):
            key, value = m.groups()
            if key in _KEY_ROLE:
                roles.setdefault(_KEY_ROLE[key], []).append(value)
            elif (d := _deadline(value, year)) is not None:
                deadline = d
            else:
                rest.append(clause)
            continue
        for phrase in filter(None, (p.strip() for p in _split_phrases(clause))):
            if (d := _deadline(phrase, year)) is not None:
                deadline = d
                continue
            for role, pattern in _ROLE_SUFFIX:
                if m := pattern.match(phrase):
                    roles.setdefault(role, []).append(m.group(1))
                    break
            else:
                rest.append(phrase)
    return roles, deadline, rest


def _split_phrases(clause: str) -> list[str]:
    """Split at ，/, outside parentheses (各乡镇（街道） keeps its brackets)."""
    parts, depth, current = [], 0, ""
    for char in clause:
        depth += char in "（("
        depth -= char in "）)"
        if char in "，," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return parts + [current]


def read_inline(source: Source) -> tuple[dict, list, list, list[Task], list[Finding]]:
    """Body metadata, sections, measures and one task per measure that names its units."""
    text, converted = to_simplified(source.text)
    lines = text.split("\n")
    meta, sections, measures, findings = parse_body(lines, len(lines))
    if converted:
        findings.append(Finding("traditional-characters", "info",
                                "the plan is in traditional characters; read as simplified (OpenCC t2s)", 1))
    year = meta.get("year")
    tasks: list[Task] = []
    for measure in measures:
        split = trailing_parenthesis(measure.text)
        if not split or not _MARKERS.search(split[1]):
            findings.append(Finding("measure-without-units", "info",
                                    f"measure {measure.number} names no responsible unit; not a task",
                                    measure.line))
            continue
        body, inside = split
        roles, deadline, rest = parse_assignment(inside, year)
        for phrase in rest:
            findings.append(Finding("unread-phrase", "warning",
                                    f"measure {measure.number}: {phrase!r} in the parentheses was not understood",
                                    measure.line, measure.number, phrase))
        if "lead" not in roles and "host" in roles:
            roles["lead"] = list(roles["host"])
            findings.append(Finding("lead-inferred", "info",
                                    f"task {measure.number}: no 牵头 unit named; the responsible unit(s) "
                                    f"read as lead too", measure.line, measure.number))
        if "host" not in roles and "lead" in roles:
            roles["host"] = list(roles["lead"])
            findings.append(Finding("host-inferred", "info",
                                    f"task {measure.number}: no 负责/责任 unit named; the lead read as host too",
                                    measure.line, measure.number))
        if not roles:
            findings.append(Finding("no-units", "warning",
                                    f"measure {measure.number}: parentheses name no role", measure.line))
            continue
        if deadline is None:
            deadline = (None, True)
            findings.append(Finding("deadline-not-stated", "info",
                                    f"task {measure.number}: no deadline stated; recorded as ongoing",
                                    measure.line, measure.number))
        title = body.partition("。")[0].lstrip("0123456789.．、 ")
        task = Task(number=measure.number, section=measure.section, work_item=title, work_item_inferred=False,
                    description=body, milestones=[], assignments=[],
                    role_cells={r: (measure.line, "、".join(roles.get(r, []))) for r in ("lead", "host", "support")},
                    deadline=deadline[0], ongoing=deadline[1], deadline_text=inside,
                    first_line=measure.line, last_line=measure.line, measure=measure.number, measure_score=1.0)
        tasks.append(task)
    return meta, sections, measures, tasks, findings
