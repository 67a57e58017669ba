"""Prefix, wildcard, fuzzy and range words expanded into the words of the index, once; and the
forms of a word (``indexer.words``) looked up in it, once.

A multi-term word stands for every indexed word it matches in a field: ``begrot*`` for
begrot, begroting, ... ; ``lokprofeil~`` for the words within one typo (two swapped letters
count as one). Looking them up means walking a field's lexicon, so each distinct word is
expanded once per index generation (``Expansions``, shared by every search of that
generation) and a query's expansions together have a budget (``Expander``): a query with
many such words is refused with a message instead of tying up the server.
"""
from __future__ import annotations

import fnmatch
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from whoosh.support.levenshtein import damerau_levenshtein

from .query import QueryError
from .whoosh_internals import words_from

MAX_WORDS_PER_TERM = 2000  # indexed words one multi-term word may stand for
MAX_WORDS_PER_QUERY = 5000  # ... all multi-term words of a query together
MAX_EXAMINED_PER_QUERY = 500_000  # lexicon entries a query's expansions may look at
CACHED_EXPANSIONS = 2000  # per index generation


class OverBudget(QueryError):
    """A query's multi-term words together stand for too many words, or cost too much to look up."""


@dataclass(frozen=True)
class Expansion:
    texts: tuple[str, ...]
    examined: int  # lexicon entries looked at to find them: what expanding costs
    too_many: bool = False  # stopped at MAX_WORDS_PER_TERM


class Expansions:
    """The expansions of one index generation, most recently used kept, and the lexicon
    stretches fuzzy words are looked for in (``FuzzyCandidates``), each read once."""

    def __init__(self):
        self._cache: OrderedDict[tuple, Expansion] = OrderedDict()
        self._lock = threading.Lock()
        self.lookups = 0  # lexicon walks made: one per distinct word, field and generation
        self.fuzzy_candidates: dict[tuple[str, str], FuzzyCandidates] = {}

    def get(self, reader, kind: str, field: str, text: str, options: tuple, check) -> Expansion:
        key = (kind, field, text, options)
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        found = _LOOKUPS[kind](reader, field, text, check=check, cache=self, **dict(options))
        with self._lock:
            self.lookups += 1
            self._cache[key] = found
            while len(self._cache) > CACHED_EXPANSIONS:
                self._cache.popitem(last=False)
        return found


class Expander:
    """Expands the multi-term words of one query within the query's budget. ``check`` is
    called now and then while a lexicon is walked: it raises when the search is over its time
    budget."""

    def __init__(self, reader, expansions: Expansions, check=None):
        self.reader, self.expansions = reader, expansions
        self.check = check or (lambda: None)
        self.words = self.examined = 0

    def __call__(self, kind: str, field: str, text: str, **options) -> tuple[str, ...]:
        if field not in self.reader.schema:
            return ()
        found = self.expansions.get(self.reader, kind, field, text, tuple(sorted(options.items())), self.check)
        if found.too_many:
            raise OverBudget(
                f"'{text}' past op meer dan {MAX_WORDS_PER_TERM} verschillende woorden; maak het woord langer."
            )
        self.words += len(found.texts)
        self.examined += found.examined
        if self.words > MAX_WORDS_PER_QUERY or self.examined > MAX_EXAMINED_PER_QUERY:
            raise OverBudget(
                "De zoekvraag heeft te veel woorden met * of ~ om in één keer op te zoeken; "
                "gebruik er minder, of maak ze langer."
            )
        return found.texts


# --- walking a field's lexicon -------------------------------------------------------------

CHECK_EVERY = 4096  # lexicon entries between two looks at the search's time budget


def _collect(candidates, keep, check) -> Expansion:
    """The candidates (indexed words, as bytes) that ``keep`` accepts, up to one too many."""
    texts, examined = [], 0
    for btext in candidates:
        examined += 1
        if not examined % CHECK_EVERY:
            check()
        text = btext.decode("utf-8")
        if keep(text):
            texts.append(text)
            if len(texts) > MAX_WORDS_PER_TERM:
                return Expansion(tuple(texts), examined, too_many=True)
    return Expansion(tuple(texts), examined)


def _prefix(reader, field: str, text: str, check, cache) -> Expansion:
    return _collect(words_from(reader, field, text), lambda _: True, check)


_GLOB_SPECIAL = "*?["


def _wildcard(reader, field: str, text: str, check, cache) -> Expansion:
    """A glob (``begr*ting``, ``begro?ing``): the words from its literal start that match it."""
    literal = re.match(rf"[^{re.escape(_GLOB_SPECIAL)}]*", text).group(0)
    candidates = words_from(reader, field, literal)
    pattern = re.compile(fnmatch.translate(text))
    return _collect(candidates, lambda word: pattern.match(word) is not None, check)


def _fuzzy(reader, field: str, text: str, check, cache: Expansions, maxdist: int, prefixlength: int) -> Expansion:
    """The words within ``maxdist`` edits, a swap of two neighbouring letters counting as one
    (whoosh's own fuzzy matching counts it as two), sharing the first ``prefixlength`` letters."""
    letters = frozenset(text)

    def near(word: str) -> bool:
        # Cheap tests first: an edit changes the length by at most one, and adds or removes at
        # most one letter of the word's set of letters (a substitution one of each).
        return (
            abs(len(word) - len(text)) <= maxdist
            and len(letters.symmetric_difference(word)) <= 2 * maxdist
            and damerau_levenshtein(word, text, limit=maxdist) <= maxdist
        )

    if not text.isascii():  # the candidates' byte signatures stand for letters of ASCII words
        return _collect(words_from(reader, field, text[:prefixlength]), near, check)
    key = (field, text[:prefixlength])
    candidates = cache.fuzzy_candidates.get(key)
    if candidates is None:
        candidates = FuzzyCandidates(words_from(reader, field, text[:prefixlength]), check)
        with cache._lock:
            cache.fuzzy_candidates[key] = candidates
    found = _collect(candidates.near(text, maxdist), near, check)
    # what the word is matched against, read now or before: the budget does not depend on the cache
    return Expansion(found.texts, candidates.size, found.too_many)


_POPCOUNT = np.array([bin(n).count("1") for n in range(256)], np.uint8)


class FuzzyCandidates:
    """One stretch of a field's lexicon (the words with one first letter), read once per index
    generation, with what rules most words out of a fuzzy match without comparing letters: each
    word's length and the set of its bytes as 64 bits. A word within d edits differs in length
    by at most d and in its set of letters by at most 2d, so it differs in at most 2d of those
    bits; words with other than ASCII letters are always candidates."""

    def __init__(self, words, check):
        texts, count = [], 0
        for btext in words:
            count += 1
            if not count % CHECK_EVERY:
                check()
            texts.append(btext)
        self.size = len(texts)
        self._blob = b"".join(texts)
        lengths = np.fromiter((len(t) for t in texts), np.int64, len(texts))
        self._ends = np.cumsum(lengths)
        self._lengths = lengths
        raw = np.frombuffer(self._blob, np.uint8)
        bits = np.left_shift(np.uint64(1), (raw & 63).astype(np.uint64))
        starts = self._ends - lengths
        nonempty = lengths > 0
        self._bits = np.zeros(len(texts), np.uint64)
        self._other = np.zeros(len(texts), bool)
        if len(raw):
            self._bits[nonempty] = np.bitwise_or.reduceat(bits, starts[nonempty])
            self._other[nonempty] = np.maximum.reduceat(raw, starts[nonempty]) >= 128

    def near(self, text: str, maxdist: int):
        """The words (bytes, in lexicon order) that may lie within ``maxdist`` edits of ``text``."""
        query = text.encode("utf-8")
        bits = np.uint64(0)
        for byte in set(query):
            bits |= np.uint64(1) << np.uint64(byte & 63)
        differ = _POPCOUNT[(self._bits ^ bits).view(np.uint8)].reshape(-1, 8).sum(axis=1)
        maybe = self._other | ((np.abs(self._lengths - len(query)) <= maxdist) & (differ <= 2 * maxdist))
        ends, lengths, blob = self._ends, self._lengths, self._blob
        for i in np.flatnonzero(maybe).tolist():
            yield blob[ends[i] - lengths[i]:ends[i]]


def _range(reader, field: str, text: str, check, cache, end: str | None, startexcl: bool, endexcl: bool) -> Expansion:
    """The words from ``text`` to ``end`` in the lexicon's (byte) order."""
    start, last = text.encode("utf-8"), end.encode("utf-8") if end is not None else None

    def words():
        for name, btext in reader.terms_from(field, start):
            if name != field or (last is not None and (btext > last or (endexcl and btext == last))):
                return
            if not (startexcl and btext == start):
                yield btext

    return _collect(words(), lambda _: True, check)


def _known(reader, field: str, text: str, check, cache) -> Expansion:
    """The word itself when the field holds it (a form of a word that ``indexer.words`` may ask
    for: "ziektenkosten" for ziektekosten, the acronym "OM"), else nothing."""
    return Expansion((text,) if (field, text) in reader else (), 1)


# each lookup: (reader, field, text, check, cache: the generation's Expansions, **options) -> Expansion
_LOOKUPS = {"prefix": _prefix, "wildcard": _wildcard, "fuzzy": _fuzzy, "range": _range, "known": _known}
