"""How two spellings of one thing are folded to compare equal: the one place each fold is written.

* :func:`no_space`: every whitespace removed. PDF copies and Word cells put spaces and line breaks anywhere
  (``完成 时限``, ``12345 热线``); a phrase is read without them.
* :func:`title_key`: a table column's title as compared (``序 號`` = ``序号``): simplified, no whitespace.
* :func:`name_key`: a unit's name as the build resolves it: a title's fold, brackets in full width and no
  full stop after it (``縣法院(分院)。`` = ``县法院（分院）``); :func:`lookup_key` casefolds it, the form written
  into the graph as ``kg:key`` and every query and search folds to, so English names and ids fold the same way.

Names in a list are cut with :func:`kg.readers.unitlist.compact` instead, where a space may separate two names.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .traditional import simplified_twin

__all__ = ["no_space", "title_key", "normalise", "name_key", "lookup_key"]

_WHITESPACE = re.compile(r"\s+")


def no_space(text: str) -> str:
    """``text`` with every whitespace removed.

    >>> no_space(" 2023 年6 月\\n底前 ")
    '2023年6月底前'
    """
    return _WHITESPACE.sub("", text)


def title_key(title: str) -> str:
    """A column title as compared with the titles kg knows: simplified characters, no whitespace.

    >>> title_key("牽頭 單位"), title_key("序\\n號")
    ('牵头单位', '序号')
    """
    return simplified_twin(no_space(title))


def normalise(name: str) -> str:
    """A unit's name with the spellings that differ only in width or spacing folded, as written otherwise.

    >>> normalise(" 各乡镇(街道) ")
    '各乡镇（街道）'
    """
    return no_space(name).replace("(", "（").replace(")", "）").strip("。.")


@lru_cache(maxsize=65536)  # every cell of every plan asks for the same few hundred names
def name_key(name: str) -> str:
    """Names compare in simplified characters, folded width, no spaces (縣科技局 = 县科技局)."""
    return simplified_twin(normalise(name))


def lookup_key(name: str) -> str:
    """The form every name of a unit is indexed under (``kg:key``) and every query parameter and search is
    folded to: the build's own folding (:func:`name_key`: simplified characters, width, no spaces), casefolded.
    So 縣法院 finds the unit the build resolved 縣法院 to, and ``county  court`` the unit named County Court.

    >>> lookup_key(" County Court "), lookup_key("各乡镇(街道)"), lookup_key("縣法院")
    ('countycourt', '各乡镇（街道）', '县法院')
    """
    return name_key(name).casefold()
