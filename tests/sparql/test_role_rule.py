"""The role rule (which IRI is which role, in which order) lives in ``kg.model.domain.ROLES``.

The ontology's role scheme documents it, and five named queries spell it out as ``IF`` chains,
because Oxigraph joins a table of roles twice as slowly and a graph built before the rule moved
would answer without roles. These tests keep every copy saying what ``ROLES`` says.
"""
from __future__ import annotations

import re

from rdflib import Graph, Namespace
from rdflib.namespace import SKOS

from kg.model.domain import ROLE_NAMES
from kg.resources import ontology_dir, queries_dir

KG = Namespace("https://w3id.org/kg/ns#")
LINK = re.compile(r"IF\(\?r = kg:(\w+), ([^,]+?),")  # one link of a chain: the role's IRI, the value


def _iri_names() -> dict[str, str]:
    """The ontology's roles: notation → local name of the IRI."""
    graph = Graph().parse(ontology_dir() / "kg.ttl")
    return {str(graph.value(concept, SKOS.notation)): concept.split("#")[1]
            for concept in graph.objects(KG.RoleScheme, SKOS.hasTopConcept)}


def test_the_ontology_names_the_roles_kg_knows():
    assert sorted(_iri_names()) == sorted(ROLE_NAMES)


def test_every_role_chain_in_a_named_query_says_what_roles_say():
    iris = _iri_names()
    in_order = [iris[name] for name in ROLE_NAMES]
    chains = 0
    for path in sorted(queries_dir().rglob("*.rq")):
        for line in path.read_text(encoding="utf-8").splitlines():
            links = LINK.findall(line)
            if not links:
                continue
            chains += 1
            roles, values = [role for role, _ in links], [value for _, value in links]
            if len(links) == 1:  # one IF per role (workload): the IRI must be a role's
                assert roles[0] in in_order, f"{path.name}: {line.strip()}"
                continue
            assert roles == in_order, f"{path.name}: roles out of order in {line.strip()}"
            if values[0].startswith('"'):
                assert values == [f'"{name}"' for name in ROLE_NAMES], f"{path.name}: {line.strip()}"
            else:  # ranks: any numbers, rising in the roles' order
                ranks = [int(value) for value in values]
                assert ranks == sorted(set(ranks)), f"{path.name}: {line.strip()}"
    assert chains == 11  # names and ranks in assignments, network, task, unit-tasks; workload's three
