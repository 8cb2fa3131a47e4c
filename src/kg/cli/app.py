"""``kg app``: the planner's workbench, served on this machine (or, when asked, an intranet)."""
from __future__ import annotations

import logging
import threading
from pathlib import Path

import click

from ..i18n import _
from .common import actor_option, as_of_option, cli_actor, graph_dir, graph_option, open_network, store_option
from .speech import Group

__all__ = ["app"]


@click.group("app", cls=Group, invoke_without_command=True)
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
@click.pass_context
def app(ctx, graph: Path | None, store_kind: str, host: str, port: int, token: str | None, writable: bool,
        as_of) -> None:
    """Serve the workbench: plans at a glance, unit and task pages, search, graphs, SPARQL, the office's pages.

    Read-only on 127.0.0.1 unless started otherwise. Every page and asset comes from kg itself:
    it works with the network unplugged. Ctrl-C or SIGTERM stops it. Once `kg app users add` has made
    accounts, everyone signs in and sees what their role allows.
    """
    if ctx.invoked_subcommand is not None:
        return
    from werkzeug.serving import make_server

    from ..app import Guard, Workbench, create_app
    from ..app.accounts import Accounts
    from ..sparql.server import POLL, stop_signals

    guard = Guard(host=host, token=token, writable=writable, accounts=Accounts(graph_dir(graph)).any())
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
        click.echo(_("Ctrl-C stops it."))
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": POLL}, daemon=True)
        thread.start()
        stop.wait()
        server.shutdown()
    click.echo(_("stopped."))


#: Pages whose first answer is slow on a large graph, asked once before the first visitor does.
WARM_PAGES = ("/", "/views/coordination", "/views/plan", "/office/remind", "/sparql/coordination-pairs?run=1")


def warm_pages(application, guard) -> None:
    client = application.test_client()
    headers = {"Authorization": f"Bearer {guard.token}"} if guard.token else {}
    for path in WARM_PAGES:
        client.get(path, headers=headers)


@app.group("users")
def users() -> None:
    """The workbench's accounts (kept hashed in graph/app/): units report, the office verifies, viewers read."""


@users.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["unit", "office", "viewer"]), required=True,
              help="unit: its own tasks only; office: verifies and publishes; viewer: reads.")
@click.option("--password", "ask_password", is_flag=True, help="Ask for a password (else sign in by `users link`).")
@actor_option
@graph_option
@store_option
def users_add(name: str, role: str, ask_password: bool, actor: str | None, graph: Path | None, store_kind: str) -> None:
    """Add an account; for --role unit, NAME is the unit as the plan names it (e.g. 县科技局)."""
    from ..app.accounts import Accounts

    unit = ""
    if role == "unit":
        net = open_network(graph, store_kind)
        unit = net.unit_named(name)
        name = net.units[unit].name
    password = click.prompt(_("Password"), hide_input=True, confirmation_prompt=True) if ask_password else None
    Accounts(graph_dir(graph)).add(name, role, cli_actor(graph, actor), unit, password)
    click.echo(_("added %(name)s (%(role)s)") % {"name": name, "role": role} if password else
               _("added %(name)s (%(role)s): send a one-time login link with kg app users link")
               % {"name": name, "role": role})


@users.command("list")
@graph_option
def users_list(graph: Path | None) -> None:
    """List the accounts: name, role, unit, whether a password is set."""
    from ..app.accounts import Accounts

    for account in sorted(Accounts(graph_dir(graph)).all().values(), key=lambda a: (a.role, a.name)):
        click.echo("\t".join([account.name, account.role, account.unit,
                              _("password") if account.password else _("link")]))


@users.command("reset")
@click.argument("name")
@click.option("--password", "ask_password", is_flag=True, help="Ask for the new password (else links only).")
@actor_option
@graph_option
def users_reset(name: str, ask_password: bool, actor: str | None, graph: Path | None) -> None:
    """Give NAME a new password, or none (it then signs in by `users link`); its unused login links stop working."""
    from ..app.accounts import Accounts

    password = click.prompt(_("Password"), hide_input=True, confirmation_prompt=True) if ask_password else None
    Accounts(graph_dir(graph)).reset(name, cli_actor(graph, actor), password)
    click.echo(_("reset %(name)s") % {"name": name})


@users.command("remove")
@click.argument("name")
@actor_option
@graph_option
def users_remove(name: str, actor: str | None, graph: Path | None) -> None:
    """Remove an account (its unused login links stop working)."""
    from ..app.accounts import Accounts

    Accounts(graph_dir(graph)).remove(name, cli_actor(graph, actor))
    click.echo(_("removed %(name)s") % {"name": name})


@users.command("link")
@click.argument("name")
@click.option("--base", default="http://127.0.0.1:8765", show_default=True, metavar="URL",
              help="The address the workbench is reached at.")
@actor_option
@graph_option
def users_link(name: str, base: str, actor: str | None, graph: Path | None) -> None:
    """Print a one-time login link for NAME (used once; expires in 72 hours)."""
    from ..app.accounts import LINK_HOURS, Accounts

    token = Accounts(graph_dir(graph)).link(name, cli_actor(graph, actor))
    click.echo(f"{base.rstrip('/')}/login/{token}")
    click.echo(_("(works once, for %(hours)d hours)") % {"hours": LINK_HOURS}, err=True)


@app.group("audit")
def audit_trail() -> None:
    """The audit trail of every write (graph/app/audit.jsonl), from the workbench and the command line."""


@audit_trail.command("verify")
@graph_option
def audit_verify(graph: Path | None) -> None:
    """Check that no entry was edited, removed or inserted: each line carries the SHA-256 of the one before,
    and each has its PROV entry in graph/app/audit.trig. Exit 1, naming the line, when the chain breaks."""
    from ..status.audit import trail_file, verify

    count = verify(graph_dir(graph))
    click.echo(_("%(path)s: the chain is intact, %(n)d entries") % {"path": trail_file(graph_dir(graph)), "n": count})
