"""What the workbench keeps between requests: each answer made once, a slow one keeping no other page waiting,
the month's downloads made before they are asked for and made again once a record is written."""
from __future__ import annotations

import datetime as dt
import io
import threading

import openpyxl
import pytest

from kg.app.workbench import MONTH_FILES, Workbench
from kg.status.workflow import import_report

from ..conftest import copy_graph
from ..status.forms import csv_report

DAY = dt.date(2023, 6, 30)
#: Long enough for a thread on a busy machine, short enough that a broken lock fails the test, not the run.
PATIENCE = 30


@pytest.fixture()
def bench(built, tmp_path):
    return Workbench(copy_graph(built, tmp_path / "graph"), "auto", DAY)


def test_a_slow_answer_keeps_no_other_answer_waiting(bench):
    """Two requests for different answers are made at once: the second is answered while the first is still
    being made (no timing: the first's maker waits for the second's answer)."""
    started, release = threading.Event(), threading.Event()
    got = {}

    def slow():
        started.set()
        assert release.wait(PATIENCE), "the other answer never came"
        return "slow"

    asker = threading.Thread(target=lambda: got.setdefault("slow", bench.cached(("slow",), slow)))
    asker.start()
    assert started.wait(PATIENCE)
    assert bench.cached(("quick",), lambda: "quick") == "quick"  # while slow() is still running
    release.set()
    asker.join(PATIENCE)
    assert got == {"slow": "slow"}


def test_an_answer_asked_for_while_it_is_made_is_made_once(bench):
    started, release = threading.Event(), threading.Event()
    made, got = [], []

    def make():
        made.append(1)
        started.set()
        assert release.wait(PATIENCE)
        return object()

    first = threading.Thread(target=lambda: got.append(bench.cached(("one",), make)))
    first.start()
    assert started.wait(PATIENCE)
    second = threading.Thread(target=lambda: got.append(bench.cached(("one",), make)))
    second.start()
    second.join(0.2)
    assert second.is_alive()  # waiting for the first one's making, not making its own
    release.set()
    first.join(PATIENCE)
    second.join(PATIENCE)
    assert len(made) == 1 and len(got) == 2 and got[0] is got[1]


def test_a_failed_answer_is_not_kept(bench):
    def broken():
        raise ValueError("no")

    with pytest.raises(ValueError):
        bench.cached(("broken",), broken)
    assert bench.cached(("broken",), lambda: "made") == "made"


def _colour_of_task_1(workbook: bytes) -> str:
    sheet = openpyxl.load_workbook(io.BytesIO(workbook)).worksheets[0]
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if str(r[0]) == "1")
    return row[header.index(next(h for h in header if h.startswith("本期")))]


def test_the_months_downloads_are_made_before_they_are_asked_for_and_again_after_a_record(bench, tmp_path,
                                                                                            monkeypatch):
    import kg.status.report

    bench.prepare_downloads(DAY)  # what warm() does as the app starts, and again after a record
    made = []
    monkeypatch.setattr(kg.status.report, "report_xlsx", lambda report: made.append(report) or b"made again")
    before = bench.month_file("chart.xlsx", DAY)
    assert made == [] and before.startswith(b"PK")  # the file made beforehand is served
    assert all(bench.month_file(name, DAY) for name in MONTH_FILES)
    assert _colour_of_task_1(before) == "未报"

    import_report(csv_report(tmp_path / "june.csv", "1,green,2023-06-20,\n"), bench.net, bench.dir)
    bench.refresh()
    monkeypatch.undo()
    after = bench.month_file("chart.xlsx", DAY)
    assert _colour_of_task_1(after) == "绿"


def test_an_answer_made_while_a_record_is_written_is_not_kept(bench, tmp_path):
    """A chart begun before a record and finished after is handed to who asked, but the next visitor's is new."""
    started, release = threading.Event(), threading.Event()
    got = []

    def make():
        started.set()
        assert release.wait(PATIENCE)
        return "before the record"

    asker = threading.Thread(target=lambda: got.append(bench.cached(("chart",), make)))
    asker.start()
    assert started.wait(PATIENCE)
    import_report(csv_report(tmp_path / "june.csv", "1,green,2023-06-20,\n"), bench.net, bench.dir)
    bench.refresh()
    release.set()
    asker.join(PATIENCE)
    assert got == ["before the record"]
    assert bench.cached(("chart",), lambda: "after the record") == "after the record"


def test_records_in_a_burst_are_followed_by_one_more_warm_not_one_each(bench, tmp_path, monkeypatch):
    """Units report one after another while the month's files are being made again: the background warm in
    progress is followed by exactly one more, which sees every record; no thread is started per record."""
    bench._warmed = True  # as after the app's start
    runs, entered, release = [], threading.Event(), threading.Event()

    def warm():
        runs.append(len(bench.records))
        entered.set()
        assert release.wait(PATIENCE)

    monkeypatch.setattr(bench, "warm", warm)
    for number, task in enumerate(("1", "2", "3", "4"), start=1):
        import_report(csv_report(tmp_path / f"r{number}.csv", f"{task},green,2023-06-2{number},\n"), bench.net, bench.dir)
        bench.refresh()
        assert entered.wait(PATIENCE)  # the first record's warm is under way; the next three arrive during it
    assert [t.name for t in threading.enumerate()].count("kg-rewarm") == 1
    release.set()
    for thread in [t for t in threading.enumerate() if t.name == "kg-rewarm"]:
        thread.join(PATIENCE)
    assert len(runs) == 2 and runs[-1] == len(bench.records) > runs[0], runs
