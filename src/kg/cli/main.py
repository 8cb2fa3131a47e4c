"""The ``kg`` command: the group, its global options and the one place errors become exit codes.

Each command lives in the module named after what it works on (:mod:`.graph`,
:mod:`.sparql`, :mod:`.network`, :mod:`.sheets`, :mod:`.units`, :mod:`.status`);
each is thin: it parses options whose choices come from the registries of the
package it calls, calls one library function and writes what it returns.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from .. import __version__
from ..errors import KgError
from ..i18n import LANGUAGES, N_, LazyText, _, language, set_language, use
from . import app, graph, network, sheets, sparql, status, units
from .speech import Group, route_click

route_click()  # click's own words ("Usage:", "Missing option") in the language in force

__all__ = ["main", "cli", "language_first"]


def language_first(args: list[str]) -> list[str]:
    """``args`` with every ``--lang X`` moved to the front, where it is the group's own option.

    click acts on ``--help`` (and on a sub-command's unknown option) as it meets it, so ``kg --help --lang en``
    or ``kg sheet 县法院 --lang en`` would speak before, or without, the language asked for; moved first,
    ``--lang`` is read wherever a person wrote it. Nothing after ``--`` is touched.
    """
    first, rest, i = [], [], 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest += args[i:]
            break
        if arg.startswith("--lang="):
            first.append(arg)
        elif arg == "--lang" and i + 1 < len(args):
            first += args[i:i + 2]
            i += 1
        else:
            rest.append(arg)
        i += 1
    return first + rest


class Kg(Group):
    """The ``kg`` group: ``--lang`` takes effect first, wherever it stands on the line."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, language_first(args))

    def main(self, *args, **kwargs):
        """One run of ``kg``: the language ``--lang`` set is given back when it ends, however it ends (``--help``,
        an error, a return), so a second run in the same process (click's CliRunner, the app) starts afresh."""
        if not kwargs.get("standalone_mode", True):  # main() below says the error, then gives the language back
            return super().main(*args, **kwargs)
        with use(None):
            return super().main(*args, **kwargs)


@click.group(cls=Kg, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="kg", help=N_("Show the version and exit."),
                      message=LazyText("%(prog)s, version %(version)s"))  # click's msgid, said when shown
@click.option("--template-dir", type=click.Path(file_okay=False, path_type=Path), default=None, metavar="DIR",
              envvar="KG_TEMPLATE_DIR",
              help="A folder of templates that override the shipped ones of the same name (sheets, pages, reports)")
@click.option("--lang", type=click.Choice(LANGUAGES), default=None, envvar="KG_LANG", metavar="zh|en",
              is_eager=True, callback=lambda _ctx, _param, value: set_language(value),  # before --help speaks
              help="Language of messages and of every file written: zh (the default) or en, given anywhere on the line; "
                   "or set KG_LANG.")
def cli(template_dir: Path | None, lang: str | None) -> None:
    """kg turns a government plan's task list into a knowledge graph.

    Start with `kg build`, then `kg validate` and `kg query --list`.
    """
    if template_dir is not None:
        from ..views.templates import set_template_dir

        set_template_dir(template_dir)


for command in (graph.build, graph.validate, sparql.query, sparql.serve, sparql.push, network.analyze,
                network.export, network.viz, sheets.sheet, units.units, status.status, app.app):
    cli.add_command(command)


def main(argv: list[str] | None = None) -> None:
    """Entry point: one line on stderr and exit code 2 (1 for non-conformance), no traceback."""
    with use(None):  # the error below is said in the run's language; the caller's comes back after
        _run(argv)


def _run(argv: list[str] | None) -> None:
    try:
        cli.main(args=argv, prog_name="kg", standalone_mode=False)
    except KgError as err:
        click.echo(_("kg: error: %(message)s") % {"message": err}, err=True)
        sys.exit(err.exit_code)
    except click.exceptions.Abort:
        click.echo(_("kg: aborted"), err=True)
        sys.exit(130)
    except click.ClickException as err:
        click.echo(_click_error(err), err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    except Exception as err:  # a bug: one line for the planner, the traceback on request
        if os.environ.get("KG_DEBUG"):
            raise
        click.echo(_("kg: internal error: %(error)s (set KG_DEBUG=1 for the traceback and report it)")
                   % {"error": f"{type(err).__name__}: {err}"}, err=True)
        sys.exit(2)


def _click_error(err: click.ClickException) -> str:
    """click's refusal as kg's one line, pointing at the help of the command that refused (``kg status
    template --help`` says what --as-of is); in Chinese without click's closing ASCII full stop."""
    context = getattr(err, "ctx", None)
    message = err.format_message()
    if language() == "zh":
        message = message.removesuffix(".")
    return _("kg: error: %(message)s (see %(command)s --help)") % {
        "message": message, "command": context.command_path if context is not None else "kg"}

