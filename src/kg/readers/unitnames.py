"""What a unit's name says when the registry lacks it: a readable id and a kind.

A county that brings its own plan has no registry rows yet, and should need no
English to get a graph it can read: the id is the name in pinyin
(县发改委 → ``xianfagaiwei``, after its place: ``fengjie-xianfagaiwei``) and the
kind is read from how the name ends (…局 a government department, …公司 an
enterprise), the way a person reads it. Both are inferences, said so in a
finding, and a registry row (``kg units suggest``) replaces them.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .unitlist import guess_kind

__all__ = ["readable_id", "kind_from_name", "KIND_RULES"]

#: How a name shows its kind, checked in order (the first that matches wins), with what the finding says.
#: Kinds are the ontology's (kgk:…); 中心/站/所/院 are public institutions, as the registry's rows are.
KIND_RULES: tuple[tuple[str, re.Pattern[str], str], ...] = tuple(
    (kind, re.compile(pattern), why) for kind, pattern, why in (
        ("judicial", r"法院|检察院", "法院/检察院"),
        ("mass-organisation", r"团[省市县区州旗]委|共青团|工会|妇联|工商联|科协|残联|红十字会|文联|侨联",
         "工会/妇联/团委…"),
        ("party-organ", r"(?:^|[省市县区州旗])委(?!员会)|^(?:中共|党)|党委|党组|纪委|组织部|宣传部|统战部"
                        r"|政法委|编办|网信办|机关工委", "党委及其部门"),
        ("military", r"武装部|人武部|军分区|武警", "武装部…"),
        ("financial", r"银行|支行|分行|信用社|农商行|保险|证券|金融监管|银保监|证监", "银行/保险/金融监管"),
        ("enterprise", r"公司|集团|有限|[厂矿]$|企业$", "公司/集团"),
        ("public-institution", r"中心$|[站所院馆台]$|学校|学院|大学|医院|研究", "中心/站/所/院…"),
        ("government-department", r"[乡镇]$|街道(?:办事处)?$|(?:人民)?政府$", "乡镇/街道"),
        ("government-department", r"[局委办厅部署处科队]$|委员会$|办公室$|管委会$", "局/委/办…"),
    ))


def kind_from_name(name: str) -> tuple[str, str]:
    """``(kind, why)`` read from a name: ``("unknown", "")`` when the name does not show it.

    >>> kind_from_name("县新设局"), kind_from_name("重庆某某有限公司")[0], kind_from_name("各乡镇（街道）")[0]
    (('government-department', '局/委/办…'), 'enterprise', 'collective')
    >>> kind_from_name("县委组织部")[0], kind_from_name("团县委")[0], kind_from_name("永安镇")[0]
    ('party-organ', 'mass-organisation', 'government-department')
    >>> kind_from_name("县发改委")[0], kind_from_name("县融媒体中心")[0], kind_from_name("张三")
    ('government-department', 'public-institution', ('unknown', ''))
    """
    if (kind := guess_kind(name)) != "unknown":
        return kind, "各…" if kind == "collective" else "有关/相关…"
    core = re.sub(r"[（(][^（）()]*[)）]$", "", name).removesuffix("等")  # 县发改委（县粮食局）: read 县发改委
    for kind, pattern, why in KIND_RULES:
        if pattern.search(core):
            return kind, why
    return "unknown", ""


#: Readings in unit names that pypinyin's phrase dictionary lacks (行 of a bank's branch is háng).
_READINGS = {"支行": [["zhī"], ["háng"]], "分行": [["fēn"], ["háng"]], "总行": [["zǒng"], ["háng"]],
             "农商行": [["nóng"], ["shāng"], ["háng"]]}


@lru_cache(maxsize=1)
def _unit_words() -> None:
    from pypinyin import load_phrases_dict

    load_phrases_dict(_READINGS)


@lru_cache(maxsize=4096)
def _pinyin(text: str, limit: int = 48) -> str:
    """Chinese in toneless pinyin run together, letters and digits kept, anything else a hyphen; cut
    after the last whole syllable that fits in ``limit`` characters."""
    from pypinyin import lazy_pinyin

    _unit_words()
    out = ""
    for piece in lazy_pinyin(text, errors=lambda chars: [c if c.isascii() and c.isalnum() else "-"
                                                         for c in chars]):
        piece = piece.lower() if piece.isascii() else "-"
        if len(out) + len(piece) > limit:
            break
        out += piece
    return re.sub(r"-+", "-", out).strip("-")


def readable_id(name: str, place: str | None = None) -> str:
    """An ASCII id a person can read: the place and the name in pinyin (the place without its 县/市/区,
    so the id stays short); ``""`` when the name has nothing to spell.

    >>> readable_id("县发改委", "奉节县"), readable_id("各乡镇（街道）"), readable_id("中国移动5G办")
    ('fengjie-xianfagaiwei', 'gexiangzhen-jiedao', 'zhongguoyidong5gban')
    >>> readable_id("中国银行奉节支行"), readable_id("县农商行")
    ('zhongguoyinhangfengjiezhihang', 'xiannongshanghang')
    >>> readable_id("市打击侵权假冒领导小组各成员单位", "克拉玛依市")
    'kelamayi-shidajiqinquanjiamaolingdaoxiaozugechengyuandan'
    """
    stem = place[:-1] if place and len(place) > 2 and place[-1] in "省市县区州旗盟" else place
    name_part = _pinyin(name)
    if not name_part:
        return ""
    return "-".join(p for p in (_pinyin(stem) if stem else "", name_part) if p)
