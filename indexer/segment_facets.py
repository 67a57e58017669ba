"""Each segment's facet value per document, worked out once and kept beside the segment.

The document table (``indexer.doctable``) needs every letter's facet values. Reading them from
the postings of every facet value is ~100 posting lists at 150,000 letters, the largest part
of opening an index for a server's first query. A segment's documents never change, so its
values are worked out once and kept in a file beside it, ``<segment id>.facets``, as
``whoosh_internals.per_segment`` keeps what is worked out per segment.

The file is binary, where a JSON list of 150,000 values would take longer to read than the
postings: ``MAGIC``, the length of a JSON header, the header (the documents, each facet
field's values in lexicon order), then per field one little-endian int32 per document: the
index of its value, -1 for none.
"""
from __future__ import annotations

import json
import struct
from typing import Iterator

import numpy as np

from .postings import PostingReader
from .whoosh_internals import per_segment

MAGIC = b"KZFACETS1\n"
SUFFIX = "facets"
NONE = -1
_CODE = np.dtype("<i4")

Found = dict[str, tuple[list[str], np.ndarray]]  # field -> (its values, each document's value index or -1)


def facet_codes(reader, fields: list[str]) -> Iterator[tuple[object, Found]]:
    """(segment reader, {field: (its values in lexicon order, each document's value index or
    -1)}) of each segment of ``reader``: from the segment's file where it has a sound one,
    else from its postings (the file then written for the next process)."""
    return per_segment(reader, SUFFIX, lambda segment: _from_postings(segment, fields), kept_as=_FacetFile(fields))


def _from_postings(segment_reader, fields: list[str]) -> Found:
    count, postings, found = segment_reader.doc_count_all(), PostingReader(segment_reader), {}
    for field in fields:
        values, codes = [], np.full(count, NONE, np.int32)
        for text in segment_reader.lexicon(field):
            if not text:
                continue
            docs = postings.docs(field, text)
            if len(docs):
                codes[docs] = len(values)
                values.append(text.decode("utf-8"))
        found[field] = values, codes
    return found


class _FacetFile:
    def __init__(self, fields: list[str]):
        self.fields = fields

    @staticmethod
    def encode(found: Found) -> bytes:
        count = len(next(iter(found.values()))[1]) if found else 0
        header = json.dumps({"documents": count, "values": {field: values for field, (values, _) in found.items()}},
                            ensure_ascii=False).encode("utf-8")
        body = b"".join(codes.astype(_CODE).tobytes() for _, codes in found.values())
        return MAGIC + struct.pack("<I", len(header)) + header + body

    def decode(self, data: bytes, documents: int) -> Found | None:
        """The file's values, or None where it is of another layout, cut short, or not this
        segment's."""
        if not data.startswith(MAGIC) or len(data) < len(MAGIC) + 4:
            return None
        (length,) = struct.unpack_from("<I", data, len(MAGIC))
        start = len(MAGIC) + 4 + length
        try:
            header = json.loads(data[len(MAGIC) + 4:start].decode("utf-8"))
        except ValueError:
            return None
        if not isinstance(header, dict) or not isinstance(header.get("values"), dict):
            return None
        values = header["values"]
        if header.get("documents") != documents or any(field not in values for field in self.fields) \
                or len(data) != start + len(values) * documents * _CODE.itemsize:
            return None
        codes = np.frombuffer(data[start:], _CODE).reshape(len(values), documents)
        order = list(values)
        return {field: (values[field], codes[order.index(field)].astype(np.int32)) for field in self.fields}
