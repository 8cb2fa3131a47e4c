"""``kg query``, ``kg serve`` and ``kg push``: the graph through SPARQL."""
from __future__ import annotations

from pathlib import Path

import click

from ..errors import UsageError
from ..i18n import _
from ..files import output_format
from ..sparql import RESULT_FORMATS
from .common import (emit_table, endpoint_option, format_option, graph_option, in_words, output_option, params,
                     store_option, table_options)
from .speech import Command

__all__ = ["query", "serve", "push"]


@click.command(cls=Command)
@click.argument("name", required=False)
@click.option("-e", "--expr", "expr", metavar="SPARQL", help="Run this SPARQL text instead of a named query.")
@click.option("--param", "-p", "pairs", multiple=True, metavar="NAME=VALUE",
              help="Bind a query parameter (as a typed RDF term, never pasted into the query).")
@format_option("table (for people), csv/tsv/json (W3C SPARQL results), md (Markdown).")
@store_option
@endpoint_option
@click.option("--db", type=click.Path(path_type=Path), metavar="DIR", help="Oxigraph database folder (persistent).")
@output_option(RESULT_FORMATS)
@click.option("--list", "list_", is_flag=True, help="List the named queries and what they answer.")
@table_options
@graph_option
def query(name, expr, pairs, fmt, store_kind, endpoint, db, output, list_, labels, no_bom, graph) -> None:
    """Run a named query (queries/NAME.rq), an .rq file, or -e 'SPARQL'."""
    from ..sparql.formats import render
    from ..sparql.named import bind_params, list_queries, load_query, run
    from ..sparql.stores import open_store

    if list_:
        for q in list_queries(scope=None):
            params_doc = " ".join(f"{p.name}=" + (f"<{p.type}>" if p.required else p.default or "")
                                  for p in q.params.values())
            said = _("params: %(params)s") % {"params": params_doc}
            click.echo(f"{q.name:22} {q.asks}" + (f"\n{'':22} {said}" if params_doc else ""))
        return
    if bool(name) == bool(expr):
        raise UsageError(_("name a query or give -e 'SPARQL', not both or neither"), fix=_("see kg query --list"))
    fmt = output_format(output, RESULT_FORMATS, fmt) or "table"
    named = load_query(name) if name else load_query(text=expr)
    values = params(pairs)
    bind_params(named, values)  # fail on a bad parameter before loading any graph
    store = open_store(store_kind, graph=graph, endpoint=endpoint, db=db, with_status=named.scope == "status")
    rows = run(store, named, values)
    if in_words(labels, fmt):
        from ..sparql.labels import labelled_rows

        rows = labelled_rows(rows)
    emit_table(output, render(rows, fmt), fmt, no_bom)


@click.command(cls=Command)
@graph_option
@click.option("--host", default="127.0.0.1", show_default=True, metavar="ADDRESS",
              help="Address to bind; anything but loopback exposes the graph to the network.")
@click.option("--port", default=7878, show_default=True, type=int, metavar="PORT", help="Port to listen on (0: any free port).")
@click.option("--writable", is_flag=True, help="Accept SPARQL updates and Graph Store writes (with the token).")
@click.option("--token", envvar="KG_TOKEN", default=None, metavar="TOKEN",
              help="The write token [default: a new random one, printed]; only with --writable.")
@click.option("--db", type=click.Path(path_type=Path), metavar="DIR", help="Keep the database in this folder.")
def serve(graph: Path | None, host: str, port: int, writable: bool, token: str | None, db: Path | None) -> None:
    """Serve the graph and its recorded status reports as a SPARQL endpoint (Oxigraph; read-only, 127.0.0.1).

    Only the address it was started on is answered; queries never call other
    endpoints (SERVICE is refused). With --writable, writes need the printed
    token (or a strong --token) and are refused from web pages and browser
    forms. Ctrl-C or SIGTERM stops the server.
    """
    from ..hosts import check_token
    from ..sparql.push import as_nquads, status_graphs
    from ..sparql.server import SparqlServer, stop_signals
    from ..sparql.stores import MemoryStore, audit_files, default_graph_files, status_files

    if token is not None and not writable:
        raise UsageError(_("--token is for a writable server"), fix=_("add --writable, or drop --token"))
    check_token(token)
    quads = as_nquads(MemoryStore(default_graph_files(graph)).graph, status_graphs(status_files(graph) + audit_files(graph)))
    server = SparqlServer([], host=host, port=port, writable=writable, db=db, token=token, quads=quads)
    with stop_signals() as stop:
        server.start()
        if stop.is_set():
            server.stop()
            return
        if server.exposed:
            click.echo(_("kg: warning: listening on %(host)s: anyone who can reach this machine can query the graph")
                       % {"host": host}, err=True)
        if writable:
            click.echo(_("kg: warning: WRITABLE: anyone with the token below can change or delete the graph"),
                       err=True)
        mode = _("read-write") if writable else _("read-only")
        click.echo(_("SPARQL server (Oxigraph, %(mode)s) at %(url)s/") % {"mode": mode, "url": server.base})
        click.echo(_("SPARQL endpoint: %(url)s") % {"url": server.query_url})
        if writable:
            click.echo(_("Graph Store: %(url)s   write token: %(token)s") % {"url": server.store_url,
                                                                            "token": server.token})
            click.echo(_("try: %(command)s") % {"command": f"kg push --endpoint {server.store_url} --token {server.token}"})
        click.echo(_("try: %(command)s") % {"command": f"kg query workload --endpoint {server.query_url}"})
        click.echo(_("Ctrl-C stops it."))
        server.serve_until(stop)
    click.echo(_("stopped."))


@click.command(cls=Command)
@click.option("--endpoint", required=True, metavar="URL",
              help="Graph Store Protocol URL, e.g. http://127.0.0.1:7878/store (kg serve --writable).")
@click.option("--token", envvar="KG_TOKEN", default=None, metavar="TOKEN",
              help="The write token kg serve --writable printed (or set KG_TOKEN).")
@click.option("--query-endpoint", default=None, metavar="URL",
              help="The server's SPARQL query URL, to drop shared facts no plan names any more "
                   "[default: the endpoint with /store replaced by /query].")
@graph_option
def push(endpoint: str, token: str | None, query_endpoint: str | None, graph: Path | None) -> None:
    """Upload the built graph, replacing: one named graph per plan, one for the units and periods they share,
    one per recorded status file (reports and verdicts)."""
    from ..sparql.push import push as run_push
    from ..sparql.push import status_graphs
    from ..sparql.stores import MemoryStore, audit_files, default_graph_files, status_files

    for item in run_push(MemoryStore(default_graph_files(graph)).graph, endpoint, token=token,
                         query_endpoint=query_endpoint, extra=status_graphs(status_files(graph) + audit_files(graph))):
        click.echo(_("%(method)s %(graph)s: %(n)d triples") % {"method": item.method, "graph": item.graph,
                                                               "n": item.triples})
