"""``kg units``: the unit registry."""
from __future__ import annotations

from pathlib import Path

import click

from ..i18n import _
from ..files import emit
from .common import output_option
from .speech import Group

__all__ = ["units"]


@click.group(cls=Group)
def units() -> None:
    """The unit registry (graph/units.csv)."""


@units.command("suggest")
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--units", "registry_path", type=click.Path(path_type=Path), default=None, metavar="CSV",
              help="Unit registry CSV [default: the bundled graph/units.csv].")
@click.option("--place", default=None, metavar="NAME",
              help="The plans' place (某县) when their titles do not name it: the rows' place and id prefix.")
@output_option(["csv"])
def suggest(sources, registry_path, place, output) -> None:
    """Registry rows for names in SOURCES the registry lacks: a suggested alias, or a new row to fill in.

    Nothing changes until a planner copies the rows they accept into the registry.
    """
    from ..readers.registry import load_registry
    from ..readers.suggest import suggestions, suggestions_csv

    rows = suggestions(list(sources), load_registry(registry_path), place=place)
    emit(output, suggestions_csv(rows))
    click.echo(_("%(n)d name(s) to review") % {"n": len(rows)}, err=True)
