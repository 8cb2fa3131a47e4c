"""Benchmark: issue 29's speed and memory targets in one table, each at 1 plan and at N, with the ratio.

Run: .venv/bin/python benchmarks/targets.py [--plans 1,100] [--rows 10000] [--runs 3]
     (--plans 1,100,1000 adds the 1000-plan column: a build of 11 million triples, minutes)

Each size is built once (``kg build`` of N copies of the bundled plan, as benchmarks/build.py),
then measured as a user meets it, each command a new process:
* ``kg sheet --all -f all``: CPU seconds of the whole command (load included), target < 30 s;
* ``kg app``: the slowest page or download, first visit or the median after (benchmarks/app.py
  prints every page), target < 300 ms;
* ``kg query unit-tasks`` for 县市场监管局 (a busy unit) from a cold start: seconds against rows, target linear in the
  answer (its time ratio at most its row ratio);
* ``kg build``: peak memory, target below the 4 GB that loading and querying 1000 plans needs;
* a ROWS-row task table read as .xlsx against the same rows as CSV (CPU), target ≤ 1.5x.
The ratio column is the largest size's figure over the first size's, measured in this run: on a
shared machine compare ratios and CPU seconds, not wall-clock seconds from another day.
"""
from __future__ import annotations

import argparse
import csv
import io
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import app  # noqa: E402
import grid_read  # noqa: E402
from build import copies  # noqa: E402

KG = [sys.executable, "-m", "kg"]


def child_cpu(command: list[str]) -> tuple[float, float, float]:
    """Run ``command``; its CPU seconds (user + system), wall seconds and peak memory (MB)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return cpu, wall, after.ru_maxrss / 1024  # ru_maxrss: the largest child so far


def measure(n: int, folder: Path, runs: int) -> dict[str, float]:
    graph = folder / "graph"
    build = subprocess.run(["/usr/bin/time", "-f", "%M", *KG, "build", *map(str, copies(n, folder)), "--out",
                            str(graph)], check=True, capture_output=True, text=True)
    out: dict[str, float] = {"build peak MB": int(build.stderr.strip().splitlines()[-1]) / 1024}
    cpu, wall, _ = child_cpu([*KG, "sheet", "--all", "-f", "all", "-g", str(graph), "-o", str(folder / "sheets"),
                              "--as-of", "2023-05-20"])
    out["sheet --all -f all CPU s"], out["sheet --all -f all wall s"] = cpu, wall
    pages = app.measure(graph, runs)
    out["slowest app page ms"] = 1000 * max(max(cold, warm) for path, cold, warm in pages[1:] if warm)
    query = [*KG, "query", "unit-tasks", "-p", "unit=县市场监管局", "-g", str(graph), "-f", "csv"]
    subprocess.run(query, check=True, capture_output=True)  # the store the build left, opened once
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        answer = subprocess.run(query, check=True, capture_output=True, text=True).stdout
        times.append(time.perf_counter() - start)
    out["unit-tasks cold s"], out["unit-tasks rows"] = statistics.median(times), len(list(csv.reader(io.StringIO(answer)))) - 1
    return out


def xlsx_ratio(rows: int) -> float:
    registry = grid_read.load_registry()
    with tempfile.TemporaryDirectory() as tmp:
        csv_path, xlsx_path = grid_read.write_both(Path(tmp), rows)
        grid_read.cpu_seconds(csv_path, registry)  # warm-up
        return grid_read.cpu_seconds(xlsx_path, registry) / grid_read.cpu_seconds(csv_path, registry)


def verdicts(results: dict[int, dict[str, float]], top: int) -> dict[str, tuple[str, bool | None]]:
    base, last = results[min(results)], results[top]
    row_ratio = last["unit-tasks rows"] / base["unit-tasks rows"]
    time_ratio = last["unit-tasks cold s"] / base["unit-tasks cold s"]
    return {"sheet --all -f all CPU s": ("< 30 s at 100", last["sheet --all -f all CPU s"] < 30 if top >= 100 else None),
            "sheet --all -f all wall s": ("(the same, wall clock)", None),
            "slowest app page ms": ("< 300 ms at 100", last["slowest app page ms"] < 300 if top >= 100 else None),
            "unit-tasks cold s": (f"ratio ≤ rows' {row_ratio:.0f}x", time_ratio <= row_ratio),
            "unit-tasks rows": ("", None),
            "build peak MB": ("< 4096 MB at 1000", last["build peak MB"] < 4096 if top >= 1000 else None)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", default="1,100")
    parser.add_argument("--rows", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(x) for x in args.plans.split(",") if x]
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            folder = Path(tmp) / f"p{n}"
            folder.mkdir()
            print(f"measuring {n} plan(s) …", file=sys.stderr, flush=True)
            results[n] = measure(n, folder, args.runs)
    ratio = xlsx_ratio(args.rows)
    top = sizes[-1]
    print(f"\n{'measure':28}" + "".join(f" {f'{n} plans':>10}" for n in sizes) + f" {'ratio':>8}  target  met")
    for name, (target, met) in verdicts(results, top).items():
        cells = "".join(f" {results[n][name]:10.2f}" if name != "unit-tasks rows" else f" {results[n][name]:10.0f}"
                        for n in sizes)
        factor = results[top][name] / results[sizes[0]][name] if results[sizes[0]][name] else 0
        print(f"{name:28}{cells} {factor:7.1f}x  {target}  {'' if met is None else ('yes' if met else 'NO')}")
    print(f"{f'xlsx/csv read, {args.rows} rows':28}" + " " * 11 * len(sizes) + f" {ratio:7.2f}x  ≤ 1.5x  "
          f"{'yes' if ratio <= 1.5 else 'NO'}")


if __name__ == "__main__":
    main()
