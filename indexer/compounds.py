"""Dutch compound splitting: "mensenhandelaren" -> mensen + handelaren.

A word is split into the fewest parts that are all words of OpenTaal's list (indexer/data),
joined by nothing or by a linking morpheme (-s-, -e-, -en-): "opsporingsbevoegdheid" ->
opsporing + s + bevoegdheid. Among splits with as many parts, the one whose shortest part is
longest wins, so "mensenhandelaren" is mensen + handelaren, not mensenhandel + aren.

Noise control: a modifier has at least 3 letters, a head at least 4, and separable particles
and prefixes ("aan", "ver", "voor") are never modifiers: "vervolging" is not "ver" + "volging".
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import marisa_trie

# OpenTaal's words and extra-words.txt, as a trie made by indexer/data/make_wordlist.py
WORDLIST = Path(__file__).with_name("data") / "dutch-words.marisa"
LINKS = ("", "s", "en", "e")
MIN_MODIFIER = 3
MIN_HEAD = 4
MIN_COMPOUND = MIN_MODIFIER + MIN_HEAD
MIN_NESTED = 5
MIN_HEAD_AFTER_E = 5  # "best-e-ding" is no compound; a linking -e- needs a longer head
MAX_WORD = 40  # longer tokens are codes or garbage; splitting them buys nothing
# Particles, prefixes and function words that look like words but do not make a compound
# whose head a searcher means ("aanpak" is not about "pak", "samenwerking" not about "werking").
NOT_MODIFIERS = frozenset("""
    aan achter af all als bij binnen boven buiten door een eer her hun mee mis na naar
    neer niet ont onder ook op over samen tegen ten ter toe uit ver voor weg wel zijn
    terug tussen rond mede ander andere der des het
""".split())


@lru_cache(maxsize=1)
def known_words() -> marisa_trie.Trie:
    """The word list, loaded once on first use. A trie file is read as it is (under a
    millisecond), where a set of its ~347k words took a process's first query 130 ms to build;
    a lookup (``word in known_words()``) costs a fifth of a microsecond."""
    return marisa_trie.Trie().load(str(WORDLIST))


@lru_cache(maxsize=200_000)
def split_compound(word: str) -> tuple[str, ...]:
    """The parts of a (lower-case, accent-folded) compound, or () when it is not one."""
    if not (MIN_COMPOUND <= len(word) <= MAX_WORD) or not word.isalpha():
        return ()
    best = _best_split(word, 0, known_words(), {})
    return tuple(best) if best and len(best) > 1 else ()


def compound_parts(word: str) -> list[str]:
    """Every part of a compound, nested compounds split too: kinderpornoteams ->
    kinderporno, kinder, porno, teams. A part is only split further when all its own parts
    are long (MIN_NESTED), since "handelaren" is no compound of "hand" and "laren"."""
    found: list[str] = []
    for part in split_compound(word):
        found.append(part)
        nested = split_compound(part)
        if nested and min(map(len, nested)) >= MIN_NESTED:
            found.extend(compound_parts(part))
    return found


def _best_split(word: str, start: int, words: marisa_trie.Trie, memo: dict) -> list[str] | None:
    if start in memo:
        return memo[start]
    rest = word[start:]
    best = [rest] if start > 0 and len(rest) >= MIN_HEAD and rest in words else None
    for end in range(start + MIN_MODIFIER, len(word) - MIN_HEAD + 1):
        modifier = word[start:end]
        if modifier in NOT_MODIFIERS or modifier not in words:
            continue
        for link in LINKS:
            if not word.startswith(link, end):
                continue
            if link == "e" and len(word) - end - 1 < MIN_HEAD_AFTER_E:
                continue
            tail = _best_split(word, end + len(link), words, memo)
            if tail is not None:
                best = _better(best, [modifier, *tail])
    memo[start] = best
    return best


def _better(current: list[str] | None, candidate: list[str]) -> list[str]:
    if current is None:
        return candidate
    key = lambda parts: (len(parts), -min(map(len, parts)))  # noqa: E731
    return candidate if key(candidate) < key(current) else current
