"""The plan's body: the notice, metadata, goals, sections and numbered measures."""
from __future__ import annotations

import re

from .records import Finding, Measure, Section

__all__ = ["chinese_number", "parse_body", "SECTION_LINE"]

_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
SECTION_LINE = re.compile(r"^([一二三四五六七八九十]+)、\s*(.+?)\s*$")
_MEASURE = re.compile(r"^(\d{1,3})\s*[.．、]\s*(.+?[。；;])(.*)$")
_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_TITLE = re.compile(r"^(?P<county>\S+?[县区市旗州])(?P<year>\d{4})年.*(方案|计划|清单|要点)$")


def chinese_number(text: str) -> int:
    """1–99 written in Chinese numerals.

    >>> [chinese_number(t) for t in ("六", "十", "十二", "二十三")]
    [6, 10, 12, 23]
    """
    if "十" not in text:
        return _DIGITS[text]
    tens, _, units = text.partition("十")
    return (_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[units] if units else 0)


def _iso(match: re.Match[str]) -> str:
    y, m, d = (int(g) for g in match.groups())
    return f"{y:04d}-{m:02d}-{d:02d}"


def parse_body(lines: list[str], end: int) -> tuple[dict, list[Section], list[Measure], list[Finding]]:
    """Metadata, sections and measures from ``lines[:end]`` (the part before the annex)."""
    meta: dict = {}
    findings: list[Finding] = []
    sections: list[Section] = []
    measures: list[Measure] = []
    stripped = [line.strip() for line in lines]
    nonblank = [(i, s) for i, s in enumerate(stripped[:end]) if s]
    if nonblank:
        meta["publisher"] = nonblank[0][1]
    notice: list[str] = []
    for i, s in nonblank[1:]:
        notice.append(s)
        if s.endswith("通知"):
            meta["notice_title"] = "".join(notice)
            break
        if len(notice) > 4:
            break
    for i, s in nonblank:
        if "addressees" not in meta and s.endswith(("：", ":")) and "附件" not in s:
            meta["addressees"] = s.rstrip("：:")
        if "issued" not in meta and (m := _DATE.fullmatch(s)):
            meta["issued"] = _iso(m)
        if "release_note" not in meta and re.fullmatch(r"[（(]此件.*[)）]", s):
            meta["release_note"] = s.strip("（）()")
        if "title" not in meta and (m := _TITLE.match(s)) and "通知" not in s and "附件" not in s:
            meta["title"], meta["county"], meta["year"] = s, m["county"], int(m["year"])
            meta["title_line"] = i + 1
    section = 0
    for i, s in nonblank:
        if s.startswith("为") and "preamble" not in meta and "title" in meta and i + 1 > meta["title_line"]:
            meta["preamble"] = s
            if goals := re.search(r"实现(.+?)目标", s):
                meta["goals"] = [g.strip() for g in goals.group(1).split("、") if g.strip()]
        if m := SECTION_LINE.match(s):
            section = chinese_number(m.group(1))
            sections.append(Section(section, m.group(2), i + 1))
        elif m := _MEASURE.match(s):
            title = m.group(2).rstrip("。；;")
            measures.append(Measure(int(m.group(1)), section, title, s, i + 1))
    for i, s in enumerate(stripped):
        if s.startswith("抄送"):
            copy = [s.partition("：")[2] or s[2:]]
            for t in stripped[i + 1:]:
                if copy[-1].endswith("。"):
                    break
                if t:
                    copy.append(t)
            meta["copy_to"] = "".join(copy).rstrip("。")
        if (m := re.search(r"(\d{4})年(\d{1,2})月(\d{1,2})日印发", s)) and "printed" not in meta:
            meta["printed"] = _iso(m)
    if not sections:
        findings.append(Finding("no-sections", "warning",
                                "the body has no numbered sections (一、… 二、…)", 1))
    if not measures:
        findings.append(Finding("no-measures", "warning",
                                "the body has no numbered measures (1.… 2.…)", 1))
    numbers = [m.number for m in measures]
    if numbers != list(range(1, len(numbers) + 1)):
        findings.append(Finding("measure-numbering", "warning",
                                f"measures are numbered {numbers}, not 1..{len(numbers)}",
                                measures[0].line if measures else 1))
    return meta, sections, measures, findings
