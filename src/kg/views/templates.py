"""One template environment for every page and document kg writes.

Templates are files (``kg/templates/*.jinja``); an office may override any of
them with its own folder (``kg --template-dir DIR …``): a file there wins over
the shipped one of the same name. Words a person reads are ``{{ _("…") }}``,
translated by :mod:`kg.i18n` into the language in force. HTML is autoescaped; Markdown escapes every
value too (no raw HTML, links or emphasis from a source), see :mod:`kg.safe`.
"""
from __future__ import annotations

from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, Template, select_autoescape

from ..errors import UsageError
from ..i18n import _, format_date, format_month, gettext, join_names, language, ngettext
from ..resources import templates_dir
from ..safe import markdown_text

__all__ = ["set_template_dir", "template", "environment"]

_USER_DIR: Path | None = None
_ENVS: dict[tuple[str, str], Environment] = {}


def set_template_dir(folder: Path | None) -> None:
    """Use the templates in ``folder`` before the shipped ones (None: only the shipped ones)."""
    global _USER_DIR
    if folder is not None and not Path(folder).is_dir():
        raise UsageError(_("the template folder does not exist"),
                         fix=_("create %(folder)s or drop --template-dir") % {"folder": folder})
    _USER_DIR = Path(folder) if folder else None


def _markdown_value(value):
    return markdown_text(value) if isinstance(value, str) else value


def environment(kind: str = "html") -> Environment:
    """The environment for ``kind`` (html or md), loading the user's folder first."""
    key = (kind, str(_USER_DIR))
    if key not in _ENVS:
        folders = [str(_USER_DIR)] if _USER_DIR else []
        loader = ChoiceLoader([FileSystemLoader(folders + [str(templates_dir())])])
        env = Environment(loader=loader, trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.i18n"],
                          autoescape=select_autoescape(["html", "jinja"], default=True) if kind == "html"
                          else False, finalize=None if kind == "html" else _markdown_value)
        # The language is read at each call, so one environment speaks whatever the context asks for.
        env.install_gettext_callables(gettext, ngettext, newstyle=True)
        env.globals.update(format_date=format_date, format_month=format_month, language=language, join_names=join_names)
        _ENVS[key] = env
    return _ENVS[key]


def template(name: str) -> Template:
    """A template by file name; ``.md.jinja`` files use the Markdown environment."""
    return environment("md" if name.endswith(".md.jinja") else "html").get_template(name)
