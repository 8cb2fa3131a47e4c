"""Unit lists split the way a person reads them.

``、 ， , ； ;`` (and ``/``) separate names, but never inside brackets or quotes; a 各… phrase
followed by a kind of body (``各区、县级市``) is one collective; 及/以及/和 split
two names (``市级有关部门和各区县政府``) but not a name (文化和旅游部); ``X等有关部门``
is X plus the placeholder; a trailing 等 means "and others". The same rules read
every reader's unit cells and parentheses, whatever the plan's place.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import NO_TARGET
from .traditional import simplified_twin

__all__ = ["SEPARATORS", "Name", "split_units", "guess_kind", "looks_like_unit", "NONE_MARKS", "compact", "name_gaps"]

#: A cell or list that names no unit: a dash (as in a milestone cell with no target) or 无.
NONE_MARKS = NO_TARGET | {"—。", "暂无"}

_OPEN, _CLOSE = "（(〔[【［〈<《“‘「『{", "）)〕]】］〉>》”’」』}"
SEPARATORS = "、，,；;/／"
#: Separators that join names as 、 does (``各乡镇/街道`` is one collective, as 各乡镇、街道 would be).
_LIST_MARKS = "、/／"
#: Endings of an organisation's name (longest first when matched).
UNIT_ENDINGS = tuple(sorted((
    "局", "委", "办", "厅", "部", "署", "院", "会", "室", "处", "所", "站", "队", "司", "行", "社", "团", "联",
    "中心", "政府", "单位", "部门", "机构", "企业", "公司", "集团", "旗", "市", "县", "区", "州", "盟", "镇", "乡",
    "街道", "组", "园区", "各地", "热线", "海关", "法院", "党委", "工委", "办公室", "管委会", "委员会", "平台",
    "馆", "校", "学校", "医院", "银行", "支行", "分局", "总局", "街镇", "社区", "村", "处室", "科室", "高校", "协会",
    "商会", "基地", "集团公司", "办事处", "分公司", "支队", "大队", "中队", "军区", "警备区", "人武部"),
    key=len, reverse=True))
#: Words that name a kind of body, not a particular one: a 各… collective goes on over them.
_GENERIC = tuple(sorted((
    "县级市", "县市区", "旗县市区", "旗县区", "县市", "区县", "县区", "市区", "市县", "开发区", "经开区", "高新区",
    "园区", "工业园区", "新区", "特区", "管委会", "管理委员会", "人民政府", "政府", "党委", "党工委", "人民法院",
    "法院", "人民检察院", "检察院", "部门", "单位", "公共服务", "公共", "服务", "审批", "职能", "机构", "企业",
    "事业", "国有", "乡镇", "街道", "街镇", "办事处", "镇", "乡", "市", "县", "区", "旗", "州", "盟", "自治县",
    "自治州", "社区", "村", "委", "办", "局", "公司", "平台", "学校", "医院", "行业", "主管", "监管", "管理",
    "中心", "站", "所"), key=len, reverse=True))
#: 等 that belongs to a word (高等院校), not "and others".
_ETC_WORDS = re.compile(r"[高中初平同对均相]等|等级|等同|等额|等值")
#: A level that gives a list item its own place: 市级有关部门 is not part of 各区.
_OWN_LEVEL = re.compile(r"^(?:[省市县区州旗乡镇]级(?!市)|[省市县区州]直|[省市县区州]属|[省市县区州]政府|中央|国家)")


@dataclass(frozen=True)
class Name:
    """One unit name as the list writes it (whitespace removed, trailing 等 dropped)."""

    written: str
    etc: bool = False  # the source wrote 等 after it: "and others"
    start: int = 0  # offset in the list text


def compact(text: str) -> str:
    r"""Without whitespace: PDF copies write ``12345 热线`` for 12345热线. Whitespace between two whole
    unit names of one place (``县公安局 县交通运输局``, a cell's line break) separates them.

    >>> compact("12345 热线"), compact("县公安局 县交通运输局"), compact("县市场监管局\n各乡镇（街道）")
    ('12345热线', '县公安局、县交通运输局', '县市场监管局、各乡镇（街道）')
    """
    gaps = name_gaps(text)
    return _WHITESPACE.sub(lambda m: "、" if m.start() in gaps else "", text)


_WHITESPACE = re.compile(r"\s+")
#: What ends a run of names a space may separate: the list's own separators, a colon, quotes, a sentence's end,
#: a tab (a table's cells copied as text: each is read on its own, never as a list with the next).
_PIECE_CUT = "、，,；;：:“”\"'。！？!?\t"
#: Words that go on a name rather than start one (县人民政府 办公室, 县工业园区 管委会): never a name after a space.
_CONTINUING = ("办公室", "办公厅", "管委会", "管理委员会", "委员会", "分局", "分公司", "支行", "分行", "支队", "大队",
               "中队", "派出所", "党组", "领导小组", "工作组", "指挥部", "办事处", "人民政府", "政府", "分中心",
               "中心", "机关")
_LONGEST_NAME = 30


def _whole_name(name: str) -> bool:
    """A name that ends like a unit (before any bracket closing it: 各乡镇（街道）), not a sentence."""
    if not 3 <= len(name) <= _LONGEST_NAME:
        return False
    if name[-1] in "）)〕":
        name = re.sub(r"(?:[（(〔][^（(〔）)〕]*[）)〕])+$", "", name)
    return name.endswith(UNIT_ENDINGS)


def _name_gaps(text: str, start: int, end: int, soft: str = "", weak: str = "") -> set[int]:
    """The whitespace runs (their starts) in ``text[start:end]`` that stand between two whole names.

    Read left to right: a gap separates when the names so far end like a unit and the words after it, up to
    where they first end like a unit (over a space a PDF put mid-name: ``市场监 管局``), make a name of their
    own, not one that goes on the one before (``县人民政府 办公室``) and not a key (``配合单位：``). A line break,
    ``soft`` (a PDF copy's wrap where the line ran full width, often mid-name) or ``weak`` (a line its writer
    ended), separates in a list whose names are separated by spaces elsewhere, or where the second name opens
    with the first one's place (``县发改委`` / ``县财政局``) or is a 各… collective: a full line ends with a
    whole name as often as inside one (``县财政局`` / ``县市场监管局`` joined by the copy's wrap)."""
    depth, gaps, chunks, at = 0, [], [], start
    for index in range(start, end):
        char = text[index]
        depth += char in "（(〔" and 1 or 0
        depth -= char in "）)〕" and depth and 1 or 0
        if not char.isspace() or depth:
            continue
        if index == start or not text[index - 1].isspace():
            chunks.append(text[at:index])
            gaps.append([index, 0])
        gaps[-1][1] = max(gaps[-1][1], 0 if char in soft else 1 if char in weak else 2)  # how strong a gap
        at = index + 1
    chunks.append(text[at:end])
    found = _split_chunks(text, end, chunks, gaps, lambda strength, placed: strength == 2)
    if all(strength == 2 for _gap, strength in gaps):
        return found  # no line break to weigh (every cell compact() reads): a second pass would find the same
    spaced = bool(found)  # a list whose names are separated by spaces: its line breaks may separate too
    return _split_chunks(text, end, chunks, gaps, lambda strength, placed: spaced or placed)


def _split_chunks(text: str, end: int, chunks: list[str], gaps: list[list[int]], may) -> set[int]:
    """The gaps between ``chunks`` that separate two whole names, among those ``may(strength, placed)`` allows."""
    found, current = set(), chunks[0]
    for index, (gap, strength) in enumerate(gaps):
        right, last = "", index + 1
        for last in range(index + 1, len(chunks)):
            if chunks[last][:1].isdigit() and (right or not re.search(r"[^\x00-\x7f]", chunks[last])):
                break  # a figure starts something else (1.3 建设…, 2024 年), unless a name's (12345热线)
            right += chunks[last]
            if _whole_name(right) or len(right) > _LONGEST_NAME:
                break
        keyed = last == len(chunks) - 1 and end < len(text) and text[end] in ":："
        placed = right[:1] in (current[:1], "各")
        if (may(strength, placed) and _whole_name(current) and _whole_name(right) and not keyed
                and not right.startswith(_CONTINUING) and not _generic(right)):
            found.add(gap)
            current = chunks[index + 1]
        elif len(current) <= _LONGEST_NAME:  # past that it names nothing whole, whatever follows
            current += chunks[index + 1]
    return found


def name_gaps(text: str, stop: re.Pattern[str] | None = None, soft: str = "", weak: str = "") -> set[int]:
    r"""Where whitespace in ``text`` separates two unit names, each whole (the starts of those runs), read once
    over the whole text: each run of names between separators, at each depth of brackets. Both names end like
    a unit, whatever their places (``县公安局 市场监管局 县税务局``), over any space a PDF put inside a name.

    >>> sorted(name_gaps("县公安局 市场监 管局 县税务局")), name_gaps("县人民政府 办公室")
    ([4, 11], set())
    >>> name_gaps("区教育局 配合单位：区民政局"), name_gaps("（县公安局 各乡镇（街道））"), name_gaps("12345 热线")
    (set(), {5}, set())

    ``stop`` matches where the names end though no separator says so (a key on the next line of a PDF copy:
    ``县公安局 县应急管理局完成时限：…``); ``soft`` characters are line breaks a PDF copy put anywhere, ``weak``
    ones line breaks its writer made (see :func:`_name_gaps`):

    >>> name_gaps("县公安局\n交警大队", soft="\n"), 9 in name_gaps("县公安局 县财政局\n县税务局", soft="\n")
    (set(), True)
    >>> name_gaps("县财政局\n县市场监管局", soft="\n"), name_gaps("县市场监\n管局", soft="\n")
    ({4}, set())
    >>> name_gaps("县发改委\r县财政局", weak="\r"), name_gaps("相关行\r业主管部门", weak="\r")
    ({4}, set())
    """
    found: set[int] = set()
    pieces, opened, piece = [], [], 0  # opened: where each bracket still open began, and its piece's start
    for index, char in enumerate(text):
        if char in "（(〔":
            opened.append((index, piece))
            piece = index + 1
        elif char in "）)〕":
            if opened:
                pieces.append((piece, index))  # the bracket's inside, read on its own
                _, piece = opened.pop()  # the run the bracket stands in goes on over it
            else:
                pieces.append((piece, index))
                piece = index + 1
        elif char in _PIECE_CUT:
            pieces.append((piece, index))
            piece = index + 1
    pieces.append((piece, len(text)))
    for piece_start, piece_end in pieces:
        if not any(c.isspace() for c in text[piece_start:piece_end]):
            continue  # no space: nothing to separate
        cuts = [m.start() for m in stop.finditer(text, piece_start, piece_end)] if stop is not None else []
        for a, b in zip([piece_start] + cuts, cuts + [piece_end]):
            found |= _name_gaps(text, a, b, soft, weak)
    return found


def _top_level(text: str) -> list[int]:
    """Depth at each character (brackets and quotes; half-width ``"`` quotes too, when they pair up)."""
    depth, out = 0, []
    ascii_quotes, quoted = text.count('"') % 2 == 0, False
    for char in text:
        if char == '"' and ascii_quotes:
            quoted = not quoted
            depth += 1 if quoted else 0
            out.append(depth)
            depth -= 0 if quoted else 1
            continue
        if char in _OPEN and not (char == "“" and depth and text.count("”") == 0):
            depth += 1
            out.append(depth)
            continue
        out.append(depth)
        if char in _CLOSE and depth:
            depth -= 1
            out[-1] = depth + 1
    return out


def _split(text: str, separators: str) -> list[tuple[int, int, str]]:
    """``(start, end, separator before it)`` of the items between top-level separators."""
    depth = _top_level(text)
    parts, start, sep = [], 0, ""
    for index, char in enumerate(text):
        if char in separators and depth[index] == 0 and not (char in "/／" and _between_digits(text, index)):
            parts.append((start, index, sep))
            start, sep = index + 1, char
    parts.append((start, len(text), sep))
    return parts


def _between_digits(text: str, index: int) -> bool:
    """A slash in a figure (``2024/6``, ``1/3``), not between two names."""
    return 0 < index < len(text) - 1 and text[index - 1].isdigit() and text[index + 1].isdigit()


def looks_like_unit(name: str) -> bool:
    """Whether a phrase reads as an organisation, a collective or a placeholder.

    >>> looks_like_unit("市市场监管局"), looks_like_unit("各地各有关部门"), looks_like_unit("推进改革")
    (True, True, False)
    """
    name = name.rstrip("等")
    if not name or len(name) > 40:
        return False
    if name.startswith("各") or name.endswith(UNIT_ENDINGS):
        return True
    return bool(re.search(r"有关|相关|成员单位|[）)〕]$", name))


def _generic(item: str) -> bool:
    """True when ``item`` names only a kind of body (县级市, 区县（市）政府, 开发区管委会)."""
    if item.startswith("各") or _OWN_LEVEL.match(item):
        return False
    text = re.sub(r"[（(〔\[【][^）)〕\]】]*[）)〕\]】]", lambda m: "" if _generic(m.group()[1:-1]) else "✗", item)
    while text:
        for word in _GENERIC:
            if text.startswith(word):
                text = text[len(word):]
                break
        else:
            if text[:1] not in "、，":
                return False
            text = text[1:]
    return True


#: ``市政府有关部门及各县区人民政府``: the list's last name, after 及/和, opens a 各… collective.
_JOINED_COLLECTIVE = re.compile(r"(?:以及|及|和|与)各[^及和与]*$")


def _join_collectives(text: str, items: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """``各区、县级市`` → one collective: a 各…/有关… item goes on over 、-joined kinds of body."""
    out: list[tuple[int, int]] = []
    open_ended = False
    for start, end, sep in items:
        item = text[start:end]
        if out and sep in _LIST_MARKS and (open_ended and _generic(item) or out[-1][1] - out[-1][0] == 1):
            out[-1] = (out[-1][0], end)  # 各区、县级市; 中、省驻市有关单位 (中 alone names nobody)
            continue
        out.append((start, end))
        open_ended = bool(re.match(r"各|有关|相关", item) or _JOINED_COLLECTIVE.search(item))
    return out


#: A kind word alone (``市级相关部门和单位``: 单位 names nobody), so 和 there joins two words of one name.
_BARE_KIND = re.compile(r"(?:单位|部门|机构|组织|企业)(?:$|以及|及|和|与|等)")


def _split_joiner(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``市级有关部门和各区县政府`` → two names; 文化和旅游部 stays one."""
    item = text[start:end]
    depth = _top_level(item)
    for match in re.finditer(r"以及|及|和|与", item):
        at, after = match.start(), match.end()
        if depth[at]:
            continue
        left, right = item[:at], item[after:]
        right_like = right.startswith("各") or (len(right) >= 3 and looks_like_unit(right)
                                                and not _BARE_KIND.match(right))
        if len(left) >= 2 and left.endswith(UNIT_ENDINGS + ("等",)) and right_like:
            return [(start, start + at)] + _split_joiner(text, start + after, end)
    return [(start, end)]


#: What follows 等 naming only a kind (X等部门, X等单位): the list's "and others", no placeholder of its own.
_KIND_ONLY = re.compile(r"(?:单位|部门|机构|部门单位|单位部门|部门和单位)")


def _split_etc(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """``X等有关部门`` → X (and others) plus the placeholder; ``X等`` → X, and others."""
    item = text[start:end]
    depth = _top_level(item)
    words = {m.start() + i for m in _ETC_WORDS.finditer(item) for i in range(len(m.group()))}
    for index, char in enumerate(item):
        if char != "等" or depth[index] or index in words or index == 0:
            continue
        tail = start + index + 1
        while text.startswith("以及", tail) or text[tail:tail + 1] in ("和", "及", "与"):
            tail += 2 if text.startswith("以及", tail) else 1
        head = [(start, start + index, True)]
        if _KIND_ONLY.fullmatch(text, tail, end):  # X等部门: 部门 alone names nobody (GUIDE: 单位 alone)
            return head
        return head + (_split_etc(text, tail, end) if tail < end else [])
    return [(start, end, False)]


def split_units(text: str, twin: str | None = None, protected: tuple[str, ...] = ()) -> list[Name]:
    """The unit names of a list, in the order written.

    ``twin`` is the same text in simplified characters, character for character
    (decisions are made on it; names are cut from ``text`` as written).
    ``protected`` names (a registry's 相关单位、部门) are never split.

    >>> [n.written for n in split_units("县科技局及各行业主管部门")]
    ['县科技局', '各行业主管部门']
    >>> [n.written for n in split_units("扶贫办、国资委等和各省级人民政府")]
    ['扶贫办', '国资委', '各省级人民政府']
    >>> [n.written for n in split_units("市“双随机、一公开”监管联席会议有关成员单位，各旗县市区、开发区")]
    ['市“双随机、一公开”监管联席会议有关成员单位', '各旗县市区、开发区']
    >>> [n.written for n in split_units('市"双随机、一公开"监管联席会议成员单位、市财政局')]
    ['市"双随机、一公开"监管联席会议成员单位', '市财政局']
    >>> [n.written for n in split_units("各市州政府、兰州新区管委会、文化和旅游部")]
    ['各市州政府', '兰州新区管委会', '文化和旅游部']
    >>> [(n.written, n.etc) for n in split_units("重庆百盐集团等有关单位")]
    [('重庆百盐集团', True), ('有关单位', False)]
    >>> [(n.written, n.etc) for n in split_units("县医保局、县市场监管局等部门")]
    [('县医保局', False), ('县市场监管局', True)]
    >>> [n.written for n in split_units("州委編辦及州直相關單位", "州委编办及州直相关单位")]
    ['州委編辦', '州直相關單位']
    >>> [n.written for n in split_units("县发展改革委/县财政局／县税务局、各乡镇/街道")]
    ['县发展改革委', '县财政局', '县税务局', '各乡镇/街道']
    """
    written = compact(text)
    twin = compact(twin if twin is not None else simplified_twin(text))
    if len(twin) != len(written):
        twin = written
    masked = twin
    for name in protected:
        masked = masked.replace(name, "甲" * len(name))  # one word to the splitter
    names: list[Name] = []
    for start, end in _join_collectives(masked, _split(masked, SEPARATORS)):
        for s1, e1, etc in _split_etc(masked, start, end):
            for s2, e2 in _split_joiner(masked, s1, e1):
                while s2 < e2 and twin[s2] in "。.：:":
                    s2 += 1
                while e2 > s2 and twin[e2 - 1] in "。.：:":
                    e2 -= 1
                name = written[s2:e2]
                if name and twin[s2:e2] not in NONE_MARKS:
                    names.append(Name(name, etc, s2))
    return names


def guess_kind(name: str) -> str:
    """A registry kind read from the name alone: collective, placeholder or unknown.

    >>> guess_kind("各乡镇街道"), guess_kind("区级有关部门"), guess_kind("市发改委")
    ('collective', 'placeholder', 'unknown')
    """
    if re.search(r"有关|相关|成员单位|其他|主管部门$|^行业", name):
        return "placeholder"
    if name.startswith("各") or re.match(r"^[省市县区州]直|^[省市县区]级各", name):
        return "collective"
    return "unknown"
