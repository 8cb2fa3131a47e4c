"""催办 in Chinese by default and in English with --lang en: kg's own words in one language, the plan's as written."""
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
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".html":
        return text
    parser = _Text()
    parser.feed(text)
    return "\n".join(parser.parts)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory, graph_file):
    folder = tmp_path_factory.mktemp("remind")
    shutil.copytree(graph_file.parent, folder / "graph")
    made = {}
    for lang in ("zh", "en"):
        out = folder / lang
        result = kg("--lang", lang, "status", "remind", "--as-of", "2023-06-20", "--days", "14", "-o", str(out),
                    "-g", str(folder / "graph"))
        assert result.returncode == 0, result.stderr
        made[lang] = {p.suffix: _read(p) for p in sorted(out.iterdir())}
    return made


@pytest.fixture(scope="module")
def source_words(graph_file) -> list[str]:
    """Every text of the plan in the graph (unit names, work items, milestones): the source's own words."""
    graph = Graph().parse(graph_file)
    return [str(o) for o in graph.objects() if isinstance(o, Literal) and _HAN_RUN.search(str(o))]


def test_chinese_reminders_have_no_english_words(outputs):
    assert set(outputs["zh"]) == {".html", ".txt"}
    for suffix, text in outputs["zh"].items():
        assert "【催办】" in text or suffix == ".html"
        assert _ENGLISH_WORD.findall(text) == [], suffix


def test_english_reminders_have_chinese_only_in_the_plans_own_words(outputs, source_words):
    assert "[Reminder]" in outputs["en"][".txt"] and "Reminder list" in outputs["en"][".html"]
    for suffix, text in outputs["en"].items():
        foreign = [run for run in _HAN_RUN.findall(text) if not any(run.rstrip("…") in words for words in source_words)]
        assert foreign == [], (suffix, foreign[:5])
