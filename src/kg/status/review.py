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

from ..i18n import _, join_names, language
from ..model.dates import parse_date, parse_month
from ..model.domain import Colour, colour_for, load_scheme
from ..network.plan import PlanNetwork
from ..safe import workbook_bytes
from ..sparql.stores import Store
from .columns import LEAD, shown, shown_all
from .state import TaskState, load_indicators, load_records, reporter_of, round_of, states_on
from .workflow import (
    ImportRejected,
    check_header,
    colour_of,
    evidence_missing,
    not_a_date,
    problem,
    record_file,
    rows_of,
    task_rows,
)

__all__ = ["REVIEW_HEADER", "DECISION_WORDS", "decision_word", "review_xlsx", "read_verdicts", "import_verdicts"]

REVIEW_HEADER = ["序号", "计划 plan", "具体任务", LEAD, "单位填报 reported", "填报单位 reporter",
                 "承办配合单位填报 others", "进度% progress", "说明 note", "佐证 evidence", "申请延期 extension",
                 "规则建议 suggested", "建议理由 rule", "核定 verified", "核定理由 reason", "延期至 extended to",
                 "核定日期 verified on", "核定月份 month"]

#: The words the office may write in 核定 instead of a colour.
DECISION_WORDS = {"adopt": ("采纳", "采纳建议", "adopt"), "keep": ("维持", "维持原报", "keep"),
                  "reopen": ("重开", "重新打开", "reopen")}


def _states(net: PlanNetwork, store: Store, graph_dir: Path, day: dt.date, scheme: list[Colour],
            month: str | None = None) -> dict[str, TaskState]:
    return states_on(net, load_records(graph_dir), day, scheme, load_indicators(store), month=month)


def _review_rows(net: PlanNetwork, states: dict[str, TaskState], day: dt.date, month: str, scheme: list[Colour],
                 plain: int, fills: dict[str, int]) -> list[tuple[list, list]]:
    """One (values, style indexes) row per task: its state, the verdict columns empty; the unit's colour and the
    rule's suggestion filled with their colour."""
    label = {c.notation: c.name for c in scheme}
    out = []
    for task, state in states.items():
        node, unit = net.tasks[task], state.reported or {}
        leads = join_names(net.units[u].name for u in net.members(task)["lead"])
        suggestion = state.suggestion or ("", "")
        if state.closed:
            suggestion = ("", _("verified done (%(colour)s) on %(date)s and kept so; to reopen it, write %(reopen)s in "
                                "the verdict column with a reason") % {"colour": label[state.done],
                                                                      "date": state.closed["as_of"],
                                                                      "reopen": decision_word("reopen")})
        sender = reporter_of(unit) if unit else ""
        others = _("; ").join(_("%(unit)s: %(colour)s") % {"unit": net.units[u].name,
                                                             "colour": label.get(r["colour"], "") or _("extension requested")}
                              for u, r in state.others.items() if u in net.units)
        values = [node.number, node.plan, node.work_item, leads, label.get(unit.get("colour", ""), ""),
                  net.units[sender].name if sender in net.units else "", others, unit.get("progress", ""),
                  unit.get("note", ""), state.evidence, state.requested, label.get(suggestion[0], ""),
                  suggestion[1], "", "", "", day.isoformat(), month]
        styles = [plain] * len(values)
        for column, colour in ((5, unit.get("colour", "")), (12, suggestion[0])):
            if colour:
                styles[column - 1] = fills[colour]
        out.append((values, styles))
    return out


def review_xlsx(net: PlanNetwork, store: Store, graph_dir: Path, day: dt.date, scheme: list[Colour] | None = None,
                month: str | None = None) -> bytes:
    """The review sheet of ``month`` (by default ``day``'s) for ``day``: every task's state, the verdict
    columns empty. Written row by row (:class:`kg.views.xlsx_rows.RowWriter`): 8,100 tasks in a second."""
    from openpyxl.worksheet.datavalidation import DataValidation

    from ..views.xlsx_tables import Styles, new_workbook, table_sheet

    scheme = scheme or load_scheme()
    month = round_of(month or day.strftime("%Y-%m"))
    wb = new_workbook()
    ws = wb.create_sheet(_("Review"))
    styles = Styles(ws)
    fills = {c.notation: styles.filled(c.hex) for c in scheme}
    header = shown_all(REVIEW_HEADER)
    rows = _review_rows(net, _states(net, store, graph_dir, day, scheme, month), day, month, scheme, styles.plain,
                        fills)
    table_sheet(ws, [(header, [styles.title] * len(header)), *rows], freeze="D2", landscape=False,
                widths=[6, 16, 24, 20, 10, 16, 30, 10, 30, 24, 12, 10, 36, 12, 30, 12, 12, 10])
    words = [c.name for c in scheme if c.reportable] + [decision_word(name) for name in DECISION_WORDS]
    choices = DataValidation(type="list", formula1='"' + ",".join(words) + '"', allow_blank=True)
    choices.add(f"N2:N{max(len(rows) + 1, 2)}")
    ws.data_validations.append(choices)
    notes = [[shown("核定 verified"), _("a colour; adopt = adopt the rule's suggestion; keep = keep the lead unit's "
                                     "colour; reopen = reopen a task verified done")],
             [shown("单位填报 reported"), _("the lead unit's colour (of several leads, the latest); hosts' and "
                                         "supports' colours are listed beside it, never counted")],
             [shown("核定理由 reason"), _("needed when the verdict differs from the unit's colour, or keeps it "
                                       "over a rule")],
             [shown("佐证 evidence"), _("%(colour)s needs a file name or link") % {"colour": colour_for(scheme, "done").name}],
             [shown("延期至 extended to"), _("approves a new deadline (YYYY-MM-DD); give the reason")]]
    table_sheet(wb.create_sheet(_("Notes")), [(row, []) for row in notes], landscape=False)
    return workbook_bytes(wb)


def decision_word(decision: str) -> str:
    """The word the office writes for a decision, in the language in force (采纳, or adopt)."""
    words = DECISION_WORDS[decision]
    return words[0] if language() == "zh" else words[-1]


def _reopen_refused(state: TaskState, decision: str | None, text: str, reason: str,
                    scheme: list[Colour]) -> str | None:
    """Why a 重开 (or a colour on a task verified done) is refused, else None: a task verified done stays done
    until the office reopens it, with a reason."""
    done = colour_for(scheme, "done")
    if decision == "reopen":
        if not state.closed:
            return _("%(reopen)s reopens a task verified done, and this task is not") % {
                "reopen": decision_word("reopen")}
        return None if reason else _("%(reopen)s needs %(reason)s (why the done task is reopened)") % {
            "reopen": decision_word("reopen"), "reason": shown("核定理由 reason")}
    found = colour_of(text, scheme)
    if found is not None and found.notation == done.notation:
        return None
    return _("the task was verified done (%(colour)s) on %(date)s: write %(reopen)s with a reason to reopen it "
             "first") % {"colour": done.name, "date": state.closed["as_of"], "reopen": decision_word("reopen")}


def _decision(text: str) -> str | None:
    key = text.strip().casefold()
    return next((name for name, words in DECISION_WORDS.items() if key in {w.casefold() for w in words}), None)


def _sheet_day(path: Path, rows: list[tuple[int, dict]], as_of: dt.date | None) -> dt.date:
    """The date of a review sheet: the latest 核定日期 of the rows with a verdict (else of every row), which
    ``as_of`` must agree with; a sheet with no verdict at all is refused."""
    filled = [r for _, r in rows if str(r.get("核定 verified", "")).strip() or str(r.get("延期至 extended to", "")).strip()]
    if not filled:
        raise ImportRejected(path, [_("no row has a verdict (%(verified)s) or %(extended)s: the review sheet is not "
                                      "filled in, nothing to record") % {"verified": shown("核定 verified"),
                                                                         "extended": shown("延期至 extended to")}])
    dates = ({parse_date(r.get("核定日期 verified on", "")) for r in filled} - {None}
             or {parse_date(r.get("核定日期 verified on", "")) for _, r in rows} - {None})
    written = max(dates) if dates else None
    if as_of and written and as_of != written:
        raise ImportRejected(path, [_("the sheet is dated %(date)s (%(column)s) and --as-of says %(as_of)s: leave "
                                      "--as-of out, or make the review sheet for that day") % {
            "date": written.isoformat(), "column": shown("核定日期 verified on"), "as_of": as_of.isoformat()}])
    if not (as_of or written):
        raise ImportRejected(path, [_("no row has a date in the %(column)s column, and no --as-of was given") % {
            "column": shown("核定日期 verified on")}])
    return as_of or written


def _sheet_month(path: Path, rows: list[tuple[int, dict]], day: dt.date) -> str:
    """The month a review sheet verifies: its 核定月份 (one for the sheet), else the month of its date."""
    written = {str(r.get("核定月份 month", "")).strip() for _, r in rows} - {""}
    months = {parse_month(m) for m in written}
    column = shown("核定月份 month")
    if None in months or len(months) > 1:
        raise ImportRejected(path, [_("%(column)s holds %(months)s: one month (YYYY-MM) per sheet") % {
            "column": column, "months": join_names(sorted(written))}])
    month = round_of(months.pop() if months else day.strftime("%Y-%m"))
    if month > day.strftime("%Y-%m"):
        raise ImportRejected(path, [_("%(column)s %(month)s is after the sheet's date %(date)s") % {
            "column": column, "month": month, "date": day.isoformat()}])
    return month


def _words() -> dict[str, str]:
    """The review sheet's columns and decision words as the refusals name them, in the language in force."""
    return {"reason": shown("核定理由 reason"), "extended": shown("延期至 extended to"),
            "verified": shown("核定 verified"), "adopt": decision_word("adopt"), "keep": decision_word("keep")}


def _extension(raw, state: TaskState, reason: str) -> tuple[dt.date | None, str]:
    """The new deadline a 延期至 cell approves (None for none), or why it is refused: no date, not after the
    deadline, or no reason given."""
    extended = parse_date(raw) if str(raw).strip() else None
    if str(raw).strip() and extended is None:
        return None, not_a_date(_words()["extended"], raw)
    if extended and state.deadline and extended.strftime("%Y-%m") <= state.deadline:
        return None, _("%(extended)s %(date)s is not after the deadline %(deadline)s") % {
            **_words(), "date": extended.isoformat(), "deadline": state.deadline}
    if extended and not reason:
        return None, _("%(extended)s needs %(reason)s (why the deadline moves)") % _words()
    return extended, ""


def read_verdicts(path: Path, net: PlanNetwork, store: Store, graph_dir: Path, scheme: list[Colour],
                  as_of: dt.date | None = None) -> tuple[dt.date, list[dict]]:
    """Check every verdict of a filled review sheet; raise :class:`ImportRejected` listing all bad rows."""
    header, rows = rows_of(path, len(REVIEW_HEADER))
    check_header(path, header, REVIEW_HEADER, ("序号", "核定 verified"))
    today = dt.date.today()
    day = _sheet_day(path, rows, as_of)
    if day > today:
        raise ImportRejected(path, [_("the verification date %(date)s is in the future") % {"date": day.isoformat()}])
    month = _sheet_month(path, rows, day)
    states = _states(net, store, graph_dir, day, scheme, month)
    done = colour_for(scheme, "done")
    label = {c.notation: c.name for c in scheme}
    words = _words()
    problems, verdicts = [], []
    for where, task, row in task_rows(rows, net, problems, "verified"):
        state = states[task]
        text = str(row.get("核定 verified", "")).strip()
        reason = str(row.get("核定理由 reason", "")).strip()
        evidence = str(row.get("佐证 evidence", "")).strip() or state.evidence
        extended, why = _extension(row.get("延期至 extended to", ""), state, reason)
        if why:
            problems.append(problem(where, why))
            continue
        if not text and not extended:
            continue  # not verified this time
        unit_colour = (state.reported or {}).get("colour", "")
        decision, colour = _decision(text) if text else None, ""
        if decision == "reopen" or (state.closed and text):
            if why := _reopen_refused(state, decision, text, reason, scheme):
                problems.append(problem(where, why))
                continue
            if decision == "reopen":
                verdicts.append({"task": task, "colour": "", "decision": "reopen", "reason": reason, "evidence": "",
                                 "extended": "", "month": month})
                continue
        if decision == "adopt":
            if not state.suggestion:
                problems.append(problem(where, _("%(adopt)s adopts a rule's suggestion, and no rule suggests a colour "
                                                 "for this task") % words))
                continue
            colour, reason = state.suggestion[0], reason or state.suggestion[1]
        elif decision == "keep":
            if not unit_colour:
                problems.append(problem(where, _("%(keep)s keeps the unit's colour, and the unit reported none this "
                                                 "period") % words))
                continue
            if state.suggestion and not reason:
                problems.append(problem(where, _("%(keep)s over the rule's %(colour)s needs %(reason)s") % {
                    **words, "colour": label[state.suggestion[0]]}))
                continue
            colour = unit_colour
        elif text:
            found = colour_of(text, scheme)
            if found is None or not found.reportable:
                problems.append(problem(where, _("%(verified)s '%(value)s' is neither a colour (%(colours)s) nor "
                                                 "%(adopt)s / %(keep)s") % {
                    **words, "value": text, "colours": join_names(c.name for c in scheme)}))
                continue
            colour, decision = found.notation, "set"
            if colour != unit_colour and not reason:
                was = label.get(unit_colour) or _("not reported")
                problems.append(problem(where, _("%(verified)s %(colour)s differs from the unit's %(was)s: give "
                                                 "%(reason)s") % {**words, "colour": found.name, "was": was}))
                continue
        if missing := evidence_missing(colour, evidence, scheme):
            problems.append(problem(where, missing))
            continue
        verdicts.append({"task": task, "colour": colour, "decision": decision or "", "reason": reason,
                         "evidence": evidence if colour == done.notation or str(row.get("佐证 evidence", "")).strip()
                         else "", "extended": extended.isoformat() if extended else "",
                         "month": month})
    if problems:
        raise ImportRejected(path, problems)
    return day, verdicts


def import_verdicts(path: Path, net: PlanNetwork, store: Store, graph_dir: Path, as_of: dt.date | None = None,
                    scheme: list[Colour] | None = None) -> Path:
    """Record a filled review sheet as the office's verdicts (``verify-DATE.trig``)."""
    scheme = scheme or load_scheme()
    day, verdicts = read_verdicts(path, net, store, graph_dir, scheme, as_of)
    return record_file(path, net, graph_dir, day, verdicts, "verify")
