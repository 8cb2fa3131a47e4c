"""The unit registry: canonical names, English names, kinds, aliases and places, from a CSV file.

Planners edit ``graph/units.csv``; nothing here names a unit. Each row belongs
to a place (its ``place`` column: 奉节县), because 县市场监管局 in a plan of
another county is another office: a plan's names are looked up only among
the rows of its own place (and rows with no place). A name the registry lacks
is kept as written, as a unit of that place, its kind read from the name.
"""
from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ..errors import InputError
from ..i18n import _
from ..model.domain import KINDS, one_unit
from ..resources import data_dir, unit_registry
from .fold import lookup_key, name_key, normalise
from .unitlist import SEPARATORS, split_units
from .unitnames import kind_from_name, readable_id

__all__ = ["Unit", "Mention", "Registry", "load_registry", "lookup_key", "place_key"]

_COLUMNS = ("id", "name_zh", "name_en", "kind", "aliases", "note", "place")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_SEPARATORS = re.compile(f"[{re.escape(SEPARATORS)}]")  # a name holding one is never split


def place_key(place: str | None) -> str:
    """Places compare in simplified characters, without spaces (鹹陽市 = 咸阳市)."""
    return name_key(place or "")


@dataclass(frozen=True)
class Unit:
    id: str
    name_zh: str
    name_en: str
    kind: str
    aliases: tuple[str, ...] = ()
    note: str = ""
    place: str = ""  # the jurisdiction the row belongs to; empty: any place
    registered: bool = True  # False for a name met in a plan that the registry lacks
    kind_from: str = ""  # for such a name: what in it gave its kind (局/委/办…), "" when none did

    @property
    def concrete(self) -> bool:
        return one_unit(self.kind)

    @property
    def keys(self) -> list[str]:
        """Every name the unit can be asked for by: Chinese, English, id, aliases."""
        names = (self.name_zh, self.name_en, self.id, *self.aliases)
        return sorted({lookup_key(n) for n in names if n})


@dataclass(frozen=True)
class Mention:
    """One name in a unit list, resolved (or not) against the registry."""

    written: str
    unit: Unit
    via_alias: bool
    etc: bool
    known: bool


@dataclass
class Registry:
    units: dict[str, Unit]
    path: Path
    _names: dict[tuple[str, str], tuple[Unit, bool]] = field(default_factory=dict)
    #: Names met in a source that the registry lacks, by their stand-in id.
    extra: dict[str, Unit] = field(default_factory=dict)
    #: The stand-in id of each such name, by (place, name): one id per name and place.
    _minted: dict[tuple[str, str], str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for unit in self.units.values():
            place = place_key(unit.place)
            self._names[(place, lookup_key(unit.name_zh))] = (unit, False)
            for alias in unit.aliases:
                self._names[(place, lookup_key(alias))] = (unit, True)
        # Indexes the lookups read on every cell of every plan (the rows never change after loading).
        self._first_by_name: dict[str, tuple[Unit, bool]] = {}
        for (_, name), found in sorted(self._names.items()):
            self._first_by_name.setdefault(name, found)
        self._other_names = {lookup_key(form): unit for unit in self.units.values()
                             for form in (unit.id, unit.name_en) if form}
        self._protected: dict[str, tuple[str, ...]] = {}

    @property
    def places(self) -> list[str]:
        return sorted({u.place for u in self.units.values() if u.place})

    def covers(self, place: str | None) -> bool:
        """True when some rows belong to ``place``."""
        key = place_key(place)
        return bool(key) and any(place_key(u.place) == key for u in self.units.values())

    def lookup(self, name: str, place: str | None = None) -> tuple[Unit, bool] | None:
        """``(unit, via_alias)`` for a canonical name or alias of ``place`` (any place when None), an English name or an id."""
        key = lookup_key(name)
        if place is not None:
            found = self._names.get((place_key(place), key)) or self._names.get(("", key))
            if found:
                return found
        elif key in self._first_by_name:
            return self._first_by_name[key]
        unit = self._other_names.get(key)
        return (unit, False) if unit else None

    def protected(self, place: str | None) -> tuple[str, ...]:
        """Names of ``place`` that contain a separator (相关单位、部门): a list never splits them."""
        key = place_key(place)
        if key not in self._protected:
            names = {name_key(n) for u in self.units.values() if place_key(u.place) in ("", key)
                     for n in (u.name_zh, *u.aliases)}
            self._protected[key] = tuple(sorted((n for n in names if _SEPARATORS.search(n)), key=len, reverse=True))
        return self._protected[key]

    def unknown(self, name: str, place: str | None = None) -> Unit:
        """A name the registry lacks: kept as written, a unit of ``place``, kind read from the name.

        Its id is the place and name in pinyin (:func:`.unitnames.readable_id`), the same in every build;
        a name whose pinyin is already another unit's id (a homophone, a registry id) adds a digest.
        """
        name = normalise(name)
        key = (place_key(place), name_key(name))
        if key in self._minted:
            return self.extra[self._minted[key]]
        digest = hashlib.sha256("|".join(key).encode("utf-8")).hexdigest()[:10]
        uid = readable_id(name_key(name), key[0] or None) or f"unit-{digest}"
        if uid in self.units or uid in self.extra:
            uid = f"{uid}-{digest[:6]}"
        kind, why = kind_from_name(name_key(name))
        unit = Unit(id=uid, name_zh=name, name_en="", kind=kind, place=place or "", registered=False,
                    kind_from=why)
        self._minted[key] = uid
        self.extra[uid] = unit
        return unit

    def get(self, unit_id: str) -> Unit:
        return self.units.get(unit_id) or self.extra[unit_id]

    def resolve(self, written: str, place: str | None, etc: bool = False) -> Mention:
        """The unit a written name means in a plan of ``place``."""
        found = self.lookup(written, place) if place is not None or not self.places else None
        if found is None and place is None:
            found = self._names.get(("", lookup_key(written)))
        if found:
            return Mention(written, found[0], found[1], etc, True)
        return Mention(written, self.unknown(written, place), False, etc, False)

    def parse(self, cell: str, place: str | None = "") -> list[Mention]:
        """Split a unit list into mentions, in the order written (``place`` "" means any place).

        >>> reg = load_registry()
        >>> [(m.unit.id, m.etc) for m in reg.parse("县科技局及各行业主管部门", "奉节县")]
        [('science-technology', False), ('all-industry-authorities', False)]
        >>> [m.unit.id for m in reg.parse("各乡镇（街道）、相关单位、部门", "奉节县")]
        ['all-townships', 'relevant-units-departments']
        >>> reg.parse("/")
        []
        """
        names = split_units(cell, protected=self.protected(place))
        if place == "":
            return [self._any_place(n.written, n.etc) for n in names]
        return [self.resolve(n.written, place, n.etc) for n in names]

    def _any_place(self, written: str, etc: bool) -> Mention:
        found = self.lookup(written)
        if found:
            return Mention(written, found[0], found[1], etc, True)
        return Mention(written, self.unknown(written), False, etc, False)

    def suggest(self, name: str, place: str | None = None) -> tuple[Unit, str] | None:
        """A registry unit of the same place that a new or abbreviated name probably means, and why.

        Only a suggestion, and only among the rows of the plan's own place: 市委组织部
        in a city's plan is never the county's 县委组织部.

        >>> reg = load_registry()
        >>> unit, why = reg.suggest("县发改委", "奉节县")
        >>> unit.name_zh, why
        ('县发展改革委', '发改委→发展改革委')
        >>> reg.suggest("市委组织部", "克拉玛依市") is None
        True
        """
        import difflib

        key = place_key(place)
        core = lookup_key(name)
        for ending in ("等", "及其他", "及相关单位"):
            core = core.removesuffix(ending)
        reasons: list[str] = []
        if key and core.startswith(key) and len(core) > len(key):
            stem = key[:-1] if len(key) > 2 else key
            core = key[-1] + core[len(key):]
            reasons.append(f"省去地名{stem}")
        forms = {core: reasons}
        for form, why in list(forms.items()):
            for short, long_ in abbreviations():
                if short in form and long_ not in form:
                    forms[form.replace(short, long_)] = why + [f"{short}→{long_}"]
        own = {n: u for (p, n), u in self._names.items() if p == key}
        for form, why in forms.items():
            if form in own and form != normalise(name):
                return own[form][0], "；".join(why) or "同名"
        best = max(((difflib.SequenceMatcher(None, form, n).ratio(), n, why) for form, why in forms.items()
                    for n in sorted(own)), default=None)
        if best and best[0] >= 0.8:
            return own[best[1]][0], "；".join(best[2] + [f"与{best[1]}相近（{best[0]:.2f}）"])
        return None

    def is_unit_list(self, cell: str, place: str | None = "") -> bool:
        """True when every name in ``cell`` is a registry unit: a unit column's cell."""
        mentions = self.parse(cell, place)
        return bool(mentions) and all(m.known for m in mentions)


@cache
def abbreviations(path: str | None = None) -> tuple[tuple[str, str], ...]:
    """Short and long forms of unit names (``graph/abbreviations.csv``), longest short form first."""
    file = Path(path) if path else data_dir("abbreviations.csv")
    with file.open(encoding="utf-8-sig", newline="") as handle:
        pairs = [(r["short"].strip(), r["long"].strip()) for r in csv.DictReader(handle) if r.get("short")]
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


def _dialect(text: str) -> type[csv.Dialect]:
    """Comma-separated, or tab-separated as Excel's "Unicode text" saves it."""
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    return csv.excel_tab if first.count("\t") > first.count(",") else csv.excel


def load_registry(path: str | Path | None = None) -> Registry:
    """Read and check the registry CSV (UTF-8); a bad row names its line and the fix."""
    import io

    from .source import decode

    path = Path(path) if path else unit_registry()
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise InputError(_("is a folder, not the unit registry CSV"), path=path,
                         fix=_("pass --units with the registry CSV")) from None
    except OSError:
        raise InputError(_("unit registry not found"), path=path,
                         fix=_("pass --units with the registry CSV")) from None
    text, _encoding, cut = decode(data, path)  # UTF-8, UTF-16 (Excel's "Unicode text") or GBK as Excel saves it
    if cut is not None:
        raise InputError(_("the registry stops in the middle of a character: it was cut"), path=path, line=cut,
                         fix=_("save the whole registry again"))
    units: dict[str, Unit] = {}
    seen: dict[tuple[str, str], int] = {}
    with io.StringIO(text.lstrip("\ufeff"), newline="") as handle:
        reader = csv.DictReader(handle, dialect=_dialect(text))
        if tuple(reader.fieldnames or ()) [:5] != _COLUMNS[:5]:
            raise InputError(_("header must start with %(columns)s") % {"columns": ",".join(_COLUMNS[:5])}, path=path,
                             line=1, fix=_("keep the header row as shipped"))
        for row in reader:
            line = reader.line_num
            uid, zh = (row.get("id") or "").strip(), normalise(row.get("name_zh") or "")
            kind = (row.get("kind") or "").strip()
            if not _ID.match(uid):
                raise InputError(_("id %(id)s is not a lowercase ASCII slug") % {"id": repr(uid)}, path=path,
                                 line=line, fix=_("use letters, digits and hyphens, e.g. market-supervision"))
            if uid in units:
                raise InputError(_("id %(id)s is used twice") % {"id": repr(uid)}, path=path, line=line,
                                 fix=_("give each unit its own id"))
            if not zh:
                raise InputError(_("name_zh is empty"), path=path, line=line,
                                 fix=_("give the unit's Chinese name"))
            if kind not in KINDS:
                raise InputError(_("kind %(kind)s is not one of %(kinds)s") % {"kind": repr(kind), "kinds": ", ".join(KINDS)},
                                 path=path, line=line, fix=_("use one of the listed kinds"))
            aliases = tuple(normalise(a) for a in (row.get("aliases") or "").split("|") if a.strip())
            place = normalise(row.get("place") or "")
            for name in (zh, *aliases):
                # compared as plans are looked up (lookup_key): 縣法院 or 县 法院 on a later row would otherwise
                # silently take the name from the row before
                key = (place_key(place), lookup_key(name))
                if key in seen:
                    raise InputError(_("name %(name)s already belongs to the unit on line %(line)s")
                                     % {"name": repr(name), "line": seen[key]}, path=path,
                                     line=line, fix=_("list each name or alias once per place"))
                seen[key] = line
            units[uid] = Unit(uid, zh, (row.get("name_en") or "").strip(), kind, aliases,
                              (row.get("note") or "").strip(), place)
    if not units:
        raise InputError(_("the registry has no units"), path=path, line=1,
                         fix=_("restore graph/units.csv"))
    return Registry(units, path)
