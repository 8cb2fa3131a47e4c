"""Dates written in figures (2024.6, 2024-06-30, 2024／12): one rule for the plan's reader and the units' reports.

A plan's table writes a deadline ``2023．10``; a unit fills a report's 填报日期 ``2023／10／31`` on the
same Chinese keyboard. :data:`IN_FIGURES` is how both are read: the plan's reader finds it inside a
phrase (:mod:`kg.readers.dates`), a report's cell is read whole by :func:`parse_date` and
:func:`parse_month`, which also take the written-out 2023年10月31日 and a spreadsheet's own date cell.

>>> parse_date("2023．10．31"), parse_date("2023/10/31"), parse_date("2023年10月31日"), parse_date("2023-02-30")
(datetime.date(2023, 10, 31), datetime.date(2023, 10, 31), datetime.date(2023, 10, 31), None)
>>> parse_month("2023／5"), parse_month("2023.05"), parse_month("2023年5月"), parse_month("2023-13")
('2023-05', '2023-05', '2023-05', None)
"""
from __future__ import annotations

import datetime as dt
import re

__all__ = ["SEPARATOR", "IN_FIGURES", "parse_date", "parse_month"]

#: What separates year, month and day in figures: ``.``, ``-``, ``/`` and their full-width forms.
SEPARATOR = r"[.．\-－/／]"
#: A year and a month in figures, perhaps a day: ``2024.6``, ``2024-06-30``, ``2024／12``.
IN_FIGURES = (rf"(?P<fyear>\d{{4}}){SEPARATOR}(?P<fmonth>1[0-2]|0?[1-9])(?!\d)"
              rf"(?:{SEPARATOR}(?P<fday>\d{{1,2}})(?!\d))?")
#: A whole cell: a date in figures, or written out (2023年10月31日, 2023年5月).
_CELL = re.compile(rf"{IN_FIGURES}|(?P<year>\d{{4}})年(?P<month>\d{{1,2}})(?:月(?:(?P<day>\d{{1,2}})日?)?)?")


def _parts(value) -> tuple[int, int, int | None] | None:
    """(year, month, day or None) of a cell's text, spaces ignored; None when it is no date."""
    match = _CELL.fullmatch(re.sub(r"\s+", "", str(value)))
    if not match:
        return None
    year, month, day = ((match["fyear"], match["fmonth"], match["fday"]) if match["fyear"]
                        else (match["year"], match["month"], match["day"]))
    return int(year), int(month), int(day) if day else None


def parse_date(value) -> dt.date | None:
    """A day from a cell: 2023-10-31, 2023/10/31, 2023．10．31, 2023年10月31日 or a date cell; None when it is
    no real day."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    parts = _parts(value)
    if not parts or parts[2] is None:
        return None
    try:
        return dt.date(*parts)
    except ValueError:
        return None


def parse_month(value) -> str | None:
    """A month from a cell: 2023-05, 2023/5, 2023．5, 2023年5月 or a date cell → ``2023-05``; None when it is
    no month."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.strftime("%Y-%m")
    parts = _parts(value)
    if not parts or parts[2] is not None or not 1 <= parts[1] <= 12:
        return None
    return f"{parts[0]}-{parts[1]:02d}"
