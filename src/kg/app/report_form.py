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

from ..model.domain import load_scheme
from ..network.plan import PlanNetwork
from ..status.workflow import TEMPLATE_HEADER, ImportRejected, import_report, template_rows

__all__ = ["register", "form_rows", "FIELDS"]

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


def register(app) -> None:
    from .access import record
    from .pages import _plan_arg, _unit, bench, write_refusal

    @app.post("/unit/<uid>/report")
    def report(uid: str):
        wb = bench()
        if refused := write_refusal():
            return refused
        node = _unit(uid)
        plan = _plan_arg(node)
        net = wb.net
        day_text = request.form.get("reported", "").strip()
        month_text = request.form.get("month", "").strip()
        rows, filled = [], 0
        for task, row in _rows(net, node, g.day, plan).items():
            key = task.replace("/", "_")
            cells = dict(zip(TEMPLATE_HEADER, row))
            cells["填报日期 reported"] = day_text
            cells["填报月份 month"] = month_text
            for field, column in FIELDS.items():
                cells[column] = request.form.get(f"{field}-{key}", "").strip()
            filled += bool(cells["颜色 colour"] or cells["申请延期 extension"])
            rows.append([cells[h] for h in TEMPLATE_HEADER])
        problems = [] if filled else ["nothing to record: choose a colour (or ask for an extension) for one task"]
        if not problems:
            path = wb.inbox(f"web-{uid}", ".csv")
            path.write_bytes(_csv(rows))
            try:
                recorded = import_report(path, wb.net, wb.dir, scheme=load_scheme())
            except ImportRejected as err:
                path.unlink()
                problems = [p.replace(f"{path.name}:", "").strip() for p in err.problems]
            except BaseException:  # refused another way: what was sent is kept nowhere
                path.unlink(missing_ok=True)
                raise
        if problems:
            return render_template("rejected.html", uid=uid, node=wb.net.units[node], problems=problems), 400
        record("report", recorded.name, unit=wb.net.units[node].name)
        wb.refresh()
        return redirect(url_for("unit", uid=uid, plan=plan, recorded=recorded.name) + "#history")
