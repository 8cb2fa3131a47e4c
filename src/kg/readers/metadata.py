"""What a plan says about itself: title, issuer, place, year, issue date and 文号.

Plans write these in many ways (a notice that prints the plan, a two-line
title, no title at all). Everything here is optional: what cannot be read is
a finding, never a failed build. The place (奉节县, 克拉玛依市, 国务院) decides
which unit registry applies.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .unitlist import compact

__all__ = ["Metadata", "Given", "read_metadata", "place_of", "place_level", "TITLE_ENDINGS", "NATIONAL"]

#: How plan titles end: documents, then the task tables county offices keep (…重点任务分解表, …工作台账);
#: 通知 stays last (a notice's own title, never a plan's title standing alone).
TITLE_ENDINGS = ("实施方案", "工作方案", "行动方案", "方案", "计划", "清单", "要点", "意见", "措施", "办法", "规划",
                 "细则", "分工", "任务", "纲要", "部署", "安排", "台账", "分解表", "一览表", "任务表", "清单表",
                 "责任表", "分工表", "推进表", "进度表", "汇总表", "安排表", "计划表", "督办表", "明细表", "通知")
_RELEASE_NOTE = re.compile(r"[（(]此件.*[)）]")
#: An annex label standing before a title (附件1：, 附表), not part of it.
_ANNEX_LABEL = re.compile(r"^附[件表]\s*(?:[0-9０-９一二三四五六七八九十]+\s*[:：]?|[:：]|$)")
#: The place of plans issued by the central government.
NATIONAL = "国务院"
_PLACE_TOKEN = (r"(?![委办])(?:(?!关于|印发|办公|政府|人民|党委)[\u4e00-\u9fff]){1,8}?"
                r"(?:特别行政区|自治区|自治州|自治县|省|市|州(?![市省区县盟])|盟|地区|县|旗|新区|区)")
_PLACE = re.compile(rf"^(?:中共)?((?:{_PLACE_TOKEN})+)")
_TOKEN = re.compile(_PLACE_TOKEN)
_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[［【(（]\s*(\d{4})\s*[〕\]］】)）]\s*\d+\s*号")
_NOTICE = re.compile(r"关于印发(?:《(?P<quoted>.+?)》|(?P<bare>.+?))的通知")
_LEVELS = (("特别行政区", "province"), ("自治区", "province"), ("省", "province"), ("自治州", "prefecture"),
           ("州", "prefecture"), ("盟", "prefecture"), ("地区", "prefecture"), ("自治县", "county"),
           ("县", "county"), ("旗", "county"), ("新区", "county"), ("区", "county"), ("市", "city"))
_MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")


@dataclass
class Metadata:
    title: str | None = None
    title_line: int | None = None  # 1-based line of the title standing on its own, if any
    publisher: str | None = None
    notice_title: str | None = None
    place: str | None = None  # the most specific place: 青浦区 for 上海市青浦区
    place_path: tuple[str, ...] = ()  # every place named: (上海市, 青浦区)
    place_level: str | None = None  # national | province | prefecture | city | county
    year: int | None = None
    year_from: str | None = None  # title | doc-number | issued | file-name | given
    issued: str | None = None
    doc_number: str | None = None
    addressees: str | None = None
    release_note: str | None = None
    body_start: int = 0  # 0-based index of the first line after the title
    preamble: str | None = None
    goals: list[str] = field(default_factory=list)
    copy_to: str | None = None
    printed: str | None = None
    #: A task table's plan states 排在首位的为牵头单位 (outside the table): the first listed unit leads;
    #: ``others_support`` when it adds 其他为配合单位.
    first_leads: bool = False
    others_support: bool = False


@dataclass(frozen=True)
class Given:
    """What the person building states about a plan (``kg build --place/--year/--title``): it wins over
    what the text seems to say, for a plan whose title, place or year cannot be read (or is read wrong)."""

    place: str | None = None
    year: int | None = None
    title: str | None = None

    def apply(self, meta: Metadata) -> Metadata:
        if self.place:
            meta.place = self.place
            meta.place_path = place_of(self.place) or (self.place,)
            meta.place_level = place_level(self.place) if place_of(self.place) else None
        if self.year:
            meta.year, meta.year_from = self.year, "given"
        if self.title:
            meta.title = self.title
        return meta


def place_level(place: str) -> str:
    if place == NATIONAL:
        return "national"
    if place in _MUNICIPALITIES:
        return "province"
    return next(level for ending, level in _LEVELS if place.endswith(ending))


def place_of(text: str) -> tuple[str, ...]:
    """The places a title or an issuer starts with, widest first.

    >>> place_of("上海市青浦区人民政府办公室"), place_of("克拉玛依市2023年“放管服”改革工作要点")
    (('上海市', '青浦区'), ('克拉玛依市',))
    >>> place_of("国务院办公厅关于深入开展消费扶贫"), place_of("省住房城乡建设厅落实2023年度"), place_of("天津市政务服务办")
    (('国务院',), (), ('天津市',))
    >>> place_of("杭州市人民政府"), place_of("贵州省人民政府办公厅"), place_of("甘孜州人民政府")
    (('杭州市',), ('贵州省',), ('甘孜州',))
    """
    text = compact(text)
    if text.startswith(NATIONAL) or text.startswith("中共中央"):
        return (NATIONAL,)
    text = re.sub(r"^\d{4}年度?", "", text)
    m = _PLACE.match(text)
    if not m:
        return ()
    return tuple(t.group() for t in _TOKEN.finditer(m.group(1)))


def read_metadata(lines: list[str], path: Path | None = None, twin: list[str] | None = None) -> Metadata:
    """Read the plan's own description from its first lines (and its dates from anywhere).

    ``twin`` are the lines in simplified characters (the same length), used for matching.
    """
    twin = twin or lines
    meta = Metadata()
    head: list[tuple[int, str]] = [(i, compact(t)) for i, t in enumerate(twin[:60]) if compact(t)]
    joined, starts = "", []
    for i, text in head[:12]:
        starts.append((len(joined), i))
        joined += text
    notice = _NOTICE.search(joined)
    if notice:
        end = notice.end()
        first = joined.rfind("关于", 0, notice.start() + 2)
        prefix = joined[:first]
        line_before = max((s for s, _ in starts if s <= first), default=0)
        meta.publisher = prefix[line_before:] or (prefix[:line_before] or None)
        if meta.publisher and len(meta.publisher) > 40:
            meta.publisher = None
        meta.notice_title = joined[line_before:end]
        meta.title = _title(notice["quoted"] or notice["bare"])
    for i, text in head:
        if meta.title and text == meta.title:
            meta.title_line, meta.body_start = i + 1, i + 1
            break
    if meta.title is None:
        _standalone_title(meta, head)
    if meta.title and meta.title_line is None:
        meta.body_start = _after_title(head, meta.title)
    for _, text in head:
        if meta.doc_number is None and (m := _DOC_NUMBER.search(text)):
            meta.doc_number = m.group()
        if meta.addressees is None and text.endswith(("：", ":")) and len(text) < 120 and "附件" not in text:
            meta.addressees = text.rstrip("：:")
        if meta.release_note is None and _RELEASE_NOTE.fullmatch(text):
            meta.release_note = text.strip("（）()")
    meta.issued = _issued(joined, twin)
    places = ()
    for candidate in (meta.title, meta.publisher, meta.notice_title, joined[:40]):
        if candidate and (places := place_of(candidate)):
            break
    if places:
        meta.place_path, meta.place = places, places[-1]
        meta.place_level = place_level(meta.place)
    _year(meta, path)
    _as_written(meta, lines, twin)
    return meta


def _as_written(meta: Metadata, lines: list[str], twin: list[str]) -> None:
    """Give the text fields back in the source's own characters (matching ran on the simplified twin)."""
    written, simplified = compact("".join(lines[:60])), compact("".join(twin[:60]))
    if written == simplified or len(written) != len(simplified):
        return
    for name in ("title", "publisher", "notice_title", "addressees", "doc_number", "release_note"):
        value = getattr(meta, name)
        if value and (at := simplified.find(value)) >= 0:
            setattr(meta, name, written[at:at + len(value)])


def _title(text: str) -> str:
    return text.strip("《》“”\"")


#: What may follow a title's last word: its years or its status (``（2024—2026年）``, ``（试行）``), kept in it…
_TITLE_TAIL = re.compile(r"[（(](?:\d{4}[—–\-－~至到]\d{4}年?|\d{4}年(?:版|修订版?)?|试行|暂行|征求意见稿|修订稿?|"
                         r"送审稿|草案)[）)]$")
#: …and the issue date a PDF copy prints after it (``（2023年2月5日）``), which is not part of it.
_DATE_TAIL = re.compile(r"[（(]\d{4}年\d{1,2}月\d{1,2}日[）)]$")


def _ends_like_a_title(text: str) -> str | None:
    """The title ``text`` is, when it ends like one (an issue date after it dropped), else None.

    >>> _ends_like_a_title("某市三年行动方案（2024—2026年）"), _ends_like_a_title("某市实施方案（2023年2月5日）")
    ('某市三年行动方案（2024—2026年）', '某市实施方案')
    """
    if date := _DATE_TAIL.search(text):
        text = text[:date.start()]
    tail = _TITLE_TAIL.search(text)
    core = text[:tail.start()] if tail else text
    return text if core.endswith(TITLE_ENDINGS) else None


def _standalone_title(meta: Metadata, head: list[tuple[int, str]]) -> None:
    """A title without a notice: up to three opening lines that end like a title."""
    head = [(i, text) for i, text in ((i, _ANNEX_LABEL.sub("", t)) for i, t in head)
            if text and not _RELEASE_NOTE.fullmatch(text)]  # （此件公开发布） stands above a title, not in it
    for count in (1, 2, 3):
        if len(head) < count:
            break
        text = _ends_like_a_title("".join(t for _, t in head[:count]))
        if text and len(text) <= 80:
            meta.title = text
            meta.title_line = head[0][0] + 1
            meta.body_start = head[count - 1][0] + 1
            publisher = re.match(r"^(.{2,30}?)关于", text)
            meta.publisher = publisher.group(1) if publisher else None
            return
    for i, text in head[:20]:
        if text.endswith(TITLE_ENDINGS[:-1]) and 6 <= len(text) <= 60 and "，" not in text:
            meta.title, meta.title_line, meta.body_start = text, i + 1, i + 1
            return


def _after_title(head: list[tuple[int, str]], title: str) -> int:
    """The line after the title's own copy, when the title wraps over lines."""
    for n, (i, text) in enumerate(head):
        if title.startswith(text) and len(text) >= 4:
            joined = text
            for j, more in head[n + 1:n + 4]:
                if joined == title:
                    break
                joined += more
                if joined == title:
                    return j + 1
    return 0


def _issued(joined: str, lines: list[str]) -> str | None:
    dates = [m for m in _DATE.finditer(joined)]
    if not dates:
        for line in lines[:40] + lines[-15:]:
            dates += list(_DATE.finditer(compact(line)))
    if not dates:
        return None
    y, m, d = (int(g) for g in dates[0].groups())
    return f"{y:04d}-{m:02d}-{d:02d}" if 1 <= m <= 12 and 1 <= d <= 31 else None


def _year(meta: Metadata, path: Path | None) -> None:
    sources = [("title", meta.title and (re.search(r"(\d{4})[—–\-－~至到]\d{4}年", meta.title)
                                         or re.search(r"(\d{4})年", meta.title))),
               ("doc-number", meta.doc_number and _DOC_NUMBER.search(meta.doc_number)),
               ("issued", meta.issued and re.match(r"(\d{4})", meta.issued)),
               ("file-name", path and re.search(r"(?<!\d)(20\d\d|19\d\d)(?!\d)", path.stem))]
    for name, match in sources:
        if match:
            meta.year, meta.year_from = int(match.group(1)), name
            return
