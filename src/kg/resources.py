"""Where kg's data files live: next to the package when installed, the repo when editable."""
from __future__ import annotations

from functools import cache
from pathlib import Path

__all__ = ["data_dir", "ontology_dir", "queries_dir", "sources_dir", "unit_registry",
           "templates_dir", "bundled_plan"]

_PACKAGE = Path(__file__).resolve().parent
_REPO = _PACKAGE.parent.parent


@cache
def data_dir(name: str) -> Path:
    """A data folder or file: ``kg/_data/<name>`` in a wheel, ``<repo>/<name>`` in a checkout."""
    installed = _PACKAGE / "_data" / name
    if installed.exists():
        return installed
    return _REPO / {"sources": "graph/sources", "units.csv": "graph/units.csv",
                    "abbreviations.csv": "graph/abbreviations.csv"}.get(name, name)


def ontology_dir() -> Path:
    return data_dir("ontology")


def queries_dir() -> Path:
    return data_dir("queries")


def sources_dir() -> Path:
    return data_dir("sources")


def unit_registry() -> Path:
    return data_dir("units.csv")


def templates_dir() -> Path:
    return _PACKAGE / "templates"


def bundled_plan() -> Path:
    return sources_dir() / "fengjie-2023-business-environment.txt"
