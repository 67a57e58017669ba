"""Facet counts (indexer.facets) are the letters counted one by one: each facet over the letters
that match and pass every filter but its own."""
import numpy as np
import pytest

from indexer import facets as facet_counts
from indexer.fields import FACETS


class Letters:
    """Facet columns of made letters: a code per letter (-1: no value)."""

    def __init__(self, rng, count):
        self.columns = {facet.name: ([f"{facet.name}-{i}" for i in range(7)], rng.integers(-1, 7, count))
                        for facet in FACETS}

    def facet(self, name):
        return self.columns[name]


def counted_one_by_one(letters, matched, filters, name):
    values, codes = letters.facet(name)
    tally = {}
    for slot in range(len(codes)):
        passes = all(allowed[slot] for other, allowed in filters.items() if other != name)
        if matched[slot] and passes and codes[slot] >= 0:
            tally[values[codes[slot]]] = tally.get(values[codes[slot]], 0) + 1
    return tally


def test_each_facet_counts_the_matching_letters_that_pass_every_filter_but_its_own():
    rng = np.random.default_rng(7)
    letters = Letters(rng, 400)
    matched = rng.random(400) < 0.7
    names = [facet.name for facet in FACETS]
    for filtered in ([], names[:1], names[1:3], names + ["period"]):
        filters = {name: rng.random(400) < 0.5 for name in filtered}
        counts = facet_counts.count(letters, matched, filters)
        for name in names:
            assert dict(counts[name]) == counted_one_by_one(letters, matched, filters, name), (filtered, name)


@pytest.mark.parametrize("wanted", [[], ["v-3"], ["v-1", "v-4", "geen-waarde"], [f"v-{i}" for i in range(8, 20)]])
def test_a_filter_lets_through_the_letters_with_any_of_its_values(wanted):
    """Compared value by value for a few values, looked up by code for many; a letter
    without a value (-1) never passes."""
    from indexer.doctable import DocTable

    rng = np.random.default_rng(3)
    values, codes = [f"v-{i}" for i in range(20)], rng.integers(-1, 20, 500).astype(np.int32)
    table = DocTable.__new__(DocTable)  # only the facet column: no index needed
    table._facets = {"ministry": (values, codes)}
    expected = [code >= 0 and values[code] in wanted for code in codes.tolist()]
    assert table.with_values("ministry", wanted).tolist() == expected
