"""Facet counts that count letters and respect the other filters.

A facet's own filter is left out when counting it (disjunctive faceting): with
"ministry = JenV" active, the ministry facet still shows the other ministries and how many
letters choosing them (OR) would add, while every other facet counts within JenV.
Filters and matches are masks over the letters; counting a facet is one ``bincount`` of its
value codes over the letters that match and pass the other filters (found once for all the
facets that have no filter of their own).
"""
from __future__ import annotations

import numpy as np

from .doctable import DocTable
from .fields import FACETS

MAX_VALUES = 50  # of a facet by letters counted; years are all kept, the page folds them into decades


def narrow(letters: np.ndarray, filters: dict[str, np.ndarray], leave_out: str | None = None) -> np.ndarray:
    """Mask of the letters that pass every filter except ``leave_out``."""
    letters = letters.copy()
    for name, allowed in filters.items():
        if name != leave_out:
            letters &= allowed
    return letters


def count(table: DocTable, matched: np.ndarray, filters: dict[str, np.ndarray]) -> dict[str, list[tuple[str, int]]]:
    """facet name -> [(value, letters)], most letters first (years: newest first)."""
    counts: dict[str, list[tuple[str, int]]] = {}
    unfiltered = None  # the letters every facet without a filter of its own counts in
    for facet in FACETS:
        values, codes = table.facet(facet.name)
        if facet.name in filters:
            within = codes[narrow(matched, filters, leave_out=facet.name)]
        else:
            if unfiltered is None:
                unfiltered = np.flatnonzero(narrow(matched, filters))
            within = codes[unfiltered]
        tally = np.bincount(within + 1, minlength=len(values) + 1)[1:]  # code -1: no value
        found = [(values[i], int(tally[i])) for i in np.flatnonzero(tally)]
        if facet.newest_first:
            found.sort(key=lambda item: item[0], reverse=True)
        else:
            found.sort(key=lambda item: (-item[1], item[0]))
            found = found[:MAX_VALUES]
        counts[facet.name] = found
    return counts
