"""Benchmark: `kg query` from a cold start (a new process each time), at 1 and 100 plans.

Run: .venv/bin/python benchmarks/cold_start.py [--plans 1,100] [QUERY ...]

For each size, a graph is built (``kg build``, which leaves the Oxigraph store every query
reuses), then each query runs 5 times in new processes:
* ``store``: as a user runs it, reusing the store the build left;
* ``load``: the same with the store removed before each run, so the graph is loaded
  afresh (what every query did before the store was kept);
* ``memory``: rdflib (``--store memory``), at 1 plan only.
Prints the median seconds and the ratio load / store measured in this run.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import copies  # noqa: E402

PARAMS = {"unit-tasks": ["-p", "unit=县法院"], "task": ["-p", "task=66"]}


def cold(graph: Path, query: str, store: str, fresh: bool, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        if fresh:
            shutil.rmtree(graph / ".kg-store", ignore_errors=True)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "kg", "query", query, *PARAMS.get(query, []), "--store", store,
                        "-g", str(graph), "-o", "/dev/null"], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", default="1,100")
    parser.add_argument("queries", nargs="*", default=["unit-tasks", "tasks", "workload"])
    args = parser.parse_args()
    print(f"{'plans':>5} {'query':14} {'store s':>8} {'load s':>8} {'memory s':>9} {'load/store':>10}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(x) for x in args.plans.split(",") if x):
            folder = Path(tmp) / f"p{n}"
            folder.mkdir()
            graph = folder / "graph"
            subprocess.run([sys.executable, "-m", "kg", "build", *map(str, copies(n, folder)), "--out", str(graph)],
                           check=True, capture_output=True)
            for query in args.queries:
                kept = cold(graph, query, "oxigraph", fresh=False)
                loaded = cold(graph, query, "oxigraph", fresh=True)
                memory = f"{cold(graph, query, 'memory', fresh=False):9.2f}" if n == 1 else f"{'—':>9}"
                print(f"{n:>5} {query:14} {kept:8.2f} {loaded:8.2f} {memory} {loaded / kept:9.1f}x")
                cold(graph, query, "oxigraph", fresh=True, runs=1)  # leave the store as a build would


if __name__ == "__main__":
    main()
