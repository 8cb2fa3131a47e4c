"""Traditional characters: a simplified twin of the text, character for character.

Readers match their rules (role words, keys, dates) on the twin and cut names
from the text as written, so a traditional plan keeps its own spelling
(州委編辦) while 牽頭 still reads as 牵头. OpenCC converts, one character at a
time so offsets stay aligned.
"""
from __future__ import annotations

import re
from functools import cache

from ..errors import InputError
from ..i18n import _

__all__ = ["simplified_twin", "is_traditional"]

#: Characters that only traditional texts use, for a clear message when OpenCC is missing.
_TELLTALE = re.compile(r"[牽負責單縣鄉鎮長堅發務會區與關於辦門為這個們時實際產業環境點]")


@cache
def _converter():
    try:
        import opencc
    except ImportError:  # pragma: no cover - opencc is a core dependency
        return None
    return opencc.OpenCC("t2s")


_SIMPLIFIED: dict[int, str] = {}  # code point -> its simplified character, where it differs
_SEEN: set[int] = set()


def simplified_twin(text: str) -> str:
    """``text`` in simplified characters, with exactly the same length.

    >>> simplified_twin("市政府辦公室牽頭，各縣市區政府負責"), simplified_twin("序號")
    ('市政府办公室牵头，各县市区政府负责', '序号')
    """
    new = {ord(c) for c in set(text) if "\u3400" <= c <= "\u9fff"} - _SEEN
    if new:
        _SEEN.update(new)
        convert = _converter()
        if convert is None:  # pragma: no cover
            if _TELLTALE.search(text):
                raise InputError(_("the plan is in traditional characters and OpenCC is not installed"),
                                 fix="pip install opencc")
        else:
            for point in new:
                out = convert.convert(chr(point))
                if len(out) == 1 and out != chr(point):
                    _SIMPLIFIED[point] = out
    return text.translate(_SIMPLIFIED)


def is_traditional(text: str, twin: str) -> bool:
    """True when the twin differs in more than 1% of the characters: a traditional-character plan."""
    changed = sum(a != b for a, b in zip(text, twin))
    return changed > max(3, len(text) // 100)
