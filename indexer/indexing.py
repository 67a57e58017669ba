"""The incremental indexing run: walk the corpus folders, parse changed files, commit once.

Indexing is incremental by content hash: a file whose sha256 is unchanged is skipped, a
changed file replaces its document (a file whose stat is as recorded is known unchanged
without being read: ``indexer.filestate``), a file that disappeared from an indexed folder is
removed. All changes of a run go in one commit, which whoosh makes atomic: readers see
the old index or the new one, never a half-written one. A rebuild writes a complete new
generation beside the live one and replaces it in that same single step
(``layout.replacement_index``); until then, and if it fails or is killed, the old index stays.

Files are parsed, and their letters analysed into index terms, in worker processes within
``ParseLimits`` (``indexer.parsepool``): a file that crashes, exhausts or stalls its worker is
reported as failed and the run goes on. This process files the terms and commits; in a run of
many letters, writer processes file them instead, each into a segment of its own, which the
commit adds (``indexer.segmentwriters``). The segments the merge policy picks are merged in a
process of their own while the run walks and parses (``indexer.merging``).
"""
from __future__ import annotations

import gc
import hashlib
import os
import pickle
import stat
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Callable, Iterable

from whoosh.index import LockError
from whoosh.writing import CLEAR

from .filestate import FileState
from .layout import (
    IndexOutdated,
    add_document,
    analysed_document,
    open_or_create,
    open_writer,
    replacement_index,
    segment_options,
)
from .limits import ParseLimits
from .merging import MERGE_FACTOR, MergeAhead, merge_policy, segments_to_merge
from .model import LETTER_ID, Letter
from .parsepool import ParsePool, WorkerLost
from .parsers import MAX_FILE_BYTES, NotALetter, ParseError, parse_file, supported_suffixes
from .parsers.provenance import source_digest
from .segmentwriters import SegmentWriters
from .walk import CorpusFile, Walk, display_path, file_kind, walk
from .whoosh_internals import commit_with, per_segment

# A run that adds this many letters or more, with two workers or more, has them written by
# writer processes: one per worker, at most MERGE_FACTOR - 1, so that one run never fills a
# size class of the merge policy by itself. Below it one segment is written in a second or
# less; from it on, the commit in one process is a tail with the other core idle (100 PDF
# letters: 1.2 s of 5.5).
PARALLEL_WRITING_FROM = 100


@dataclass
class IndexReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (path, the one kept)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason): not letters, on purpose
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, reason): real failures

    def summary(self) -> str:
        return (
            f"{len(self.added)} toegevoegd, {len(self.updated)} bijgewerkt, {len(self.unchanged)} ongewijzigd, "
            f"{len(self.removed)} verwijderd, {len(self.duplicates)} dubbel, {len(self.skipped)} overgeslagen, "
            f"{len(self.failed)} mislukt"
        )

    def changes_index(self) -> bool:
        """Whether the run added, replaced or removed a letter."""
        return bool(self.added or self.updated or self.removed)

    def take(self, found: Walk) -> None:
        self.skipped += found.skipped
        self.failed += found.failed
        self.duplicates += found.duplicates


class IndexLocked(Exception):
    pass


def find_files(paths: Iterable[str | Path], follow_links: bool = False) -> list[Path]:
    """The letter files under ``paths``, as the indexing run finds them."""
    return [f.path for f in walk(paths, supported_suffixes(), follow_links).files]


def index_paths(
    paths: Iterable[str | Path],
    index_dir: str | Path,
    rebuild: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
    workers: int = 1,
    follow_links: bool = False,
    limits: ParseLimits = ParseLimits(),
) -> IndexReport:
    """Bring the index in line with the letter files under ``paths``; one atomic commit.
    Files are parsed in ``workers`` processes while this one indexes."""
    paths = list(paths)
    report = IndexReport()
    writer, rebuild = _writer(index_dir, rebuild)
    try:
        with _merging_ahead(writer, workers, rebuild) as merging:
            with _collector_paused():
                found = walk(paths, supported_suffixes(), follow_links)
                report.take(found)
                state = FileState.load(index_dir)
                known = {} if rebuild else _indexed_sources(writer)
                changed = _changed_files(found.files, known, report, state)
            run = _Run(writer, known, report, {f.key for f in found.files})
            segments = _index_changed(run, changed, len(found.files), workers, limits, progress)
            roots = [Path(p) for p in paths]
            run.remove_missing(roots)
            _commit(writer, report, segments, merging, rebuild)
    except BaseException:
        writer.cancel()
        raise
    inside = _inside(roots)
    with _collector_paused():
        state.save(index_dir, keep=lambda key: key in run.present or not inside(key))
    for entries in (report.failed, report.skipped, report.duplicates):
        entries.sort()
    return report


def _commit(writer, report: IndexReport, segments: list, merging: MergeAhead | None, rebuild: bool) -> None:
    """Commit the run (with the segments of its writer processes and its merge ahead); a run
    that changed nothing and has nothing to merge lets go of the lock without writing, so the
    index folder stays as it was."""
    merged = merging.finish() if merging else []
    if rebuild:
        mergetype = CLEAR
    elif merging:
        mergetype = merging.policy  # merged ahead; what the run made due waits for the next run
    else:
        mergetype = merge_policy  # a one-worker run merges in its commit
    due = mergetype is merge_policy and bool(segments_to_merge(writer.segments)[0])
    if rebuild or report.changes_index() or segments or merged or due:
        commit_with(writer, segments, mergetype, merged)
    else:
        writer.cancel()


def _index_changed(run: "_Run", changed: list[CorpusFile], found: int, workers: int, limits: ParseLimits,
                   progress: Callable[[int, int, str], None] | None) -> list:
    """Parse the changed files and index their letters; returns the segments of writer
    processes, when the run has them, for the commit."""
    if not changed:
        return []
    done = found - len(changed)
    with ParsePool(_parse, min(workers, len(changed)), limits) as pool, \
            _writers_for(run.writer, workers, len(changed)) as writers:
        if writers:
            run.file = writers.add
        for file, outcome in pool.run(changed):
            done += 1
            if progress:
                progress(done, found, file.shown)
            run.take(file, outcome)
        return writers.finish() if writers else []


def _merging_ahead(writer, workers: int, rebuild: bool):
    """The run's merge, begun now in a process of its own (None: merged in the commit, by
    the one process a one-worker run has, or nothing to merge in a rebuild)."""
    if rebuild or workers < 2:
        return nullcontext(None)
    return MergeAhead(writer, **segment_options())


def _writers_for(writer, workers: int, letters: int):
    """The writer processes for a run (None: ``writer`` files the letters itself)."""
    if workers < 2 or letters < PARALLEL_WRITING_FROM:
        return nullcontext(None)
    return SegmentWriters(writer, min(workers, MERGE_FACTOR - 1), **segment_options())


@contextmanager
def _collector_paused():
    """Python's cyclic garbage collector held off. A run's bookkeeping makes a few objects for
    every file and letter (150,000 of each in the whole record), none of them in cycles; each
    pass of the collector walks all of them again, which made it most of the bookkeeping's
    time at that size (loading the recorded stats of 150,000 files: 2.4 s, 0.4 without)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _writer(index_dir: str | Path, rebuild: bool):
    """(writer, rebuild): the writer holds the index's lock before anything is changed. An
    index of an earlier layout is rebuilt, since every file would be parsed again anyway."""
    try:
        ix = open_or_create(index_dir)
    except IndexOutdated:
        rebuild = True
    try:
        return open_writer(replacement_index(index_dir) if rebuild else ix, timeout=0.5), rebuild
    except LockError as exc:
        raise IndexLocked(
            f"de index in {index_dir} wordt al door een ander proces geschreven; probeer het opnieuw als dat klaar is"
        ) from exc


def _indexed_sources(writer) -> dict[str, tuple[str, str]]:
    """source key -> (sha256, letter id) of every live letter in the index. Read from each
    segment's stored fields once and kept beside it: at 150,000 letters, reading them took a
    second of every run."""
    known = {}
    with writer.reader() as reader:
        for segment, sources in per_segment(reader, "sources", _segment_sources):
            deleted = segment.deleted_docs_set if segment.has_deletions() else ()
            for docnum, source in enumerate(sources):
                if source and docnum not in deleted:
                    known[source[0]] = (source[1], source[2])
    return known


def _segment_sources(segment) -> list[list[str] | None]:
    """[source key, sha256, letter id] of each document of a segment by number (None for
    one deleted already: deleted documents stay deleted)."""
    sources: list[list[str] | None] = [None] * segment.doc_count_all()
    for docnum, fields in segment.iter_docs():  # every document is a letter and stores its source
        if "source_path" in fields:
            sources[docnum] = [fields["source_path"], fields.get("source_sha", ""), fields["uid"]]
    return sources


def _changed_files(files: list[CorpusFile], known: dict, report: IndexReport, state: FileState) -> list[CorpusFile]:
    """The files that are new or changed; unchanged and unreadable ones are reported. A file
    is read only when its stat differs from the one ``state`` recorded with its sha256."""
    changed = []
    for file in files:
        sha = state.recorded_sha(file.key, file.location, file.status)
        if sha is None:
            try:
                sha = _hash_and_record(file, state)
            except ParseError as exc:
                report.failed.append((file.shown, str(exc)))
                continue
        if known.get(file.key, ("",))[0] == sha:
            report.unchanged.append(file.shown)
        else:
            changed.append(file)
    return changed


def _hash_and_record(file: CorpusFile, state: FileState) -> str:
    signature = state.signature(file.path)  # before reading: a change while it is read shows next run
    sha = file_sha256(file.path)
    state.record(file.key, sha, signature)
    return sha


def file_sha256(path: Path) -> str:
    """The content hash of a regular file and its companion files, read in blocks. Opened without blocking and without
    following a link, and checked to be a regular file of bounded size before it is read:
    a FIFO or device put in its place after the walk is refused, not read for ever."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        raise ParseError(f"niet leesbaar: {exc.strerror or exc}") from exc
    with open(fd, "rb") as f:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ParseError("geen gewoon bestand; niet gelezen")
        if info.st_size > MAX_FILE_BYTES:
            raise ParseError(f"bestand te groot ({info.st_size // 2**20} MB; grens {MAX_FILE_BYTES // 2**20} MB)")
        digest = hashlib.sha256()
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return source_digest(path, digest.hexdigest())  # with its companions, as the parser hashes it


# --- parsing (in a worker) ----------------------------------------------------------------

@dataclass
class Parsed:
    """A letter's id and its index document, analysed and pickled in the worker that parsed
    it: analysis is most of the cost of adding a letter, and this way it runs on every core.
    The run's process reads the id alone and hands the document on as it came, to a writer
    process (or unpickles it to file it itself): it used to unpickle the letter and the
    document and pickle the document again, ~2 ms of a modern letter's ~24 on its core."""

    letter_id: str
    document: bytes  # the pickled ``analysed_document``


def _file_pickled(writer, document: bytes) -> None:
    add_document(writer, pickle.loads(document))


def _parse(file: CorpusFile) -> Parsed | ParseError:
    """The id of a corpus file's letter with its pickled document, or the ParseError that
    says in one line why there is none."""
    outcome = _parse_path(file.path)
    if not isinstance(outcome, Letter):
        return outcome
    outcome.source.path = file.relative  # never a path of this machine
    try:
        return Parsed(outcome.id or "", pickle.dumps(analysed_document(outcome, file.key), pickle.HIGHEST_PROTOCOL))
    except Exception as exc:  # noqa: BLE001 - as a parser's failure: this file is reported, the run goes on
        return ParseError(describe_failure(exc))


def _parse_path(path: Path) -> Letter | ParseError:
    try:
        return parse_file(path)
    except ParseError as exc:
        return exc
    except Exception as exc:  # noqa: BLE001 - a parser bug or a hostile file must not stop the batch
        return ParseError(describe_failure(exc))


def parse_checked(path: str | Path, limits: ParseLimits = ParseLimits()) -> Letter:
    """Parse one file as the indexing run does: in a worker, within ``limits``. Raises
    ParseError with a one-line reason."""
    _refuse_special_file(Path(path))
    with ParsePool(_parse_path, 1, limits) as pool:
        ((_, outcome),) = pool.run([Path(path)])
    if isinstance(outcome, Letter):
        return outcome
    raise outcome if isinstance(outcome, ParseError) else ParseError(str(outcome))


def _refuse_special_file(path: Path) -> None:
    """Only a regular file is read, also when a user names it (through links): a FIFO would wait
    for a writer and a device such as /dev/zero never end."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return  # the parser says why it cannot be read
    if not stat.S_ISREG(mode):
        raise ParseError(f"geen gewoon bestand ({file_kind(mode)}); niet gelezen")


def describe_failure(exc: BaseException) -> str:
    """One line for an unexpected error while parsing a file."""
    if isinstance(exc, RecursionError):
        return "te diep genest om te lezen (geneste JSON of XML)"
    if isinstance(exc, MemoryError):
        return "te veel geheugen nodig om te lezen; geweigerd"
    if isinstance(exc, ValueError) and "digits" in str(exc):
        return "bevat een getal met te veel cijfers"
    detail = " ".join(str(exc).split())[:200]
    return f"kon niet worden gelezen ({type(exc).__name__}: {detail})"


# --- writing ------------------------------------------------------------------------------

class _Run:
    """The changes of one run, applied to the writer as parsed letters come in."""

    def __init__(self, writer, known: dict, report: IndexReport, present: set[str]):
        self.writer, self.known, self.report = writer, known, report
        self.present = present  # source keys found by this run's walk
        self.owner = {letter_id: key for key, (_, letter_id) in known.items()}  # letter id -> source key
        self.written: set[str] = set()  # letter ids added by this run
        self.file = partial(_file_pickled, writer)  # files a pickled analysed document

    def take(self, file: CorpusFile, outcome) -> None:
        if isinstance(outcome, Parsed):
            self.add(file, outcome.letter_id, outcome.document)
        elif isinstance(outcome, NotALetter):
            self.report.skipped.append((file.shown, str(outcome)))
        elif isinstance(outcome, (ParseError, WorkerLost)):
            self.report.failed.append((file.shown, str(outcome)))
        else:
            self.report.failed.append((file.shown, f"onverwachte uitkomst {type(outcome).__name__}"))

    def add(self, file: CorpusFile, letter_id: str, document: bytes) -> None:
        """Index one parsed letter (``document``: its ``analysed_document``, pickled),
        replacing what an earlier version of its file indexed."""
        if not LETTER_ID.match(letter_id):
            self.report.failed.append((file.shown, f"geen geldig id ({letter_id[:40]}...)"))
            return
        other = self.owner.get(letter_id)
        if other not in (None, file.key) and (other in self.present or letter_id in self.written):
            # the same document in another file (its .xml and .html, a copy): stored once
            self.report.duplicates.append((file.shown, f"zelfde document ({letter_id}) als {_shown(other)}, dat al is opgenomen"))
            return
        self.owner[letter_id] = file.key
        self.written.add(letter_id)
        if file.key in self.known:
            self.writer.delete_by_term("uid", self.known[file.key][1])
            self.report.updated.append(file.shown)
        else:
            self.report.added.append(file.shown)
        self.writer.delete_by_term("uid", letter_id)  # the same letter from another file
        self.file(document)

    def remove_missing(self, roots: list[Path]) -> None:
        """Remove the letters of files that were under the walked folders and are gone."""
        inside = _inside(roots)
        for key in sorted(set(self.known) - self.present):
            letter_id = self.known[key][1]
            if inside(key) and letter_id not in self.written:
                self.writer.delete_by_term("uid", letter_id)
                self.report.removed.append(_shown(key))


def _inside(roots: list[Path]) -> Callable[[str], bool]:
    """Whether a source key lies in one of the walked folders (or is a walked file). Keys are
    made from resolved folders, so a comparison of strings does: resolving each of an index's
    150,000 keys took longer than the rest of an update together."""
    resolved = {str(root.resolve()) for root in roots}
    folders = tuple(root.rstrip(os.sep) + os.sep for root in resolved)
    return lambda key: key in resolved or key.startswith(folders)


def _shown(key: str) -> str:
    return display_path(Path(key))
