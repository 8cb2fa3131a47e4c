"""``kg units suggest``: registry rows for the names a plan uses that the registry lacks.

Rows are proposed for the plan's own place: a name in a 克拉玛依市 plan becomes
a 克拉玛依市 row, never an alias of the bundled county's units.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

from ..readers.registry import Registry, Unit, normalise
from ..safe import csv_cell
from . import read_plan

__all__ = ["suggestions", "suggestions_csv", "COLUMNS"]

COLUMNS = ["id", "name_zh", "name_en", "kind", "aliases", "note", "place"]


def suggestions(sources: list[Path], registry: Registry, place: str | None = None) -> list[dict]:
    """One row per unknown name: the unit of the same place it probably is (alias added), or a new row.

    Rows need no English: a new unit's id is its name in pinyin, its kind read from the name, and the
    note (in Chinese) says what to check; ``name_en`` stays empty unless a planner fills it in.
    """
    rows: dict[tuple[str, str], dict] = {}
    seen: dict[tuple[str, str], dict[str, list[int]]] = {}
    for source in sources:
        plan = read_plan(source, registry, place=place)
        for finding in plan.findings:
            if finding.code != "unknown-unit" or not finding.text:
                continue
            name = normalise(finding.text).removesuffix("等")
            key = (plan.place or "", name)
            lines = seen.setdefault(key, {}).setdefault(source.name, [])
            if finding.line not in lines:
                lines.append(finding.line)
            if key in rows:
                continue
            hint = registry.suggest(name, plan.place) if registry.covers(plan.place) else None
            rows[key] = _alias_row(name, *hint) if hint else _new_row(name, plan.place, registry)
    for key, row in rows.items():  # where each name is written: 见 plan.txt 第26、35行
        row["note"] += "；见 " + "，".join(f"{file} 第{'、'.join(map(str, lines))}行"
                                          for file, lines in seen[key].items())
    merged: dict[str, dict] = {}
    for row in rows.values():  # several aliases suggested for one unit: one row
        if row["id"] in merged:
            earlier = merged[row["id"]]
            extra = [a for a in row["aliases"].split("|") if a and a not in earlier["aliases"].split("|")]
            earlier["aliases"] = "|".join(filter(None, [earlier["aliases"], *extra]))
            earlier["note"] += "；" + row["note"]
        else:
            merged[row["id"]] = row
    return sorted(merged.values(), key=lambda r: (r["note"].startswith(NEW), r["place"], r["id"]))


#: How a new unit's note starts (its rows sort after the suggested aliases).
NEW = "新单位"


def _alias_row(name: str, unit: Unit, why: str) -> dict:
    return {"id": unit.id, "name_zh": unit.name_zh, "name_en": unit.name_en, "kind": unit.kind,
            "aliases": "|".join([*unit.aliases, name]), "note": f"建议作为别名：{name}（{why}）",
            "place": unit.place}


def _new_row(name: str, place: str | None, registry: Registry) -> dict:
    unit = registry.resolve(name, place).unit
    kind = (f"类型按名称推断（{unit.kind_from}），请核对" if unit.kind_from
            else "类型未能从名称看出，请填写 kind")
    return {"id": unit.id, "name_zh": name, "name_en": "", "kind": unit.kind, "aliases": "",
            "note": f"{NEW}（{place or '未写明地方'}）：{kind}；编号由拼音生成，可改", "place": place or ""}


def suggestions_csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: csv_cell(v) for k, v in row.items()} for row in rows)  # a name is never a formula
    return out.getvalue()
