"""Benchmark: how fast kg app's pages answer, at 1 and 100 plans (target: < 300 ms each at 100).

Run: .venv/bin/python benchmarks/app.py [--plans 1,100] [--runs 5] [--keep DIR]

For each size, a graph is built (``kg build`` of that many copies of the bundled plan), ``kg app``
is started on it as a user starts it, and each page is fetched over HTTP: once cold (the first
visit after start, which fills the workbench's caches) and ``--runs`` more times (the median).
As a baseline measured in the same run, ``/static/app.css`` (a file served as it is) is
fetched the same way: the ratio says how much of a page's time is kg's own work.
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


def pages(plan: str) -> list[str]:
    return ["/static/app.css", "/", "/unit/admin-service-center", f"/unit/admin-service-center/sheet.html?plan={plan}",
            f"/unit/court/graph?plan={plan}", f"/task/{plan}/66", "/search?q=" + urllib.parse.quote("市场监管"),
            "/search?q=" + urllib.parse.quote("人行奉节支行"), f"/views/plan?plan={plan}", "/views/coordination",
            "/sparql", "/sparql/unit-tasks?run=1&unit=" + urllib.parse.quote("县法院"), "/office/verify",
            "/office/bulletin", "/office/scorecard", "/office/remind"]


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
    parser.add_argument("--plans", default="1,100")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(x) for x in args.plans.split(",") if x):
            folder = Path(tmp) / f"p{n}"
            folder.mkdir()
            graph = folder / "graph"
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "kg", "build", *map(str, copies(n, folder)), "--out", str(graph)],
                           check=True, capture_output=True)
            print(f"\n{n} plan(s): built in {time.perf_counter() - start:.1f} s")
            rows = measure(graph, args.runs)
            baseline = rows[0][2]
            print(f"{'page':62} {'cold ms':>8} {'warm ms':>8} {'warm/static':>11}")
            for path, cold, warm in rows:
                ratio = f"{warm / baseline:10.1f}x" if warm else ""
                print(f"{urllib.parse.unquote(path)[:62]:62} {cold * 1000:8.0f} {warm * 1000:8.0f} {ratio:>11}")


if __name__ == "__main__":
    main()
