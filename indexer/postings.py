"""Whole posting lists as numpy arrays, decoded a block at a time (not a posting at a time).

The blocks come from ``indexer.whoosh_internals`` and are decoded by ``indexer.codec``;
posting lists that are no compact blocks (inlined ones, or segments of whoosh's own codec)
are read through whoosh's matcher.

A search reads the same posting lists twice: for its letters, then, with positions, for
the passages of its page. ``PostingReader`` looks each term up once per search and keeps its
decoded blocks, so the second reading decodes only positions.
"""
from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np

from .codec import block_ids_weights
from .whoosh_internals import block_layout, blocks_at, inlined_postings, raw_postings, term_info


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
    of inclusive document-number ranges, keeps only the postings in them (blocks that hold
    none go unread, and only their positions are decoded)."""
    return PostingReader(reader).read(fieldname, text, with_positions, within)


def read_docs(reader, fieldname: str, text: bytes) -> np.ndarray:
    """The global document numbers of a term's whole posting list, deleted documents included:
    ``read_postings(...).docs`` without joining weights that are not wanted (a facet value's
    letters, a letter's id)."""
    return PostingReader(reader).docs(fieldname, text)


# postings: a block of no more is decoded into lists when read whole, where numpy's set-up per
# call would cost more than the work
SMALL_BLOCK = 64
CACHED_TERMS = 50_000  # term-dictionary entries kept per index generation, each with its block layout
FEW_POINTS = 4  # single documents fewer than a quarter of a block's are looked up in it


class TermDictionary:
    """The term-dictionary entries that the searches of one index generation looked up, the
    most recently used kept, each with where its blocks lie. Whoosh's look-up is a probe of an
    on-disk hash table in Python (~15 µs), and reading where a list's blocks lie another few
    µs a block; a query word with its compounds and forms asks for hundreds of terms in each
    field: 'gemeenten' ~700 at 150,000 letters, 15 ms of every search for it."""

    def __init__(self):
        self._entries: OrderedDict[tuple[str, bytes], list] = OrderedDict()
        self._lock = threading.Lock()

    def entries(self, leaves, fieldname: str, text: bytes) -> list[tuple[int, object, tuple | None]]:
        """(index of the segment in ``leaves``, its term info, its ``block_layout``) of each
        segment holding the term."""
        key = (fieldname, text)
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
                return found
        found = [(i, info, block_layout(segment, fieldname, text, info)) for i, (segment, _) in enumerate(leaves)
                 for info in [term_info(segment, fieldname, text)] if info is not None]
        with self._lock:
            self._entries[key] = found
            while len(self._entries) > CACHED_TERMS:
                self._entries.popitem(last=False)
        return found


class PostingReader:
    """The posting lists one search reads, each term looked up once and each block decoded
    once, however often the search reads it. ``dictionary``: the index generation's
    ``TermDictionary``, shared by its searches."""

    def __init__(self, reader, dictionary: TermDictionary | None = None):
        self.leaves = reader.leaf_readers()
        self.dictionary = dictionary or TermDictionary()
        self._terms: dict[tuple[str, bytes], list[_SegmentTerm]] = {}
        self._holders: dict[tuple, tuple[np.ndarray, np.ndarray]] = {}  # by read_many: (docs, which word)
        # with positions, within ranges: (the ranges, the postings), by term and the ranges' id
        self._positioned: dict[tuple[str, bytes, int], tuple[object, Postings]] = {}

    def read(self, fieldname: str, text: bytes, with_positions: bool = False, within=None) -> Postings:
        """A term's postings (``read_postings``). Those with positions inside the same ranges
        (the object ``within``: the letters of a page) are inflated once per search: the page's
        passages and the words they mark both read them."""
        if with_positions and within is not None:
            key = (fieldname, text, id(within))
            kept = self._positioned.get(key)
            if kept is not None and kept[0] is within:
                return kept[1]
        parts = [term.postings(with_positions, within) for term in self._term(fieldname, text)]
        found = Postings.joined(parts, with_positions)
        if with_positions and within is not None:
            self._positioned[key] = (within, found)
        return found

    def read_many(self, fieldname: str, texts: list[bytes], with_positions: bool = False) -> Postings:
        """The whole posting lists of several words (a prefix's, a compound's forms) as one
        list, word after word; which of them each document holds is kept, for
        ``found_within``. Most of the hundreds of words a common compound begins occur in a
        letter or two: their postings (in the term dictionary, or in one small block) are
        gathered in lists and made one array, not decoded into arrays per word and segment."""
        if with_positions:
            found = [self.read(fieldname, text, True) for text in texts]
            counts = [len(postings.docs) for postings in found]
            joined = Postings.joined(found, True)
        else:
            joined, counts = self._read_whole(fieldname, texts)
        if len(texts) > 1:
            owners = np.repeat(np.arange(len(texts)), counts)
            self._holders[(fieldname, tuple(texts))] = (joined.docs, owners)
        return joined

    def _read_whole(self, fieldname: str, texts: list[bytes]) -> tuple[Postings, list[int]]:
        """(the words' postings without positions, word after word; how many each word has)."""
        docs, weights, parts, counts = [], [], [], []
        for text in texts:
            count = 0
            for term in self._term(fieldname, text):
                listed = term.listed()
                if listed is not None:
                    docs += listed[0]
                    weights += listed[1]
                    count += len(listed[0])
                    continue
                if docs:  # what was gathered goes before this list
                    parts.append(_from_lists(docs, weights))
                    docs, weights = [], []
                parts.append(term.postings(False, None))
                count += len(parts[-1].docs)
            counts.append(count)
        if docs:
            parts.append(_from_lists(docs, weights))
        return Postings.joined(parts, False), counts

    def found_within(self, fieldname: str, texts: list[bytes], within) -> list[bytes]:
        """Those of ``texts`` (read together by ``read_many`` before) that occur in the document
        ranges ``within``: of the hundreds of words a prefix or a common compound stands for,
        a page's letters hold a few, and the others need not be looked for there one by one."""
        holders = self._holders.get((fieldname, tuple(texts)))
        if holders is None:
            return texts
        docs, owners = holders
        held = np.zeros(len(texts), bool)  # not np.unique: its first call imports numpy.ma (~25 ms)
        held[owners[_inside(within, docs)]] = True
        return [texts[i] for i in np.flatnonzero(held).tolist()]

    def held_within(self, fieldname: str, within) -> tuple[set[bytes], set[bytes]]:
        """(the words of ``fieldname`` that ``read_many`` read together, those of them that
        occur in the document ranges ``within``): whether a prefix's or compound's words are in
        a page's letters is known without reading them one by one."""
        read, held = set(), set()
        for field, texts in list(self._holders):
            if field == fieldname:
                read.update(texts)
                held.update(self.found_within(field, list(texts), within))
        return read, held

    def docs(self, fieldname: str, text: bytes) -> np.ndarray:
        """The global document numbers of a term's whole posting list, without its weights."""
        parts = [term.docs() for term in self._term(fieldname, text)]
        if not parts:
            return np.zeros(0, np.int64)
        return parts[0] if len(parts) == 1 else np.concatenate(parts)

    def doc_frequency(self, fieldname: str, text: bytes) -> int:
        """Documents with the term, deleted ones included (as whoosh counts them)."""
        return sum(term.doc_frequency for term in self._term(fieldname, text))

    def _term(self, fieldname: str, text: bytes) -> list["_SegmentTerm"]:
        key = (fieldname, text)
        found = self._terms.get(key)
        if found is None:
            found = self._terms[key] = [
                _SegmentTerm(*self.leaves[i], fieldname, text, info, layout)
                for i, info, layout in self.dictionary.entries(self.leaves, fieldname, text)
            ]
        return found


class _SegmentTerm:
    """A term's posting list in one segment: its blocks, decoded when first needed."""

    __slots__ = ("segment", "offset", "fieldname", "text", "info", "doc_frequency", "_blocks", "_decoded", "_whole")

    def __init__(self, segment, offset: int, fieldname: str, text: bytes, info, layout):
        self.segment, self.offset, self.fieldname, self.text, self.info = segment, offset, fieldname, text, info
        self.doc_frequency = info.doc_frequency()
        self._blocks = None if layout is None else blocks_at(segment, layout)
        if self._blocks is not None:
            self._decoded = [None] * len(self._blocks)
        self._whole: dict[bool, Postings] = {}  # lists that are no compact blocks, by with_positions

    def postings(self, with_positions: bool, within) -> Postings:
        if self._blocks is None:
            if with_positions not in self._whole:
                self._whole[with_positions] = self._without_blocks(with_positions)
            return _only(self._whole[with_positions], _inside(within, self._whole[with_positions].docs))
        parts, first_id, offset = [], 0, self.offset
        for i, ref in enumerate(self._blocks):
            if _overlaps(within, first_id + offset, ref.last_id + offset):
                found = self._block_postings(i, with_positions, within)
                if found is not None:
                    parts.append(found)
            first_id = ref.last_id + 1
        return Postings.joined(parts, with_positions)

    def listed(self) -> tuple[list[int], list[float]] | None:
        """(global document numbers, weights) as lists, of a list kept in the term dictionary
        or held in one small block not decoded yet; None for any other."""
        if self._blocks is None:
            inlined = inlined_postings(self.info)
            if inlined is None:
                return None
            ids, weights = inlined[0], list(inlined[1])
        elif len(self._blocks) == 1 and self._blocks[0].count <= SMALL_BLOCK and self._decoded[0] is None:
            ids, weights = block_ids_weights(self._blocks[0].data())
        else:
            return None
        offset = self.offset
        return [doc + offset for doc in ids], weights

    def docs(self) -> np.ndarray:
        """Every posting's global document number."""
        if self._blocks is None:
            return self.postings(False, None).docs
        ids = [self._block(i).ids for i in range(len(self._blocks))]
        return (np.concatenate(ids) if len(ids) > 1 else ids[0]) + self.offset

    def _block(self, i: int):
        block = self._decoded[i]
        if block is None:
            block = self._decoded[i] = self._blocks[i].read()
        return block

    def _block_postings(self, i: int, with_positions: bool, within) -> Postings | None:
        """The postings of block ``i`` inside ``within``, or None where it has none there: a
        block whose documents merely span a page's hits is read, its positions are not."""
        block = self._block(i)
        docs = block.ids + self.offset
        select = _inside_block(within, docs)
        if select is None:
            found = Postings(docs, block.weights)
        elif not len(select):
            return None
        else:
            found = Postings(docs[select], block.weights[select])
        if with_positions:
            found.counts, found.positions = block.positions(select)
        return found

    def _without_blocks(self, with_positions: bool) -> Postings:
        inlined = inlined_postings(self.info)
        if inlined is not None:
            return _from_values(self.segment, self.fieldname, *inlined, self.offset, with_positions)
        return _via_matcher(self.segment, self.offset, self.fieldname, self.text, with_positions)


def _overlaps(within, first: int, last: int) -> bool:
    if within is None:
        return True
    starts, ends = within
    i = np.searchsorted(ends, first)  # the first range that ends at or after ``first``
    return i < len(starts) and starts[i] <= last


def _inside_block(within, docs: np.ndarray) -> np.ndarray | None:
    """``_inside`` for a block's documents, which ascend without repeats."""
    if within is None:
        return None
    starts, ends = within
    if len(starts) * FEW_POINTS < len(docs) and (starts is ends or np.array_equal(starts, ends)):
        # a few single documents (a page's letters) in a block of thousands: each looked up in
        # the block, not each of the block's documents among them
        at = np.searchsorted(docs, starts)
        found = at < len(docs)
        at = at[found]
        return at[docs[at] == starts[found]]
    return _inside(within, docs)


def _inside(within, docs: np.ndarray) -> np.ndarray | None:
    """Indexes of the ``docs`` inside the ranges of ``within`` (None: all of them)."""
    if within is None:
        return None
    starts, ends = within
    i = np.searchsorted(ends, docs)  # the first range that ends at or after each document
    found = i < len(starts)
    found[found] &= starts[i[found]] <= docs[found]
    return np.flatnonzero(found)


def _from_lists(docs: list[int], weights: list[float]) -> Postings:
    return Postings(np.asarray(docs, np.int64), np.asarray(weights, np.float32))


def _only(found: Postings, select) -> Postings:
    if select is None:
        return found
    result = Postings(found.docs[select], found.weights[select])
    if found.counts is not None:
        keep = np.zeros(len(found.docs), bool)
        keep[select] = True
        result.counts, result.positions = found.counts[select], found.positions[np.repeat(keep, found.counts)]
    return result


def _from_values(segment, fieldname, ids, weights, values, offset: int, with_positions: bool) -> Postings:
    """Postings from whoosh's (ids, weights, values) of a list kept in the term dictionary."""
    result = Postings(np.asarray(ids, np.int64) + offset, np.asarray(weights, np.float32))
    if with_positions:
        fmt = segment.schema[fieldname].format
        found = [fmt.decode_positions(v) if fmt.supports("positions") and v else [] for v in values]
        result.counts = np.asarray([len(p) for p in found], np.int64)
        result.positions = np.asarray([p for ps in found for p in ps], np.int64)
    return result


def _via_matcher(segment, offset, fieldname, text, with_positions) -> Postings:
    """Any other posting list (segments written by whoosh's own codec)."""
    matcher = raw_postings(segment, fieldname, text)
    ids, weights, values = [], [], []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        values.append(matcher.value() if with_positions else None)
        matcher.next()
    return _from_values(segment, fieldname, ids, weights, values, offset, with_positions)
