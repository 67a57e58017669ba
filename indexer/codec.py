"""A compact postings format for whoosh, and a reader that decodes whole posting lists at once.

Whoosh 2.7's own blocks pickle every document number, weight and position list as separate
Python objects (a body posting with positions cost ~19 bytes) and decode them one posting at a
time. ``CompactCodec`` keeps whoosh's segment layout, term dictionary and block headers, but
writes each block as typed arrays in the narrowest integer type that holds them: document-number
deltas, weights (small integers where they are whole numbers), and the position deltas of all
postings as one array, compressed apart from the rest, so a search that needs no positions
does not inflate them. Single-posting terms live in the term dictionary (no block at all).

Whoosh reads these blocks through ``CompactLeafMatcher`` (so every whoosh query still works);
``indexer.postings`` decodes a whole posting list at once into numpy arrays.
"""
from __future__ import annotations

import sys
import zlib
from array import array
from itertools import accumulate
from pickle import dumps, loads

from whoosh.codec.whoosh3 import (
    WHOOSH3_HEADER_MAGIC,
    W3Codec,
    W3LeafMatcher,
    W3PostingsWriter,
)
from whoosh.formats import Positions
from whoosh.matching import ListMatcher
from whoosh.util.numlists import delta_encode
from whoosh.util.numeric import length_to_byte

BLOCK_POSTINGS = 512  # whoosh's default is 128; bigger blocks mean fewer headers to decode
COMPRESSION = 3
LITTLE_ENDIAN = sys.byteorder == "little"

# one-letter array typecodes in order of width
_UINT_CODES = (("B", 0xFF), ("H", 0xFFFF), ("I", 0xFFFFFFFF))
POSITIONS, RAW = "P", "R"  # kinds of block values


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
    return next(code for code, top in _UINT_CODES if largest <= top)


class CompactPositions(Positions):
    """Positions as a little-endian uint32 array per posting (whoosh pickles a list of deltas).
    The codec joins the arrays of a block into one, which compresses well."""

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

def _encode_ids(ids) -> tuple[str, bytes]:
    deltas = list(delta_encode(ids))
    code = _smallest_uint(max(deltas))
    return code, _pack(deltas, code)


def _encode_weights(weights) -> tuple[str, bytes] | None:
    if all(w == 1.0 for w in weights):
        return None
    if all(w == int(w) and 0 <= w <= 0xFFFF for w in weights):
        ints = [int(w) for w in weights]
        code = _smallest_uint(max(ints))
        return code, _pack(ints, code)
    return "f", _pack(weights, "f")


def _encode_values(values: list[bytes]) -> tuple | None:
    """A block's values: positions (CompactPositions) as per-posting deltas in the narrowest
    integer type, anything else as lengths and one joined string."""
    if not values:
        return None
    if all(len(v) % 4 == 0 for v in values):
        counts, deltas = [], []
        for value in values:
            previous = 0
            positions = _unpack(value, "I")
            counts.append(len(positions))
            for position in positions:
                deltas.append(position - previous)
                previous = position
        ccode, dcode = _smallest_uint(max(counts)), _smallest_uint(max(deltas, default=0))
        return POSITIONS, ccode, squeeze(_pack(counts, ccode)), dcode, squeeze(_pack(deltas, dcode))
    lengths = [len(v) for v in values]
    code = _smallest_uint(max(lengths))
    return RAW, code, _pack(lengths, code), squeeze(b"".join(values))


def squeeze(data: bytes) -> bytes:
    """zlib-compressed behind a b"z", or as it is behind b"=" where compressing does not pay."""
    packed = zlib.compress(data, COMPRESSION)
    return b"z" + packed if len(packed) < len(data) else b"=" + data


def unsqueeze(data: bytes) -> bytes:
    return zlib.decompress(data[1:]) if data[:1] == b"z" else data[1:]


class CompactPostingsWriter(W3PostingsWriter):
    def finish_postings(self):
        # whoosh 2.7's own version calls a misspelt terminfo.set_inline() when it inlines
        if not self.written() and len(self) < self._inlinelimit:
            terminfo, self._terminfo = self._terminfo, None
            terminfo.add_block(self)
            # one value per posting, empty for formats without values, as merging reads them
            values = self._values or [b""] * len(self._ids)
            terminfo.set_inlined(self._ids, self._weights, values)
            return terminfo
        return super().finish_postings()

    def _write_block(self, last=False):
        if not self._blockcount:
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        # ids and weights compressed together; the values (positions) on their own
        head = dumps((_encode_ids(self._ids), _encode_weights(self._weights)), 4)
        data = dumps((squeeze(head), _encode_values(self._values)), 4)
        info = dumps(
            (len(self._ids), self._ids[-1], self._maxweight, 0,
             length_to_byte(self._minlength), length_to_byte(self._maxlength)),
            2,
        )
        size = len(info) + len(data)
        self._postfile.write_int(-size if last else size)
        self._postfile.write(info)
        self._postfile.write(data)
        self._blockcount += 1
        self._new_block()


# --- reading, one posting at a time (whoosh's matchers) ------------------------------------

class CompactLeafMatcher(W3LeafMatcher):
    def _read_data(self):
        raw = self._postfile.get(self._dataoffset, self._nextoffset - self._dataoffset)
        head, values = loads(raw)
        ids, weights = loads(unsqueeze(head))
        self._data = (ids, weights, values)

    def _read_ids(self):
        if self._data is None:
            self._read_data()
        code, data = self._data[0]
        self._ids = tuple(accumulate(_unpack(data, code)))

    def _read_weights(self):
        if self._data is None:
            self._read_data()
        packed = self._data[1]
        if packed is None:
            self._weights = array("f", [1.0]) * self._blocklength
        else:
            self._weights = array("f", _unpack(packed[1], packed[0]))

    def _read_values(self):
        if self._data is None:
            self._read_data()
        packed = self._data[2]
        if packed is None:
            self._values = (None,) * self._blocklength
            return
        if packed[0] == POSITIONS:
            _, ccode, counts, dcode, deltas = packed
            deltas = iter(_unpack(unsqueeze(deltas), dcode))
            self._values = tuple(
                _pack(accumulate(next(deltas) for _ in range(n)), "I") for n in _unpack(unsqueeze(counts), ccode)
            )
            return
        _, code, lengths, blob = packed
        blob = unsqueeze(blob)
        values, start = [], 0
        for n in _unpack(lengths, code):
            values.append(blob[start:start + n])
            start += n
        self._values = tuple(values)


class CompactCodec(W3Codec):
    """Whoosh's W3 segment layout with compact posting blocks (see the module docstring)."""

    def __init__(self, blocklimit=BLOCK_POSTINGS, compression=COMPRESSION, inlinelimit=2):
        super().__init__(blocklimit=blocklimit, compression=compression, inlinelimit=inlinelimit)

    def postings_writer(self, dbfile, byteids=False):
        if byteids:  # term vectors: not used by Kamerzoek, keep whoosh's own format
            return super().postings_writer(dbfile, byteids)
        return CompactPostingsWriter(
            dbfile, blocklimit=self._blocklimit, byteids=False,
            compression=self._compression, inlinelimit=self._inlinelimit,
        )

    def postings_reader(self, dbfile, terminfo, format_, term=None, scorer=None):
        if terminfo.is_inlined():
            ids, weights, values = terminfo.inlined_postings()
            return ListMatcher(ids, weights, values, format_, scorer=scorer, term=term, terminfo=terminfo)
        offset, _ = terminfo.extent()
        return CompactLeafMatcher(dbfile, offset, None, format_, term=term, scorer=scorer)
