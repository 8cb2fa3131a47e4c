"""Shared fixtures: the bundled plan built once per session, tiny tables per test."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from kg.rdf.build import build
from kg.readers.registry import load_registry
from kg.resources import bundled_plan
from kg.sparql.stores import MemoryStore, OxigraphStore

DATA = Path(__file__).parent / "data"

# Property tests (hypothesis): few examples and a fixed seed by default, so the suite stays fast and a CI run
# is the same run every time; HYPOTHESIS_PROFILE=explore searches longer and anew when hunting for crashes.
settings.register_profile("ci", max_examples=30, derandomize=True, deadline=None, database=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("explore", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def english(monkeypatch):
    """kg speaking English (KG_LANG=en), for tests that pin a rule's English wording; the Chinese default of the
    same messages is checked in tests/cli/test_error_languages.py."""
    from kg.i18n import set_language, reset_language

    monkeypatch.setenv("KG_LANG", "en")
    token = set_language(None)  # the context's own choice, if any, gives way to KG_LANG
    yield
    reset_language(token)


@pytest.fixture(scope="session")
def registry():
    return load_registry()


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The bundled plan built into a temporary folder: (BuildResult, folder)."""
    out = tmp_path_factory.mktemp("graph")
    return build(out=out), out


@pytest.fixture(scope="session")
def plan(built):
    return built[0].plans[0]


@pytest.fixture(scope="session")
def graph_file(built) -> Path:
    return built[1] / "kg.ttl"


@pytest.fixture(scope="session")
def memory(graph_file):
    return MemoryStore([graph_file])


@pytest.fixture(scope="session")
def oxigraph(graph_file):
    """The bundled plan in embedded Oxigraph, the engine kg uses by default (read-only in tests).

    Query answers are checked here; ``sparql/test_engines.py`` checks that rdflib
    and an endpoint give the same rows, so each engine is not re-tested by every test.
    """
    return OxigraphStore([graph_file])


@pytest.fixture(scope="session")
def net(oxigraph):
    """The plan network of the bundled plan (read-only in tests that share it)."""
    from kg.network.plan import load_network

    return load_network(oxigraph)


@pytest.fixture(scope="session")
def tiny(tmp_path_factory):
    """tests/data/tiny.txt: one row per quirk of the export, built."""
    out = tmp_path_factory.mktemp("tiny")
    return build([DATA / "tiny.txt"], out=out), out


@pytest.fixture
def source_text() -> str:
    return bundled_plan().read_text(encoding="utf-8")


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    """Run CLI commands in an empty folder, so default paths (graph/) land there."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def copy_graph(built, dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for file in built[1].iterdir():
        if file.is_file():  # not the store folder: a copy loads its own
            shutil.copy(file, dest / file.name)
    return dest


#: The modules that take longest (10–25 s of wall time each on two cores), longest first. scripts/test runs
#: them before the rest (with --no-loadscope-reorder, xdist sends modules out in this order), so that the
#: last modules sent are short ones and the two workers end together: sent last, a module of 20 s kept one
#: worker busy while the other stood idle. Only the order changes; a module missing here just runs later.
FIRST = ("tests/app/test_accounts.py", "tests/app/test_report_form.py", "tests/app/test_pages.py",
         "tests/sparql/test_engines_many_plans.py", "tests/sparql/test_virtuoso.py", "tests/sparql/test_server.py",
         "tests/app/test_language.py", "tests/rdf/test_many_plans.py", "tests/sparql/test_push.py",
         "tests/app/test_paging.py", "tests/views/test_interactive.py", "tests/status/test_office_months.py",
         "tests/readers/test_legacy_office.py", "tests/status/test_served.py", "tests/app/test_audit.py",
         "tests/readers/test_any_input.py", "tests/app/test_safety.py", "tests/status/test_status.py")


def pytest_collection_modifyitems(items):
    """Run the FIRST modules first, in that order; every other test keeps its place after them."""
    rank = {module: number for number, module in enumerate(FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0], len(FIRST)))


def pytest_sessionfinish(session):
    """Stop the Chromium that tests/browser.py shares within this process, if a test started it."""
    import sys

    browser = sys.modules.get("tests.browser")
    if browser is not None:
        browser.close()
