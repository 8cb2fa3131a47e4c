"""Benchmark: `kg build` against what Oxigraph takes to load what it writes, and a long task table.

Not part of the test suite. Run:  .venv/bin/python benchmarks/build.py [--plans 1,10,100] [--rows 1000,10000]

* N plans: N copies of the bundled plan's text, each under its own file name (so its own
  plan id), built into one graph by ``kg build``; then Oxigraph (pyoxigraph) bulk-loads the
  written ``kg.ttl`` in a fresh process. The ratio build / load is the target (≤ 10× at 100).
* R rows: one plan whose task table repeats the bundled plan's 81 rows, renumbered, to R rows.

Each build runs in its own process (peak memory is its own); times are wall-clock seconds.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kg.resources import bundled_plan


def copies(n: int, folder: Path) -> list[Path]:
    text = bundled_plan().read_text(encoding="utf-8")
    paths = []
    for k in range(1, n + 1):
        path = folder / f"plan-{k:04d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def long_table(rows: int, folder: Path) -> Path:
    """The bundled plan with its task table repeated, renumbered 1…rows."""
    lines = bundled_plan().read_text(encoding="utf-8").split("\n")
    starts, n = [], 1
    for index, line in enumerate(lines[lines.index("\t序号"):], start=lines.index("\t序号")):
        if line == f"\t{n}":
            starts.append(index)
            n += 1
    end = starts[-1] + next(i for i, line in enumerate(lines[starts[-1]:]) if line.strip() == "长期坚持") + 1
    blocks = [lines[a:b] for a, b in zip(starts, starts[1:] + [end])]
    body = []
    for k in range(rows):
        block = list(blocks[k % len(blocks)])
        block[0] = f"\t{k + 1}"
        body += block
    path = folder / f"long-{rows}.txt"
    path.write_text("\n".join(lines[:starts[0]] + body + lines[end:]), encoding="utf-8")
    return path


def child_build(sources: list[str], out: str) -> dict:
    from kg.rdf.build import build

    start = time.perf_counter()
    build([Path(s) for s in sources], out=Path(out))
    return {"seconds": time.perf_counter() - start,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def child_load(path: str) -> dict:
    import pyoxigraph

    start = time.perf_counter()
    store = pyoxigraph.Store()
    store.bulk_load(path=path, format=pyoxigraph.RdfFormat.TURTLE)
    return {"seconds": time.perf_counter() - start, "triples": len(store)}


def _run(*args: str) -> dict:
    out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", default="1,10,100")
    parser.add_argument("--rows", default="1000,10000")
    args = parser.parse_args()
    print(f"{'input':>14} {'triples':>9} {'build s':>8} {'peak MB':>8} {'ox load s':>9} {'build/load':>10}")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        sizes = [int(n) for n in args.plans.split(",") if n]
        rows = [int(r) for r in args.rows.split(",") if r]
        cases = [(f"{n} plans", lambda folder, n=n: copies(n, folder)) for n in sizes]
        cases += [(f"{r} rows", lambda folder, r=r: [long_table(r, folder)]) for r in rows]
        for label, make in cases:
            folder = work / label.replace(" ", "-")
            folder.mkdir()
            sources = make(folder)
            built = _run("--child-build", str(folder / "graph"), *map(str, sources))
            loaded = _run("--child-load", str(folder / "graph" / "kg.ttl"))
            print(f"{label:>14} {loaded['triples']:>9} {built['seconds']:>8.2f} {built['peak_mb']:>8.0f} "
                  f"{loaded['seconds']:>9.2f} {built['seconds'] / loaded['seconds']:>9.1f}x")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child-build"]:
        print(json.dumps(child_build(sys.argv[3:], sys.argv[2])))
    elif sys.argv[1:2] == ["--child-load"]:
        print(json.dumps(child_load(sys.argv[2])))
    else:
        main()
