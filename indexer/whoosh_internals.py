"""Every use of whoosh's private segment internals, in one place.

Kamerzoek reads and writes whoosh segments below whoosh's public API in a few places: the
compact posting blocks (``indexer.codec``) are written and read through subclasses of
whoosh's W3 postings writer and matcher, search reads whole posting lists block by block
from the postings file, and reads fixed-width columns (days, field lengths) as arrays; and
every segment writer sorts its postings in ``ChunkedPostingPool``, put in place of whoosh's
pool when this module is imported.
Those parts of whoosh are private and may change in any release, even a patch release
that installs as compatible; so they are all here, and the whoosh-reloaded version they
were written against is pinned in setup.cfg (``WRITTEN_AGAINST``; a test checks that the
installed one is that one).
"""
from __future__ import annotations

import contextlib
import heapq
import io
import itertools
import json
import marshal
import os
import pickle
import struct
from array import array
from collections import defaultdict
from operator import itemgetter, le
from typing import Callable, Iterator

from whoosh import index as whoosh_index
from whoosh import writing as whoosh_writing
from whoosh.codec.whoosh3 import (
    WHOOSH3_HEADER_MAGIC,
    W3Codec,
    W3FieldWriter,
    W3LeafMatcher,
    W3PostingsWriter,
    W3TermsReader,
)
from whoosh.filedb.filetables import OrderedHashReader
from whoosh.index import TOC, FileIndex
from whoosh.matching import ListMatcher
from whoosh.reading import TermNotFound
from whoosh.system import _INT_SIZE
from whoosh.util.numeric import length_to_byte

from . import codec

DISTRIBUTION = "whoosh-reloaded"
WRITTEN_AGAINST = "2.7.5"


def installed_whoosh() -> str:
    from importlib import metadata  # only the check needs it; importing it slows every start

    return metadata.version(DISTRIBUTION)


# --- the pool that sorts a segment's postings -----------------------------------------------

_CHUNK_LENGTH = struct.Struct("<Q")  # a run's chunk: its length, then its marshal bytes


class ChunkedPostingPool(whoosh_writing.PostingPool):
    """Whoosh's posting pool, writing its sorted runs in chunks of postings.

    Whoosh sorts the postings of a segment in runs on disk and pickles each posting into the
    run by itself, then reads each back by itself: at 1,000 modern letters, 1.26 million
    pickle.dump and load calls, 7 of 57 seconds of a single writer. One marshal call per
    chunk of postings does the same work for a fraction of the calls.

    Each run is sorted as whoosh sorts it, by whole postings (field, term, document, ...);
    but where the run's documents came in ascending, as a writer adds them, each term's
    postings already stand in document order, and sorting by field and term alone, keeping
    arrival order within a term, gives the same order for a fraction of the comparisons.
    Where all runs came so, one after another, the commit merges them a term at a time
    (``term_groups``), not a posting at a time through a heap of whole postings."""

    # postings per marshal call: a few MB, read back one chunk at a time. marshal's format
    # belongs to the Python version, which is safe here: a run lives as long as its writer.
    CHUNK = 20_000

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # whether each run's documents ascend and follow the run before's (a writer adding
        # letters): then a term's postings are its runs' postings one run after another
        self._runs_follow_documents, self._last_document = True, -1

    def add(self, item):
        # whoosh's estimate of the posting's size in memory, without its type assertions
        self.currentsize += 150 + len(item[0]) + 2 * len(item[1]) + len(item[4] or b"")
        if self.currentsize > self.limit:
            self.save()
        self.current.append(item)

    def save(self):
        # whoosh's save, with the run put in order here
        if self.current:
            documents = list(map(_DOCUMENT, self.current))
            ascending = _ascending(documents)
            self._runs_follow_documents &= ascending and documents[0] >= self._last_document
            self._last_document = documents[-1]
            path, f = self._new_run()
            self._write_run(f, in_posting_order(self.current, ascending))
            self._add_run(path)
            self.current = []
        self.currentsize = 0

    def items(self, maxfiles=128):
        if not self.runs:  # all in memory: whoosh sorts them there, as save does
            return in_posting_order(self.current)
        return super().items(maxfiles)

    def iter_postings(self):
        return PoolPostings(self)

    def term_groups(self, maxfiles=128):
        """(field, term, postings) of each term in order, its postings in document order.
        Where the runs follow the documents, merged a term at a time: whoosh merges them a
        posting at a time, comparing whole postings."""
        if not self.runs:
            return _term_groups(self.items(maxfiles))
        self.save()  # the last run, before asking whether the runs follow the documents
        if not self._runs_follow_documents:
            return _term_groups(self.items(maxfiles))
        while len(self.runs) > maxfiles:
            # the earliest runs into one, keeping the order: no more of them than leaves the
            # rest to be opened at once (whoosh rewrote as many as it opens, whatever the excess)
            excess = min(maxfiles, len(self.runs) - maxfiles + 1)
            earliest, self.runs = self.runs[:excess], self.runs[excess:]
            path, f = self._new_run()
            self._write_run(f, (p for _, _, postings in self._merged_groups(earliest) for p in postings))
            self.runs.insert(0, path)
        runs, self.runs = self.runs, []
        return self._merged_groups(runs)

    def _merged_groups(self, paths):
        # (field, term, run number, postings): equal terms of two runs are told by the run,
        # and the postings lists are never compared
        runs = [self._run_groups(path, number) for number, path in enumerate(paths)]
        for (field, term), parts in itertools.groupby(heapq.merge(*runs), key=_FIELD_TERM):
            first = next(parts)[3]
            yield field, term, first + [p for part in parts for p in part[3]]

    def _run_groups(self, path, number):
        for (field, term), postings in itertools.groupby(self._read_run(path), key=_FIELD_TERM):
            yield field, term, number, list(postings)

    def _write_run(self, f, items):
        # each chunk as its length, then its bytes: marshal.load from a file asks the file
        # for every object it reads (2.7 µs a posting), marshal.loads of the bytes read at
        # once takes a twentieth of that
        items = iter(items)
        while chunk := list(itertools.islice(items, self.CHUNK)):
            data = marshal.dumps(chunk)
            f.write(_CHUNK_LENGTH.pack(len(data)))
            f.write(data)
        f.close()

    def _read_run(self, path):
        f = self._open_run(path)
        try:
            while head := f.read(_CHUNK_LENGTH.size):
                yield from marshal.loads(f.read(_CHUNK_LENGTH.unpack(head)[0]))  # marshal keeps the tuples
        finally:
            f.close()
            self._remove_run(path)


class PoolPostings:
    """A pool's postings in order, as whoosh iterates them; the segment's field writer takes
    them a term at a time (``ChunkedPostingPool.term_groups``)."""

    def __init__(self, pool: ChunkedPostingPool):
        self.pool = pool

    def __iter__(self):
        return iter(self.pool.items())

    def term_groups(self):
        return self.pool.term_groups()


_FIELD_TERM, _DOCUMENT, _WEIGHT, _VALUE = itemgetter(0, 1), itemgetter(2), itemgetter(3), itemgetter(4)


def _ascending(documents: list[int]) -> bool:
    return all(map(le, documents, documents[1:]))


def _term_groups(postings):
    """(field, term, postings) of each run of postings in ``postings`` with one term."""
    for (field, term), group in itertools.groupby(postings, key=_FIELD_TERM):
        yield field, term, list(group)


def in_posting_order(postings: list[tuple], ascending: bool | None = None) -> list[tuple]:
    """``postings`` (field, term, document, weight, value) in the order ``sorted`` gives them,
    as no two postings share field, term and document (the codec refuses a posting list
    whose documents do not ascend: ``codec.PostingOrderError``). ``ascending``: whether
    their documents ascend, where the caller knows."""
    if ascending is None:
        ascending = _ascending(list(map(_DOCUMENT, postings)))
    if not ascending:
        return sorted(postings)
    by_field: dict[str, list[tuple]] = defaultdict(list)
    for posting in postings:
        by_field[posting[0]].append(posting)
    ordered: list[tuple] = []
    for field in sorted(by_field):
        ordered += sorted(by_field[field], key=itemgetter(1))  # stable: documents stay ascending
    return ordered


# Every segment writer, in this process and in whoosh's writer processes, takes its pool from
# this module-level name when it is made.
whoosh_writing.PostingPool = ChunkedPostingPool


# --- writing and reading the compact blocks through whoosh's codec -------------------------

class CompactPostingsWriter(W3PostingsWriter):
    def add_postings(self, ids: list[int], weights: list[float], values: list, lengths: list[int]):
        """``add_posting`` for each posting of a term, a block's worth at a time, leaving the
        blocks and their statistics as whoosh's one-at-a-time calls leave them."""
        start = 0
        while start < len(ids):
            if len(self._ids) >= self._blocklimit:  # as whoosh: a full block is written when
                self._write_block()                 # a posting comes for the next one
            end = min(len(ids), start + self._blocklimit - len(self._ids))
            self._add_to_block(ids[start:end], weights[start:end], values[start:end], lengths[start:end])
            start = end

    def _add_to_block(self, ids, weights, values, lengths):
        self._ids.extend(ids)
        self._weights.extend(weights)
        self._maxweight = max(self._maxweight, *weights)
        self._values.extend(filter(None, values))  # whoosh keeps no empty value
        lengths = [n for n in lengths if n]  # nor a length of 0 in the statistics
        if lengths:
            shortest = min(lengths)
            if self._minlength is None or shortest < self._minlength:
                self._minlength = shortest
            self._maxlength = max(self._maxlength, *lengths)

    def finish_postings(self):
        # whoosh 2.7's own version calls a misspelt terminfo.set_inline() when it inlines
        if not self.written() and len(self) < self._inlinelimit:
            terminfo, self._terminfo = self._terminfo, None
            terminfo.add_block(self)
            # one value per posting, empty for formats without values, as merging reads them
            values = self._values or [b""] * len(self._ids)
            codec.require_ascending(self._ids)
            terminfo.set_inlined(self._ids, self._weights, values)
            return terminfo
        return super().finish_postings()

    def _write_block(self, last=False):
        # whoosh's block framing (length, then the block info), with a compact block as data
        if not self._blockcount:
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        data = codec.encode_block(self._ids, self._weights, self._values)
        info = pickle.dumps(
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


class CompactLeafMatcher(W3LeafMatcher):
    """Whoosh's matcher over compact blocks, so every whoosh query and segment merge works."""

    def _read_data(self):
        self._data = codec.decode_block(self._postfile.get(self._dataoffset, self._nextoffset - self._dataoffset))

    def _read_ids(self):
        if self._data is None:
            self._read_data()
        self._ids = tuple(self._data.ids.tolist())

    def _read_weights(self):
        if self._data is None:
            self._read_data()
        self._weights = array("f", self._data.weights.tolist())

    def _read_values(self):
        if self._data is None:
            self._read_data()
        self._values = self._data.values()


class CompactFieldWriter(W3FieldWriter):
    def add_postings(self, schema, lengths, items):
        """whoosh's ``FieldWriter.add_postings`` a term at a time: whoosh calls the postings
        writer for each posting (12.5 million calls for 10,000 letters, a third of a
        commit). Each field's lengths are read once: whoosh asks the per-document file for
        the field length of every posting it files."""
        groups = items.term_groups() if isinstance(items, PoolPostings) else _term_groups(items)
        lengths = FieldLengths(lengths) if lengths else None
        last = None
        for field, term, postings in groups:
            if last is None or field != last[0]:
                if last is not None:
                    self.finish_field()
                self.start_field(field, schema[field])
            if last is not None and (field, term) <= last:
                raise whoosh_writing.OutOfOrderError(f"term {last!r} .. {(field, term)!r}")
            last = (field, term)
            if postings[0][2] == -1:  # whoosh's marks of words for a spelling graph: not postings
                postings = [p for p in postings if p[2] != -1]
                if not postings:
                    continue
            documents = list(map(_DOCUMENT, postings))
            self.start_term(term)
            self._postwriter.add_postings(documents, list(map(_WEIGHT, postings)), list(map(_VALUE, postings)),
                                          lengths.of(field, documents) if lengths else [0] * len(documents))
            self.finish_term()
        self._postwriter = self._codec.postings_writer(self._postfile)  # as whoosh leaves it


class FieldLengths:
    """A segment's field lengths, each field's read once, answering as whoosh's reader does."""

    def __init__(self, lengths):
        self._lengths = lengths
        self._fields: dict[str, list[int]] = {}

    def doc_field_length(self, docnum, fieldname, default=0):
        lengths = self._field(fieldname)
        return lengths[docnum] if docnum < len(lengths) else default

    def of(self, fieldname, docnums: list[int]) -> list[int]:
        """The field's length in each of ``docnums`` (ascending), 0 past the last document."""
        lengths = self._field(fieldname)
        if docnums and docnums[-1] < len(lengths):
            return list(map(lengths.__getitem__, docnums))
        return [self.doc_field_length(d, fieldname) for d in docnums]

    def _field(self, fieldname) -> list[int]:
        lengths = self._fields.get(fieldname)
        if lengths is None:
            read = self._lengths.doc_field_length
            lengths = self._fields[fieldname] = [read(d, fieldname, 0) for d in range(self._lengths.doc_count_all())]
        return lengths


class CompactCodec(W3Codec):
    """Whoosh's W3 segment layout with compact posting blocks."""

    def __init__(self, blocklimit=codec.BLOCK_POSTINGS, compression=codec.COMPRESSION, inlinelimit=2):
        super().__init__(blocklimit=blocklimit, compression=compression, inlinelimit=inlinelimit)

    def postings_writer(self, dbfile, byteids=False):
        if byteids:  # term vectors: not used by Kamerzoek, keep whoosh's own format
            return super().postings_writer(dbfile, byteids)
        return CompactPostingsWriter(
            dbfile, blocklimit=self._blocklimit, byteids=False,
            compression=self._compression, inlinelimit=self._inlinelimit,
        )

    def field_writer(self, storage, segment):
        return CompactFieldWriter(self, storage, segment)

    def postings_reader(self, dbfile, terminfo, format_, term=None, scorer=None):
        if terminfo.is_inlined():
            ids, weights, values = terminfo.inlined_postings()
            return ListMatcher(ids, weights, values, format_, scorer=scorer, term=term, terminfo=terminfo)
        offset, _ = terminfo.extent()
        return CompactLeafMatcher(dbfile, offset, None, format_, term=term, scorer=scorer)


# --- reading a segment below its public API -----------------------------------------------

class BlockRef:
    """A block of a posting list: how many postings, the last document number (within the
    segment), and its data, read only when asked for."""

    __slots__ = ("count", "last_id", "_postfile", "_at", "_length")

    def __init__(self, count, last_id, postfile, at, length):
        self.count, self.last_id = count, last_id
        self._postfile, self._at, self._length = postfile, at, length

    def read(self) -> codec.Block:
        return codec.decode_block(self.data())

    def data(self) -> bytes:
        return self._postfile.get(self._at, self._length)


def term_info(segment, fieldname: str, text: bytes):
    """A term's entry in one segment's term dictionary, or None where the segment lacks it:
    one lookup, where asking whether it is there and then reading it takes two or three."""
    terms = getattr(segment, "_terms", None)  # None: the reader of an empty index
    if terms is None:
        return None
    try:
        return terms.term_info(fieldname, text)
    except TermNotFound:
        return None


def block_layout(segment, fieldname: str, text: bytes, info=None) -> tuple[tuple[int, int, int, int], ...] | None:
    """Where the blocks of a term's posting list in one segment lie (``info``: its
    ``term_info``, when the caller has it): (postings, last document number within the
    segment, position of the data, its length) of each block; None where they are not
    compact blocks (a posting list inlined in the term dictionary, or a segment of another
    codec): read those through ``inlined_postings`` or ``segment.postings``. Plain numbers,
    so a layout read once serves every thread's reader of the segment (``blocks_at``)."""
    terms = segment._terms
    info = info or terms.term_info(fieldname, text)
    if info.is_inlined() or not isinstance(terms._codec, CompactCodec):
        return None
    start, _ = info.extent()
    return tuple((ref.count, ref.last_id, ref._at, ref._length)
                 for ref in _blocks(terms._postfile, start + len(WHOOSH3_HEADER_MAGIC)))


def blocks_at(segment, layout: tuple[tuple[int, int, int, int], ...]) -> list[BlockRef]:
    """The blocks of ``layout`` (``block_layout``), read through this segment reader's file."""
    postfile = segment._terms._postfile
    return [BlockRef(count, last_id, postfile, at, length) for count, last_id, at, length in layout]


def inlined_postings(info) -> tuple | None:
    """(ids, weights, values) of a posting list kept in the term dictionary, else None."""
    return info.inlined_postings() if info.is_inlined() else None


_INFO_BYTES = 64  # more than a block info pickle takes: read apart from the data


def _blocks(postfile, position: int) -> Iterator[BlockRef]:
    while True:
        length = postfile.get_int(position)
        size = abs(length)
        info, info_end = _block_info(postfile, position + _INT_SIZE, size)
        yield BlockRef(info[0], info[1], postfile, position + _INT_SIZE + info_end, size - info_end)
        if length < 0:  # the last block
            return
        position += _INT_SIZE + size


def _block_info(postfile, at: int, size: int) -> tuple[tuple, int]:
    """The block info pickle at ``at`` and its length, without reading the block's data."""
    stream = io.BytesIO(postfile.get(at, min(size, _INFO_BYTES)))
    try:
        return pickle.load(stream), stream.tell()
    except Exception:  # a truncated pickle: the info is longer than we read
        stream = io.BytesIO(postfile.get(at, size))
        return pickle.load(stream), stream.tell()


# --- the lexicon ----------------------------------------------------------------------------

_RECORD_HEAD = struct.Struct("!ii")  # a term file record: key length, value length; key; value
_LEXICON_CHUNK = 256 * 1024  # bytes of the term file read at a time


def words_from(reader, fieldname: str, prefix: str) -> Iterator[bytes]:
    """The indexed words of ``fieldname`` that start with ``prefix``, in lexicon order, each
    once: what whoosh's ``reader.expand_prefix`` yields. Whoosh reads its term file a record at
    a time through four generators (~8 µs a word); a fuzzy word's first letter stands for tens
    of thousands of words at 10,000 letters, read when a fuzzy word with that letter is first
    asked for. Here each segment's stretch of records is read in chunks and parsed in one loop;
    lazily, so a prefix's expansion that stops at its budget reads no further."""
    segments = [segment for segment, _ in reader.leaf_readers()]
    if not all(_plain_term_file(segment) for segment in segments):
        yield from reader.expand_prefix(fieldname, prefix)
        return
    start = prefix.encode("utf-8")
    last = None  # the segments' sorted stretches merged; a word several segments hold, once
    for word in heapq.merge(*(_segment_words_from(segment, fieldname, start) for segment in segments)):
        if word != last:
            yield word
            last = word


def _plain_term_file(segment) -> bool:
    terms = getattr(segment, "_terms", None)
    return isinstance(terms, W3TermsReader) and isinstance(terms._tindex, OrderedHashReader)


def _segment_words_from(segment, fieldname: str, prefix: bytes) -> Iterator[bytes]:
    terms = segment._terms
    table = terms._tindex
    start = terms._keycoder(fieldname, prefix)  # the field's number, then the word
    field_bytes = len(start) - len(prefix)
    position = table.closest_key_pos(start)
    if position is None:
        return
    dbfile, end, head = table.dbfile, table.endofdata, _RECORD_HEAD.size
    chunk, base = b"", position  # ``chunk`` holds the file from ``base`` on
    while position < end:
        at = position - base
        if at + head > len(chunk):
            chunk, base, at = dbfile.get(position, min(max(_LEXICON_CHUNK, head), end - position)), position, 0
        key_length, value_length = _RECORD_HEAD.unpack_from(chunk, at)
        if at + head + key_length > len(chunk):  # the key runs past the chunk
            chunk, base, at = dbfile.get(position, min(max(_LEXICON_CHUNK, head + key_length), end - position)), position, 0
        key = chunk[at + head:at + head + key_length]
        if not key.startswith(start):
            return
        yield key[field_bytes:]
        position += head + key_length + value_length


def is_inlined(segment, fieldname: str, text: bytes) -> bool:
    """Whether a term's postings live in the term dictionary (terms in one document)."""
    return segment._terms.term_info(fieldname, text).is_inlined()


def raw_postings(segment, fieldname: str, text: bytes):
    """Whoosh's matcher over a term's postings in one segment, deleted documents included."""
    return segment._terms.matcher(fieldname, text, segment.schema[fieldname].format)


def length_column(fieldname: str) -> str:
    """The column in which whoosh keeps each document's length in a field (one byte each)."""
    return f"_{fieldname}_len"


def column_bytes(segment, name: str) -> bytes | None:
    """The raw bytes of a fixed-width column of one segment, or None where it has none."""
    perdoc = getattr(segment, "_perdoc", None)  # None: the reader of an empty index
    if perdoc is None or not perdoc.has_column(name):
        return None
    colfile, start, length = perdoc._get_column_file(name)
    try:
        return bytes(colfile.get(start, length))
    finally:
        colfile.close()


# --- the index's table of contents ----------------------------------------------------------

class ReplacementIndex(FileIndex):
    """The index as a rebuild writes it: the given schema and no segments, numbered after
    the live generation. Its commit replaces the live index in one step (whoosh writes the new
    table of contents beside the old one and renames it into place, then deletes the old
    files); until then readers keep the old index, and a rebuild that fails or is killed
    leaves it as it was. The live index is never read, so one of an earlier layout is
    replaced the same way."""

    def __init__(self, storage, schema):  # no TOC.read: the old one may not unpickle
        self.storage, self._schema, self.indexname = storage, schema, whoosh_index._DEF_INDEX_NAME

    def _read_toc(self):
        return TOC(self._schema, [], self.latest_generation())


def toc_filename(ix, generation: int) -> str:
    """The file of an index's table of contents of one generation."""
    return TOC._filename(ix.indexname, generation)


# --- segments written beside the locking writer (``indexer.segmentwriters``) ----------------

def writer_beside(writer, **options):
    """A writer of a new segment of the index ``writer`` writes, taking no lock: ``writer``
    holds it, and adds the segment to the index in its commit (``commit_with``). Made in the
    process that writes the segment; it sees no existing segment, as it only adds."""
    return whoosh_writing.SegmentWriter(ReplacementIndex(writer.storage, writer.schema), _lk=False, **options)


def finished_segment(writer):
    """The segment of a ``writer_beside`` with everything added written out, for the
    locking writer's commit. The writer's temporary folder is the locking writer's too, so
    it is left for that one to remove."""
    return writer._finalize_segment()


def commit_with(writer, segments: list, mergetype, merged: list = ()) -> None:
    """``writer.commit(mergetype=mergetype)``, with ``segments`` (``finished_segment`` of
    writers beside it) in the new generation: all of it appears at once, or none. ``merged``:
    segments that replace some of the index's (dropped by ``mergetype``), placed where the
    segments they merged were, before the run's new ones."""
    writer._check_state()
    final = writer._merge_segments(mergetype, None, None) + list(merged)
    if writer._added:  # letters it added itself, or the documents of segments it merged
        final.append(writer._finalize_segment())
    else:
        writer._close_segment()
    writer._commit_toc([s for s in final + segments if s.doc_count_all()])
    writer._finish()


# --- merging segments -------------------------------------------------------------------------

def add_segment(writer, reader) -> None:
    """``writer.add_reader(reader)`` for one segment: its live documents copied into the
    segment ``writer`` writes (what a merge does), their postings read a block at a time
    (``segment_postings``) instead of one by one through whoosh's matchers, which decoded each
    term's blocks anew: two thirds of the time of merging small segments."""
    if not isinstance(reader._terms._codec, CompactCodec):  # a segment of another codec
        writer.add_reader(reader)
        return
    writer._check_state()
    start = writer.docnum
    fieldnames = set(writer.schema.names()) | {f for f in reader.indexed_field_names() if f in writer.schema}
    docmap = writer.write_per_doc(fieldnames, reader)  # the stored fields, lengths and columns
    add = writer.pool.add
    for posting in writer._process_posts(segment_postings(reader), start, docmap):
        add(posting)
    writer._added = True


def segment_postings(reader) -> Iterator[tuple]:
    """``reader.iter_postings()`` of a segment reader of compact blocks: (field, term bytes,
    document, weight, value) of every posting of a live document, term by term."""
    terms = reader._terms
    deleted = reader.deleted_docs_set if reader.has_deletions() else frozenset()
    for (fieldname, btext), info in terms.items():
        postings = zip(*info.inlined_postings()) if info.is_inlined() else _term_postings(terms._postfile, info)
        for docnum, weight, value in postings:
            if docnum not in deleted:
                yield fieldname, btext, docnum, weight, value


def _term_postings(postfile, info) -> Iterator[tuple]:
    start, _ = info.extent()
    for ref in _blocks(postfile, start + len(WHOOSH3_HEADER_MAGIC)):
        yield from zip(*codec.block_postings(ref.data()))


# --- what is worked out once per segment ------------------------------------------------------

class JsonList:
    """How ``per_segment`` keeps a list with an item per document: as JSON."""

    @staticmethod
    def encode(items: list) -> bytes:
        return json.dumps(items, separators=(",", ":")).encode("utf-8")

    @staticmethod
    def decode(data: bytes, documents: int) -> list | None:
        """The list, or None where it is not a list of the segment's length."""
        try:
            kept = json.loads(data.decode("utf-8"))
        except ValueError:
            return None
        return kept if isinstance(kept, list) and len(kept) == documents else None


def per_segment(reader, name: str, work_out: Callable[[object], object], kept_as=JsonList) -> Iterator[tuple[object, object]]:
    """(segment reader, ``work_out(segment reader)``) for each segment of ``reader``: what is
    worked out from a segment's documents, kept in a file beside the segment's own
    (``<segment id>.<name>``; ``kept_as`` encodes and decodes it, by default a JSON list
    with an item per document). A segment's documents never change (only which of them are
    deleted), so what is worked out from them holds for the segment's life; and whoosh's
    commit deletes the file with the segment's files, as it deletes every file named after a
    segment that is gone. A file that cannot be read, or that ``kept_as`` does not take for
    the segment's, is worked out again; one that cannot be written (an index this process
    may only read) is worked out each time."""
    for leaf, _ in reader.leaf_readers():
        segment = leaf.segment() if hasattr(leaf, "segment") else None
        if segment is None:  # the reader of an empty index
            continue
        folder = getattr(leaf.storage(), "folder", None)
        if folder is None:  # an index not in a folder
            yield leaf, work_out(leaf)
            continue
        path = os.path.join(folder, segment.make_filename(f".{name}"))
        kept = _read_kept(path, leaf.doc_count_all(), kept_as)
        if kept is None:
            kept = work_out(leaf)
            _write_kept(path, os.path.join(folder, f".{segment.segment_id()}.{name}.{os.getpid()}.tmp"),
                        kept_as.encode(kept))
        yield leaf, kept


def _read_kept(path: str, documents: int, kept_as):
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return None
    return kept_as.decode(data, documents)


def _write_kept(path: str, partial: str, data: bytes) -> None:
    """Written beside it and renamed into place (``partial`` begins with a dot: whoosh's
    clean-up leaves it); a failure only costs working it out again."""
    try:
        with open(partial, "wb") as f:
            f.write(data)
        os.replace(partial, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.remove(partial)
