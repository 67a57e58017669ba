"""Sets of letter documents, built once per index generation and shared by every search.

Facet filters, facet counts and the from/to date range are set operations on these (done in
C by Python's frozenset) instead of extra whoosh searches: counting a facet is then one
intersection per value, and a date range is a slice of the letters sorted by date. A new
commit gives a new generation, and so new sets.
"""
from __future__ import annotations

import datetime as _dt
import threading
from bisect import bisect_left, bisect_right
from itertools import chain
from typing import Iterable

from .index import DAY_FIELD, FACET_FIELDS

NO_DAY = 0  # the day column's value for a letter without a date


class LetterSets:
    def __init__(self, reader):
        self.generation = reader.generation()
        self.letters = frozenset(_ids(reader, "kind", "letter"))
        self._facets: dict[str, dict[str, frozenset[int]]] = {}
        self._by_day: tuple[list[int], list[int]] | None = None  # (days, docnums) sorted by day
        self._lock = threading.Lock()

    def facet_values(self, reader, name: str) -> dict[str, frozenset[int]]:
        """value -> the letters that have it, for one facet."""
        with self._lock:
            if name not in self._facets:
                field = FACET_FIELDS[name]
                self._facets[name] = {
                    text.decode("utf-8"): frozenset(_ids(reader, field, text))
                    for text in reader.lexicon(field)
                    if text
                }
            return self._facets[name]

    def with_values(self, reader, name: str, values: Iterable[str]) -> frozenset[int]:
        """The letters with any of these values (values of one facet combine with OR)."""
        sets = self.facet_values(reader, name)
        found: set[int] = set()
        for value in values:
            found |= sets.get(value, frozenset())
        return frozenset(found)

    def dated_between(self, reader, start: _dt.date | None, end: _dt.date | None) -> frozenset[int]:
        days, docs = self._days(reader)
        lo = bisect_left(days, start.toordinal() if start else NO_DAY + 1)
        hi = bisect_right(days, end.toordinal()) if end else len(days)
        return frozenset(docs[lo:hi])

    def by_date(self, reader, among: frozenset[int], newest_first: bool, limit: int) -> list[int]:
        """The first ``limit`` letters of ``among`` in date order; undated letters last."""
        days, docs = self._days(reader)
        dated = range(len(docs) - 1, -1, -1) if newest_first else range(len(docs))
        ordered = (docs[i] for i in dated if days[i] != NO_DAY)
        undated = (doc for day, doc in zip(days, docs) if day == NO_DAY)
        picked: list[int] = []
        for doc in chain(ordered, undated):
            if doc in among:
                picked.append(doc)
                if len(picked) >= limit:
                    break
        return picked

    def _days(self, reader) -> tuple[list[int], list[int]]:
        with self._lock:
            if self._by_day is None:
                column = reader.column_reader(DAY_FIELD)
                pairs = sorted((column[doc] or NO_DAY, doc) for doc in self.letters)
                self._by_day = ([day for day, _ in pairs], [doc for _, doc in pairs])
            return self._by_day


def _ids(reader, field: str, text) -> Iterable[int]:
    if (field, text) not in reader:
        return ()
    return reader.postings(field, text).all_ids()


class LetterSetCache:
    """The sets of the two newest generations (threads may still search the older one
    while others have moved on after a commit)."""

    KEEP = 2

    def __init__(self):
        self._sets: dict[int, LetterSets] = {}
        self._lock = threading.Lock()

    def for_reader(self, reader) -> LetterSets:
        generation = reader.generation()
        with self._lock:
            if generation not in self._sets:
                self._sets[generation] = LetterSets(reader)
                for old in sorted(self._sets)[: -self.KEEP]:
                    del self._sets[old]
            return self._sets[generation]
