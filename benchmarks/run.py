"""Benchmark: load time, named-query suite time and peak memory per corpus size and engine.

Not part of the test suite. Run:  .venv/bin/python benchmarks/run.py [--sizes 1,10,100,1000]
Engines: rdflib in memory, Oxigraph embedded (pyoxigraph), Oxigraph server over HTTP.
The suite runs as kg runs several queries (``run_many``, as ``load_network`` does): as many
at once as the store answers well (``Store.concurrency``: Oxigraph, up to the core count);
``oxigraph/1`` runs the same suite one query at a time, for the ratio. Each measurement
runs in its own process, so peak memory (max RSS; for the server, the server's own peak)
is that engine's alone. rdflib gets a time budget per suite; past it the table shows the
time as a lower bound (">"). Ratios compare engines in this run.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SAMPLES = {"unit-tasks": {"unit": "县市场监管局"},
           "due-in-period": {"period": "3"}, "due-by": {"date": "2023-06-30", "from": "2023-06-01"},
           "overdue": {"date": "2023-09-01"}, "task": {"task": "66"}}
ENGINES = ("memory", "oxigraph", "oxigraph/1", "server")


def suite():
    from kg.sparql.named import list_queries

    return [q for q in list_queries() if q.name != "shacl-results"]


def child(engine: str, corpus: Path, budget: float) -> dict:
    """One measurement, in this process."""
    from kg.sparql.named import run, run_many
    from kg.sparql.stores import EndpointStore, MemoryStore, OxigraphStore

    server = None
    start = time.perf_counter()
    if engine == "memory":
        store = MemoryStore([corpus])
    elif engine.startswith("oxigraph"):
        store = OxigraphStore([corpus], trusted=True)  # the corpus is kg's own output, as a built graph is
        if engine == "oxigraph/1":
            store.concurrency = 1
    else:
        from kg.sparql.server import SparqlServer

        server = SparqlServer([corpus], port=0).start(timeout=600)
        store = EndpointStore(server.query_url, timeout=600)
    load = time.perf_counter() - start
    queries, elapsed, complete, rows = suite(), 0.0, True, 0
    if store.concurrency > 1:  # as kg runs several queries
        start = time.perf_counter()
        rows = sum(len(answer[1]) for answer in run_many(store, [(q, SAMPLES.get(q.name, {})) for q in queries]))
        elapsed = time.perf_counter() - start
    else:  # one at a time, within rdflib's budget
        for query in queries:
            if elapsed > budget:
                complete = False
                break
            start = time.perf_counter()
            rows += len(run(store, query, SAMPLES.get(query.name, {}))[1])
            elapsed += time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if server:
        status = Path(f"/proc/{server.backend.process.pid}/status").read_text()  # the Oxigraph server's own peak
        peak = max(peak, int(next(l for l in status.splitlines() if l.startswith("VmHWM")).split()[1]) / 1024)
        server.stop()
    return {"load": load, "suite": elapsed, "complete": complete, "rows": rows, "peak_mb": peak,
            "queries": len(queries)}


def measure(engine: str, corpus: Path, budget: float) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", engine, str(corpus), "--budget", str(budget)],
                         capture_output=True, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    if out.returncode != 0:
        return {"error": (out.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10,100,1000")
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--rdflib-max", type=int, default=10, help="largest N given to rdflib")
    parser.add_argument("--budget", type=float, default=300.0, help="seconds for rdflib's suite")
    parser.add_argument("--child", nargs=2, metavar=("ENGINE", "CORPUS"))
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child[0], Path(args.child[1]), args.budget)))
        return
    sys.path.insert(0, str(HERE))
    from corpus import write_corpus

    sizes = [int(n) for n in args.sizes.split(",")]
    engines = args.engines.split(",")
    results: dict[tuple[int, str], dict] = {}
    print(f"{'plans':>6} {'triples':>9} {'engine':10} {'load s':>8} {'suite s':>9} {'peak MB':>8} {'rows':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            corpus = Path(tmp) / f"corpus-{n}.nt"
            triples = write_corpus(n, corpus)
            os.sync()  # written back before any timing: the load must not compete with its own input's write-back
            for engine in engines:
                if engine == "memory" and n > args.rdflib_max:
                    continue
                budget = args.budget if engine == "memory" else 1e9
                r = results[(n, engine)] = measure(engine, corpus, budget)
                if "error" in r:
                    print(f"{n:6} {triples:9} {engine:10} error: {r['error']}")
                    continue
                mark = "" if r["complete"] else ">"
                print(f"{n:6} {triples:9} {engine:10} {r['load']:8.2f} {mark + format(r['suite'], '.2f'):>9} "
                      f"{r['peak_mb']:8.0f} {r['rows']:8}", flush=True)
            corpus.unlink()
    print("\nratios (suite time, same N, this run):")
    for n in sizes:
        base = results.get((n, "oxigraph"))
        if not base or "error" in base:
            continue
        for engine in ("memory", "oxigraph/1", "server"):
            other = results.get((n, engine))
            if other and "error" not in other:
                mark = ">=" if not other.get("complete", True) else ""
                print(f"  N={n:<5} {engine} / oxigraph = {mark}{other['suite'] / base['suite']:.1f}x")


if __name__ == "__main__":
    main()
