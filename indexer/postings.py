"""Whole posting lists as numpy arrays, decoded a block at a time (not a posting at a time).

The blocks come from ``indexer.whoosh_internals`` and are decoded by ``indexer.codec``;
posting lists that are no compact blocks (inlined ones, or segments of whoosh's own codec)
are read through whoosh's matcher.
"""
from __future__ import annotations

import numpy as np

from .whoosh_internals import compact_blocks, raw_postings


class Postings:
    """A posting list as arrays: global document numbers, weights, and (when asked for)
    the positions of every posting, flat, with a count per posting."""

    __slots__ = ("docs", "weights", "counts", "positions")

    def __init__(self, docs, weights, counts=None, positions=None):
        self.docs, self.weights, self.counts, self.positions = docs, weights, counts, positions

    @classmethod
    def empty(cls, with_positions: bool = False) -> "Postings":
        none = np.zeros(0, np.int64)
        return cls(none, np.zeros(0, np.float32), none if with_positions else None, none if with_positions else None)

    @classmethod
    def joined(cls, parts: list["Postings"], with_positions: bool) -> "Postings":
        if not parts:
            return cls.empty(with_positions)
        if len(parts) == 1:
            return parts[0]
        cat = lambda name: np.concatenate([getattr(p, name) for p in parts])  # noqa: E731
        return cls(cat("docs"), cat("weights"), *((cat("counts"), cat("positions")) if with_positions else ()))


def read_postings(reader, fieldname: str, text: bytes, with_positions: bool = False, within=None) -> Postings:
    """The whole posting list of a term over every segment of ``reader``, deleted documents
    included (the caller's document tables leave them out). ``within``, sorted (starts, ends)
    of inclusive document-number ranges, lets blocks that hold none of them go unread."""
    parts = []
    for segment, offset in reader.leaf_readers():
        if (fieldname, text) in segment:
            parts.append(_segment_postings(segment, offset, fieldname, text, with_positions, within))
    return Postings.joined(parts, with_positions)


def _overlaps(within, first: int, last: int) -> bool:
    if within is None:
        return True
    starts, ends = within
    i = np.searchsorted(ends, first)  # the first range that ends at or after ``first``
    return i < len(starts) and starts[i] <= last


def _segment_postings(segment, offset: int, fieldname: str, text: bytes, with_positions: bool, within) -> Postings:
    blocks = compact_blocks(segment, fieldname, text)
    if blocks is None:
        return _via_matcher(segment, offset, fieldname, text, with_positions)
    parts, first_id = [], 0
    for ref in blocks:
        if _overlaps(within, first_id + offset, ref.last_id + offset):
            block = ref.read()
            found = Postings(block.ids + offset, block.weights)
            if with_positions:
                found.counts, found.positions = block.positions()
            parts.append(found)
        first_id = ref.last_id + 1
    return Postings.joined(parts, with_positions)


def _via_matcher(segment, offset, fieldname, text, with_positions) -> Postings:
    """Any other posting list (inlined ones, or segments written by whoosh's own codec)."""
    fmt = segment.schema[fieldname].format
    matcher = raw_postings(segment, fieldname, text)
    docs, weights, counts, positions = [], [], [], []
    while matcher.is_active():
        docs.append(matcher.id())
        weights.append(matcher.weight())
        if with_positions:
            found = fmt.decode_positions(matcher.value()) if fmt.supports("positions") else []
            counts.append(len(found))
            positions.extend(found)
        matcher.next()
    result = Postings(np.asarray(docs, np.int64) + offset, np.asarray(weights, np.float32))
    if with_positions:
        result.counts, result.positions = np.asarray(counts, np.int64), np.asarray(positions, np.int64)
    return result
