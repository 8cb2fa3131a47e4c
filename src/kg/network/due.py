"""What falls due now or next: the one window a unit's sheet, the workbench's home page and its warm-up read.

A unit looking at its plan on a day asks what it must work towards: the period the day falls in and the one
after it. Before the plan starts (or in a gap between two periods) nothing is "now", and what comes next is
what to prepare for: the next period alone. After the plan's last period nothing is due. Within the window,
a target counts in the period it starts in (a merged cell is not listed again in each period it spans), and
a deadline counts from its own month on: one of a month already past is overdue (``overdue.rq``), not due.
"""
from __future__ import annotations

from .plan import Due, PlanNetwork

__all__ = ["periods_now_and_next", "due_now_or_next"]


def periods_now_and_next(net: PlanNetwork, month: str) -> list[int]:
    """The periods due now or next in ``month`` (YYYY-MM), in order.

    >>> from kg.network.plan import Period
    >>> net = PlanNetwork()
    >>> net.periods = {1: Period(1, "1月-3月", "2023-01", "2023-03"), 2: Period(2, "4月-5月", "2023-04", "2023-05"),
    ...                3: Period(3, "8月-9月", "2023-08", "2023-09")}
    >>> {m: periods_now_and_next(net, m) for m in ("2022-12", "2023-03", "2023-05", "2023-07", "2023-09", "2023-10")}
    {'2022-12': [1], '2023-03': [1, 2], '2023-05': [2, 3], '2023-07': [3], '2023-09': [3], '2023-10': []}
    """
    orders = sorted(net.periods)
    current = net.period_of(month)
    if current is not None:
        return orders[orders.index(current):][:2]
    return [order for order in orders if net.periods[order].start > month][:1]


def due_now_or_next(net: PlanNetwork, month: str, tasks: list[str] | None = None) -> dict[int, list[Due]]:
    """What falls due now or next in ``month``, period by period (every period of the window, even one with
    nothing due): the rows of ``due-in-period.rq``, of ``tasks`` only when given (in their order), kept by
    the rule above."""
    window = {}
    for period in periods_now_and_next(net, month):
        items = net.due(period) if tasks is None else net.due_of(period, tasks)
        window[period] = [item for item in items if item.starts
                          and (item.kind == "milestone" or net.tasks[item.task].deadline >= month)]
    return window
