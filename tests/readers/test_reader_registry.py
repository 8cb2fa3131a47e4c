"""One registry of readers: ``--format``'s choices, its help, detection and read_plan all read READERS."""
from __future__ import annotations

import ast
import inspect

import click
import pytest

from kg.cli.graph import build
from kg.errors import InputError
from kg.i18n import use
from kg.readers import FORMATS, READERS, detect, read_plan


def _detected_names() -> set[str]:
    """Every format name detection can answer: the strings its functions return, and its name table."""
    tree = ast.parse(inspect.getsource(detect))
    answers = [node.value for node in ast.walk(tree) if isinstance(node, ast.Return)]
    answers += [value for node in answers if isinstance(node, ast.IfExp) for value in (node.body, node.orelse)]
    returned = {node.value for node in answers if isinstance(node, ast.Constant) and isinstance(node.value, str)}
    return returned | set(detect._MARKUP_FORMATS.values())


def test_detection_answers_only_registered_readers():
    names = _detected_names()
    assert {"pdf", "docx", "csv", "inline"} <= names  # the walk finds detection's answers
    assert names <= set(READERS), names - set(READERS)


def test_the_cli_offers_and_describes_every_reader():
    option = next(p for p in build.params if isinstance(p, click.Option) and "--format" in p.opts)
    assert tuple(option.type.choices) == FORMATS == tuple(READERS)
    for name, reader in READERS.items():
        with use("en"):  # the msgid; kg --help says it in Chinese (tests/test_i18n.py checks it has Chinese)
            assert f"{name}: {reader.description}" in option.help


@pytest.mark.usefixtures("english")
def test_an_unknown_format_names_the_known_ones(tmp_path, registry):
    plan = tmp_path / "plan.txt"
    plan.write_text("某县方案\n", encoding="utf-8")
    with pytest.raises(InputError, match="use one of text-export, docx"):
        read_plan(plan, registry, fmt="odp")
