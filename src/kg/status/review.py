"""The office's verification (核定): a review sheet out, the office's verdicts in.

The review sheet lists each task's state (the unit's colour, progress, note,
evidence, requested extension and a rule's suggestion) with empty columns for
the verdict. In 核定 the office writes a colour, 采纳 (adopt the rule's
suggestion) or 维持 (keep the unit's colour over the suggestion); a colour
other than the unit's needs a reason, 蓝 needs evidence, and 延期至 approves
a new deadline (已延期). The verdicts are recorded like a unit's report, as
their own dated named graph, never overwriting.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..model.domain import Colour, colour_for, load_scheme
from ..network.plan import PlanNetwork
from ..safe import workbook_bytes
from ..sparql.stores import Store
from .state import TaskState, load_indicators, load_records, states_on
from .workflow import (
    ImportRejected,
    check_header,
    colour_of,
    evidence_missing,
    parse_date,
    record_file,
    rows_of,
    task_rows,
)

__all__ = ["REVIEW_HEADER", "DECISION_WORDS", "review_xlsx", "read_verdicts", "import_verdicts"]

REVIEW_HEADER = ["序号", "计划 plan", "具体任务", "牵头单位", "单位填报 reported", "进度值 progress", "说明 note",
                 "佐证 evidence", "申请延期 extension", "规则建议 suggested", "建议理由 rule", "核定 verified",
                 "核定理由 reason", "延期至 extended to", "核定日期 verified on"]

#: The words the office may write in 核定 instead of a colour.
DECISION_WORDS = {"adopt": ("采纳", "采纳建议", "adopt"), "keep": ("维持", "维持原报", "keep")}


def _states(net: PlanNetwork, store: Store, graph_dir: Path, day: dt.date, scheme: list[Colour]) -> dict[str, TaskState]:
    return states_on(net, load_records(graph_dir), day, scheme, load_indicators(store))


def review_xlsx(net: PlanNetwork, store: Store, graph_dir: Path, day: dt.date, scheme: list[Colour] | None = None) -> bytes:
    """The review sheet for ``day``: every task's state, the verdict columns empty."""
    from openpyxl.styles import Alignment, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    from ..views.office import append_row, xlsx_sheet

    scheme = scheme or load_scheme()
    label = {c.notation: c.label for c in scheme}
    wb, ws = xlsx_sheet("核定 review", REVIEW_HEADER)
    for task, state in _states(net, store, graph_dir, day, scheme).items():
        node, unit = net.tasks[task], state.reported or {}
        leads = "、".join(net.units[u].name for u in net.members(task)["lead"])
        suggestion = state.suggestion or ("", "")
        r = append_row(ws, [node.number, node.plan, node.work_item, leads, label.get(unit.get("colour", ""), ""),
                            unit.get("progress", ""), unit.get("note", ""), state.evidence, state.requested,
                            label.get(suggestion[0], ""), suggestion[1], "", "", "", day.isoformat()])
        for column, colour in ((5, unit.get("colour", "")), (10, suggestion[0])):
            if colour:
                hexa = next(c.hex for c in scheme if c.notation == colour).lstrip("#").upper()
                ws.cell(r, column).fill = PatternFill("solid", fgColor=hexa)
    words = [c.label for c in scheme if c.meaning != "not-reported"] + [w[0] for w in DECISION_WORDS.values()]
    choices = DataValidation(type="list", formula1='"' + ",".join(words) + '"', allow_blank=True)
    ws.add_data_validation(choices)
    choices.add(f"L2:L{max(ws.max_row, 2)}")
    for column, width in zip("ABCDEFGHIJKLMNO", (6, 16, 24, 20, 10, 10, 30, 24, 12, 10, 36, 12, 30, 12, 12)):
        ws.column_dimensions[column].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "D2"
    info = wb.create_sheet("说明 info")
    info.append(["核定 verified", "a colour; 采纳 = adopt the rule's suggestion; 维持 = keep the unit's colour"])
    info.append(["核定理由 reason", "needed when the verdict differs from the unit's colour, or keeps it over a rule"])
    info.append(["佐证 evidence", f"{colour_for(scheme, 'done').label} needs a file name or link"])
    info.append(["延期至 extended to", "approves a new deadline (YYYY-MM-DD); give the reason"])
    return workbook_bytes(wb)


def _decision(text: str) -> str | None:
    key = text.strip().casefold()
    return next((name for name, words in DECISION_WORDS.items() if key in {w.casefold() for w in words}), None)


def read_verdicts(path: Path, net: PlanNetwork, store: Store, graph_dir: Path, scheme: list[Colour],
                  as_of: dt.date | None = None) -> tuple[dt.date, list[dict]]:
    """Check every verdict of a filled review sheet; raise :class:`ImportRejected` listing all bad rows."""
    header, rows = rows_of(path, len(REVIEW_HEADER))
    check_header(path, header, REVIEW_HEADER, ("序号", "核定 verified"))
    today = dt.date.today()
    dates = {parse_date(r.get("核定日期 verified on", "")) for _, r in rows} - {None}
    day = as_of or (max(dates) if dates else None)
    if day is None:
        raise ImportRejected(path, ["no 核定日期 verified on date in any row, and no --as-of given"])
    if day > today:
        raise ImportRejected(path, [f"the verification date {day.isoformat()} is in the future"])
    states = _states(net, store, graph_dir, day, scheme)
    done = colour_for(scheme, "done")
    label = {c.notation: c.label for c in scheme}
    problems, verdicts = [], []
    for where, task, row in task_rows(rows, net, problems, "verified"):
        state = states[task]
        text = str(row.get("核定 verified", "")).strip()
        reason = str(row.get("核定理由 reason", "")).strip()
        evidence = str(row.get("佐证 evidence", "")).strip() or state.evidence
        raw_to = row.get("延期至 extended to", "")
        extended = parse_date(raw_to) if str(raw_to).strip() else None
        if str(raw_to).strip() and extended is None:
            problems.append(f"{where}: 延期至 {raw_to!r} is not a date (write YYYY-MM-DD)")
            continue
        if extended and state.deadline and extended.strftime("%Y-%m") <= state.deadline:
            problems.append(f"{where}: 延期至 {extended.isoformat()} is not after the deadline {state.deadline}")
            continue
        if extended and not reason:
            problems.append(f"{where}: 延期至 needs 核定理由 reason (why the deadline moves)")
            continue
        if not text and not extended:
            continue  # not verified this time
        unit_colour = (state.reported or {}).get("colour", "")
        decision, colour = _decision(text) if text else None, ""
        if decision == "adopt":
            if not state.suggestion:
                problems.append(f"{where}: 采纳 adopts a rule's suggestion, and no rule suggests a colour for this task")
                continue
            colour, reason = state.suggestion[0], reason or state.suggestion[1]
        elif decision == "keep":
            if not unit_colour:
                problems.append(f"{where}: 维持 keeps the unit's colour, and the unit reported none this period")
                continue
            if state.suggestion and not reason:
                problems.append(f"{where}: 维持 over the rule's {label[state.suggestion[0]]} needs 核定理由 reason")
                continue
            colour = unit_colour
        elif text:
            found = colour_of(text, scheme)
            if found is None or found.meaning == "not-reported":
                problems.append(f"{where}: 核定 {text!r} is neither a colour ({', '.join(c.label for c in scheme)}) "
                                f"nor 采纳 / 维持")
                continue
            colour, decision = found.notation, "set"
            if colour != unit_colour and not reason:
                was = label.get(unit_colour, "not reported")
                problems.append(f"{where}: 核定 {found.label} differs from the unit's {was}: give 核定理由 reason")
                continue
        if missing := evidence_missing(colour, evidence, scheme):
            problems.append(f"{where}: {missing}")
            continue
        verdicts.append({"task": task, "colour": colour, "decision": decision or "", "reason": reason,
                         "evidence": evidence if colour == done.notation or str(row.get("佐证 evidence", "")).strip()
                         else "", "extended": extended.isoformat() if extended else ""})
    if problems:
        raise ImportRejected(path, problems)
    return day, verdicts


def import_verdicts(path: Path, net: PlanNetwork, store: Store, graph_dir: Path, as_of: dt.date | None = None,
                    scheme: list[Colour] | None = None) -> Path:
    """Record a filled review sheet as the office's verdicts (``verify-DATE.trig``)."""
    scheme = scheme or load_scheme()
    day, verdicts = read_verdicts(path, net, store, graph_dir, scheme, as_of)
    return record_file(path, net, graph_dir, day, verdicts, "verify")
