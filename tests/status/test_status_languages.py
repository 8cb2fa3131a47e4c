"""Status outputs (催办, scorecard) in Chinese by default and in English with --lang en: kg's own words in one
language, the plan's as written."""
from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser

import pytest
from rdflib import Graph, Literal

from ..process import kg

_HAN_RUN = re.compile(r"[\u4e00-\u9fff][\u4e00-\u9fff\u3000-\u303f\uff00-\uffef“”‘’…—0-9]*")
_ENGLISH_WORD = re.compile(r"\b[A-Za-z]{2,}\b")


class _Text(HTMLParser):
    """What a person reads on the page: text outside tags, style and script."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("style", "script")

    def handle_endtag(self, tag):
        self._skip -= tag in ("style", "script")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def _read(path) -> str:
    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True)
        return "\n".join([*book.sheetnames, *(str(v) for ws in book for row in ws.iter_rows(values_only=True)
                                              for v in row if v is not None)])
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".html":
        return text
    parser = _Text()
    parser.feed(text)
    return "\n".join(parser.parts)


COMMANDS = {"remind": ("--as-of", "2023-06-20", "--days", "14"), "scorecard": ("--as-of", "2023-06-30")}


@pytest.fixture(scope="module")
def outputs(tmp_path_factory, graph_file):
    folder = tmp_path_factory.mktemp("status")
    shutil.copytree(graph_file.parent, folder / "graph")
    made = {}
    for lang in ("zh", "en"):
        for command, args in COMMANDS.items():
            out = folder / lang / command
            result = kg("--lang", lang, "status", command, *args, "-o", str(out), "-g", str(folder / "graph"))
            assert result.returncode == 0, result.stderr
            made.update({(lang, p.name): _read(p) for p in sorted(out.iterdir())})
    return made


@pytest.fixture(scope="module")
def source_words(graph_file) -> list[str]:
    """Every text of the plan in the graph (unit names, work items, milestones): the source's own words."""
    graph = Graph().parse(graph_file)
    return [str(o) for o in graph.objects() if isinstance(o, Literal) and _HAN_RUN.search(str(o))]


def test_chinese_outputs_have_no_english_words(outputs):
    names = sorted(name for lang, name in outputs if lang == "zh")
    assert names == ["remind-2023-06-20.html", "remind-2023-06-20.txt", "scorecard-2023-06-30.md",
                     "scorecard-2023-06-30.xlsx"]
    assert "【催办】" in outputs["zh", "remind-2023-06-20.txt"] and "得分 = 100" in outputs["zh", "scorecard-2023-06-30.md"]
    for (lang, name), text in outputs.items():
        if lang == "zh":
            assert _ENGLISH_WORD.findall(text) == [], name


def test_english_outputs_have_chinese_only_in_the_plans_own_words(outputs, source_words):
    assert "[Reminder]" in outputs["en", "remind-2023-06-20.txt"]
    assert "Reminder list" in outputs["en", "remind-2023-06-20.html"]
    assert "Score = 100" in outputs["en", "scorecard-2023-06-30.xlsx"]
    for (lang, name), text in outputs.items():
        if lang == "en":
            foreign = [run for run in _HAN_RUN.findall(text)
                       if not any(run.rstrip("…") in words for words in source_words)]
            assert foreign == [], (name, foreign[:5])
