"""The office files kept in tests/data/rendered (scripts/render-test-files prints them with LibreOffice from
the recipes in tests/office.py) are still what their sources make, and LibreOffice as installed prints one of
each kind kg meets most afresh: a Word table as PDF (two-rows.pdf: a ruled table over pages, its two header rows
repeated, a running header and page numbers; the 21-page Word plan would cost three times the CPU), a workbook
as .xls and as .ods. Each fresh file must read as the kept one does, or the kept files no longer stand for what
offices get from LibreOffice."""
from __future__ import annotations

import json
import re

import pytest

from kg.readers import read_plan

from .office import RECIPES, RENDERED, libreoffice_at_once, manifest, rendered, sources

FRESH = ("two-rows.pdf", "plan-table.xls", "plan-table.ods")


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """Each recipe's source, made now."""
    return sources(tmp_path_factory.mktemp("sources"))


@pytest.fixture(scope="module")
def fresh(made, tmp_path_factory):
    """The FRESH files printed now by LibreOffice, all three at once."""
    folder = tmp_path_factory.mktemp("fresh")
    targets = {recipe.name: recipe.target for recipe in RECIPES}
    printed = libreoffice_at_once([(made[name], targets[name], folder / name) for name in FRESH])
    return dict(zip(FRESH, printed))


def test_the_kept_files_are_made_from_the_sources_as_they_are_now(made):
    kept = json.loads((RENDERED / "SOURCES.json").read_text(encoding="utf-8"))["files"]
    assert manifest(made) == kept, "a recipe or what it prints changed: run scripts/render-test-files"
    assert sorted(p.name for p in RENDERED.iterdir()) == sorted([*kept, "SOURCES.json"])


def _reading(plan) -> tuple:
    """What a reader test looks at: title, tasks (text without the spaces a line wrap may leave), assignments,
    and which findings."""
    return (plan.title, plan.year,
            [(t.number, t.section, t.work_item, re.sub(r"\s", "", t.description), t.deadline, t.ongoing,
              [(a.role, a.written, a.stated) for a in t.assignments]) for t in plan.tasks],
            sorted({f.code for f in plan.findings}))


@pytest.mark.parametrize("name", FRESH)
def test_a_file_printed_afresh_reads_as_the_kept_one(fresh, registry, name):
    assert _reading(read_plan(fresh[name], registry)) == _reading(read_plan(rendered(name), registry))
