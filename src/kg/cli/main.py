"""The ``kg`` command: a thin layer that parses options, calls one library function, writes."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from .. import __version__
from ..errors import KgError, UsageError
from ..files import emit
from ..readers import FORMATS

__all__ = ["main", "cli"]

_GRAPH = click.option("--graph", "-g", type=click.Path(path_type=Path), default=None,
                      help="Built graph file or folder [default: graph/].")
_FORMAT_HELP = "table (for people), csv/tsv/json (W3C SPARQL results), md (Markdown)."


def _params(pairs: tuple[str, ...]) -> dict[str, str]:
    values = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise UsageError(f"--param {pair!r} is not NAME=VALUE", fix="write e.g. --param unit=县市场监管局")
        values[key.strip()] = value
    return values


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="kg")
def cli() -> None:
    """kg turns a government plan's task list into a knowledge graph.

    Start with `kg build`, then `kg validate` and `kg query --list`.
    """


@cli.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "-o", type=click.Path(path_type=Path), default=Path("graph"), show_default=True,
              help="Folder for kg.ttl and kg.jsonld.")
@click.option("--units", type=click.Path(path_type=Path), default=None,
              help="Unit registry CSV [default: the bundled graph/units.csv].")
@click.option("--strict", is_flag=True, help="Fail on a unit name the registry lacks.")
@click.option("--force", is_flag=True, help="Rebuild even when nothing changed since the last build.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Reader to use [default: detected from each file].")
@click.option("--place", default=None, metavar="NAME",
              help="The plan's place (奉节县, 克拉玛依市) when its title does not name it; picks the registry rows.")
def build(sources: tuple[Path, ...], out: Path, units: Path | None, strict: bool, force: bool,
          fmt: str | None, place: str | None) -> None:
    """Build the graph from plan SOURCES (default: the bundled Fengjie 2023 plan).

    SOURCES may be text exports of a task table, Word files (.docx, with a task
    table or as running text) or text plans whose measures name their units
    (（X牵头，Y负责）, 牵头单位：X); the reader is detected.
    """
    from ..rdf.build import build as run_build

    result = run_build(list(sources), out=out, units=units, strict=strict, force=force, fmt=fmt, place=place)
    click.echo(result.summary())


@cli.command(name="validate")
@_GRAPH
@click.option("--verbose", "-v", is_flag=True, help="List every inference with its line.")
def validate_cmd(graph: Path | None, verbose: bool) -> None:
    """Check the graph against the SHACL shapes and report the source's quirks.

    Exit 0 when the graph conforms (warnings are still printed), 1 when not.
    """
    from ..rdf.validate import validate as run_validate
    from ..sparql.stores import MemoryStore, default_graph_files

    report = run_validate(MemoryStore(default_graph_files(graph)).graph)
    click.echo(report.text(verbose), nl=False)
    sys.exit(0 if report.conforms else 1)


@cli.command()
@click.argument("name", required=False)
@click.option("-e", "--expr", "expr", help="Run this SPARQL text instead of a named query.")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a query parameter (as a typed RDF term, never pasted into the query).")
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "md"]),
              default="table", show_default=True, help=_FORMAT_HELP)
@click.option("--store", "store_kind", type=click.Choice(["auto", "memory", "oxigraph", "endpoint"]),
              default="auto", show_default=True,
              help="Engine: auto = Oxigraph embedded when installed, else rdflib in memory.")
@click.option("--endpoint", help="SPARQL endpoint URL (implies --store endpoint).")
@click.option("--db", type=click.Path(path_type=Path), help="Oxigraph database folder (persistent).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, allow_dash=True, path_type=str), default="-",
              help="Write results here [default: stdout].")
@click.option("--list", "list_", is_flag=True, help="List the named queries and what they answer.")
@_GRAPH
def query(name, expr, params, fmt, store_kind, endpoint, db, output, list_, graph) -> None:
    """Run a named query (queries/NAME.rq), an .rq file, or -e 'SPARQL'."""
    from ..sparql.formats import render
    from ..sparql.named import bind_params, list_queries, load_query, run
    from ..sparql.stores import open_store

    if list_:
        for q in list_queries(scope=None):
            params_doc = " ".join(f"{p.name}=" + (f"<{p.type}>" if p.required else p.default or "")
                                  for p in q.params.values())
            click.echo(f"{q.name:22} {q.question}" + (f"\n{'':22} params: {params_doc}" if params_doc else ""))
        return
    if bool(name) == bool(expr):
        raise UsageError("name a query or give -e 'SPARQL', not both or neither",
                         fix="see kg query --list")
    named = load_query(name) if name else load_query(text=expr)
    values = _params(params)
    bind_params(named, values)  # fail on a bad parameter before loading any graph
    store = open_store(store_kind, graph=graph, endpoint=endpoint, db=db)
    emit(output, render(run(store, named, values), fmt))


@cli.command()
@_GRAPH
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind; anything but loopback exposes the graph to the network.")
@click.option("--port", default=7878, show_default=True, type=int, help="Port to listen on (0: any free port).")
@click.option("--writable", is_flag=True, help="Accept SPARQL updates and Graph Store writes (with the token).")
@click.option("--token", envvar="KG_TOKEN", default=None,
              help="The write token [default: a new random one, printed]; only with --writable.")
@click.option("--db", type=click.Path(path_type=Path), help="Keep the database in this folder.")
def serve(graph: Path | None, host: str, port: int, writable: bool, token: str | None, db: Path | None) -> None:
    """Serve the graph with a real Oxigraph SPARQL server (read-only and on 127.0.0.1 unless told otherwise).

    Queries never call other endpoints (SERVICE is refused). With --writable,
    writes need the printed token and are refused from web pages and browser
    forms. Ctrl-C or SIGTERM stops the server and removes its temporary files.
    """
    from ..sparql.push import as_nquads
    from ..sparql.server import SparqlServer, stop_signals
    from ..sparql.stores import MemoryStore, default_graph_files

    if token and not writable:
        raise UsageError("--token is for a writable server", fix="add --writable, or drop --token")
    quads = as_nquads(MemoryStore(default_graph_files(graph)).graph)
    server = SparqlServer([], host=host, port=port, writable=writable, db=db, token=token, quads=quads)
    with stop_signals() as stop:
        server.start()
        if stop.is_set():
            server.stop()
            return
        if server.exposed:
            click.echo(f"kg: warning: listening on {host}: anyone who can reach this machine can query the graph",
                       err=True)
        if writable:
            click.echo("kg: warning: WRITABLE: anyone with the token below can change or delete the graph",
                       err=True)
        mode = "read-write" if writable else "read-only"
        click.echo(f"Oxigraph SPARQL server ({mode}) at {server.base}/")
        click.echo(f"SPARQL endpoint: {server.query_url}")
        if writable:
            click.echo(f"Graph Store: {server.store_url}   write token: {server.token}")
            click.echo(f"try: kg push --endpoint {server.store_url} --token {server.token}")
        click.echo(f"try: kg query workload --endpoint {server.query_url}")
        click.echo("Ctrl-C stops it.")
        server.serve_until(stop)
    click.echo("stopped.")


def _views(graph: Path | None, store_kind: str, endpoint: str | None):
    from ..network.plan import load_views
    from ..sparql.stores import open_store

    views = load_views(open_store(store_kind, graph=graph, endpoint=endpoint))
    if endpoint is None:
        from ..status.workflow import apply_latest_status

        apply_latest_status(views, _graph_dir(graph))  # colour tasks by the latest 五色图 report
    return views


_STORE = click.option("--store", "store_kind", type=click.Choice(["auto", "memory", "oxigraph", "endpoint"]),
                      default="auto", show_default=True,
                      help="Engine for the underlying queries (auto: Oxigraph if installed, else rdflib).")
_ENDPOINT = click.option("--endpoint", help="Read the graph from this SPARQL endpoint.")


@cli.command()
@click.argument("analysis", type=click.Choice(["workload", "coordination", "brokers", "clusters", "risks",
                                               "partners"]))
@click.option("--unit", help="For partners: the unit (any of its names).")
@click.option("--all-units", is_flag=True, help="Include collectives and placeholders (workload, coordination).")
@click.option("--limit", type=int, default=None, help="Show at most this many rows.")
@click.option("--seed", type=int, default=42, show_default=True, help="Seed for clusters (same seed, same result).")
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "md"]),
              default="table", show_default=True, help="json is a list of row objects.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, allow_dash=True, path_type=str), default="-")
@_GRAPH
@_STORE
@_ENDPOINT
def analyze(analysis, unit, all_units, limit, seed, fmt, output, graph, store_kind, endpoint) -> None:
    """Workload, coordination, brokers, clusters, risks or one unit's partners (networkx)."""
    from ..network import analytics
    from ..sparql.formats import render_records

    views = _views(graph, store_kind, endpoint)
    if analysis == "workload":
        rows = analytics.workload(views, all_units=all_units)
    elif analysis == "coordination":
        rows = analytics.coordination(views, all_units=all_units)
    elif analysis == "brokers":
        rows = analytics.brokers(views, limit=0)
    elif analysis == "clusters":
        rows = analytics.clusters(views, seed=seed)
    elif analysis == "risks":
        rows = analytics.risks(views)
    else:
        if not unit:
            raise UsageError("partners needs --unit NAME", fix="e.g. kg analyze partners --unit 县法院")
        node = views.find_unit(unit)
        if node is None:
            raise UsageError(f"no unit named {unit!r}", fix="see kg query units")
        rows = analytics.partners(views, node, all_units=all_units)
    emit(output, render_records(rows[:limit] if limit else rows, fmt))


@cli.command()
@click.argument("fmt", metavar="FORMAT", type=click.Choice(["graphml", "gexf"]))
@click.option("--view", type=click.Choice(["coordination", "plan"]), default="coordination", show_default=True,
              help="coordination: units linked by shared tasks; plan: tasks and units linked by role.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, allow_dash=True, path_type=str), default="-",
              help="File to write [default: stdout].")
@_GRAPH
@_STORE
@_ENDPOINT
def export(fmt, view, output, graph, store_kind, endpoint) -> None:
    """Write a view as GraphML or GEXF for Gephi, Cytoscape or yEd (labels and attributes kept)."""
    from ..network.export import export_graph

    emit(output, export_graph(_views(graph, store_kind, endpoint), view, fmt))


@cli.command()
@click.option("--out", "-o", type=click.Path(path_type=Path), default=Path("viz"), show_default=True,
              help="Folder for the HTML pages.")
@click.option("--unit", "units", multiple=True, help="Also write this unit's own view (repeatable).")
@click.option("--all-units", is_flag=True, help="Write a view for every named unit.")
@_GRAPH
@_STORE
@_ENDPOINT
def viz(out, units, all_units, graph, store_kind, endpoint) -> None:
    """Write the interactive views (plan graph, coordination network, unit views, index) as offline HTML."""
    from ..views.interactive import write_views

    views = _views(graph, store_kind, endpoint)
    chosen = []
    for name in units:
        node = views.find_unit(name)
        if node is None:
            raise UsageError(f"no unit named {name!r}", fix="see kg query units")
        chosen.append(node)
    if all_units:
        chosen = views.unit_nodes()
    for path in write_views(views, Path(out), subtitle=views.title, units=sorted(set(chosen))):
        click.echo(f"wrote {path}")


@cli.command()
@click.argument("unit", required=False)
@click.option("--all", "all_", is_flag=True, help="Every named unit, plus an index and combined files.")
@click.option("--format", "-f", "formats", multiple=True,
              type=click.Choice(["html", "md", "xlsx", "docx", "csv", "all"]),
              help="Repeatable [default: html; 'all' for every format].")
@click.option("--out", "-o", type=click.Path(path_type=Path), default=None,
              help="A file (one unit, one format) or a folder [default: sheets/].")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Date for 'what is due next' (YYYY-MM-DD) [default: today].")
@_GRAPH
@_STORE
@_ENDPOINT
def sheet(unit, all_, formats, out, as_of, graph, store_kind, endpoint) -> None:
    """Per-unit responsibility sheets: tasks by role, milestones by period, what is due next."""
    from ..views.sheet_files import SHEET_FORMATS, write_all_sheets, write_sheet

    if bool(unit) == all_:
        raise UsageError("name one UNIT or give --all", fix="e.g. kg sheet 县市场监管局 -f xlsx")
    chosen = list(SHEET_FORMATS) if "all" in formats else list(dict.fromkeys(formats or ["html"]))
    views = _views(graph, store_kind, endpoint)
    day = as_of.date() if as_of else None
    if all_:
        paths = write_all_sheets(views, chosen, out or Path("sheets"), day)
        click.echo(f"wrote {len(paths)} files to {out or Path('sheets')} ({paths[0].parent}/index.html)")
    else:
        for path in write_sheet(views, unit, chosen, out, day):
            click.echo(f"wrote {path}")


@cli.command()
@click.option("--endpoint", required=True,
              help="Graph Store Protocol URL, e.g. http://127.0.0.1:7878/store (kg serve --writable).")
@click.option("--token", envvar="KG_TOKEN", default=None,
              help="The write token kg serve --writable printed (or set KG_TOKEN).")
@click.option("--query-endpoint", default=None,
              help="The server's SPARQL query URL, to drop shared facts no plan names any more "
                   "[default: the endpoint with /store replaced by /query].")
@_GRAPH
def push(endpoint: str, token: str | None, query_endpoint: str | None, graph: Path | None) -> None:
    """Upload the built graph, replacing: one named graph per plan, one for the units and periods they share."""
    from ..sparql.push import push as run_push
    from ..sparql.stores import MemoryStore, default_graph_files

    for item in run_push(MemoryStore(default_graph_files(graph)).graph, endpoint, token=token,
                         query_endpoint=query_endpoint):
        click.echo(f"{item.method} {item.graph}: {item.triples} triples")


@cli.group()
def units() -> None:
    """The unit registry (graph/units.csv)."""


@units.command("suggest")
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--units", "registry_path", type=click.Path(path_type=Path), default=None,
              help="Unit registry CSV [default: the bundled graph/units.csv].")
@click.option("--output", "-o", type=click.Path(dir_okay=False, allow_dash=True, path_type=str), default="-",
              help="Write the rows here [default: stdout].")
def units_suggest(sources, registry_path, output) -> None:
    """Registry rows for names in SOURCES the registry lacks: a suggested alias, or a new row to fill in.

    Nothing changes until a planner copies the rows they accept into the registry.
    """
    from ..model.units import load_registry
    from ..readers.suggest import suggestions, suggestions_csv

    rows = suggestions(list(sources), load_registry(registry_path))
    emit(output, suggestions_csv(rows))
    click.echo(f"{len(rows)} name(s) to review", err=True)


@cli.group()
def status() -> None:
    """Monthly five-colour progress reports (五色图): templates, imports, reports."""


_AS_OF = click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), required=True,
                      help="The report date (YYYY-MM-DD).")


@status.command("template")
@_AS_OF
@click.option("--unit", help="Only the tasks this unit leads (any of its names).")
@click.option("--output", "-o", type=click.Path(path_type=Path), required=True, help="The XLSX to write.")
@_GRAPH
@_STORE
def status_template(as_of, unit, output, graph, store_kind) -> None:
    """Write an XLSX to collect one report: each task with its milestone due now, colour drop-downs."""
    from ..files import write_atomic
    from ..status.workflow import template_xlsx

    views = _views(graph, store_kind, None)
    node = views.find_unit(unit) if unit else None
    if unit and node is None:
        raise UsageError(f"no unit named {unit!r}", fix="see kg query units")
    write_atomic([(output, template_xlsx(views, as_of.date(), node))])
    click.echo(f"wrote {output}")


@status.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="The report date [default: the latest 填报日期 in the file].")
@_GRAPH
@_STORE
def status_import(file, as_of, graph, store_kind) -> None:
    """Validate a filled template (XLSX or CSV) and record it as a new dated report."""
    from ..status.workflow import import_report

    out = import_report(file, _views(graph, store_kind, None), _graph_dir(graph), as_of.date() if as_of else None)
    click.echo(f"recorded {out}")


@status.command("report")
@_AS_OF
@click.option("--out", "-o", type=click.Path(path_type=Path), default=Path("reports"), show_default=True,
              help="Folder for status-DATE.html and status-DATE.xlsx.")
@_GRAPH
@_STORE
def status_report(as_of, out, graph, store_kind) -> None:
    """Write the five-colour chart as self-contained HTML and as XLSX with real cell fills."""
    from ..files import write_atomic
    from ..sparql.stores import open_store
    from ..status.report import build_report, report_html, report_xlsx

    store = open_store(store_kind, graph=graph)
    from ..network.plan import load_views

    report = build_report(load_views(store), store, _graph_dir(graph), as_of.date())
    stem = f"status-{report.as_of}"
    files = [(out / f"{stem}.html", report_html(report)), (out / f"{stem}.xlsx", report_xlsx(report))]
    write_atomic(files)
    for path, _ in files:
        click.echo(f"wrote {path}")


def _graph_dir(graph: Path | None) -> Path:
    target = Path(graph) if graph else Path("graph")
    return target if target.is_dir() else target.parent


def main(argv: list[str] | None = None) -> None:
    """Entry point: one line on stderr and exit code 2 (1 for non-conformance), no traceback."""
    try:
        cli.main(args=argv, prog_name="kg", standalone_mode=False)
    except KgError as err:
        click.echo(f"kg: error: {err}", err=True)
        sys.exit(err.exit_code)
    except click.exceptions.Abort:
        click.echo("kg: aborted", err=True)
        sys.exit(130)
    except click.ClickException as err:
        click.echo(f"kg: error: {err.format_message()} (see kg --help)", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    except Exception as err:  # a bug: one line for the planner, the traceback on request
        if os.environ.get("KG_DEBUG"):
            raise
        click.echo(f"kg: internal error: {type(err).__name__}: {err} "
                   "(set KG_DEBUG=1 for the traceback and report it)", err=True)
        sys.exit(2)
