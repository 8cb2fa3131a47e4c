"""Who must coordinate with whom: the network's pairs are coordination-pairs.rq's, asked of the store only when
a sheet, view or page wants them (a month's status commands and queries never do)."""
from __future__ import annotations

from kg.network.plan import load_network
from kg.sparql.formats import records
from kg.sparql.named import load_query, run
from kg.sparql.stores import OxigraphStore


def test_pairs_are_the_querys_and_asked_for_once_when_first_wanted(graph_file):
    store = OxigraphStore([graph_file])
    asked, select = [], store.select
    store.select = lambda text, bindings=None: asked.append(text) or select(text, bindings)
    query = load_query("coordination-pairs")
    net = load_network(store)
    assert query.text not in asked  # loading the network does not ask for them
    partners = net.partners("unit/market-supervision")
    assert asked.count(query.text) == 1 and net.pairs is net.pairs and asked.count(query.text) == 1
    rows = records(run(store, query, {"all_units": "true"}))
    assert {(f"unit/{r['id_a']}", f"unit/{r['id_b']}", len(r["task_ids"].split("|"))) for r in rows} \
        == {(p.a, p.b, len(p.tasks)) for p in net.pairs}
    shared = {r["id_b"] if r["id_a"] == "market-supervision" else r["id_a"]: int(r["shared"]) for r in rows
              if "market-supervision" in (r["id_a"], r["id_b"])}
    assert {other.removeprefix("unit/"): len(tasks) for other, tasks in partners} == shared
