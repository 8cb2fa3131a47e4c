"""The words of the named queries' headers, for the message catalog: each ``queries/*.rq`` says what it answers
(``# question:``) and what its parameters mean (``# param: … doc``) in English, and kg.po has them in Chinese.

A Babel extractor (see ``babel.cfg``), so ``scripts/i18n`` puts a new query's question into the catalog beside
every other message and ``tests/test_i18n.py`` fails until it has its Chinese. The header is read by
:meth:`kg.sparql.named.NamedQuery.parse`, the one reader of it.
"""
from __future__ import annotations

from collections.abc import Iterator

__all__ = ["extract"]


def extract(fileobj, keywords, comment_tags, options) -> Iterator[tuple[int, None, str, list]]:  # noqa: ARG001
    """(line, None, message, []) for the question and each parameter's doc of one ``.rq`` file."""
    from .named import NamedQuery

    text = fileobj.read().decode(options.get("encoding", "utf-8"))
    query = NamedQuery.parse("query", text)
    lines = text.splitlines()
    for message in filter(None, [query.question, *(p.doc for p in query.params.values())]):
        number = next((i for i, line in enumerate(lines, start=1) if line.startswith("#") and message in line), 1)
        yield number, None, message, []
