"""``kg units suggest``: registry rows for the names a plan uses that the registry lacks."""
from __future__ import annotations

import csv
import io
from pathlib import Path

from .readers import read_plan
from .units import Registry, normalise

__all__ = ["suggestions", "suggestions_csv"]


def suggestions(sources: list[Path], registry: Registry) -> list[dict]:
    """One row per unknown name: the registry unit it probably is (with the alias added), or a new row."""
    rows: dict[str, dict] = {}
    for source in sources:
        plan = read_plan(source, registry)
        for finding in plan.findings:
            if finding.code != "unknown-unit" or not finding.text:
                continue
            name = normalise(finding.text).removesuffix("等")
            if name in rows:
                rows[name]["note"] += f", {source.name}:{finding.line}"
                continue
            hint = registry.suggest(name, plan.county)
            where = f"{source.name}:{finding.line}"
            if hint:
                unit, why = hint
                rows[name] = {"id": unit.id, "name_zh": unit.name_zh, "name_en": unit.name_en, "kind": unit.kind,
                              "aliases": "|".join([*unit.aliases, name]),
                              "note": f"SUGGESTED alias {name} ({why}); seen at {where}"}
            else:
                rows[name] = {"id": "", "name_zh": name, "name_en": "", "kind": "unknown", "aliases": "",
                              "note": f"NEW unit? give an id, English name and kind; seen at {where}"}
    return sorted(rows.values(), key=lambda r: (r["id"] == "", r["id"], r["name_zh"]))


def suggestions_csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["id", "name_zh", "name_en", "kind", "aliases", "note"],
                            lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
