"""Plans with no task table: each measure names its units in the text.

Real plans write the units in a parenthesis or bracket at the end of a
measure (``（X牵头，Y按职责分工负责）``, ``〔责任部门：X，时限要求：9 月底〕``), on a
line of their own after it, or as keys (``牵头单位：X`` / ``责任单位：Y`` /
``完成时限：…``); numbered （一）, 一、, (1), 1. or 1、, in one or two levels, and
often copied out of a PDF with lines broken anywhere. A task is a measure that
carries units, counted in document order; what the text leaves unsaid (a lead,
a deadline) is recorded, never guessed in silence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model.messages import N_, Message
from ..model.records import Finding, Measure, Section, Task
from .dates import NOT_STATED, Deadline, deadline_phrase, reading_finding
from .outline import Flow, Label, find_labels, make_flow, page_furniture
from .unitlist import UNIT_ENDINGS
from .roles import (
    KEY,
    Reading,
    Stated,
    conventions,
    first_listed_leads,
    infer_roles,
    mentions_roles,
    read_assignment,
    read_bare_list,
    standing_statements,
    states_convention,
)

__all__ = ["read_inline", "Group", "find_groups"]

_OPENERS = {"（": "）", "(": ")", "〔": "〕", "[": "]", "【": "】", "［": "］"}
_ANY_OPEN, _ANY_CLOSE = "（(〔[【［", "）)〕]】］"
_MAX_GROUP = 600


@dataclass
class Group:
    """One place where the text names units: a bracket, or a run of keys."""

    start: int
    end: int
    inner: tuple[int, int]
    reading: Reading
    closed: bool = True
    keyed: bool = False  # keys on lines of their own, not in brackets
    bare: bool = False  # a bracket of unit names with no role word


@dataclass
class _Measure:
    label: Label | None
    groups: list[Group] = field(default_factory=list)


def _close(twin: str, start: int, limit: int) -> tuple[int, bool]:
    """The end of the bracket opened at ``start`` (past its closer), and whether it was closed."""
    depth = 0
    for index in range(start, min(limit, start + _MAX_GROUP)):
        char = twin[index]
        if char in _ANY_OPEN:
            depth += 1
        elif char in _ANY_CLOSE:
            depth -= 1
            if depth == 0:
                return index + 1, True
    return min(limit, start + _MAX_GROUP), False


def find_groups(flow: Flow, year: int | None, boundaries: list[int],
                protected: tuple[str, ...] = ()) -> list[Group]:
    """Every bracket that assigns units, every run of ``牵头单位：`` keys outside brackets, and every sentence
    that only assigns units at the end of a measure (``X牵头，Y配合。``).

    A bracket left open (the source lost its closer) ends at the next label.
    """
    twin, text = flow.twin, flow.text
    groups: list[Group] = []
    spans = _spans(flow, year, sorted(set(boundaries) | {len(twin)}), protected)
    stated_at = conventions(twin)  # 列第一位者为牵头单位(，其他为配合单位), wherever it is said
    standing: list[Stated] = []  # 以下均需X负责，不再列出: X stands for every later measure
    statements = standing_statements(text, twin, protected)  # 以下责任单位中均包含X，不再列出: the same, said anywhere
    said = [(at, to) for at, to, _ in statements]
    for start, end, closed, kind in spans:
        inner = (start, end) if kind in ("keys", "verb") else (start + 1, end - (1 if closed else 0))
        while statements and statements[0][0] < end:  # said before this bracket, or in it: it counts here too
            standing = standing + statements.pop(0)[2]
        text_in, twin_in = _without_statements(text, twin, inner, said)
        said_before = [others for at, others in stated_at if at < start]
        convention, others_support = bool(said_before), bool(said_before) and said_before[-1]
        if kind == "bare":
            reading = read_bare_list(text_in, twin_in, protected, year)
            if reading is None:
                continue
            if convention:
                first_listed_leads(reading, others_support)
        else:
            reading = read_assignment(text_in, twin_in, year, convention, protected, others_support)
        if reading.roles and standing:
            reading.roles += standing
        standing = standing + reading.standing
        if reading.roles or reading.heading_only or reading.convention or reading.deadline.stated:
            groups.append(Group(start, end, inner, reading, closed, kind in ("keys", "verb"), kind == "bare"))
    return groups


def _spans(flow: Flow, year: int | None, bounds: list[int],
           protected: tuple[str, ...]) -> list[tuple[int, int, bool, str]]:
    """Where units are named: ``(start, end, closed, kind)``, kind bracket | keys | bare | verb."""
    twin = flow.twin

    def next_boundary(offset: int) -> int:
        return next((b for b in bounds if b > offset), len(twin))

    spans: list[tuple[int, int, bool, str]] = []
    index = 0
    while index < len(twin):
        char = twin[index]
        if char in _OPENERS and not KEY.match(twin, index):  # 【牵头单位】X opens a run of keys, not a bracket
            end, closed = _close(twin, index, next_boundary(index))
            inner = twin[index + 1:end - (1 if closed else 0)]
            if mentions_roles(inner) or states_convention(inner):
                spans.append((index, end, closed, "bracket"))
                index = end
                continue
            if closed and _dates_units_beside(twin, index, end, spans, year, next_boundary(end)):
                spans.append((index, end, closed, "bracket"))
            elif closed and _ends_measure(twin, end, bounds):
                spans.append((index, end, closed, "bare"))
            if closed:
                index = end
                continue
        elif KEY.match(twin, index):
            end = _key_run_end(twin, index, next_boundary(index))
            spans.append((index, end, True, "keys"))
            index = end
            continue
        elif (end := _verb_sentence(flow, index, bounds, year, protected)) is not None:
            spans.append((index, end, True, "verb"))
            index = end
            continue
        index += 1
    return spans


def _dates_units_beside(twin: str, start: int, end: int, spans: list[tuple[int, int, bool, str]],
                        year: int | None, limit: int) -> bool:
    """``（2024年3月底前完成）（县招商服务中心负责）``: a bracket holding only a deadline, right beside the units
    bracket (before or after it), is the assignment's deadline; a date in brackets elsewhere stays the body's."""
    if deadline_phrase(twin[start + 1:end - 1], year) is None:
        return False
    if spans and spans[-1][1] == start and spans[-1][3] == "bracket":
        return True
    if end < len(twin) and twin[end] in _OPENERS:
        after, closed = _close(twin, end, limit)
        return closed and mentions_roles(twin[end + 1:after - 1])
    return False


def _verb_sentence(flow: Flow, start: int, bounds: list[int], year: int | None,
                   protected: tuple[str, ...]) -> int | None:
    """The end of an unbracketed sentence that only assigns units and ends its measure, starting at ``start``:
    ``县发展改革委牵头，县财政局、县审计局配合。`` or ``由县教委负责。`` on a line of its own (or after the
    measure's last full stop). Every name in it must read as a unit, so 各部门要按职责抓好落实 is no task."""
    twin = flow.twin
    if not (flow.opens_line(start) or start and twin[start - 1] == "。") or twin[start] in _ANY_OPEN \
            or start in bounds:  # a label opens a measure, never its units
        return None
    limit = next((b for b in bounds if b > start), len(twin))
    stop = twin.find("。", start, limit)
    end = limit if stop < 0 else stop + 1
    sentence = twin[start:end]
    if not 2 < len(sentence) <= 160 or not mentions_roles(sentence) or not _ends_measure(twin, end, bounds):
        return None
    reading = read_assignment(flow.text[start:end], sentence, year, protected=protected)
    names = [s.name.written for s in reading.roles]
    if not names or reading.unread or reading.people or any(s.basis.startswith("inferred") for s in reading.roles):
        return None
    return end if all(name.endswith(UNIT_ENDINGS + ("）", ")")) for name in names) else None


def _without_statements(text: str, twin: str, inner: tuple[int, int],
                        said: list[tuple[int, int]]) -> tuple[str, str]:
    """The bracket's text with any standing statement in it (``said``: where they stand) blanked: its units
    were taken as standing."""
    text_in, twin_in = text[inner[0]:inner[1]], twin[inner[0]:inner[1]]
    for at, to in said:
        a, b = max(at, inner[0]) - inner[0], min(to, inner[1]) - inner[0]
        if a < b:
            blank = "，" * (b - a)
            text_in, twin_in = text_in[:a] + blank + text_in[b:], twin_in[:a] + blank + twin_in[b:]
    return text_in, twin_in


def _ends_measure(twin: str, end: int, bounds: list[int]) -> bool:
    """True when only punctuation stands between ``end`` and the next label (or the end of the text)."""
    rest = end
    while rest < len(twin) and twin[rest] in "。；;，, ":
        rest += 1
    return rest >= len(twin) or rest in bounds


def _key_run_end(twin: str, start: int, limit: int) -> int:
    """Keys on lines of their own run until the next label, a new sentence, or a key met twice."""
    seen: set[str] = set()
    index = start
    while index < limit:
        m = KEY.match(twin, index)
        if m:
            if m.group(1) in seen:
                return index
            seen.add(m.group(1))
            index = m.end()
            continue
        if twin[index] == "。" and not KEY.match(twin, index + 1):
            return index + 1
        index += 1
    return limit


def read_inline(lines: list[str], twin_lines: list[str], year: int | None, body_start: int = 0,
                protected: tuple[str, ...] = ()) -> tuple[list[Section], list[Measure], list[Task], list[Finding]]:
    """Sections, measures and one task per measure that names units, with what was noticed."""
    findings: list[Finding] = []
    lines, twin_lines = list(lines), list(twin_lines)
    for index, what in sorted(page_furniture(lines[body_start:]).items()):
        line = body_start + index
        findings.append(Finding("page-furniture", "info", Message(N_(
            "line %(line)s: %(what)s '%(text)s' left out of the text (a PDF copy's page, not the plan)"),
            line=line + 1, what=Message(what), text=lines[line].strip()), line + 1, text=lines[line]))
        lines[line] = twin_lines[line] = ""
    flow = make_flow(lines[body_start:], twin_lines[body_start:], first_line=body_start + 1)
    # Labels never sit inside a units bracket; brackets never run past a label.
    rough = find_groups(flow, year, [], protected)
    labels = find_labels(flow, [(g.start, g.end) for g in rough if g.closed and not g.keyed])
    groups = find_groups(flow, year, [l.start for l in labels], protected)
    measures = _owners(labels, groups, flow, findings)
    sections = [Section(l.number, l.title(flow), flow.line_of(l.start)) for l in labels if l.level == 0
                and l.style == labels[0].style]
    tasks: list[Task] = []
    measure_records: list[Measure] = []
    for measure in measures:
        task = _task(len(tasks) + 1, measure, flow, labels, findings)
        if task is None:
            continue
        tasks.append(task)
        measure_records.append(Measure(task.number, task.section, task.work_item, task.description,
                                       task.first_line))
    for label in labels:
        if label.style != "marker" and not any(m.label is label for m in measures) and not _has_children(
                label, labels) and _looks_like_measure(label, flow):
            findings.append(Finding("measure-without-units", "info",
                                    Message(N_("%(label)s names no responsible unit; not a task"), label=label.printed),
                                    flow.line_of(label.start), text=label.title(flow)))
    return sections, measure_records, tasks, findings


def _has_children(label: Label, labels: list[Label]) -> bool:
    return any(l.parent is label for l in labels)


def _looks_like_measure(label: Label, flow: Flow) -> bool:
    return label.stop - label.end > 8


def _owners(labels: list[Label], groups: list[Group], flow: Flow, findings: list[Finding]) -> list[_Measure]:
    """Attach each group to the measure it closes: the innermost label before it."""
    measures: dict[int, _Measure] = {}
    order: list[int] = []
    dated: list[tuple[int, Group]] = []
    for group in groups:
        owner = None
        for label in labels:
            if label.start <= group.start:
                owner = label
            else:
                break
        line = flow.line_of(group.start)
        if group.reading.heading_only:
            inner = flow.text[group.inner[0]:group.inner[1]]
            findings.append(Finding("heading-lead", "info", Message(N_(
                "%(label)s: an indicator-level lead for the heading, not a task (%(text)s)"),
                label=owner.printed if owner else Message(N_("heading")), text=inner), line, text=inner))
            continue
        if not group.reading.roles:
            if group.reading.deadline.stated:  # 完成时限：… on its own: the deadline of the measure it ends
                dated.append((id(owner) if owner else -group.start, group))
            continue
        if not group.closed:
            findings.append(Finding("bracket-not-closed", "warning", Message(N_(
                "%(label)s: the units bracket is never closed in the source; read up to the next label"),
                label=owner.printed if owner else Message(N_("the text"))), line))
        key = id(owner) if owner else -group.start
        if key not in measures:
            measures[key] = _Measure(owner)
            order.append(key)
        measures[key].groups.append(group)
    for key, group in dated:
        if key in measures:
            measures[key].groups.append(group)
    for key in [k for k in order if _heads_measures(measures[k], measures)]:
        measure = measures.pop(key)
        order.remove(key)
        for group in measure.groups:
            inner = flow.text[group.inner[0]:group.inner[1]]
            findings.append(Finding("heading-lead", "info", Message(N_(
                "%(label)s: names only a lead over numbered measures that name their own units; a heading, not a "
                "task (%(text)s)"), label=measure.label.printed, text=inner), flow.line_of(group.start), text=inner))
    for measure in measures.values():  # a bare list counts only where nothing else names the units
        if any(not g.bare for g in measure.groups):
            measure.groups = [g for g in measure.groups if not g.bare]
        for group in (g for g in measure.groups if g.bare):
            findings.append(Finding("bare-unit-list", "info", Message(N_(
                "%(label)s: units in brackets with no role word (%(text)s) read as responsible (host)"),
                label=measure.label.printed if measure.label else Message(N_("the text")),
                text=flow.text[group.inner[0]:group.inner[1]]), flow.line_of(group.start)))
    return [measures[k] for k in order]


def _heads_measures(measure: _Measure, measures: dict[int, _Measure]) -> bool:
    """``（十三）依法保护中小投资者权益（牵头单位：X）`` over 1. 2. 3. that name their own units: a heading.

    A key task whose bracket names hosts or supports too, or whose 具体举措 name theirs, stays a task beside
    its measures (GUIDE: two-level plans)."""
    label = measure.label
    if label is None or any(s.role != "lead" for g in measure.groups for s in g.reading.roles):
        return False
    first_child = next((m.label.start for m in measures.values() if m.label is not None
                        and m.label.parent is label and m.label.style != "marker"), None)
    return first_child is not None and all(g.end <= first_child for g in measure.groups)


def _task(number: int, measure: _Measure, flow: Flow, labels: list[Label],
          findings: list[Finding]) -> Task | None:
    label = measure.label
    first_group = measure.groups[0]
    start = label.start if label else first_group.start
    stop = label.stop if label else measure.groups[-1].end
    line = flow.line_of(start)
    roles: list[Stated] = []
    seen: set[tuple[str, str]] = set()
    deadline: Deadline = NOT_STATED
    deadline_text = ""
    for group in measure.groups:
        for stated in group.reading.roles:
            key = (stated.role, stated.name.written)
            if key not in seen:
                seen.add(key)
                roles.append(stated)
        if group.reading.deadline.stated:
            deadline, deadline_text = group.reading.deadline, group.reading.deadline_text
        for phrase in group.reading.people:
            findings.append(Finding("person-named", "info", Message(N_(
                "task %(task)s: '%(text)s' names people, not units"), task=number, text=phrase),
                                    flow.line_of(group.start), number, phrase))
        for phrase in group.reading.unread:
            findings.append(Finding("unread-phrase", "warning", Message(N_(
                "task %(task)s: '%(text)s' in the units was not understood"), task=number, text=phrase),
                                    flow.line_of(group.start), number, phrase))
    roles, inferred = infer_roles(roles)
    for role in inferred:
        findings.append(Finding(f"{role}-inferred", "info", Message(
            N_("task %(task)s: the text names no 牵头 (lead) unit; the first host read as lead, marked as inferred")
            if role == "lead" else
            N_("task %(task)s: the text names no 负责 (host) unit; the lead read as host, marked as inferred"),
            task=number), line, number))
    if said := reading_finding(deadline, number, line, deadline_text):
        findings.append(said)
    body = _without_groups(flow, label.end if label else start, stop, measure.groups)
    parent = label.parent if label else None
    while parent is not None and parent.style == "marker":
        parent = parent.parent
    section_label = label
    while section_label is not None and section_label.parent is not None:
        section_label = section_label.parent
    top_style = labels[0].style if labels else None
    section = section_label.number if section_label is not None and section_label.style == top_style \
        and section_label is not label else 0
    own_title = label.title(flow) if label and label.style != "marker" else ""
    if label and own_title and 0 < first_group.start - label.end < len(own_title):  # a title with no full stop
        own_title = flow.text[label.end:first_group.start].strip("：: ")  # before its units' line
    work_item = parent.title(flow) if parent is not None and parent.level > 0 else own_title
    if not work_item:
        work_item = own_title or body.split("。")[0][:60]
    task = Task(number=number, section=section, work_item=work_item, work_item_inferred=False,
                description=body, milestones=[], assignments=[],
                role_cells={r: (line, "、".join(s.name.written for s in roles if s.role == r and s.stated))
                            for r in ("lead", "host", "support")},
                deadline=deadline.month, ongoing=deadline.ongoing, deadline_text=deadline_text,
                first_line=line, last_line=flow.line_of(stop - 1), measure=number, measure_score=1.0,
                label=(label.printed if label else ""), title=own_title)
    task.roles = roles
    return task


def _without_groups(flow: Flow, start: int, stop: int, groups: list[Group]) -> str:
    parts, cursor = [], start
    for group in groups:
        if group.start >= cursor:
            parts.append(flow.text[cursor:group.start])
            cursor = group.end
    parts.append(flow.text[cursor:stop])
    return re.sub(r"\s+", " ", "".join(parts)).strip()
