"""Every command and option answers --help and is documented in the README (after sqlite-utils' docs test)."""
from __future__ import annotations

import re

import click
import pytest
from click.testing import CliRunner

from kg.cli.main import cli
from kg.cli.reference import BEGIN, END, reference

from ..conftest import REPO


def _commands(group: click.Group, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], click.Command]]:
    found = []
    for name, command in sorted(group.commands.items()):
        found.append(((*path, name), command))
        if isinstance(command, click.Group):
            found += _commands(command, (*path, name))
    return found


COMMANDS = _commands(cli)
README = (REPO / "README.md").read_text(encoding="utf-8")


def _options(command: click.Command) -> list[str]:
    return sorted(opt for p in command.params if isinstance(p, click.Option)
                  for opt in p.opts if opt.startswith("--") and opt != "--help")


@pytest.mark.parametrize("path, command", COMMANDS, ids=lambda v: " ".join(v) if isinstance(v, tuple) else "")
def test_every_command_answers_help(path, command):
    result = CliRunner().invoke(cli, [*path, "--help"], env={"KG_LANG": None})
    assert result.exit_code == 0, result.output
    assert result.output.startswith("用法：")  # Chinese by default: tests/cli/test_help_languages.py
    for option in _options(command):
        assert option in result.output, f"kg {' '.join(path)} --help does not show {option}"


def test_the_readme_command_table_is_current():
    """The README's table is written from the commands; edit their help, then run python -m kg.cli.reference."""
    block = README.split(BEGIN, 1)[1].split(END, 1)[0].strip()
    assert block == reference(), "README.md's command table is stale: run `python -m kg.cli.reference README.md`"


@pytest.mark.parametrize("path, command", COMMANDS, ids=lambda v: " ".join(v) if isinstance(v, tuple) else "")
def test_every_command_and_option_is_in_the_readme(path, command):
    table = README.split(BEGIN, 1)[1].split(END, 1)[0]
    row = next((line for line in table.splitlines() if line.startswith(f"| `kg {' '.join(path)} ")), None)
    assert row, f"the README's command table has no row for kg {' '.join(path)}"
    missing = [o for o in _options(command) if not re.search(rf"{re.escape(o)}\b", row)]
    assert not missing, f"the README never mentions kg {' '.join(path)} {', '.join(missing)}"


def test_global_options_are_in_the_readme():
    assert "--template-dir" in README and "--version" in README


def test_everything_the_readme_shows_is_installed():
    from importlib.metadata import requires

    core = {r.split(">")[0].split("[")[0].strip().lower() for r in requires("kg") if "extra ==" not in r}
    assert {"openpyxl", "python-docx", "opencc", "pyoxigraph"} <= core  # kg serve runs pyoxigraph in-process
