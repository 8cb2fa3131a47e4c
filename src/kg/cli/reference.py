"""The README's command reference, written from the click commands themselves.

``python -m kg.cli.reference`` rewrites the block between the markers in
README.md; a test fails when the block is stale, so every command and option
is documented the moment it exists.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import click

from ..i18n import use
from .main import cli

__all__ = ["reference", "update_readme", "BEGIN", "END"]

BEGIN = "<!-- commands: written by `python -m kg.cli.reference`; edit the commands' help, not this table -->"
END = "<!-- /commands -->"


def _walk(group: click.Group, path: tuple[str, ...] = ()):
    for name, command in group.commands.items():  # the order they were added: the flow of work
        if isinstance(command, click.Group):
            if command.invoke_without_command:  # a command of its own too (kg app; kg app users …)
                yield (*path, name), command
            yield from _walk(command, (*path, name))
        else:
            yield (*path, name), command


def _option(param: click.Option) -> str:
    name = max(param.opts, key=len)
    if param.is_flag:
        return f"[{'|'.join([name, *param.secondary_opts])}]"  # --labels|--ids
    if isinstance(param.type, click.Choice):
        metavar = "|".join(param.type.choices)
    else:
        metavar = param.metavar or param.type.name.upper()
    return f"{name} {metavar}" if param.required else f"[{name} {metavar}]" + ("…" if param.multiple else "")


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def reference() -> str:
    """A Markdown table: each command with its arguments and options, and the first line of its help, in
    English whatever the language in force (the README is English; ``kg --help`` speaks the user's)."""
    with use("en"):
        return _table()


def _table() -> str:
    options = [p for p in cli.params if isinstance(p, click.Option)]
    globals_ = [f"[{max(p.opts, key=len)}" + (f" {p.metavar}]" if p.metavar else "]") for p in options]
    helps = "; ".join(f"{max(p.opts, key=len)}: {p.help}" for p in options if p.help and p.metavar)
    rows = ["| command | what it does |", "|---|---|",
            f"| `{_cell('kg ' + ' '.join(globals_))} COMMAND …` | options before any command; {_cell(helps)} |"]
    for path, command in _walk(cli):
        ctx = click.Context(command, info_name=" ".join(path))
        words = [f"kg {' '.join(path)}"]
        for param in command.params:
            if isinstance(param, click.Argument):
                words.append(param.make_metavar(ctx))
            elif "--help" not in param.opts:
                words.append(_option(param))
        summary = " ".join((command.help or "").strip().split("\n\n")[0].split())
        rows.append(f"| `{_cell(' '.join(words))}` | {_cell(summary)} |")
    return "\n".join(rows)


def update_readme(readme: Path) -> bool:
    """Rewrite the block in ``readme``; True when it changed."""
    text = readme.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END), re.DOTALL)
    if not pattern.search(text):
        raise SystemExit(f"{readme}: no {BEGIN} … {END} block")
    new = pattern.sub(lambda _: f"{BEGIN}\n{reference()}\n{END}", text)
    if new != text:
        readme.write_text(new, encoding="utf-8")
    return new != text


if __name__ == "__main__":
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("README.md")
    print(f"{path}: {'updated' if update_readme(path) else 'up to date'}")
