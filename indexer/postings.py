"""Whole posting lists as numpy arrays, decoded a block at a time (not a posting at a time).

Reads the blocks ``indexer.codec.CompactCodec`` writes; posting lists it did not write
(inlined ones, or segments of whoosh's own codec) are read through whoosh's matcher.
"""
from __future__ import annotations

import io
import pickle

import numpy as np
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC
from whoosh.system import _INT_SIZE

from .codec import POSITIONS, CompactCodec, unsqueeze

_NUMPY = {"B": "<u1", "H": "<u2", "I": "<u4", "f": "<f4"}  # array typecodes as little-endian dtypes


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


def read_postings(reader, fieldname: str, text: bytes, with_positions: bool = False, within=None) -> Postings:
    """The whole posting list of a term over every segment of ``reader``, deleted documents
    included (the caller's document tables leave them out). ``within``, sorted (starts, ends)
    of inclusive document-number ranges, lets blocks that hold none of them go unread."""
    parts = []
    for segment, offset in reader.leaf_readers():
        if (fieldname, text) not in segment:
            continue
        parts.append(_segment_postings(segment, offset, fieldname, text, with_positions, within))
    if not parts:
        return Postings.empty(with_positions)
    if len(parts) == 1:
        return parts[0]
    cat = lambda name: np.concatenate([getattr(p, name) for p in parts])  # noqa: E731
    return Postings(cat("docs"), cat("weights"), *( (cat("counts"), cat("positions")) if with_positions else ()))


def _overlaps(within, first: int, last: int) -> bool:
    if within is None:
        return True
    starts, ends = within
    i = np.searchsorted(ends, first)  # the first range that ends at or after ``first``
    return i < len(starts) and starts[i] <= last


def _segment_postings(segment, offset: int, fieldname: str, text: bytes, with_positions: bool, within) -> Postings:
    terms = segment._terms  # whoosh keeps the term reader private; its API is stable in 2.7
    info = terms.term_info(fieldname, text)
    fmt = segment.schema[fieldname].format
    if info.is_inlined() or not isinstance(terms._codec, CompactCodec):
        return _via_matcher(segment, offset, fieldname, text, fmt, with_positions)
    postfile = terms._postfile
    start, _ = info.extent()
    position = start + len(WHOOSH3_HEADER_MAGIC)
    docs, weights, counts, positions = [], [], [], []
    first_id = 0
    while True:
        length = postfile.get_int(position)
        last = length < 0
        length = abs(length)
        raw = postfile.get(position + _INT_SIZE, length)
        position += _INT_SIZE + length
        block_info, data_at = _load_pickle_with_end(raw)
        n, max_id = block_info[0], block_info[1]
        if not _overlaps(within, first_id + offset, max_id + offset):
            first_id = max_id + 1
            if last:
                break
            continue
        first_id = max_id + 1
        head, values = pickle.loads(raw[data_at:])
        (idcode, idbytes), packed_weights = pickle.loads(unsqueeze(head))
        docs.append(np.cumsum(np.frombuffer(idbytes, _NUMPY[idcode]), dtype=np.int64))
        if packed_weights is None:
            weights.append(np.ones(n, np.float32))
        else:
            weights.append(np.frombuffer(packed_weights[1], _NUMPY[packed_weights[0]]).astype(np.float32))
        if with_positions:
            block_counts, block_positions = _positions(values)
            counts.append(block_counts)
            positions.append(block_positions)
        if last:
            break
    if not docs:
        return Postings.empty(with_positions)
    found = Postings(np.concatenate(docs) + offset, np.concatenate(weights))
    if with_positions:
        found.counts, found.positions = np.concatenate(counts), np.concatenate(positions)
    return found


def _positions(values) -> tuple[np.ndarray, np.ndarray]:
    """(count per posting, positions) from a block's per-posting position deltas."""
    if values is None or values[0] != POSITIONS:
        raise ValueError("this block holds no positions")
    _, ccode, counts, dcode, deltas = values
    counts = np.frombuffer(unsqueeze(counts), _NUMPY[ccode]).astype(np.int64)
    deltas = np.frombuffer(unsqueeze(deltas), _NUMPY[dcode]).astype(np.int64)
    running = np.cumsum(deltas)
    if not len(deltas):
        return counts, deltas
    first = np.minimum(np.cumsum(counts) - counts, len(deltas) - 1)  # each posting's first position
    before = running[first] - deltas[first]
    return counts, running - np.repeat(before, counts)


def _load_pickle_with_end(raw: bytes):
    """The block info pickle at the start of ``raw`` and the offset where it ends."""
    stream = io.BytesIO(raw)
    value = pickle.load(stream)
    return value, stream.tell()


def _via_matcher(segment, offset, fieldname, text, fmt, with_positions) -> Postings:
    """Any other posting list (inlined ones, or segments written by whoosh's own codec)."""
    matcher = segment.postings(fieldname, text)
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
