"""The supervision office's pages: verification of reported colours, the 通报 draft, the scorecard, 催办.

Each page shows what the matching ``kg status`` command writes, from the same functions, with its
files to download; the uploads record a filled unit template or review sheet exactly as
``kg status import`` and ``kg status verify`` do.
"""
from __future__ import annotations

import csv
import io

from flask import g, redirect, render_template, request, url_for

from ..i18n import _, use
from ..model.domain import colour_for, load_scheme
from ..status.bulletin import bulletin_markdown
from ..status.remind import reminders_text
from ..status.review import DECISION_WORDS, REVIEW_HEADER, decision_word, import_verdicts
from ..status.names import file_name
from ..status.scorecard import MODEL, SCORECARD_HEADER, scorecard_rows, scorecard_xlsx
from ..status.state import round_of
from ..status.workflow import ImportRejected, import_report
from .page_parts import bench, download, error_page, write_refusal
from .paging import chosen_plan, keep, page_of, page_url, plan_of
from .workbench import DEFAULT_REMIND_DAYS

__all__ = ["register"]

#: Upload kinds: form value → the file suffixes accepted.
UPLOADS = {"report": (".xlsx", ".csv"), "verify": (".xlsx",)}


def _month() -> str:
    """The month the day asked for reports on (its 月报 round, as the chart's): what the month's files are named by."""
    return round_of(g.day.strftime("%Y-%m"))


def _named_download(data, kind: str, fmt: str, **about):
    """A file of the office's as ``kg status`` names it (:func:`kg.status.names.file_name`): in the browser's
    language, a Chinese name sent as RFC 5987's ``filename*`` with the English (ASCII) name as the fallback."""
    with use("en"):
        fallback = file_name(kind, fmt, **about)
    return download(data, fmt, file_name(kind, fmt, **about), fallback=fallback)


def verify():
    report = bench().report(g.day)
    missing = colour_for(report.scheme, "not-reported").notation
    rows = [r for r in report.rows if request.args.get("all")
            or r["reported"] != missing or r["suggested"] or r["verified"] or r["others"] or r["closed"]]
    words = ([(c.label, c.name) for c in report.scheme if c.reportable]
             + [(w[0], decision_word(name)) for name, w in DECISION_WORDS.items()])  # (value sent, text shown)
    plan = chosen_plan(bench().net.plans)
    page = page_of(keep(rows, plan, lambda r: plan_of(r["id"])))
    return render_template("verify.html", report=report, rows=rows, page=page, plan=plan, missing=missing, words=words,
                           scheme={c.notation: c for c in report.scheme}, recorded=request.args.get("recorded"))


def _verdict_rows(wb) -> list[list]:
    """The verify page's form as the rows of a filled review sheet (one per task given a verdict or extension)."""
    rows = []
    for task in wb.net.tasks:
        key = task.replace("/", "_")
        verdict, reason, extended = (request.form.get(f"{f}-{key}", "").strip() for f in ("verdict", "reason", "extended"))
        if not (verdict or extended):
            continue
        node = wb.net.tasks[task]
        cells = dict.fromkeys(REVIEW_HEADER, "")
        cells.update({"序号": node.number, "计划 plan": node.plan, "核定 verified": verdict, "核定理由 reason": reason,
                      "延期至 extended to": extended, "核定日期 verified on": g.day.isoformat()})
        rows.append([cells[h] for h in REVIEW_HEADER])
    return rows


def verify_form():
    """The verify page's form, written as a filled review sheet and recorded by ``import_verdicts``:
    the same checks as ``kg status verify``, the same dated record."""
    from .access import record

    wb = bench()
    if refused := write_refusal():
        return refused
    rows = _verdict_rows(wb)
    if not rows:
        return render_template("rejected.html", uid=None, node=None,
                               problems=[_("no verdict given: choose a verdict or an extension for one task at least")]), 400
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(REVIEW_HEADER)
    writer.writerows(rows)
    path = wb.inbox("web-verify", ".csv")
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    try:
        out = import_verdicts(path, wb.net, wb.store, wb.dir, scheme=load_scheme())
    except ImportRejected as err:
        path.unlink()
        return render_template("rejected.html", uid=None, node=None,
                               problems=[p.replace(f"{path.name}:", "").strip() for p in err.problems]), 400
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    record("verify", out.name, generated=out, tasks=str(len(rows)))
    wb.refresh()
    return redirect(url_for("verify", as_of=request.args.get("as_of"), recorded=out.name))


def audit():
    """The audit trail, newest first, by account and kind, and whether its chain is intact."""
    from .audit_page import audit_page

    return audit_page(bench().dir, request.args.get("who"), request.args.get("kind"))


def review_sheet():
    return _named_download(bench().month_file("review.xlsx", g.day), "review", "xlsx",
                           month=_month())


def upload():
    from .access import record

    wb = bench()
    if refused := write_refusal():
        return refused
    kind = request.form.get("kind", "")
    file = request.files.get("file")
    if kind not in UPLOADS or file is None or not file.filename:
        return error_page(_("Not recorded"), _("choose a file and what it is"),
                          _("a unit's filled template, or the office's filled review sheet"))
    suffixes = UPLOADS[kind]
    suffix = "." + file.filename.rsplit(".", 1)[-1].lower() if "." in file.filename else ""
    if suffix not in suffixes:
        return error_page(_("Not recorded"), _("%(file)s: not a %(kinds)s file") % {"file": file.filename,
                                                                                  "kinds": " / ".join(suffixes)},
                          _("upload the XLSX kg wrote, filled in"))
    path = wb.inbox(f"upload-{kind}", suffix)
    file.save(path)
    try:
        if kind == "report":
            out = import_report(path, wb.net, wb.dir, scheme=load_scheme())
        else:
            out = import_verdicts(path, wb.net, wb.store, wb.dir, scheme=load_scheme())
    except ImportRejected as err:
        path.unlink()
        return render_template("rejected.html", uid=None, node=None, problems=err.problems,
                               filename=file.filename), 400
    except BaseException:  # refused another way (not a workbook, a decompression bomb): kept nowhere
        path.unlink(missing_ok=True)
        raise
    record("upload-" + kind, out.name, generated=out, file=file.filename)
    wb.refresh()
    return redirect(url_for("verify", as_of=request.args.get("as_of"), recorded=out.name))


def chart():
    """The five-colour chart (tasks × periods, by section and by unit), as ``kg status report`` writes it."""
    report = bench().report(g.day)
    plan = chosen_plan(bench().net.plans)
    page = page_of(keep(report.rows, plan, lambda r: plan_of(r["id"])))
    return render_template("chart.html", report=report, page=page, plan=plan,
                           colours={c.notation: c for c in report.scheme})


def chart_file(fmt: str):
    if fmt in ("html", "xlsx"):
        return _named_download(bench().month_file(f"chart.{fmt}", g.day), "chart", fmt, month=_month())
    return error_page(_("Not found"), _("the five-colour chart comes in no %(format)s format") % {"format": fmt},
                      _("download .html or .xlsx"), 404)


def publish_month():
    """Publish the month's figures, as ``kg status publish``: once, never changed after."""
    from ..errors import InputError
    from ..status.publish import publish
    from .access import record

    wb = bench()
    if refused := write_refusal():
        return refused
    try:
        out, made = publish(wb.net, wb.store, wb.dir, g.day)
    except InputError as err:
        return error_page(_("Not published"), _("not published: %(why)s") % {"why": err.message}, err.fix)
    record("publish", out.name, generated=out, month=made.month, rate=made.reporting_rate)
    wb.refresh()
    return redirect(url_for("chart", as_of=request.args.get("as_of"), recorded=out.name))


def orders():
    """督办通知单: those issued up to the day, open or closed (销号 by a verdict other than red)."""
    from ..status.supervision import load_orders

    wb = bench()
    issued = load_orders(wb.net, wb.dir, g.day.isoformat())
    return render_template("orders.html", orders=issued, net=wb.net, recorded=request.args.get("recorded"),
                           units=sorted({o.unit for o in issued if not o.closed}, key=lambda u: wb.net.units[u].name))


def order_file(uid: str):
    from ..status.supervision import load_orders, order_docx

    wb = bench()
    mine = [o for o in load_orders(wb.net, wb.dir, g.day.isoformat()) if o.unit == f"unit/{uid}" and not o.closed]
    if not mine:
        return error_page(_("Not found"), _("this unit has no open supervision order"),
                          _("go back to the list of orders"), 404)
    return _named_download(order_docx(mine, wb.net), "order", "docx", day=g.day, unit=wb.net.units[f"unit/{uid}"])


def supervise():
    """Issue the month's 督办通知单, as ``kg status supervise``: one per lead unit and red task without one."""
    from ..status.supervision import issue_orders
    from .access import record

    wb = bench()
    if refused := write_refusal():
        return refused
    out, issued = issue_orders(wb.net, wb.store, wb.dir, g.day)
    if not issued:
        return error_page(_("Nothing issued"), _("no red or overdue task needs an order (or each has an open one)"))
    record("supervise", out.name, generated=out, orders=str(len(issued)))
    wb.refresh()
    return redirect(url_for("orders", as_of=request.args.get("as_of"), recorded=out.name))


def bulletin():
    return render_template("bulletin.html", bulletin=bench().bulletin(g.day))


def bulletin_file(fmt: str):
    month = _month()
    if fmt == "md":
        return _named_download(bulletin_markdown(bench().bulletin(g.day)), "bulletin", "md", month=month)
    if fmt == "docx":  # a file for the whole month: made once per records and language
        return _named_download(bench().month_file("bulletin.docx", g.day), "bulletin", "docx", month=month)
    return error_page(_("Not found"), _("the bulletin comes in no %(format)s format") % {"format": fmt},
                      _("download .md or .docx"), 404)


def scores():
    return render_template("scorecard.html", header=SCORECARD_HEADER, rows=scorecard_rows(bench().scorecard(g.day)),
                           model=MODEL)


def scores_file():
    wb = bench()
    return _named_download(scorecard_xlsx(wb.scorecard(g.day), wb.net.title, g.day), "scorecard", "xlsx",
                           month=_month())


def remind():
    wb = bench()
    try:
        days = max(1, min(366, int(request.args.get("days", DEFAULT_REMIND_DAYS))))
    except ValueError:
        days = DEFAULT_REMIND_DAYS
    items = wb.reminders(g.day, days)
    unit = request.args.get("unit", "")
    chosen = [r for r in items if r.unit == f"unit/{unit}"] if unit else items
    plan = chosen_plan(wb.net.plans)
    # one row per unit and item, soonest first within a unit, as the chat messages list them (8,100 tasks
    # make some 40,000 rows: made once, not at each page turn)
    page = page_of(wb.cached(("remind-rows", g.day, days, unit, plan), lambda: keep(
        [(r, i) for r in chosen for i in r.items], plan, lambda pair: plan_of(pair[1].task))))
    text = wb.cached(("remind-text", g.day, days, unit), lambda: reminders_text(chosen, g.day, days))
    return render_template("remind.html", items=items, days=days, unit=unit, plan=plan, page=page, text=text,
                           shown=len(chosen))


def office_home():
    return redirect(url_for("verify", **request.args))


#: URL, page function, methods.
ROUTES = [("/office/verify", verify, ("GET",)), ("/office/verify", verify_form, ("POST",)),
          ("/office/audit", audit, ("GET",)), ("/office/review.xlsx", review_sheet, ("GET",)),
          ("/office/upload", upload, ("POST",)), ("/office/chart", chart, ("GET",)),
          ("/office/chart.<fmt>", chart_file, ("GET",)), ("/office/publish", publish_month, ("POST",)),
          ("/office/orders", orders, ("GET",)), ("/office/orders/<uid>.docx", order_file, ("GET",)),
          ("/office/supervise", supervise, ("POST",)), ("/office/bulletin", bulletin, ("GET",)),
          ("/office/bulletin.<fmt>", bulletin_file, ("GET",)), ("/office/scorecard", scores, ("GET",)),
          ("/office/scorecard.xlsx", scores_file, ("GET",)), ("/office/remind", remind, ("GET",)),
          ("/office", office_home, ("GET",))]


def register(app) -> None:
    app.jinja_env.globals["page_url"] = page_url
    for rule, page, methods in ROUTES:
        app.add_url_rule(rule, view_func=page, methods=list(methods))
