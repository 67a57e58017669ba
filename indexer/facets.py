"""Facet counts that count letters and respect the other filters.

A facet's own filter is left out when counting it (disjunctive faceting): with
"ministry = JenV" active, the ministry facet still shows the other ministries and how many
letters choosing them (OR) would add, while every other facet counts within JenV.
Counting is set intersection: the letters that match, narrowed by the other filters, against
the letters that have each value.
"""
from __future__ import annotations

from .docsets import LetterSets
from .index import FACET_FIELDS

MAX_VALUES = 50


def narrow(letters: frozenset[int], filters: dict[str, frozenset[int]], leave_out: str | None = None) -> frozenset[int]:
    """The letters that pass every filter except ``leave_out``; smallest sets first."""
    for name, allowed in sorted(filters.items(), key=lambda item: len(item[1])):
        if name != leave_out:
            letters = letters & allowed
    return letters


def count(
    sets: LetterSets, reader, matched: frozenset[int], filters: dict[str, frozenset[int]]
) -> dict[str, list[tuple[str, int]]]:
    """facet name -> [(value, letters)], most letters first (years: newest first)."""
    counts: dict[str, list[tuple[str, int]]] = {}
    for name in FACET_FIELDS:
        within = narrow(matched, filters, leave_out=name)
        values = [
            (value, len(within & having) if len(within) < len(having) else len(having & within))
            for value, having in sets.facet_values(reader, name).items()
        ]
        values = [(value, n) for value, n in values if n]
        if name == "year":
            values.sort(key=lambda item: item[0], reverse=True)
        else:
            values.sort(key=lambda item: (-item[1], item[0]))
        counts[name] = values[:MAX_VALUES]
    return counts
