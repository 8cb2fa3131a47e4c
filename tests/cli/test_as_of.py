"""``--as-of``: each command either refuses to run without it (click's one-line missing-option message,
exit 2) or says its default in its help and uses it. Issue 30: ``kg status template`` without
``--as-of`` stopped with an internal AttributeError, because an explicit ``default=None`` made click
(8.2 on) take the missing option as given."""
from __future__ import annotations

import datetime as dt

import click
import pytest

from kg.cli.main import cli

from ..conftest import copy_graph
from ..process import kg

#: The commands that fix a month's figures, or the date units report on: no date is a sensible guess.
REQUIRED = {
    ("status", "template"): ("-o", "t.xlsx"),
    ("status", "report"): ("--month", "2023-05", "-o", "reports"),
    ("status", "review"): ("--month", "2023-05", "-o", "review.xlsx"),
    ("status", "publish"): ("--month", "2023-05"),
    ("status", "supervise"): ("--month", "2023-05", "-o", "reports"),
    ("status", "bulletin"): ("--month", "2023-05", "-o", "reports"),
    ("status", "scorecard"): ("--month", "2023-05", "-o", "reports"),
}
#: The commands that look ahead from a day: today unless told (as kg app's pages).
TODAY = {("status", "remind"), ("sheet",), ("app",)}
#: The commands that record a file: the date the file itself states unless told.
FROM_THE_FILE = {("status", "import"), ("status", "verify")}


def _as_of(path: tuple[str, ...]) -> click.Option:
    command = cli
    for name in path:
        command = command.commands[name]
    return next(p for p in command.params if p.name == "as_of")


def _commands_with_as_of(group: click.Group = cli, path: tuple[str, ...] = ()):
    for name, command in group.commands.items():
        if any(p.name == "as_of" for p in command.params):
            yield (*path, name)
        if isinstance(command, click.Group):
            yield from _commands_with_as_of(command, (*path, name))


@pytest.mark.usefixtures("english")
def test_every_command_with_as_of_is_required_or_says_its_default():
    assert set(_commands_with_as_of()) == set(REQUIRED) | TODAY | FROM_THE_FILE
    for path in REQUIRED:
        assert _as_of(path).required, path
    for path in TODAY:
        assert not _as_of(path).required and "[default: today" in _as_of(path).help, path
    for path in FROM_THE_FILE:
        assert not _as_of(path).required and "must agree with it]" in _as_of(path).help, path


@pytest.fixture
def graph(built, workdir):
    return copy_graph(built, workdir / "graph")


@pytest.mark.parametrize("path", sorted(REQUIRED))
def test_a_required_as_of_left_out_is_refused_in_one_line(graph, path):
    result = kg(*path, *REQUIRED[path])
    assert result.returncode == 2, result.stderr
    # click's words, in Chinese, pointing at the help of the command that needs it
    assert result.stderr.strip() == f"kg：错误：缺少选项 '--as-of'（参见 kg {' '.join(path)} --help）"
    assert not (graph / "status").exists() and not (graph.parent / "reports").exists()  # nothing written


@pytest.mark.parametrize("path", sorted(REQUIRED))
def test_a_required_as_of_given_runs(graph, path):
    result = kg(*path, *REQUIRED[path], "--as-of", "2023-06-02")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() and not result.stderr


def test_remind_looks_from_today_when_as_of_is_left_out(graph):
    today = dt.date.today()
    result = kg("status", "remind", "-o", "reports")
    assert result.returncode == 0, result.stderr
    named = f"{today.year}年{today.month}月{today.day}日催办清单"
    assert {p.name for p in (graph.parent / "reports").iterdir()} == {f"{named}.html", f"{named}.txt"}
    given = kg("status", "remind", "--as-of", "2023-06-20", "-o", "reports")
    assert given.returncode == 0 and (graph.parent / "reports" / "2023年6月20日催办清单.txt").is_file()
