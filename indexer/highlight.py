"""Highlighted snippets: letter text escaped, query terms wrapped in <mark>, nothing else.

Words are analysed by the very analyzers that indexed the highlighted fields (not a copy of
them), so a query for "lokprofiel" marks "lokprofielen", "geinformeerd" marks
"geïnformeerd", and "crawler" marks the compound "webcrawler" that it found through the
compound parts.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from html import escape
from typing import TYPE_CHECKING

from .analysis import TOKEN_PATTERN
from .fields import HIGHLIGHTED_FIELDS, QUERY_FIELDS_BY_NAME

if TYPE_CHECKING:
    from .nodes import Node

SURROUND = 90  # characters of context before the first mark of a snippet
_WORD = re.compile(TOKEN_PATTERN)


@lru_cache(maxsize=1)
def _analyzers() -> tuple:
    """The analyzers of the highlighted fields, each once."""
    found = []
    for name in sorted(HIGHLIGHTED_FIELDS):
        analyzer = QUERY_FIELDS_BY_NAME[name].field_type().analyzer
        if analyzer not in found:
            found.append(analyzer)
    return tuple(found)


@lru_cache(maxsize=200_000)
def index_terms(word: str) -> frozenset[str]:
    """The terms the index makes of a word in the highlighted fields: the word folded and
    stemmed, and the stems of its compound parts."""
    return frozenset(token.text for analyzer in _analyzers() for token in analyzer(word))


def matches(text: str, terms: frozenset[str], verdicts: dict[str, bool] | None = None) -> list[tuple[int, int]]:
    """(start, end) of each word of ``text`` that a query term matches: by its stem, or, for
    a compound, by the stem of one of its parts (so "crawler" marks "webcrawler").
    The words are the analysers' tokens, each distinct one analysed once; ``verdicts``
    (word -> marked) carries what is known across the texts of one search, for these terms."""
    spans = []
    verdicts = {} if verdicts is None else verdicts
    for found in _WORD.finditer(text):
        word = found.group()
        marked = verdicts.get(word)
        if marked is None:
            marked = verdicts[word] = _is_match(word, terms)
        if marked:
            spans.append(found.span())
    return spans


def _is_match(word: str, terms: frozenset[str]) -> bool:
    return not terms.isdisjoint(index_terms(word))


def query_terms(q: "Node", fields=HIGHLIGHTED_FIELDS) -> frozenset[str]:
    """The analysed words a query (``indexer.nodes``, prefixes and fuzzy words already
    expanded) looks for in the text fields; words it excludes (NOT, -word) are not marked."""
    return frozenset(text for field, text in q.positive_terms() if field in fields)


def snippet(text: str, terms: frozenset[str], max_chars: int = 320, marked=(),
            verdicts: dict[str, bool] | None = None) -> str:
    """The stretch of ``text`` (at most ``max_chars``) with the most marked words, as safe
    HTML; an ellipsis shows where the text was cut. ``marked``: more (start, end) spans to mark
    (a citation), not overlapping each other. ``verdicts``: as for ``matches``."""
    spans = matches(text, terms, verdicts) if terms else []
    if marked:
        spans = sorted([*(span for span in spans if not _inside(span, marked)), *marked])
    start = _best_start(text, spans, max_chars) if spans else 0
    end = min(len(text), start + max_chars)
    if end < len(text):  # cut at a space, not inside a word
        space = text.rfind(" ", start + max_chars // 2, end)
        end = space if space > 0 else end
    inside = [(a - start, b - start) for a, b in spans if a >= start and b <= end]
    html = _marked(text[start:end], inside).strip()
    return ("…" if start > 0 else "") + html + ("…" if end < len(text) else "")


def _inside(span: tuple[int, int], spans) -> bool:
    return any(start < span[1] and span[0] < end for start, end in spans)


def _best_start(text: str, spans: list[tuple[int, int]], max_chars: int) -> int:
    """Where the window with the most marked words starts: some context before its first
    mark, from the start of its sentence if that is near, else from the start of a word."""
    ends = [b for _, b in spans]
    best_count, best_first = -1, 0
    for i, (a, _) in enumerate(spans):
        count = bisect_right(ends, max(0, a - SURROUND) + max_chars) - i
        if count > best_count:
            best_count, best_first = count, a
    start = max(0, best_first - SURROUND)
    sentence = max(text.rfind(". ", start, best_first), text.rfind("\n", start, best_first))
    if sentence != -1:
        return sentence + 1 + (text[sentence] == ".")
    if start > 0 and not text[start - 1].isspace():
        space = text.find(" ", start, best_first)
        start = space + 1 if space != -1 else start
    return start


def _marked(text: str, spans: list[tuple[int, int]]) -> str:
    out, at = [], 0
    for a, b in spans:
        out.append(escape(text[at:a], quote=False))
        out.append(f"<mark>{escape(text[a:b], quote=False)}</mark>")
        at = b
    out.append(escape(text[at:], quote=False))
    return "".join(out)


def mark_all(text: str, terms: frozenset[str]) -> str:
    """The whole text as safe HTML with every matched term marked (letter page with ?q=)."""
    return _marked(text, matches(text, terms) if terms else [])
