"""click in kg's language: its own messages and every command's help, said through kg's catalog.

click writes its words ("Usage:", "Missing option", "Show this message and exit.") with the
standard library's :func:`gettext.gettext`, bound as ``_`` in each of its modules at import;
:func:`route_click` rebinds them to :func:`kg.i18n.gettext` once, when the CLI is imported.

A command's help is its docstring and an option's help its ``help=``: English, the msgid.
:class:`Command`, :class:`Group` and :class:`Option` keep that English and say it in the language in
force each time help is shown, so ``kg --lang en build --help`` and ``KG_LANG=en`` read English and
the rest Chinese. :mod:`kg.cli.messages` puts both kinds of msgid into the catalog.
"""
from __future__ import annotations

import gettext as _stdlib
import importlib
import inspect
import pkgutil

import click

from ..i18n import N_, gettext, ngettext
from .wrapping import clip, wrap

__all__ = ["route_click", "help_msgid", "Formatter", "Context", "Command", "Group", "Option", "Argument", "speak"]

#: The usage line's metavars click writes in English, said through the catalog like help.
METAVARS = (N_("[OPTIONS]"), N_("COMMAND [ARGS]..."), N_("[COMMAND] [ARGS]..."))


def route_click() -> None:
    """Every click module that says its words with the standard gettext says them with kg's instead."""
    for info in pkgutil.iter_modules(click.__path__, "click."):
        try:
            module = importlib.import_module(info.name)
        except (ImportError, AssertionError):  # click._winconsole off Windows
            continue
        if getattr(module, "_", None) is _stdlib.gettext:
            module._ = gettext
        if getattr(module, "ngettext", None) is _stdlib.ngettext:
            module.ngettext = ngettext


def help_msgid(text: str | None) -> str | None:
    """The msgid of a help text: as click shows it (dedented, up to a form feed)."""
    return inspect.cleandoc(text).partition("\f")[0] if text else text


class _Said:
    """An attribute (``help``, ``short_help``) kept in English and read in the language in force."""

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        text = help_msgid(obj.__dict__.get(self.name))
        return gettext(text) if text else text

    def __set__(self, obj, value) -> None:
        obj.__dict__[self.name] = value


class Option(click.Option):
    """An option whose help is said in the language in force."""

    help = _Said()


class Argument(click.Argument):
    """An argument whose help (when it has one) is said in the language in force."""

    help = _Said()


def speak(params: list[click.Parameter]) -> None:
    """Make each plain click option and argument of a command say its help in the language in force.

    The options are written with ``click.option`` as anywhere else; turning them here, in one place,
    means no option is left English because its author forgot a ``cls=``."""
    for param in params:
        if type(param) is click.Option:
            param.__class__ = Option
        elif type(param) is click.Argument:
            param.__class__ = Argument


def _first_sentence(text: str, limit: int) -> str:
    """A command's one-line summary in the list of commands: its first sentence, within ``limit`` columns."""
    line = " ".join(text.split("\n\n")[0].split())
    for stop in ("。", ". "):
        line = line.partition(stop)[0]
    return clip(line.rstrip(".。"), limit)


class Formatter(click.HelpFormatter):
    """click's help page with the language's own colon after "Usage" and the headings (用法：, 选项：),
    its text wrapped by terminal columns (:mod:`.wrapping`) so Chinese lines fit the screen."""

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        paragraphs = ["\n".join(indent + line for line in wrap(p, self.width - self.current_indent))
                      for p in text.split("\n\n")]
        self.write("\n\n".join(paragraphs) + "\n")

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        first_col = min(max((len(first) for first, _second in rows), default=0), col_max) + col_spacing
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if len(first) <= first_col - col_spacing:
                self.write(" " * (first_col - len(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = wrap(second, max(self.width - first_col - 2, 10)) or [""]
            self.write("\n".join([lines[0]] + [" " * (first_col + self.current_indent) + line for line in lines[1:]])
                       + "\n")

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        if prefix is None:
            prefix = gettext("Usage:")
            prefix += "" if prefix.endswith("：") else " "
        super().write_usage(prog, args, prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}" + gettext("%(heading)s:") % {"heading": heading} + "\n")


class Context(click.Context):
    formatter_class = Formatter


class Command(click.Command):
    """A command whose help, summary, usage line and options' help are said in the language in force."""

    context_class = Context
    help = _Said()
    short_help = _Said()
    options_metavar = _Said()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        speak(self.params)

    def get_short_help_str(self, limit: int = 45) -> str:
        if self.short_help or not self.help:
            return super().get_short_help_str(limit)
        return _first_sentence(self.help, limit)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        self._help_option = None  # click keeps it, with its help in the language of the first call
        return super().get_help_option(ctx)


class Group(Command, click.Group):
    """A group of commands: itself, its commands and its sub-groups speak the language in force."""

    command_class = Command
    subcommand_metavar = _Said()
    group_class = type  # a sub-group is a Group too
