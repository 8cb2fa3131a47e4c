"""Help text wrapped by the columns a terminal gives it: a Chinese character takes two, and a line may
break between any two of them (click's wrapping counts characters and breaks only at spaces).

>>> columns("用法：kg")
8
>>> wrap("生成五色图：独立的 HTML 文件", 14)
['生成五色图：', '独立的 HTML', '文件']
>>> wrap("下发日期（YYYY-MM-DD）。 [必填]", 26)
['下发日期（YYYY-MM-DD）。', '[必填]']
"""
from __future__ import annotations

import re
import unicodedata

__all__ = ["columns", "wrap", "clip"]

_WIDE = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
#: A space; or one wide character or a run of narrow ones, with the opening marks before it (a line
#: does not end with （).
_TOKENS = re.compile(rf"\s+|[（「『《\[]*(?:[{_WIDE}]|[^\s{_WIDE}]+)")
#: Punctuation a line does not start with (it takes the columns kept at the end of the line before).
_CLOSING = set("，。、；：！？）」』》]")


def columns(text: str) -> int:
    """How many terminal columns ``text`` takes."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap(text: str, width: int) -> list[str]:
    """``text`` as lines of at most ``width`` columns; the last two are kept for a closing mark (，。）), which
    does not start a line."""
    lines, line = [], ""
    for token in _TOKENS.findall(" ".join(text.split())):
        fits = columns(line + token) <= (width if token in _CLOSING else width - 2) or not line.strip()
        if fits:
            line += token
        else:
            lines.append(line.rstrip())
            line = "" if token.isspace() else token
    if line.strip():
        lines.append(line.rstrip())
    return lines


def clip(text: str, width: int) -> str:
    """``text`` cut to ``width`` columns with "…", after a comma when one comes late enough, and never
    inside an ASCII word."""
    if columns(text) <= width:
        return text
    head = ""
    for char in text:
        if columns(head + char) > width - 1:
            break
        head += char
    cut = max(head.rfind(mark) for mark in ("，", "、", "；", "：", ", ", "; ", ": "))
    if cut > len(head) // 2:
        head = head[:cut]
    else:
        head = re.sub(r"[\w.\-/（(]+$", "", head, flags=re.ASCII) or head
    return head.rstrip() + "…"
