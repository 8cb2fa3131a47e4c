"""The planner's pages: home, a unit, a task, search, the graph views and the named SPARQL queries.

One function per page; :func:`register` adds them under their URLs (each function's name is its endpoint).
"""
from __future__ import annotations

from flask import Response, abort, g, redirect, render_template, request, url_for

from ..i18n import _
from ..model.domain import ROLE_NAMES, load_scheme
from ..network.due import due_now_or_next
from ..network.plan import PlanNetwork
from ..sparql.formats import records, render
from ..sparql.labels import column_title, readable_value
from ..sparql.named import list_queries, load_query, run
from ..views.sheet_formats import SHEET_WRITERS
from ..views.interactive import coordination_view, plan_view, unit_view
from ..views.sheet_files import render_sheet, sheet_stem
from ..views.sheets import build_sheet
from .assets import ASSETS
from .page_parts import bench, download, node_href, plan_arg, unit_node
from .report_form import form_rows
from .workbench import Workbench

__all__ = ["register", "busiest"]

#: Rows shown on a SPARQL page; the downloads carry them all.
SHOWN_ROWS = 500
#: Units the home page lists as carrying most.
BUSIEST_SHOWN = 12


def busiest(net: PlanNetwork, limit: int = BUSIEST_SHOWN) -> list[tuple[str, object]]:
    """The units carrying most, in the one workload order (:func:`kg.network.plan.busiest_first`)."""
    ones = [u for u in net.workload if net.units[u].one_unit]
    return [(u, net.workload[u]) for u in sorted(ones, key=net.busiest_first)[:limit]]


def home():
    wb = bench()
    net, day = wb.net, g.day
    report = wb.report(day)
    due = [{"period": period, "label": net.period_label(period), "count": len(items), "items": items[:25]}
           for period, items in due_now_or_next(net, day.strftime("%Y-%m")).items()]
    counts = {plan: 0 for plan in net.plans}
    for node in net.tasks.values():
        counts[node.plan] = counts.get(node.plan, 0) + 1
    return render_template("home.html", report=report, due=due, busiest=busiest(net), counts=counts,
                           scheme={c.notation: c for c in report.scheme})


def unit(uid: str):
    from ..status.supervision import load_orders

    wb = bench()
    node = unit_node(uid)
    plan = plan_arg(node)
    net = wb.net  # the whole graph; with several plans, the form and history show the chosen one
    history = wb.history()
    mine = [t for t in net.tasks_of(node) if not plan or net.tasks[t].plan == plan]
    records = sorted((r for t in mine for r in history.get(t, [])), key=lambda r: r["as_of"], reverse=True)
    orders = [o for o in load_orders(net, wb.dir, g.day.isoformat(), wb.records) if o.unit == node]
    return render_template("unit.html", node=net.units[node], uid=uid, plan=plan, net=net, orders=orders,
                           workload=net.workload.get(node), partners=net.partners(node)[:20],
                           records=records[:200], more=max(0, len(records) - 200),
                           form=wb.cached(("form", node, plan, g.day), lambda: form_rows(net, node, g.day, plan)),
                           scheme=load_scheme(),
                           task_plans=sorted({net.tasks[t].plan for t in net.tasks_of(node)}))


def sheet(uid: str, fmt: str):
    if fmt not in SHEET_WRITERS:
        abort(404)
    wb = bench()
    node = unit_node(uid)
    plan = plan_arg(node)
    net = wb.plan_net(plan)
    built = wb.cached(("sheet", node, plan, g.day), lambda: build_sheet(net, node, g.day))
    data = wb.cached(("sheet", node, plan, g.day, fmt), lambda: render_sheet(built, fmt, ASSETS))
    suffix = f"{'-' + plan if plan else ''}{SHEET_WRITERS[fmt].suffix}"
    return download(data, fmt, sheet_stem(built) + suffix, fallback=uid + suffix,
                    attachment=bool(request.args.get("download")) or SHEET_WRITERS[fmt].download)


def unit_graph(uid: str):
    wb = bench()
    node = unit_node(uid)
    plan = plan_arg(node)
    net = wb.plan_net(plan)
    html = wb.cached(("unit-view", node, plan),
                     lambda: unit_view(net, node, _view_links(), net.title, node_href, ASSETS))
    return Response(html, mimetype="text/html")


def task(plan: str, number: int):
    wb = bench()
    task_id = f"{plan}/task/{number}"
    if task_id not in wb.net.tasks:
        abort(404)
    net = wb.net
    return render_template("task.html", t=net.tasks[task_id], task_id=task_id, net=net, members=net.members(task_id),
                           indicators=wb.indicators.get(task_id, []), records=wb.history().get(task_id, []),
                           findings=wb.findings(task_id), scheme={c.notation: c for c in load_scheme()},
                           section=net.section_label(task_id))


def search():
    query = request.args.get("q", "").strip()
    hits, total = bench().search.search(query) if query else ([], 0)
    if len(hits) == 1 and request.args.get("go"):
        return redirect(node_href(hits[0].id))
    return render_template("search.html", query=query, searched=query, hits=hits, total=total)


def view(name: str):
    wb = bench()
    if name not in ("plan", "coordination"):
        abort(404)
    plan = plan_arg() if name == "plan" or request.args.get("plan") else None
    net = wb.plan_net(plan) if plan else wb.net
    make = plan_view if name == "plan" else coordination_view
    html = wb.cached(("view", name, plan), lambda: make(net, _view_links(), net.title, node_href, ASSETS))
    return Response(html, mimetype="text/html")


def sparql(name: str | None = None):
    from ..errors import UsageError

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
            # A query without parameters is kept until the graph or a record changes (coordination-pairs takes
            # half a second at 100 plans); one with them is not: every visitor's parameters would pile up.
            result = (run(wb.store, query, values) if values
                      else wb.cached(("run", name), lambda: run(wb.store, query, values)))
        except UsageError as err:
            if fmt != "html":
                raise
            error = err
    if fmt in ("csv", "json"):
        return download(render(result, fmt), fmt, f"{name}.{fmt}")
    if fmt != "html":
        abort(404)
    names, rows = result if result else ([], [])
    # In words for people (承办单位, 政府部门, 是), as kg query --labels; the downloads keep the ids.
    shown = [[readable_value(n, v) for n, v in r.items()] for r in records((names, rows[:SHOWN_ROWS]))]
    return render_template("sparql.html", queries=queries, query=query, values=values, names=names,
                           rows=shown, total=len(rows), ran=result is not None, error=error,
                           choices=_choices(wb), download_args={**values})


def _view_links() -> list[dict]:
    return [{"href": url_for("home"), "label": _("Workbench")},
            {"href": url_for("view", name="plan"), "label": _("Plan graph")},
            {"href": url_for("view", name="coordination"), "label": _("Coordination")}]


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
            "boolean": [("", ""), ("true", _("yes")), ("false", _("no"))]}


#: URL, page function, methods.
ROUTES = [("/", home, ("GET",)), ("/unit/<uid>", unit, ("GET",)), ("/unit/<uid>/sheet.<fmt>", sheet, ("GET",)),
          ("/unit/<uid>/graph", unit_graph, ("GET",)), ("/task/<path:plan>/<int:number>", task, ("GET",)),
          ("/search", search, ("GET",)), ("/views/<name>", view, ("GET",)), ("/sparql", sparql, ("GET",)),
          ("/sparql/<name>", sparql, ("GET",))]


def sender(record: dict) -> str:
    """Who sent a status record, in words: the office, or the unit by its name (not its IRI)."""
    from ..status.state import reporter_of

    if record.get("by") == "office":
        return _("supervision office")
    unit = bench().net.units.get(reporter_of(record))
    return unit.name if unit is not None else _("unit")


def register(app) -> None:
    app.jinja_env.globals.update(href=node_href, ROLE_NAMES=ROLE_NAMES, SHEET_WRITERS=SHEET_WRITERS,
                                 column_title=column_title, readable_value=readable_value, sender=sender)
    for rule, page, methods in ROUTES:
        app.add_url_rule(rule, view_func=page, methods=list(methods))
