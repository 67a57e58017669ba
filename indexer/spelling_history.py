"""The spelling before 1947 (De Vries en Te Winkel) brought to today's, word by word.

Letters from 1845 to 1947 write "menschen", "visch", "Nederlandsch", "tusschen", "begrooting",
"hooger", "practisch", "byslag"; today's letters and today's searchers write "mensen", "vis",
"Nederlands", "tussen", "begroting", "hoger", "praktisch", "bijslag". Indexing and querying both
pass every word through ``modern_spelling``, so either spelling finds both.

A word is only changed when it is not a word of today's language (OpenTaal's list,
``indexer.compounds.known_words``), so modern text is left as it is:

- -sch at the end of a word, or before an inflection (-e, -en, -er, -te, ...), becomes -s:
  "menschen" mensen, "Nederlandsche" Nederlandse, "tusschen" tussen, "vereischte" vereiste.
  After an i (-isch: "logisch", "practisch") only when that gives a word ("visch" vis).
  Inside a word, before an e, when that gives a word or a compound ("menschenhandel").
- then, when that gives a word of today: ee/oo before one consonant and a vowel become e/o
  ("begrooting" begroting, "eenige" enige), c becomes k before a, o, u or t ("practisch"
  praktisch), y becomes ij ("byslag" bijslag, as old type set it).
"""
from __future__ import annotations

import itertools
import re
from functools import lru_cache

from .compounds import known_words, split_compound

MIN_WORD = 4  # shorter words ("zoo", "den", "der") are left alone
_SCH = re.compile(r"(?<=[a-z])sch(?=(?:e|en|er|ere|ers|es|t|te|ten)?$)")
_SCH_INSIDE = re.compile(r"(?<=[a-hj-z])sch(?=e)")  # "menschenhandel": the -sch of a part
# (pattern, replacement) of the changes that must give a word of today
_CHANGES = (
    (re.compile(r"(ee|oo)(?=[b-df-hj-np-tv-z][aeiou])"), lambda m: m.group(1)[0]),
    (re.compile(r"c(?=[aout])"), lambda m: "k"),
    (re.compile(r"y"), lambda m: "ij"),
)


@lru_cache(maxsize=200_000)
def modern_spelling(word: str) -> str:
    """A folded, lower-case word in today's spelling (itself when it is one already, or when
    no rule gives a word of today)."""
    if len(word) < MIN_WORD or not word.isalpha():
        return word
    words = known_words()
    if word in words:
        return word
    without_sch = _SCH.sub("s", word)
    if without_sch != word and (without_sch in words or _not_after_i(word)):
        word = without_sch
    elif _SCH_INSIDE.search(word) and _is_word_or_compound(_SCH_INSIDE.sub("s", word)):
        word = _SCH_INSIDE.sub("s", word)
    for changed in _changed_forms(word):
        if changed in words:
            return changed
    return word


def _is_word_or_compound(word: str) -> bool:
    return word in known_words() or bool(split_compound(word))


def _not_after_i(word: str) -> bool:
    """Whether the -sch ending follows another letter than i (-isch is today's adjective)."""
    return word[_SCH.search(word).start() - 1] != "i"


def _changed_forms(word: str):
    """The word with each combination of the changes applied, fewest changes first."""
    applicable = [(pattern, replace) for pattern, replace in _CHANGES if pattern.search(word)]
    for count in range(1, len(applicable) + 1):
        for combination in itertools.combinations(applicable, count):
            changed = word
            for pattern, replace in combination:
                changed = pattern.sub(replace, changed)
            yield changed
