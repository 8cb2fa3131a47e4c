"""What the files an office files are called: in Chinese by default (``2023年6月五色图.xlsx``), in English on
request (``chart-2023-06.xlsx``).

A month's documents (the chart, the 通报, the scorecard, the review sheet) are named by the month their
figures are for, as an office files them; a 催办 list and a 督办通知单 by the day they are made. ``kg status``
and the app's downloads name them here, so a file saved from either has the same name. Ids stay in URLs
and in data; a unit's part of a name is its Chinese name in Chinese and its id in English, as the sheets.

>>> from kg.i18n import use
>>> with use("zh"):
...     file_name("chart", "xlsx", month="2023-06"), file_name("remind", "txt", day="2023-06-20")
('2023年6月五色图.xlsx', '2023年6月20日催办清单.txt')
>>> with use("en"):
...     file_name("bulletin", "docx", month="2023-06")
'bulletin-2023-06.docx'
"""
from __future__ import annotations

import datetime as dt

from ..i18n import N_, _, format_date, format_month, language
from ..safe import file_stem

__all__ = ["NAMES", "file_name"]

#: Each kind of file: the msgid of its name, said with ``month``, ``date`` and ``unit``.
NAMES = {"chart": N_("chart-%(month)s"), "bulletin": N_("bulletin-%(month)s"),
         "scorecard": N_("scorecard-%(month)s"), "review": N_("review-%(month)s"),
         "remind": N_("reminders-%(date)s"), "order": N_("supervision-order-%(date)s-%(unit)s")}


def file_name(kind: str, suffix: str, *, month: str = "", day: dt.date | str = "", unit=None) -> str:
    """The name of a ``kind`` of file (:data:`NAMES`) for ``month`` (YYYY-MM) or ``day``; ``unit`` is a
    :class:`~kg.network.plan.UnitNode` for a 督办通知单."""
    chinese = language() == "zh"
    day = day.isoformat() if isinstance(day, dt.date) else day
    said = {"month": format_month(month) if chinese else month, "date": format_date(day) if chinese and day else day,
            "unit": (unit.name if chinese else unit.unit_id) if unit is not None else ""}
    return f"{file_stem(_(NAMES[kind]) % said)}.{suffix}"
