"""``kg analyze``, ``kg export`` and ``kg viz``: the plan network for analysts and planners."""
from __future__ import annotations

from pathlib import Path

import click

from ..errors import UsageError
from ..i18n import _
from ..files import emit, output_format
from ..network import ANALYSES, EXPORT_FORMATS, EXPORT_VIEWS
from ..sparql import RESULT_FORMATS
from .common import (emit_table, endpoint_option, format_option, graph_option, in_words, open_network,
                     output_option, store_option, table_options, wrote)
from .speech import Command

__all__ = ["analyze", "export", "viz"]


@click.command(cls=Command)
@click.argument("analysis", type=click.Choice(ANALYSES))
@click.option("--unit", metavar="NAME", help="For partners: the unit (any of its names).")
@click.option("--all-units", is_flag=True, help="Include collectives and placeholders (workload, coordination).")
@click.option("--limit", type=int, default=None, metavar="N", help="Show at most this many rows.")
@click.option("--seed", type=int, default=42, show_default=True, metavar="N", help="Seed for clusters (same seed, same result).")
@format_option("json is a list of row objects.")
@output_option(RESULT_FORMATS)
@table_options
@graph_option
@store_option
@endpoint_option
def analyze(analysis, unit, all_units, limit, seed, fmt, output, labels, no_bom, graph, store_kind, endpoint) -> None:
    """Workload, coordination, brokers, clusters, risks or one unit's partners (networkx)."""
    from ..network.analytics import analyse
    from ..sparql.formats import render_records

    fmt = output_format(output, RESULT_FORMATS, fmt) or "table"
    if analysis == "partners" and not unit:
        raise UsageError(_("partners needs --unit NAME"), fix=_("e.g. %(example)s") % {
            "example": "kg analyze partners --unit 县法院"})
    net = open_network(graph, store_kind, endpoint)
    node = net.unit_named(unit) if analysis == "partners" else None
    rows = analyse(net, analysis, unit=node, all_units=all_units, seed=seed)
    rows = rows[:limit] if limit else rows
    if in_words(labels, fmt):
        from ..sparql.labels import labelled_records

        rows = labelled_records(rows)
    emit_table(output, render_records(rows, fmt), fmt, no_bom)


@click.command(cls=Command)
@click.argument("fmt", metavar="FORMAT", type=click.Choice(EXPORT_FORMATS))
@click.option("--view", type=click.Choice(EXPORT_VIEWS), default=EXPORT_VIEWS[0], show_default=True,
              help="coordination: units linked by shared tasks; plan: tasks and units linked by role.")
@output_option(EXPORT_FORMATS)
@graph_option
@store_option
@endpoint_option
def export(fmt, view, output, graph, store_kind, endpoint) -> None:
    """Write a view as GraphML or GEXF for Gephi, Cytoscape or yEd (labels and attributes kept)."""
    from ..network.export import export_graph

    output_format(output, EXPORT_FORMATS, fmt)

    emit(output, export_graph(open_network(graph, store_kind, endpoint), view, fmt))


@click.command(cls=Command)
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), default=Path("viz"), show_default=True,
              metavar="DIR",
              help="Folder for the HTML pages.")
@click.option("--unit", "units", multiple=True, metavar="NAME", help="Also write this unit's own view (repeatable).")
@click.option("--all-units", is_flag=True, help="Write a view for every named unit.")
@graph_option
@store_option
@endpoint_option
def viz(out, units, all_units, graph, store_kind, endpoint) -> None:
    """Write the interactive views (plan graph, coordination network, unit views, index) as offline HTML."""
    from ..views.interactive import write_views

    net = open_network(graph, store_kind, endpoint)
    chosen = net.unit_ids() if all_units else [net.unit_named(name) for name in units]
    for path in write_views(net, Path(out), subtitle=net.title, units=sorted(set(chosen))):
        wrote(path)
