"""Rules written in one place: a guard for each that other modules must read rather than restate."""
from __future__ import annotations

import re
from pathlib import Path

import kg

SRC = Path(kg.__file__).parent
#: Folders whose modules may still spell a rule out (none left: every guard holds everywhere).
PENDING: tuple[str, ...] = ()


def _spelling(pattern: str) -> set[str]:
    """The modules (outside PENDING) whose text matches ``pattern``."""
    return {name for path in SRC.rglob("*.py") if not (name := str(path.relative_to(SRC))).startswith(PENDING)
            and re.search(pattern, path.read_text(encoding="utf-8"))}


def test_the_default_graph_folder_is_named_once():
    """kg.files.GRAPH_FOLDER / graph_path: `kg build` writes where every command reads."""
    spelt = _spelling(r"""Path\(\s*["']graph["']\s*\)""")
    assert spelt == {"files.py"}, spelt


def test_sparql_rows_become_records_in_one_place():
    """kg.sparql.formats.records: every column present, unbound as "", IRIs and literals as text."""
    spelt = _spelling(r"\{\s*\w+\s*:\s*plain\(\s*\w+\.get\(\s*\w+\s*\)\s*\)\s*for \w+ in \w+\s*\}")
    assert spelt == {"sparql/formats.py"}, spelt


def test_kgs_namespaces_are_spelt_only_in_the_vocabulary():
    """kg.model.vocab names kg's namespaces (KG, KGK, KGM, KGC, ID); a module builds IRIs from those."""
    spelt = _spelling(r"w3id\.org/kg")
    assert spelt == {"model/vocab.py"}, spelt


def test_a_milestone_is_one_class_from_reading_to_the_sheets():
    """The reader's record, the network's task milestones and the sheets' cells are kg.model.records.Milestone."""
    from kg.model.records import Milestone
    from kg.network import plan
    from kg.views import sheets

    assert plan.Milestone is Milestone and sheets.Milestone is Milestone
    defined = _spelling(r"(?m)^class \w*Milestone\w*\b")
    assert defined == {"model/records.py"}, defined


def test_the_workload_order_is_the_querys(oxigraph):
    """kg.network.plan.busiest_first sorts units as workload.rq's ORDER BY does (the copy kept for speed).
    On Oxigraph, a hundred times faster than rdflib here; sparql/test_engines.py shows both give the same rows."""
    from kg.network.plan import load_network

    net = load_network(oxigraph)
    by_query = list(net.workload)
    assert len(by_query) > 20 and len({net.workload[u].load for u in by_query}) < len(by_query)  # ties to break
    assert sorted(by_query, key=net.busiest_first) == by_query
    assert any(net.workload[a].load == net.workload[b].load and net.workload[a].led != net.workload[b].led
               for a, b in zip(by_query, by_query[1:])), "no tie broken by tasks led: the test shows nothing"


def _ontology(name: str):
    from rdflib import Graph

    from kg.resources import ontology_dir

    return Graph().parse(ontology_dir() / name)


def test_the_kinds_agree_in_python_the_ontology_the_shapes_and_the_colours():
    """model.domain.KINDS is the list; the kind scheme, the shape's sh:in and the view colours follow it."""
    from rdflib import RDF, SH, SKOS, Literal
    from rdflib.collection import Collection

    from kg.model.domain import KINDS
    from kg.model.vocab import KG
    from kg.views.interactive import KIND_COLOURS

    ontology = _ontology("kg.ttl")
    scheme = {str(ontology.value(c, SKOS.notation)) for c in ontology.subjects(SKOS.inScheme, KG.UnitKindScheme)}
    top = {str(ontology.value(c, SKOS.notation)) for c in ontology.objects(KG.UnitKindScheme, SKOS.hasTopConcept)}
    assert scheme == top == set(KINDS)
    shapes = _ontology("shapes.ttl")
    lists = [Collection(shapes, node) for prop in shapes.subjects(SH.path, KG.kind) for node in shapes.objects(prop, SH["in"])]
    assert [[str(term).rsplit("/", 1)[1] for term in kinds] for kinds in lists] == [list(KINDS)]
    assert list(KIND_COLOURS) == list(KINDS)
    assert all((None, SKOS.notation, Literal(kind)) in ontology for kind in KINDS)
    assert (KG.UnitKindScheme, RDF.type, SKOS.ConceptScheme) in ontology


def test_not_one_unit_is_the_same_two_kinds_in_python_the_graph_and_every_query():
    """NOT_ONE_UNIT's kinds are typed kg:Collective / kg:Placeholder at build; each query that leaves
    such units out leaves out both classes for every unit it filters."""
    from kg.model.domain import KINDS, NOT_ONE_UNIT, one_unit
    from kg.rdf.triples import _UNIT_CLASS
    from kg.resources import queries_dir

    assert NOT_ONE_UNIT < set(KINDS) and [k for k in KINDS if not one_unit(k)] == sorted(NOT_ONE_UNIT, key=KINDS.index)
    classes = {f"kg:{kind.title()}" for kind in NOT_ONE_UNIT}
    assert {f"kg:{iri.rsplit('#', 1)[-1].rsplit('/', 1)[-1]}" for iri in _UNIT_CLASS.values()} == classes
    filtering = 0
    for path in sorted(queries_dir().glob("*.rq")):
        if path.stem.startswith("placeholder-"):
            continue  # about placeholders themselves, not leaving them out
        left_out: dict[str, set[str]] = {}
        for var, cls in re.findall(r"NOT EXISTS \{ \?(\w+) a (kg:\w+) \}", path.read_text(encoding="utf-8")):
            left_out.setdefault(var, set()).add(cls)
        filtering += bool(left_out)
        assert all(found == classes for found in left_out.values()), f"{path.name}: {left_out}"
    assert filtering >= 3  # workload, support-only, coordination-pairs


def _ontology_prefixes() -> dict[str, str]:
    from kg.resources import ontology_dir

    found: dict[str, str] = {}
    for path in sorted(ontology_dir().glob("*.ttl")):
        found.update(re.findall(r"@prefix\s+(\w+):\s*<([^>]+)>", path.read_text(encoding="utf-8")))
    return found


def test_the_namespaces_queries_spell_are_the_vocabularys():
    """Queries spell namespaces as PREFIX lines and as strings (STRAFTER(STR(?k), ".../kind/")): each must
    be the namespace kg.model.vocab (or, for SHACL and status colours, the ontology files) declares."""
    from kg.model.vocab import PREFIXES
    from kg.resources import queries_dir

    known = {name: str(namespace) for name, namespace in PREFIXES} | {"sh": "http://www.w3.org/ns/shacl#"}
    ontology = _ontology_prefixes()
    assert all(known.get(name, iri) == iri for name, iri in ontology.items()), ontology
    known |= ontology
    spelt = 0
    for path in sorted(queries_dir().glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        for name, iri in re.findall(r"PREFIX\s+(\w*):\s*<([^>]+)>", text, flags=re.IGNORECASE):
            assert known.get(name) == iri, f"{path.name}: PREFIX {name}: <{iri}>"
        for iri in re.findall(r"""["'](https?://[^"']+)["']""", text):
            spelt += 1
            assert iri in known.values(), f"{path.name}: {iri} is no declared namespace"
    assert spelt >= 3  # kind/, method/, status/ as strings


#: A reader's own copy of a fold: whitespace removed inline, or a name or id folded with strip and casefold.
_INLINE_FOLDS = (r"""re\.sub\(\s*r?["']\\s[+*]?["']\s*,\s*["']["']""",  # re.sub(r"\s+", "", text)
                 r"""["']["']\.join\(\s*[\w.]+\.split\(\)\s*\)""",  # "".join(text.split())
                 r"""\.replace\(\s*["'] ["']\s*,\s*["']["']\s*\)""",  # text.replace(" ", "")
                 r"\.strip\(\)\.casefold\(\)|\.casefold\(\)\.strip\(\)")


def test_readers_fold_text_in_one_place():
    """kg.readers.fold: no_space removes whitespace, title_key folds a column's title, name_key and lookup_key a
    unit's name (kg:key). Readers call them; none removes whitespace inline or folds names its own way."""
    for pattern in _INLINE_FOLDS:
        spelt = {name for name in _spelling(pattern) if name.startswith("readers/")}
        assert not spelt, f"{pattern} in {spelt}: call kg.readers.fold"
    assert re.search(_INLINE_FOLDS[0], 'key = re.sub(r"\\s+", "", line)')  # the guard sees what it guards


def test_role_words_are_the_roles_own():
    """model.domain.Role is the truth for a role's column title (指标牵头单位) and verb (牵头): the readers' keys,
    verbs, short keys and heading keys read it, and spell none of them again."""
    from kg.model.domain import ROLES
    from kg.readers.roles import HEADING_KEYS, ROLE_KEYS, ROLE_VERBS, SHORT_KEYS

    for r in ROLES:
        assert ROLE_KEYS[r.column] == ROLE_VERBS[r.short] == SHORT_KEYS[r.short] == r.name
    assert all(ROLE_VERBS[word] == name for word, name in SHORT_KEYS.items() if word != "责任")
    assert HEADING_KEYS[0] == next(r.column for r in ROLES if r.name == "lead")
    words = "|".join(word for r in ROLES for word in (r.column, r.short))
    spelt = {name for name in _spelling(rf"""["'](?:{words})["']\s*:""") if name.startswith("readers/")}
    assert not spelt, spelt


def test_the_deadline_keys_are_one_list():
    """kg.readers.dates.DEADLINE_KEYS: the keys a units phrase, a deadline phrase and a column title read."""
    assert _spelling(r"(?m)^DEADLINE_KEYS\s*=") == {"readers/dates.py"}
    spelt = {name for name in _spelling(r"完成时限\|") if name.startswith("readers/")}
    assert not spelt, spelt
