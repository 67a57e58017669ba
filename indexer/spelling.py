"""Respelling a query for "did you mean": each plain word that the letters do not contain
is replaced by the commonest word of the letters within two edits (a swap counts as one).

The index keeps words stemmed, so the nearest *stem* is found in the body's lexicon, and a
letter that contains it tells how that word is written ("gemeent" -> "gemeenten").
"""
from __future__ import annotations

import re
from typing import Callable

from whoosh.reading import distance  # Damerau-Levenshtein

from .analysis import folding_analyzer, stem

SPELLING_FIELD = "body"
MAX_EDITS = 2
# Plain words only: operators, fields, phrases and wildcards are left as typed.
_WORD = re.compile(r"(?<![\w:\"*~-])([^\W\d_]{4,})(?![\w:*~])")
_OPERATORS = {"OR", "OF", "NOT", "NIET", "AND", "EN", "TO"}
_fold = folding_analyzer()


def respell(text: str, reader, written_as: Callable[[str], str | None]) -> str | None:
    """The query with unknown words respelled, or None when no word changed.
    ``written_as(stem)`` gives a word of the letters with that stem."""
    changed = False

    def replace(match: re.Match) -> str:
        nonlocal changed
        word = match.group(1)
        better = None if word in _OPERATORS else closest_stem(word, reader)
        better = written_as(better) if better else None
        changed |= better is not None
        return better or word

    respelled = _WORD.sub(replace, text or "")
    return respelled if changed else None


def closest_stem(word: str, reader) -> str | None:
    """The commonest indexed stem close to the stem of ``word``; None if that one is known."""
    folded = "".join(t.text for t in _fold(word))
    if not folded:
        return None
    target = stem(folded)
    if reader.doc_frequency(SPELLING_FIELD, target) > 0:
        return None
    candidates = []
    for btext in reader.expand_prefix(SPELLING_FIELD, target[:1]):
        candidate = btext.decode("utf-8")
        if abs(len(candidate) - len(target)) <= MAX_EDITS and distance(candidate, target, limit=MAX_EDITS) <= MAX_EDITS:
            candidates.append((distance(candidate, target), -reader.doc_frequency(SPELLING_FIELD, btext), candidate))
    return min(candidates)[2] if candidates else None
