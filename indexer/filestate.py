"""What the indexing run remembers of each file it hashed: the file's stat beside its sha256.

A file whose size, mtime, ctime and inode are as recorded, whose companion files are as
recorded and in whose companion folders nothing was added or removed, has the recorded
sha256 without being read (as git and rsync decide). Any difference, and a file never
recorded, is hashed as before, so what counts as changed stays what the content says.

The record is a cache beside the index (``STATE_FILE``), written after the commit: it only
says "a file with this stat had this sha256", which stays true whatever the index holds,
so a run killed before writing it costs hashing once more, never a missed change. A stat
taken within ``RACY_NS`` of a change to the file is not recorded: a write in the same tick
of the file system's clock would leave the stat as it was.
"""
from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Callable

from .parsers.companions import companion_folders
from .parsers.provenance import companion_files
from .walk import stat_signature

STATE_FILE = "source-stats.json"
RACY_NS = 1_000_000_000  # well above any file system's timestamp tick


def _file_stat(path: Path | str) -> list[int]:
    return stat_signature(os.stat(path))


class FileState:
    """The recorded stats of one index's files, by source key, for one run."""

    def __init__(self, entries: dict[str, list]):
        # key -> [sha256, path, file stat, [[companion folder, mtime], ...], [[companion, stat], ...]]
        self.entries = entries
        self.folder_mtimes: dict[str, int | None] = {}  # each folder stat'ed once per run

    @classmethod
    def load(cls, index_dir: str | Path) -> FileState:
        try:
            entries = json.loads((Path(index_dir) / STATE_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            entries = {}  # none yet (an index of an earlier version) or unreadable: all files are hashed
        return cls(entries if isinstance(entries, dict) else {})

    def recorded_sha(self, key: str, path: Path | str, walked: list[int] | None = None) -> str | None:
        """The file's sha256 if nothing about it changed since it was recorded; None if it
        must be read. ``walked``: the file's ``stat_signature`` as this run's walk took it,
        else it is stat'ed here. An unchanged file without companions costs that stat (and its
        folder's, once per folder)."""
        entry = self.entries.get(key)
        if not entry:
            return None
        try:
            sha, recorded_path, file_stat, folders, companions = entry
            if str(path) != recorded_path or (walked or _file_stat(path)) != file_stat:
                return None
            if any(self._folder_mtime(folder) != mtime for folder, mtime in folders):
                return None
            if any(_file_stat(companion) != recorded for companion, recorded in companions):
                return None
        except (OSError, TypeError, ValueError):
            return None
        return sha

    def signature(self, path: Path) -> list | None:
        """What ``recorded_sha`` compares, taken before the file is read; None if any part
        changed too recently to be trusted."""
        try:
            file_stat = _file_stat(path)
            companions = [[str(c), _file_stat(c)] for c in companion_files(path)]
        except OSError:
            return None
        folders = [[str(folder), self._folder_mtime(str(folder))] for folder in companion_folders(path)]
        recent = time.time_ns() - RACY_NS
        changes = [file_stat[2], *(stat[2] for _, stat in companions), *(m for _, m in folders if m is not None)]
        return None if max(changes) >= recent else [str(path), file_stat, folders, companions]

    def record(self, key: str, sha: str, signature: list | None) -> None:
        if signature is None:
            self.entries.pop(key, None)
        else:
            self.entries[key] = [sha, *signature]

    def save(self, index_dir: str | Path, keep: Callable[[str], bool]) -> None:
        """Write the entries of the keys ``keep`` accepts, replacing the file in one step; a
        failure only costs hashing again next run."""
        entries = {key: entry for key, entry in self.entries.items() if keep(key)}
        target = Path(index_dir) / STATE_FILE
        partial = target.with_name(f"{target.name}.{os.getpid()}.tmp")  # a run that just started may save too
        try:
            partial.write_text(json.dumps(entries, separators=(",", ":")), encoding="utf-8")
            os.replace(partial, target)
        except OSError:
            partial.unlink(missing_ok=True)

    def _folder_mtime(self, folder: str) -> int | None:
        if folder not in self.folder_mtimes:
            try:
                self.folder_mtimes[folder] = os.stat(folder).st_mtime_ns
            except OSError:
                self.folder_mtimes[folder] = None
        return self.folder_mtimes[folder]
