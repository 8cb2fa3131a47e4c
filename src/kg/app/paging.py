"""Long lists on a page: a plan to choose and 100 rows a page, with links to every other page.

At 100 plans the chart, the verification form and the 催办 list hold 8,100 tasks or more: a page
of them all takes seconds to make and to read. Each such page shows one slice (``?plan=`` narrows
to one plan, ``?page=`` picks the slice) while its figures stay those of the whole month.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from flask import request, url_for

__all__ = ["PAGE_ROWS", "Page", "page_of", "chosen_plan", "page_url", "keep", "plan_of"]

#: Rows a page shows.
PAGE_ROWS = 100
#: Page links shown either side of the current page (the first and last are always shown).
AROUND = 3


@dataclass
class Page:
    rows: list
    number: int  # 1-based
    count: int  # pages in all (at least 1)
    total: int  # rows in all, over every page
    first: int  # the 1-based position of the first row shown (0 when there is none)

    @property
    def last(self) -> int:
        return self.first + len(self.rows) - 1 if self.rows else 0

    def links(self) -> list[int | None]:
        """The page numbers to link, ``None`` where a run of them is left out (…)."""
        near = set(range(max(1, self.number - AROUND), min(self.count, self.number + AROUND) + 1)) | {1, self.count}
        out: list[int | None] = []
        for n in sorted(near):
            if out and out[-1] is not None and n > out[-1] + 1:
                out.append(None)
            out.append(n)
        return out


def page_of(rows: Sequence, size: int = PAGE_ROWS) -> Page:
    """The slice of ``rows`` that ``?page=N`` asks for (a page past the end shows the last)."""
    count = max(1, -(-len(rows) // size))
    try:
        number = min(count, max(1, int(request.args.get("page", 1))))
    except ValueError:
        number = 1
    start = (number - 1) * size
    return Page(list(rows[start:start + size]), number, count, len(rows), start + 1 if rows else 0)


def chosen_plan(plans: Sequence[str]) -> str:
    """``?plan=`` when the graph holds that plan, else "" (every plan)."""
    plan = request.args.get("plan", "")
    return plan if plan in plans else ""


def page_url(number: int, **changed) -> str:
    """This page's address with the same arguments, on page ``number`` (and ``changed`` ones replaced)."""
    args = {**request.args.to_dict(), **(request.view_args or {}), **changed, "page": number}
    return url_for(request.endpoint, **{k: v for k, v in args.items() if v not in (None, "")})


def keep(rows: Sequence, plan: str, plan_of: Callable) -> list:
    """The rows of ``plan`` ("" keeps every row)."""
    return [r for r in rows if plan_of(r) == plan] if plan else list(rows)


def plan_of(task: str) -> str:
    """The plan of a task id (``plan-a/task/12`` → ``plan-a``)."""
    return task.rpartition("/task/")[0]
