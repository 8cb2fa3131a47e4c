"""kg validate: the built graph conforms; a broken one does not, and says why."""
from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef

from kg.model.vocab import KG, SKOS
from kg.i18n import use
from kg.rdf.validate import validate

PLAN = "https://w3id.org/kg/id/plan/fengjie-2023-business-environment"


@pytest.fixture(scope="module")
def report(built):
    """The bundled plan validated, in the default language (read by two tests: pyshacl takes half a second)."""
    return validate(built[0].graph)


def test_bundled_plan_conforms(report):
    assert report.conforms, report.violations
    codes = {f["code"] for f in report.findings}
    assert {"surplus-cell", "period-date-mismatch", "dash-prefix", "alias-used",
            "work-item-carried", "placeholder", "collective"} <= codes
    text = report.text()
    assert "第789行：[surplus-cell] 任务55：节点列中有像单位名单的单元格“相关单位、部门”" in text
    assert "任务65：第2个节点写有3月底" in text


def test_findings_are_read_in_the_language_asked_for(built):
    """The graph keeps each finding in both languages; kg validate says the one in force."""
    from kg.i18n import use

    with use("en"):
        text = validate(built[0].graph).text()
    assert "line 789: [surplus-cell] task 55: unit-like cell '相关单位、部门' in the milestone columns" in text
    assert "task 65: milestone 2 names 3月底 but sits in period" in text and "任务" not in text


def test_placeholder_only_support(report):
    tasks = [int(r["task"]) for r in report.placeholder_support]
    # e.g. task 4 (line 158) and 65 (line 901) have only 相关单位、部门; task 1 names real units.
    assert 4 in tasks and 65 in tasks and 1 not in tasks and 55 in tasks
    assert len(tasks) == 37


def _copy(graph: Graph) -> Graph:
    copy = Graph()
    for triple in graph:
        copy.add(triple)
    return copy


def test_task_without_a_stated_lead_is_a_warning(built):
    """Real plans often name no lead (（X负责）): a warning, not a broken graph."""
    g = _copy(built[0].graph)
    task = URIRef(f"{PLAN}/task/12")
    g.remove((task, KG.lead, None))
    report = validate(g)
    assert report.conforms
    (focus,) = [nodes for message, nodes in report.shape_warnings.items() if "未写此任务的牵头单位" in message]
    assert focus == [str(task)]
    assert "提醒（1个节点）：原文未写此任务的牵头单位" in report.text()
    with use("en"):
        assert "warning (1 nodes): the text names no lead unit" in validate(g).text()


def test_task_without_any_unit_does_not_conform(built):
    g = _copy(built[0].graph)
    task = URIRef(f"{PLAN}/task/12")
    g.remove((task, KG.assignment, None))
    report = validate(g)
    assert not report.conforms
    assert any("task/12" in v and "每项任务至少写明一个单位" in v for v in report.violations)


def test_task_with_deadline_and_ongoing_does_not_conform(built):
    g = _copy(built[0].graph)
    task = URIRef(f"{PLAN}/task/4")
    g.remove((task, KG.ongoing, None))
    g.add((task, KG.ongoing, Literal(True)))
    g.add((task, KG.deadline, Literal("2023-06", datatype=URIRef("http://www.w3.org/2001/XMLSchema#gYearMonth"))))
    assert not validate(g).conforms


def test_unit_without_chinese_label_does_not_conform(built):
    g = _copy(built[0].graph)
    unit = URIRef("https://w3id.org/kg/id/unit/court")
    g.remove((unit, SKOS.prefLabel, None))
    report = validate(g)
    assert not report.conforms
    assert any("unit/court" in v for v in report.violations)
