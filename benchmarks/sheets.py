"""Benchmark: `kg sheet --all` for every unit, each format timed, at 1 plan and at N copies; not part of the tests.

Run: .venv/bin/python benchmarks/sheets.py [--plans 1,10,100]
Prints wall and CPU seconds per format and in all, and each size's ratio to one plan (measured in this
run; on a shared machine compare CPU seconds). Copies come from benchmarks/corpus.py.
"""
from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path

from corpus import write_corpus

from kg.network.plan import load_network
from kg.sparql.stores import open_store
from kg.views import SHEET_FORMATS
from kg.views.sheet_files import write_all_sheets

GRAPH = Path(__file__).resolve().parent.parent / "graph" / "kg.ttl"


def timed(net, formats: list[str], out: Path) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    write_all_sheets(net, formats, out, dt.date(2023, 5, 20))
    return time.perf_counter() - wall, time.process_time() - cpu


def measure(plans: int, tmp: Path) -> dict[str, tuple[float, float]]:
    graph = GRAPH
    if plans > 1:
        graph = tmp / f"corpus-{plans}.nt"
        write_corpus(plans, graph)
    net = load_network(open_store("auto", graph=graph))
    timings = {fmt: timed(net, [fmt], tmp / f"{plans}-{fmt}") for fmt in SHEET_FORMATS}
    timings["all"] = timed(net, list(SHEET_FORMATS), tmp / f"{plans}-all")
    print(f"{plans} plan(s), {len(net.unit_ids())} units, {len(net.tasks)} tasks")
    return timings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--plans", default="1,10", help="comma-separated corpus sizes; the first is the base")
    sizes = [int(n) for n in parser.parse_args().plans.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        results = {n: measure(n, Path(tmp)) for n in sizes}
    base = results[sizes[0]]
    print(f"{'plans':>6} {'format':8} {'wall s':>8} {'cpu s':>8} {'cpu ratio':>10}")
    for n, timings in results.items():
        for fmt, (wall, cpu) in timings.items():
            print(f"{n:6} {fmt:8} {wall:8.2f} {cpu:8.2f} {cpu / max(base[fmt][1], 1e-9):10.1f}")


if __name__ == "__main__":
    main()
