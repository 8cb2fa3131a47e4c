"""Monthly status reports (五色图): the units' template, reading a filled one, recording it.

Each imported file is kept as its own named graph in ``graph/status/`` (TriG),
never overwritten, so any past report can be reproduced. The office's verdicts
(:mod:`.review`) are read and recorded by the same rules.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from itertools import chain, count
from pathlib import Path

from rdflib import Dataset, Literal, URIRef

from ..errors import InputError
from ..files import locked, write_atomic
from ..model.dates import parse_date, parse_month
from ..model.domain import Colour, colour_for, load_scheme
from ..model.vocab import DCTERMS, ID, KG, KGC, RDF, XSD, bind, unit_iri
from ..network.plan import PlanNetwork
from ..safe import CELL_FIX, MAX_CELL, check_archive, check_cell, workbook_bytes
from ..i18n import N_, _, join_names
from .columns import LEAD, canonical, shown, shown_all
from .state import month_of, next_month, published_months, round_of, split_value, status_dir

__all__ = ["Colour", "load_scheme", "template_xlsx", "read_report", "import_report", "ImportRejected",
           "TEMPLATE_HEADER", "record_file", "colour_of", "check_header", "rows_of", "task_in_row",
           "task_rows", "evidence_missing"]

TEMPLATE_HEADER = ["序号", "具体任务", LEAD, "本期阶段目标", "最终完成时限", "颜色 colour", "进度% progress",
                   "完成值 achieved", "说明 note", "填报单位 reporter", "填报日期 reported", "填报月份 month",
                   "佐证 evidence", "申请延期 extension", "计划 plan"]


class ImportRejected(InputError):
    """A status file with bad rows: every one is listed, nothing is recorded."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(_("%(n)d problems; nothing was recorded:") % {"n": len(problems)} + "\n  "
                         + "\n  ".join(problems), path=path, fix=_("correct the rows and import again"))

    def __str__(self) -> str:  # the file as every KgError names it, "path: …"
        if len(self.problems) == 1:  # one problem, one line: file, row and what to do
            return f"{self.path}: " + _("%(problem)s; nothing was recorded (fix: correct it and import again)") % {
                "problem": self.problems[0]}
        return f"{self.path}: {self.message}\n" + _("(fix: correct the rows and import again)")


def colour_of(value: str, scheme: list[Colour]) -> Colour | None:
    key = re.sub(r"\s+", " ", value.strip()).casefold()
    for colour in scheme:
        if key in {colour.notation.casefold(), colour.zh.casefold(), colour.en.casefold(), colour.label.casefold()}:
            return colour
    return None


def _current_milestone(net: PlanNetwork, task: str, period: int | None) -> str:
    for m in net.tasks[task].milestones:
        if period in m.periods:
            return m.text
    return ""


def template_rows(net: PlanNetwork, as_of: dt.date, unit: str | None = None) -> dict[str, list]:
    """Task id → its row of the report template (``TEMPLATE_HEADER``), colour and the rest left to fill:
    every task, or those ``unit`` leads or hosts. The XLSX template and kg app's report form both use it."""
    period = net.period_of(as_of.strftime("%Y-%m"))
    month = round_of(as_of.strftime("%Y-%m"))
    tasks = net.reports_on(unit) if unit else sorted(net.tasks, key=net.task_sort_key)
    rows = {}
    for task in tasks:
        node = net.tasks[task]
        leads = [net.units[u].name for u in net.members(task)["lead"]]
        reporter = net.units[unit].name if unit else (leads[0] if leads else "")
        rows[task] = [node.number, node.work_item, join_names(leads), _current_milestone(net, task, period),
                      node.deadline_text, "", "", "", "", reporter, as_of.isoformat(), month, "", "", node.plan]
    return rows


def template_xlsx(net: PlanNetwork, as_of: dt.date, unit: str | None = None, scheme: list[Colour] | None = None) -> bytes:
    """An XLSX to collect one report: each task (of ``unit`` if given) with its milestone due now."""
    from openpyxl.worksheet.datavalidation import DataValidation

    from ..views.xlsx_tables import Styles, new_workbook, table_sheet

    scheme = scheme or load_scheme()
    wb = new_workbook()
    ws = wb.create_sheet(_("Report"))
    styles, header = Styles(ws), shown_all(TEMPLATE_HEADER)
    rows = [(row, [styles.plain] * len(row)) for row in template_rows(net, as_of, unit).values()]
    table_sheet(ws, [(header, [styles.title] * len(header)), *rows], freeze="C2", landscape=False,
                widths=(6, 24, 20, 50, 12, 12, 10, 12, 30, 20, 12, 10, 24, 14, 16))
    choices = DataValidation(type="list", formula1='"' + ",".join(c.name for c in scheme if c.reportable) + '"',
                             allow_blank=True, showErrorMessage=True, errorTitle=shown("颜色 colour"),
                             error=_("choose one of the listed colours"))
    choices.add(f"F2:F{max(len(rows) + 1, 2)}")
    ws.data_validations.append(choices)
    table_sheet(wb.create_sheet(_("Notes")), [(row, []) for row in _template_notes(net, as_of, scheme)],
                landscape=False)
    return workbook_bytes(wb)  # defused: no cell from a source runs as a formula


def _template_notes(net: PlanNetwork, as_of: dt.date, scheme: list[Colour]) -> list[list[str]]:
    """The template's Notes sheet: what each column a unit fills in means."""
    return [
        [_("As of"), as_of.isoformat()],
        [shown("填报月份 month"), _("The month this report is for (YYYY-MM); left empty, the month of the date it "
                                  "was filled in")],
        [shown("进度% progress"), _("Percent of the whole task done, 0-100")],
        [shown("完成值 achieved"), _("What was achieved in the target's own unit, such as 390万元 or 35家; only then "
                                   "is it compared with a quantified target")],
        [shown("填报单位 reporter"), _("Your unit's name; a task's colour is its lead unit's report, hosts' and "
                                     "supports' reports are shown beside it")],
        [_("Plan"), net.title],
        [_("Colours"), _("; ").join(_("%(what)s: %(value)s") % {"what": c.name, "value": c.described}
                                    for c in scheme)],
        [shown("佐证 evidence"), _("%(colour)s: give the file name or link that shows it done")
         % {"colour": colour_for(scheme, "done").name}],
        [shown("申请延期 extension"), _("the new deadline you ask for (YYYY-MM-DD), with the reason in %(note)s")
         % {"note": shown("说明 note")}]]


#: Rows read at most from one file, and blank rows after which reading stops (a stray far cell is ignored).
MAX_ROWS = 20000
BLANK_RUN = 50


def rows_of(path: Path, width: int) -> tuple[list[str], list[tuple[int, dict]]]:
    """The header and the non-blank rows of a filled template, read only within the template's columns."""
    if path.suffix.lower() in (".csv", ".txt", ".tsv"):
        from ..readers.source import decode

        text, _encoding, _cut = decode(path.read_bytes(), path)  # UTF-8, GBK/GB18030 (Excel on Chinese Windows), UTF-16
        dialect = "excel-tab" if path.suffix.lower() == ".tsv" or "\t" in text.split("\n", 1)[0] else "excel"
        table = csv.reader(io.StringIO(text), dialect=dialect)
        header = [canonical(h) for h in next(table, [])]  # any language's title
        values = ((i, row) for i, row in enumerate(table, start=2))
    else:
        from openpyxl import load_workbook

        check_archive(path)  # a decompression bomb is refused before openpyxl unpacks it
        try:
            ws = load_workbook(path, data_only=True, read_only=True).worksheets[0]
        except Exception as err:
            raise InputError(_("not a readable XLSX (%(error)s)") % {"error": type(err).__name__}, path=path,
                             fix=_("save the template as .xlsx or export it as CSV")) from None
        width += 5
        header = [canonical(c) for c in next(ws.iter_rows(max_row=1, max_col=width, values_only=True), ())]
        values = ((i, row) for i, row in enumerate(ws.iter_rows(min_row=2, max_col=width, values_only=True),
                                                     start=2))
    out, blanks = [], 0
    for index, row in _checked(values, path):
        if index > MAX_ROWS or blanks >= BLANK_RUN:
            break
        if any(v is not None and str(v).strip() for v in row):
            blanks = 0
            out.append((index, {h: ("" if v is None else v) for h, v in zip(header, row) if h}))
        else:
            blanks += 1
    return header, out


def _checked(values, path: Path):
    """The rows, each cell no longer than a spreadsheet cell can be (a CSV reader's own limit named too)."""
    try:
        for index, row in values:
            for column, value in enumerate(row, start=1):
                check_cell(value, path, index, column)
            yield index, row
    except csv.Error as err:
        if "field limit" not in str(err):  # a quote left open, a NUL byte: not a CSV a spreadsheet wrote
            raise InputError(_("refused: not a readable CSV (%(error)s)") % {"error": err}, path=path,
                             fix=_("save the template as .xlsx or export it as CSV again")) from None
        raise InputError(_("refused: a cell is longer than a spreadsheet cell can be (at most %(n)d characters)")
                         % {"n": MAX_CELL}, path=path, fix=_(CELL_FIX)) from None


def not_a_date(column: str, value) -> str:
    """Why a cell meant to hold a date is refused."""
    return _("%(column)s '%(value)s' is not a date (write YYYY-MM-DD)") % {"column": column, "value": value}


def _progress(value) -> str | None:
    """A progress value as a plain number: ``76``, ``76.5``, ``76%`` or a number cell; None when it is none."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{value:g}"
    text = str(value).strip().replace("％", "%")
    return text.rstrip("%") if re.fullmatch(r"-?\d+(?:\.\d+)?%?", text) else None


def quoted(text: str) -> str:
    """A name quoted as the language quotes it: ``“颜色值”``, ``'colour value'``."""
    return _("'%(text)s'") % {"text": text}


def row_name(index: int) -> str:
    """A row of a file as the message names it: ``第5行``, ``row 5``."""
    return _("row %(row)d") % {"row": index}


def check_header(path: Path, header: list[str], allowed: list[str], required: tuple[str, ...]) -> None:
    """Refuse a file with a column kg does not know (a typo would lose its values) or without a required one."""
    unknown = [h for h in header if h and h not in allowed]
    missing = [shown(h) for h in required if h not in header]
    if unknown or missing:
        said = ([_("unknown column(s) %(columns)s") % {"columns": join_names(map(quoted, unknown))}] if unknown
                else []) + ([_("missing column(s) %(columns)s") % {"columns": join_names(map(quoted, missing))}]
                            if missing else [])
        raise ImportRejected(path, [_("%(where)s: %(problems)s (the template's columns: %(columns)s)") % {
            "where": row_name(1), "problems": _("; ").join(said), "columns": join_names(shown_all(allowed))}])


def task_in_row(row: dict, net: PlanNetwork) -> tuple[str | None, str]:
    """The task id a row names by 序号 (and 计划 plan when the graph holds several plans), or why it names none."""
    number = str(row.get("序号", "")).strip().removesuffix(".0")
    plan = str(row.get("计划 plan", "")).strip()
    plans = join_names(sorted(net.plans))
    if not plan:
        if len(net.plans) > 1:
            return None, _("%(column)s is empty and the graph holds %(n)d plans (%(plans)s)") % {
                "column": shown("计划 plan"), "n": len(net.plans), "plans": plans}
        plan = next(iter(net.plans), "")
    if plan not in net.plans:
        return None, _("%(column)s '%(value)s' is not in the graph (%(plans)s)") % {
            "column": shown("计划 plan"), "value": plan, "plans": plans}
    task = f"{plan}/task/{number}"
    if not number.isdigit() or task not in net.tasks:
        return None, _("%(column)s %(number)s is not a task of the plan") % {"column": shown("序号"),
                                                                             "number": number or _("(empty)")}
    return task, ""


#: Why a second row on the same task is refused, in a report and in a review sheet.
TWICE = {"reported": N_("task %(task)s is reported twice (also row %(row)d)"),
         "verified": N_("task %(task)s is verified twice (also row %(row)d)")}


def problem(where: str, why: str) -> str:
    """One refused row as the list of problems says it: ``第5行：…``, ``row 5: …``."""
    return _("%(where)s: %(message)s") % {"where": where, "message": why}


def task_rows(rows: list[tuple[int, dict]], net: PlanNetwork, problems: list[str], verb: str):
    """``(where, task id, row)`` for each row that names a task not named above; the others go to ``problems``.
    ``verb`` is what the file does to a task: ``reported`` or ``verified`` (:data:`TWICE`)."""
    seen: dict[str, int] = {}
    for index, row in rows:
        where = row_name(index)
        task, why = task_in_row(row, net)
        if task is None:
            problems.append(problem(where, why))
            continue
        if task in seen:
            problems.append(problem(where, _(TWICE[verb]) % {"task": net.tasks[task].label, "row": seen[task]}))
            continue
        seen[task] = index
        yield where, task, row


def evidence_missing(colour: str, evidence: str, scheme: list[Colour]) -> str | None:
    """Why a row is refused when it says done (蓝) without a file name or link to show it, else None."""
    done = colour_for(scheme, "done")
    if colour == done.notation and not evidence:
        return _("%(colour)s (done) needs %(column)s: the file name or link that shows it") % {
            "colour": done.name, "column": shown("佐证 evidence")}
    return None


def _reporter(row: dict, task: str, net: PlanNetwork, unit: str | None) -> tuple[str | None, str]:
    """The unit node that sends a row (its 填报单位, else the file's ``unit``), or why the row is refused: a
    unit with no role on the task may not report on it."""
    name = str(row.get("填报单位 reporter", "")).strip()
    node = net.find_unit(name) if name else unit
    column = shown("填报单位 reporter")
    if name and node is None:
        return None, _("%(column)s '%(name)s' is not a unit of the plan") % {"column": column, "name": name}
    if node is None:
        return None, _("%(column)s is empty: write the unit that reports (or import with --unit)") % {"column": column}
    members = net.members(task)
    if not any(node in members[role] for role in members):
        leads = join_names(net.units[u].name for u in members["lead"]) or _("none")
        return None, _("%(unit)s has no role on task %(task)s (lead: %(leads)s): only its lead, hosts and supports "
                       "report on it") % {"unit": net.units[node].name, "task": net.tasks[task].label, "leads": leads}
    return node, ""


def _row_record(where: str, task: str, row: dict, net: PlanNetwork, scheme: list[Colour], unit: str | None,
                today: dt.date) -> tuple[dict | None, str]:
    """One checked row as a record (None for an untouched row of the template), or why it is refused."""
    colour_text = str(row.get("颜色 colour", "")).strip()
    colour = colour_of(colour_text, scheme) if colour_text else None
    if colour_text and colour is None:
        return None, _("%(column)s '%(value)s' is not in the scheme (%(colours)s)") % {
            "column": shown("颜色 colour"), "value": colour_text,
            "colours": join_names(c.name for c in scheme if c.reportable)}
    raw_extension = row.get("申请延期 extension", "")
    extension = parse_date(raw_extension) if str(raw_extension).strip() else None
    if str(raw_extension).strip() and extension is None:
        return None, _("%(column)s '%(value)s' is not a date (write the new deadline YYYY-MM-DD)") % {
            "column": shown("申请延期 extension"), "value": raw_extension}
    if colour is None and not extension:
        return None, ""  # an untouched row of the template: nothing reported for this task
    reported = row.get("填报日期 reported", "")
    day = parse_date(reported) if reported not in ("", None) else None
    if reported not in ("", None) and day is None:
        return None, not_a_date(shown("填报日期 reported"), reported)
    if day and day > today:
        return None, _("%(column)s %(date)s is in the future") % {"column": shown("填报日期 reported"),
                                                                  "date": day.isoformat()}
    raw_month = row.get("填报月份 month", "")
    month = parse_month(raw_month) if str(raw_month).strip() else ""
    if month is None:
        return None, _("%(column)s '%(value)s' is not a month (write YYYY-MM)") % {
            "column": shown("填报月份 month"), "value": raw_month}
    if month and day and month > day.strftime("%Y-%m"):
        return None, _("%(column)s %(month)s is after the date %(date)s: a month is reported once it has begun") % {
            "column": shown("填报月份 month"), "month": month, "date": day.isoformat()}
    node, why = _reporter(row, task, net, unit)
    if node is None:
        return None, why
    raw_progress = row.get("进度% progress", "")
    progress = _progress(raw_progress) if str(raw_progress).strip() else ""
    if progress is None or (progress and not 0 <= float(progress) <= 100):
        return None, _("%(column)s '%(value)s' is not a percent of the task (write 0–100, e.g. 76 or 76%%)") % {
            "column": shown("进度% progress"), "value": raw_progress}
    value = str(row.get("完成值 achieved", "")).strip()
    if value and not split_value(value)[1]:
        return None, _("%(column)s '%(value)s' needs its unit (write 390万元 or 35家)") % {
            "column": shown("完成值 achieved"), "value": value}
    evidence = str(row.get("佐证 evidence", "")).strip()
    if missing := evidence_missing(colour.notation if colour else "", evidence, scheme):
        return None, missing
    return {"task": task, "colour": colour.notation if colour else "", "progress": progress, "value": value,
            "note": str(row.get("说明 note", "")).strip(), "evidence": evidence, "month": month,
            "extension": extension.isoformat() if extension else "", "reporter": net.units[node].unit_id,
            "reported": day.isoformat() if day else ""}, ""


def read_report(path: Path, net: PlanNetwork, scheme: list[Colour], as_of: dt.date | None = None,
                unit: str | None = None) -> tuple[dt.date, list[dict]]:
    """Validate every row of a unit's filled template; raise :class:`ImportRejected` listing all bad ones.

    The file's date is the latest date the unit wrote in a row it filled (untouched pre-filled rows do not
    count); ``as_of`` must agree with it. Each record is for its 填报月份, by default its date's month."""
    header, rows = rows_of(path, len(TEMPLATE_HEADER))
    check_header(path, header, TEMPLATE_HEADER, ("序号", "颜色 colour"))
    today = dt.date.today()
    problems, records = [], []
    for where, task, row in task_rows(rows, net, problems, "reported"):
        record, why = _row_record(where, task, row, net, scheme, unit, today)
        if why:
            problems.append(problem(where, why))
        elif record:
            records.append(record)
    dates = {dt.date.fromisoformat(r["reported"]) for r in records if r["reported"]}
    written = max(dates) if dates else None
    if as_of and as_of > today:
        problems.append(_("--as-of %(date)s is in the future") % {"date": as_of.isoformat()})
    elif as_of and written and as_of != written:
        problems.append(_("the file is dated %(date)s (the latest date in its %(column)s column) and --as-of says "
                          "%(as_of)s: leave --as-of out or correct the dates") % {
            "date": written.isoformat(), "as_of": as_of.isoformat(), "column": shown("填报日期 reported")})
    day = as_of or written
    if not records and not problems:
        problems.append(_("no row is filled in (a %(colour)s or %(extension)s): nothing to record") % {
            "colour": shown("颜色 colour"), "extension": shown("申请延期 extension")})
    elif day is None and records:
        problems.append(_("no filled row has a date in the %(column)s column, and no --as-of was given") % {
            "column": shown("填报日期 reported")})
    if problems:
        raise ImportRejected(path, problems)
    for r in records:
        r["month"] = round_of(month_of(r, r["reported"] or day.isoformat()))
    return day, records


def import_report(path: Path, net: PlanNetwork, graph_dir: Path, as_of: dt.date | None = None,
                  scheme: list[Colour] | None = None, unit: str | None = None) -> Path:
    """Record a unit's filled template as a new named graph (``report-DATE.trig``), never overwriting one;
    ``unit`` sends the rows that name no 填报单位."""
    scheme = scheme or load_scheme()
    day, records = read_report(path, net, scheme, as_of, unit)
    return record_file(path, net, graph_dir, day, records, "report")


#: What each kind of recorded file is: its file-name prefix, graph-name prefix and report class.
KINDS = {"report": ("report", "status/", KG.StatusReport), "verify": ("verify", "status/verify/", KG.StatusVerification)}


def record_file(path: Path, net: PlanNetwork, graph_dir: Path, day: dt.date, records: list[dict], kind: str) -> Path:
    """Record checked rows as a new named graph, never overwriting one.

    Any number of files may carry the same date (units report separately): each is
    kept, ``PREFIX-DATE.trig``, ``PREFIX-DATE-2.trig``, …; the same file twice is
    refused. Imports hold a lock, so two at once are both recorded. A record for a month already
    published is kept as late (迟报/更正), shown in the month after the last one published.
    """
    prefix, graph_prefix, _kind = KINDS[kind]
    folder = status_dir(graph_dir)
    folder.mkdir(parents=True, exist_ok=True)
    with locked(folder / ".lock"):
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
        for earlier in sorted(folder.glob("*.trig")):
            if sha in earlier.read_text(encoding="utf-8"):
                raise ImportRejected(path, [_("this file is already recorded (%(file)s); records are never "
                                              "overwritten") % {"file": earlier.name}])
        published = published_months(graph_dir)
        for record in records:
            if record["month"] in published:
                record.update(late="true", shown_in=next_month(max(published)))
        suffix = next(s for s in chain([""], (f"-{n}" for n in count(2)))
                      if not (folder / f"{prefix}-{day.isoformat()}{s}.trig").exists())
        out = folder / f"{prefix}-{day.isoformat()}{suffix}.trig"
        _record(out, ID[f"{graph_prefix}{day.isoformat()}{suffix}"], KINDS[kind][2], day, path, sha, records, net)
    return out


#: Record fields written as literals: key → (property, datatype or language).
_FIELDS = {"progress": (KG.progress, XSD.decimal), "note": (KG.note, "zh"), "reported": (KG.reported, XSD.date),
           "evidence": (KG.evidence, None), "extension": (KG.extensionRequested, XSD.date),
           "decision": (KG.decision, None), "reason": (KG.reason, "zh"), "extended": (KG.extendedTo, XSD.date),
           "month": (KG.month, XSD.gYearMonth), "value": (KG.achieved, None), "late": (KG.late, XSD.boolean),
           "shown_in": (KG.shownIn, XSD.gYearMonth)}


def _record(out: Path, name: URIRef, kind: URIRef, day: dt.date, path: Path, sha: str, records: list[dict],
            net: PlanNetwork) -> None:
    ds = Dataset()
    bind(ds)
    g = ds.graph(name)
    report = URIRef(f"{name}/report")
    g.add((report, RDF.type, kind))
    g.add((report, KG.asOf, Literal(day.isoformat(), datatype=XSD.date)))
    g.add((report, DCTERMS.source, Literal(path.name)))
    g.add((report, KG.sha256, Literal(sha)))
    for record in sorted(records, key=lambda r: net.task_sort_key(r["task"])):
        task = net.tasks[record["task"]]
        node = URIRef(f"{name}/task/{task.plan}/{task.number}")
        g.add((report, KG.record, node))
        g.add((node, RDF.type, KG.StatusRecord))
        g.add((node, KG.task, Literal(task.number, datatype=XSD.integer)))
        g.add((node, KG.plan, Literal(task.plan)))
        g.add((node, KG.taskOf, ID[f"plan/{task.plan}/task/{task.number}"]))
        if record["colour"]:
            g.add((node, KG.status, KGC[record["colour"]]))
        g.add((node, KG.suggested, Literal(False)))
        for key, (prop, kind_of) in _FIELDS.items():
            if record.get(key):
                literal = Literal(record[key], lang=kind_of) if kind_of == "zh" else Literal(record[key], datatype=kind_of)
                g.add((node, prop, literal))
        if record.get("reporter"):
            g.add((node, KG.reporter, unit_iri(record["reporter"])))
    write_atomic([(out, ds.serialize(format="trig"))])
