"""A unit's monthly report as a web form, recorded exactly as ``kg status import`` records a file.

The form is the unit's report template (:func:`kg.status.workflow.template_rows`) with fields to
fill. What is sent is written as that template's CSV into ``graph/status/inbox/`` (kept: it is
what the unit submitted) and imported by :func:`kg.status.workflow.import_report`, so the same
checks refuse the same mistakes (蓝 without 佐证 evidence, a progress that is not a number, a date
in the future) and the same dated record results.
"""
from __future__ import annotations

import csv
import datetime as dt
import io

from flask import g, redirect, render_template, request, url_for

from ..i18n import _
from ..model.domain import colour_for, load_scheme
from ..network.plan import PlanNetwork
from ..status.workflow import TEMPLATE_HEADER, ImportRejected, colour_of, import_report, read_report, template_rows
from . import evidence
from .page_parts import bench, plan_arg, unit_node, write_refusal

__all__ = ["register", "form_rows", "FIELDS", "evidence_links"]

#: Form field → template column a unit fills.
FIELDS = {"colour": "颜色 colour", "progress": "进度% progress", "value": "完成值 achieved", "note": "说明 note",
          "evidence": "佐证 evidence", "extension": "申请延期 extension"}


def _rows(net: PlanNetwork, unit: str, day: dt.date, plan: str | None) -> dict[str, list]:
    """The unit's template rows, of one plan when the graph holds several."""
    return {task: row for task, row in template_rows(net, day, unit).items() if not plan or net.tasks[task].plan == plan}


def form_rows(net: PlanNetwork, unit: str, day: dt.date, plan: str | None = None) -> list[dict]:
    """The tasks a unit reports on, each with its template row and the colour it has now."""
    out = []
    for task, row in _rows(net, unit, day, plan).items():
        cells = dict(zip(TEMPLATE_HEADER, row))
        out.append({"task": task, "label": net.tasks[task].label, "cells": cells, "now": net.status.get(task, "")})
    return out


def _csv(rows: list[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(TEMPLATE_HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def report(uid: str):
    """A unit's report sent through the form: every check of ``kg status import``, then the same record."""
    from .access import record

    wb = bench()
    if refused := write_refusal():
        return refused
    node = unit_node(uid)
    plan = plan_arg(node)
    scheme = load_scheme()
    rows, files, problems = _filled_rows(wb.net, node, plan, scheme)
    recorded = None
    if not any(row[TEMPLATE_HEADER.index(FIELDS["colour"])] or row[TEMPLATE_HEADER.index(FIELDS["extension"])]
               for row in rows):
        problems.append(_("nothing to record: choose a colour (or ask for an extension) for one task"))
    else:
        recorded, problems = _record(wb, uid, rows, problems, scheme)
    if problems:
        return render_template("rejected.html", uid=uid, node=wb.net.units[node], problems=problems), 400
    stored = [evidence.store(wb.dir, name, data) for name, data in files]
    record("report", recorded.name, generated=recorded, unit=wb.net.units[node].name,
           **({"evidence": " ".join(stored)} if stored else {}))
    wb.refresh()
    return redirect(url_for("unit", uid=uid, plan=plan, recorded=recorded.name) + "#history")


def _filled_rows(net: PlanNetwork, node: str, plan: str | None, scheme) -> tuple[list[list], list, list[str]]:
    """The template rows as the form filled them, the evidence files sent, and what is wrong with them."""
    done = colour_for(scheme, "done")
    rows, files, problems = [], [], []
    for task, row in _rows(net, node, g.day, plan).items():
        key = task.replace("/", "_")
        cells = dict(zip(TEMPLATE_HEADER, row))
        cells["填报日期 reported"] = request.form.get("reported", "").strip()
        cells["填报月份 month"] = request.form.get("month", "").strip()
        for field, column in FIELDS.items():
            cells[column] = request.form.get(f"{field}-{key}", "").strip()
        # A typed reference to a stored file would let this unit download it: only an upload cites one.
        cells[FIELDS["evidence"]] = evidence.REF.sub("", cells[FIELDS["evidence"]]).strip()
        sent = request.files.get(f"evidence_file-{key}")
        if sent is not None and sent.filename:
            data = sent.read(evidence.MAX_BYTES + 1)
            if why := evidence.check(sent.filename, data):
                problems.append(f"{net.tasks[task].label}: {why}")
            else:
                ref = f"evidence/{evidence.name_of(sent.filename, data)}"
                typed = cells[FIELDS["evidence"]]
                cells[FIELDS["evidence"]] = f"{typed}；{ref}" if typed else ref
                files.append((sent.filename, data))
        elif colour_of(cells[FIELDS["colour"]], scheme) == done:
            problems.append(_("%(task)s: %(colour)s (done) needs an evidence file uploaded")
                            % {"task": net.tasks[task].label, "colour": done.name})
        rows.append([cells[h] for h in TEMPLATE_HEADER])
    return rows, files, problems


def _record(wb, uid: str, rows: list[list], problems: list[str], scheme):
    """Write the rows as the unit's template CSV in the inbox and import it (kept only when recorded)."""
    path = wb.inbox(f"web-{uid}", ".csv")
    path.write_bytes(_csv(rows))
    recorded = None
    try:
        read_report(path, wb.net, scheme)  # every check of kg status import, listed with the file's own
        if not problems:
            recorded = import_report(path, wb.net, wb.dir, scheme=scheme)
    except ImportRejected as err:
        problems = problems + [p.replace(f"{path.name}:", "").strip() for p in err.problems]
    except BaseException:  # refused another way: what was sent is kept nowhere
        path.unlink(missing_ok=True)
        raise
    if problems:
        path.unlink(missing_ok=True)
    return recorded, problems


def evidence_file(name: str):
    """A stored evidence file, for those who may see a task whose record cites it."""
    from flask import Response, abort

    from .access import may_see_task

    match = evidence.REF.fullmatch(f"evidence/{name}")
    wb = bench()
    path = wb.dir / "evidence" / name
    if not match or match.group(2) not in evidence.KINDS or not path.is_file():
        abort(404)
    cited = evidence.tasks_citing(name, wb.history())
    if not any(may_see_task(t, wb.net) for t in cited):
        abort(404)  # as if absent: a unit learns nothing of another unit's files
    response = Response(path.read_bytes(), mimetype=evidence.KINDS[match.group(2)][1])
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def register(app) -> None:
    app.add_url_rule("/unit/<uid>/report", view_func=report, methods=["POST"])
    app.add_url_rule("/evidence/<name>", view_func=evidence_file, methods=["GET"])
    app.jinja_env.filters["evidence_links"] = evidence_links


def evidence_links(text: str):
    """A 佐证 cell with each stored file as a download link (the rest stays text)."""
    from markupsafe import Markup, escape

    out, last = [], 0
    for match in evidence.REF.finditer(text or ""):
        out.append(escape(text[last:match.start()]))
        name = match.group(1) + match.group(2)
        out.append(Markup('<a class="evidence" href="{}">{}{}</a>').format(url_for("evidence_file", name=name),
                                                                     _("evidence file"), match.group(2)))
        last = match.end()
    out.append(escape((text or "")[last:]))
    return Markup("").join(out)
