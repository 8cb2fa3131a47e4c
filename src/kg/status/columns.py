"""The columns of the files an office fills in and sends back: one name each, shown in the reader's language.

kg's code names a status column by one stable name (``颜色 colour``, ``序号``); a
template or review sheet shows it in the language in force (``颜色`` by default,
``colour`` in English), and a file sent back is read whatever its header says:
the Chinese title alone, the English one, the bilingual one earlier templates
wrote, or an older title (``进度值``). One table here, read by the writers
(:func:`shown`) and the readers (:func:`canonical`).

>>> from kg.i18n import use
>>> with use("zh"):
...     shown("颜色 colour"), shown("序号")
('颜色', '序号')
>>> canonical("颜色"), canonical("colour"), canonical("颜色 colour"), canonical("进度值")
('颜色 colour', '颜色 colour', '颜色 colour', '进度% progress')

A role's column is titled by the role (``Role.heading``), and read under the title kg wrote before:

>>> with use("zh"):
...     shown(LEAD)
'指标牵头单位'
>>> canonical("指标牵头单位"), canonical("lead"), canonical("牵头单位"), canonical("Lead unit")
('指标牵头单位', '指标牵头单位', '指标牵头单位', '指标牵头单位')
"""
from __future__ import annotations

from functools import cache

from ..i18n import language
from ..model.domain import ROLES, Role, role

__all__ = ["COLUMNS", "LEAD", "shown", "canonical", "shown_all"]

#: The lead unit's column: titled as the role is everywhere (:attr:`kg.model.domain.Role.heading`: 指标牵头单位,
#: lead in English), its name in kg the plan's own column title.
LEAD = role("lead").column
#: Every status column: its name in kg (Chinese and English where kg has always written both) and its
#: English title where the name's own English is missing or shared by two columns. Order does not matter; each
#: file lists its own columns. A role's column is titled by its role (:func:`shown`), not here.
COLUMNS = {
    "序号": "no.", "具体任务": "work item", LEAD: None, "本期阶段目标": "milestone due",
    "最终完成时限": "deadline", "颜色 colour": None, "进度% progress": None, "完成值 achieved": None,
    "说明 note": None, "填报单位 reporter": None, "填报日期 reported": "reported on", "填报月份 month": None,
    "佐证 evidence": None, "申请延期 extension": None, "计划 plan": None, "单位填报 reported": "reported colour",
    "承办配合单位填报 others": None, "规则建议 suggested": None, "建议理由 rule": None, "核定 verified": None,
    "核定理由 reason": None, "延期至 extended to": None, "核定日期 verified on": None, "核定月份 month": "verified month",
}
#: Titles earlier templates wrote, read as today's columns.
OLD_TITLES = {"进度值 progress": "进度% progress", "进度值": "进度% progress", "进度": "进度% progress",
              "颜色": "颜色 colour"}
#: The lead's column as kg titled it before it read Role.heading (templates sent out then come back filled in).
OLD_ROLE_TITLES = {"牵头单位": "lead", "lead unit": "lead"}


def _role(name: str) -> Role | None:
    """The role whose column ``name`` is, else None."""
    return next((r for r in ROLES if r.column == name), None)


def _parts(name: str) -> tuple[str, str]:
    """(Chinese, English) of a column name."""
    if titled := _role(name):
        return titled.column, titled.english
    zh, _, en = name.partition(" ")
    return zh, COLUMNS.get(name) or en or zh


def shown(name: str) -> str:
    """The column's title in the language in force; a role's column, its role's heading (指标牵头单位, lead)."""
    if titled := _role(name):
        return titled.heading
    zh, en = _parts(name)
    return zh if language() == "zh" else en


def shown_all(names: list[str]) -> list[str]:
    return [shown(n) for n in names]


@cache
def _titles() -> dict[str, str]:
    out: dict[str, str] = {}
    for name in COLUMNS:
        zh, en = _parts(name)
        for title in (name, zh, en, en.casefold()):
            out.setdefault(title, name)
    out.update(OLD_TITLES)
    out.update({title: role(name).column for title, name in OLD_ROLE_TITLES.items()})
    return out


def canonical(title) -> str:
    """A header cell (any language, any template's) as kg's name of the column; anything else as written."""
    text = " ".join(str(title if title is not None else "").split())
    return _titles().get(text) or _titles().get(text.casefold()) or text
