"""The whoosh index: schema, and incremental, atomic indexing of letter files.

Each letter is one document: everything searchable and filterable, and the compressed Letter
JSON. Its body holds the passages in order, then the footnotes, with word positions; search
maps a position back to its passage (``passage_starts``), so the best passages of a hit come
from the same postings that matched the letter and no text is indexed twice.

Indexing is incremental by content hash: a file whose sha256 is unchanged is skipped, a
changed file replaces its document, a file that disappeared from an indexed folder is
removed. All changes of a run go in one commit, which whoosh makes atomic: readers see
the old index or the new one, never a half-written one.
"""
from __future__ import annotations

import io
import json
import mmap
import os
import re
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile
from whoosh.columns import NumericColumn
from whoosh.fields import COLUMN, DATETIME, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.formats import Positions
from whoosh.index import LockError

from .analysis import TOKEN_PATTERN, compound_parts_analyzer, dutch_analyzer, folding_analyzer
from .cleaning import strip_markers
from .codec import CompactCodec, CompactPositions
from .dates import dutch_date
from .model import Letter
from .parsers import NotALetter, ParseError, parse_file, supported_suffixes

DEFAULT_INDEX_DIR = "var/index"

# Facet name (as in URLs and JSON) -> the column field that holds its value.
DAY_FIELD = "day"  # the letter's date as a day number (date.toordinal()), for ranges and sorting
FACET_FIELDS = {
    "directorate": "f_directorate",
    "ministry": "f_ministry",
    "year": "f_year",
    "type": "f_type",
}


def make_schema() -> Schema:
    dutch = dutch_analyzer()
    folding = folding_analyzer()
    schema = Schema(
        uid=ID(unique=True, stored=True),
        kind=ID,  # "letter": the documents search counts (and only kind so far)
        source_path=STORED,
        source_sha=STORED,
        # analysed, searchable fields
        subject=TEXT(analyzer=dutch, field_boost=3.0, phrase=True),
        heading=TEXT(analyzer=dutch, field_boost=1.5, phrase=True),
        body=TEXT(analyzer=dutch, phrase=True),
        # parts of compounds in subject, heading and body: "crawler" finds "webcrawler";
        # positions (those of the compounds) only to find the passage, as phrases match
        # only exactly as written
        parts=TEXT(analyzer=compound_parts_analyzer(), phrase=True),
        kenmerk=TEXT(analyzer=folding, phrase=True),
        kamerstuk=KEYWORD(lowercase=True, scorable=True),  # "12449-66": the paper this letter is
        dateline=TEXT(analyzer=folding, phrase=True),  # "24 oktober 1991": the date in words
        directorate=TEXT(analyzer=folding, phrase=True),
        ministry=TEXT(analyzer=folding, phrase=True),
        doc_type=TEXT(analyzer=folding),
        signer=TEXT(analyzer=folding, phrase=True),
        ref=KEYWORD(lowercase=True, commas=True, scorable=True),
        # Only so that the query parser reads date:... syntax; the values live in "day", a
        # column that search reads as one array (indexer.doctable)
        date=DATETIME(),
        day=COLUMN(NumericColumn("I", default=0)),  # a column only: search reads it as an array
        # facet columns (exact values)
        f_directorate=ID(sortable=True),
        f_ministry=ID(sortable=True),
        f_year=ID(sortable=True),
        f_type=ID(sortable=True),
        letter_json=STORED,
        words=STORED,  # indexer.index.word_counts
    )
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
    return ix.writer(codec=CompactCodec(), compound=False, **options)


def index_dir_from_env(explicit: str | None = None) -> str:
    return explicit or os.environ.get("KAMERZOEK_INDEX") or DEFAULT_INDEX_DIR


class MappedStorage(FileStorage):
    """Whoosh's folder storage, reading files through a memory map: a search's many small
    reads (term lookups, posting blocks) come from the page cache without a system call each,
    and nothing is copied. (Whoosh's own mmap support is for compound files, whose parts it
    copies into memory.)"""

    def open_file(self, name, **kwargs):
        with open(self._fpath(name), "rb") as f:
            if os.fstat(f.fileno()).st_size == 0:
                return StructFile(io.BytesIO(b""), name=name, **kwargs)
            mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        return StructFile(mapped, name=name, **kwargs)


class IndexOutdated(Exception):
    """The index was written by an earlier version, whose layout this one cannot search."""


def open_or_create(index_dir: str | Path, rebuild: bool = False):
    path = Path(index_dir)
    path.mkdir(parents=True, exist_ok=True)
    storage = MappedStorage(str(path))
    if rebuild or not whoosh_index.exists_in(str(path)):
        return storage.create_index(make_schema())
    try:
        ix = storage.open_index()
        current = set(ix.schema.names()) == set(make_schema().names())
    except (AttributeError, ImportError):  # its schema names classes that no longer exist
        current = False
    if not current:
        raise IndexOutdated(
            f"the index at {index_dir} was written by an earlier version of Kamerzoek; "
            "rebuild it with 'kamerzoek index --rebuild'"
        )
    return ix


def index_is_current(index_dir: str | Path) -> bool:
    try:
        open_or_create(index_dir)
    except IndexOutdated:
        return False
    return True


def index_exists(index_dir: str | Path) -> bool:
    return Path(index_dir).is_dir() and whoosh_index.exists_in(str(index_dir))


# --- documents ---------------------------------------------------------------------------

# Stored letters are zlib-compressed with a preset dictionary of what letters share
# (scripts/build_zdict.py): 18-27 % smaller than zlib alone. The leading byte names the
# dictionary; letters stored without one (plain zlib) still read.
_ZDICT_MARK = b"D"


@lru_cache(maxsize=1)
def _zdict() -> bytes:
    return (Path(__file__).parent / "data" / "letter-zdict.bin").read_bytes()


def pack_letter(letter: Letter) -> bytes:
    packer = zlib.compressobj(6, zdict=_zdict())
    data = json.dumps(letter.to_dict(), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return _ZDICT_MARK + packer.compress(data) + packer.flush()


def unpack_letter(blob: bytes) -> Letter:
    if blob[:1] == _ZDICT_MARK:
        unpacker = zlib.decompressobj(zdict=_zdict())
        data = unpacker.decompress(blob[1:]) + unpacker.flush()
    else:
        data = zlib.decompress(blob)
    return Letter.from_dict(json.loads(data.decode("utf-8")))


def _facets(letter: Letter) -> dict:
    return {
        "f_directorate": letter.directorate or "",
        "f_ministry": letter.ministry or "",
        "f_year": str(letter.date.year) if letter.date else "",
        "f_type": letter.doc_type or "",
    }


def letter_document(letter: Letter, source_path: str) -> dict:
    """The one document of a letter. The order of the body (passages, then footnotes) and
    of the headings is the order ``passage_starts`` and ``heading_starts`` count in."""
    texts = passage_texts(letter)
    body = "\n".join([*texts, *(f.text for f in letter.footnotes)])
    return {
        "uid": letter.id,
        "kind": "letter",
        "source_path": source_path,
        "source_sha": letter.source.sha256,
        "subject": letter.subject or "",
        "heading": "\n".join(section_headings(letter)),
        "body": body,
        "parts": f"{letter.subject or ''}\n{body}",
        "kenmerk": letter.kenmerk or "",
        "kamerstuk": letter.kamerstuk or "",
        "dateline": dutch_date(letter.date) if letter.date else "",
        "directorate": letter.directorate or "",
        "ministry": letter.ministry or "",
        "doc_type": letter.doc_type or "",
        "signer": " ".join(filter(None, [letter.signer.name, letter.signer.role])) if letter.signer else "",
        "ref": ",".join(r.target for r in letter.references),
        DAY_FIELD: letter.date.toordinal() if letter.date else 0,
        **_facets(letter),
        "letter_json": pack_letter(letter),
        "words": word_counts(letter, texts),
    }


def passage_texts(letter: Letter) -> list[str]:
    return [strip_markers(p.text) for p in letter.passages]


def section_headings(letter: Letter) -> list[str]:
    """The headings the letter's passages fall under, each once, in order."""
    return list(dict.fromkeys(p.heading for p in letter.passages if p.heading))


def word_counts(letter: Letter, texts: list[str] | None = None) -> tuple[int, list[int]]:
    """(words of the subject, words of each passage): how body positions divide into
    passages. Stored with the letter, so a search need not count them again. ``texts``:
    the letter's ``passage_texts`` when the caller has them already."""
    texts = passage_texts(letter) if texts is None else texts
    return _word_count(letter.subject or ""), [_word_count(text) for text in texts]


def passage_starts(counts: tuple[int, list[int]], parts_of_subject: bool = False) -> list[int]:
    """The body position (word number) at which each passage starts, from ``word_counts``.
    With ``parts_of_subject``, for the parts field, whose text starts with the subject."""
    subject, passages = counts
    starts, position = [], subject if parts_of_subject else 0
    for words in passages:
        starts.append(position)
        position += words
    return starts


def heading_starts(letter: Letter) -> list[int]:
    """The heading-field position at which each of ``section_headings`` starts."""
    starts, position = [], 0
    for heading in section_headings(letter):
        starts.append(position)
        position += _word_count(heading)
    return starts


def _word_count(text: str) -> int:
    """Words as the analysers' tokenizer counts them (it numbers the positions)."""
    return sum(1 for _ in _WORDS.finditer(text))


_WORDS = re.compile(TOKEN_PATTERN)


def add_letter(writer, letter: Letter, source_path: str) -> None:
    writer.add_document(**letter_document(letter, source_path))


# --- incremental indexing ------------------------------------------------------------------
@dataclass
class IndexReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # companion files
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)

    def summary(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.updated)} updated, {len(self.unchanged)} unchanged, "
            f"{len(self.removed)} removed, {len(self.failed)} failed"
        )


class IndexLocked(Exception):
    pass


def display_path(path: Path) -> str:
    """Paths are stored relative to the working directory when below it, for portability."""
    resolved = path.resolve()
    try:
        return str(resolved.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(resolved)


# Documentation that lives beside letters in a corpus folder, not letters themselves.
NOT_LETTERS = ("readme", "sources", "license", "licence", "changelog")


def _is_letter_file(name: str, suffixes: set[str]) -> bool:
    path = Path(name)
    return (
        not name.startswith(".")
        and path.suffix.lower() in suffixes
        and not path.stem.lower().startswith(NOT_LETTERS)
    )


def find_files(paths: Iterable[str | Path], errors: list[tuple[str, str]]) -> list[Path]:
    """Letter files under the given paths, sorted; unreadable folders are reported, loops skipped."""
    found: list[Path] = []
    suffixes = supported_suffixes()
    for root in map(Path, paths):
        if root.is_file():
            found.append(root)
            continue
        if not root.is_dir():
            errors.append((str(root), "no such file or folder"))
            continue
        seen_dirs: set[tuple[int, int]] = set()
        for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=lambda e: errors.append((str(e.filename), e.strerror or str(e)))):
            stat = os.stat(dirpath)
            if (stat.st_dev, stat.st_ino) in seen_dirs:
                dirnames[:] = []  # a symlink loop: this folder was walked already
                continue
            seen_dirs.add((stat.st_dev, stat.st_ino))
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if _is_letter_file(name, suffixes):
                    found.append(Path(dirpath) / name)
    return sorted(set(found))


def _indexed_sources(searcher) -> dict[str, tuple[str, str]]:
    """source_path -> (sha256, letter id) of every letter in the index."""
    return {
        fields["source_path"]: (fields.get("source_sha", ""), fields["uid"])
        for fields in searcher.documents(kind="letter")
    }


PARSE_IN_POOL_FROM = 20  # files; fewer are parsed faster than a pool of processes starts


def index_paths(
    paths: Iterable[str | Path],
    index_dir: str | Path,
    rebuild: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
    workers: int = 1,
) -> IndexReport:
    """Bring the index in line with the letter files under ``paths``; one atomic commit.
    With ``workers`` > 1, files are parsed in that many processes while this one indexes."""
    report = IndexReport()
    roots = [Path(p) for p in paths]
    files = find_files(roots, report.failed)
    try:
        ix = open_or_create(index_dir, rebuild=rebuild)
    except IndexOutdated:  # every file would be parsed again anyway
        ix = open_or_create(index_dir, rebuild=True)
    # the pool starts before the writer takes the index lock, so no worker inherits it
    pool = _parse_pool(workers) if workers > 1 and len(files) >= PARSE_IN_POOL_FROM else None
    try:
        writer = open_writer(ix, timeout=0.5)
    except LockError as exc:
        if pool:
            pool.terminate()
        raise IndexLocked(
            f"the index at {index_dir} is being written by another process; try again when it has finished"
        ) from exc
    try:
        with ix.searcher() as searcher:
            known = _indexed_sources(searcher)
        changed = _changed_files(files, known, report)
        parsed = pool.imap(_parse, changed, chunksize=2) if pool else map(_parse, changed)
        owner = {letter_id: shown for shown, (_, letter_id) in known.items()}
        present = {display_path(f) for f in files}
        done = len(files) - len(changed)
        for shown, outcome in parsed:
            done += 1
            if progress:
                progress(done, len(files), shown)
            if isinstance(outcome, Letter):
                _add(writer, outcome, shown, known, owner, present, report)
            elif isinstance(outcome, NotALetter):
                report.skipped.append((shown, str(outcome)))
            else:
                report.failed.append((shown, str(outcome)))
        seen = {display_path(f) for f in files}
        for shown in sorted(set(known) - seen):
            if _under_roots(shown, roots):
                writer.delete_by_term("uid", known[shown][1])
                report.removed.append(shown)
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    finally:
        if pool:
            pool.terminate()
    return report


def _parse_pool(workers: int):
    import multiprocessing

    # fork: workers start at once with the parsers imported; they exit when this process's
    # end of their pipe closes, even if it is killed
    return multiprocessing.get_context("fork").Pool(workers)


def _changed_files(files: list[Path], known: dict, report: IndexReport) -> list[tuple[Path, str]]:
    """(path, shown path) of the files that are new or changed; unchanged ones are reported."""
    changed = []
    for path in files:
        shown = display_path(path)
        try:
            sha = _file_sha256(path)
        except OSError as exc:
            report.failed.append((shown, f"cannot read file: {exc.strerror or exc}"))
            continue
        if known.get(shown, ("",))[0] == sha:
            report.unchanged.append(shown)
        else:
            changed.append((path, shown))
    return changed


def _parse(job: tuple[Path, str]) -> tuple[str, object]:
    """(shown path, the Letter or the exception that says why there is none)."""
    path, shown = job
    try:
        letter = parse_file(path)
    except (NotALetter, ParseError) as exc:
        return shown, exc
    except Exception as exc:  # a parser bug must not stop the batch
        return shown, ParseError(f"could not be parsed ({type(exc).__name__}: {exc})")
    letter.source.path = shown
    return shown, letter


def _add(writer, letter: Letter, shown: str, known: dict, owner: dict, present: set, report: IndexReport) -> None:
    """Index one parsed letter, replacing what an earlier version of its file indexed."""
    other = owner.get(letter.id)
    if other not in (None, shown) and other in present:
        report.failed.append((shown, f"same letter ({letter.id}) as {other}; kept that one"))
        return
    owner[letter.id] = shown
    if shown in known:
        writer.delete_by_term("uid", known[shown][1])
        report.updated.append(shown)
    else:
        report.added.append(shown)
    writer.delete_by_term("uid", letter.id)  # the same letter from another file
    add_letter(writer, letter, shown)


def _file_sha256(path: Path) -> str:
    """The hash of a file read in blocks, so a huge file costs no memory before its size is checked."""
    import hashlib

    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _under_roots(shown: str, roots: list[Path]) -> bool:
    path = Path(shown).resolve()
    for root in roots:
        root = root.resolve()
        if path == root or root in path.parents:
            return True
    return False
