"""Column titles and readable values for people: ``--labels`` and the app's tables.

Query columns stay stable identifiers (``task``, ``role``, ``unit``) for scripts;
a person reading a table sees their titles in the language in force
(``queries/columns.csv``: 序号, 角色, 单位) and the plan's own words for the
vocabulary kg writes as ids (``host`` → 承办单位, ``government-department`` →
政府部门, ``true`` → 是).

>>> from kg.i18n import use
>>> with use("zh"):
...     column_title("task"), column_title("no_such_column"), readable_value("role", "host")
('序号', 'no_such_column', '承办单位')
"""
from __future__ import annotations

import csv
from functools import cache

from rdflib import Literal

from ..i18n import language
from ..model.domain import ROLE_NAMES, readable_value, role
from ..resources import queries_dir
from .stores import Rows

__all__ = ["column_title", "readable_value", "labelled_rows", "labelled_records", "COLUMNS_FILE", "ROLE_COLUMNS"]

COLUMNS_FILE = "columns.csv"
#: Columns that list the units of one role (column → role): titled by the role itself (Role.heading:
#: 指标牵头单位, or lead in English), as the chart, the sheets and the graph views title them; columns.csv has no
#: row for them.
ROLE_COLUMNS = {**{name: name for name in ROLE_NAMES}, "lead_units": "lead"}


@cache
def _titles() -> dict[str, dict[str, str]]:
    with (queries_dir() / COLUMNS_FILE).open(encoding="utf-8", newline="") as handle:
        return {row["column"]: {"zh": row["zh"], "en": row["en"]} for row in csv.DictReader(handle)}


def column_title(name: str) -> str:
    """A column's title in the language in force (the name itself when no title is given).

    >>> from kg.i18n import use
    >>> with use("zh"):
    ...     column_title("lead"), column_title("lead_units"), column_title("host")
    ('指标牵头单位', '指标牵头单位', '承办单位')
    """
    if name in ROLE_COLUMNS:
        return role(ROLE_COLUMNS[name]).heading
    return _titles().get(name, {}).get(language(), name)


def labelled_rows(rows: Rows) -> Rows:
    """SPARQL rows with titled columns and readable values (for tables a person reads)."""
    names, data = rows
    titles = [column_title(n) for n in names]
    out = []
    for row in data:
        out.append({t: Literal(readable_value(n, str(row[n]))) if row.get(n) is not None else None
                    for n, t in zip(names, titles)})
    return titles, out


def labelled_records(records: list[dict]) -> list[dict]:
    """Analysis records with titled keys and readable values."""
    def value(key, v):
        if isinstance(v, bool):
            v = "true" if v else "false"
        return readable_value(key, v) if isinstance(v, str) else v

    return [{column_title(k): value(k, v) for k, v in r.items()} for r in records]
