"""Respelling a query for "did you mean": each plain word that the letters do not contain
is replaced by the most frequent indexed word within two edits (a swap counts as one)."""
from __future__ import annotations

import re

from whoosh.reading import distance  # Damerau-Levenshtein

from .analysis import folding_analyzer

SPELLING_FIELD = "body"
MAX_EDITS = 2
# Plain words only: operators, fields, phrases and wildcards are left as typed.
_WORD = re.compile(r"(?<![\w:\"*~-])([^\W\d_]{4,})(?![\w:*~])")
_OPERATORS = {"OR", "OF", "NOT", "NIET", "AND", "EN", "TO"}
_fold = folding_analyzer()


def respell(text: str, reader) -> str | None:
    """The query with unknown words respelled, or None when no word changed."""
    changed = False

    def replace(match: re.Match) -> str:
        nonlocal changed
        word = match.group(1)
        better = None if word in _OPERATORS else closest_word(word, reader)
        changed |= better is not None
        return better or word

    respelled = _WORD.sub(replace, text or "")
    return respelled if changed else None


def closest_word(word: str, reader) -> str | None:
    """The commonest indexed (folded, unstemmed) word close to ``word``; None if it is known."""
    folded = "".join(t.text for t in _fold(word))
    if not folded or _is_known(folded, reader):
        return None
    candidates = []
    for btext in reader.expand_prefix("spelling", folded[:1]):
        candidate = btext.decode("utf-8")
        if abs(len(candidate) - len(folded)) <= MAX_EDITS and distance(candidate, folded, limit=MAX_EDITS) <= MAX_EDITS:
            candidates.append((distance(candidate, folded), -reader.doc_frequency("spelling", candidate), candidate))
    return min(candidates)[2] if candidates else None


def _is_known(folded: str, reader) -> bool:
    return reader.doc_frequency("spelling", folded) > 0
