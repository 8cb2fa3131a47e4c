"""The command line: the README's commands, exit codes, one-line errors, no tracebacks."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from kg.cli.main import cli

from ..conftest import REPO
from ..process import kg, kg_process


def test_build_with_no_arguments(workdir):
    result = kg("build", cwd=workdir)
    assert result.returncode == 0, result.stderr
    assert "81项任务" in result.stdout and "408条分工" in result.stdout
    assert (workdir / "graph" / "kg.ttl").is_file() and (workdir / "graph" / "kg.jsonld").is_file()
    validate = kg("validate", cwd=workdir)
    assert validate.returncode == 0 and "SHACL：符合" in validate.stdout
    assert "原文中的问题（17条）" in validate.stdout


def test_validate_exit_1_when_not_conforming(workdir, built):
    text = (built[1] / "kg.ttl").read_text(encoding="utf-8")
    broken = text.replace('kg:number 12 ;', 'kg:number "twelve" ;', 1)
    assert broken != text
    (workdir / "broken.ttl").write_text(broken, encoding="utf-8")
    result = kg("validate", "--graph", "broken.ttl", cwd=workdir)
    assert result.returncode == 1
    assert "不符合约束" in result.stdout


@pytest.mark.parametrize("args, message", [
    (("build", "missing.txt"), "missing.txt: file not found"),
    (("query", "no-such-query"), "no query named 'no-such-query'"),
    (("query", "tasks", "--param", "x=1"), "has no parameter 'x'"),
    (("query", "tasks", "--format", "xml"), "Invalid value for '--format' / '-f'"),  # click's words (in Chinese by default)
    (("validate", "--graph", "nothing.ttl"), "nothing.ttl: graph file not found"),
    (("build", "--units", "nope.csv"), "unit registry not found"),
])
@pytest.mark.usefixtures("english")
def test_errors_are_one_line_exit_2(workdir, args, message):
    result = kg(*args, cwd=workdir)
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


@pytest.mark.usefixtures("english")
def test_syntax_error(graph_file):
    result = kg("query", "-g", str(graph_file), "-e", "SELECT * WHERE { ?s ?p }")
    assert result.returncode == 2 and "SPARQL syntax error" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.usefixtures("english")
def test_failed_build_writes_nothing(workdir):
    (workdir / "bad.txt").write_text("", encoding="utf-8")
    result = kg("build", "bad.txt", "--out", "out", cwd=workdir)
    assert result.returncode == 2 and "bad.txt:1: file is empty" in result.stderr
    assert not (workdir / "out").exists() or not any((workdir / "out").iterdir())


def test_query_formats(graph_file):
    runner = CliRunner()
    raw = subprocess.run([sys.executable, "-m", "kg", "query", "tasks", "-g", str(graph_file),
                          "-f", "csv"], capture_output=True, check=True).stdout.decode("utf-8")
    assert raw.split("\n")[0] == "task,section,work_item,deadline,ongoing,milestones,plan\r"  # RFC 4180
    data = json.loads(runner.invoke(cli, ["query", "tasks", "-g", str(graph_file), "-f", "json"]).output)
    assert data["head"]["vars"] == ["task", "section", "work_item", "deadline", "ongoing", "milestones", "plan"]
    first = data["results"]["bindings"][0]
    assert first["task"] == {"type": "literal", "value": "1",
                             "datatype": "http://www.w3.org/2001/XMLSchema#integer"}
    tsv = runner.invoke(cli, ["query", "assignments", "-g", str(graph_file), "-f", "tsv"]).output
    assert tsv.splitlines()[0] == "task\trole\tunit\twritten\tstated\tplan"  # plain values, no RDF terms
    md = runner.invoke(cli, ["query", "tasks", "-g", str(graph_file), "-f", "md", "--ids"]).output
    assert md.startswith("| task | section |")  # Markdown is for people: titled unless --ids


def test_version():
    result = kg_process("--version")  # the real entry point, python -m kg, in a child process
    assert result.returncode == 0 and result.stdout.startswith("kg，版本 ")  # Chinese by default


def test_readme_opens_with_the_two_commands():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = readme.split("```")
    assert "kg build" in blocks[1] and "scripts/test" in blocks[3]
    assert "scripts/test" in (REPO / ".ci" / "run").read_text(encoding="utf-8")
