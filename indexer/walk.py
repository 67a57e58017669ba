"""Finding the letter files in corpus folders, reading nothing but regular files inside them.

A corpus folder may hold anything a user or an unzip leaves: FIFOs and device nodes (reading
one blocks or never ends), symbolic links to anywhere (to /, to /etc/passwd, to each other in
a loop), names that are not valid UTF-8. The walk reads none of these: each is reported with
a one-line reason and the rest is indexed. By default no symbolic link is followed; with
``follow_links`` a link is followed only when its target lies inside one of the corpus
folders. A file reached by two names (a link, a hard link) is one letter, under the first name.
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Iterable

from .parsers.provenance import is_companion

# Documentation that lives beside letters in a corpus folder, not letters themselves.
NOT_LETTERS = ("readme", "sources", "license", "licence", "changelog")


@dataclass(frozen=True)
class CorpusFile:
    location: str  # the regular file to read (for a followed link: its target)
    root: Path  # the corpus folder it was found in, resolved
    relative: str  # its name inside that folder ("2021/brief.md"): the letter's source.path
    status: list[int] | None = field(default=None, compare=False)  # its ``stat_signature`` as the walk found it

    @cached_property
    def path(self) -> Path:
        # made only for the files a run reads: for an unchanged one a Path costs more than its stat
        return Path(self.location)

    @cached_property
    def key(self) -> str:
        """Its identity in the index: two corpus folders may both hold a "brief.md"."""
        return os.path.join(self.root, self.relative)  # a run asks every file's several times

    @property
    def shown(self) -> str:
        return display_path(self.key)


@dataclass
class Walk:
    files: list[CorpusFile] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason): left out on purpose
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, reason): meant as a letter, unreadable
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (path, "zelfde bestand als ...")


def display_path(path: Path | str) -> str:
    """A path as a user reads it: relative to the working directory when below it; a name that
    is not valid UTF-8 with its odd bytes escaped, so it can be printed and stored."""
    text, cwd = str(path), _resolved(os.getcwd())
    if text == cwd:
        text = "."
    elif text.startswith(cwd.rstrip(os.sep) + os.sep):
        text = text[len(cwd.rstrip(os.sep)) + 1:]
    return printable(text)


@lru_cache(maxsize=8)
def _resolved(folder: str) -> str:
    # resolved once per working directory: a run shows every file it finds unchanged
    return str(Path(folder).resolve())


def _shown(entry: os.DirEntry) -> str:
    """An entry's path as reported: worked out only for the entries the walk reports, as
    it costs more than the rest of the walk of a file."""
    return display_path(Path(entry.path))


def printable(name: str) -> str:
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def is_letter_name(name: str, suffixes: set[str]) -> bool:
    stem, dot, suffix = name.lower().rpartition(".")  # as Path(name).stem and .suffix, cheaper
    return (
        not name.startswith(".")
        and bool(dot and stem and suffix)
        and f".{suffix}" in suffixes
        and not stem.startswith(NOT_LETTERS)
        and not is_companion(name)  # metadata beside a document is read with that document
    )


def walk(paths: Iterable[str | Path], suffixes: set[str], follow_links: bool = False) -> Walk:
    """The letter files under ``paths`` (folders or files named on the command line), sorted."""
    result = Walk()
    roots = []
    for given in paths:
        try:
            roots.append((given, Path(given).resolve(strict=True)))
        except FileNotFoundError:
            result.failed.append((printable(str(given)), "bestand of map bestaat niet"))
        except (OSError, RuntimeError) as exc:
            result.failed.append((printable(str(given)), _link_error(exc)))
    walker = _Walker(result, suffixes, follow_links, [root for _, root in roots])
    for given, root in roots:
        mode = os.stat(root).st_mode
        if stat.S_ISDIR(mode):
            walker.folder(root, root, "")
        elif stat.S_ISREG(mode):  # a file named on the command line is read whatever its name
            walker.add(CorpusFile(str(root), root.parent, root.name))
        else:
            result.failed.append((printable(str(given)), f"geen gewoon bestand ({file_kind(mode)})"))
    walker.finish()
    return result


class _Walker:
    def __init__(self, result: Walk, suffixes: set[str], follow_links: bool, roots: list[Path]):
        self.result, self.suffixes, self.follow_links, self.roots = result, suffixes, follow_links, roots
        self.folders_seen: set[tuple[int, int]] = set()
        self.files_seen: dict[tuple[int, int], CorpusFile] = {}
        self.found: list[tuple[CorpusFile, bool, tuple[int, int] | None]] = []  # (file, through a link, identity)

    def folder(self, path: Path, root: Path, relative: str) -> None:
        try:
            identity = _identity(os.stat(path))
            if identity in self.folders_seen:
                return  # reached again through a followed link
            self.folders_seen.add(identity)
            entries = sorted(os.scandir(path), key=lambda e: e.name)
        except OSError as exc:
            self.result.failed.append((display_path(path), f"map niet leesbaar: {exc.strerror or exc}"))
            return
        for entry in entries:
            if not entry.name.startswith("."):
                self.entry(entry, root, f"{relative}{entry.name}")

    def entry(self, entry: os.DirEntry, root: Path, relative: str) -> None:
        if not _valid_name(entry.name):
            self.result.failed.append((_shown(entry), "naam is geen geldige UTF-8; geef het bestand een andere naam"))
            return
        try:
            status = entry.stat(follow_symlinks=False)
        except OSError as exc:
            self.result.failed.append((_shown(entry), f"niet leesbaar: {exc.strerror or exc}"))
            return
        mode = status.st_mode
        if stat.S_ISLNK(mode):
            self.link(Path(entry.path), root, relative, _shown(entry))
        elif stat.S_ISDIR(mode):
            self.folder(Path(entry.path), root, relative + "/")
        elif stat.S_ISREG(mode):
            if is_letter_name(entry.name, self.suffixes):
                self.add(CorpusFile(entry.path, root, relative, stat_signature(status)), identity=_identity(status))
        else:
            self.result.skipped.append((_shown(entry), f"geen gewoon bestand ({file_kind(mode)}); niet gelezen"))

    def link(self, path: Path, root: Path, relative: str, shown: str) -> None:
        try:
            target = path.resolve(strict=True)
        except FileNotFoundError:
            self.result.failed.append((shown, "symbolische link naar iets dat niet bestaat"))
            return
        except (OSError, RuntimeError) as exc:
            self.result.failed.append((shown, _link_error(exc)))
            return
        if not self.follow_links:
            self.result.skipped.append((shown, "symbolische link, niet gevolgd (--follow-links volgt links binnen de corpusmappen)"))
            return
        if not any(target == r or r in target.parents for r in self.roots):
            self.result.skipped.append((shown, "symbolische link naar buiten de corpusmappen; niet gevolgd"))
            return
        mode = os.stat(target).st_mode
        if stat.S_ISDIR(mode):
            self.folder(target, root, relative + "/")
        elif stat.S_ISREG(mode):
            if is_letter_name(path.name, self.suffixes):
                self.add(CorpusFile(str(target), root, relative), through_link=True)
        else:
            self.result.skipped.append((shown, f"link naar iets dat geen gewoon bestand is ({file_kind(mode)}); niet gelezen"))

    def add(self, file: CorpusFile, through_link: bool = False, identity: tuple[int, int] | None = None) -> None:
        self.found.append((file, through_link, identity))

    def finish(self) -> None:
        """One file, one letter: of the names that reach one file, a real name before a link,
        then the first in order."""
        for file, _, identity in sorted(self.found, key=lambda f: (f[1], f[0].key)):
            try:
                identity = identity or _identity(os.stat(file.path))  # a file's own entry had it
            except OSError as exc:
                self.result.failed.append((file.shown, f"niet leesbaar: {exc.strerror or exc}"))
                continue
            first = self.files_seen.setdefault(identity, file)
            if first is file:
                self.result.files.append(file)
            else:
                self.result.duplicates.append((file.shown, f"zelfde bestand als {first.shown}"))
        self.result.files.sort(key=lambda f: f.key)


def stat_signature(st: os.stat_result) -> list[int]:
    """What tells a file changed without reading it (``indexer.filestate``)."""
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def _identity(st: os.stat_result) -> tuple[int, int]:
    return st.st_dev, st.st_ino


def _valid_name(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # os.fsdecode kept undecodable bytes as surrogates
        return False
    return True


def _link_error(exc: BaseException) -> str:
    if isinstance(exc, RuntimeError) or getattr(exc, "errno", None) == 40:  # ELOOP
        return "symbolische links die in een kring naar elkaar wijzen"
    return f"niet leesbaar: {getattr(exc, 'strerror', None) or exc}"


def file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "apparaat"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "onbekende soort"
