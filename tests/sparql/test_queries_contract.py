"""The query contracts other tools rely on (DESIGN.md §4), checked against the source."""
from __future__ import annotations

from kg.sparql.formats import plain
from kg.sparql.named import load_query, run

from ..source_facts import PLAN_ID


def _rows(store, name, **params):
    names, rows = run(store, load_query(name), params)
    return names, [{n: plain(r.get(n)) for n in names} for r in rows]


def test_assignments_columns_and_rows(oxigraph):
    names, rows = _rows(oxigraph, "assignments")
    assert names == ["task", "role", "unit", "written", "stated", "plan"]
    assert len(rows) == 408
    assert {r["stated"] for r in rows} == {"true"}  # the bundled plan states every role
    # Task 1, lines 115-117: lead 县市场监管局、县行政服务中心; host + 县金融服务中心; support 各乡镇（街道）、县内商业银行.
    assert [(r["role"], r["unit"]) for r in rows if r["task"] == "1"] == [
        ("lead", "县市场监管局"), ("lead", "县行政服务中心"),
        ("host", "县市场监管局"), ("host", "县行政服务中心"), ("host", "县金融服务中心"),
        ("support", "各乡镇（街道）"), ("support", "县内商业银行")]
    # Task 11, line 241: 人行奉节支行 is written, the canonical name is returned.
    assert ("host", "人民银行奉节支行", "人行奉节支行") in [(r["role"], r["unit"], r["written"]) for r in rows
                                                       if r["task"] == "11"]


def test_tasks_columns_and_rows(oxigraph):
    names, rows = _rows(oxigraph, "tasks")
    assert names == ["task", "section", "work_item", "deadline", "ongoing", "milestones", "plan"]
    assert len(rows) == 81
    by_number = {r["task"]: r for r in rows}
    assert by_number["1"] == {"task": "1", "section": "1", "work_item": "持续提升办企业便利度",
                              "deadline": "2023-06", "ongoing": "false", "milestones": "4", "plan": PLAN_ID}
    assert by_number["4"]["deadline"] == "" and by_number["4"]["ongoing"] == "true"
    assert by_number["10"]["work_item"] == "加强金融服务体系建设"
    assert by_number["66"]["milestones"] == "6" and by_number["66"]["section"] == "4"
    assert by_number["81"]["section"] == "6"
