"""The files the workbench's pages load instead of inline script and style (a CSP with no ``unsafe-inline``).

The offline views and sheets carry their script and style inline (one file that opens anywhere); served
by the app, the same pages link these instead: vis-network as pyvis ships it, kg's view script and
styles (the user's ``--template-dir`` copies when given), the app's script, and the five colours as
classes (``.st-<notation>`` for a sheet's cells, ``.swatch.c-<notation>`` for the app's swatches).
"""
from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from flask import Response, abort

from ..model.domain import load_scheme
from ..views.templates import environment

__all__ = ["register", "ASSETS"]

#: Where the files are served.
ASSETS = "/assets"
_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}


def _vis(name: str) -> str:
    return resources.files("pyvis").joinpath("templates", "lib", "vis-9.1.2", name).read_text(encoding="utf-8")


def _template(name: str) -> str:
    env = environment()
    return env.loader.get_source(env, name)[0]


def _scheme_css() -> str:
    return "".join(f".st-{c.notation} {{ background: {c.hex}; }}\n.swatch.c-{c.notation} {{ --c: {c.hex}; }}\n"
                   for c in load_scheme())


_FILES = {"vis-network.min.js": lambda: _vis("vis-network.min.js"), "vis-network.css": lambda: _vis("vis-network.css"),
          "viz.js": lambda: _template("viz.js"), "viz.css": lambda: _template("viz.css"),
          "sheet.css": lambda: _template("sheet.css"), "scheme.css": _scheme_css,
          "app.js": lambda: (Path(__file__).parent / "static" / "app.js").read_text(encoding="utf-8")}


@cache
def _asset(name: str) -> str:
    return _FILES[name]()


def register(app) -> None:
    @app.get(ASSETS + "/<name>")
    def asset(name: str):
        if name not in _FILES:
            abort(404)
        return Response(_asset(name), content_type=_TYPES[Path(name).suffix])
