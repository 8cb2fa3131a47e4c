"""``-o x.csv`` is a CSV file or a refusal, never XLSX named .csv: every command's -o, walked from the click tree."""
from __future__ import annotations

import click
import pytest

from kg.cli.common import OutputFile
from kg.cli.main import cli
from kg.files import FILE_EXTENSIONS

from ..process import kg, one_line_error


def _commands(group: click.Group, path: tuple[str, ...] = ()):
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))
        else:
            yield (*path, name), command


def _output_options():
    return [(path, option) for path, command in _commands(cli) for option in command.params
            if isinstance(option, click.Option) and "-o" in option.opts]


OUTPUTS = _output_options()


def test_the_walk_finds_the_commands_that_write():
    names = {" ".join(path) for path, _ in OUTPUTS}
    assert {"query", "analyze", "export", "sheet", "status template", "status review", "units suggest",
            "build", "viz", "status report"} <= names


@pytest.mark.parametrize("path, option", OUTPUTS, ids=[" ".join(p) for p, _ in OUTPUTS])
def test_every_o_option_names_its_formats_or_is_a_folder(path, option):
    """A new command's -o must say which formats it writes (OutputFile) or take a folder only."""
    folder_only = isinstance(option.type, click.Path) and not option.type.file_okay
    assert isinstance(option.type, OutputFile) or folder_only, f"kg {' '.join(path)} -o: use OutputFile(formats)"


@pytest.mark.parametrize("path, option", [(p, o) for p, o in OUTPUTS if isinstance(o.type, OutputFile)],
                         ids=[" ".join(p) for p, o in OUTPUTS if isinstance(o.type, OutputFile)])
def test_a_file_named_for_another_format_is_refused_naming_the_allowed_ones(tmp_path, path, option):
    other = next(fmt for fmt in ("xlsx", "csv", "pdf") if fmt not in option.type.formats)
    target = tmp_path / f"out{FILE_EXTENSIONS[other][0]}"
    result = kg("--lang", "en", *path, "-o", str(target))
    allowed = [e for endings in option.type.extensions.values() for e in endings]
    one_line_error(result, target.name, *allowed)
    assert not target.exists()


@pytest.mark.parametrize("path, option", [(p, o) for p, o in OUTPUTS if not isinstance(o.type, OutputFile)],
                         ids=[" ".join(p) for p, o in OUTPUTS if not isinstance(o.type, OutputFile)])
def test_a_folder_option_refuses_a_file(tmp_path, path, option):
    file = tmp_path / "a.csv"
    file.write_text("kept\n", encoding="utf-8")
    one_line_error(kg(*path, "-o", str(file)), "a.csv")
    assert file.read_text(encoding="utf-8") == "kept\n"


def test_the_name_chooses_the_format_when_f_is_not_given(tmp_path, graph_file):
    csv, sheet = tmp_path / "tasks.csv", tmp_path / "court.csv"
    assert kg("query", "tasks", "-g", str(graph_file), "-o", str(csv)).returncode == 0
    assert csv.read_text(encoding="utf-8-sig").startswith("task,section,work_item")
    assert kg("sheet", "县法院", "-g", str(graph_file), "-o", str(sheet)).returncode == 0
    assert not sheet.read_bytes().startswith(b"PK") and "县法院" in sheet.read_text(encoding="utf-8-sig")
    template = tmp_path / "court.xlsx"
    assert kg("status", "template", "--as-of", "2023-06-30", "-g", str(graph_file), "-o", str(template)).returncode == 0
    assert template.read_bytes().startswith(b"PK")


def test_a_name_that_contradicts_f_is_refused(tmp_path, graph_file):
    target = tmp_path / "tasks.csv"
    one_line_error(kg("query", "tasks", "-g", str(graph_file), "-f", "json", "-o", str(target)), "tasks.json")
    one_line_error(kg("sheet", "县法院", "-g", str(graph_file), "-f", "xlsx", "-o", str(target)), "tasks.xlsx")
    assert not target.exists()
