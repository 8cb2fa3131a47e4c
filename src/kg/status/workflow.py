"""Monthly status reports (五色图): the colour scheme, templates, imports and colour rules.

Each imported report is kept as its own named graph in ``graph/status/`` (TriG),
never overwritten, so any past report can be reproduced.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from contextlib import contextmanager
from itertools import chain, count
from pathlib import Path

from rdflib import Dataset, Literal, URIRef

from ..errors import InputError
from ..files import write_atomic
from ..model.domain import Colour, colour_for, load_scheme
from ..model.vocab import DCTERMS, ID, KG, RDF, XSD, bind, unit_iri
from ..network.plan import PlanNetwork
from ..safe import workbook_bytes
from ..sparql.formats import plain
from ..sparql.named import load_query, natural_key
from ..sparql.stores import MemoryStore

__all__ = ["Colour", "load_scheme", "template_xlsx", "read_report", "import_report", "load_records", "in_order",
           "latest_by_period",
           "suggest", "ImportRejected", "TEMPLATE_HEADER", "status_dir", "apply_latest_status"]

KGC = "https://w3id.org/kg/status/"
TEMPLATE_HEADER = ["序号", "具体任务", "牵头单位", "本期阶段目标", "最终完成时限", "颜色 colour", "进度值 progress",
                   "说明 note", "填报单位 reporter", "填报日期 reported"]


class ImportRejected(InputError):
    """A status file with bad rows: every one is listed, nothing is recorded."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} bad row(s); nothing was recorded:\n  " + "\n  ".join(problems),
                         path=path, fix="correct the rows and import again")

    def __str__(self) -> str:
        return f"{self.path}: {self.message}\n(fix: correct the rows and import again)"


def _colour_of(value: str, scheme: list[Colour]) -> Colour | None:
    key = re.sub(r"\s+", " ", value.strip()).casefold()
    for colour in scheme:
        if key in {colour.notation.casefold(), colour.zh.casefold(), colour.en.casefold(), colour.label.casefold()}:
            return colour
    return None


def status_dir(graph_dir: Path) -> Path:
    return graph_dir / "status"


def _current_milestone(net: PlanNetwork, task: str, period: int | None) -> str:
    for m in net.tasks[task].milestones:
        if period in m.periods:
            return m.text
    return ""


def template_xlsx(net: PlanNetwork, as_of: dt.date, unit: str | None = None, scheme: list[Colour] | None = None) -> bytes:
    """An XLSX to collect one report: each task (of ``unit`` if given) with its milestone due now."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    scheme = scheme or load_scheme()
    period = net.period_of(as_of.strftime("%Y-%m"))
    wb = Workbook()
    ws = wb.active
    ws.title = "填报 report"
    ws.append(TEMPLATE_HEADER)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    tasks = sorted(net.tasks, key=net.task_sort_key)
    if unit:
        tasks = [t for t in tasks if {"lead", "host"} & set(net.roles_on(t, unit))]  # it reports what it leads or hosts
    for task in tasks:
        node = net.tasks[task]
        leads = [net.units[u].name for u in net.members(task)["lead"]]
        reporter = net.units[unit].name if unit else (leads[0] if leads else "")
        ws.append([node.number, node.work_item, "、".join(leads), _current_milestone(net, task, period),
                   node.deadline_text, "", "", "", reporter, as_of.isoformat()])
    choices = DataValidation(type="list", formula1='"' + ",".join(c.label for c in scheme if c.meaning != "not-reported") + '"',
                             allow_blank=True, showErrorMessage=True, errorTitle="颜色 colour",
                             error="choose one of the listed colours")
    ws.add_data_validation(choices)
    choices.add(f"F2:F{max(ws.max_row, 2)}")
    for column, width in zip("ABCDEFGHIJ", (6, 24, 20, 50, 12, 12, 12, 30, 20, 12)):
        ws.column_dimensions[column].width = width
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "C2"
    info = wb.create_sheet("说明 info")
    info.append(["as_of", as_of.isoformat()])
    info.append(["plan", net.title])
    info.append(["colours", "; ".join(f"{c.label}: {c.definition}" for c in scheme)])
    return workbook_bytes(wb)  # defused: no cell from a source runs as a formula


#: Rows read at most from one file, and blank rows after which reading stops (a stray far cell is ignored).
MAX_ROWS = 20000
BLANK_RUN = 50


def _rows(path: Path) -> tuple[list[str], list[tuple[int, dict]]]:
    """The header and the non-blank rows of a filled template, read only within the template's columns."""
    if path.suffix.lower() in (".csv", ".txt", ".tsv"):
        from ..readers.source import decode

        text, _, _ = decode(path.read_bytes(), path)  # UTF-8, GBK/GB18030 (Excel on Chinese Windows), UTF-16
        dialect = "excel-tab" if path.suffix.lower() == ".tsv" or "\t" in text.split("\n", 1)[0] else "excel"
        table = csv.reader(io.StringIO(text), dialect=dialect)
        header = [h.strip() for h in next(table, [])]
        values = ((i, row) for i, row in enumerate(table, start=2))
    else:
        from openpyxl import load_workbook

        try:
            ws = load_workbook(path, data_only=True, read_only=True).worksheets[0]
        except Exception as err:
            raise InputError(f"not a readable XLSX ({type(err).__name__})", path=path,
                             fix="save the template as .xlsx or export it as CSV") from None
        width = len(TEMPLATE_HEADER) + 5
        header = [str(c if c is not None else "").strip()
                  for c in next(ws.iter_rows(max_row=1, max_col=width, values_only=True), ())]
        values = ((i, row) for i, row in enumerate(ws.iter_rows(min_row=2, max_col=width, values_only=True),
                                                     start=2))
    out, blanks = [], 0
    for index, row in values:
        if index > MAX_ROWS or blanks >= BLANK_RUN:
            break
        if any(v is not None and str(v).strip() for v in row):
            blanks = 0
            out.append((index, {h: ("" if v is None else v) for h, v in zip(header, row) if h}))
        else:
            blanks += 1
    return header, out


_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


def _date(value) -> dt.date | None:
    """2023-10-31, 2023/10/31, 2023.10.31, 2023年10月31日 or a date cell; None when it is no real date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = _DATE.match(str(value))
    if not match:
        return None
    try:
        return dt.date(*map(int, match.groups()))
    except ValueError:
        return None


def _progress(value) -> str | None:
    """A progress value as a plain number: ``76``, ``76.5``, ``76%`` or a number cell; None when it is none."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{value:g}"
    text = str(value).strip().replace("％", "%")
    return text.rstrip("%") if re.fullmatch(r"-?\d+(?:\.\d+)?%?", text) else None


def read_report(path: Path, net: PlanNetwork, scheme: list[Colour], as_of: dt.date | None = None) -> tuple[dt.date, list[dict]]:
    """Validate every row; raise :class:`ImportRejected` listing all bad ones."""
    header, rows = _rows(path)
    problems, records, seen = [], [], {}
    unknown = [h for h in header if h and h not in TEMPLATE_HEADER]
    missing = [h for h in ("序号", "颜色 colour") if h not in header]
    if unknown or missing:
        said = ([f"unknown column(s) {', '.join(map(repr, unknown))}"] if unknown else []) + \
               ([f"missing column(s) {', '.join(map(repr, missing))}"] if missing else [])
        raise ImportRejected(path, [f"row 1: {'; '.join(said)} (the template's columns: {', '.join(TEMPLATE_HEADER)})"])
    today = dt.date.today()

    numbers = {node.number: task for task, node in net.tasks.items()}
    dates = set()
    for index, row in rows:
        where = f"row {index}"
        number_text = str(row.get("序号", "")).strip().removesuffix(".0")
        if not number_text.isdigit() or int(number_text) not in numbers:
            problems.append(f"{where}: 序号 {number_text or '(empty)'} is not a task of the plan")
            continue
        number = int(number_text)
        if number in seen:
            problems.append(f"{where}: task {number} is reported twice (also row {seen[number]})")
            continue
        seen[number] = index
        colour_text = str(row.get("颜色 colour", "")).strip()
        colour = _colour_of(colour_text, scheme) if colour_text else None
        if colour_text and colour is None:
            problems.append(f"{where}: colour {colour_text!r} is not in the scheme "
                            f"({', '.join(c.label for c in scheme)})")
            continue
        reported = row.get("填报日期 reported", "")
        day = _date(reported) if reported not in ("", None) else None
        if reported not in ("", None) and day is None:
            problems.append(f"{where}: date {reported!r} is not a date (write YYYY-MM-DD)")
            continue
        if day and day > today:
            problems.append(f"{where}: date {day.isoformat()} is in the future")
            continue
        if day:
            dates.add(day)
        reporter = str(row.get("填报单位 reporter", "")).strip()
        unit = net.find_unit(reporter) if reporter else None
        if reporter and unit is None:
            problems.append(f"{where}: reporter {reporter!r} is not a unit of the plan")
            continue
        raw_progress = row.get("进度值 progress", "")
        progress = _progress(raw_progress) if str(raw_progress).strip() else ""
        if progress is None:
            problems.append(f"{where}: progress {raw_progress!r} is not a number (write 76 or 76%)")
            continue
        if colour is None:
            continue  # an untouched row of the template: nothing reported for this task
        records.append({"task": number, "colour": colour.notation, "progress": progress,
                        "note": str(row.get("说明 note", "")).strip(), "reporter": net.units[unit].unit_id if unit else "",
                        "reported": day.isoformat() if day else ""})
    report_day = as_of or (max(dates) if dates else None)
    if as_of and as_of > today:
        problems.append(f"--as-of {as_of.isoformat()} is in the future")
    if report_day is None:
        problems.append("no 填报日期 reported date in any row, and no --as-of given")
    if problems:
        raise ImportRejected(path, problems)
    return report_day, records


def import_report(path: Path, net: PlanNetwork, graph_dir: Path, as_of: dt.date | None = None,
                  scheme: list[Colour] | None = None) -> Path:
    """Record a filled template as a new named graph, never overwriting one.

    Any number of files may carry the same date (units report separately): each is
    kept, ``report-DATE.trig``, ``report-DATE-2.trig``, …; the same file twice is
    refused. Imports hold a lock, so two at once are both recorded.
    """
    scheme = scheme or load_scheme()
    day, records = read_report(path, net, scheme, as_of)
    folder = status_dir(graph_dir)
    folder.mkdir(parents=True, exist_ok=True)
    with _lock(folder):
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
        for earlier in sorted(folder.glob("report-*.trig")):
            if sha in earlier.read_text(encoding="utf-8"):
                raise ImportRejected(path, [f"this file is already recorded ({earlier.name}); "
                                            f"reports are never overwritten"])
        suffix = next(s for s in chain([""], (f"-{n}" for n in count(2)))
                      if not (folder / f"report-{day.isoformat()}{s}.trig").exists())
        out = folder / f"report-{day.isoformat()}{suffix}.trig"
        _record(out, ID[f"status/{day.isoformat()}{suffix}"], day, path, sha, records, net)
    return out


@contextmanager
def _lock(folder: Path):
    """An exclusive lock on the status folder, held while one import checks and writes."""
    import fcntl

    with open(folder / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _record(out: Path, name: URIRef, day: dt.date, path: Path, sha: str, records: list[dict],
            net: PlanNetwork) -> None:
    ds = Dataset()
    bind(ds)
    g = ds.graph(name)
    report = URIRef(f"{name}/report")
    g.add((report, RDF.type, KG.StatusReport))
    g.add((report, KG.asOf, Literal(day.isoformat(), datatype=XSD.date)))
    g.add((report, DCTERMS.source, Literal(path.name)))
    g.add((report, KG.sha256, Literal(sha)))
    plan = next(iter(net.plans), "")
    for record in sorted(records, key=lambda r: r["task"]):
        node = URIRef(f"{name}/task/{record['task']}")
        g.add((report, KG.record, node))
        g.add((node, RDF.type, KG.StatusRecord))
        g.add((node, KG.task, Literal(record["task"], datatype=XSD.integer)))
        g.add((node, KG.taskOf, ID[f"plan/{plan}/task/{record['task']}"]))
        g.add((node, KG.status, URIRef(KGC + record["colour"])))
        g.add((node, KG.suggested, Literal(False)))
        if record["progress"]:
            g.add((node, KG.progress, Literal(record["progress"], datatype=XSD.decimal)))
        if record["note"]:
            g.add((node, KG.note, Literal(record["note"], lang="zh")))
        if record["reporter"]:
            g.add((node, KG.reporter, unit_iri(record["reporter"])))
        if record["reported"]:
            g.add((node, KG.reported, Literal(record["reported"], datatype=XSD.date)))
    write_atomic([(out, ds.serialize(format="trig"))])


def load_records(graph_dir: Path) -> list[dict]:
    """Every recorded report's rows, through the status-records query."""
    ds = Dataset()
    for file in sorted(status_dir(graph_dir).glob("*.trig")):
        ds.parse(file, format="trig")
    store = MemoryStore(graph=ds)
    names, rows = store.select(load_query("status-records").text)
    return [{n: plain(r.get(n)) for n in names} for r in rows]


def apply_latest_status(net: PlanNetwork, graph_dir: Path) -> None:
    """Give each task of the network the colour of its latest record, whichever report carried it."""
    if not status_dir(graph_dir).is_dir():
        return
    records = load_records(graph_dir)
    if not records:
        return
    by_number = {node.number: task for task, node in sorted(net.tasks.items())}
    for r in in_order(records):
        if int(r["task"]) in by_number:
            net.status[by_number[int(r["task"])]] = r["colour"]
    net.status_as_of = max(r["as_of"] for r in records)


def in_order(records: list[dict]) -> list[dict]:
    """Records oldest first: by report date, then in the order their files were recorded that day."""
    return sorted(records, key=lambda r: (r["as_of"], natural_key(r["report"])))  # …/2023-07-05 < …-2 < …-10


def latest_by_period(records: list[dict], net: PlanNetwork, upto: str) -> dict[int, dict[int, dict]]:
    """Period → task number → the task's latest record in that period, from reports dated up to ``upto``."""
    out: dict[int, dict[int, dict]] = {}
    for r in in_order(records):
        period = net.period_of(r["as_of"][:7])
        if r["as_of"] <= upto and period is not None:
            out.setdefault(period, {})[int(r["task"])] = r
    return out


def suggest(net: PlanNetwork, records: dict[int, dict], as_of: dt.date, scheme: list[Colour],
            indicators: dict[int, list[dict]]) -> dict[int, tuple[str, str]]:
    """Rule-based colours where none was reported or a report contradicts the facts: task → (colour, rule)."""
    month = as_of.strftime("%Y-%m")
    period = net.period_of(month)
    done, on_time = colour_for(scheme, "done"), colour_for(scheme, "on-schedule")
    thresholds = sorted((c for c in scheme if c.behind is not None), key=lambda c: -c.behind)
    red = next((c.notation for c in scheme if c.past_deadline), colour_for(scheme, "overdue").notation)
    out: dict[int, tuple[str, str]] = {}
    for task, node in net.tasks.items():
        number = node.number
        record = records.get(number)
        colour = record["colour"] if record else None
        if node.deadline and node.deadline < month and colour != done.notation:
            out[number] = (red, f"past its deadline {node.deadline} and not {done.label}")
            continue
        if record and record.get("progress"):
            for ind in indicators.get(number, []):
                if ind["cumulative"] == "true" and period is not None and str(period) in ind["period"].split("|"):
                    target = float(ind["value"])
                    behind = (target - float(record["progress"])) / target if target else 0
                    for colour_rule in thresholds:
                        if behind >= colour_rule.behind and colour in (None, on_time.notation, done.notation):
                            out[number] = (colour_rule.notation, f"progress {record['progress']} is "
                                           f"{behind:.0%} behind the period target {ind['value']}{ind['unit']}")
                            break
                    break
    return out
