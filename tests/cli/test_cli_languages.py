"""kg's own words on the command line follow --lang: errors and values shown with --labels."""
from __future__ import annotations

import re

import pytest

from ..process import kg, one_line_error

_HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("args, example", [
    (("sheet",), "kg sheet 县市场监管局 -f xlsx"),
    (("analyze", "partners"), "kg analyze partners --unit 县法院"),
    (("query", "tasks", "--param", "oops"), "--param unit=县市场监管局"),
    (("query",), "kg query --list"),
])
def test_usage_errors_speak_chinese_by_default_and_english_on_request(args, example):
    zh, en = kg(*args), kg("--lang", "en", *args)
    one_line_error(zh, example)
    one_line_error(en, example)
    assert "例如" in zh.stderr or "见" in zh.stderr
    assert not _HAN.search(en.stderr.replace(example, "")), en.stderr


def test_labels_say_the_severity_of_a_finding_in_words():
    zh = kg("query", "findings", "--labels", "-f", "csv", "--no-bom").stdout.splitlines()
    en = kg("--lang", "en", "query", "findings", "--labels", "-f", "csv", "--no-bom").stdout.splitlines()
    assert zh[0].startswith("行号,严重程度") and zh[1].split(",")[1] == "说明"
    assert en[1].split(",")[1] == "note"
    assert kg("query", "findings", "-f", "csv", "--no-bom").stdout.splitlines()[1].split(",")[1] == "info"
