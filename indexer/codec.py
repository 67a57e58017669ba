"""A compact postings format for whoosh, and a reader that decodes whole posting lists at once.

Whoosh 2.7's own blocks pickle every document number, weight and position list as separate
Python objects (a body posting with positions cost ~19 bytes) and decode them one posting at a
time. ``CompactCodec`` keeps whoosh's segment layout, term dictionary and block headers, but
writes each block as typed arrays: document-number deltas, weights as small integers where they
are whole numbers, and the positions of all postings as one array; the positions are compressed
apart from the rest, so a search that needs no positions does not inflate them.

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


def _encode_values(values: list[bytes]) -> tuple[str, bytes, bytes] | None:
    if not values:
        return None
    lengths = [len(v) for v in values]
    code = _smallest_uint(max(lengths))
    return code, _pack(lengths, code), zlib.compress(b"".join(values), COMPRESSION)


class CompactPostingsWriter(W3PostingsWriter):
    def _write_block(self, last=False):
        if not self._blockcount:
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        # ids and weights compressed together; the values (positions) on their own
        head = dumps((_encode_ids(self._ids), _encode_weights(self._weights)), 4)
        data = dumps((zlib.compress(head, COMPRESSION), _encode_values(self._values)), 4)
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
        ids, weights = loads(zlib.decompress(head))
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
        code, lengths, blob = packed
        blob = zlib.decompress(blob)
        values, start = [], 0
        for n in _unpack(lengths, code):
            values.append(blob[start:start + n])
            start += n
        self._values = tuple(values)


class CompactCodec(W3Codec):
    """Whoosh's W3 segment layout with compact posting blocks (see the module docstring)."""

    def __init__(self, blocklimit=BLOCK_POSTINGS, compression=COMPRESSION, inlinelimit=1):
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
