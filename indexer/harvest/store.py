"""The harvest's corpus folder and its state file.

Layout (one folder per year of the letter's date, one stem per letter)::

    <corpus>/2021/kst-22112-3185.xml             the letter as published (XML, PDF or DOCX)
    <corpus>/2021/kst-22112-3185.metadata.xml    officielebekendmakingen' metadata.xml, as published
    <corpus>/2021/kst-22112-3185.harvest.json    where it came from: official address, source records
    <corpus>/.harvest/state.sqlite               how far each source got; what is stored
    <corpus>/.harvest/pdf/kst-22112-3185.pdf     the typeset PDF (--with-pdf), kept out of the index

Every file is written under a temporary name beginning with a dot (which the indexer never
reads) and renamed when whole, so a crash leaves no half file. The state is SQLite: each
letter's files are committed in one transaction after they are in place, so a run killed at
any moment resumes without losing or fetching again what it finished.
"""
from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ..parsers.provenance import RECORD_SUFFIX

STATE_DIR = ".harvest"
NO_DATE_FOLDER = "zonder-datum"
_TEMP_PREFIX = ".part-"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS letters (
    key TEXT PRIMARY KEY,
    folder TEXT NOT NULL,           -- relative to the corpus
    document TEXT,                  -- file name of the letter itself; NULL: nothing stored
    origin TEXT,                    -- the source the stored document came from
    koop_version TEXT, koop TEXT,   -- the KOOP record (JSON) and its change stamp
    tk_id TEXT, tk_version TEXT, tk TEXT
);
CREATE INDEX IF NOT EXISTS letters_tk_id ON letters (tk_id);
CREATE TABLE IF NOT EXISTS cursors (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS retry (
    source TEXT, source_id TEXT, publication TEXT NOT NULL, reason TEXT,
    runs INTEGER NOT NULL DEFAULT 1,  -- runs in which it failed
    PRIMARY KEY (source, source_id)
);
"""


@dataclass
class StoredLetter:
    key: str
    folder: str
    document: str | None
    origin: str | None
    koop_version: str | None
    koop: dict | None
    tk_id: str | None
    tk_version: str | None
    tk: dict | None

    def version_of(self, source: str) -> str | None:
        return self.koop_version if source == "koop" else self.tk_version


class State:
    def __init__(self, corpus: Path):
        folder = corpus / STATE_DIR
        folder.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(folder / "state.sqlite", isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")  # WAL: a commit survives a killed process
        self.db.executescript(_SCHEMA)

    def close(self) -> None:
        self.db.close()

    # --- letters ---
    def letter(self, key: str) -> StoredLetter | None:
        return self._one("SELECT * FROM letters WHERE key = ?", key)

    def letter_of_tk(self, tk_id: str) -> StoredLetter | None:
        return self._one("SELECT * FROM letters WHERE tk_id = ?", tk_id)

    def has_tk_letters(self) -> bool:
        return self.db.execute("SELECT 1 FROM letters WHERE tk_id IS NOT NULL LIMIT 1").fetchone() is not None

    def _one(self, sql: str, arg: str) -> StoredLetter | None:
        row = self.db.execute(sql, (arg,)).fetchone()
        if row is None:
            return None
        key, folder, document, origin, koop_version, koop, tk_id, tk_version, tk = row
        return StoredLetter(key, folder, document, origin, koop_version, _load(koop), tk_id, tk_version, _load(tk))

    def save_letter(self, letter: StoredLetter) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO letters VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (letter.key, letter.folder, letter.document, letter.origin, letter.koop_version,
             _dump(letter.koop), letter.tk_id, letter.tk_version, _dump(letter.tk)),
        )

    def forget_letter(self, key: str) -> None:
        self.db.execute("DELETE FROM letters WHERE key = ?", (key,))

    # --- cursors: how far a source got ---
    def cursor(self, name: str) -> dict:
        row = self.db.execute("SELECT value FROM cursors WHERE name = ?", (name,)).fetchone()
        return json.loads(row[0]) if row else {}

    def save_cursor(self, name: str, value: dict) -> None:
        self.db.execute("INSERT OR REPLACE INTO cursors VALUES (?, ?)", (name, json.dumps(value)))

    # --- records whose files failed, tried again on the next runs ---
    def retries(self, source: str, max_runs: int) -> list[dict]:
        rows = self.db.execute("SELECT publication FROM retry WHERE source = ? AND runs < ? ORDER BY source_id",
                               (source, max_runs))
        return [json.loads(r[0]) for r in rows]

    def add_retry(self, source: str, source_id: str, publication: dict, reason: str) -> None:
        self.db.execute(
            "INSERT INTO retry VALUES (?, ?, ?, ?, 1) ON CONFLICT (source, source_id) "
            "DO UPDATE SET publication = excluded.publication, reason = excluded.reason, runs = runs + 1",
            (source, source_id, json.dumps(publication), reason))

    def drop_retry(self, source: str, source_id: str) -> None:
        self.db.execute("DELETE FROM retry WHERE source = ? AND source_id = ?", (source, source_id))

    def transaction(self):
        return _Transaction(self.db)


class _Transaction:
    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self):
        self.db.execute("BEGIN IMMEDIATE")
        return self

    def __exit__(self, kind, exc, tb):
        self.db.execute("ROLLBACK" if kind else "COMMIT")
        return False


def _dump(value: dict | None) -> str | None:
    return json.dumps(value, ensure_ascii=False, sort_keys=True) if value is not None else None


def _load(text: str | None) -> dict | None:
    return json.loads(text) if text else None


# --- files -----------------------------------------------------------------------------------

def year_folder(date) -> str:
    return str(date.year) if date else NO_DATE_FOLDER


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a dot-named temporary file beside ``path``, flush it to disk, rename it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f"{_TEMP_PREFIX}{os.getpid()}-{path.name}")
    with open(temp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(temp, path)


def remove_quietly(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass


def clean_temporary_files(corpus: Path) -> int:
    """Remove what a killed run left half-written (it never became visible under its name)."""
    removed = 0
    for temp in corpus.glob(f"**/{_TEMP_PREFIX}*"):
        remove_quietly(temp)
        removed += 1
    return removed


def harvest_record(key: str, url: str | None, koop: dict | None, tk: dict | None) -> bytes:
    """The companion that says where a harvested letter came from (read by
    ``indexer.parsers.provenance``)."""
    record = {"key": key, "url": url, "koop": koop, "tk": tk}
    return json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


def letter_files(corpus: Path, letter: StoredLetter) -> list[Path]:
    """Every file stored for a letter: its document and the companions beside it."""
    folder = corpus / letter.folder
    stems = [letter.key + suffix for suffix in (".xml", ".pdf", ".docx", ".metadata.xml", RECORD_SUFFIX)]
    return [folder / name for name in stems] + [corpus / STATE_DIR / "pdf" / f"{letter.key}.pdf"]
