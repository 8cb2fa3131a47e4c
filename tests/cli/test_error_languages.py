"""Errors in the office's language (#26): Chinese by default, English with --lang en; each one line, exit 2,
the file, line, query and unit names kept as the user wrote them."""
from __future__ import annotations

import re

import pytest

from ..process import kg

_HAN = re.compile(r"[\u4e00-\u9fff]")


def _bad_plan(folder):
    path = folder / "plan.txt"
    path.write_bytes(b"\x00\x01\x02 not a plan")
    return path


#: (arguments, what the Chinese line says, what the English line says); "{tmp}" is the test's folder.
CASES = [
    (("build", "{tmp}/missing.txt", "--out", "{tmp}/out"), "missing.txt: 找不到文件（解决办法：检查路径）",
     "missing.txt: file not found (fix: check the path)"),
    (("query", "no-such-query"), "没有名为'no-such-query'的查询", "no query named 'no-such-query'"),
    (("query", "unit-tasks", "-p", "unit=县法院x"), "图谱中没有名为'县法院x'的单位（解决办法：是否指县法院",
     "no unit named '县法院x' in the graph (fix: did you mean 县法院"),
    (("query", "tasks", "-p", "colour=red"), "查询'tasks'没有参数'colour'", "query 'tasks' has no parameter 'colour'"),
    (("query", "due-in-period", "-p", "period=x"), "--param period='x' 不是时段编号",
     "--param period='x' is not a period number"),
    (("build", "{tmp}/plan.txt", "--out", "{tmp}/out"), "plan.txt:1: 含二进制数据（NUL 字节），不是文本导出文件",
     "plan.txt:1: binary data (NUL byte), not a text export"),
    (("validate", "--graph", "{tmp}/nothing.ttl"), "nothing.ttl: 找不到图谱文件", "nothing.ttl: graph file not found"),
]


@pytest.mark.parametrize("args, chinese, english", CASES, ids=[" ".join(c[0][:2]) for c in CASES])
def test_a_bad_input_says_so_in_chinese_by_default_and_in_english_on_request(tmp_path, graph_file, args, chinese,
                                                                             english):
    _bad_plan(tmp_path)
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    graph = [] if args[0] == "build" or "--graph" in args else ["-g", str(graph_file)]
    for lang, expected in ((None, chinese), ("en", english)):
        result = kg(*(["--lang", lang] if lang else []), *args, *graph)
        line = result.stderr.strip()
        assert result.returncode == 2 and len(line.splitlines()) == 1 and "Traceback" not in line, line
        assert expected in line, line
        if lang is None:
            assert line.startswith("kg：错误："), line
        else:  # Chinese only where the user's own words are quoted (the unit name)
            assert line.startswith("kg: error: ") and _HAN.findall(line.replace("县法院x", "").replace("县法院", "")
                                                                  .replace("县司法局", "")) == [], line
    assert not (tmp_path / "out").exists()
