"""The planner's pages: home, a unit, a task, search, the graph views and the named SPARQL queries."""
from __future__ import annotations

from flask import Response, abort, current_app, g, redirect, render_template, request, url_for

from ..errors import UsageError
from ..model.domain import ROLE_NAMES, load_scheme
from ..sparql.formats import plain, render
from ..sparql.named import list_queries, load_query, run
from ..views import SHEET_FORMATS
from ..views.interactive import coordination_view, plan_view, unit_view
from ..views.sheet_files import render_sheet
from ..views.sheets import build_sheet
from .assets import ASSETS
from .workbench import Workbench

__all__ = ["register", "bench", "node_href", "download", "write_refusal"]

#: Rows shown on a SPARQL page; the downloads carry them all.
SHOWN_ROWS = 500
_MEDIA = {"html": "text/html; charset=utf-8", "md": "text/markdown; charset=utf-8", "csv": "text/csv; charset=utf-8",
          "json": "application/sparql-results+json",
          "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
          "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def bench() -> Workbench:
    return current_app.extensions["kg"][0]


def node_href(node: str) -> str:
    """The page of a network node: ``unit/<id>`` or ``<plan>/task/<n>``."""
    if node.startswith("unit/"):
        return url_for("unit", uid=node.removeprefix("unit/"))
    plan, _, number = node.rpartition("/task/")
    return url_for("task", plan=plan, number=int(number))


def write_refusal():
    """The page that refuses a write (read-only app, or a form without this process's form key), or None."""
    refusal = current_app.extensions["kg"][1].may_write(request.form.get("form_key"))
    if refusal:
        return render_template("error.html", title="未记录 not recorded", message=refusal, fix=""), 403
    return None


def download(data: str | bytes, fmt: str, name: str, attachment: bool = True) -> Response:
    response = Response(data, mimetype=_MEDIA[fmt].split(";")[0], content_type=_MEDIA[fmt])
    if attachment:
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _unit(uid: str) -> str:
    wb = bench()
    node = f"unit/{uid}"
    if node not in wb.net.units:
        abort(404)
    return node


def _plan_arg(unit: str | None = None) -> str | None:
    """The plan a page shows (``?plan=``): with several plans, the first that names the unit."""
    wb = bench()
    if len(wb.net.plans) == 1:
        return None
    plan = request.args.get("plan")
    if plan and plan not in wb.net.plans:
        raise UsageError(f"no plan {plan!r} in the graph", fix="choose one from the list on the home page")
    if not plan and unit:
        plan = next((wb.net.tasks[t].plan for t in wb.net.tasks_of(unit)), None)
    return plan or min(wb.net.plans)


def register(app) -> None:  # noqa: C901 - one small function per page
    app.jinja_env.globals.update(href=node_href, ROLE_NAMES=ROLE_NAMES, SHEET_FORMATS=SHEET_FORMATS)

    @app.get("/")
    def home():
        wb = bench()
        net, day = wb.net, g.day
        report = wb.report(day)
        current = net.period_of(day.strftime("%Y-%m"))
        due = []
        for period in ([current, current + 1] if current else []):
            if period in net.periods:
                items = [d for d in net.due(period) if d.starts]
                due.append({"period": period, "label": net.period_label(period), "count": len(items),
                            "items": items[:25]})
        busiest = sorted(net.workload.items(), key=lambda kv: (-kv[1].load, net.units[kv[0]].name))
        busiest = [(u, w) for u, w in busiest if net.units[u].one_unit][:12]
        counts = {plan: 0 for plan in net.plans}
        for node in net.tasks.values():
            counts[node.plan] = counts.get(node.plan, 0) + 1
        return render_template("home.html", report=report, due=due, busiest=busiest, counts=counts,
                               scheme={c.notation: c for c in report.scheme})

    @app.get("/unit/<uid>")
    def unit(uid: str):
        wb = bench()
        node = _unit(uid)
        plan = _plan_arg(node)
        net = wb.net  # the whole graph; with several plans, the form and history show the chosen one
        history = wb.history()
        mine = [t for t in net.tasks_of(node) if not plan or net.tasks[t].plan == plan]
        records = sorted((r for t in mine for r in history.get(t, [])), key=lambda r: r["as_of"], reverse=True)
        from ..status.supervision import load_orders
        from .report_form import form_rows

        orders = [o for o in load_orders(net, wb.dir, g.day.isoformat(), wb.records) if o.unit == node]
        return render_template("unit.html", node=net.units[node], uid=uid, plan=plan, net=net, orders=orders,
                               workload=net.workload.get(node), partners=net.partners(node)[:20],
                               records=records[:200], more=max(0, len(records) - 200),
                               form=form_rows(net, node, g.day, plan), scheme=load_scheme(),
                               task_plans=sorted({net.tasks[t].plan for t in net.tasks_of(node)}))

    @app.get("/unit/<uid>/sheet.<fmt>")
    def sheet(uid: str, fmt: str):
        if fmt not in SHEET_FORMATS:
            abort(404)
        wb = bench()
        node = _unit(uid)
        plan = _plan_arg(node)
        net = wb.plan_net(plan)
        built = wb.cached(("sheet", node, plan, g.day), lambda: build_sheet(net, node, g.day))
        data = wb.cached(("sheet", node, plan, g.day, fmt), lambda: render_sheet(built, fmt, ASSETS))
        name = f"{uid}{'-' + plan if plan else ''}.{fmt}"
        return download(data, fmt, name, attachment=bool(request.args.get("download")) or fmt in ("xlsx", "docx"))

    @app.get("/unit/<uid>/graph")
    def unit_graph(uid: str):
        wb = bench()
        node = _unit(uid)
        plan = _plan_arg(node)
        net = wb.plan_net(plan)
        html = wb.cached(("unit-view", node, plan),
                         lambda: unit_view(net, node, _view_links(), net.title, node_href, ASSETS))
        return Response(html, mimetype="text/html")

    @app.get("/task/<path:plan>/<int:number>")
    def task(plan: str, number: int):
        wb = bench()
        task_id = f"{plan}/task/{number}"
        if task_id not in wb.net.tasks:
            abort(404)
        net = wb.net
        members = net.members(task_id)
        return render_template("task.html", t=net.tasks[task_id], task_id=task_id, net=net, members=members,
                               indicators=wb.indicators.get(task_id, []), records=wb.history().get(task_id, []),
                               findings=wb.findings(task_id), scheme={c.notation: c for c in load_scheme()},
                               section=net.section_label(task_id))

    @app.get("/search")
    def search():
        query = request.args.get("q", "").strip()
        hits, total = bench().search.search(query) if query else ([], 0)
        if len(hits) == 1 and request.args.get("go"):
            return redirect(node_href(hits[0].id))
        return render_template("search.html", query=query, searched=query, hits=hits, total=total)

    @app.get("/views/<name>")
    def view(name: str):
        wb = bench()
        if name not in ("plan", "coordination"):
            abort(404)
        plan = _plan_arg() if name == "plan" or request.args.get("plan") else None
        net = wb.plan_net(plan) if plan else wb.net
        make = plan_view if name == "plan" else coordination_view
        html = wb.cached(("view", name, plan), lambda: make(net, _view_links(), net.title, node_href, ASSETS))
        return Response(html, mimetype="text/html")

    @app.get("/sparql")
    @app.get("/sparql/<name>")
    def sparql(name: str | None = None):
        wb = bench()
        # Plan queries, and the status records when the store holds them (Oxigraph in memory).
        scopes = ("plan", "status") if wb.status_in_store else ("plan",)
        queries = [q for q in list_queries(scope=None) if q.scope in scopes]
        if name is None:
            return render_template("sparql.html", queries=queries, query=None)
        query = _named(name, queries)
        fmt = request.args.get("format", "html")
        values = {k: v for k, v in request.args.items() if k in query.params and v.strip()}
        result = error = None
        if fmt != "html" or request.args.get("run"):
            try:
                result = run(wb.store, query, values)  # not kept: every visitor's parameters would pile up
            except UsageError as err:
                if fmt != "html":
                    raise
                error = err
        if fmt in ("csv", "json"):
            return download(render(result, fmt), fmt, f"{name}.{fmt}")
        if fmt != "html":
            abort(404)
        names, rows = result if result else ([], [])
        shown = [[plain(r.get(n)) for n in names] for r in rows[:SHOWN_ROWS]]
        return render_template("sparql.html", queries=queries, query=query, values=values, names=names,
                               rows=shown, total=len(rows), ran=result is not None, error=error,
                               choices=_choices(wb), download_args={**values})

    def _view_links() -> list[dict]:
        return [{"href": url_for("home"), "label": "workbench 工作台"},
                {"href": url_for("view", name="plan"), "label": "plan graph"},
                {"href": url_for("view", name="coordination"), "label": "coordination"}]


def _named(name: str, queries):
    found = next((q for q in queries if q.name == name), None)
    if found is None:
        abort(404)
    return load_query(name)


def _choices(wb: Workbench) -> dict[str, list[tuple[str, str]]]:
    """Drop-down choices for typed parameters: periods and plans from the graph, units for a datalist."""
    net = wb.net
    return {"period": [(str(p), f"{p} {net.periods[p].label}") for p in sorted(net.periods)],
            "plan": [(plan, f"{plan} {title}") for plan, title in sorted(net.plans.items())],
            "unit": [(u.name, u.name_en) for u in sorted(net.units.values(), key=lambda u: u.name)],
            "boolean": [("", ""), ("true", "true"), ("false", "false")]}
