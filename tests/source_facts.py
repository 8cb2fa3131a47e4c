"""Facts read straight from the source text, written apart from kg's extractor.

Tests compare kg's answers with these, so a bug in kg.annex or kg.units cannot
hide by agreeing with itself. Only the plain cell layout is assumed: a TAB
starts a cell, deadlines end rows, the three cells before a deadline are the
lead, host and support cells.
"""
from __future__ import annotations

import re
from functools import cache
from itertools import combinations

from kg.resources import bundled_plan

_DEADLINE = re.compile(r"^(\d{4})年\s*(\d{1,2})月$|^长期坚持$")
#: Names that are not one unit (the registry's collective and placeholder rows).
NOT_UNITS = {"各乡镇（街道）", "各部门", "各行业主管部门", "县内商业银行", "相关单位、部门", "相关单位",
             "相关部门", "相关行业主管部门", "相关平台公司", "有关单位", "相关要素保障单位"}
ALIASES = {"人行奉节支行": "人民银行奉节支行", "生态工业园区": "生态工业园区管委会"}
#: The bundled plan's id, and a task's node id in the plan network.
PLAN_ID = "fengjie-2023-business-environment"


def task_id(number: int) -> str:
    return f"{PLAN_ID}/task/{number}"


def _split(cell: str) -> list[str]:
    cell = cell.strip().replace("相关单位、部门", "\x00")
    cell = re.sub(r"及(各行业主管部门)", r"、\1", cell)
    cell = re.sub(r"等(有关单位|相关要素保障单位)", r"、\1", cell)
    names = [n.strip().rstrip("。").rstrip("等").replace("\x00", "相关单位、部门")
             for n in re.split("[、，]", cell)]
    return [ALIASES.get(n, n) for n in names if n and n != "/"]


@cache
def rows() -> dict[int, dict]:
    """Task number → {'lead': [...], 'host': [...], 'support': [...], 'deadline': 'YYYY-MM' | None}."""
    lines = bundled_plan().read_text(encoding="utf-8").split("\n")
    start = lines.index("\t序号")
    cells: list[str] = []
    for line in lines[start:]:
        if line.startswith("\t"):
            cells.append(line[1:])
        elif line.strip() and cells:
            cells[-1] += line
    out: dict[int, dict] = {}
    begin = None
    for i, cell in enumerate(cells):
        text = cell.strip()
        if begin is None and text.isdigit():
            begin = i
        elif begin is not None and (m := _DEADLINE.match(text)):
            lead, host, support = (_split(c) for c in cells[i - 3:i])
            deadline = f"{int(m.group(1))}-{int(m.group(2)):02d}" if m.group(1) else None
            out[int(cells[begin].strip())] = {"lead": lead, "host": host, "support": support,
                                              "deadline": deadline}
            begin = None
    return out


def units_of(task: int) -> set[str]:
    row = rows()[task]
    return set(row["lead"]) | set(row["host"]) | set(row["support"])


def tasks_of(unit: str, role: str | None = None) -> set[int]:
    return {n for n, row in rows().items()
            if (unit in row[role] if role else unit in units_of(n))}


def pair_counts() -> dict[tuple[str, str], set[int]]:
    pairs: dict[tuple[str, str], set[int]] = {}
    for n in rows():
        named = sorted(u for u in units_of(n) if u not in NOT_UNITS)
        for a, b in combinations(named, 2):
            pairs.setdefault((a, b), set()).add(n)
    return pairs
