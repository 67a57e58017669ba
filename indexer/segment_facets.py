"""Each segment's facet value per document, worked out once and kept beside the segment.

The document table (``indexer.doctable``) needs every letter's facet values. Reading them from
the postings of every facet value is ~100 posting lists at 150,000 letters, the largest part
of opening an index for a server's first query. A segment never changes once written (its
deletions are kept apart), so its values are worked out once and stored in a file beside it,
``<segment id>.facets``: whoosh deletes that file with the segment's others when a merge
retires the segment, as its name follows theirs. Where it cannot be written (an index the
server may only read), the values are worked out each time, as before.

The file: ``MAGIC``, the length of a JSON header, the header (the documents, each facet
field's values in lexicon order), then per field one little-endian int32 per document: the
index of its value, -1 for none.
"""
from __future__ import annotations

import json
import os
import struct

import numpy as np
from whoosh.filedb.filestore import ReadOnlyError

from .postings import PostingReader

MAGIC = b"KZFACETS1\n"
SUFFIX = "facets"
NONE = -1
_CODE = np.dtype("<i4")


def facet_codes(segment_reader, fields: list[str]) -> dict[str, tuple[list[str], np.ndarray]]:
    """{field: (its values in lexicon order, the index of each document's value or -1)} of one
    segment, from the segment's file where it has a sound one, else from its postings (and the
    file then written for the next process)."""
    count = segment_reader.doc_count_all()
    segment = segment_reader.segment()
    if segment is None:  # the reader of an empty index
        return {field: ([], np.full(count, NONE, np.int32)) for field in fields}
    name = f"{segment.segment_id()}.{SUFFIX}"
    storage = segment_reader.storage()
    kept = _read(storage, name, count, fields)
    if kept is not None:
        return kept
    found = {field: _from_postings(segment_reader, field, count) for field in fields}
    _write(storage, name, count, found)
    return found


def prepare(reader, fields: list[str]) -> None:
    """Write the file of every segment of ``reader`` that lacks one: an indexing run does it
    after its commit, so the first search after it does not."""
    for segment_reader, _ in reader.leaf_readers():
        facet_codes(segment_reader, fields)


def _from_postings(segment_reader, field: str, count: int) -> tuple[list[str], np.ndarray]:
    values, codes = [], np.full(count, NONE, np.int32)
    postings = PostingReader(segment_reader)
    for text in segment_reader.lexicon(field):
        if not text:
            continue
        docs = postings.docs(field, text)
        if len(docs):
            codes[docs] = len(values)
            values.append(text.decode("utf-8"))
    return values, codes


def _read(storage, name: str, count: int, fields: list[str]):
    """The file's values, or None where it is missing, of another layout or cut short."""
    try:
        if not storage.file_exists(name):
            return None
        with storage.open_file(name) as f:
            data = bytes(f.read())
    except OSError:
        return None
    if not data.startswith(MAGIC) or len(data) < len(MAGIC) + 4:
        return None
    (length,) = struct.unpack_from("<I", data, len(MAGIC))
    start = len(MAGIC) + 4 + length
    try:
        header = json.loads(data[len(MAGIC) + 4:start].decode("utf-8"))
    except ValueError:
        return None
    values = header.get("values", {})
    if header.get("documents") != count or any(field not in values for field in fields) \
            or len(data) != start + len(values) * count * _CODE.itemsize:
        return None
    codes = np.frombuffer(data, _CODE, offset=start).reshape(len(values), count) if count else \
        np.zeros((len(values), 0), _CODE)
    order = list(values)
    return {field: (values[field], codes[order.index(field)].astype(np.int32)) for field in fields}


def _write(storage, name: str, count: int, found: dict[str, tuple[list[str], np.ndarray]]) -> None:
    """Written under a temporary name and renamed, so a reader never sees half a file (the
    temporary name also follows the segment's, so whoosh cleans up one a killed process left)."""
    header = json.dumps({"documents": count, "values": {field: values for field, (values, _) in found.items()}},
                        ensure_ascii=False).encode("utf-8")
    body = b"".join(codes.astype(_CODE).tobytes() for _, codes in found.values())
    temporary = f"{name}.{os.getpid()}.tmp"
    try:
        with storage.create_file(temporary) as f:
            f.write(MAGIC + struct.pack("<I", len(header)) + header + body)
        storage.rename_file(temporary, name, safe=False)
    except (OSError, ReadOnlyError):  # an index this process may only read: worked out again next time
        try:
            storage.delete_file(temporary)
        except (OSError, ReadOnlyError):
            pass
