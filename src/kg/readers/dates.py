"""Dates as plans write them: deadlines, ongoing words and bimonthly period headers.

The one place these phrases are read. A deadline is a month (``YYYY-MM``), or
ongoing (长期坚持), or not stated; when the month comes without a year the
plan's year is used and the reading says so.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model.dates import IN_FIGURES
from ..model.messages import N_, Message
from ..model.records import Finding
from .fold import no_space

__all__ = ["Deadline", "DEADLINE_KEYS", "ONGOING_WORDS", "PERIOD_HEADER", "NO_TARGET", "no_target", "parse_deadline_cell", "find_deadline",
           "deadline_phrase", "deadline_first", "reading_finding", "period_bounds", "periods_year"]

#: Words that make a task ongoing, with no deadline of its own.
ONGOING_WORDS = ("长期坚持", "持续推进", "持续开展", "长期推进", "长期", "常态化推进", "常态化", "持续")
#: A task that recurs (每季度, 每年6月底前, 每月10日前, 定期) has no date of its own either: it is ongoing,
#: and a month said with the recurrence (每年 *6月底前*) is the recurrence's, not a deadline.
_EVERY = re.compile(r"每(?:一|个)?(?:年度?|半年|季度?|个?月|周|旬|双月|两个?月)|定期")
_DAY = re.compile(r"\d{1,2}[日号]")  # 每月10日前
#: How often, said after the period: 每季度开展一次, 每月调度1次.
_TIMES = re.compile(r"[\u4e00-\u9fff]{0,4}?[一1]次")

#: A milestone cell that sets no target for its period.
NO_TARGET = frozenset({"—", "——", "-", "－", "/", "／", "无", "–"})


def no_target(cell: str) -> bool:
    """True for a blank period cell or a dash: no target in that period.

    >>> no_target("—"), no_target(""), no_target("—设立便民网点")
    (True, True, False)
    """
    return not cell.strip() or cell.strip() in NO_TARGET


#: A bimonthly column header: ``1月-3月``, ``12月-2024年1月``.
PERIOD_HEADER = re.compile(r"^(?:(\d{4})年)?(\d{1,2})月\s*[-－—~～至到]\s*(?:(\d{4})年)?(\d{1,2})月$")

#: A year: written out, or 本年/今年/当年 (the plan's own year).
_Y = r"(?:(?P<year>\d{4})|(?P<this>本|今|当))年度?"
#: Parts of a year, and the month each ends in. 底, 末 and 内 end the year written before them
#: (``2024年底``, ``2024年内``); alone they end something else and are not read.
_SEASON = {"一季度": 3, "第一季度": 3, "二季度": 6, "第二季度": 6, "三季度": 9, "第三季度": 9,
           "四季度": 12, "第四季度": 12, "上半年": 6, "下半年": 12, "年底": 12, "年末": 12, "年内": 12,
           "全年": 12, "底": 12, "末": 12, "内": 12}
_NEEDS_YEAR = ("底", "末", "内")
_SEASONS = "|".join(sorted(_SEASON, key=len, reverse=True))
_DATE = re.compile(
    rf"(?:{_Y})?(?:(?P<month>\d{{1,2}})月(?:份)?(?:(?P<day>\d{{1,2}})日)?(?:上旬|中旬|下旬|底|末|中)?"
    rf"|(?P<season>{_SEASONS}))"
    rf"|{IN_FIGURES}")  # a date in figures, as tables write it (kg.model.dates, read by reports too)
#: A year alone (``完成时限：2025年``, ``2024—2025年``, ``2025年前完成``): done within that year, its December;
#: never a year something starts in (``2024年起``) or a part of it no month says (``2024年汛期前``).
_YEAR_ALONE = re.compile(r"(?P<year>\d{4})年度?(?=$|前|完成|基本|全面|实现|[，,；;。.、）)\s—－\-~～至到])")
#: A year something starts in, or the first year of a range (``2024年起``, ``2024—``): no deadline by itself.
_YEAR_FROM = re.compile(r"\d{4}年?度?(?:起|开始|以来|(?=[—－\-~～至到]+\d{4}))")
#: A date something starts from (``2024年6月起``, ``自2024年起``, ``2024年第一季度开始``).
_STARTING = re.compile(rf"(?:自|从)?(?:(?:{_DATE.pattern})|\d{{4}}年度?)(?:起|开始|以来)")
#: Keys whose value is the deadline (``完成时限：2024年6月底前``), in a phrase or as a table column's title.
DEADLINE_KEYS = ("完成时限", "整改时限", "时限要求", "完成时间", "完成期限", "办结时限", "时间节点", "时间要求", "时限",
                 "截止时间", "办结时间", "时间安排", "完成年限", "推进时限", "时间")
#: What may surround a date in a deadline phrase without making it something else: a deadline key, and these.
_FILLER = re.compile("|".join(sorted(DEADLINE_KEYS, key=len, reverse=True))
                     + r"|[:：]|之前|以前|前|底|完成|办结|见效|到位|落实|"
                     r"出台|印发|建成|上线|启动|投用|投入使用|取得(?:阶段性|明显|实质性)?成效|见成效|推开|铺开|"
                     r"基本|全面|并|且|起|开始|截至|截止|至|到|为止|内|实现|年度|止|[，,、。；;.（）()\s—－\-~～]")


@dataclass(frozen=True)
class Deadline:
    """A deadline as read: ``month`` is ``YYYY-MM`` or None; ``ongoing`` when 长期坚持 and no month."""

    month: str | None
    ongoing: bool
    note: Message | None = None  # how it was read, when that involved a choice

    @property
    def stated(self) -> bool:
        return self.month is not None or self.ongoing


NOT_STATED = Deadline(None, False)


def _recurring(text: str) -> list[tuple[int, int]]:
    """Where ``text`` says a task recurs or starts, with no end: 每季度, 每年6月底前 with the month it recurs in,
    and 2024年6月起 (a month something starts in is no deadline)."""
    spans = []
    for m in _EVERY.finditer(text):
        end = m.end() + (text[m.end()] == "的" if m.end() < len(text) else 0)
        date = _DATE.match(text, end) or _DAY.match(text, end)
        end = date.end() if date and not date.groupdict().get("fyear") else m.end()
        times = _TIMES.match(text, end)
        spans.append((m.start(), times.end() if times else end))
    for m in _STARTING.finditer(text):
        if not any(a <= m.start() < b for a, b in spans):
            spans.append(m.span())
    return sorted(spans)


def _without_recurring(text: str, spans: list[tuple[int, int]] | None = None) -> str:
    """``text`` with its recurrences (``spans``, else found here) blanked (same length): their months are not
    deadlines."""
    for start, end in _recurring(text) if spans is None else spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def _ongoing_word(text: str, spans: list[tuple[int, int]]) -> str | None:
    """The words that make ``text`` ongoing: its first recurrence (of ``spans``), else an ongoing word."""
    if spans:
        return text[spans[0][0]:spans[0][1]]
    return next((w for w in ONGOING_WORDS if w in text), None)


def _months(text: str, year: int | None, spans: list[tuple[int, int]]) -> list[tuple[str, bool, bool]]:
    """Every month named in ``text``: ``(YYYY-MM, year was implied, a year alone read as its December)``."""
    # a month without its year takes the year written before it: 12月 in 2025年6月底前启动，12月底前完成 is 2025's
    years = [(m.start(), int(m[1])) for m in re.finditer(r"(\d{4})年", text)]
    text = _without_recurring(text, spans)
    found, taken = [], []
    for m in _DATE.finditer(text):
        taken.append(m.span())
        if m["fyear"]:
            found.append((f"{int(m['fyear']):04d}-{int(m['fmonth']):02d}", False, False))
            continue
        if not (m["month"] or m["season"]):
            continue
        month = int(m["month"]) if m["month"] else _SEASON[m["season"]]
        written_year = m["year"] is not None
        if m["season"] in _NEEDS_YEAR and not (written_year or m["this"]):
            continue  # a bare 底 is the end of something named before it
        if not 1 <= month <= 12:
            continue
        written = int(m["year"]) if written_year else next((y for at, y in reversed(years) if at < m.start()), None)
        y = written if written is not None else year
        if y is None:
            continue
        found.append((f"{y:04d}-{month:02d}", written is None, False))
    for m in _YEAR_ALONE.finditer(text):
        if not any(a <= m.start() < b for a, b in taken):
            found.append((f"{int(m['year']):04d}-12", False, True))
    return found


def find_deadline(text: str, year: int | None) -> Deadline:
    """The deadline a phrase states, the latest month when it names several.

    >>> deadline = find_deadline("2023 年6 月底前并长期坚持", 2023)
    >>> deadline.month, deadline.note.render("en")
    ('2023-06', 'the stated month wins over 长期坚持')
    >>> find_deadline("9 月底", 2023).month, find_deadline("年底前", 2020).month, find_deadline("持续推进", 2023).ongoing
    ('2023-09', '2020-12', True)
    >>> find_deadline("上半年", 2023).month, find_deadline("一季度", 2023).month, find_deadline("", 2023).stated
    ('2023-06', '2023-03', False)
    """
    text = no_space(text)
    recurring = _recurring(text)  # 每季度, 每年6月底前, 2024年6月起: no end of its own
    months = _months(text, year, recurring)
    word = _ongoing_word(text, recurring)
    if months:
        month, implied, year_alone = max(months)
        notes = []
        if implied:
            notes.append(Message(N_("year %(year)s taken from the plan"), year=month[:4]))
        if year_alone:
            notes.append(Message(N_("the year %(year)s alone, read as its end"), year=month[:4]))
        if word:
            notes.append(Message(N_("the stated month wins over %(word)s"), word=word))
        if len({m for m, _, _ in months}) > 1:
            notes.append(Message(N_("the latest of several dates")))
        note = notes[0] if notes else None
        for then in notes[1:]:
            note = Message(N_("%(first)s; %(then)s"), first=note, then=then)
        return Deadline(month, False, note)
    if word:
        return Deadline(None, True, Message(N_("'%(word)s' recurs or only starts, with no date to finish by"),
                                            word=word) if recurring else None)  # read as ongoing, and said
    return NOT_STATED


def reading_finding(deadline: Deadline, task: int, line: int, text: str) -> Finding | None:
    """The finding that says how a task's deadline was read, where that involved a choice (nothing is guessed in
    silence); None where the phrase said it plainly.

    >>> reading_finding(find_deadline("每季度调度一次", 2024), 3, 12, "每季度调度一次").what.render("en")
    "task 3: deadline read as ongoing: '每季度调度一次' recurs or only starts, with no date to finish by"
    >>> reading_finding(find_deadline("2024年6月底前", 2024), 3, 12, "2024年6月底前") is None
    True
    """
    if deadline.note is None:
        return None
    if deadline.month is None:
        said = Message(N_("task %(task)s: deadline read as ongoing: %(note)s"), task=task, note=deadline.note)
    else:
        said = Message(N_("task %(task)s: deadline %(month)s: %(note)s"), task=task, month=deadline.month,
                       note=deadline.note)
    return Finding("deadline-read", "info", said, line, task, text)


def deadline_phrase(text: str, year: int | None) -> Deadline | None:
    """The deadline when ``text`` is nothing but a deadline phrase (``2023年6月底前完成``); else None.

    >>> deadline_phrase("2023年6月底前完成", 2023).month
    '2023-06'
    >>> deadline_phrase("县市场监管局", 2023) is None, deadline_phrase("长期坚持", 2023).ongoing
    (True, True)
    """
    compact = no_space(text)
    if not compact:
        return None
    rest = _YEAR_ALONE.sub("", _DATE.sub("", _YEAR_FROM.sub("", _without_recurring(compact))))
    for word in ONGOING_WORDS:
        rest = rest.replace(word, "")
    if _FILLER.sub("", rest):
        return None
    found = find_deadline(compact, year)
    return found if found.stated else None


_OPENS_WITH_DATE = re.compile(rf"(?:{_DATE.pattern})(?:之前|以前|前)")


def deadline_first(text: str, year: int | None) -> Deadline | None:
    """The deadline a phrase opens with, said before what is due then (``2024年9月底前出台培训方案``): in a units
    bracket, that is the task's deadline. Only a short phrase; None otherwise.

    >>> deadline_first("2024年9月底前出台培训方案", 2024).month, deadline_first("县市场监管局", 2024)
    ('2024-09', None)
    """
    compact = no_space(text)
    m = _OPENS_WITH_DATE.match(compact)
    if not m or len(compact) - m.end() > 12:
        return None
    found = find_deadline(compact[:m.end()], year)
    return found if found.stated else None


def parse_deadline_cell(text: str) -> Deadline | None:
    """A table's deadline cell, read strictly (the year written out, or an ongoing word); None otherwise.

    Strict on purpose: the text export ends a row at its deadline cell, so a
    milestone such as ``6月底前完成`` must not pass for one.

    >>> parse_deadline_cell("2023年6月"), parse_deadline_cell("长期坚持").ongoing, parse_deadline_cell("6月")
    (Deadline(month='2023-06', ongoing=False, note=None), True, None)
    """
    compact = no_space(text)
    if compact in ONGOING_WORDS:
        return Deadline(None, True)
    m = re.fullmatch(r"(\d{4})年(?:(\d{1,2})月(?:底|末)?|(底|末))前?", compact)
    if not m or (m[2] and not 1 <= int(m[2]) <= 12):
        return None
    return Deadline(f"{int(m[1]):04d}-{int(m[2]) if m[2] else 12:02d}", False)


def period_bounds(header: str, year: int | None) -> tuple[str, str] | None:
    """``(start, end)`` months of a period header, or None when it is not one.

    >>> period_bounds("12月-2024年1月", 2023), period_bounds("序号", 2023)
    (('2023-12', '2024-01'), None)
    """
    m = PERIOD_HEADER.match(no_space(header))
    if not m:
        return None
    start_year = int(m[1] or year or 0)
    if not start_year:
        raise ValueError("no year")
    end_year = int(m[3] or start_year)
    return f"{start_year:04d}-{int(m[2]):02d}", f"{end_year:04d}-{int(m[4]):02d}"


def periods_year(headers: list[str]) -> int | None:
    """The year a table's period headers begin in, when one of them names a year (a plan whose title,
    文号 and dates give none): ``12月-2024年1月`` after ``1月-3月`` means the periods begin in 2023.

    >>> periods_year(["1月-3月", "12月-2024年1月"]), periods_year(["2024年1月-3月"]), periods_year(["1月-3月"])
    (2023, 2024, None)
    """
    latest = 0  # the latest month before the first one written with its year
    for header in headers:
        m = PERIOD_HEADER.match(no_space(header))
        if not m:
            continue
        for year, month in ((m[1], m[2]), (m[3], m[4])):
            if year:
                return int(year) - (latest > int(month))
            latest = max(latest, int(month))
    return None
