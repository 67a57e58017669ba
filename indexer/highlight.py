"""Highlighted snippets: letter text escaped, query terms wrapped in <mark>, nothing else.

Words are analysed by the very analyzers that indexed the highlighted fields (not a copy of
them), so a query for "lokprofiel" marks "lokprofielen", "geinformeerd" marks
"geïnformeerd", and "crawler" marks the compound "webcrawler" that it found through the
compound parts. The words of a phrase are marked only where they stand as that phrase.
On a results page, which words a passage marks is mostly read from the index instead
(``indexer.marks``, the same words); the letter page and the rest analyse them here.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from itertools import islice
from typing import TYPE_CHECKING

from .analysis import TOKEN_PATTERN
from .fields import HIGHLIGHTED_FIELDS, QUERY_FIELDS_BY_NAME
from .nodes import Phrase

if TYPE_CHECKING:
    from .nodes import Node

SURROUND = 90  # characters of context before the first mark of a snippet
_WORD = re.compile(TOKEN_PATTERN)


@lru_cache(maxsize=1)
def _analysis() -> tuple[tuple, dict[str, int]]:
    """(the distinct analyzers of the query fields, field name -> its analyzer's index): fields
    analysed alike (subject, heading, body) share one analyzer, and so one cache of words."""
    analyzers, of_field = [], {}
    for name, field in QUERY_FIELDS_BY_NAME.items():
        analyzer = field.field_type().analyzer
        if analyzer not in analyzers:
            analyzers.append(analyzer)
        of_field[name] = analyzers.index(analyzer)
    return tuple(analyzers), of_field


# The caches below hold tuples, not frozensets: Python's cyclic garbage collector lets go of a
# tuple of strings once it has seen it, but walks every frozenset again in each full
# collection (after a few hundred searches ~40,000 of them: 60 ms of the search it fell in).

@lru_cache(maxsize=400_000)
def _analysed(analyzer: int, word: str) -> tuple[str, ...]:
    """The terms that analyzer ``analyzer`` (an index into ``_analysis``) makes of a word."""
    return tuple(dict.fromkeys(token.text for token in _analysis()[0][analyzer](word)))


@lru_cache(maxsize=1)
def _highlighted_analyzers() -> tuple[int, ...]:
    of_field = _analysis()[1]
    return tuple(sorted({of_field[name] for name in HIGHLIGHTED_FIELDS}))


@lru_cache(maxsize=200_000)
def index_terms(word: str) -> tuple[str, ...]:
    """The terms the index makes of a word in the highlighted fields: the word folded and
    stemmed, and the stems of its compound parts."""
    return tuple(dict.fromkeys(term for analyzer in _highlighted_analyzers() for term in _analysed(analyzer, word)))


@dataclass(frozen=True)
class Marking:
    """What a query marks in a text: ``words`` wherever they stand, and the words of each of
    ``phrases`` only where they follow one another as in the phrase (each an analysed word;
    ``slop``: how far each may stand from the one before, as the phrase query allows; the
    field whose analysis made the words: a phrase matches words, not compound parts)."""

    words: frozenset[str] = frozenset()
    phrases: tuple[tuple[tuple[str, ...], int, str], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.words or self.phrases)


def matches(text: str, marking: Marking, verdicts: dict[str, bool] | None = None) -> list[tuple[int, int]]:
    """(start, end) of each word of ``text`` that the marking marks: by its stem, or, for a
    compound, by the stem of one of its parts (so "crawler" marks "webcrawler").
    The words are the analysers' tokens, each distinct one analysed once; ``verdicts``
    (word -> marked) carries what is known across the texts of one search, for these words."""
    tokens = list(_WORD.finditer(text))
    verdicts = {} if verdicts is None else verdicts
    marked = set()
    for i, found in enumerate(tokens):
        word = found.group()
        verdict = verdicts.get(word)
        if verdict is None:
            verdict = verdicts[word] = _is_match(word, marking.words)
        if verdict:
            marked.add(i)
    for words, slop, field in marking.phrases:
        marked.update(_phrase_tokens(tokens, words, slop, field))
    return [tokens[i].span() for i in sorted(marked)]


def _phrase_tokens(tokens, words: tuple[str, ...], slop: int, field: str) -> set[int]:
    """Indexes of the tokens that stand as the phrase ``words``, wherever it occurs."""
    def stands(word):
        return lambda i: word in field_terms(field, tokens[i].group())

    firsts = [i for i, token in enumerate(tokens) if words[0] in field_terms(field, token.group())]
    return phrase_runs(firsts, [stands(word) for word in words[1:]], slop, len(tokens))


def phrase_runs(firsts, later, slop: int, end: int | None = None) -> set[int]:
    """The numbers of the words that stand as a phrase: from each of ``firsts`` (ascending;
    where its first word stands), each next word (``later[k](i)``: whether word ``i`` is the
    phrase's word k + 2) the first within ``slop`` words of the one before, before ``end``."""
    found = set()
    for first in firsts:
        run = [first]
        for stands in later:
            after = run[-1]
            stop = after + 1 + max(slop, 1) if end is None else min(after + 1 + max(slop, 1), end)
            step = next((i for i in range(after + 1, stop) if stands(i)), None)
            if step is None:
                break
            run.append(step)
        else:
            found.update(run)
    return found


@lru_cache(maxsize=200_000)  # called for every word of a passage for each phrase of the query
def field_terms(field: str, word: str) -> tuple[str, ...]:
    """The terms one field's analysis makes of a word (a phrase's field: no compound parts);
    for a highlighted field, those ``index_terms`` made of it already."""
    return _analysed(_analysis()[1][field], word)


def analysed_as_body(field: str) -> bool:
    """Whether a field's words are analysed as the body's (its terms are the body's terms)."""
    of_field = _analysis()[1]
    return field in of_field and of_field[field] == of_field["body"]


def _is_match(word: str, terms: frozenset[str]) -> bool:
    return not terms.isdisjoint(index_terms(word))


def query_terms(q: "Node", fields=HIGHLIGHTED_FIELDS) -> Marking:
    """What a query (``indexer.nodes``, prefixes and fuzzy words already expanded) marks in
    the text fields; words it excludes (NOT, -word) are not marked."""
    single, phrases = set(), {}
    for leaf in q.positive_leaves():
        if leaf.field not in fields:
            continue
        if isinstance(leaf, Phrase):  # the same phrase in each text field is looked for once
            phrases.setdefault((leaf.words, leaf.slop), leaf.field)
        else:
            single.update(leaf.looks_for())
    return Marking(frozenset(single), tuple((words, slop, field) for (words, slop), field in phrases.items()))


def snippet(text: str, terms: Marking, max_chars: int = 320, marked=(),
            verdicts: dict[str, bool] | None = None, words: set[int] | None = None) -> str:
    """The stretch of ``text`` (at most ``max_chars``) with the most marked words, as safe
    HTML; an ellipsis shows where the text was cut. ``marked``: more (start, end) spans to mark
    (a citation), not overlapping each other. ``verdicts``: as for ``matches``. ``words``: the
    numbers of the words that the marking marks in ``text``, where they are known already
    (``indexer.marks``), so the words need not be analysed."""
    if words is not None:
        found = islice(_WORD.finditer(text), max(words) + 1) if words else ()
        spans = [word.span() for number, word in enumerate(found) if number in words]
    else:
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


def mark_all(text: str, terms: Marking) -> str:
    """The whole text as safe HTML with every matched term marked (letter page with ?q=)."""
    return _marked(text, matches(text, terms) if terms else [])
