"""Facet counts that count letters and respect the other filters.

A facet's own filter is left out when counting it (disjunctive faceting): with
"ministry = JenV" active, the ministry facet still shows the other ministries and how many
letters choosing them (OR) would add, while every other facet counts within JenV.
"""
from __future__ import annotations

from whoosh import query as Q
from whoosh import sorting

from .index import FACET_FIELDS

MAX_VALUES = 50


def count(searcher, base_query: Q.Query, filters: dict[str, Q.Query]) -> dict[str, list[tuple[str, int]]]:
    """facet name -> [(value, letters)], most letters first (years: newest first)."""
    counts: dict[str, list[tuple[str, int]]] = {}
    # Facets without an active filter of their own share one counting pass.
    shared = [name for name in FACET_FIELDS if name not in filters]
    passes = [(shared, filters)] + [
        ([name], {k: v for k, v in filters.items() if k != name}) for name in FACET_FIELDS if name in filters
    ]
    for names, active in passes:
        if not names:
            continue
        q = Q.And([base_query, *active.values()]).normalize()
        groups = {name: sorting.FieldFacet(FACET_FIELDS[name], maptype=sorting.Count) for name in names}
        results = searcher.search(q, limit=1, groupedby=groups)
        for name in names:
            values = [(value, n) for value, n in results.groups(name).items() if value]
            if name == "year":
                values.sort(key=lambda item: item[0], reverse=True)
            else:
                values.sort(key=lambda item: (-item[1], item[0]))
            counts[name] = values[:MAX_VALUES]
    return counts
