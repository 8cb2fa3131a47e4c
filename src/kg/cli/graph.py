"""``kg build`` and ``kg validate``: sources in, a checked graph out."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..files import GRAPH_FOLDER
from ..readers import FORMATS, READERS
from .common import graph_option
from .speech import Command

__all__ = ["build", "validate"]


@click.command(cls=Command)
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "-o", type=click.Path(file_okay=False, path_type=Path), default=GRAPH_FOLDER, show_default=True,
              metavar="DIR",
              help="Folder for kg.ttl and kg.jsonld.")
@click.option("--units", type=click.Path(path_type=Path), default=None, metavar="CSV",
              help="Unit registry CSV [default: the bundled graph/units.csv].")
@click.option("--strict", is_flag=True, help="Fail on a unit name the registry lacks.")
@click.option("--force", is_flag=True, help="Rebuild even when nothing changed since the last build.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Reader to use [default: detected from each file]: "
                   + "; ".join(f"{name}: {reader.description}" for name, reader in READERS.items()) + ".")
@click.option("--place", default=None, metavar="NAME",
              help="The plan's place (奉节县, 克拉玛依市) when its title does not name it; picks the registry rows.")
@click.option("--year", type=click.IntRange(1949, 2100), default=None, metavar="YYYY",
              help="The plan's year when its title, 文号 and dates do not give it; dates months written alone.")
@click.option("--title", default=None, metavar="TEXT",
              help="The plan's title when the file has none (a bare task table); else the file name stands in.")
def build(sources: tuple[Path, ...], out: Path, units: Path | None, strict: bool, force: bool,
          fmt: str | None, place: str | None, year: int | None, title: str | None) -> None:
    """Build the graph from plan SOURCES (default: the bundled Fengjie 2023 plan).

    SOURCES may be text exports of a task table, Word files (.docx, with a task
    table or as running text; .doc, .wps, .odt through LibreOffice), PDFs with a
    text layer, task tables as spreadsheets (.xlsx, .xls, .et, .ods), CSV files or
    tab-separated lines pasted into text, or text plans whose measures name their
    units (（X牵头，Y负责）, 牵头单位：X); the reader is detected.
    """
    from ..rdf.build import build as run_build

    result = run_build(list(sources), out=out, units=units, strict=strict, force=force, fmt=fmt, place=place,
                       year=year, title=title)
    click.echo(result.summary())


@click.command(cls=Command)
@graph_option
@click.option("--verbose", "-v", is_flag=True, help="List every inference with its line.")
def validate(graph: Path | None, verbose: bool) -> None:
    """Check the graph against the SHACL shapes and report the source's quirks.

    Exit 0 when the graph conforms (warnings are still printed), 1 when not.
    """
    from ..rdf.validate import validate as run_validate
    from ..sparql.stores import MemoryStore, default_graph_files

    report = run_validate(MemoryStore(default_graph_files(graph)).graph)
    click.echo(report.text(verbose), nl=False)
    sys.exit(0 if report.conforms else 1)
