"""Benchmark: `kg sheet --all` for every unit, each format timed; not part of the tests.

Run: .venv/bin/python benchmarks/sheets.py
Prints seconds per format and each format's ratio to the cheapest one (measured in this run).
"""
from __future__ import annotations

import datetime as dt
import tempfile
import time
from pathlib import Path

from kg.network.plan import load_network
from kg.sparql.stores import open_store
from kg.views import SHEET_FORMATS
from kg.views.sheet_files import write_all_sheets

GRAPH = Path(__file__).resolve().parent.parent / "graph" / "kg.ttl"


def main() -> None:
    start = time.perf_counter()
    net = load_network(open_store("auto", graph=GRAPH))
    load = time.perf_counter() - start
    units = len(net.unit_ids())
    print(f"network loaded in {load:.2f}s ({units} units)")
    timings = {}
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in SHEET_FORMATS:
            start = time.perf_counter()
            write_all_sheets(net, [fmt], Path(tmp) / fmt, dt.date(2023, 5, 20))
            timings[fmt] = time.perf_counter() - start
        start = time.perf_counter()
        write_all_sheets(net, list(SHEET_FORMATS), Path(tmp) / "all", dt.date(2023, 5, 20))
        total = time.perf_counter() - start
    base = min(timings.values())
    print(f"{'format':8} {'seconds':>8} {'per unit ms':>12} {'ratio':>6}")
    for fmt, seconds in timings.items():
        print(f"{fmt:8} {seconds:8.2f} {1000 * seconds / units:12.1f} {seconds / base:6.1f}")
    print(f"{'all':8} {total:8.2f} {1000 * total / units:12.1f} {total / base:6.1f}")


if __name__ == "__main__":
    main()
