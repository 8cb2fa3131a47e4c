"""``kg units suggest``: registry rows for the names a plan uses that the registry lacks.

Rows are proposed for the plan's own place: a name in a 克拉玛依市 plan becomes
a 克拉玛依市 row, never an alias of the bundled county's units.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

from ..readers.registry import Registry, normalise
from ..safe import csv_cell
from . import read_plan

__all__ = ["suggestions", "suggestions_csv", "COLUMNS"]

COLUMNS = ["id", "name_zh", "name_en", "kind", "aliases", "note", "place"]


def suggestions(sources: list[Path], registry: Registry, place: str | None = None) -> list[dict]:
    """One row per unknown name: the unit of the same place it probably is (alias added), or a new row."""
    rows: dict[tuple[str, str], dict] = {}
    for source in sources:
        plan = read_plan(source, registry, place=place)
        for finding in plan.findings:
            if finding.code != "unknown-unit" or not finding.text:
                continue
            name = normalise(finding.text).removesuffix("等")
            key = (plan.place or "", name)
            where = f"{source.name}:{finding.line}"
            if key in rows:
                if where not in rows[key]["note"]:
                    rows[key]["note"] += f", {where}"
                continue
            hint = registry.suggest(name, plan.place) if registry.covers(plan.place) else None
            if hint:
                unit, why = hint
                rows[key] = {"id": unit.id, "name_zh": unit.name_zh, "name_en": unit.name_en, "kind": unit.kind,
                             "aliases": "|".join([*unit.aliases, name]),
                             "note": f"SUGGESTED alias {name} ({why}); seen at {where}", "place": unit.place}
            else:
                unit = registry.resolve(name, plan.place).unit
                rows[key] = {"id": unit.id, "name_zh": name, "name_en": "", "kind": unit.kind, "aliases": "",
                             "note": f"NEW unit of {plan.place or 'no named place'}: check the kind, give an "
                                     f"English name (and a readable id); seen at {where}",
                             "place": plan.place or ""}
    merged: dict[str, dict] = {}
    for row in rows.values():  # several aliases suggested for one unit: one row
        if row["id"] in merged:
            earlier = merged[row["id"]]
            extra = [a for a in row["aliases"].split("|") if a and a not in earlier["aliases"].split("|")]
            earlier["aliases"] = "|".join(filter(None, [earlier["aliases"], *extra]))
            earlier["note"] += "; " + row["note"]
        else:
            merged[row["id"]] = row
    return sorted(merged.values(), key=lambda r: (r["note"].startswith("NEW"), r["place"], r["id"]))


def suggestions_csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: csv_cell(v) for k, v in row.items()} for row in rows)  # a name is never a formula
    return out.getvalue()
