"""The command line's msgids for kg's catalog: click's own words and the help of every command and option.

Neither is found by extracting ``_()`` calls from kg's source: click's words are in the installed click
(extracted from its source, plurals included, so a click upgrade brings its new words in), and help texts
are the English ``help=`` and docstrings that :mod:`kg.cli.speech` says through the catalog.
``scripts/i18n`` runs ``python -m kg.cli.messages POT`` to add both to the extracted template before
merging it into ``kg.po``; tests/test_i18n.py fails while one of them has no Chinese.
"""
from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import click

from .speech import help_msgid

__all__ = ["click_messages", "help_messages", "messages", "add_to_template"]


def click_messages() -> dict[str | tuple[str, str], str]:
    """click's msgids (a plural as ``(singular, plural)``) → where click says it."""
    from babel.messages.extract import extract_from_dir

    folder = Path(click.__file__).parent
    found = {}
    for filename, line, message, _comments, _context in extract_from_dir(
            str(folder), [("**.py", "python")], keywords={"_": None, "ngettext": (1, 2)}):
        found.setdefault(message, f"click/{filename}:{line}")
    found.setdefault("required", "click/core.py: _(extra['required'])")  # said through a variable: not extractable
    return found


def _commands(group: click.Group, path: tuple[str, ...] = ("kg",)) -> Iterator[tuple[str, click.Command]]:
    yield " ".join(path), group
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))
        else:
            yield " ".join((*path, name)), command


def help_messages(group: click.Group | None = None) -> dict[str, str]:
    """Each help text of kg's commands, options and arguments (English, as click shows it) → whose it is;
    ``group``: another command tree than ``kg``'s."""
    if group is None:
        from .main import cli as group

    found = {}
    for where, command in _commands(group):
        for text in (command.__dict__.get("help"), command.__dict__.get("short_help"),
                     command.__dict__.get("options_metavar"), command.__dict__.get("subcommand_metavar")):
            if help_msgid(text):
                found.setdefault(help_msgid(text), where)
        for param in command.params:
            text = help_msgid(param.__dict__.get("help"))
            if text:
                found.setdefault(text, f"{where} {max(param.opts, key=len)}")
    return found


def messages() -> dict[str | tuple[str, str], str]:
    """Every msgid the command line adds to the catalog → where it is said."""
    return {**click_messages(), **help_messages()}


def add_to_template(pot: Path) -> int:
    """Add :func:`messages` to the extracted template ``pot`` (sorted, no locations, as scripts/i18n writes
    it); the number of messages added."""
    from babel.messages.pofile import read_po, write_po

    with open(pot, "rb") as f:
        catalog = read_po(f)
    before = len(catalog)
    for message in messages():
        if message not in catalog:
            catalog.add(message, flags=("python-format",) if _is_format(message) else ())
    with open(pot, "wb") as f:
        write_po(f, catalog, width=0, omit_header=True, sort_output=True, no_location=True)
    return len(catalog) - before


def _is_format(message: str | tuple[str, str]) -> bool:
    text = message if isinstance(message, str) else message[0]
    return "%(" in text


if __name__ == "__main__":
    print(f"{add_to_template(Path(sys.argv[1]))} command-line messages added")
