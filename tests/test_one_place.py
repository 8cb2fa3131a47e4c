"""Rules written in one place: a guard for each that other modules must read rather than restate."""
from __future__ import annotations

import csv
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


def test_the_default_sheets_folder_is_named_once():
    """kg.views.sheet_files.SHEETS_FOLDER: kg sheet writes there, whether one unit's or every unit's."""
    spelt = _spelling(r"""Path\(\s*["']sheets["']\s*\)""")
    assert spelt == {"views/sheet_files.py"}, spelt


def test_a_units_view_is_named_once():
    """kg.views.interactive.unit_page: the page written, the one found again for the index, its view name."""
    page = r"unit-(\{[^}]*unit_id\}|\*)"  # unit-{node.unit_id}, unit-*.html
    spelt = _spelling(page)
    assert spelt == {"views/interactive.py"}, spelt
    assert len(re.findall(page, (SRC / "views" / "interactive.py").read_text(encoding="utf-8"))) == 1


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
    # Every list of units by workload reads it: kg analyze workload, the plan view's units, the home page.
    from kg.app.pages import busiest
    from kg.network.analytics import workload
    from kg.views.interactive import _busiest

    assert [row["unit"] for row in workload(net, all_units=True)] == [net.units[u].name for u in by_query]
    assert _busiest(net, sorted(by_query), 15) == by_query[:15]
    assert [u for u, _figures in busiest(net, 15)] == [u for u in by_query if net.units[u].one_unit][:15]
    spelt = _spelling(r"key=lambda[^\n]*\bloads?\b")  # a sort of units by load of its own
    assert spelt == set(), spelt


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


def test_the_office_groups_share_out_every_kind_once():
    """kg.status.state.GROUPS splits the units the office ranks by kind: each kind of KINDS falls in exactly
    one group (a new kind is placed on purpose, not by unit_group's fallback), and what is not one unit
    (NOT_ONE_UNIT) is never among the departments and units."""
    from kg.model.domain import KINDS, NOT_ONE_UNIT
    from kg.status.state import GROUPS, unit_group

    placed = [kind for kinds in GROUPS.values() for kind in kinds]
    assert sorted(placed) == sorted(KINDS), placed
    assert {unit_group(kind) for kind in NOT_ONE_UNIT} == {"企业及其他"}


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


#: A record's month worked out by hand: its 填报月份, else a date's month (as report.py and workflow.py once did).
_MONTH_BY_HAND = r"""month["']\)?\]?\s+or\s+\(?\w+\[["'](?:as_of|reported)["']\]"""


def test_a_records_month_is_decided_in_one_place():
    """kg.status.state.month_of: its 填报月份, else the month of its date. The chart's periods, the import and
    the month's state all ask it; none works it out by itself."""
    for restated in ('net.period_of(r["month"] or r["as_of"][:7])', 'round_of(r["month"] or (r["reported"] or day)',
                     'return record.get("month") or record["as_of"][:7]'):
        assert re.search(_MONTH_BY_HAND, restated), restated
    assert _spelling(_MONTH_BY_HAND) == set()


#: The status colours' notations: an office may rename them (ontology/status-colours.ttl), so code never spells one.
_NOTATION = r"""["'](?:blue|green|yellow|orange|red)["']"""  # not-reported is a meaning too


def test_a_colour_is_looked_up_by_its_meaning_in_one_place():
    """kg.model.domain.colour_for finds the colour that stands for a meaning, Colour.reportable the colours a
    report may give; no module compares a colour's meaning or spells a notation itself."""
    meaning = r"\.meaning\s*[!=]=|next\([^)]*\.meaning"
    for restated in ('done = next(c for c in scheme if c.meaning == "done")',
                     'return next(c.hex for c in scheme.values() if c.meaning == "not-reported")'):
        assert re.search(meaning, restated), restated
    assert _spelling(meaning) == {"model/domain.py"}
    assert re.search(_NOTATION, 'done: str = "blue"')
    assert _spelling(_NOTATION) == set()
    templates = [p for p in SRC.rglob("*.html") if re.search(r"meaning\s*[!=]=", p.read_text(encoding="utf-8"))]
    assert templates == []


def test_a_worksheet_is_finished_and_a_colour_cell_filled_in_one_place():
    """kg.views.xlsx_tables: Styles gives every cell look (a status colour's fill among them) and table_sheet
    finishes every table (widths, frozen header, filter, print set-up). The template, the review sheet, the
    chart, the scorecard and the responsibility sheets all go through them; none styles or finishes by hand."""
    by_hand = r"PatternFill|\bFont\(|\bAlignment\(|NamedStyle|freeze_panes\s*=|column_dimensions\[|auto_filter\.ref|" \
              r"\bstyle_id\(ws|\bRowWriter\("
    for restated in ('ws.freeze_panes = "C2"', 'cell.alignment = Alignment(wrap_text=True, vertical="top")',
                     'bold = style_id(ws, lambda cell: setattr(cell, "font", Font(bold=True)))'):
        assert re.search(by_hand, restated), restated
    assert _spelling(by_hand) == {"views/xlsx_tables.py", "views/xlsx_rows.py"}


def _role_titles() -> set[str]:
    """Every title a role's column has had: today's Role.heading in each language, and kg's older ones."""
    from kg.i18n import use
    from kg.model.domain import ROLES
    from kg.status.columns import OLD_ROLE_TITLES

    titles = set(OLD_ROLE_TITLES)
    for language in ("zh", "en"):
        with use(language):
            titles |= {r.heading for r in ROLES}
    return titles


def _strings(path: Path) -> set[str]:
    """The string constants of a module, its docstrings (and their doctests) left out."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body
            and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return {node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs}


def test_every_role_column_is_headed_by_role_heading():
    """kg.model.domain.Role.heading titles a role's column everywhere: the report template and review sheet, the
    chart (XLSX and HTML), the 通报, query tables (queries/columns.csv has no row for a role's column) and the
    app. Only the plan's readers (kg/readers, the titles plans write) and status/columns.py's OLD_ROLE_TITLES (the
    titles kg once wrote, read back when a unit returns an old template) spell one."""
    from kg.resources import queries_dir
    from kg.status.columns import OLD_ROLE_TITLES

    chinese = {t for t in _role_titles() if re.search(r"[\u4e00-\u9fff]", t)}
    assert {"指标牵头单位", "承办单位", "配合单位", "牵头单位"} <= chinese
    spelt = {str(path.relative_to(SRC)) for path in SRC.rglob("*.py")
             if not str(path.relative_to(SRC)).startswith("readers/") and _strings(path) & chinese}
    assert spelt == {"model/domain.py", "status/columns.py"}, spelt
    assert set(OLD_ROLE_TITLES) & chinese == _strings(SRC / "status/columns.py") & chinese
    said = re.compile(r"""_\(\s*["'](?:Lead|Host|Support|Supporting) units?["']""")
    for path in [*SRC.rglob("*.html"), *SRC.rglob("*.jinja"), *SRC.rglob("*.py")]:
        assert not said.search(path.read_text(encoding="utf-8")), path
    with (queries_dir() / "columns.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["column"] for r in rows if r["zh"] in chinese or r["en"] in _role_titles()] == []
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
