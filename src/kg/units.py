"""The unit registry: canonical names, English names, kinds and aliases, from a CSV file.

Planners edit ``graph/units.csv``; nothing here names a unit.
"""
from __future__ import annotations

import csv
import hashlib
from functools import cache
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .resources import data_dir, unit_registry

__all__ = ["Unit", "Mention", "Registry", "load_registry", "lookup_key", "KINDS", "CONCRETE_KINDS"]

#: Unit kinds, as in the registry's ``kind`` column.
KINDS = ("party-organ", "government-department", "public-institution", "enterprise",
         "financial", "judicial", "mass-organisation", "military", "collective",
         "placeholder", "unknown")
#: Kinds that name one real organisation (collectives and placeholders do not).
CONCRETE_KINDS = frozenset(KINDS) - {"collective", "placeholder"}

_COLUMNS = ("id", "name_zh", "name_en", "kind", "aliases", "note")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_SEPARATORS = re.compile(r"[、，,；;]")
_NONE = {"/", "／", "无", "—", "-"}


def normalise(name: str) -> str:
    """Fold the spellings that differ only in width or spacing.

    >>> normalise(" 各乡镇(街道) ")
    '各乡镇（街道）'
    """
    name = re.sub(r"\s+", "", name)
    return name.replace("(", "（").replace(")", "）").strip("。.")


def lookup_key(name: str) -> str:
    """The form every name of a unit is indexed under (``kg:key``): folded width, no spaces, casefolded.

    >>> lookup_key(" County Court "), lookup_key("各乡镇(街道)")
    ('countycourt', '各乡镇（街道）')
    """
    return normalise(name).casefold()


@dataclass(frozen=True)
class Unit:
    id: str
    name_zh: str
    name_en: str
    kind: str
    aliases: tuple[str, ...] = ()
    note: str = ""

    @property
    def concrete(self) -> bool:
        return self.kind in CONCRETE_KINDS

    @property
    def keys(self) -> list[str]:
        """Every name the unit can be asked for by: Chinese, English, id, aliases."""
        names = (self.name_zh, self.name_en, self.id, *self.aliases)
        return sorted({lookup_key(n) for n in names if n})


@dataclass(frozen=True)
class Mention:
    """One name in a unit cell, resolved (or not) against the registry."""

    written: str
    unit: Unit
    via_alias: bool
    etc: bool
    known: bool


@dataclass
class Registry:
    units: dict[str, Unit]
    path: Path
    _names: dict[str, tuple[Unit, bool]] = field(default_factory=dict)
    #: Names met in a source that the registry lacks, by their stand-in id.
    extra: dict[str, Unit] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for unit in self.units.values():
            self._names[normalise(unit.name_zh)] = (unit, False)
            for alias in unit.aliases:
                self._names[normalise(alias)] = (unit, True)
        # Longest first, so 相关单位、部门 wins over 相关单位 when a cell is split.
        self._joined = sorted((n for n in self._names if _SEPARATORS.search(n)), key=len,
                              reverse=True)

    def lookup(self, name: str) -> tuple[Unit, bool] | None:
        """``(unit, via_alias)`` for a canonical name, alias or English name."""
        key = normalise(name)
        if key in self._names:
            return self._names[key]
        for unit in self.units.values():
            if unit.name_en.casefold() == name.strip().casefold() or unit.id == name.strip():
                return unit, False
        return None

    def unknown(self, name: str) -> Unit:
        """A stand-in for a name the registry lacks: kept, typed ``unknown``, stable id."""
        digest = hashlib.sha256(normalise(name).encode("utf-8")).hexdigest()[:10]
        unit = Unit(id=f"unknown-{digest}", name_zh=normalise(name), name_en="", kind="unknown")
        self.extra[unit.id] = unit
        return unit

    def get(self, unit_id: str) -> Unit:
        return self.units.get(unit_id) or self.extra[unit_id]

    def parse(self, cell: str) -> list[Mention]:
        """Split a unit cell into mentions, in the order written.

        >>> reg = load_registry()
        >>> [(m.unit.id, m.etc) for m in reg.parse("县科技局及各行业主管部门")]
        [('science-technology', False), ('all-industry-authorities', False)]
        >>> [m.unit.id for m in reg.parse("各乡镇（街道）、相关单位、部门")]
        ['all-townships', 'relevant-units-departments']
        >>> reg.parse("/")
        []
        """
        text = cell.strip()
        if normalise(text) in _NONE or not normalise(text):
            return []
        protected: list[str] = []
        for name in self._joined:
            if name in text:
                text = text.replace(name, f"\x00{len(protected)}\x00")
                protected.append(name)
        mentions: list[Mention] = []
        for part in _SEPARATORS.split(text):
            part = re.sub(r"\x00(\d+)\x00", lambda m: protected[int(m.group(1))], part)
            if normalise(part):
                mentions.extend(self._mentions(normalise(part)))
        return mentions

    def _mentions(self, name: str) -> list[Mention]:
        etc = name.endswith("等") and len(name) > 1
        bare = name[:-1] if etc else name
        found = self.lookup(bare)
        if found:
            return [Mention(name, found[0], found[1], etc, True)]
        # 县科技局及各行业主管部门, 重庆百盐集团等有关单位: two names joined by 及/和/等.
        for joiner in ("等", "及", "和"):
            head, sep, tail = bare.partition(joiner)
            if sep and head and tail:
                first, second = self.lookup(head), self.lookup(tail)
                if first and second:
                    return [Mention(head, first[0], first[1], joiner == "等", True),
                            Mention(tail, second[0], second[1], False, True)]
        return [Mention(name, self.unknown(bare), False, etc, False)]

    def suggest(self, name: str, county: str | None = None) -> tuple[Unit, str] | None:
        """A registry unit a new or abbreviated name probably means, and why; None when unsure.

        Only a suggestion: nothing is merged until the registry lists the alias.

        >>> reg = load_registry()
        >>> unit, why = reg.suggest("区发改委", county="渝北区")
        >>> unit.name_zh, why
        ('县发展改革委', 'prefix 区→县; 发改委→发展改革委')
        """
        import difflib

        core = normalise(name)
        for ending in ("等", "及其他", "及相关单位"):
            core = core.removesuffix(ending)
        reasons: list[str] = []
        if county and core.startswith(county):
            core = core[len(county):] or core
            reasons.append(f"county name {county} dropped")
        forms = {core: reasons}
        if core[:1] in "区市州旗" and core[:1] != "县":
            forms[f"县{core[1:]}"] = reasons + [f"prefix {core[:1]}→县"]
        for form, why in list(forms.items()):
            for short, long_ in abbreviations():
                if short in form and long_ not in form:
                    forms[form.replace(short, long_)] = why + [f"{short}→{long_}"]
        for form, why in forms.items():
            if (found := self.lookup(form)) and form != normalise(name):
                return found[0], "; ".join(why) or "same name"
        names = sorted(self._names)
        best = max(((difflib.SequenceMatcher(None, form, n).ratio(), n, why) for form, why in forms.items()
                    for n in names), default=None)
        if best and best[0] >= 0.8:
            return self._names[best[1]][0], "; ".join(best[2] + [f"similar to {best[1]} ({best[0]:.2f})"])
        return None

    def is_unit_list(self, cell: str) -> bool:
        """True when every name in ``cell`` is a registry unit: a unit column's cell."""
        mentions = self.parse(cell)
        return bool(mentions) and all(m.known for m in mentions)


@cache
def abbreviations(path: str | None = None) -> tuple[tuple[str, str], ...]:
    """Short and long forms of unit names (``graph/abbreviations.csv``), longest short form first."""
    file = Path(path) if path else data_dir("abbreviations.csv")
    with file.open(encoding="utf-8-sig", newline="") as handle:
        pairs = [(r["short"].strip(), r["long"].strip()) for r in csv.DictReader(handle) if r.get("short")]
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


def load_registry(path: str | Path | None = None) -> Registry:
    """Read and check the registry CSV (UTF-8); a bad row names its line and the fix."""
    path = Path(path) if path else unit_registry()
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError:
        raise InputError("unit registry not found", path=path,
                         fix="pass --units with the registry CSV") from None
    units: dict[str, Unit] = {}
    seen: dict[str, int] = {}
    with handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) [:5] != _COLUMNS[:5]:
            raise InputError(f"header must start with {','.join(_COLUMNS[:5])}", path=path,
                             line=1, fix="keep the header row as shipped")
        for row in reader:
            line = reader.line_num
            uid, zh = (row.get("id") or "").strip(), normalise(row.get("name_zh") or "")
            kind = (row.get("kind") or "").strip()
            if not _ID.match(uid):
                raise InputError(f"id {uid!r} is not a lowercase ASCII slug", path=path,
                                 line=line, fix="use letters, digits and hyphens, e.g. market-supervision")
            if uid in units:
                raise InputError(f"id {uid!r} is used twice", path=path, line=line,
                                 fix="give each unit its own id")
            if not zh:
                raise InputError("name_zh is empty", path=path, line=line,
                                 fix="give the unit's Chinese name")
            if kind not in KINDS:
                raise InputError(f"kind {kind!r} is not one of {', '.join(KINDS)}", path=path,
                                 line=line, fix="use one of the listed kinds")
            aliases = tuple(normalise(a) for a in (row.get("aliases") or "").split("|") if a.strip())
            for name in (zh, *aliases):
                if name in seen:
                    raise InputError(f"name {name!r} already belongs to the unit on line {seen[name]}",
                                     path=path, line=line, fix="list each name or alias once")
                seen[name] = line
            units[uid] = Unit(uid, zh, (row.get("name_en") or "").strip(), kind, aliases,
                              (row.get("note") or "").strip())
    if not units:
        raise InputError("the registry has no units", path=path, line=1,
                         fix="restore graph/units.csv")
    return Registry(units, path)
