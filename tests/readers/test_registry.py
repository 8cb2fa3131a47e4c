"""The unit registry: a CSV planners edit; aliases resolve; bad rows name their line."""
from __future__ import annotations

import csv

import pytest

from kg.errors import InputError
from kg.model.domain import KINDS
from kg.rdf.build import build
from kg.readers.registry import load_registry
from kg.resources import unit_registry


def test_every_registry_row_is_well_formed(registry):
    assert len(registry.units) >= 60
    for unit in registry.units.values():
        assert unit.kind in KINDS and unit.name_zh and unit.id.isascii()
        assert unit.name_en, f"{unit.id} has no English name"


def test_lookup_by_name_alias_english_and_id(registry):
    assert registry.lookup("人行奉节支行")[0].id == "pboc-fengjie"
    assert registry.lookup("人行奉节支行")[1] is True
    assert registry.lookup("生态工业园区")[0].id == "eco-industrial-park"
    assert registry.lookup("County Market Supervision Administration")[0].name_zh == "县市场监管局"
    assert registry.lookup("market-supervision")[0].name_zh == "县市场监管局"
    assert registry.lookup("县不存在局") is None


def test_english_names_and_ids_fold_as_the_graphs_key(registry):
    """The build looks a name up folded as kg:key is (fold.lookup_key): what a query finds, the build resolves."""
    from kg.readers.registry import lookup_key

    court = registry.lookup("County Market Supervision Administration")[0]
    for asked in ("county  market supervision administration", " COUNTY MARKET SUPERVISION ADMINISTRATION",
                  "Market-Supervision", "market - supervision"):
        assert lookup_key(asked) in court.keys
        assert registry.lookup(asked) == (court, False), asked


def test_a_name_with_latin_letters_resolves_as_its_key_finds_it(tmp_path):
    """kg:key folds case (lookup_key), so the build does too: a plan's etc服务中心 is the registry's ETC服务中心, in
    its own place, and a list never splits a registry name holding a separator, whatever its case."""
    path = tmp_path / "units.csv"
    path.write_text(unit_registry().read_text(encoding="utf-8")
                    + "etc-centre,ETC服务中心,ETC Service Centre,public-institution,,,奉节县\n"
                    + "ab-office,县A、B办,A-B Office,government-department,,,奉节县\n", encoding="utf-8")
    registry = load_registry(path)
    assert registry.resolve("etc 服务中心", "奉节县").unit.id == "etc-centre"
    assert registry.lookup("Etc服务中心") == (registry.units["etc-centre"], False)
    assert [m.unit.id for m in registry.parse("县A、B办、县科技局", "奉节县")] == ["ab-office", "science-technology"]


def test_every_name_in_the_plan_is_registered(plan):
    unknown = [f for f in plan.findings if f.code == "unknown-unit"]
    assert unknown == []


def test_placeholder_phrase_with_separator_stays_whole(registry):
    assert [m.unit.id for m in registry.parse("相关单位、部门")] == ["relevant-units-departments"]
    assert [m.unit.id for m in registry.parse("相关单位")] == ["relevant-units"]


def test_planner_adds_an_alias_without_code(tmp_path, plan):
    rows = list(csv.DictReader(unit_registry().open(encoding="utf-8")))
    for row in rows:
        if row["id"] == "science-technology":
            row["aliases"] = "县科委"
    path = tmp_path / "units.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    source = tmp_path / "plan.txt"
    from kg.resources import bundled_plan
    source.write_text(bundled_plan().read_text(encoding="utf-8").replace(
        "\t县科技局\n\t长期坚持", "\t县科委\n\t长期坚持", 1), encoding="utf-8")
    edited = build([source], out=None, units=path).plans[0]
    task18 = next(t for t in edited.tasks if t.number == 18)
    support = [a for a in task18.assignments if a.role == "support"]
    assert [(a.unit_id, a.via_alias, a.written) for a in support] == [("science-technology", True, "县科委")]


@pytest.mark.parametrize("row, message", [
    ("Bad Id,县甲局,A,government-department,,", "is not a lowercase ASCII slug"),
    ("ok-id,县甲局,A,ministry,,", "kind 'ministry' is not one of"),
    ("ok-id,,A,government-department,,", "name_zh is empty"),
    ("ok-id,县市场监管局,A,government-department,,,奉节县", "already belongs to the unit on line 3"),
    # the same name as a plan is read: traditional characters, a space, an alias spelt so
    ("ok-id,縣市場監管局,A,government-department,,,奉节县", "already belongs to the unit on line 3"),
    ("ok-id,县 市场监管局,A,government-department,,,奉节县", "already belongs to the unit on line 3"),
    ("ok-id,县甲局,A,government-department,縣市場監管局,,奉节县", "already belongs to the unit on line 3"),
    ("market-supervision,县甲局,A,government-department,,", "is used twice"),
])
@pytest.mark.usefixtures("english")
def test_bad_registry_rows(tmp_path, row, message):
    path = tmp_path / "units.csv"
    path.write_text(unit_registry().read_text(encoding="utf-8") + row + "\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_registry(path)
    assert message in str(err.value) and f"{path}:" in str(err.value)


def test_the_same_name_in_another_place_is_another_unit(tmp_path):
    path = tmp_path / "units.csv"
    path.write_text(unit_registry().read_text(encoding="utf-8")
                    + "wushan-market,县市场监管局,Wushan County Market Supervision,government-department,,,巫山县\n",
                    encoding="utf-8")
    registry = load_registry(path)
    assert registry.resolve("县市场监管局", "巫山县").unit.id == "wushan-market"
    assert registry.resolve("县市场监管局", "奉节县").unit.id == "market-supervision"
    other = registry.resolve("县市场监管局", "石柱县")
    assert not other.known and other.unit.place == "石柱县" and other.unit.id == "shizhu-xianshichangjianguanju"


@pytest.mark.usefixtures("english")
def test_strict_rejects_unknown_names(tmp_path):
    from kg.resources import bundled_plan
    source = tmp_path / "plan.txt"
    source.write_text(bundled_plan().read_text(encoding="utf-8").replace(
        "\t县科技局\n\t长期坚持", "\t县新设局\n\t长期坚持", 1), encoding="utf-8")
    lenient = build([source], out=None).plans[0]
    assert [f.text for f in lenient.findings if f.code == "unknown-unit"] == ["县新设局"]
    with pytest.raises(InputError, match="unit '县新设局' is not in the registry"):
        build([source], out=None, strict=True)
