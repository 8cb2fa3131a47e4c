"""The annex task table (任务清单): cells to task rows, with every quirk reported.

A row is ``序号 · 具体任务 · description · 1–6 milestone cells · lead · host ·
support · deadline``. The export loses merged cells, so a row's milestone
cells are read left to right from the first period, and the last one spans to
the end of the year; each milestone records which rule placed it.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from ..errors import InputError
from ..i18n import _
from ..model.domain import ROLE_NAMES, role
from ..model.messages import N_, Message, Value
from ..model.records import Finding, Milestone, Period, Task
from .body import parse_body, periods_without_year
from .dates import no_target as is_no_target
from .dates import parse_deadline_cell, period_bounds, periods_year
from .outline import SECTION_LINE, chinese_number
from .source import Cell, Source, split_cells

__all__ = ["find_annex", "parse_periods", "parse_rows", "read_text_export"]

_NUMBER = re.compile(r"^\d{1,5}$")  # a row number: tables run to tens of thousands of rows
_MONTH_END = re.compile(r"(\d{1,2})月底")
_FIXED = 7  # number, work item, description, lead, host, support, deadline


def find_annex(source: Source) -> int:
    """0-based index of the table's header line (the TAB-led 序号 cell)."""
    for index, line in enumerate(source.lines):
        if line.startswith("\t") and line.strip() == "序号":
            return index
    raise InputError(_("no annex task table found (no TAB-led 序号 header cell)"), path=source.path,
                     line=len(source.lines),
                     fix=_("export the plan with its 任务清单 table, one cell per TAB-led line"))


def parse_periods(cells: list[Cell], year: int, path) -> list[Period]:
    """The bimonthly columns from the header, e.g. ``1月-3月`` … ``12月-2024年1月``."""
    periods: list[Period] = []
    for cell in cells:
        if bounds := period_bounds(cell.value, year):
            periods.append(Period(len(periods) + 1, cell.value, *bounds, cell.line))
    if not periods:
        raise InputError(_("the task table's header has no period columns (e.g. 1月-3月)"),
                         path=path, line=cells[0].line if cells else 1,
                         fix=_("keep the 每两月任务目标进度 header row in the export"))
    return periods


def parse_rows(source: Source, start: int, periods: list[Period],
               is_unit_list: Callable[[str], bool]) -> tuple[list[Task], list[Finding]]:
    """Task rows after the header. Unit cells are kept as written; see :mod:`kg.extract`."""
    cells = split_cells(source.lines, start)
    findings: list[Finding] = []
    tasks: list[Task] = []
    section = 0
    row: list[Cell] = []
    rows: list[tuple[int, list[Cell]]] = []
    started = False
    for cell in cells:
        value = cell.value
        if m := SECTION_LINE.match(value):
            if row:
                rows.append((section, row))
                row = []
            section = chinese_number(m.group(1))
            started = True
            continue
        if not started and not _NUMBER.match(value):
            continue  # the header's own cells
        started = True
        if _NUMBER.match(value) and (not row or parse_deadline_cell(row[-1].value) is not None
                                     or (int(value) == int(row[0].value) + 1 and len(row) > 3)):
            if row:
                rows.append((section, row))
            row = [cell]
        elif row:
            row.append(cell)
        elif value:
            findings.append(Finding("stray-cell", "warning", Message(N_("cell outside any task row: '%(text)s'"),
                                                                     text=value),
                                    cell.line, text=value))
    if row:
        rows.append((section, row))
    seen: dict[int, int] = {}
    previous: Task | None = None
    for section_number, row_cells in rows:
        task = _task(source, section_number, row_cells, periods, previous, is_unit_list, findings)
        if task.number in seen:
            raise InputError(_("task number %(task)s appears twice (first on line %(line)s)")
                             % {"task": task.number, "line": seen[task.number]},
                             path=source.path, line=task.first_line,
                             fix=_("renumber the duplicated row in the source table"))
        seen[task.number] = task.first_line
        if previous and task.number != previous.number + 1:
            findings.append(Finding("task-numbering", "warning",
                                    Message(N_("task %(task)s follows task %(previous)s"), task=task.number,
                                            previous=previous.number),
                                    task.first_line, task.number))
        tasks.append(task)
        previous = task
    if not tasks:
        raise InputError(_("the task table has no numbered rows"), path=source.path, line=start + 1,
                         fix=_("check that each row starts with its 序号 cell on a TAB-led line"))
    return tasks, findings


def _task(source: Source, section: int, cells: list[Cell], periods: list[Period],
          previous: Task | None, is_unit_list: Callable[[str], bool],
          findings: list[Finding]) -> Task:
    number = int(cells[0].value)
    first, last = cells[0].line, cells[-1].last_line

    def fail(message: str, fix: str, line: int = first) -> InputError:
        return InputError(_("task %(task)s: %(message)s") % {"task": number, "message": message}, path=source.path,
                          line=line, fix=fix)

    if not section:
        raise fail(_("comes before any section header row (一、…)"),
                   _("keep the section rows of the table in the export"))
    deadline = parse_deadline_cell(cells[-1].value)
    if deadline is None:
        raise fail(_("last cell %(value)s is not a deadline (e.g. 2023年6月 or 长期坚持)") % {"value": repr(cells[-1].value)},
                   _("give the row its 最终完成时限 cell"), cells[-1].line)
    if len(cells) < _FIXED + 1:
        raise fail(_("has %(n)s cells, at least %(least)s expected (序号, 具体任务, description, a milestone, lead, "
                     "host, support, deadline)") % {"n": len(cells), "least": _FIXED + 1},
                   _("restore the row's missing cells"))
    lead, host, support = cells[-4:-1]
    middle = cells[3:-4]
    surplus: list[tuple[int, str]] = []
    kept: list[Cell] = []
    for cell in middle:
        if is_unit_list(cell.value):
            surplus.append((cell.line, cell.value))
            findings.append(Finding("surplus-cell", "warning", Message(N_(
                "task %(task)s: unit-like cell '%(text)s' in the milestone columns; read the last three unit cells "
                "as lead/host/support and kept this one apart"), task=number, text=cell.value),
                cell.line, number, cell.value))
        else:
            kept.append(cell)
    if not kept:
        raise fail(_("has no milestone cell"), _("restore the row's 每两月任务目标进度 cells"))
    if len(kept) > len(periods):
        raise fail(_("has %(n)s milestone cells for %(periods)s periods") % {"n": len(kept), "periods": len(periods)},
                   _("merge or remove the extra cells"), kept[len(periods)].line)
    for name, cell in zip(ROLE_NAMES, (lead, host, support)):
        if not cell.value and name != "support":
            raise fail(_("the %(column)s (%(role)s) cell is blank") % {"column": role(name).column, "role": name},
                       _("name the unit(s) in %(column)s") % {"column": role(name).column}, cell.line)
        if not cell.value:
            findings.append(Finding("blank-cell", "warning",
                                    Message(N_("task %(task)s: the %(role)s cell is blank; read as none"),
                                            task=number, role=Value("role", name)),
                                    cell.line, number))
    work_item, inferred = cells[1].value, False
    if not work_item:
        if previous is None:
            raise fail(_("has an empty 具体任务 cell and no task above to carry it from"),
                       _("fill in the work item"), cells[1].line)
        work_item, inferred = previous.work_item, True
        findings.append(Finding("work-item-carried", "info",
                                Message(N_("task %(task)s: empty 具体任务 cell; carried down from task "
                                           "%(previous)s (%(text)s)"), task=number, previous=previous.number,
                                        text=work_item), cells[1].line, number))
    description = cells[2].value
    if not description:
        findings.append(Finding("blank-cell", "warning", Message(N_("task %(task)s: the description cell is blank"),
                                                                 task=number),
                                cells[2].line, number))
    milestones = _milestones(number, kept, periods, findings)
    return Task(number=number, section=section, work_item=work_item, work_item_inferred=inferred,
                description=description, milestones=milestones, assignments=[],
                role_cells={role: (cell.line, cell.value)
                            for role, cell in zip(ROLE_NAMES, (lead, host, support))},
                deadline=deadline.month, ongoing=deadline.ongoing, deadline_text=cells[-1].value,
                first_line=first, last_line=last, surplus_cells=surplus)


def _milestones(number: int, cells: list[Cell], periods: list[Period],
                findings: list[Finding]) -> list[Milestone]:
    count, total = len(cells), len(periods)
    milestones = []
    for order, cell in enumerate(cells, start=1):
        if count == total:
            covered, method = (order,), "one-cell-per-column"
        elif order < count:
            covered, method = (order,), "positional"
        else:
            covered, method = tuple(range(order, total + 1)), "merged-to-end"
        raw = cell.value
        text = raw
        no_target = is_no_target(raw)
        if not raw:
            findings.append(Finding("blank-cell", "warning",
                                    Message(N_("task %(task)s: milestone cell %(order)s is blank; read as no target"),
                                            task=number, order=order),
                                    cell.line, number))
        elif not no_target and raw[0] in "—－-" and len(raw) > 1:
            text = raw.lstrip("—－- ")
            findings.append(Finding("dash-prefix", "warning",
                                    Message(N_("task %(task)s: milestone cell %(order)s starts with a dash "
                                               "(%(text)s…); read as the text after it"),
                                            task=number, order=order, text=raw[:12]), cell.line, number, raw))
        months = frozenset().union(*(periods[p - 1].months for p in covered))
        named = sorted({int(m) for m in _MONTH_END.findall(text)} - months)
        if named and not no_target:
            labels = "、".join(periods[p - 1].label for p in covered)
            findings.append(Finding("period-date-mismatch", "warning",
                                    Message(N_("task %(task)s: milestone %(order)s names %(named)s but sits in "
                                               "period %(periods)s"), task=number, order=order,
                                            named="、".join(f"{m}月底" for m in named), periods=labels),
                                    cell.line, number, text))
        milestones.append(Milestone(order, text, raw, covered, method, no_target, cell.line))
    return milestones


def read_text_export(source: Source, is_unit_list: Callable[[str], bool], meta=None):
    """The body and the annex task table of a cell-by-cell text export."""
    header = find_annex(source)
    body_end = header
    for index in range(header - 1, -1, -1):  # the annex starts at its 附件 line, if any
        if source.lines[index].strip() == "附件":
            body_end = index
            break
    meta, sections, measures, findings = parse_body(source.lines, source.twin_lines, body_end, meta)
    first_row = len(source.lines)
    for index in range(header, len(source.lines)):
        cell = source.lines[index][1:].strip()
        if source.lines[index].startswith("\t") and (cell.isdigit() or re.match(r"^[一二三四五六七八九十]+、", cell)):
            first_row = index
            break
    header_cells = split_cells(source.lines[:first_row], header)
    if meta.year is None and (year := periods_year([c.value for c in header_cells])):
        meta.year, meta.year_from = year, "period-headers"
    periods = parse_periods(header_cells, meta.year or _STAND_IN_YEAR, source.path)
    tasks, row_findings = parse_rows(source, first_row, periods, is_unit_list)
    findings += row_findings
    if meta.year is None:
        periods = _undated(periods, tasks, findings)
    _repeated_work_items(tasks, findings)
    return meta, sections, measures, periods, tasks, findings


#: Months of period columns are compared (milestone dates against their column) in a year that is never
#: written: a plan with no year keeps its milestones as text (:func:`_undated`).
_STAND_IN_YEAR = 2000


def _undated(periods: list[Period], tasks: list[Task], findings: list[Finding]) -> list[Period]:
    """No year anywhere: milestones cannot be placed in months, so each stays as a cell of its task,
    titled by its column(s), and the plan has no periods."""
    labels = {p.order: p.label for p in periods}
    for task in tasks:
        task.cells += [("、".join(labels[o] for o in m.periods), m.raw) for m in task.milestones]
        task.milestones = []
    findings.append(periods_without_year(list(labels.values())))
    return []


def _repeated_work_items(tasks: list[Task], findings: list[Finding]) -> None:
    """A 具体任务 written again rather than left empty: the table broke across pages."""
    last_seen: dict[str, Task] = {}
    for task in tasks:
        earlier = last_seen.get(task.work_item)
        if earlier and not task.work_item_inferred:
            findings.append(Finding("work-item-repeated", "info",
                                    Message(N_("task %(task)s: 具体任务 '%(text)s' written again (also task "
                                               "%(earlier)s); read as the same work item"), task=task.number,
                                            text=task.work_item, earlier=earlier.number),
                                    task.first_line, task.number))
        last_seen[task.work_item] = task
