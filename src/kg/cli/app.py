"""``kg app``: the planner's workbench, served on this machine (or, when asked, an intranet)."""
from __future__ import annotations

import logging
import threading
from pathlib import Path

import click

from .common import as_of_option, graph_option, store_option

__all__ = ["app"]


@click.command("app")
@graph_option
@store_option
@click.option("--host", default="127.0.0.1", show_default=True, metavar="ADDRESS",
              help="Address to bind; anything but loopback needs --token and lets other machines in.")
@click.option("--port", default=8765, show_default=True, type=int, metavar="PORT", help="Port (0: any free port).")
@click.option("--token", envvar="KG_TOKEN", default=None, metavar="TOKEN",
              help="Visitors need it (first visit: URL?token=…); required beyond loopback.")
@click.option("--writable", is_flag=True,
              help="Let the report forms and uploads record reports and verdicts in graph/status/.")
@as_of_option(False, "The date pages are as of [default: today; each page can change it].")
def app(graph: Path | None, store_kind: str, host: str, port: int, token: str | None, writable: bool, as_of) -> None:
    """Serve the workbench: plans at a glance, unit and task pages, search, graphs, SPARQL, the office's pages.

    Read-only on 127.0.0.1 unless started otherwise. Every page and asset comes from kg itself:
    it works with the network unplugged. Ctrl-C or SIGTERM stops it.
    """
    from werkzeug.serving import make_server

    from ..app import Guard, Workbench, create_app
    from ..sparql.server import stop_signals

    guard = Guard(host=host, token=token, writable=writable)
    with stop_signals() as stop:
        bench = Workbench(graph, store_kind, as_of.date() if as_of else None)
        bench.warm()
        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request on the console
        application = create_app(bench, guard)
        warm_pages(application, guard)
        server = make_server(host, port, application, threaded=True)
        guard.hosts.port = server.port  # answer only to this address and port (DNS rebinding)
        shown = f"[{host}]" if ":" in host else host
        for line in guard.opening(f"http://{shown}:{server.port}/"):
            click.echo(line)
        click.echo("Ctrl-C stops it.")
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        stop.wait()
        server.shutdown()
    click.echo("stopped.")


#: Pages whose first answer is slow on a large graph, asked once before the first visitor does.
WARM_PAGES = ("/", "/views/coordination")


def warm_pages(application, guard) -> None:
    client = application.test_client()
    headers = {"Authorization": f"Bearer {guard.token}"} if guard.token else {}
    for path in WARM_PAGES:
        client.get(path, headers=headers)
