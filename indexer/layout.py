"""The index layout: the whoosh schema, how a letter is stored, and opening the index.

Both wings meet here: the indexing run (``indexer.indexing``) writes letters in this layout,
search reads them. It imports no parser.

Each letter is one document: everything searchable and filterable, and the compressed Letter
JSON in a column of its own (``LETTER_FIELD``), read by document number without whoosh's
stored fields, which would pickle and compress it a second time. Its body holds the passages in order, then the footnotes, with word positions; search
maps a position back to its passage (``passage_starts``), so the best passages of a hit come
from the same postings that matched the letter and no text is indexed twice.
"""
from __future__ import annotations

import io
import json
import mmap
import os
import threading
import zlib
from functools import lru_cache
from pathlib import Path

import zstandard
from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile
from whoosh.columns import NumericColumn, VarBytesColumn
from whoosh.fields import COLUMN, ID, STORED, Schema
from whoosh.formats import Positions

from .analysis import word_count
from .cleaning import strip_markers
from .codec import Analysed, CompactPositions
from .fields import FACETS, QUERY_FIELDS, IndexedText
from .model import Letter
from .whoosh_internals import CompactCodec, ReplacementIndex, toc_filename

DEFAULT_INDEX_DIR = "var/index"

DAY_FIELD = "day"  # the letter's date as a day number (date.toordinal()), for ranges and sorting
LETTER_FIELD = "letter"


def make_schema() -> Schema:
    """The query fields and facets of ``indexer.fields``, and what search and indexing keep
    beside them."""
    schema = Schema(
        uid=ID(unique=True, stored=True),
        kind=ID,  # "letter": the documents search counts (and only kind so far)
        source_path=STORED,
        source_sha=STORED,
        day=COLUMN(NumericColumn("I", default=0)),  # a column only: search reads it as an array
        letter=COLUMN(VarBytesColumn()),  # pack_letter
        words=STORED,  # word_counts
    )
    for field in QUERY_FIELDS:
        schema.add(field.name, field.field_type())
    for facet in FACETS:  # each letter's value as one exact term
        schema.add(facet.column, ID(sortable=True))
    for name in schema.names():  # positions in the compact codec's layout
        fmt = schema[name].format
        if type(fmt) is Positions:
            schema[name].format = CompactPositions(field_boost=fmt.field_boost)
    return schema


def open_writer(ix, **options):
    """A writer that writes the compact posting blocks ``indexer.postings`` reads fast, each
    segment as separate files: whoosh opens a part of a compound segment file by copying it
    into memory (at 100k letters 0.3 s and ~1 GB for the first search), a separate file it reads
    where it needs to."""
    return ix.writer(**segment_options(), **options)


def segment_options() -> dict:
    """How every segment is written (``open_writer``, and the writer processes of a large run)."""
    return {"codec": CompactCodec(), "compound": False}


def index_dir_from_env(explicit: str | None = None) -> str:
    return explicit or os.environ.get("KAMERZOEK_INDEX") or DEFAULT_INDEX_DIR


class MappedStorage(FileStorage):
    """Whoosh's folder storage, reading files through a memory map: a search's many small
    reads (term lookups, posting blocks) come from the page cache without a system call each,
    and nothing is copied. (Whoosh's own mmap support is for compound files, whose parts it
    copies into memory.)"""

    def open_file(self, name, **kwargs):
        with open(os.path.join(self.folder, name), "rb") as f:
            if os.fstat(f.fileno()).st_size == 0:
                return StructFile(io.BytesIO(b""), name=name, **kwargs)
            mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        return StructFile(mapped, name=name, **kwargs)


class IndexOutdated(Exception):
    """The index was written by an earlier version, whose layout this one cannot search."""


def open_or_create(index_dir: str | Path):
    path = Path(index_dir)
    path.mkdir(parents=True, exist_ok=True)
    storage = MappedStorage(str(path))
    if not whoosh_index.exists_in(str(path)):
        return storage.create_index(make_schema())
    try:
        ix = storage.open_index()
        current = _same_layout(ix.schema, make_schema())
    except (AttributeError, ImportError):  # its schema names classes that no longer exist
        current = False
    if not current:
        raise IndexOutdated(
            f"the index at {index_dir} was written by an earlier version of Kamerzoek; "
            "rebuild it with 'kamerzoek index --rebuild'"
        )
    return ix


def _same_layout(found: Schema, wanted: Schema) -> bool:
    """Whether an index's schema is the one this version writes: the same fields, each of
    the same type, analysis, weight and column."""
    return set(found.names()) == set(wanted.names()) and all(
        _field_signature(found[name]) == _field_signature(wanted[name]) for name in wanted.names()
    )


def _field_signature(field) -> tuple:
    # whoosh compares fields by their attributes; columns and private helper objects
    # (a numeric field's struct) compare only by identity
    attributes = {key: value for key, value in vars(field).items() if not key.startswith("_") and key != "column_type"}
    return type(field), attributes, type(field.column_type)


def replacement_index(index_dir: str | Path):
    """An index whose writer builds a complete new generation beside the live one."""
    path = Path(index_dir)
    path.mkdir(parents=True, exist_ok=True)
    return ReplacementIndex(MappedStorage(str(path)), make_schema())


def generation_key(reader) -> tuple:
    """What identifies the documents a reader sees: its segments, by their random ids, and how
    many documents of each are deleted. Unlike the generation number, which starts again at 0
    in a recreated index, no other generation has the same key."""
    segments = [r.segment() for r, _ in reader.leaf_readers()]
    return tuple((s.segment_id(), s.deleted_count()) for s in segments if s is not None)


def committed_mark(ix) -> tuple | None:
    """The newest commit in the index folder: its number and a checksum of its table of
    contents, which names its segments by random ids (a recreated index may reuse the
    number, never the segments). None while a commit is replacing it."""
    generation = ix.latest_generation()
    try:
        with open(Path(ix.storage.folder) / toc_filename(ix, generation), "rb") as f:
            return generation, zlib.crc32(f.read())
    except OSError:
        return None


def index_is_current(index_dir: str | Path) -> bool:
    try:
        open_or_create(index_dir)
    except IndexOutdated:
        return False
    return True


def index_exists(index_dir: str | Path) -> bool:
    return Path(index_dir).is_dir() and whoosh_index.exists_in(str(index_dir))


# --- documents ---------------------------------------------------------------------------

# Stored letters are zstd-compressed with a preset dictionary of what letters share
# (scripts/build_zdict.py, learnt from the project's own letters). zstd at level 5 packs them
# as small as zlib at level 6 did, and inflates a letter 3.5x faster (24 µs against 84 for a
# letter of 18 kB): a results page unpacks ten. The leading byte names the format; letters an
# older version stored with zlib (b"E") are still read.
_ZSTD_MARK, _ZLIB_MARK = b"Z", b"E"
_ZSTD_LEVEL = 5
_codecs = threading.local()  # zstd's compressor and decompressor are for one thread at a time


@lru_cache(maxsize=1)
def _zdict() -> bytes:
    return (Path(__file__).parent / "data" / "letter-zdict.bin").read_bytes()


@lru_cache(maxsize=1)
def _zstd_dict() -> zstandard.ZstdCompressionDict:
    return zstandard.ZstdCompressionDict(_zdict(), dict_type=zstandard.DICT_TYPE_RAWCONTENT)


def _zstd_codecs() -> tuple[zstandard.ZstdCompressor, zstandard.ZstdDecompressor]:
    """This thread's (compressor, decompressor): made once, as making one costs 17 µs."""
    codecs = getattr(_codecs, "pair", None)
    if codecs is None:
        codecs = _codecs.pair = (zstandard.ZstdCompressor(level=_ZSTD_LEVEL, dict_data=_zstd_dict()),
                                 zstandard.ZstdDecompressor(dict_data=_zstd_dict()))
    return codecs


def pack_letter(letter: Letter) -> bytes:
    data = json.dumps(letter.to_dict(), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return _ZSTD_MARK + _zstd_codecs()[0].compress(data)


def unpack_letter(blob: bytes) -> Letter:
    mark = blob[:1]
    if mark == _ZSTD_MARK:
        data = _zstd_codecs()[1].decompress(blob[1:])
    elif mark == _ZLIB_MARK:
        unpacker = zlib.decompressobj(zdict=_zdict())
        data = unpacker.decompress(blob[1:]) + unpacker.flush()
    else:
        raise ValueError("a letter stored by another version of Kamerzoek; rebuild the index")
    return Letter.from_dict(json.loads(data.decode("utf-8")))


class StoredLetters:
    """The stored letters of one reader, by document number. Holds the reader's column (its
    table of where each letter lies, read once); like the reader, for one thread at a time."""

    def __init__(self, reader):
        self._reader, self._column = reader, None

    def __getitem__(self, docnum: int) -> Letter:
        if self._column is None:  # on first use: an empty index has no column to open
            self._column = self._reader.column_reader(LETTER_FIELD)
        return unpack_letter(self._column[docnum])


def stored_letter(reader, docnum: int) -> Letter:
    """One stored letter (for many, keep a ``StoredLetters``)."""
    return StoredLetters(reader)[docnum]


def letter_document(letter: Letter, source_path: str) -> dict:
    """The one document of a letter. The order of the body (passages, then footnotes) and
    of the headings is the order ``passage_starts`` and ``heading_starts`` count in."""
    texts = passage_texts(letter)
    indexed = IndexedText(
        letter,
        body="\n".join([*texts, *(f.text for f in letter.footnotes)]),
        headings="\n".join(section_headings(letter)),
    )
    return {
        "uid": letter.id,
        "kind": "letter",
        "source_path": source_path,
        "source_sha": letter.source.sha256,
        **{field.name: field.text_of(indexed) for field in QUERY_FIELDS if field.text_of},
        DAY_FIELD: letter.date.toordinal() if letter.date else 0,
        **{facet.column: facet.value_of(letter) or "" for facet in FACETS},
        LETTER_FIELD: pack_letter(letter),
        "words": word_counts(letter, texts),
    }


def passage_texts(letter: Letter) -> list[str]:
    return [strip_markers(p.text) for p in letter.passages]


def section_headings(letter: Letter) -> list[str]:
    """The headings the letter's passages fall under, each once, in order."""
    return list(dict.fromkeys(p.heading for p in letter.passages if p.heading))


def word_counts(letter: Letter, texts: list[str] | None = None) -> tuple[int, list[int], list[int]]:
    """(words of the subject, words of each passage, words of each of ``section_headings``):
    how body and heading positions divide into passages. Stored with the letter, so a search
    need not count them again. ``texts``: the letter's ``passage_texts`` when the caller has
    them already."""
    texts = passage_texts(letter) if texts is None else texts
    return (word_count(letter.subject or ""), [word_count(text) for text in texts],
            [word_count(heading) for heading in section_headings(letter)])


def passage_starts(counts: tuple, parts_of_subject: bool = False) -> list[int]:
    """The body position (word number) at which each passage starts, from ``word_counts``.
    With ``parts_of_subject``, for the parts field, whose text starts with the subject."""
    return _starts(counts[1], counts[0] if parts_of_subject else 0)


def heading_starts(counts: tuple) -> list[int]:
    """The heading-field position at which each of ``section_headings`` starts, from
    ``word_counts``."""
    return _starts(counts[2])


def _starts(words: list[int], position: int = 0) -> list[int]:
    starts = []
    for n in words:
        starts.append(position)
        position += n
    return starts


def add_letter(writer, letter: Letter, source_path: str) -> None:
    writer.add_document(**letter_document(letter, source_path))


@lru_cache(maxsize=1)
def _schema() -> Schema:
    return make_schema()  # one per process: its analysers remember the words they analysed


def analysed_document(letter: Letter, source_path: str) -> dict:
    """``letter_document`` with its running-text fields analysed already: what costs most
    in adding a letter to the index, done where the letter was parsed (a parsing worker),
    so the process that writes the index only files the terms."""
    document = letter_document(letter, source_path)
    schema = _schema()
    for name, value in document.items():
        field = schema[name]
        if isinstance(value, str) and isinstance(field.format, CompactPositions):
            document[name] = Analysed(field.format.word_values(value, field.analyzer, mode="index"))
    return document


def add_document(writer, document: dict) -> None:
    """Add a ``letter_document`` or ``analysed_document`` to the index."""
    writer.add_document(**document)
