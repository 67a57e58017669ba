"""Evaluate a parsed query over whole posting lists at once, with numpy.

Whoosh's matchers walk postings one at a time in Python, and to count hits and facets every
match must be walked. Here each part of the query yields a *mask* (which documents match) and
a *score* (BM25, as whoosh's BM25F computes it) as arrays over a ``Space`` of documents: the
letters of the index, or the passages of the letters on a results page. And/Or/Not are then
array operations, a phrase compares position arrays, and a prefix adds up the posting lists of
its words. Query types without a rule here fall back to whoosh's own matcher.
"""
from __future__ import annotations

from dataclasses import dataclass
from math import log
from typing import Callable

import numpy as np
from whoosh import query as Q

from .postings import read_postings
from .doctable import NO_SLOT, DocTable
from .index import DAY_FIELD

B, K1 = 0.75, 1.2  # whoosh's BM25F defaults
POSITION_BITS = 32


@dataclass
class Space:
    """The documents a query is evaluated over, numbered 0..size-1 (their *slots*)."""

    slot_of: np.ndarray  # docnum -> slot, NO_SLOT outside the space
    docs: np.ndarray  # slot -> docnum
    population: int  # documents of this kind in the index, for idf
    lengths: Callable[[str], np.ndarray]  # field -> length per slot
    doc_frequency: Callable[[str, bytes, np.ndarray], int] | None = None  # exact df when the space is partial
    days: np.ndarray | None = None  # day number per slot (letters only)
    within: tuple[np.ndarray, np.ndarray] | None = None  # docnum ranges worth reading

    @property
    def size(self) -> int:
        return len(self.docs)


def letter_space(table: DocTable, reader) -> Space:
    return Space(
        slot_of=table.letter_slot,
        docs=table.letter_docs,
        population=table.count,
        lengths=lambda field: table.lengths(reader, field)[table.letter_docs],
        days=table.days,
    )


def passage_space(table: DocTable, reader, letter_slots: np.ndarray) -> Space:
    """The passages of the given letters (their documents follow the letter's document)."""
    starts = table.letter_docs[letter_slots] + 1
    ends = starts + table.passage_count[letter_slots] - 1  # inclusive
    docs = np.concatenate([np.arange(s, e + 1) for s, e in zip(starts, ends)]) if len(starts) else np.zeros(0, np.int64)
    docs = np.sort(docs)
    slot_of = np.full(table.size, NO_SLOT, np.int32)
    slot_of[docs] = np.arange(len(docs), dtype=np.int32)
    order = np.argsort(starts)
    return Space(
        slot_of=slot_of,
        docs=docs,
        population=max(1, len(table.passage_docs)),
        lengths=lambda field: table.lengths(reader, field)[docs],
        doc_frequency=lambda field, text, _: reader.doc_frequency(field, text),
        within=(starts[order], ends[order]),
    )


class Result:
    """Which slots match, and their scores."""

    __slots__ = ("mask", "score")

    def __init__(self, mask: np.ndarray, score: np.ndarray):
        self.mask, self.score = mask, score


class Evaluator:
    def __init__(self, searcher, space: Space):
        self.searcher = searcher
        self.reader = searcher.reader()
        self.space = space
        self._avg: dict[str, float] = {}
        self._lengths: dict[str, np.ndarray] = {}

    # -- results ------------------------------------------------------------------------------

    def nothing(self) -> Result:
        return Result(np.zeros(self.space.size, bool), np.zeros(self.space.size))

    def everything(self) -> Result:
        return Result(np.ones(self.space.size, bool), np.zeros(self.space.size))

    def evaluate(self, q: Q.Query) -> Result:
        rule = _RULES.get(type(q))
        if rule is None:
            rule = next((r for kind, r in _RULES.items() if isinstance(q, kind)), Evaluator._fallback)
        return rule(self, q)

    # -- leaves ---------------------------------------------------------------------------------

    def _term(self, q: Q.Term) -> Result:
        return self._scored(q.fieldname, [self._text(q.fieldname, q.text)], q.boost)

    def _multiterm(self, q) -> Result:
        """A prefix, wildcard, fuzzy word or range: all its words' postings as one term."""
        return self._scored(q.fieldname, list(q._btexts(self.reader)), q.boost)

    def _scored(self, field: str, texts: list[bytes], boost: float) -> Result:
        slots, weights = self._postings(field, texts)
        tf = np.bincount(slots, weights=weights, minlength=self.space.size)
        mask = tf > 0
        if not mask.any():
            return self.nothing()
        df = int(mask.sum())
        if self.space.doc_frequency is not None:
            df = max(sum(self.space.doc_frequency(field, t, mask) for t in texts), df)
        return Result(mask, self._bm25(field, tf, mask, df) * boost)

    def _postings(self, field: str, texts: list[bytes], with_positions: bool = False):
        slots, weights = [], []
        for text in texts:
            found = read_postings(self.reader, field, text, within=self.space.within)
            s = self.space.slot_of[found.docs]
            keep = s != NO_SLOT
            slots.append(s[keep])
            weights.append(found.weights[keep])
        if not slots:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        return np.concatenate(slots), np.concatenate(weights)

    def _bm25(self, field: str, tf: np.ndarray, mask: np.ndarray, df: int) -> np.ndarray:
        idf = log(self.space.population / (df + 1)) + 1
        lengths = self._field_lengths(field)
        score = np.zeros(self.space.size)
        t, length = tf[mask], lengths[mask]
        score[mask] = idf * (t * (K1 + 1)) / (t + K1 * ((1 - B) + B * length / self._avg[field]))
        return score

    def _field_lengths(self, field: str) -> np.ndarray:
        if field not in self._lengths:
            lengths = self.space.lengths(field)
            self._lengths[field] = lengths
            self._avg[field] = float(lengths.mean()) if len(lengths) and lengths.any() else 1.0
        return self._lengths[field]

    def _phrase(self, q: Q.Phrase) -> Result:
        """Documents where the words follow each other (within ``slop``), by position arrays."""
        field, words = q.fieldname, [self._text(q.fieldname, w) for w in q.words]
        fmt = self.reader.schema[field].format if field in self.reader.schema else None
        if fmt is None or not fmt.supports("positions"):
            return self.evaluate(Q.And([Q.Term(field, w, boost=q.boost) for w in q.words]))
        lists = []
        for text in words:
            found = read_postings(self.reader, field, text, with_positions=True, within=self.space.within)
            lists.append(found)
            if not len(found.docs):
                return self.nothing()
        keys = [self._position_keys(found) for found in lists]
        common = keys[0]
        for offset, other in enumerate(keys[1:], start=1):
            common = common[_near(common, other, offset, q.slop)]
            if not len(common):
                return self.nothing()
        slots = self.space.slot_of[common >> POSITION_BITS]
        slots = slots[slots != NO_SLOT]
        tf = np.bincount(slots, minlength=self.space.size).astype(float)
        mask = tf > 0
        if not mask.any():
            return self.nothing()
        return Result(mask, self._bm25(field, tf, mask, int(mask.sum())) * q.boost)

    @staticmethod
    def _position_keys(found) -> np.ndarray:
        """One sortable key per occurrence: document number, then position."""
        return (np.repeat(found.docs, found.counts) << POSITION_BITS) + found.positions

    def _day_range(self, q: Q.NumericRange) -> Result:
        if self.space.days is None:
            return self.everything()
        days = self.space.days
        mask = days >= (q.start if q.start is not None else 1)
        if q.end is not None:
            mask &= days <= q.end
        return Result(mask, np.zeros(self.space.size))

    def _text(self, field: str, text) -> bytes:
        if isinstance(text, bytes):
            return text
        fieldobj = self.reader.schema[field] if field in self.reader.schema else None
        return fieldobj.to_bytes(text) if fieldobj is not None else text.encode("utf-8")

    # -- compounds ------------------------------------------------------------------------------

    def _and(self, q: Q.And) -> Result:
        result = self.everything()
        for sub in q.subqueries:
            part = self.evaluate(sub)
            result.mask &= part.mask
            result.score += part.score
            if not result.mask.any():
                return self.nothing()
        return self._boosted(result, q.boost)

    def _or(self, q: Q.Or) -> Result:
        result = self.nothing()
        for sub in q.subqueries:
            part = self.evaluate(sub)
            result.mask |= part.mask
            result.score += part.score
        return self._boosted(result, q.boost)

    def _dismax(self, q: Q.DisjunctionMax) -> Result:
        result = self.nothing()
        for sub in q.subqueries:
            part = self.evaluate(sub)
            result.mask |= part.mask
            result.score = np.maximum(result.score, part.score)
        return self._boosted(result, q.boost)

    def _not(self, q: Q.Not) -> Result:
        inner = self.evaluate(q.query)
        return Result(~inner.mask, np.zeros(self.space.size))

    def _and_not(self, q: Q.AndNot) -> Result:
        a, b = self.evaluate(q.a), self.evaluate(q.b)
        return Result(a.mask & ~b.mask, a.score)

    def _and_maybe(self, q: Q.AndMaybe) -> Result:
        a, b = self.evaluate(q.a), self.evaluate(q.b)
        return Result(a.mask, a.score + np.where(a.mask, b.score, 0))

    def _require(self, q: Q.Require) -> Result:
        a, b = self.evaluate(q.a), self.evaluate(q.b)
        return Result(a.mask & b.mask, a.score)

    def _otherwise(self, q: Q.Otherwise) -> Result:
        a = self.evaluate(q.a)
        return a if a.mask.any() else self.evaluate(q.b)

    def _wrapped(self, q) -> Result:
        return self._boosted(self.evaluate(q.child), getattr(q, "boost", 1.0))

    def _every(self, q) -> Result:
        return self.everything()

    def _null(self, q) -> Result:
        return self.nothing()

    @staticmethod
    def _boosted(result: Result, boost: float) -> Result:
        if boost != 1.0:
            result.score *= boost
        return result

    def _fallback(self, q: Q.Query) -> Result:
        """Whoosh's own matcher, for query types without a rule above."""
        result = self.nothing()
        matcher = q.matcher(self.searcher)
        while matcher.is_active():
            slot = self.space.slot_of[matcher.id()]
            if slot != NO_SLOT:
                result.mask[slot] = True
                result.score[slot] += matcher.score()
            matcher.next()
        return result


def _near(keys: np.ndarray, other: np.ndarray, offset: int, slop: int) -> np.ndarray:
    """Which of ``keys`` have an occurrence in ``other`` ``offset`` positions later
    (up to ``slop`` - 1 further), in the same document."""
    hits = np.zeros(len(keys), bool)
    for extra in range(max(1, slop)):
        hits |= np.isin(keys + offset + extra, other, assume_unique=False)
    return hits


def _numeric_range(self: Evaluator, q: Q.NumericRange) -> Result:
    return self._day_range(q) if q.fieldname == DAY_FIELD else self._fallback(q)


_RULES: dict[type, Callable[[Evaluator, Q.Query], Result]] = {
    Q.Term: Evaluator._term,
    Q.Phrase: Evaluator._phrase,
    Q.And: Evaluator._and,
    Q.Or: Evaluator._or,
    Q.DisjunctionMax: Evaluator._dismax,
    Q.Not: Evaluator._not,
    Q.AndNot: Evaluator._and_not,
    Q.AndMaybe: Evaluator._and_maybe,
    Q.Require: Evaluator._require,
    Q.Otherwise: Evaluator._otherwise,
    Q.NumericRange: _numeric_range,
    Q.Every: Evaluator._every,
    Q.qcore._NullQuery: Evaluator._null,
    Q.MultiTerm: Evaluator._multiterm,  # Prefix, Wildcard, FuzzyTerm, Regex, TermRange, Variations
    Q.WrappingQuery: Evaluator._wrapped,
}
