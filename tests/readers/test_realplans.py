"""Real public plans, read as users bring them, scored against hand-made gold (tests/data/realplans).

The same measure as ``realplans/score.py``: each plan is built, then the
``assignments`` and ``tasks`` named queries are read (the contract other tools
use); stated (task, role, unit) triples are compared with the gold after the
GUIDE's normalisation (no whitespace, full-width brackets, no trailing 等,
OpenCC t2s for traditional texts). Only gold tasks count.
"""
from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from kg.rdf.build import build
from kg.readers.traditional import simplified_twin
from kg.sparql.formats import plain
from kg.sparql.named import load_query, run
from kg.sparql.stores import OxigraphStore

from ..conftest import DATA

CORPUS = DATA / "realplans"
PLANS = sorted(p.stem for p in (CORPUS / "gold").glob("*.csv"))


def _norm(unit: str, traditional: bool) -> str:
    unit = re.sub(r"\s+", "", unit).replace("(", "（").replace(")", "）").strip("。.，,、；;")
    unit = unit[:-1] if unit.endswith("等") else unit
    return simplified_twin(unit) if traditional else unit


def _source(plan_id: str, corpus: Path = CORPUS) -> Path:
    docx = corpus / "docs" / f"{plan_id}.docx"
    return docx if docx.exists() else corpus / "docs" / f"{plan_id}.txt"


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    return score_corpus(CORPUS, tmp_path_factory)


def score_corpus(corpus: Path, tmp_path_factory) -> dict:
    """Per plan of ``corpus`` (docs/ and gold/ as in realplans): (true positives, predicted, gold, deadlines
    right, deadlines, tasks built, tasks in the plan, gold missed, found beyond the gold)."""
    out = {}
    for plan_id in sorted(p.stem for p in (corpus / "gold").glob("*.csv")):
        meta = json.loads((corpus / "gold" / f"{plan_id}.meta.json").read_text(encoding="utf-8"))
        gold_rows = list(csv.DictReader((corpus / "gold" / f"{plan_id}.csv").open(encoding="utf-8")))
        traditional = plan_id.endswith("-trad")
        folder = tmp_path_factory.mktemp(plan_id)
        result = build([_source(plan_id, corpus)], out=folder)
        store = OxigraphStore([folder / "kg.ttl"])
        tasks = {r["task"] for r in gold_rows} | set(meta["deadlines"])
        gold = {(r["task"], r["role"], _norm(r["unit"], traditional)) for r in gold_rows}
        names, rows = run(store, load_query("assignments"), {})
        found = set()
        for row in rows:
            row = {n: plain(row.get(n)) for n in names}
            if row["task"] in tasks and row["stated"] == "true":
                found.add((row["task"], row["role"], _norm(row["written"], traditional)))
        names, rows = run(store, load_query("tasks"), {})
        deadline = {}
        for row in rows:
            row = {n: plain(row.get(n)) for n in names}
            deadline[row["task"]] = "ongoing" if row["ongoing"] == "true" else (row["deadline"] or "none")
        right = sum(deadline.get(task) == value for task, value in meta["deadlines"].items())
        out[plan_id] = (len(gold & found), len(found), len(gold), right, len(meta["deadlines"]),
                        len(result.plans[0].tasks), meta["actual_tasks"], gold - found, found - gold)
    return out


@pytest.mark.parametrize("plan_id", PLANS)
def test_each_real_plan_reads_as_a_person_reads_it(scored, plan_id):
    tp, predicted, gold, right, deadlines, built, actual, missed, extra = scored[plan_id]
    assert (sorted(missed)[:5], sorted(extra)[:5]) == ([], [])
    assert right == deadlines
    assert built == actual  # every measure that carries units is a task, and nothing else is


def test_micro_precision_recall_and_deadlines(scored):
    tp = sum(s[0] for s in scored.values())
    predicted = sum(s[1] for s in scored.values())
    gold = sum(s[2] for s in scored.values())
    right = sum(s[3] for s in scored.values())
    deadlines = sum(s[4] for s in scored.values())
    print(f"\n{len(scored)} real plans: P={tp / predicted:.3f} R={tp / gold:.3f} deadlines={right / deadlines:.3f}")
    assert tp / predicted >= 0.95 and tp / gold >= 0.95 and right / deadlines >= 0.95


@pytest.mark.usefixtures("english")
def test_the_tianjin_text_copy_of_a_table_fails_with_advice(tmp_path):
    """A table copied out of a PDF loses its columns: kg says so and points at the Word file."""
    from kg.errors import InputError

    with pytest.raises(InputError, match="table copied"):
        build([CORPUS / "docs" / "province-tianjin-2023-yshj-zrqd.txt"], out=tmp_path / "g")
    assert not (tmp_path / "g").exists()
