"""The supervision office's pages: verification of reported colours, the 通报 draft, the scorecard, 催办.

Each page shows what the matching ``kg status`` command writes, from the same functions, with its
files to download; the uploads record a filled unit template or review sheet exactly as
``kg status import`` and ``kg status verify`` do.
"""
from __future__ import annotations

import csv
import io

from flask import g, redirect, render_template, request, url_for

from ..model.domain import colour_for, load_scheme
from ..status.bulletin import build_bulletin, bulletin_docx, bulletin_markdown
from ..status.remind import reminders_text
from ..status.review import DECISION_WORDS, REVIEW_HEADER, import_verdicts, review_xlsx
from ..status.scorecard import MODEL, SCORECARD_HEADER, scorecard_rows, scorecard_xlsx
from ..status.workflow import ImportRejected, import_report
from .workbench import DEFAULT_REMIND_DAYS

__all__ = ["register"]

#: Upload kinds: form value → the file suffixes accepted.
UPLOADS = {"report": (".xlsx", ".csv"), "verify": (".xlsx",)}


def register(app) -> None:
    from .access import record
    from .pages import bench, download, write_refusal

    @app.get("/office/verify")
    def verify():
        report = bench().report(g.day)
        missing = colour_for(report.scheme, "not-reported").notation
        rows = [r for r in report.rows if request.args.get("all")
                or r["reported"] != missing or r["suggested"] or r["verified"] or r["others"] or r["closed"]]
        words = [c.label for c in report.scheme if c.meaning != "not-reported"] + [w[0] for w in DECISION_WORDS.values()]
        return render_template("verify.html", report=report, rows=rows, missing=missing, words=words,
                               scheme={c.notation: c for c in report.scheme}, recorded=request.args.get("recorded"))

    @app.post("/office/verify")
    def verify_form():
        """The verify page's form, written as a filled review sheet and recorded by ``import_verdicts``:
        the same checks as ``kg status verify``, the same dated record."""
        wb = bench()
        if refused := write_refusal():
            return refused
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
        if not rows:
            return render_template("rejected.html", uid=None, node=None,
                                   problems=["没有填写任何核定：请至少为一项任务选择核定结果或延期至"]), 400
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

    @app.get("/office/audit")
    def audit():
        """The audit trail, newest first, by account and kind, and whether its chain is intact."""
        from .audit_page import audit_page

        return audit_page(bench().dir, request.args.get("who"), request.args.get("kind"))

    @app.get("/office/review.xlsx")
    def review_sheet():
        wb = bench()
        data = review_xlsx(wb.net, wb.store, wb.dir, g.day)
        return download(data, "xlsx", f"review-{g.day.isoformat()}.xlsx")

    @app.post("/office/upload")
    def upload():
        wb = bench()
        if refused := write_refusal():
            return refused
        kind = request.form.get("kind", "")
        file = request.files.get("file")
        if kind not in UPLOADS or file is None or not file.filename:
            return render_template("error.html", title="未记录 not recorded", message="choose a file and what it is",
                                   fix="a unit's filled template, or the office's filled review sheet"), 400
        suffixes = UPLOADS[kind]
        suffix = "." + file.filename.rsplit(".", 1)[-1].lower() if "." in file.filename else ""
        if suffix not in suffixes:
            return render_template("error.html", title="未记录 not recorded",
                                   message=f"{file.filename}: not a {' or '.join(suffixes)} file",
                                   fix="upload the XLSX kg wrote, filled in"), 400
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

    @app.get("/office/chart")
    def chart():
        """The five-colour chart (tasks × periods, by section and by unit), as ``kg status report`` writes it."""
        report = bench().report(g.day)
        return render_template("chart.html", report=report, colours={c.notation: c for c in report.scheme})

    @app.get("/office/chart.<fmt>")
    def chart_file(fmt: str):
        from ..status.report import report_html, report_xlsx

        report = bench().report(g.day)
        if fmt == "html":
            return download(report_html(report), "html", f"status-{g.day.isoformat()}.html")
        if fmt == "xlsx":
            return download(report_xlsx(report), "xlsx", f"status-{g.day.isoformat()}.xlsx")
        return render_template("error.html", title="找不到 not found", message=f"五色图没有 {fmt} 格式",
                               fix="下载 .html 或 .xlsx"), 404

    @app.post("/office/publish")
    def publish_month():
        """Publish the month's figures, as ``kg status publish``: once, never changed after."""
        from ..errors import InputError
        from ..status.publish import publish

        wb = bench()
        if refused := write_refusal():
            return refused
        try:
            out, made = publish(wb.net, wb.store, wb.dir, g.day)
        except InputError as err:
            return render_template("error.html", title="未发布 not published", message=f"未发布：{err.message}",
                                   fix=err.fix), 400
        record("publish", out.name, generated=out, month=made.month, rate=made.reporting_rate)
        wb.refresh()
        return redirect(url_for("chart", as_of=request.args.get("as_of"), recorded=out.name))

    @app.get("/office/orders")
    def orders():
        """督办通知单: those issued up to the day, open or closed (销号 by a verdict other than red)."""
        from ..status.supervision import load_orders

        wb = bench()
        issued = load_orders(wb.net, wb.dir, g.day.isoformat())
        return render_template("orders.html", orders=issued, net=wb.net, recorded=request.args.get("recorded"),
                               units=sorted({o.unit for o in issued if not o.closed}, key=lambda u: wb.net.units[u].name))

    @app.get("/office/orders/<uid>.docx")
    def order_file(uid: str):
        from ..status.supervision import load_orders, order_docx

        wb = bench()
        mine = [o for o in load_orders(wb.net, wb.dir, g.day.isoformat()) if o.unit == f"unit/{uid}" and not o.closed]
        if not mine:
            return render_template("error.html", title="找不到 not found", message="该单位没有未销号的督办通知单",
                                   fix="返回督办单列表"), 404
        # an ASCII name: header values are Latin-1 (the Word file itself is in Chinese)
        return download(order_docx(mine, wb.net), "docx", f"order-{g.day.isoformat()}-{uid}.docx")

    @app.post("/office/supervise")
    def supervise():
        """Issue the month's 督办通知单, as ``kg status supervise``: one per lead unit and red task without one."""
        from ..status.supervision import issue_orders

        wb = bench()
        if refused := write_refusal():
            return refused
        out, issued = issue_orders(wb.net, wb.store, wb.dir, g.day)
        if not issued:
            return render_template("error.html", title="未签发 nothing issued",
                                   message="没有需要督办的红色或逾期任务（或均已有未销号的督办单）", fix=""), 400
        record("supervise", out.name, generated=out, orders=str(len(issued)))
        wb.refresh()
        return redirect(url_for("orders", as_of=request.args.get("as_of"), recorded=out.name))

    @app.get("/office/bulletin")
    def bulletin():
        made = build_bulletin(bench().report(g.day))
        return render_template("bulletin.html", bulletin=made)

    @app.get("/office/bulletin.<fmt>")
    def bulletin_file(fmt: str):
        made = build_bulletin(bench().report(g.day))
        if fmt == "md":
            return download(bulletin_markdown(made), "md", f"bulletin-{g.day.isoformat()}.md")
        if fmt == "docx":
            return download(bulletin_docx(made), "docx", f"bulletin-{g.day.isoformat()}.docx")
        return render_template("error.html", title="找不到 not found", message=f"no 通报 as {fmt}",
                               fix="download .md or .docx"), 404

    @app.get("/office/scorecard")
    def scores():
        return render_template("scorecard.html", header=SCORECARD_HEADER, rows=scorecard_rows(bench().scorecard(g.day)),
                               model=MODEL)

    @app.get("/office/scorecard.xlsx")
    def scores_file():
        return download(scorecard_xlsx(bench().scorecard(g.day), bench().net.title, g.day), "xlsx", f"scorecard-{g.day.isoformat()}.xlsx")

    @app.get("/office/remind")
    def remind():
        wb = bench()
        try:
            days = max(1, min(366, int(request.args.get("days", DEFAULT_REMIND_DAYS))))
        except ValueError:
            days = DEFAULT_REMIND_DAYS
        items = wb.reminders(g.day, days)
        return render_template("remind.html", items=items, days=days, text=reminders_text(items, g.day, days))

    @app.get("/office")
    def office_home():
        return redirect(url_for("verify", **request.args))
