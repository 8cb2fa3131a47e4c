"""The one language setting: Chinese by default, English on request.

County offices read kg's outputs in Chinese; an English reader is the
exception. Every message, heading and label a person reads goes through
:func:`gettext` (``_``), whose catalogs are gettext files made with Babel:
``src/kg/locale/<lang>/LC_MESSAGES/kg.po`` (msgids are the English text, so the
English output needs no catalog of its own), compiled to ``kg.mo`` by
``scripts/i18n`` and read by Python's :mod:`gettext`, Jinja's i18n extension and
Flask-Babel alike. A test fails when a message has no Chinese.

The language comes from ``--lang`` (the CLI), ``KG_LANG``, or a browser's choice
in the app; :func:`use` sets it for the current context only, so a server can
answer two browsers in two languages at once.

>>> with use("zh"):
...     _("Summary"), format_date("2023-06-30")
('概况', '2023年6月30日')
>>> with use("en"):
...     _("Summary"), format_date("2023-06-30")
('Summary', '30 June 2023')
"""
from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import gettext as _gettext
import os
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

__all__ = ["LANGUAGES", "DEFAULT", "LOCALE_DIR", "DOMAIN", "language", "set_language", "reset_language", "use", "gettext", "_",
           "ngettext", "translations", "format_date", "format_month", "join_names", "name_separator", "parse_language",
           "N_", "LazyText", "LazyList"]

#: The languages kg speaks, the default first.
LANGUAGES = ("zh", "en")
DEFAULT = "zh"
LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "kg"
#: What a person may write for each language (``--lang zh-CN``, ``KG_LANG=chinese``).
_ALIASES = {"zh": "zh", "zh-cn": "zh", "zh_cn": "zh", "zh-hans": "zh", "cn": "zh", "chinese": "zh", "中文": "zh",
            "en": "en", "en-us": "en", "en_us": "en", "en-gb": "en", "english": "en"}

_current: contextvars.ContextVar[str | None] = contextvars.ContextVar("kg_language", default=None)


def parse_language(value: str | None) -> str | None:
    """``zh`` or ``en`` for what a person wrote, None for anything else (the caller says what is allowed)."""
    if not value:
        return None
    return _ALIASES.get(value.strip().lower())


def language() -> str:
    """The language in force: the context's, else ``KG_LANG``, else Chinese."""
    return _current.get() or parse_language(os.environ.get("KG_LANG")) or DEFAULT


def set_language(lang: str | None) -> contextvars.Token:
    """Set the language for the rest of this context (the CLI does it once, from ``--lang``); the token
    returned gives it back to :func:`reset_language`."""
    return _current.set(parse_language(lang) if lang else None)


def reset_language(token: contextvars.Token) -> None:
    """The language as it was before the :func:`set_language` that returned ``token``."""
    _current.reset(token)


@contextlib.contextmanager
def use(lang: str | None) -> Iterator[str]:
    """Speak ``lang`` inside the block (None: leave the language as it is); whatever the block sets (a
    command's ``--lang``), the language after it is the one before it."""
    token = _current.set(parse_language(lang) or language())
    try:
        yield language()
    finally:
        _current.reset(token)


@lru_cache(maxsize=None)
def translations(lang: str) -> _gettext.NullTranslations:
    """The compiled catalog of ``lang`` (English is the msgids themselves)."""
    if lang == "en":
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, localedir=str(LOCALE_DIR), languages=[lang])


def gettext(message: str) -> str:
    """``message`` in the language in force."""
    return translations(language()).gettext(message)


_ = gettext


def N_(message: str) -> str:
    """Mark ``message`` for the catalog without translating it now (it is said later, in any language)."""
    return message


class LazyText:
    """A message said in the language in force each time it is shown (a module constant read by a page
    and by a file in two languages at once)."""

    def __init__(self, msgid: str) -> None:
        self.msgid = msgid

    def __str__(self) -> str:
        return gettext(self.msgid)

    def __eq__(self, other) -> bool:
        return str(self) == str(other)

    def __hash__(self) -> int:
        return hash(self.msgid)

    def __mod__(self, values) -> str:  # "%(prog)s, version %(version)s" % {…}
        return str(self) % values

    def __getattr__(self, name):  # str's methods: startswith, split, …
        return getattr(str(self), name)


class LazyList(tuple):
    """Column titles said in the language in force each time they are read (``for``, ``[i]``, ``join``)."""

    def __iter__(self):
        return (gettext(m) for m in tuple.__iter__(self))

    def __getitem__(self, index):
        item = tuple.__getitem__(self, index)
        return [gettext(m) for m in item] if isinstance(index, slice) else gettext(item)

    def __eq__(self, other) -> bool:
        return list(self) == list(other)

    __hash__ = tuple.__hash__


def name_separator() -> str:
    """What stands between two names of a list: ``、`` in Chinese, ``, `` in English."""
    return "、" if language() == "zh" else ", "


def join_names(names) -> str:
    """Names listed as the language lists them: ``县发展改革委、县财政局``, or ``A, B`` in English.

    >>> with use("en"):
    ...     join_names(["县法院", "县财政局"])
    '县法院, 县财政局'
    """
    return name_separator().join(names)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(language()).ngettext(singular, plural, n)


_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December")


def _as_date(value: dt.date | str) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def format_date(value: dt.date | str) -> str:
    """A date as people read it: ``2023年6月30日`` (ISO stays in data columns)."""
    day = _as_date(value)
    if language() == "zh":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"


def format_month(value: str) -> str:
    """A month (``2023-06``) as people read it: ``2023年6月``; anything else (长期坚持) as it is."""
    try:
        year, month = int(value[:4]), int(value[5:7])
    except (TypeError, ValueError):
        return value
    if len(value) != 7 or value[4] != "-" or not 1 <= month <= 12:
        return value
    return f"{year}年{month}月" if language() == "zh" else f"{_MONTHS_EN[month - 1]} {year}"
