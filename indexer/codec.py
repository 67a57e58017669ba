"""The compact posting block format: the one place that encodes and decodes its bytes.

Whoosh 2.7's own blocks pickle every document number, weight and position list as separate
Python objects (a body posting with positions cost ~19 bytes) and decode them one posting at a
time. A compact block holds typed arrays in the narrowest integer type that holds them:
document-number deltas, weights (small integers where they are whole numbers), and the
position deltas of its postings, compressed apart from the rest (a search that needs no
positions does not inflate them) in chunks of a few postings (the passages of a page of hits
inflate only the chunks of their letters). What every search inflates (document numbers,
weights, positions and their counts) is compressed with lz4, quick to inflate; the values of
other formats with zlib, which packs tighter. Every piece says how it is compressed, so an
index written with zlib reads as before.

``encode_block`` writes a block's data, ``decode_block`` reads it back as numpy arrays, and
``CompactPositions`` is the value format of one posting's positions. Whoosh's segment layout
around the blocks (term dictionary, block framing, matchers) is reached only through
``indexer.whoosh_internals``, which calls these functions.
"""
from __future__ import annotations

import pickle
import sys
import zlib
from array import array
from itertools import accumulate, chain
from typing import TYPE_CHECKING

from lz4 import block as lz4_block
from whoosh.formats import Positions

if TYPE_CHECKING:  # numpy is imported where blocks are read: an indexing run that only writes them does without
    import numpy as np

BLOCK_POSTINGS = 4096  # whoosh's default is 128; bigger blocks mean fewer headers to decode
POSITION_CHUNK = 64  # postings whose positions are compressed together
ARRAY_POSITIONS = 2048  # a block with this many positions or more is encoded with numpy
COMPRESSION = 3
_ZLIB_LEAST = 8  # bytes: zlib's header and checksum alone; no input compresses below it
LITTLE_ENDIAN = sys.byteorder == "little"

# each one-letter array typecode as a little-endian numpy dtype
_NUMPY = {"B": "<u1", "H": "<u2", "I": "<u4", "f": "<f4"}
_CHUNKED, _RAW = "C", "R"  # kinds of block values: positions in chunks of postings; anything else


def _pack(values, typecode: str) -> bytes:
    arr = array(typecode, values)
    if not LITTLE_ENDIAN:
        arr.byteswap()
    return arr.tobytes()


def _unpack(data: bytes, typecode: str) -> array:
    arr = array(typecode)
    arr.frombytes(data)
    if not LITTLE_ENDIAN:
        arr.byteswap()
    return arr


def _smallest_uint(largest: int) -> str:
    """The narrowest unsigned array typecode that holds ``largest``."""
    if largest <= 0xFF:
        return "B"
    if largest <= 0xFFFF:
        return "H"
    if largest <= 0xFFFFFFFF:
        return "I"
    raise ValueError(f"{largest} does not fit in 32 bits")


def _squeeze(data: bytes) -> bytes:
    """zlib-compressed behind a b"z", or as it is behind b"=" where compressing does not pay."""
    if len(data) <= _ZLIB_LEAST:  # a third of a small segment's pieces: zlib cannot win
        return b"=" + data
    packed = zlib.compress(data, COMPRESSION)
    return b"z" + packed if len(packed) < len(data) else b"=" + data


# lz4 leaves a block's last 5 bytes as they are and starts no match in its last 12, so it
# cannot shorten fewer than 13 bytes (and adds 4 for the size): half of a commit's pieces
_LZ4_LEAST = 13


def _squeeze_fast(data: bytes) -> bytes:
    """What searches inflate on every read (a block's document numbers and weights, its
    positions and their counts): lz4-compressed behind b"l", or as it is behind b"=". A
    phrase inflates the positions of every letter holding its words, and zlib inflated them
    at a third of a common phrase's time at 150,000 letters; lz4 inflates them 16x faster,
    the chunks a third larger than zlib's (4.34 MB against 3.31 for "tweede kamer"). Block
    heads inflated with zlib were 6 % of the searches' profile at 150,000 letters; in lz4
    they are a third larger (+2.4 % of the index at 10,000 letters)."""
    if len(data) < _LZ4_LEAST:
        return b"=" + data
    packed = lz4_block.compress(data, store_size=True)
    return b"l" + packed if len(packed) < len(data) else b"=" + data


def _unsqueeze(data) -> bytes:
    """``data``: bytes, or a memoryview of them (b"z": zlib, b"l": lz4, b"=": as it is)."""
    kind = data[:1]
    if kind == b"z":
        return zlib.decompress(data[1:])
    if kind == b"l":
        return lz4_block.decompress(data[1:])
    return bytes(data[1:])


class Analysed(tuple):
    """A text's terms as ``CompactPositions.word_values`` gives them, each (term, frequency,
    weight, value), worked out before the document reaches the writer
    (``layout.analysed_document``): the writer takes them as they are."""


class CompactPositions(Positions):
    """Positions as a little-endian uint32 array per posting (whoosh pickles a list of deltas).
    A block joins the arrays of its postings into one, which compresses well."""

    def word_values(self, value, analyzer, **kwargs):
        """(term, frequency, weight, positions) of each term of ``value``: when indexing with a
        chain that looks at one word at a time, each distinct word is analysed once
        (``indexer.wordwise``); otherwise as whoosh does it."""
        from .wordwise import index_positions

        if isinstance(value, Analysed):
            yield from value
            return
        found = index_positions(analyzer, value) if kwargs.get("mode") == "index" and isinstance(value, str) else None
        if found is None:
            yield from super().word_values(value, analyzer, **kwargs)
            return
        boost = self.field_boost
        for term, positions in found.items():
            yield term, len(positions), len(positions) * boost, _pack(positions, "I")

    def encode(self, poslist):
        return _pack(poslist, "I")

    def decode_positions(self, valuestring):
        return list(_unpack(valuestring, "I"))

    def decode_frequency(self, valuestring):
        return len(valuestring) // 4

    def decode_weight(self, valuestring):
        return self.decode_frequency(valuestring) * self.field_boost

    def combine(self, vs):
        return self.encode(sorted({p for v in vs for p in self.decode_positions(v)}))


# --- writing -------------------------------------------------------------------------------

def encode_block(ids, weights, values: list[bytes], chunk: int = POSITION_CHUNK) -> bytes:
    """The data of one block: ascending document numbers, their weights, and each posting's
    value (``CompactPositions`` bytes, or any other format's bytes); positions compressed in
    chunks of ``chunk`` postings, so the positions of a few documents are read alone."""
    head = pickle.dumps((_encode_ids(ids), _encode_weights(weights)), 4)
    return pickle.dumps((_squeeze_fast(head), _encode_values(values, chunk)), 4)


class PostingOrderError(ValueError):
    """A posting list's documents do not ascend: written, every reader would misread it."""


def require_ascending(ids) -> list[int]:
    """The steps between a posting list's documents; ``PostingOrderError`` unless each is at
    least 1."""
    steps = [b - a for a, b in zip(ids, ids[1:])]
    if steps and min(steps) < 1:
        raise PostingOrderError(f"a posting list's documents do not ascend: {list(ids[:20])}...")
    return steps


def _encode_ids(ids) -> tuple[str, bytes]:
    deltas = [ids[0], *require_ascending(ids)]
    code = _smallest_uint(max(deltas))
    return code, _pack(deltas, code)


def _encode_weights(weights) -> tuple[str, bytes] | None:
    if weights.count(1.0) == len(weights):  # a list, or whoosh's array of floats
        return None
    if all(w == int(w) and 0 <= w <= 0xFFFF for w in weights):
        ints = [int(w) for w in weights]
        code = _smallest_uint(max(ints))
        return code, _pack(ints, code)
    return "f", _pack(weights, "f")


def _encode_values(values: list[bytes], chunk: int) -> tuple | None:
    """A block's values: positions (CompactPositions) as per-posting deltas in the narrowest
    integer type, compressed per chunk of postings; anything else as lengths and one joined
    string."""
    if not values:
        return None
    lengths = list(map(len, values))
    if not any(n % 4 for n in lengths):
        counts = [n >> 2 for n in lengths]
        if sum(counts) >= ARRAY_POSITIONS:
            return _encode_positions(b"".join(values), counts, chunk)
        return _encode_few_positions(values, counts, chunk)
    code = _smallest_uint(max(lengths))
    return _RAW, code, _pack(lengths, code), _squeeze(b"".join(values))


def _encode_few_positions(values: list[bytes], counts: list[int], chunk: int) -> tuple:
    """``_encode_positions`` for a block of a few positions, where numpy's set-up per call
    would cost more than the loop: one pass over all of them, then each posting's first
    position put back in place of its delta."""
    positions = _unpack(b"".join(values), "I")
    deltas = [b - a for a, b in zip(chain((0,), positions), positions)]
    starts = [0, *accumulate(counts)]
    for start, count in zip(starts, counts):
        if count:
            deltas[start] = positions[start]
    dcode = _smallest_uint(max(deltas, default=0))
    bounds = [*starts[:-1:chunk], starts[-1]]  # where each chunk of postings starts, and the end
    chunks = [_squeeze_fast(_pack(deltas[a:b], dcode)) for a, b in zip(bounds, bounds[1:])]
    return _chunked(counts, dcode, chunk, chunks)


def _encode_positions(joined: bytes, counts: list[int], chunk: int) -> tuple:
    """The postings' positions (``joined``: each posting's uint32 array, one after another)
    as deltas from the posting's previous position, the first from 0: as arrays, since a
    common word's block holds tens of thousands of positions."""
    import numpy as np

    positions = np.frombuffer(joined, "<u4").astype(np.int64)
    deltas = np.diff(positions, prepend=0)
    starts = np.cumsum(counts) - counts  # each posting's first position
    firsts = starts[np.asarray(counts) > 0]
    deltas[firsts] = positions[firsts]
    dcode = _smallest_uint(int(deltas.max()) if len(deltas) else 0)
    packed = deltas.astype(_NUMPY[dcode]).tobytes()
    width = np.dtype(_NUMPY[dcode]).itemsize
    bounds = [*(int(starts[i]) * width for i in range(0, len(counts), chunk)), len(packed)]
    return _chunked(counts, dcode, chunk, [_squeeze_fast(packed[a:b]) for a, b in zip(bounds, bounds[1:])])


def _chunked(counts: list[int], dcode: str, chunk: int, chunks: list[bytes]) -> tuple:
    ccode = _smallest_uint(max(counts))
    ends = _pack([0, *accumulate(len(c) for c in chunks)], "I")
    return _CHUNKED, ccode, _squeeze_fast(_pack(counts, ccode)), dcode, chunk, ends, b"".join(chunks)


# --- reading -------------------------------------------------------------------------------

class Block:
    """One decoded block: document numbers (within its segment) and weights as arrays; the
    values are decoded only when asked for. (numpy is imported where blocks are read, so an
    indexing run that only writes them does not carry it.)"""

    __slots__ = ("ids", "weights", "_values")

    def __init__(self, data: bytes):
        import numpy as np

        head, self._values = pickle.loads(data)
        (idcode, idbytes), packed_weights = pickle.loads(_unsqueeze(head))
        self.ids = np.cumsum(np.frombuffer(idbytes, _NUMPY[idcode]), dtype=np.int64)
        if packed_weights is None:
            self.weights = np.ones(len(self.ids), np.float32)
        else:
            self.weights = np.frombuffer(packed_weights[1], _NUMPY[packed_weights[0]]).astype(np.float32)

    def positions(self, select=None) -> tuple[np.ndarray, np.ndarray]:
        """(count per posting, the positions of all postings one after another), of every
        posting or of the postings at the sorted indexes ``select``."""
        import numpy as np

        if self._values is None or self._values[0] != _CHUNKED:
            raise ValueError("this block holds no positions")
        _, ccode, counts, dcode, chunk, ends, blob = self._values
        counts = np.frombuffer(_unsqueeze(counts), _NUMPY[ccode]).astype(np.int64)
        ends = np.frombuffer(ends, "<u4").tolist()
        chunks = memoryview(blob)  # sliced without copying
        if select is None:  # a common word's every position: no per-chunk bookkeeping
            raw = b"".join([_unsqueeze(chunks[a:b]) for a, b in zip(ends, ends[1:])])
            return counts, _running(counts, np.frombuffer(raw, _NUMPY[dcode]).astype(np.int64))
        wanted = distinct_sorted(np.asarray(select) // chunk).tolist()
        if not len(wanted):
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        covered = np.concatenate([np.arange(c * chunk, min((c + 1) * chunk, len(counts))) for c in wanted])
        raw = b"".join([_unsqueeze(chunks[ends[c]:ends[c + 1]]) for c in wanted])
        deltas = np.frombuffer(raw, _NUMPY[dcode]).astype(np.int64)
        return _selected(counts[covered], _running(counts[covered], deltas), covered, select)

    def values(self) -> tuple:
        """Each posting's value as the format encodes it (``CompactPositions`` bytes for
        positions; None for a format without values), as whoosh's matchers hand them out."""
        if self._values is None:
            return (None,) * len(self.ids)
        if self._values[0] == _CHUNKED:
            import numpy as np

            counts, positions = self.positions()
            ends = np.cumsum(counts)
            raw = positions.astype("<u4")
            return tuple(raw[end - n:end].tobytes() for n, end in zip(counts.tolist(), ends.tolist()))
        return _raw_values(self._values)


def decode_block(data: bytes) -> Block:
    return Block(data)


def block_postings(data: bytes) -> tuple[list[int], list[float], tuple]:
    """A block's document numbers, weights and values (as ``Block.values``), decoded without
    numpy: a merge copies every posting of a small segment, whose blocks hold a few postings
    each, where numpy's set-up per call costs more than the work."""
    head, packed_values = pickle.loads(data)
    ids, weights = _listed_head(head)
    if packed_values is None:
        return ids, weights, (None,) * len(ids)
    if packed_values[0] != _CHUNKED:
        return ids, weights, _raw_values(packed_values)
    _, ccode, counts, dcode, _, ends, blob = packed_values
    ends = _unpack(ends, "I")
    deltas = _unpack(b"".join(_unsqueeze(blob[a:b]) for a, b in zip(ends, ends[1:])), dcode)
    values, start = [], 0
    for count in _unpack(_unsqueeze(counts), ccode):
        values.append(_pack(accumulate(deltas[start:start + count]), "I"))
        start += count
    return ids, weights, tuple(values)


def block_ids_weights(data: bytes) -> tuple[list[int], list[float]]:
    """A block's document numbers and weights as lists, its values left alone: for the
    blocks of a few postings that the hundreds of rare words of a compound's forms have."""
    return _listed_head(pickle.loads(data)[0])


def _listed_head(head: bytes) -> tuple[list[int], list[float]]:
    (idcode, idbytes), packed_weights = pickle.loads(_unsqueeze(head))
    ids = list(accumulate(_unpack(idbytes, idcode)))
    if packed_weights is None:
        return ids, [1.0] * len(ids)
    return ids, [float(w) for w in _unpack(packed_weights[1], packed_weights[0])]


def _raw_values(packed: tuple) -> tuple[bytes, ...]:
    """The values of a block of a format other than positions: lengths, then one string."""
    _, code, lengths, blob = packed
    blob = _unsqueeze(blob)
    ends = list(accumulate(_unpack(lengths, code), initial=0))
    return tuple(blob[a:b] for a, b in zip(ends, ends[1:]))


def distinct_sorted(values):
    """The distinct values of an ascending array. (np.unique would sort them again, and its
    first call imports numpy.ma: tens of milliseconds of a server's first search.)"""
    import numpy as np

    return values[np.r_[True, values[1:] != values[:-1]]] if len(values) else values


def _running(counts, deltas):
    """Positions from per-posting deltas: a running sum that starts again at each posting."""
    import numpy as np

    if not len(deltas):
        return deltas
    running = np.cumsum(deltas)
    first = np.minimum(np.cumsum(counts) - counts, len(deltas) - 1)  # each posting's first position
    before = running[first] - deltas[first]
    return running - np.repeat(before, counts)


def _selected(counts, positions, postings, select):
    """(counts, positions) of the ``postings`` (ascending indexes) that are in ``select`` (all if
    None; ascending and among ``postings``: located by a binary search, where np.isin would
    sort both, ~40 µs of each page letter's positions)."""
    import numpy as np

    if select is None:
        return counts, positions
    keep = np.zeros(len(postings), bool)
    keep[np.searchsorted(postings, select)] = True
    return counts[keep], positions[np.repeat(keep, counts)]
