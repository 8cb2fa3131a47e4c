"""Role words, and how an assignment phrase names its units in their roles.

The one place that knows 牵头 means lead, 责任单位 host and 配合 support, in a
table column's title, after a key (``牵头单位：X``) or after the names
(``X牵头，Y按职责分工负责``); and the one place that infers a role the text
does not state (kept, and marked as inferred).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model.domain import ROLES, role
from .dates import DEADLINE_KEYS, NOT_STATED, Deadline, deadline_first, deadline_phrase, find_deadline
from .fold import title_key
from .traditional import simplified_twin
from .unitlist import UNIT_ENDINGS, Name, compact, looks_like_unit, split_units

__all__ = ["is_deadline_title", "SHORT_KEYS", "colon_gaps", "read_bare_list", "first_listed_leads", "ROLE_KEYS", "DEADLINE_KEYS", "ROLE_WORDS", "ROLE_VERBS", "role_at_end", "Stated", "Reading", "read_assignment",
           "role_of_title", "split_marked", "conventions", "OTHERS_SUPPORT", "PERSON_KEYS", "standing_statements", "infer_roles", "mentions_roles", "states_convention", "KEY", "MENTIONS"]

#: A key before a colon, and the role it gives the names after it: each role's own column title
#: (:class:`kg.model.domain.Role`), and the other titles plans give it.
ROLE_KEYS = {
    **{r.column: r.name for r in ROLES},
    "指标牵头部门": "lead", "牵头单位": "lead", "牵头部门": "lead", "牵头处室": "lead", "牵头科室": "lead",
    "主责单位": "lead", "主责部门": "lead", "牵头责任单位": "lead", "牵头责任部门": "lead",
    "主要责任单位": "host", "具体责任单位": "host", "主要责任部门": "host", "具体责任部门": "host",
    "具体承办单位": "host", "责任主体": "host", "实施主体": "host",
    "责任单位": "host", "责任部门": "host", "责任处室": "host", "责任科室": "host",
    "承办部门": "host", "负责单位": "host", "负责部门": "host", "主办单位": "host", "实施单位": "host",
    "落实单位": "host",
    "主体责任单位": "host", "承办处室": "host", "承办科室": "host",
    "配合部门": "support", "配合处室": "support", "协办单位": "support",
    "协办部门": "support", "参与单位": "support", "参与部门": "support", "协同单位": "support",
    "协同部门": "support", "协作单位": "support", "协作部门": "support", "协助单位": "support",
    "协助部门": "support",
}
#: Heading-level leads: ``（一）深化商事制度改革（指标牵头单位：X）`` names the lead of a heading, not a task: the
#: lead's own column title, and its 部门 form.
HEADING_KEYS = (role("lead").column, role("lead").column.removesuffix("单位") + "部门")
#: The verb after the names, and the role it gives (X牵头, Y按职责分工负责, Z配合完成).
ROLE_VERBS = {role("lead").short: "lead", "主责": "lead", "负总责": "lead", "负责": "host",
              role("host").short: "host", "主办": "host", "具体实施": "host", "组织实施": "host", "落实": "host", "实施": "host",
              "负主体责任": "host", "承担主体责任": "host", "负主要责任": "host",
              role("support").short: "support", "参与": "support", "协同": "support", "协办": "support",
              "协助": "support"}
#: Verbs too common in a measure's own words to mark a phrase as naming units (（2024年底前落实）): they give a
#: role only in a phrase that names units by other words too.
_COMMON_VERBS = ("落实", "实施")
#: A role word alone as a key (``（牵头：X；配合：Y）``, ``主办：X；协办：Y``): a two-character verb (a common one
#: aside) or 责任, only before a colon, never a column's title (牵头领导 is people) nor a key said with a space
#: (``X 牵头 Y`` is no key).
SHORT_KEYS = {**{verb: name for verb, name in ROLE_VERBS.items() if len(verb) == 2 and verb not in _COMMON_VERBS},
              "责任": "host"}
_KEY_ROLES = {**ROLE_KEYS, **SHORT_KEYS}
#: Keys that name people, not units (``责任领导：张三``): read past, kept as a note, never a unit.
PERSON_KEYS = ("责任领导", "牵头领导", "分管领导", "责任市领导", "牵头市领导", "分管市领导", "责任县领导", "牵头县领导",
               "分管县领导", "责任区领导", "牵头区领导", "分管区领导", "包抓领导", "联系领导", "督办领导", "包保领导",
               "责任人", "联系人",
               "联系电话", "联系方式")
#: 时间 alone is a key only where it starts a word: after punctuation, or after a unit's name on the line
#: before (``责任单位：县住房城乡建委`` / ``时间：2024年6月``), never in 活动时间：or 服务时间：.
_WORD_BEFORE_TIME = "".join(sorted({ending[-1] for ending in UNIT_ENDINGS} - {"业"}))
_KEY_WORDS = "|".join(rf"(?:(?<![\u4e00-\u9fff])|(?<=[{_WORD_BEFORE_TIME}]))时间" if word == "时间" else word
                      for word in sorted([*ROLE_KEYS, *DEADLINE_KEYS, *PERSON_KEYS], key=len, reverse=True))
#: A short key opens its clause: 牵头：X, never 县委牵头：… inside a sentence.
_SHORT = "|".join(rf"(?<![\u4e00-\u9fff]){word}" for word in SHORT_KEYS)
#: ``牵头单位：X`` and ``【牵头单位】X`` (a key in black-lenticular brackets, its colon optional).
KEY = re.compile(rf"(?:[【［](?=(?:{_KEY_WORDS}|{_SHORT})[】］]))?({_KEY_WORDS}|{_SHORT})(?:[】］]\s*[:：]?|\s*[:：])")

_ROLE_KEY_WORDS = "|".join(sorted(ROLE_KEYS, key=len, reverse=True))
#: A key with whitespace for its colon (``牵头单位 X``; a tab or full-width space in a PDF copy), where the key
#: opens a clause (or stands after a space: ``牵头单位 X 配合单位 Y``) and no other key follows (``牵头单位 责任单位``
#: is a header's titles, not a key and its value).
_SPACED_KEY = re.compile(rf"(?:^|(?<=[（(〔【［；;，,。：:、\s]))(?:{_KEY_WORDS})(?P<gap>[ \t\u3000\xa0]+)"
                         rf"(?![:：]|(?:{_KEY_WORDS})|序号)(?=\S)")


def colon_gaps(text: str, twin: str | None = None) -> tuple[str, str]:
    """``text`` and its simplified ``twin`` with the whitespace that stands for a key's colon said as one (the
    same length): ``牵头单位 县发改委；配合单位\t县财政局`` reads as ``牵头单位：县发改委；配合单位：县财政局``.

    >>> colon_gaps("（牵头单位 县发改委；责任单位\u3000县财政局、县税务局）")[0]
    '（牵头单位：县发改委；责任单位：县财政局、县税务局）'
    >>> colon_gaps("牵头单位 县发改委 配合单位 县财政局")[0]
    '牵头单位：县发改委 配合单位：县财政局'
    >>> colon_gaps("序号 牵头单位 责任单位")[0], colon_gaps("各牵头单位 要加强统筹")[0]
    ('序号 牵头单位 责任单位', '各牵头单位 要加强统筹')
    """
    twin = twin if twin is not None and len(twin) == len(text) else text
    for m in reversed(list(_SPACED_KEY.finditer(twin))):
        at = m.start("gap")
        text, twin = text[:at] + "：" + text[at + 1:], twin[:at] + "：" + twin[at + 1:]
    return text, twin


def _role_key(group: str) -> str:
    """A role key (牵头单位, 责任单位, …) as a named group of a pattern."""
    return f"(?P<{group}>{_ROLE_KEY_WORDS})"


#: ``X、Y为牵头单位`` and ``其中X为牵头单位``; ``牵头单位为X``: a key said with 为 instead of a colon.
_NAMED_AS = re.compile(r"^(?:其中|由)?(?P<names>.+?)(?:均|都)?(?:为|是|作为)" + _role_key("key") + "$")
_ROLE_IS = re.compile(r"^" + _role_key("key") + r"(?:为|是)(?P<names>.+)$")

_MANNER = r"(?:按照?(?:各自)?(?:职能职责|工作职责|职责|职能)(?:分工)?(?:分别)?|各司其职)?"
_ADVERB = r"(?:积极|共同|协助|具体|分别|主动|全力|负责|组织|督促|推动|抓好|做好)?"
_TAIL = (r"(?:负责)?(?:抓总|组织|实施|落实|推进|完成|办理|开展|抓好落实|督导|督办|督查|督促|协调|指导|统筹|监督)?"
         r"(?:有关工作|相关工作|工作)?")
#: What a sentence says before the names it gives a role (此项工作由X牵头, 该任务由X负责): no part of a name.
_FRAME = re.compile(r"^(?:(?:此|该|本|上述|以上)(?:项|条)?(?:工作|任务|措施|事项)?)?(?:由|请)")
#: A verb never starts inside a name: 县政协办负责 is 县政协办's (政协), not 协办.
ROLE_AT_END = re.compile(_MANNER + _ADVERB + "(?<!政)(?P<verb>" + "|".join(sorted(ROLE_VERBS, key=len, reverse=True))
                         + ")" + _TAIL + "$")
#: 按职责完成有关工作, 按职责分工抓好落实: the manner alone says the units carry the task out.
_HOST_BY_MANNER = re.compile(r"按照?(?:各自)?(?:职能职责|工作职责|职责|职能)(?:分工)?"
                             r"(?:(?:抓好|做好)(?:完成|落实|推进|实施|办理)?|完成|落实|推进|实施|办理)"
                             r"(?:有关工作|相关工作|工作|服务|保障)?$")
#: Every role word, for a quick test.
ROLE_WORDS = tuple(v for v in ROLE_VERBS if v not in _COMMON_VERBS) + ("按职责",)


def role_at_end(phrase: str) -> tuple[str, int] | None:
    """The role the words ending ``phrase`` give, and where those words start.

    >>> role_at_end("相关单位按职责分工配合"), role_at_end("市直各单位按职责完成有关工作")
    (('support', 4), ('host', 5))
    >>> role_at_end("市公安局配合完成"), role_at_end("区发改委牵头负责"), role_at_end("县科技局")
    (('support', 4), ('lead', 4), None)
    >>> role_at_end("县供电公司按职责做好服务")
    ('host', 5)
    >>> role_at_end("县政协办负责")
    ('host', 4)
    >>> role_at_end("各市（州）人民政府落实"), role_at_end("各地按职责分工抓好落实"), role_at_end("各县组织落实")
    (('host', 9), ('host', 2), ('host', 2))
    """
    if m := ROLE_AT_END.search(phrase):
        return ROLE_VERBS[m["verb"]], m.start()
    if m := _HOST_BY_MANNER.search(phrase):
        return "host", m.start()
    return None


#: A bracket ending a name: 市政务服务局（牵头）, 市财政局(配合单位), 县财政局（按职责分工负责）.
_MARKER = re.compile(r"[（(](?P<words>[^（()）]+)[）)]$")


def _marked_role(words: str) -> str | None:
    """The role a bracket after a name gives when it holds role words only (not 县知识产权局)."""
    if words in _KEY_ROLES:
        return _KEY_ROLES[words]
    found = role_at_end(words)
    return found[0] if found and found[1] == 0 else None


def split_marked(written: str, twin: str, protected: tuple[str, ...] = (),
                 offset: int = 0) -> tuple[list[Name], list["Stated"]]:
    """The units a list names (``split_units``, positions shifted by ``offset``), and the roles written
    in brackets after a name. ``市政务服务局（牵头），市司法局`` under 责任单位 names 市政务服务局, which
    leads as its bracket says and is a host as the list says (as the first of a list under a stated
    列第一位者为牵头单位 is). Any other role in brackets is that name's only role: ``县财政局（配合）`` in a
    责任单位 cell supports, and is no host.

    >>> names, marked = split_marked("市政务服务局（牵头）、市司法局", "市政务服务局（牵头）、市司法局")
    >>> [n.written for n in names], [(s.role, s.name.written, s.basis) for s in marked]
    (['市政务服务局', '市司法局'], [('lead', '市政务服务局', 'marker')])
    >>> [n.written for n in split_marked("省市场监管局（省知识产权局）", "省市场监管局（省知识产权局）")[0]]
    ['省市场监管局（省知识产权局）']
    >>> [(s.role, s.name.written) for s in split_marked("县财政局（按职责分工负责）", "县财政局（按职责分工负责）")[1]]
    [('host', '县财政局')]
    >>> names, marked = split_marked("县财政局（配合）、县税务局", "县财政局（配合）、县税务局")
    >>> [n.written for n in names], [(s.role, s.name.written) for s in marked]
    (['县税务局'], [('support', '县财政局')])
    """
    names, marked = [], []
    for name in split_units(written, twin, protected):
        m = _MARKER.search(twin[name.start:name.start + len(name.written)])
        role = _marked_role(m["words"]) if m else None
        name = Name(name.written[:m.start()] if role else name.written, name.etc, name.start + offset)
        if role:
            marked.append(Stated(role, name, "marker"))
        if role in (None, "lead"):
            names.append(name)
    return names, marked


CONVENTION = re.compile(r"(?:第一|首)(?:位|个|名)?(?:的|者|单位|部门|处室)*(?:为|是)?(?:指标)?牵头")
#: ``排名第一的单位为牵头单位，其他为配合单位``: the convention that also says the other listed units support.
OTHERS_SUPPORT = re.compile(r"(?:其他|其余|其它|余下|其后)(?:的)?(?:单位|部门|处室)?(?:均|都)?(?:为|是|作为)"
                            r"(?:配合|协办|参与|协同|协助)(?:单位|部门|处室)?")
_OTHERS_AFTER = re.compile(r"(?:单位|部门|处室)?[，,；;、]?" + OTHERS_SUPPORT.pattern)
#: Any role word or key (a quick test, and where a measure's title ends in a bracket).
MENTIONS = re.compile("|".join([*ROLE_KEYS, *ROLE_WORDS]))
_IGNORED = re.compile(r"^(?:下同|以下同|同上|不再(?:一一)?列出|不再重复列出|以下不再(?:一一)?列出)$")
#: 以下均需X负责: units that stand for every later measure ("not listed again").
_STANDING = re.compile(r"^(?:以下|下列)(?:各项)?(?:任务)?(?:均|都|皆)?(?:需|须|由)?")
_NOT_LISTED = r"[，,]?(?:以下|下文|后文)?(?:均|都)?不(?:再|另)(?:一一|逐一|逐项|重复|单独)?(?:列出|列明|标注|列举)"
#: The GUIDE's "units every later list includes", said once in running text or in a bracket:
#: ``以下责任单位中均包含各市、县〔区〕政府，不再列出``, ``X、Y均为责任单位，以下不再列出``.
_STANDING_STATEMENT = re.compile(
    r"(?:以下|下列)(?:各项)?(?:任务)?(?:的)?" + _role_key("key") + r"中?(?:均|都|皆)?(?:包含|包括|含有|含)(?P<units>[^。；;：:]+?)"
    + _NOT_LISTED + "|(?P<units2>(?:[^。；;：:，,（(〔【]|[（(〔][^（(〔）)〕]*[）)〕])+?)(?:均|都|皆)?(?:为|是|系|作为)(?:以下)?(?:各项|所有|全部)?(?:任务)?的?"
    + _role_key("key2") + _NOT_LISTED)


def standing_statements(text: str, twin: str,
                        protected: tuple[str, ...] = ()) -> list[tuple[int, int, list["Stated"]]]:
    """Where the text names units that every later measure includes (start, end), and those units in their role.

    >>> [(at, to, [(s.role, s.name.written) for s in units]) for at, to, units in standing_statements(
    ...     "一、总体要求。以下责任单位中均包含各市、县〔区〕政府，不再列出。", "一、总体要求。以下责任单位中均包含各市、县〔区〕政府，不再列出。")]
    [(7, 31, [('host', '各市、县〔区〕政府')])]
    >>> [[s.name.written for s in u] for _, _, u in standing_statements("市发改委、市财政局均为责任单位，以下不再列出", "市发改委、市财政局均为责任单位，以下不再列出")]
    [['市发改委', '市财政局']]
    """
    out = []
    for m in _STANDING_STATEMENT.finditer(twin):
        group = "units" if m["units"] is not None else "units2"
        role = ROLE_KEYS[m["key"] or m["key2"]]
        start, end = m.span(group)
        names, _ = split_marked(text[start:end], twin[start:end], protected)
        out.append((m.start(), m.end(), [Stated(role, name, "standing") for name in names]))
    return out


#: A common verb counts as a role word right after a name (各区县人民政府落实), not in a measure's own words.
_COMMON_AFTER_NAME = re.compile("(?:" + "|".join(UNIT_ENDINGS) + r")(?:组织|抓好|督促|推动)?(?:"
                                + "|".join(_COMMON_VERBS) + ")")


def mentions_roles(text: str) -> bool:
    """Whether a phrase uses any role word (a quick test before reading it).

    >>> mentions_roles("各区县人民政府落实"), mentions_roles("2024年底前落实"), mentions_roles("县科技局牵头")
    (True, False, True)
    """
    return bool(MENTIONS.search(text) or _COMMON_AFTER_NAME.search(text))


def conventions(twin: str) -> list[tuple[int, bool]]:
    """Where the text states that the first listed unit leads, and whether it says the others support.

    >>> conventions("（各项任务中排名第一的单位为牵头单位，其他为配合单位）"), conventions("列第一位者为牵头单位，下同")
    ([(8, True)], [(1, False)])
    """
    return [(m.start(), bool(_OTHERS_AFTER.match(twin, m.end()))) for m in CONVENTION.finditer(twin)]


def states_convention(text: str) -> bool:
    """``列第一位者为牵头单位`` / ``排在第一位的部门为牵头部门``: the first listed unit leads, from here on."""
    return bool(CONVENTION.search(compact(text)))


def is_deadline_title(title: str) -> bool:
    """Whether a table column's title names the deadline (完成时限, 计划完成时间, 截止时间, 时间): the deadline keys.

    >>> [is_deadline_title(t) for t in ("完成时限", "最终完成时限", "计划完成时间", "截止时间", "时间", "活动时间")]
    [True, True, True, True, True, False]
    """
    title = re.sub(r"^(?:最终|计划|预计|要求)", "", title_key(title))
    return title == "时间" or any(title.startswith(key) for key in DEADLINE_KEYS if key != "时间")


def role_of_title(title: str) -> str | None:
    """The role a table column's title names (指标牵头单位 → lead), or None.

    >>> role_of_title("牵头部门"), role_of_title("责任单位"), role_of_title("主要内容"), role_of_title("主要责任单位")
    ('lead', 'host', None, 'host')
    >>> role_of_title("市级牵头单位"), role_of_title("县直责任部门"), role_of_title("协同部门"), role_of_title("市级领导")
    ('lead', 'host', 'support', None)
    """
    # 主要责任单位: a 责任单位 column; 市级牵头单位, 县直责任部门: the level says where, the rest the role
    title = re.sub(r"^(?:[省市县区州旗]级|[省市县区州旗]直|中央|国家)?(?:主要|具体|直接)?", "", title_key(title))
    for key in sorted(ROLE_KEYS, key=len, reverse=True):
        if title.startswith(key) or title == key.removesuffix("单位"):
            return ROLE_KEYS[key]
    return None


@dataclass(frozen=True)
class Stated:
    """A unit in a role, and how the text says so."""

    role: str
    name: Name
    basis: str  # key | verb | list-before-verb | convention | 会同 | column | inferred-…

    @property
    def stated(self) -> bool:
        return not self.basis.startswith("inferred")


@dataclass
class Reading:
    """What one assignment phrase says."""

    roles: list[Stated] = field(default_factory=list)
    deadline: Deadline = NOT_STATED
    deadline_text: str = ""
    convention: bool = False  # it states the first-listed-leads convention
    others_support: bool = False  # … and that the other listed units support (其他为配合单位)
    heading_only: bool = False  # only an indicator-level lead (a heading, not a task)
    standing: list["Stated"] = field(default_factory=list)  # 以下均需X负责: for every later measure
    unread: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)  # 责任领导：张三 (people, never units)

    def names(self, role: str) -> list[Name]:
        return [s.name for s in self.roles if s.role == role]


def _spans(twin: str, cuts: str) -> list[tuple[int, int, str]]:
    """Top-level pieces of ``twin`` between the characters in ``cuts``: ``(start, end, cut before)``."""
    depth, start, before, out = 0, 0, "", []
    for index, char in enumerate(twin):
        if char in "（(〔[【“":
            depth += 1
        elif char in "）)〕]】”" and depth:
            depth -= 1
        elif char in cuts and not depth:
            out.append((start, index, before))
            start, before = index + 1, char
    out.append((start, len(twin), before))
    return out


def read_assignment(text: str, twin: str | None = None, year: int | None = None,
                    convention: bool = False, protected: tuple[str, ...] = (),
                    others_support: bool = False) -> Reading:
    """Read a units phrase: ``X牵头，Y、Z按职责分工负责``, ``牵头单位：X；配合单位：Y；完成时限：…``.

    ``twin`` is ``text`` in simplified characters; ``convention`` says the plan
    stated earlier that the first listed unit leads (``others_support``: and the others support).

    >>> r = read_assignment("县发展改革委牵头，县市场监管局、各乡镇（街道）按职责分工负责，2023年6月底前完成")
    >>> [(s.role, s.name.written) for s in r.roles], r.deadline.month
    ([('lead', '县发展改革委'), ('host', '县市场监管局'), ('host', '各乡镇（街道）')], '2023-06')
    >>> r = read_assignment("牵头单位：市行政审批和政务服务局；责任单位：市直有关部门单位，各旗县市区、开发区")
    >>> [(s.role, s.name.written) for s in r.roles]
    [('lead', '市行政审批和政务服务局'), ('host', '市直有关部门单位'), ('host', '各旗县市区、开发区')]
    >>> r = read_assignment("税务总局、财政部负责，排在第一位的部门为牵头部门，下同")
    >>> [(s.role, s.name.written, s.basis) for s in r.roles], r.convention
    ([('lead', '税务总局', 'convention'), ('host', '税务总局', 'verb'), ('host', '财政部', 'verb')], True)
    >>> [(s.role, s.name.written) for s in read_assignment("市发改委会同市财政局负责").roles]
    [('lead', '市发改委'), ('host', '市发改委'), ('host', '市财政局')]
    >>> [(s.role, s.name.written) for s in read_assignment("由市发改委牵头，会同市财政局负责").roles]
    [('lead', '市发改委'), ('host', '市发改委'), ('host', '市财政局')]
    >>> [(s.role, s.name.written) for s in read_assignment("市发改委为牵头单位，市财政局、市税务局为配合单位").roles]
    [('lead', '市发改委'), ('support', '市财政局'), ('support', '市税务局')]
    >>> [(s.role, s.name.written) for s in read_assignment("责任单位：市财政局、市税务局，其中市财政局为牵头单位").roles]
    [('host', '市财政局'), ('host', '市税务局'), ('lead', '市财政局')]
    """
    text, twin = colon_gaps(text, twin if twin is not None else simplified_twin(text))
    written = compact(text)
    twin = compact(twin)
    phrase = _Phrase(written, twin if len(twin) == len(written) else written, year, protected)
    reading = phrase.reading
    carried = None
    for c_start, c_end in _clauses(phrase.twin):
        if (m := KEY.match(phrase.twin, c_start)) and m.group(1) in PERSON_KEYS:  # the whole clause names people
            reading.people.append(written[c_start:c_end].strip("，,。；; "))
            continue
        clause = _Clause(key_role=carried if c_start and phrase.twin[c_start - 1] in "；;" else None)
        for s_start, s_end, _ in _spans(phrase.twin[c_start:c_end], "，,"):
            _read_segment(phrase, clause, *_trim(phrase.twin, c_start + s_start, c_start + s_end))
        _close_clause(reading, clause)
        carried = clause.key_role  # 责任单位：X；Y；Z: names alone after a ； go on under the key
    keys_seen = phrase.keys_seen
    if any(k in HEADING_KEYS for k in keys_seen) and all(k in HEADING_KEYS or k in DEADLINE_KEYS for k in keys_seen):
        reading.heading_only = True  # 指标牵头单位 alone: not a deadline key beside a verb (X负责；完成时限：…)
    if convention or reading.convention:
        first_listed_leads(reading, others_support or reading.others_support)
    return reading


@dataclass
class _Phrase:
    """The units phrase being read: as written, in simplified characters, and what it has said so far."""

    written: str
    twin: str
    year: int | None
    protected: tuple[str, ...]
    reading: Reading = field(default_factory=Reading)
    keys_seen: list[str] = field(default_factory=list)
    subject: list[Name] = field(default_factory=list)  # the names the last verb had: 会同 with none names them


@dataclass
class _Clause:
    """What one clause (between ；) has said so far."""

    key_role: str | None = None
    pending: list[Name] = field(default_factory=list)  # listed with no role word yet: the next verb's
    listed: list[Name] = field(default_factory=list)  # every name listed, with those whose bracket gives a role
    worded: bool = False  # a key or a verb gave a role in this clause


def _clauses(twin: str) -> list[tuple[int, int]]:
    """The clauses between ；and 。; a key starts a clause even without a separator before it (PDF lines joined)."""
    cuts = sorted({m.start() for m in KEY.finditer(twin)})
    clauses: list[tuple[int, int]] = []
    for start, end, _ in _spans(twin, "；;。"):
        edges = [start] + [c for c in cuts if start < c < end] + [end]
        clauses += [(a, b) for a, b in zip(edges, edges[1:])]
    return clauses


def _trim(twin: str, start: int, end: int) -> tuple[int, int]:
    while start < end and twin[start] in "。. ":
        start += 1
    while end > start and twin[end - 1] in "。. ":
        end -= 1
    return start, end


def _read_segment(phrase: _Phrase, clause: _Clause, s_start: int, s_end: int) -> None:
    """One piece between commas: a key, a role sentence, a deadline, a verb's names, or a list."""
    written, twin, year, protected, reading = (phrase.written, phrase.twin, phrase.year, phrase.protected,
                                               phrase.reading)
    seg = twin[s_start:s_end]
    if not seg or _IGNORED.match(seg):
        return
    if OTHERS_SUPPORT.fullmatch(seg):  # 其他为配合单位, said with the convention: no unit named 其他
        reading.others_support = True
        return
    keyed_here = False
    said = None if states_convention(seg) else _NAMED_AS.match(seg) or _ROLE_IS.match(seg)
    if said:  # X为牵头单位, 牵头单位为X, 其中X为牵头单位
        at = s_start + said.start("names")
        names, marked = split_marked(written[at:s_start + said.end("names")], said["names"], protected, at)
        reading.roles += [Stated(_KEY_ROLES[said["key"]], n, "key") for n in names] + marked
        phrase.keys_seen.append(said["key"])
        clause.worded = True
        return
    if m := KEY.match(seg):
        key = m.group(1)
        phrase.keys_seen.append(key)
        value_start = s_start + m.end()
        value = twin[value_start:s_end]
        if key in DEADLINE_KEYS:
            reading.deadline = find_deadline(value, year)
            reading.deadline_text = written[value_start:s_end]
            clause.key_role = None
            if not reading.deadline.stated and value:
                reading.unread.append(written[s_start:s_end])
            return
        clause.key_role, keyed_here = _KEY_ROLES[key], True
        seg, s_start = value, value_start
        if not seg:
            return
    if states_convention(seg):
        reading.convention = True
        return
    if (standing := _STANDING.match(seg)) and standing.end():
        sub = read_assignment(written[s_start + standing.end():s_end], seg[standing.end():], year,
                              protected=protected)
        reading.standing += [Stated(x.role, x.name, "standing") for x in sub.roles if x.stated]
        return
    if (d := deadline_phrase(seg, year)) is not None or (not keyed_here and not mentions_roles(seg)
                                                         and (d := deadline_first(seg, year)) is not None):
        reading.deadline, reading.deadline_text = d, written[s_start:s_end]
        return
    verb = role_at_end(seg)
    if verb and keyed_here:  # 牵头单位：X、Y按职责分工负责: the key names the role
        s_end -= len(seg) - verb[1]
        seg, verb = seg[:verb[1]], None
    if verb:
        _verb_roles(phrase, clause, seg[:verb[1]], s_start, verb[0])
        return
    _listed(phrase, clause, seg, s_start, s_end)


def _verb_roles(phrase: _Phrase, clause: _Clause, body: str, body_start: int, role: str) -> None:
    """``(由)X(会同Y)负责``: the verb's role for the names before it, and for the list still pending."""
    reading = phrase.reading
    if frame := _FRAME.match(body):
        body, body_start = body[frame.end():], body_start + frame.end()
    together = re.search(r"会同|联合", body)
    parts = [(0, together.start()), (together.end(), len(body))] if together else [(0, len(body))]
    names = []
    for a, b in parts:
        found, marked = split_marked(phrase.written[body_start + a:body_start + b], body[a:b],
                                     phrase.protected, body_start + a)
        names += found
        reading.roles += marked
    clause.worded = True
    for name in clause.pending:
        reading.roles.append(Stated(role, name, "list-before-verb"))
    clause.pending, clause.listed = [], []
    if together and role == "host":
        convener = [n for n in names if n.start < body_start + together.start()]
        if not convener:  # 由X牵头，会同Y负责: X, the subject said before, convenes Y
            convener = list(phrase.subject)
            names = convener + names
        reading.roles += [Stated("lead", n, "会同") for n in convener
                          if not any(s.role == "lead" and s.name == n for s in reading.roles)]
    reading.roles += [Stated(role, n, "verb") for n in names]
    phrase.subject = names


def _listed(phrase: _Phrase, clause: _Clause, seg: str, s_start: int, s_end: int) -> None:
    """Names with no verb of their own: the key's role, else pending for a verb, else unread."""
    reading = phrase.reading
    names, marked = split_marked(phrase.written[s_start:s_end], seg, phrase.protected, s_start)
    if clause.key_role:
        reading.roles += [Stated(clause.key_role, n, "key") for n in names] + marked
        clause.worded = True
    elif (names or marked) and all(looks_like_unit(phrase.twin[n.start:n.start + len(n.written)]) for n in names):
        own = {s.name.start for s in marked}  # a name whose bracket gives its role is no verb's
        clause.pending += [n for n in names if n.start not in own]
        clause.listed += names
        reading.roles += marked
    else:
        reading.unread.append(phrase.written[s_start:s_end])


def _close_clause(reading: Reading, clause: _Clause) -> None:
    """A clause's names no verb claimed: hosts."""
    if not clause.worded and len(clause.listed) > len(clause.pending):  # （X（牵头）、Y）: a bracket gives a role
        reading.roles += [Stated("host", name, "bare-list") for name in clause.listed]
    else:
        for name in clause.pending:  # a list no verb ever claimed
            reading.roles.append(Stated("host", name, "inferred-unmarked-list"))


def first_listed_leads(reading: Reading, others_support: bool = False) -> None:
    """Under a stated 列第一位者为牵头单位 convention, the first listed unit leads (when no lead is named).

    Where the plan adds 其他为配合单位, the others support; a list with no role word of its own then
    names exactly those two roles (its host reading was only the default).

    >>> r = read_bare_list("县农业农村委、县财政局、各乡镇（街道）")
    >>> first_listed_leads(r, others_support=True)
    >>> [(s.role, s.name.written) for s in r.roles]
    [('lead', '县农业农村委'), ('support', '县财政局'), ('support', '各乡镇（街道）')]
    """
    if not any(s.role == "lead" for s in reading.roles):
        listed = sorted((s for s in reading.roles if s.role == "host"), key=lambda s: s.name.start)
        if listed:
            reading.roles.insert(0, Stated("lead", listed[0].name, "convention"))
        if others_support and listed:
            if all(s.basis in ("bare-list", "inferred-unmarked-list") for s in listed):
                reading.roles = [s for s in reading.roles if s not in listed]
            reading.roles += [Stated("support", s.name, "convention") for s in listed[1:]]


def _ends_like_unit(name: str) -> bool:
    """A unit's ending, before any bracket that closes the name (各乡镇（街道）, 县市场监管局（县知识产权局）)."""
    return re.sub(r"(?:[（(〔][^（(〔）)〕]*[）)〕])+$", "", name).endswith(UNIT_ENDINGS)


def read_bare_list(text: str, twin: str | None = None, protected: tuple[str, ...] = (),
                   year: int | None = None) -> Reading | None:
    """A bracket holding nothing but unit names (``（县发改委、县财政局）`` ending a measure): its hosts,
    and the deadline written after them (``（县发改委、县财政局，2024年6月底前）``).

    >>> [(s.role, s.name.written, s.basis) for s in read_bare_list("县发改委、县财政局").roles]
    [('host', '县发改委', 'bare-list'), ('host', '县财政局', 'bare-list')]
    >>> read_bare_list("2023年") is None, read_bare_list("试行") is None
    (True, True)
    >>> r = read_bare_list("市委宣传部、团市委，长期坚持")
    >>> [s.name.written for s in r.roles], r.deadline.ongoing, r.deadline_text
    (['市委宣传部', '团市委'], True, '长期坚持')
    """
    written = compact(text)
    twin = compact(twin) if twin is not None and len(compact(twin)) == len(written) else written
    deadline, deadline_text = NOT_STATED, ""
    pieces = _spans(twin, "，,；;")
    if len(pieces) > 1 and (found := deadline_phrase(twin[pieces[-1][0]:], year)) is not None:
        deadline, deadline_text = found, written[pieces[-1][0]:]
        written, twin = written[:pieces[-1][0] - 1], twin[:pieces[-1][0] - 1]
    if not twin or re.search(r"\d|简称|包括|含|如|即|等等", twin):
        return None
    names, marked = split_marked(written, twin, protected)
    if not names or not all(_ends_like_unit(twin[n.start:n.start + len(n.written)])
                            and len(n.written) >= 3 for n in names):
        return None
    return Reading(roles=[Stated("host", n, "bare-list") for n in names] + marked, deadline=deadline,
                   deadline_text=deadline_text)


def infer_roles(roles: list[Stated]) -> tuple[list[Stated], list[str]]:
    """Add the roles a plan leaves unsaid, marked as inferred, and say what was added.

    No lead named: the first host is read as lead. No host named: the leads are
    read as hosts too. Inferred roles are kept out of workload counts unless asked.

    >>> roles, notes = infer_roles([Stated("host", Name("县科技局"), "verb")])
    >>> [(s.role, s.name.written, s.stated) for s in roles], notes
    ([('host', '县科技局', True), ('lead', '县科技局', False)], ['lead'])
    """
    out, notes = list(roles), []
    leads = [s for s in roles if s.role == "lead"]
    hosts = [s for s in roles if s.role == "host"]
    if not leads and hosts:
        out.append(Stated("lead", hosts[0].name, "inferred-first-host"))
        notes.append("lead")
    if not hosts and leads:
        out += [Stated("host", s.name, "inferred-from-lead") for s in leads]
        notes.append("host")
    return out, notes
