"""Messages kept as their msgid and parameters, said in a language only when read.

A finding is made once, while a plan is read, but read later in either language:
by ``kg validate`` in the language in force, and from the built graph, which keeps
it in both (``"…"@zh`` and ``"…"@en``). So it holds the English msgid and its
parameters, not a sentence. Parameters are the source's own words (unit names,
cell text) and are never translated; a parameter that is itself kg's wording (a
place such as ``page 3 line 12``) is a :class:`Message`, and an id kg writes
(``host``, ``collective``) is a :class:`Value`, said as :func:`kg.model.domain.readable_value`
says it.

>>> m = Message(N_("task %(task)s: %(role)s cell is '%(text)s' (none)"), task=3, role=Value("role", "host"), text="/")
>>> m.render("en"), m.render("zh")
("task 3: host cell is '/' (none)", '任务3：承办单位栏为“/”（无）')
"""
from __future__ import annotations

from dataclasses import dataclass

from ..i18n import N_, gettext, use
from .domain import readable_value

__all__ = ["Message", "Value", "N_", "render"]


@dataclass(frozen=True, init=False)
class Message:
    msgid: str
    args: tuple[tuple[str, object], ...]

    def __init__(self, msgid: str, **args: object) -> None:
        object.__setattr__(self, "msgid", msgid)
        object.__setattr__(self, "args", tuple(sorted(args.items())))

    def render(self, lang: str | None = None) -> str:
        """The message in ``lang`` (None: the language in force)."""
        with use(lang):
            text = gettext(self.msgid)
            if not self.args:
                return text
            return text % {name: render(value) for name, value in self.args}

    def __str__(self) -> str:
        return self.render()


@dataclass(frozen=True)
class Value:
    """An id kg writes in data (``host``, ``government-department``), said in words where a person reads it."""

    column: str
    id: str

    def render(self, lang: str | None = None) -> str:
        with use(lang):
            return readable_value(self.column, self.id)


def render(value: object) -> object:
    """A parameter as said in the language in force: messages and values in words, anything else as it is."""
    return value.render() if isinstance(value, (Message, Value)) else value
