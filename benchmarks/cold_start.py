"""Benchmark: `kg query` from a cold start (a new process each time), per engine.

Run: .venv/bin/python benchmarks/cold_start.py [QUERY ...]
Prints the median of 5 runs per engine and the ratio rdflib / Oxigraph measured in this run.
"""
from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

GRAPH = Path(__file__).resolve().parent.parent / "graph" / "kg.ttl"


def cold(query: str, store: str, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "kg", "query", query, "--store", store, "-g", str(GRAPH)],
                       check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    queries = sys.argv[1:] or ["tasks", "assignments", "workload", "coordination-pairs"]
    print(f"{'query':20} {'memory s':>9} {'oxigraph s':>11} {'ratio':>6}")
    for query in queries:
        memory, oxigraph = cold(query, "memory"), cold(query, "oxigraph")
        print(f"{query:20} {memory:9.2f} {oxigraph:11.2f} {memory / oxigraph:6.1f}")


if __name__ == "__main__":
    main()
