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
from functools import lru_cache
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import Iterable

from .parsers.provenance import is_companion

# Documentation that lives beside letters in a corpus folder, not letters themselves.
NOT_LETTERS = ("readme", "sources", "license", "licence", "changelog")


class CorpusFile:
    """A letter file the walk found. Made for each of the 150,000 files of the whole record on
    every run, most of them unchanged: so a plain class with its key made at once, and its
    ``Path`` only when the file is read."""

    __slots__ = ("location", "root", "relative", "status", "key", "_path")

    def __init__(self, location: str, root: Path, relative: str, status: list[int] | None = None,
                 key: str | None = None):
        self.location = location  # the regular file to read (for a followed link: its target)
        self.root = root  # the corpus folder it was found in, resolved
        self.relative = relative  # its name inside that folder ("2021/brief.md"): the letter's source.path
        self.status = status  # its ``stat_signature`` as the walk found it
        # its identity in the index: two corpus folders may both hold a "brief.md"
        self.key = key or os.path.join(root, relative)
        self._path: Path | None = None

    @property
    def path(self) -> Path:
        if self._path is None:
            self._path = Path(self.location)
        return self._path

    @property
    def shown(self) -> str:
        return display_path(self.key)

    def __getstate__(self):  # sent to the parsing workers
        return self.location, self.root, self.relative, self.status, self.key

    def __setstate__(self, state) -> None:
        self.__init__(*state)

    def __repr__(self) -> str:
        return f"CorpusFile({self.key!r})"


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
            entries = sorted(os.scandir(path), key=attrgetter("name"))
        except OSError as exc:
            self.result.failed.append((display_path(path), f"map niet leesbaar: {exc.strerror or exc}"))
            return
        keys = os.path.join(root, relative, "")  # the key of each file is this and its name
        for entry in entries:
            if not entry.name.startswith("."):
                self.entry(entry, root, relative, keys)

    def entry(self, entry: os.DirEntry, root: Path, folder: str, keys: str) -> None:
        name = entry.name
        if not _valid_name(name):
            self.result.failed.append((_shown(entry), "naam is geen geldige UTF-8; geef het bestand een andere naam"))
            return
        try:
            status = entry.stat(follow_symlinks=False)
        except OSError as exc:
            self.result.failed.append((_shown(entry), f"niet leesbaar: {exc.strerror or exc}"))
            return
        mode = status.st_mode
        if stat.S_ISREG(mode):
            if is_letter_name(name, self.suffixes):
                file = CorpusFile(entry.path, root, folder + name, stat_signature(status), keys + name)
                self.found.append((file, False, _identity(status)))
        elif stat.S_ISLNK(mode):
            self.link(Path(entry.path), root, folder + name, _shown(entry))
        elif stat.S_ISDIR(mode):
            self.folder(Path(entry.path), root, folder + name + "/")
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
        self.found.sort(key=lambda found: found[0].key)
        self.found.sort(key=itemgetter(1))  # stable: real names first, each kind in key order
        for file, _, identity in self.found:
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
        self.result.files.sort(key=attrgetter("key"))


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
