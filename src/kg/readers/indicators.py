"""Quantified targets in task descriptions and milestones: 9000 户, 99.5%, 1000万元, 100 家.

Each target keeps the measured thing as written, its value and unit, the
comparator word (以上, 超, 达到 …), whether it is cumulative (累计), and where
it sits: the task's description (the annual target) or a milestone (its
periods). Series of period targets that do not add up to the annual target
are reported.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from ..model.messages import N_, Message
from ..model.records import Finding, Task

__all__ = ["Indicator", "extract_indicators", "check_sums", "measure_key"]

_TARGET = re.compile(
    r"(?P<before>超过|超|不低于|不少于|达到|达|)\s*(?P<value>\d+(?:\.\d+)?)\s*"
    r"(?P<unit>万户|户|家|万元|亿元|%|名|篇|万笔|笔|件|项|个(?!月|工作日|小时))"
    r"(?P<after>以上|以内|及以上|左右|)")
_CLAUSE_START = re.compile(r"[，。；;、：:]")
_NOISE = re.compile(r"\d{4}年|全年|累计|\d{1,2}月底?前?|完成|以上|“|”|\s")


@dataclass(frozen=True)
class Indicator:
    task: int
    source: str  # "description" or "milestone <order>"
    milestone: int | None
    periods: tuple[int, ...]
    measured: str
    value: float
    unit: str
    comparator: str  # min | more-than | exact | max | about
    comparator_text: str
    cumulative: bool
    text: str
    line: int

    @property
    def key(self) -> str:
        return measure_key(self.measured)


def measure_key(measured: str) -> str:
    """What stays of a measured thing once year, 全年, 累计 and dates are dropped.

    >>> measure_key("2023年全年累计净增市场主体"), measure_key("净增市场主体")
    ('净增市场主体', '净增市场主体')
    """
    return _NOISE.sub("", measured)


def _comparator(before: str, after: str) -> str:
    if before in ("超过", "超"):
        return "more-than"
    if after in ("以上", "及以上") or before in ("不低于", "不少于", "达到", "达"):
        return "min"
    if after == "以内":
        return "max"
    if after == "左右":
        return "about"
    return "exact"


def _scan(task: Task, text: str, source: str, milestone: int | None, periods: tuple[int, ...],
          line: int) -> list[Indicator]:
    found = []
    last_end = 0
    last_measured = ""
    for m in _TARGET.finditer(text):
        start = last_end
        for d in _CLAUSE_START.finditer(text, 0, m.start()):
            start = max(start, d.end())
        measured = text[start:m.start()].strip()
        sentence_start = max((d.end() for d in re.finditer(r"[。；;]", text[:m.start()])), default=0)
        lead_in = text[sentence_start:m.start()]  # 累计/全年 earlier in the sentence covers its list
        if not measure_key(measured):
            measured = last_measured
        if not measure_key(measured):
            last_end = m.end()
            continue
        found.append(Indicator(task=task.number, source=source, milestone=milestone, periods=periods,
                               measured=measured, value=float(m["value"]), unit=m["unit"],
                               comparator=_comparator(m["before"], m["after"]),
                               comparator_text=(m["before"] + m["after"]) or "",
                               cumulative=any(w in lead_in or w in measured for w in ("累计", "全年")),
                               text=text, line=line))
        last_measured = measured
        last_end = m.end()
    return found


def extract_indicators(tasks: list[Task]) -> list[Indicator]:
    indicators: list[Indicator] = []
    for task in tasks:
        indicators += _scan(task, task.description, "description", None, (), task.first_line)
        for m in task.milestones:
            if not m.no_target:
                indicators += _scan(task, m.text, f"milestone {m.order}", m.order, m.periods, m.line)
    return indicators


def _fmt(value: float) -> str:
    return f"{value:g}"


def check_sums(indicators: list[Indicator]) -> list[Finding]:
    """Flag period targets that do not reach the annual one, or overshoot it."""
    findings = []
    groups: dict[tuple[int, str, str], list[Indicator]] = defaultdict(list)
    for ind in indicators:
        groups[(ind.task, ind.key, ind.unit)].append(ind)
    for (task, key, unit), items in sorted(groups.items()):
        annual = [i for i in items if i.source == "description"]
        series = sorted((i for i in items if i.milestone is not None), key=lambda i: max(i.periods))
        if not annual or len(series) < 2 or unit == "%":
            continue
        target = annual[0].value
        values = [i.value for i in series]
        rising = all(a <= b for a, b in zip(values, values[1:]))
        if rising and (any(i.cumulative for i in series) or values[-1] == target):
            if values[-1] != target:
                findings.append(Finding("indicator-mismatch", "warning", Message(N_(
                    "task %(task)s: %(key)s cumulative targets end at %(end)s, the annual target is %(target)s"),
                    task=task, key=key, end=f"{_fmt(values[-1])}{unit}", target=f"{_fmt(target)}{unit}"),
                    series[-1].line, task))
            continue
        final_total = series[-1].cumulative and values[-1] == target
        steps = values[:-1] if final_total else values
        total = sum(steps)
        if total != target:
            said = dict(task=task, key=key, sum=f"{'+'.join(_fmt(v) for v in steps)} = {_fmt(total)}{unit}",
                        target=f"{_fmt(target)}{unit}", left=f"{_fmt(target - total)}{unit}")
            message = (Message(N_("task %(task)s: %(key)s: period targets %(sum)s before the last period, which "
                                  "restates the annual %(target)s (so %(left)s are left for it)"), **said)
                       if final_total else
                       Message(N_("task %(task)s: %(key)s: period targets %(sum)s, not the annual %(target)s"),
                               task=task, key=key, sum=said["sum"], target=said["target"]))
            findings.append(Finding("indicator-mismatch", "warning", message, series[0].line, task))
    return findings
