"""The incremental indexing run: walk the corpus folders, parse changed files, commit once.

Indexing is incremental by content hash: a file whose sha256 is unchanged is skipped, a
changed file replaces its document, a file that disappeared from an indexed folder is
removed. All changes of a run go in one commit, which whoosh makes atomic: readers see
the old index or the new one, never a half-written one.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from whoosh.index import LockError

from .layout import IndexOutdated, add_letter, open_or_create, open_writer
from .model import Letter
from .parsers import NotALetter, ParseError, parse_file, supported_suffixes
from .parsers.provenance import is_companion, source_digest


@dataclass
class IndexReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # companion files, other formats
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
        and not is_companion(path)  # metadata beside a document is read with that document
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
        # the same document in another format (its .xml and .html): stored once
        report.skipped.append((shown, f"zelfde document ({letter.id}) als {other}, dat al is opgenomen"))
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
    """The content hash of a file (read in blocks, so a huge file costs no memory before its size
    is checked) and of the companion files beside it, as the parsers compute it."""
    import hashlib

    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return source_digest(path, digest.hexdigest())  # the parser hashes the same way


def _under_roots(shown: str, roots: list[Path]) -> bool:
    path = Path(shown).resolve()
    for root in roots:
        root = root.resolve()
        if path == root or root in path.parents:
            return True
    return False
