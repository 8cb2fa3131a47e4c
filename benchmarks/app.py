"""Benchmark: how fast kg app's pages answer, at 1 and 100 plans (target: < 300 ms each at 100).

Run: .venv/bin/python benchmarks/app.py [--plans 1,100] [--runs 5] [--keep DIR]

For each size, a graph is built (``kg build`` of that many copies of the bundled plan), ``kg app``
is started on it as a user starts it, and each page and download is fetched over HTTP: once cold
(the first visit after start, which fills the workbench's caches) and ``--runs`` more times (the
median). Prints one row a page: milliseconds at each size, the warm ratio to the first size
(measured in this run), and whether the page met the target (< 300 ms, cold and warm, at the
largest size). ``/static/app.css``, a file served as it is, is the floor.
"""
from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import copies  # noqa: E402

AS_OF = "2023-06-30"
#: Every page, first visit and after, at 100 plans (issue 29).
TARGET = 0.300


def pages(plan: str) -> list[str]:
    """Every page a planner or the office opens, and the downloads; the first is the static baseline."""
    unit = "/unit/admin-service-center"
    return ["/static/app.css", "/", unit, f"{unit}?plan={plan}", f"{unit}/sheet.html?plan={plan}",
            f"{unit}/sheet.xlsx?plan={plan}", f"{unit}/sheet.docx?plan={plan}", f"/unit/court/graph?plan={plan}",
            f"/task/{plan}/66", "/search?q=" + urllib.parse.quote("市场监管"),
            "/search?q=" + urllib.parse.quote("人行奉节支行"), f"/views/plan?plan={plan}", "/views/coordination",
            "/sparql", "/sparql/unit-tasks?run=1&unit=" + urllib.parse.quote("县法院"),
            "/sparql/coordination-pairs?run=1", "/office", "/office/verify", "/office/audit", "/office/chart",
            "/office/chart.html", "/office/chart.xlsx", "/office/review.xlsx", "/office/orders",
            "/office/bulletin", "/office/bulletin.md", "/office/bulletin.docx", "/office/scorecard",
            "/office/scorecard.xlsx", "/office/remind"]


def fetch(url: str) -> float:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=600) as response:
        response.read()
    return time.perf_counter() - start


def measure(graph: Path, runs: int) -> list[tuple[str, float, float]]:
    begun = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "kg", "app", "-g", str(graph), "--port", "0", "--as-of", AS_OF],
                               stdout=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()  # printed once the graph is loaded and the server listens
        ready = time.perf_counter() - begun
        base = re.search(r"(http://\S+)", line).group(1).rstrip("/")
        plans = urllib.request.urlopen(base + "/sparql/plans?format=csv").read().decode().splitlines()[1:]
        plan = plans[0].split(",")[0]
        out = []
        for path in pages(plan):
            cold = fetch(base + path)
            warm = statistics.median(fetch(base + path) for _ in range(runs))
            out.append((path, cold, warm))
        out.append(("(start-up: load the graph, listen)", ready, 0.0))
        return out
    finally:
        process.terminate()
        process.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", default="1,100", help="comma-separated sizes; the first is the base of the ratio")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    sizes = [int(x) for x in args.plans.split(",") if x]
    results: dict[int, dict[str, tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            folder = Path(tmp) / f"p{n}"
            folder.mkdir()
            graph = folder / "graph"
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "kg", "build", *map(str, copies(n, folder)), "--out", str(graph)],
                           check=True, capture_output=True)
            print(f"{n} plan(s): built in {time.perf_counter() - start:.1f} s", flush=True)
            results[n] = {path: (cold, warm) for path, cold, warm in measure(graph, args.runs)}
    table(results, sizes)


def table(results: dict[int, dict[str, tuple[float, float]]], sizes: list[int]) -> None:
    """Each page's cold and warm milliseconds per size, the warm ratio to the first size, and the target."""
    base, top = sizes[0], sizes[-1]
    head = "".join(f" {f'cold@{n}':>9} {f'warm@{n}':>9}" for n in sizes)
    print(f"\n{'page':58}{head} {'ratio':>7}  target < {TARGET * 1000:.0f} ms at {top}")
    for path in results[top]:
        cells = "".join(f" {results[n][path][0] * 1000:9.0f} {results[n][path][1] * 1000:9.0f}" for n in sizes)
        warm_base, (cold, warm) = results[base][path][1], results[top][path]
        ratio = f"{warm / warm_base:6.1f}x" if warm and warm_base else ""
        met = "" if not warm else ("met" if max(cold, warm) < TARGET else "NOT MET")
        print(f"{urllib.parse.unquote(path)[:58]:58}{cells} {ratio:>7}  {met}")


if __name__ == "__main__":
    main()
