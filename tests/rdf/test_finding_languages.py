"""Findings in Chinese by default, in English with --lang en: the graph keeps both, each reader says hers."""
from __future__ import annotations

import re

from rdflib import Graph, Literal

from kg.model.vocab import KG

from ..process import kg

_HAN = re.compile(r"[\u4e00-\u9fff]")


def test_a_real_plan_built_says_its_findings_in_chinese_and_in_english(tmp_path):
    """Task 55 of the bundled plan has a unit-like cell among its milestones: a known warning."""
    assert kg("build", "--out", str(tmp_path)).returncode == 0
    graph = tmp_path / "kg.ttl"
    zh = kg("validate", "-g", str(graph), "--verbose")
    en = kg("--lang", "en", "validate", "-g", str(graph), "--verbose")
    assert zh.returncode == en.returncode == 0, zh.stdout + zh.stderr
    assert "第789行：[surplus-cell] 任务55：节点列中有像单位名单的单元格“相关单位、部门”" in zh.stdout
    assert "line 789: [surplus-cell] task 55: unit-like cell '相关单位、部门' in the milestone columns" in en.stdout
    assert "任务28：配合单位栏为“/”（无）" in zh.stdout and "task 28: support cell is '/' (none)" in en.stdout
    # English output: Han characters only inside the source's own words (quoted, or a name kg read)
    surplus = next(line for line in en.stdout.splitlines() if "[surplus-cell]" in line)
    assert not _HAN.search(surplus.replace("相关单位、部门", "")), surplus

    g = Graph().parse(graph)
    finding = next(f for f in g.subjects(KG.code, Literal("surplus-cell")))
    messages = sorted(g.objects(finding, KG.message), key=lambda m: m.language)
    assert [m.language for m in messages] == ["en", "zh"]
    assert str(messages[0]).startswith("task 55: unit-like cell") and str(messages[1]).startswith("任务55：")


def test_the_findings_query_binds_the_language():
    zh = kg("query", "findings", "-f", "csv", "--no-bom")
    en = kg("--lang", "en", "query", "findings", "-f", "csv", "--no-bom")
    asked = kg("query", "findings", "--param", "lang=en", "-f", "csv", "--no-bom")
    assert zh.returncode == en.returncode == asked.returncode == 0, zh.stderr
    assert "任务55：节点列中有像单位名单的单元格" in zh.stdout
    assert "task 55: unit-like cell" in en.stdout and en.stdout == asked.stdout
    assert len(zh.stdout.splitlines()) == len(en.stdout.splitlines())  # one row a finding, in either language
    wrong = kg("query", "findings", "--param", "lang=fr")
    assert wrong.returncode == 2 and "不是zh 或 en" in wrong.stderr
