"""Named queries answer the plan's questions; answers are checked against the source text."""
from __future__ import annotations

import pytest

from kg.errors import UsageError
from kg.sparql.formats import plain
from kg.sparql.named import list_queries, load_query, run

from ..source_facts import NOT_UNITS, pair_counts, rows, tasks_of


def ask(store, name, **params):
    names, data = run(store, load_query(name), params)
    return [{n: plain(r.get(n)) for n in names} for r in data]


def test_every_query_documents_itself():
    queries = list_queries()
    assert len(queries) >= 15
    for q in queries:
        assert q.question and q.columns, q.name
        for param in q.params.values():
            assert param.doc, f"{q.name}: parameter {param.name} has no description"


def test_declared_columns_match_results(oxigraph):
    samples = {"unit-tasks": {"unit": "县法院"}, "coordination-pairs": {"unit": "县法院"},
               "due-in-period": {"period": "2"}, "due-by": {"date": "2023-06-30"},
               "overdue": {"date": "2023-07-01"}, "task": {"task": "1"}}
    for q in list_queries():
        if q.name == "shacl-results":
            continue
        names, _ = run(oxigraph, q, samples.get(q.name, {}))
        assert names == q.columns, q.name


def test_workload(oxigraph):
    rows_ = {r["unit"]: r for r in ask(oxigraph, "workload")}
    top = next(iter(rows_.values()))
    assert top["unit"] == "县行政服务中心"
    expected = {role: len(tasks_of("县行政服务中心", role)) for role in ("lead", "host", "support")}
    assert expected == {"lead": 26, "host": 11, "support": 3}
    assert (top["led"], top["hosted"], top["supported"]) == ("26", "11", "3")
    assert top["tasks"] == str(len(tasks_of("县行政服务中心"))) == "30"
    assert float(top["score"]) == 26 * 3 + 11 * 2 + 3 * 1
    assert "相关单位、部门" not in rows_ and "各乡镇（街道）" not in rows_
    for unit in ("县市场监管局", "县公安局", "县法院", "县科技局"):
        assert rows_[unit]["led"] == str(len(tasks_of(unit, "lead"))), unit
        assert rows_[unit]["supported"] == str(len(tasks_of(unit, "support"))), unit


def test_workload_weights_and_all_units(oxigraph):
    rows_ = {r["unit"]: r for r in ask(oxigraph, "workload", lead_weight="1", host_weight="0",
                                       support_weight="0", all_units="true")}
    assert float(rows_["县行政服务中心"]["score"]) == 26
    assert rows_["相关单位、部门"]["kind"] == "placeholder"


@pytest.mark.parametrize("name", ["县法院", "County People's Court", "court", " 县法院 "])
def test_unit_tasks_by_any_name(oxigraph, name):
    assert [(r["task"], r["role"]) for r in ask(oxigraph, "unit-tasks", unit=name)] == [("55", "lead")]


def test_unit_tasks_by_alias(oxigraph):
    # 人行奉节支行 (line 241) and 人民银行奉节支行 (line 229) are one unit.
    got = [(r["task"], r["role"]) for r in ask(oxigraph, "unit-tasks", unit="人行奉节支行")]
    assert got == [("10", "host"), ("11", "host")]


def test_unit_tasks_market_supervision(oxigraph):
    got = ask(oxigraph, "unit-tasks", unit="县市场监管局")
    by_role = {role: {int(r["task"]) for r in got if r["role"] == role} for role in ("lead", "host", "support")}
    assert by_role == {role: tasks_of("县市场监管局", role) for role in ("lead", "host", "support")}


def test_due_by_and_from(oxigraph):
    got = ask(oxigraph, "due-by", date="2023-04-30", **{"from": "2023-04-01"})
    deadlines = {int(r["task"]) for r in got if r["due_item"] == "deadline"}
    assert deadlines == {n for n, r in rows().items() if r["deadline"] == "2023-04"}
    assert deadlines == {14, 16, 28, 29, 37, 38, 39, 71, 72}
    # Milestones of the 4月-5月 period end in May: not due by 30 April.
    assert {r["due_item"] for r in got} == {"deadline"}


def test_due_in_period(oxigraph):
    got = ask(oxigraph, "due-in-period", period="3")
    deadlines = {int(r["task"]) for r in got if r["due_item"] == "deadline"}
    assert deadlines == {n for n, r in rows().items() if r["deadline"] in ("2023-06", "2023-07")}
    task1 = [r for r in got if r["task"] == "1" and r["due_item"] == "milestone"]
    assert [r["text"] for r in task1] == ["利用乡镇邮政代办点、县内商业银行打造便民网点，扩大企业开办申请渠道。"]
    assert task1[0]["assigned"] == "positional"


def test_overdue(oxigraph):
    got = ask(oxigraph, "overdue", date="2023-07-15")
    expected = {n for n, r in rows().items() if r["deadline"] and r["deadline"] < "2023-07"}
    assert {int(r["task"]) for r in got} == expected
    first = next(r for r in got if r["task"] == "7")  # 2023年3月 (line 193)
    assert (first["deadline"], first["months_overdue"], first["leads"]) == ("2023-03", "4", "县住房城乡建委")
    assert next(r for r in got if r["task"] == "1")["leads"] == "县市场监管局|县行政服务中心"


def test_coordination_pairs(oxigraph):
    got = ask(oxigraph, "coordination-pairs")
    expected = pair_counts()
    strongest = max(expected.items(), key=lambda kv: len(kv[1]))
    assert (got[0]["unit_a"], got[0]["unit_b"]) == strongest[0] == ("县人力社保局", "县行政服务中心")
    assert got[0]["shared"] == "12"
    assert got[0]["tasks"] == "|".join(map(str, sorted(strongest[1])))
    assert len(got) == len(expected)
    for row in got[:30]:
        assert int(row["shared"]) == len(expected[(row["unit_a"], row["unit_b"])])


def test_unit_partners(oxigraph):
    rows = ask(oxigraph, "coordination-pairs", unit="县法院")
    got = {(r["unit_a"] if r["unit_b"] == "县法院" else r["unit_b"]): r for r in rows}
    assert set(got) == {"县委政法委", "县司法局"} and got["县司法局"]["tasks"] == "55"


def test_multi_lead(oxigraph):
    got = [int(r["task"]) for r in ask(oxigraph, "multi-lead")]
    assert got == sorted(n for n, r in rows().items() if len(r["lead"]) > 1)
    assert got == [1, 8, 51, 60, 77, 79, 80, 81]


def test_support_only(oxigraph):
    got = {r["unit"]: int(r["supported"]) for r in ask(oxigraph, "support-only")}
    expected = {}
    for n, r in rows().items():
        for unit in r["support"]:
            expected.setdefault(unit, set()).add(n)
    never = {u: len(t) for u, t in expected.items()
             if not tasks_of(u, "lead") and not tasks_of(u, "host") and u not in NOT_UNITS}
    assert got == never
    assert got["县公安局"] == 10


def test_placeholder_support_and_lead(oxigraph):
    got = [int(r["task"]) for r in ask(oxigraph, "placeholder-support")]
    expected = sorted(n for n, r in rows().items()
                      if r["support"] and all(u in NOT_UNITS and u.startswith(("相关", "有关"))
                                              for u in r["support"]))
    assert got == expected
    assert [r["task"] for r in ask(oxigraph, "placeholder-lead")] == ["57"]


def test_sections_and_measures(oxigraph):
    sections = ask(oxigraph, "sections")
    assert [int(r["tasks"]) for r in sections] == [16, 30, 12, 11, 7, 5]
    assert [int(r["measures"]) for r in sections] == [5, 4, 3, 3, 3, 5]
    assert sum(int(r["assignments"]) for r in sections) == 408
    measures = ask(oxigraph, "measures")
    assert len(measures) == 23
    assert sum(int(r["tasks"]) for r in measures) == 81
    assert measures[3]["task_numbers"] == "9|10|11"  # 加强金融服务体系建设


def test_task_detail(oxigraph):
    got = ask(oxigraph, "task", task="55")
    fields = [(r["field"], r["value"]) for r in got]
    assert ("lead", "县法院") in fields and ("host", "县司法局") in fields
    assert ("deadline", "2023-06") in fields and ("source_lines", "783-795") in fields
    assert [r["detail"] for r in got if r["field"] == "milestone 3"] == ["period 3-6 merged-to-end"]


def test_periods(oxigraph):
    got = ask(oxigraph, "periods")
    assert [r["label"] for r in got][0] == "1月-3月"
    assert int(got[2]["deadlines"]) == sum(r["deadline"] in ("2023-06", "2023-07") for r in rows().values())


@pytest.mark.usefixtures("english")
def test_injection_is_only_a_literal(oxigraph):
    before = len(oxigraph.store)
    with pytest.raises(UsageError, match="no unit named '\"} ; DROP ALL ; {\"'"):
        ask(oxigraph, "unit-tasks", unit='"} ; DROP ALL ; {"')  # looked up as a name, found nowhere
    assert ask(oxigraph, "task", task="1") != []
    assert len(oxigraph.store) == before


@pytest.mark.parametrize("params, message", [
    ({}, "needs --param unit"),
    ({"unit": "x", "colour": "red"}, "has no parameter 'colour'"),
])
@pytest.mark.usefixtures("english")
def test_parameter_errors(params, message):
    from kg.sparql.named import bind_params
    with pytest.raises(UsageError, match=message):
        bind_params(load_query("unit-tasks"), params)


@pytest.mark.parametrize("name, value", [("task", "twelve"), ("period", "3.5")])
@pytest.mark.usefixtures("english")
def test_typed_parameters_reject_bad_values(name, value):
    from kg.sparql.named import bind_params
    query = load_query("task" if name == "task" else "due-in-period")
    with pytest.raises(UsageError, match=f"is not a {name} number"):
        bind_params(query, {name: value})
