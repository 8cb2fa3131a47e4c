"""``kg status``: the monthly five-colour reports (五色图)."""
from __future__ import annotations

from pathlib import Path

import click

from ..files import write_atomic
from .common import as_of_option, find_unit, graph_dir, graph_option, open_network, store_option

__all__ = ["status"]


@click.group()
def status() -> None:
    """Monthly five-colour progress reports (五色图): templates, imports, reports."""


@status.command("template")
@as_of_option(True, "The report date (YYYY-MM-DD).")
@click.option("--unit", metavar="NAME", help="Only the tasks this unit leads or hosts (any of its names).")
@click.option("--output", "-o", type=click.Path(path_type=Path), required=True, metavar="FILE",
              help="The XLSX to write.")
@graph_option
@store_option
def template(as_of, unit, output, graph, store_kind) -> None:
    """Write an XLSX to collect one report: each task with its milestone due now, colour drop-downs."""
    from ..status.workflow import template_xlsx

    net = open_network(graph, store_kind)
    node = find_unit(net, unit) if unit else None
    write_atomic([(output, template_xlsx(net, as_of.date(), node))])
    click.echo(f"wrote {output}")


@status.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@as_of_option(False, "The report date [default: the latest 填报日期 in the file].")
@graph_option
@store_option
def record(file, as_of, graph, store_kind) -> None:
    """Validate a filled template (XLSX or CSV) and record it as a new dated report."""
    from ..status.workflow import import_report

    out = import_report(file, open_network(graph, store_kind), graph_dir(graph), as_of.date() if as_of else None)
    click.echo(f"recorded {out}")


@status.command("report")
@as_of_option(True, "The report date (YYYY-MM-DD).")
@click.option("--out", "-o", type=click.Path(path_type=Path), default=Path("reports"), show_default=True, metavar="DIR",
              help="Folder for status-DATE.html and status-DATE.xlsx.")
@graph_option
@store_option
def report(as_of, out, graph, store_kind) -> None:
    """Write the five-colour chart as self-contained HTML and as XLSX with real cell fills."""
    from ..status.report import build_report, report_html, report_xlsx

    net = open_network(graph, store_kind)
    built = build_report(net, net.store, graph_dir(graph), as_of.date())
    stem = f"status-{built.as_of}"
    files = [(out / f"{stem}.html", report_html(built)), (out / f"{stem}.xlsx", report_xlsx(built))]
    write_atomic(files)
    for path, _ in files:
        click.echo(f"wrote {path}")
