"""A plan's running text as one flow, and its numbered outline.

Text copied out of a PDF breaks lines anywhere (mid-word, inside a bracket,
between a label and its text); a web page keeps one paragraph per line. Both
become one flow of characters that remembers each character's source line, and
the numbering (一、 （一） 1. （1） ①) is found on it: a label counts when it opens a
line or follows the end of a sentence, and when its number continues its
style's sequence, so ``2.5亿元`` or a year in brackets is never a label.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from ..model.messages import N_
from .fold import no_space
from .roles import KEY, MENTIONS, colon_gaps
from .unitlist import name_gaps

__all__ = ["Flow", "Label", "make_flow", "page_furniture", "is_page_number", "PAGE_NUMBER", "find_labels", "chinese_number", "CHINESE_NUMERAL", "MARKERS", "SECTION_LINE", "MEASURE_LINE"]

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
              "九": 9}
#: A number in Chinese numerals (一, 十二, 一百零五).
CHINESE_NUMERAL = "[一二三四五六七八九十百零〇两]+"
#: Label styles: name → pattern for the label at the start of the text (group 1 is the number).
STYLES = (
    ("cn、", re.compile(rf"({CHINESE_NUMERAL})[、，.．]")),
    ("(cn)", re.compile(rf"[（(]({CHINESE_NUMERAL})[）)]")),
    ("n.", re.compile(r"(\d{1,3})(?:[.．、]{1,2}(?![\d.．])|\s*[.．](?=[\u4e00-\u9fff“《（(]))")),
    ("n", re.compile(r"(\d{1,3})(?=[\u4e00-\u9fff])(?![个项家天年月日万亿倍次人件名所条元户台套份期批类只届度号])")),
    #: ``1.1 统一事项标准``: a second-level number (never ``3.5亿元``; the first part is the group 1 here).
    ("n.n", re.compile(r"(\d{1,2})[.．](\d{1,2})(?=[\u4e00-\u9fff“《（(])(?![万亿千百元倍个项家%％])")),
    #: ``1）统一事项标准``, ``2)…``.
    ("n)", re.compile(r"(\d{1,3})[）)](?=[\u4e00-\u9fff“《（(])")),
    #: ``2.2023年2月底前…``, ``11.121人才梯队项目``: a label whose text opens with digits (never ``3.5亿元``).
    ("n.d", re.compile(r"(\d{1,3})[.．](?=\d+(?![\d.．%％‰万亿千百元倍个项家]))")),
    ("(n)", re.compile(r"[（(](\d{1,3})[）)]")),
    ("circled", re.compile(r"([①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])")),
    ("第n条", re.compile(rf"第({CHINESE_NUMERAL})[条项部分]")),
)
#: A line that is a whole section heading (一、着力提升要素环境) or a numbered measure (1.方便企业开办。…):
#: how a table plan's body and its section rows are read, with the label patterns above.
SECTION_LINE = re.compile(rf"^({CHINESE_NUMERAL})、\s*(.+?)\s*$")
MEASURE_LINE = re.compile(r"^(\d{1,3})\s*[.．、]\s*(.+?[。；;])(.*)$")
#: Unnumbered paragraphs that start a measure of their own (``具体举措：``).
MARKERS = re.compile(r"(?:具体举措|具体措施|主要举措|工作举措|重点举措|具体任务|工作措施)[:：]?")
_SENTENCE_END = "。；;）)〕】！!？?"


def chinese_number(text: str) -> int:
    """A number written in Chinese numerals (to 999), or a circled digit.

    >>> [chinese_number(t) for t in ("六", "十", "十二", "二十三", "一百零五", "③")]
    [6, 10, 12, 23, 105, 3]
    """
    if text in "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳":
        return "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳".index(text) + 1
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for char in text:
        if char == "百":
            total += (current or 1) * 100
            current = 0
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = current * 10 + _CN_DIGITS[char] if current else _CN_DIGITS[char]
    return total + current


@dataclass
class Flow:
    """The text as one string (whitespace between Chinese characters removed), with its source lines."""

    text: str  # as written
    twin: str  # the same, character for character, in simplified characters
    lines: list[int]  # source line (1-based) of each character
    line_starts: list[int]  # offsets where a source line starts

    def line_of(self, offset: int) -> int:
        if not self.lines:
            return 1
        return self.lines[min(max(offset, 0), len(self.lines) - 1)]

    def opens_line(self, offset: int) -> bool:
        index = bisect.bisect_left(self.line_starts, offset)
        return index < len(self.line_starts) and self.line_starts[index] == offset


#: A line that is only a page number, as Chinese documents print them (a PDF, or a copy of one).
PAGE_NUMBER = re.compile(r"[-—－–─·•~～\s]*(第\s*)?\d{1,4}(\s*页)?([\s,，]*(/|共)\s*\d{1,4}\s*页?)?[-—－–─·•~～\s]*")
#: A periodical's running header: ``南充市人民政府公报 2024年第3期``.
_RUNNING_HEADER = re.compile(r"(?:公报|政报|通讯|简报)\s*(?:\d{4}\s*年)?\s*第\s*\d+\s*[期号]$")


def is_page_number(text: str) -> bool:
    """Whether a line is only a page number, as Chinese documents print them.

    >>> [is_page_number(t) for t in ("- 3 -", "—12—", "第3页", "第 3 页 共 10 页", "3/10", "7", "· 5 ·", "～5～")]
    [True, True, True, True, True, True, True, True]
    >>> [is_page_number(t) for t in ("1.加强领导", "2023年6月", "（3）", "- 3 - 附件")]
    [False, False, False, False]
    """
    return PAGE_NUMBER.fullmatch(text.strip()) is not None


def page_furniture(lines: list[str]) -> dict[int, str]:
    """Lines a PDF copy carries from the page, not the text (0-based index → what it is): page numbers,
    a periodical's running header, and any short line without a sentence or a bracket repeated on three
    pages or more (two, where it names a kind of document: …规范性文件). They are left out of the flow, so a bracket broken over a page reads whole again.

    >>> page_furniture(["1.事项一（责任单位：市财", "— 3 —", "南充市人民政府公报 2024年第3期", "政局）"])
    {1: 'page number', 2: 'running header'}
    >>> page_furniture(["某县人民政府行政规范性文件", "1.事项一（责任单位：县财", "某县人民政府行政规范性文件", "政局）"])
    {0: 'running header', 2: 'running header'}
    """
    counts: dict[str, int] = {}
    for line in lines:
        key = line.strip()
        counts[key] = counts.get(key, 0) + 1
    found = {}
    for index, line in enumerate(lines):
        key = no_space(line)
        if not key:
            continue
        if is_page_number(line):
            found[index] = N_("page number")
        elif _RUNNING_HEADER.search(key) or (counts[line.strip()] >= (2 if _HEADER_ENDING.search(key) else 3)
                                             and len(key) <= 40
                                             and not re.search(r"[。；;：:（）()〔〕【】，,、]", key)
                                             and not MENTIONS.search(key)):
            found[index] = N_("running header")
    return found


#: A running header names the kind of document (某某县人民政府行政规范性文件): twice is enough to tell.
_HEADER_ENDING = re.compile(r"(?:文件|公报|政报|简报)$")


def make_flow(lines: list[str], twin_lines: list[str], first_line: int = 1) -> Flow:
    r"""Join ``lines`` into one flow; blank lines (page breaks) disappear.

    Lines are joined as written (a PDF breaks them mid-word), then whitespace is read on the whole: a key's
    colon (``牵头单位 X``), a separator between two names (``县公安局 市场监\n管局 县税务局``: a 、 where the
    space stands), or nothing where it sits beside Chinese text.

    >>> make_flow(["（责任单位：县公安局 市场监", "管局 县税务局）"], ["（责任单位：县公安局 市场监", "管局 县税务局）"]).text
    '（责任单位：县公安局、市场监管局、县税务局）'
    >>> make_flow(["1.推进改革。（牵头单位 县发改委）", "Word 2007"], ["1.推进改革。（牵头单位 县发改委）", "Word 2007"]).text
    '1.推进改革。（牵头单位：县发改委）Word 2007'
    >>> make_flow(["配合单位：县经济信息委 县生态环境局", "县市场监管局", "（5）开展燃气安全整治。"],
    ...           ["配合单位：县经济信息委 县生态环境局", "县市场监管局", "（5）开展燃气安全整治。"]).text
    '配合单位：县经济信息委、县生态环境局、县市场监管局（5）开展燃气安全整治。'

    Names one a line, each line ending short, are a list; a name the copy wrapped at the full width is one:

    >>> lines = ["1.开展燃气安全整治，全面排查燃气管道老化等问题。", "责任单位：县发改委", "县财政局",
    ...          "2.开展校园安全整治，加强校园周边治安巡查，责任单位：县公安局", "交警大队"]
    >>> make_flow(lines, lines).text
    '1.开展燃气安全整治，全面排查燃气管道老化等问题。责任单位：县发改委、县财政局2.开展校园安全整治，加强校园周边治安巡查，责任单位：县公安局交警大队'
    """
    text, twin, where, starts = [], [], [], []
    width = _full_width(lines)
    for number, (line, twin_line) in enumerate(zip(lines, twin_lines), start=first_line):
        line, twin_line = line.strip(), twin_line.strip()
        if not line:
            continue
        if len(twin_line) != len(line):
            twin_line = line
        line, twin_line = colon_gaps(line, twin_line)
        if text:  # the line break: where the line before ran to the full width, the copy's wrap (often mid-name:
            # a separator only in a list spaced elsewhere); where it ended short, the writer's (names one a line)
            brk = _WRAP if len(text) - starts[-1] >= width else _BREAK
            text.append(brk), twin.append(brk), where.append(where[-1])
        starts.append(len(text))
        text += line
        twin += twin_line
        where += [number] * len(line)
    joined = "".join(twin)
    keep = [True] * len(text)
    gaps = name_gaps(joined, KEY, soft=_WRAP, weak=_BREAK)
    for m in _WHITE.finditer(joined):
        if m.start() in gaps:
            text[m.start()] = twin[m.start()] = "、"
            keep[m.start() + 1:m.end()] = [False] * (m.end() - m.start() - 1)
        elif _WRAP in m.group() or _BREAK in m.group() or (m.start() and joined[m.start() - 1] > "\x7f") \
                or (m.end() < len(joined) and joined[m.end()] > "\x7f"):
            keep[m.start():m.end()] = [False] * (m.end() - m.start())  # beside Chinese text: a PDF's space
    new_index, count = [], 0
    for kept in keep:
        new_index.append(count)
        count += kept
    return Flow("".join(c for c, k in zip(text, keep) if k), "".join(c for c, k in zip(twin, keep) if k),
                [w for w, k in zip(where, keep) if k], sorted({new_index[s] for s in starts}))


_WRAP, _BREAK = "\n", "\r"  # where a line ends in the flow, before its whitespace is read
_WHITE = re.compile(r"[ \t\u3000\xa0\n\r]+")


def _full_width(lines: list[str]) -> int:
    """How long a line runs before the copy wraps it: most of the text's lines (three in four) are no longer.
    A line shorter than 0.6 of that ended where its writer ended it."""
    lengths = sorted(len(line.strip()) for line in lines if line.strip())
    return int(0.6 * lengths[3 * len(lengths) // 4]) if lengths else 0


@dataclass
class Label:
    """One numbered heading or measure."""

    start: int  # offset of the label in the flow
    end: int  # offset after the label itself
    style: str
    number: int
    printed: str
    level: int = 0
    parent: "Label | None" = field(default=None, repr=False)
    stop: int = 0  # where its own text ends (the next label)

    def title(self, flow: Flow) -> str:
        """The label's own words up to the first full stop, the first bracket naming units, or the first
        key (``责任单位：`` on the next line of a measure with no full stop), read in the simplified twin."""
        text, twin = flow.text[self.end:self.stop], flow.twin[self.end:self.stop]
        cut = _TITLE_END.search(twin if len(twin) == len(text) else text)
        title = text[:cut.start()] if cut else text
        return title.strip("：: ")[:80]


#: Where a label's title ends: a full stop, a bracket that names units, a role or deadline key.
_TITLE_END = re.compile(r"[。；;！？]|[（(〔][^）)〕]*?(?:" + MENTIONS.pattern + ")|" + KEY.pattern)


def _match_at(twin: str, offset: int) -> tuple[str, re.Match[str]] | None:
    for style, pattern in STYLES:
        if m := pattern.match(twin, offset):
            return style, m
    return None


def find_labels(flow: Flow, forbidden: list[tuple[int, int]] = ()) -> list[Label]:
    """The outline: labels that open a line or a sentence and continue their sequence.

    ``forbidden`` spans (the units parentheses) never hold a label.
    """
    twin = flow.twin
    candidates = sorted(set(flow.line_starts)
                        | {i + 1 for i, c in enumerate(twin[:-1]) if c in _SENTENCE_END})
    blocked = sorted(forbidden)
    last: dict[str, int] = {}
    labels: list[Label] = []
    levels: list[str] = []
    for offset in candidates:
        index = bisect.bisect_right(blocked, (offset, float("inf"))) - 1
        if index >= 0 and blocked[index][0] < offset < blocked[index][1]:
            continue
        found = _match_at(twin, offset)
        if not found:
            if (marker := MARKERS.match(twin, offset)) and flow.opens_line(offset) and labels:
                labels.append(Label(offset, marker.end(), "marker", 0, flow.text[offset:marker.end()].rstrip("：:"), 99))
            continue
        style, m = found
        number = chinese_number(m.group(1))
        if style == "n.n":  # 1.1 1.2 2.1: the next number in its group, or the first of the next group
            number = number * 100 + int(m.group(2))
            previous = last.get(style, 0)
            if not at_line_start(flow, offset) or not (
                    number == previous + 1 or number % 100 == 1 and number // 100 in (1, previous // 100 + 1)):
                continue
            if style not in levels:
                levels.append(style)
            last[style] = number
            labels.append(Label(offset, m.end(), style, number, flow.text[offset:m.end()], levels.index(style)))
            continue
        if style in ("n", "n.d"):  # 30不断优化… (lost its dot), 2.2023年…: only at a line's start, where the
            # number continues the 1. sequence exactly
            if not at_line_start(flow, offset) or number != last.get("n.", -1 if style == "n" else 0) + 1:
                continue
            style = "n."
        previous = last.get(style, 0)
        at_line = flow.opens_line(offset)
        fresh = style not in levels or any(levels.index(l.style) < levels.index(style)
                                           for l in labels[_last_of(labels, style):] if l.style in levels)
        if number == previous + 1:
            pass
        elif number == 1 and (fresh or previous == 0):
            pass
        elif at_line and previous < number <= previous + 3 and style != "circled":
            pass  # a label lost in the copy (glued to the line before)
        else:
            continue
        if style not in levels:
            levels.append(style)
        last[style] = number
        labels.append(Label(offset, m.end(), style, number, flow.text[offset:m.end()], levels.index(style)))
    for label in labels:
        if label.style == "marker":
            label.level = 99
    for index, label in enumerate(labels):
        label.stop = labels[index + 1].start if index + 1 < len(labels) else len(twin)
        for earlier in reversed(labels[:index]):
            if earlier.level < label.level:
                label.parent = earlier
                break
    return labels


def at_line_start(flow: Flow, offset: int) -> bool:
    return flow.opens_line(offset)


def _last_of(labels: list[Label], style: str) -> int:
    for index in range(len(labels) - 1, -1, -1):
        if labels[index].style == style:
            return index
    return 0
