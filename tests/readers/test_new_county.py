"""A new county needs no English: names the registry lacks get ids in pinyin and kinds read from the name,
and ``kg units suggest`` writes rows in Chinese that load as a registry as they are."""
from __future__ import annotations

import re

import pytest

from kg.readers import read_plan
from kg.readers.registry import load_registry
from kg.readers.suggest import suggestions, suggestions_csv

from .test_titles_and_years import write_table

HEADER = ["序号", "重点任务", "牵头单位", "配合单位", "完成时限"]
ROWS = [["1", "优化营商环境", "县发改委", "县财政局、中国银行某县支行", "2024年6月"],
        ["2", "推进数字政府", "县大数据发展局", "各乡镇（街道）、有关单位", "2024年6月"],
        ["3", "建设园区", "某县城投集团有限公司", "永安镇、县融媒体中心", "2024年6月"]]


@pytest.fixture()
def county_plan(tmp_path):
    return write_table(tmp_path, "xlsx", "某县2024年重点任务分解表", HEADER, ROWS)


def test_names_the_registry_lacks_get_ids_in_pinyin(county_plan):
    plan = read_plan(county_plan, load_registry())
    ids = {a.written: a.unit_id for t in plan.tasks for a in t.assignments}
    assert ids["县发改委"] == "mouxian-xianfagaiwei"
    assert ids["各乡镇（街道）"] == "mouxian-gexiangzhen-jiedao"
    assert all(re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", i) for i in ids.values())


def test_pinyin_ids_are_the_same_in_every_build_and_one_per_name_and_place():
    first, second = load_registry(), load_registry()
    assert first.unknown("县新设局", "某县").id == second.unknown("县新设局", "某县").id == "mouxian-xianxinsheju"
    assert first.unknown("县新设局", "某县") is first.unknown(" 县新设局", "某县")
    assert first.unknown("县新设局", "石柱县").id == "shizhu-xianxinsheju"


def test_a_homophone_or_a_registry_id_never_shares_an_id():
    registry = load_registry()
    one, other = registry.unknown("县财政局", "某县"), registry.unknown("县财正局", "某县")
    assert one.id == "mouxian-xiancaizhengju" and other.id.startswith("mouxian-xiancaizhengju-") and one.id != other.id
    assert registry.unknown("commerce").id != "commerce"  # the registry's 县商务委 keeps its id


@pytest.mark.parametrize("name, kind", [
    ("县大数据发展局", "government-department"), ("县发改委", "government-department"),
    ("永安镇", "government-department"), ("鱼复街道", "government-department"),
    ("县融媒体中心", "public-institution"), ("某县城投集团有限公司", "enterprise"),
    ("中国银行某县支行", "financial"), ("县委组织部", "party-organ"), ("县委", "party-organ"), ("团县委", "mass-organisation"),
    ("县人民法院", "judicial"), ("县人武部", "military"), ("各乡镇（街道）", "collective"),
    ("有关单位", "placeholder"), ("张三", "unknown")])
def test_a_new_units_kind_is_read_from_its_name(name, kind):
    assert load_registry().unknown(name, "某县").kind == kind


def test_a_kind_read_from_the_name_is_a_finding(county_plan):
    plan = read_plan(county_plan, load_registry())
    inferred = {f.text: f.render("en") for f in plan.findings if f.code == "kind-inferred"}
    assert "kind government department read from its name" in inferred["县发改委"]
    assert "enterprise" in inferred["某县城投集团有限公司"]
    assert len(inferred) == len({a.unit_id for t in plan.tasks for a in t.assignments})  # once per unit


def test_units_suggest_writes_chinese_rows_that_load_as_a_registry(county_plan, tmp_path):
    rows = suggestions([county_plan], load_registry())
    assert rows and all(r["name_en"] == "" and r["place"] == "某县" for r in rows)
    for row in rows:  # the note is Chinese: no English words beside the file name
        assert not re.search(r"[A-Za-z]{3,}", row["note"].replace(county_plan.name, "").replace("kind", "")), row
    registry_file = tmp_path / "units.csv"
    registry_file.write_text(suggestions_csv(rows), encoding="utf-8")
    plan = read_plan(county_plan, load_registry(registry_file))
    assert not [f for f in plan.findings if f.code == "unknown-unit"]
    assert {a.unit_id for t in plan.tasks for a in t.assignments} == {r["id"] for r in rows}


def test_a_unit_without_an_english_name_gets_clean_sheets_and_pages(county_plan, tmp_path):
    """English is optional: no view prints an empty English name before its separator."""
    import docx

    from ..process import kg

    assert kg("build", str(county_plan), "--out", str(tmp_path / "g")).returncode == 0
    sheet = tmp_path / "sheet.docx"
    result = kg("sheet", "县发改委", "-f", "docx", "-g", str(tmp_path / "g"), "-o", str(sheet))
    assert result.returncode == 0, result.stderr
    paragraphs = [p.text for p in docx.Document(sheet).paragraphs]
    assert "单位类型：政府部门" in "\n".join(paragraphs)  # the kind inferred from 委, in Chinese
    assert not any(p.startswith((" ·", "·")) for p in paragraphs), paragraphs
    result = kg("viz", "--unit", "县发改委", "--out", str(tmp_path / "viz"), "-g", str(tmp_path / "g"))
    assert result.returncode == 0, result.stderr
    page = next((tmp_path / "viz").glob("unit-*xianfagaiwei*.html")).read_text(encoding="utf-8")
    assert "> · " not in page and "县发改委 \\n" not in page


def test_kinds_read_from_names_agree_with_the_registrys_own_rows():
    """The bundled registry's kinds were set by hand: reading them from the names should mostly agree."""
    from kg.readers.unitnames import kind_from_name

    units = load_registry().units.values()
    wrong = [(u.name_zh, u.kind) for u in units if kind_from_name(u.name_zh)[0] != u.kind]
    assert len(wrong) <= 0.05 * len(units), wrong


def test_units_suggest_takes_the_place_a_bare_table_does_not_name(tmp_path):
    from ..process import kg

    table = write_table(tmp_path, "csv", None, HEADER, ROWS)
    result = kg("units", "suggest", str(table), "--place", "某县", "--output", str(tmp_path / "units.csv"))
    assert result.returncode == 0, result.stderr
    rows = (tmp_path / "units.csv").read_text(encoding="utf-8").splitlines()
    assert rows[1].startswith("mouxian-") and rows[1].endswith(",某县")
    built = kg("build", str(table), "--place", "某县", "--units", str(tmp_path / "units.csv"), "--out",
               str(tmp_path / "g"))
    assert built.returncode == 0 and "0个名称不在单位名录中" in built.stdout, built.stdout + built.stderr
