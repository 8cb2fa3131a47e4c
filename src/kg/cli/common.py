"""What every command shares: the options, parameters and opening the plan network."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from ..errors import UsageError
from ..files import extensions_of, graph_path, output_format
from ..i18n import _
from ..sparql import RESULT_FORMATS, STORES

__all__ = ["wrote", "recorded", "actor_option", "audited", "cli_actor", "table_options", "emit_table", "graph_option",
           "store_option", "endpoint_option", "format_option", "output_option", "OutputFile", "as_of_option",
           "params", "graph_dir", "open_network"]

graph_option = click.option("--graph", "-g", type=click.Path(path_type=Path), default=None, metavar="GRAPH",
                            help="Built graph file or folder [default: graph/].")
store_option = click.option("--store", "store_kind", type=click.Choice(STORES), default="auto", show_default=True,
                            help="Engine: auto = Oxigraph embedded when installed, else rdflib in memory.")
endpoint_option = click.option("--endpoint", metavar="URL", help="Read the graph from this SPARQL endpoint (implies --store endpoint).")


class OutputFile(click.Path):
    """``-o FILE`` of a command that writes ``formats``: a name ending in another format's extension is
    refused as it is parsed (:func:`kg.files.output_format`); ``folder`` also takes a folder."""

    def __init__(self, formats, folder: bool = False, dash: bool = False) -> None:
        super().__init__(dir_okay=folder, allow_dash=dash, path_type=str if dash else Path)
        #: Each format and the endings of its file names (``formats`` names them, or maps them to their endings).
        self.extensions = extensions_of(formats)
        self.formats = tuple(self.extensions)
        self.folder = folder

    def convert(self, value, param, ctx):
        value = super().convert(value, param, ctx)
        if not (self.folder and (not Path(value).suffix or Path(value).is_dir())):
            output_format(value, self.extensions)
        return value


def output_option(formats) -> Callable:
    """``-o FILE`` (stdout by default) for a command that writes one of ``formats``."""
    return click.option("--output", "-o", type=OutputFile(formats, dash=True), default="-", metavar="FILE",
                        help="Write here [default: stdout]; the name's extension names the format.")


def wrote(path) -> None:
    """Say on stdout that a file was written (in the language in force)."""
    click.echo(_("wrote %(path)s") % {"path": path})


def recorded(path) -> None:
    """Say on stdout that a status file was recorded."""
    click.echo(_("recorded %(path)s") % {"path": path})


def actor_option(command: Callable) -> Callable:
    """``--as NAME``: who the audit trail names for this write [default: the operating-system user]."""
    return click.option("--as", "actor", envvar="KG_AS", default=None, metavar="NAME",
                        help="Who makes this change, for the audit trail (graph/app/audit.jsonl) "
                             "[default: the operating-system user; or set KG_AS].")(command)


def audited(graph: Path | None, actor: str | None, kind: str, what: str = "", generated: Path | None = None,
            **detail: str) -> None:
    """Record a write the CLI made in the audit trail, as the workbench records its own (who, from this host)."""
    from ..status import audit

    audit.record(graph_dir(graph), cli_actor(graph, actor), kind, what, generated, **detail)


def cli_actor(graph: Path | None, name: str | None):
    """Who runs this command: ``--as NAME`` or the operating-system user; an account's role and unit when NAME is
    one of the workbench's accounts."""
    from ..app.accounts import Accounts
    from ..status.audit import cli_actor as actor

    account = Accounts(graph_dir(graph)).get(name) if name else None
    return actor(name, account.role, account.unit) if account else actor(name)


#: The formats a person reads: their columns are titled and their ids said in words unless ``--ids``.
READ_BY_PEOPLE = ("table", "md")


def table_options(command: Callable) -> Callable:
    """``--labels/--ids`` (titles and readable values for people, or the stable ids for programs) and
    ``--no-bom`` (CSV files for programs)."""
    command = click.option("--no-bom", "no_bom", is_flag=True,
                           help="No byte-order mark in a CSV file (one is written to files so Excel reads "
                                "the Chinese; never to a pipe).")(command)
    return click.option("--labels/--ids", default=None,
                        help="Column titles and values in words (序号, 承办单位), or the ids scripts read (unit, "
                             "host) [default: words in a table or Markdown, ids in CSV, TSV and JSON].")(command)


def in_words(labels: bool | None, fmt: str) -> bool:
    """Whether a result is said in words: as asked, else when its format is one people read."""
    return fmt in READ_BY_PEOPLE if labels is None else labels


def emit_table(output, text: str, fmt: str, no_bom: bool) -> None:
    """Write a result; a CSV file a person opens starts with the BOM Excel on Chinese Windows needs."""
    from ..files import BOM, emit, for_a_person

    if fmt == "csv" and not no_bom and for_a_person(output):
        text = BOM + text
    emit(output, text)


def format_option(help: str) -> Callable:
    return click.option("--format", "-f", "fmt", type=click.Choice(RESULT_FORMATS), default=None,
                        help=help + " [default: what -o's name ends in, else table]")


def as_of_option(required: bool, help: str) -> Callable:
    """``--as-of DATE``: required, or None when left out (the command says its default in ``help``).

    No ``default`` is given, not even None: click (8.2 on) takes an explicit ``default=None`` for a value and
    no longer refuses a required option left out; an option that is not required is None without one."""
    return click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), required=required, metavar="DATE",
                        help=help)


def params(pairs: tuple[str, ...]) -> dict[str, str]:
    """``NAME=VALUE`` pairs as a dict; a clear error for anything else."""
    values = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise UsageError(_("--param %(pair)s is not NAME=VALUE") % {"pair": repr(pair)},
                             fix=_("e.g. %(example)s") % {"example": "--param unit=县市场监管局"})
        values[key.strip()] = value
    return values


def graph_dir(graph: Path | None) -> Path:
    """The folder that holds the built graph (and its status reports)."""
    target = graph_path(graph)
    return target if target.is_dir() else target.parent


def open_network(graph: Path | None, store_kind: str, endpoint: str | None = None):
    """The plan network from the chosen engine, coloured by the latest five-colour report when local."""
    from ..network.plan import load_network
    from ..sparql.stores import open_store

    net = load_network(open_store(store_kind, graph=graph, endpoint=endpoint))
    if endpoint is None:
        from ..status.state import apply_latest_status

        apply_latest_status(net, graph_dir(graph))
    return net


