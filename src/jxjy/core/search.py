"""Word search in Chinese text, the same everywhere (courses, policy articles): a query is cut into
words with jieba, every word must occur — whole or as all of its shorter parts — and rows whose
title holds the whole query come first, then those whose title holds every word. Plain `LIKE`
lookups keep this the same on SQLite and PostgreSQL."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When


@lru_cache(maxsize=1)
def _jieba():  # type: ignore[no-untyped-def]
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


_PUNCT = re.compile(r"^[\s\W_]+$", re.UNICODE)


def query_words(q: str) -> list[tuple[str, list[str]]]:
    """The words of a search query (jieba's precise mode), each with its shorter parts (search
    mode): 「软件工程」 is one word whose parts are 「软件」 and 「工程」."""
    jieba = _jieba()
    words: list[tuple[str, list[str]]] = []
    for word in jieba.lcut(q.strip()[:100]):
        if not word or _PUNCT.match(word):
            continue
        parts = [p for p in jieba.lcut_for_search(word) if p != word and len(p) > 1]
        words.append((word, parts))
    return words


def ranked(qs: QuerySet[Any], q: str | None, contains: Callable[[str], Q], ordering: Sequence[str]) -> QuerySet[Any]:
    """`qs` filtered by the words of `q` (each through `contains`) and ordered: the whole query in
    the title first, then every word in the title, then the rest, each by `ordering`. Without
    words (none given, or punctuation only), `qs` by `ordering`."""
    if not (q and q.strip()):
        return qs.order_by(*ordering)
    words = query_words(q)
    if not words:
        return qs.order_by(*ordering)
    title_all = Q()
    for word, parts in words:
        match = contains(word)
        if parts:
            every_part = Q()
            for part in parts:
                every_part &= contains(part)
            match |= every_part
        qs = qs.filter(match)
        title_all &= Q(title__icontains=word)
    qs = qs.annotate(rank=Case(When(title__icontains=q.strip(), then=Value(3)), When(title_all, then=Value(2)),
                               default=Value(1), output_field=IntegerField()))
    return qs.order_by("-rank", *ordering)
