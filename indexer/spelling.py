"""Respelling a query: each plain word that the letters do not contain is replaced by the
commonest close word of the letters.

Close means: one typo in a word of up to seven letters, two in a longer one; two swapped
letters count as one typo ("regerign": regering), and so does ij for ei or ei for ij
("weiziging": wijziging). The index keeps words stemmed, so the nearest *stem* is found in the
lexicons of the text and the subjects (through the query's expander: once per index generation,
within the query's budget), and a letter that contains it tells how that word is written
("gemeent" -> "gemeenten").
"""
from __future__ import annotations

import re
from typing import Callable

from whoosh.reading import distance  # Damerau-Levenshtein

from .query import FUZZY_PREFIX
from .words import analysed, folded, in_capitals

SPELLING_FIELDS = ("body", "subject")  # the words of the letters, and of subjects the body need not repeat
MAX_EDITS = 2
LONG_WORD = 8  # letters from which a word may hold two typos
# Plain words only: operators, fields, phrases and wildcards are left as typed.
_WORD = re.compile(r"(?<![\w:\"*~-])([^\W\d_]{4,})(?![\w:*~])")
_OPERATORS = {"OR", "OF", "NOT", "NIET", "AND", "EN", "TO"}


def respell(text: str, reader, expand, written_as: Callable[[str], str | None]) -> str | None:
    """The query with unknown words respelled, or None when no word changed.
    ``written_as(stem)`` gives a word of the letters with that stem."""
    changed = False

    def replace(match: re.Match) -> str:
        nonlocal changed
        word = match.group(1)
        if word in _OPERATORS or in_capitals(word):
            return word
        better = closest_stem(word, reader, expand)
        better = written_as(better) if better else None
        changed |= better is not None
        return better or word

    respelled = _WORD.sub(replace, text or "")
    return respelled if changed else None


def closest_stem(word: str, reader, expand) -> str | None:
    """The commonest indexed stem close to ``word``; None if its stem is known (also as the
    beginning of a longer compound: "huurtoeslag" in huurtoeslagwet) or none is close. Close to
    the word as typed or to its stem: Snowball stems a typo as it finds it ("afsluitnig" ->
    afsluitn, three edits from afsluiting), and a stem may hold the typo ("bedrijftakverkeningen"
    -> bedrijftakverkening, two from bedrijfstakverkenning)."""
    target = analysed(word)
    if not target or letters_with(reader, target) or any(expand("prefix", field, target) for field in SPELLING_FIELDS):
        return None
    typed = folded(word)
    allowed = MAX_EDITS if len(word) >= LONG_WORD else 1
    candidates = {found for field in SPELLING_FIELDS for text in {target, typed}
                  for found in expand("fuzzy", field, text, maxdist=MAX_EDITS, prefixlength=FUZZY_PREFIX)}
    ranked = []
    for candidate in candidates:
        to_typed = typos(candidate, typed)
        ranked.append((min(typos(candidate, target), to_typed), to_typed, -letters_with(reader, candidate), candidate))
    ranked = [entry for entry in ranked if entry[0] <= allowed]
    return min(ranked)[-1] if ranked else None


def letters_with(reader, stem: str) -> int:
    """In how many letters the stem occurs, in the text or the subject (counted in each)."""
    return sum(reader.doc_frequency(field, stem) for field in SPELLING_FIELDS)


def typos(a: str, b: str) -> int:
    """Edits between two words, a swap of neighbouring letters and ij/ei counting as one."""
    return distance(_diphthongs(a), _diphthongs(b))


def _diphthongs(word: str) -> str:
    """ij and ei each as one letter of their own, so mistaking one for the other is one typo."""
    return word.replace("ij", "\u0133").replace("ei", "\u0152")
