"""Query results for people and for programs: titles and words with --labels, a BOM only in files."""
from __future__ import annotations

import csv
import subprocess
import sys

from click.testing import CliRunner

from kg.cli.main import cli
from kg.network.analytics import ANALYSES
from kg.sparql.labels import column_title
from kg.sparql.named import list_queries


def test_every_query_column_has_a_chinese_title():
    """queries/columns.csv titles every column a named query or an analysis returns (a guard like test_role_rule)."""
    import re

    from kg.i18n import use

    columns = {c for q in list_queries(scope=None) for c in q.columns}
    assert len(columns) > 50
    with use("zh"):
        missing = sorted(c for c in columns if not re.search(r"[\u4e00-\u9fff]|IRI|SHA", column_title(c)))
    assert missing == []
    result = CliRunner().invoke(cli, ["analyze", "partners", "--unit", "县法院", "-f", "csv"])
    assert result.exit_code == 0, result.output
    assert ANALYSES  # every analysis' columns are titled too
    for analysis in ANALYSES:
        args = ["analyze", analysis, "-f", "csv"] + (["--unit", "县法院"] if analysis == "partners" else [])
        header = CliRunner().invoke(cli, args).output.splitlines()[0].split(",")
        with use("zh"):
            assert [c for c in header if column_title(c) == c] == [], analysis


def test_labels_give_titles_and_words_ids_stay_without(monkeypatch):
    monkeypatch.delenv("KG_LANG", raising=False)
    runner = CliRunner()
    plain = runner.invoke(cli, ["query", "assignments", "-f", "csv"]).output.splitlines()
    assert plain[0] == "task,role,unit,written,stated,plan" and ",lead," in plain[1] and ",true," in plain[1]
    titled = runner.invoke(cli, ["query", "assignments", "-f", "csv", "--labels"]).output.splitlines()
    assert titled[0] == "序号,角色,单位,原文写法,原文明示,方案"
    assert ",指标牵头单位," in titled[1] and ",是," in titled[1]
    kinds = runner.invoke(cli, ["analyze", "workload", "--labels", "-f", "csv", "--limit", "1"]).output
    assert kinds.splitlines()[0].startswith("单位,英文名称,单位类型,") and "事业单位" in kinds


def test_tsv_writes_plain_values():
    out = CliRunner().invoke(cli, ["query", "assignments", "-f", "tsv"]).output.splitlines()
    assert out[0] == "task\trole\tunit\twritten\tstated\tplan"
    assert out[1].split("\t")[:3] == ["1", "lead", "县市场监管局"]  # not "1"^^xsd:integer or "县市场监管局"


def test_a_csv_file_opens_in_excel_and_a_pipe_stays_plain(tmp_path):
    """-o x.csv and `> x.csv` start with the BOM Excel on Chinese Windows needs; a pipe or --no-bom does not."""
    runner = CliRunner()
    runner.invoke(cli, ["query", "units", "-f", "csv", "-o", str(tmp_path / "a.csv")])
    assert (tmp_path / "a.csv").read_bytes().startswith(b"\xef\xbb\xbfid,unit")
    runner.invoke(cli, ["query", "units", "-f", "csv", "--no-bom", "-o", str(tmp_path / "b.csv")])
    assert (tmp_path / "b.csv").read_bytes().startswith(b"id,unit")
    with open(tmp_path / "c.csv", "wb") as handle:  # the shell's redirect: stdout is a file
        subprocess.run([sys.executable, "-m", "kg", "query", "units", "-f", "csv"], stdout=handle, check=True)
    assert (tmp_path / "c.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    piped = subprocess.run([sys.executable, "-m", "kg", "query", "units", "-f", "csv"], capture_output=True,
                           check=True)
    assert piped.stdout.startswith(b"id,unit")
    with open(tmp_path / "c.csv", encoding="utf-8-sig", newline="") as handle:
        assert next(csv.DictReader(handle))["unit"]


#: A sample of each query's parameters, so every query answers with rows on the bundled plan.
SAMPLES = {"unit-tasks": {"unit": "县法院"}, "coordination-pairs": {"unit": "县法院"}, "due-in-period": {"period": "2"},
           "due-by": {"date": "2023-06-30"}, "overdue": {"date": "2023-07-01"}, "task": {"task": "1"}}


def test_every_true_false_column_is_said_yes_or_no(oxigraph):
    """A column whose values are only true/false is a BOOLEAN_COLUMN (milestone-periods' target showed true/false
    where every other yes/no column said 是/否)."""
    from kg.model.domain import BOOLEAN_COLUMNS
    from kg.sparql.formats import plain
    from kg.sparql.named import run

    found = set()
    for q in list_queries():
        if q.name == "shacl-results":
            continue
        names, data = run(oxigraph, q, SAMPLES.get(q.name, {}))
        for name in names:
            values = {plain(r.get(name)) for r in data} - {None, ""}
            if values and values <= {"true", "false"}:
                found.add(name)
    assert {"target", "starts", "stated", "ongoing"} <= found
    assert found - BOOLEAN_COLUMNS == set()


def test_milestone_periods_and_due_in_period_say_their_columns_in_words(monkeypatch):
    """assigned is how a milestone's periods were placed (not a count); what falls due is a milestone or a deadline
    (not a unit's kind); target and starts are yes/no."""
    monkeypatch.delenv("KG_LANG", raising=False)
    runner = CliRunner()
    rows = list(csv.reader(runner.invoke(cli, ["query", "milestone-periods", "-f", "csv", "--labels"]).output
                           .splitlines()))
    assert rows[0] == ["方案", "序号", "节点目标", "时段", "时段名称", "设定目标", "时段判定方式", "内容"]
    assert {r[5] for r in rows[1:]} == {"是", "否"} and "逐列对应" in {r[6] for r in rows[1:]}
    rows = list(csv.reader(runner.invoke(cli, ["query", "due-in-period", "-p", "period=3", "-f", "csv", "--labels"])
                           .output.splitlines()))
    assert rows[0] == ["序号", "到期事项", "节点目标", "时段名称", "时段判定方式", "具体任务", "内容", "自本期开始", "方案"]
    assert {r[1] for r in rows[1:]} == {"阶段目标", "完成时限"} and {r[7] for r in rows[1:]} == {"是", "否"}
    from ..process import kg

    header = kg("--lang", "en", "query", "due-in-period", "-p", "period=3", "-f", "csv", "--labels").stdout.splitlines()[0]
    assert header.startswith("task,item due,milestone,period label,how the periods were placed,")
    assert ",starts in this period," in header


def test_a_table_for_people_is_in_words_by_default_and_csv_for_scripts_in_ids(monkeypatch):
    """#26: kg query unit-tasks printed plan/task/role and lead/false to a county office; a table and Markdown
    are said in words (--ids for the ids), CSV, TSV and JSON keep the ids (--labels for words)."""
    from ..process import kg

    monkeypatch.delenv("KG_LANG", raising=False)
    table = kg("query", "unit-tasks", "-p", "unit=县市场监管局").stdout.splitlines()
    assert table[0].split() == ["方案", "序号", "角色", "部分", "具体任务", "最终完成时限", "长期坚持", "说明"]
    assert " 指标牵头单位 " in table[2] and " 否 " in table[2] and table[-1] == "（共27行）"
    assert kg("query", "unit-tasks", "-p", "unit=县市场监管局", "--ids").stdout.split()[:2] == ["plan", "task"]
    assert kg("query", "unit-tasks", "-p", "unit=县市场监管局", "-f", "csv").stdout.startswith("plan,task,role,")
    assert kg("query", "unit-tasks", "-p", "unit=县市场监管局", "-f", "csv", "--labels").stdout.startswith(
        "方案,序号,角色,")
    english = kg("--lang", "en", "query", "unit-tasks", "-p", "unit=县市场监管局").stdout.splitlines()
    assert english[0].split()[:3] == ["plan", "task", "role"] and " lead " in english[2] and " no " in english[2]
    risks = kg("analyze", "risks", "--limit", "1").stdout.splitlines()
    assert risks[0].split()[:2] == ["风险", "单位"] and risks[2].startswith("牵头任务集中到期 ")


def test_status_records_and_orders_say_their_ids_in_words(monkeypatch):
    from kg.i18n import use
    from kg.model.domain import readable_value

    with use("zh"):
        assert [readable_value("colour", "yellow"), readable_value("by", "office"), readable_value("decision", "adopt"),
                readable_value("number", "2023-1-2"), readable_value("late", "true")] == [
            "黄", "督查办", "采纳规则建议", "督〔2023〕1-2号", "是"]
        assert column_title("reported_on") == "填报日期"
    with use("en"):
        assert [readable_value("colour", "yellow"), readable_value("number", "2023-1-2")] == ["yellow", "S(2023) 1-2"]


def test_a_task_in_full_says_its_facts_in_words_and_keeps_ids_for_scripts(monkeypatch):
    """kg query task: a county office reads 指标牵头单位 and 第790行，原文写作“县法院”, not lead and 'written … on line';
    the CSV keeps the ids (field lead, detail line 790 县法院) a script splits."""
    monkeypatch.delenv("KG_LANG", raising=False)
    runner = CliRunner()
    table = runner.invoke(cli, ["query", "task", "--param", "task=55"]).output
    for words in ("指标牵头单位", "第790行，原文写作“县法院”", "第3-6时段，合并至年末（推断）", "由正文推断，与措施重合100%",
                  "第1期目标", "原文行号", "部分"):
        assert words in table
    assert not {"lead", "written", "period", "overlap", "source_lines", "work_item"} & set(table.replace("，", " ").split())
    rows = list(csv.DictReader(runner.invoke(cli, ["query", "task", "--param", "task=55", "-f", "csv"]).output
                               .lstrip("\ufeff").splitlines()))
    facts = {(r["field"], r["detail"]) for r in rows}
    assert ("lead", "line 790 县法院") in facts and ("milestone 3", "period 3-6 merged-to-end") in facts
    assert ("measure", "overlap 100") in facts
    english = runner.invoke(cli, ["--lang", "en", "query", "task", "--param", "task=55"]).output
    assert "written 县法院 on line 790" in english and "指标牵头单位" not in english
    from kg.i18n import language

    assert language() == "zh"  # the --lang of one run ends with it: the next run in this process speaks Chinese
    help_en = runner.invoke(cli, ["--help", "--lang", "en"]).output
    assert "Usage" in help_en and language() == "zh"
