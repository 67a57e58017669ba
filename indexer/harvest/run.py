"""One harvest run: page through each source, store what is new or changed, remove what TK
deleted, and keep the state so that the next run continues from here.

A letter that both sources list (a TK "Brief regering" that KOOP published as a Kamerstuk)
is stored once, under its publication identifier: KOOP's XML is the text; TK's metadata (its
document number, ``KenmerkAfzender``, ``Organisatie``) goes in the letter's harvest record.
A letter only TK has is stored as TK's file (PDF or DOCX) until KOOP publishes it.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from . import koop, tk
from .files import check_file
from .http import Client, FetchError
from .model import Publication, safe_key
from .store import (
    RECORD_SUFFIX,
    STATE_DIR,
    State,
    StoredLetter,
    clean_temporary_files,
    harvest_record,
    letter_files,
    remove_quietly,
    write_atomic,
    year_folder,
)

SOURCES = ("koop", "tk")
TOMBSTONE_CURSOR = "tk|verwijderd"
TOMBSTONE_MARGIN = _dt.timedelta(days=1)  # clocks differ; a deletion seen twice does no harm
RETRY_RUNS = 3  # a letter whose files fail is tried again in this many runs, then left until it changes


@dataclass
class HarvestOptions:
    corpus: Path
    sources: tuple[str, ...] = SOURCES
    date_from: _dt.date | None = None
    date_to: _dt.date | None = None
    koop_url: str = koop.SRU_URL
    tk_url: str = tk.ODATA_URL
    koop_kinds: tuple[str, ...] = koop.LETTER_KINDS
    tk_kinds: tuple[str, ...] = tk.LETTER_KINDS
    tk_expand: str | None = tk.EXPAND
    tk_resource: str = tk.RESOURCE_TEMPLATE
    with_pdf: bool = False
    page_size: int | None = None  # default: each source's own (100 for KOOP, 250 for TK)
    limit: int | None = None  # at most this many letters stored per source in this run


@dataclass
class HarvestReport:
    fetched: list[str] = field(default_factory=list)  # letters new in the corpus
    updated: list[str] = field(default_factory=list)  # letters whose files or record changed
    removed: list[str] = field(default_factory=list)  # letters TK deleted
    skipped: int = 0  # listed, nothing to do: unchanged, or not a letter
    failed: list[tuple[str, str]] = field(default_factory=list)  # (identifier, reason)
    requests: int = 0

    def summary(self) -> str:
        return (f"{len(self.fetched)} opgehaald, {len(self.updated)} bijgewerkt, {len(self.removed)} verwijderd, "
                f"{self.skipped} overgeslagen, {len(self.failed)} mislukt")


Progress = Callable[[int, int | None, str], None]


class Harvester:
    def __init__(self, options: HarvestOptions, client: Client | None = None, progress: Progress | None = None,
                 now: Callable[[], _dt.datetime] = lambda: _dt.datetime.now(_dt.timezone.utc)):
        self.options = options
        self.client = client or Client()
        self.progress = progress
        self.now = now
        self.corpus = options.corpus
        self.report = HarvestReport()
        self.done = 0
        self.expected: int | None = None
        self.stored_in_source = 0
        self.tried: set[tuple[str, str]] = set()  # (source, source id) handled in this run

    def run(self) -> HarvestReport:
        self.corpus.mkdir(parents=True, exist_ok=True)
        clean_temporary_files(self.corpus)
        self.state = State(self.corpus)
        try:
            for source in self.options.sources:
                self.stored_in_source = 0
                self._retry_failed(source)
                if source == "koop":
                    self._harvest_koop()
                else:
                    self._harvest_tk()
        finally:
            self.state.close()
            self.report.requests = self.client.requests_made
        return self.report

    # --- KOOP ---------------------------------------------------------------------------

    def _harvest_koop(self) -> None:
        o = self.options
        name = "|".join(["koop", str(o.date_from), str(o.date_to), ",".join(o.koop_kinds)])
        cursor = self.state.cursor(name)
        current = cursor.get("pass") or {"started": self.now().date().isoformat(), "start": 1}
        since = _dt.date.fromisoformat(cursor["since"]) if cursor.get("since") else None
        self.state.save_cursor(name, {**cursor, "pass": current})
        cql = koop.query(o.koop_kinds, o.date_from, o.date_to, since)
        size = o.page_size or koop.PAGE_SIZE
        start = current["start"]
        while True:
            url = koop.page_url(o.koop_url, cql, start, size)
            try:
                page = koop.parse_page(self.client.get(url, "application/xml", koop.check_page).body)
            except (FetchError, koop.SruError) as exc:
                self.report.failed.append((f"KOOP SRU (vanaf record {start})", str(exc)))
                return
            if page.total is not None:  # an estimate, by the service's own account
                self._expect(max(len(page.records), page.total - start + 1))
            for record in page.records:
                pub = koop.publication(record, o.koop_kinds, o.with_pdf)
                if pub is None:
                    self.report.skipped += 1
                    self._tick("(geen brief)")
                elif not self._harvest(pub):
                    return
            if page.next_position is None or page.next_position <= start or not page.records:
                break
            start = page.next_position
            self.state.save_cursor(name, {**cursor, "pass": {**current, "start": start}})
        self.state.save_cursor(name, {"since": current["started"], "pass": None})

    def _store_koop(self, pub: Publication, row: StoredLetter | None) -> str:
        if row and row.koop_version == pub.version and row.origin == "koop" and self._present(row):
            return "skipped"
        fetched = self._fetch(pub)
        entry = {"url": pub.url, "date": _iso(pub.date), "record": pub.record}
        letter = StoredLetter(
            key=pub.key, folder=year_folder(pub.date), document=pub.key + _suffix(pub, "document"), origin="koop",
            koop_version=pub.version, koop=entry,
            tk_id=row.tk_id if row else None, tk_version=row.tk_version if row else None, tk=row.tk if row else None,
        )
        self._write(letter, fetched, replacing=row)
        return "fetched" if row is None or row.document is None else "updated"

    # --- TK -----------------------------------------------------------------------------

    def _harvest_tk(self) -> None:
        o = self.options
        if not self.state.cursor(TOMBSTONE_CURSOR):
            # deletions matter from the first letter stored on: earlier ones were never here
            since = (self.now() - TOMBSTONE_MARGIN).strftime("%Y-%m-%dT%H:%M:%SZ")
            self.state.save_cursor(TOMBSTONE_CURSOR, {"after": since, "done_at": []})
        name = "|".join(["tk", str(o.date_from), str(o.date_to), ",".join(o.tk_kinds)])
        finished = self._page_tk(name, tk.letters_filter(o.tk_kinds, o.date_from, o.date_to), o.tk_expand,
                                 self._tk_letter)
        if finished and self.state.has_tk_letters():
            self._page_tk(TOMBSTONE_CURSOR, tk.TOMBSTONE_FILTER, None, self._tk_tombstone)

    def _page_tk(self, name: str, condition: str, expand: str | None, handle) -> bool:
        """Every entity matching ``condition`` changed since the cursor, in change order;
        False when the listing failed or the run's limit was reached."""
        size = min(self.options.page_size or tk.PAGE_SIZE, tk.PAGE_SIZE)
        cursor = self.state.cursor(name) or {"after": None, "done_at": []}
        skip = 0
        while True:
            after, done_at = cursor["after"], cursor["done_at"]
            url = tk.page_url(self.options.tk_url, condition, after, skip, size, expand)
            try:
                page = tk.parse_page(self.client.get(url, "application/json", tk.check_page).body)
            except FetchError as exc:
                self.report.failed.append((f"TK OData (gewijzigd vanaf {after or 'het begin'})", str(exc)))
                return False
            if page.total is not None:
                self._expect(page.total - len(done_at))
            fresh = [e for e in page.entities if not (tk.change_stamp(e) == after and e["Id"] in done_at)]
            if not fresh and len(page.entities) >= size and all(tk.change_stamp(e) == after for e in page.entities):
                skip += len(page.entities)  # more than a page changed at this very moment
                continue
            skip = 0
            for entity in fresh:
                carry_on = handle(entity)
                cursor = _advance(cursor, entity)
                self.state.save_cursor(name, cursor)
                if not carry_on:
                    return False
            if not fresh or (len(page.entities) < size and not page.next_link):
                return True

    def _tk_letter(self, entity: dict) -> bool:
        o = self.options
        if tk.is_tombstone(entity):
            return self._tk_tombstone(entity)
        if entity.get("Soort") not in o.tk_kinds or not tk.in_range(entity, o.date_from, o.date_to):
            return True  # outside what was asked for (the range is widened by a day on the server)
        return self._harvest(tk.publication(entity, o.tk_url, o.tk_resource))

    def _tk_tombstone(self, entity: dict) -> bool:
        if not tk.is_tombstone(entity):
            return True
        with self.state.transaction():
            self.state.drop_retry("tk", entity["Id"])  # a file that failed is gone for good
        row = self.state.letter_of_tk(entity["Id"])
        if row is not None:
            removed = self._detach_tk(row)
            (self.report.removed if removed else self.report.updated).append(row.key)
            self._tick(row.key)
        return True

    def _store_tk(self, pub: Publication, row: StoredLetter | None) -> str:
        previous = self.state.letter_of_tk(pub.source_id)
        if previous and previous.key != pub.key:  # TK now links it to another publication
            self._detach_tk(previous)
            row = self.state.letter(pub.key)
        if row and row.tk_id == pub.source_id and row.tk_version == pub.version and self._present(row):
            return "skipped"
        entry = {"url": pub.url, "date": _iso(pub.date), "record": pub.record}
        tk_fields = {"tk_id": pub.source_id, "tk_version": pub.version, "tk": entry}
        if row and row.origin == "koop" and self._present(row):
            # the published text is stored already; TK adds its metadata beside it
            joined = replace(row, **tk_fields)
            self._write(joined, {}, replacing=row)
            return "updated"
        fetched = self._fetch(pub)
        letter = StoredLetter(
            key=pub.key, folder=year_folder(pub.date), document=pub.key + _suffix(pub, "document"), origin="tk",
            koop_version=None, koop=None, **tk_fields,
        )
        self._write(letter, fetched, replacing=row)
        return "fetched" if row is None or row.document is None else "updated"

    def _detach_tk(self, row: StoredLetter) -> bool:
        """TK no longer lists this letter: remove it if TK's file is all there is (True),
        else drop TK's metadata from it (False)."""
        if row.origin == "tk":
            with self.state.transaction():
                self.state.forget_letter(row.key)
            for path in letter_files(self.corpus, row):
                remove_quietly(path)
            return True
        kept = replace(row, tk_id=None, tk_version=None, tk=None)
        self._write(kept, {}, replacing=row)
        return False

    # --- shared -------------------------------------------------------------------------

    def _harvest(self, pub: Publication) -> bool:
        """Store one publication, report how it went; False when the run's limit is reached."""
        label = pub.key or pub.source_id
        if (pub.source, pub.source_id) in self.tried:  # a retry earlier in this run, listed again
            self.report.skipped += 1
        elif not safe_key(pub.key) or pub.problem:  # the record itself lacks something: not worth a retry
            self.report.failed.append((_who(pub), pub.problem or f"onbruikbare sleutel {pub.key!r}"))
        else:
            row = self.state.letter(pub.key)
            try:
                outcome = (self._store_koop if pub.source == "koop" else self._store_tk)(pub, row)
            except FetchError as exc:
                self._fail_for_now(pub, f"{exc} ({exc.url})")
            else:
                self._count(outcome, pub.key)
                with self.state.transaction():
                    self.state.drop_retry(pub.source, pub.source_id)
        self.tried.add((pub.source, pub.source_id))
        self._tick(label)
        return self.options.limit is None or self.stored_in_source < self.options.limit

    def _count(self, outcome: str, key: str) -> None:
        if outcome == "skipped":
            self.report.skipped += 1
            return
        (self.report.fetched if outcome == "fetched" else self.report.updated).append(key)
        self.stored_in_source += 1

    def _fail_for_now(self, pub: Publication, reason: str) -> None:
        """A file could not be fetched: report it, and try again on the next run (the pass goes
        on, and a letter that does not change is not listed again)."""
        self.report.failed.append((_who(pub), reason))
        with self.state.transaction():
            self.state.add_retry(pub.source, pub.source_id, pub.to_json(), reason)

    def _retry_failed(self, source: str) -> None:
        for data in self.state.retries(source, RETRY_RUNS):
            self._harvest(Publication.from_json(data))

    def _fetch(self, pub: Publication) -> dict[str, tuple[str, bytes]]:
        """role -> (suffix, body) of every file of the publication; FetchError if one fails."""
        return {
            f.role: (f.suffix, self.client.get(f.url, check=check_file(f.suffix)).body)
            for f in pub.files
        }

    def _write(self, letter: StoredLetter, fetched: dict[str, tuple[str, bytes]], replacing: StoredLetter | None) -> None:
        """Put a letter's files in place (companions first, the document last), remove what the
        version it replaces had and this one has not, then commit the state. Without fetched
        files only the harvest record changes."""
        folder = self.corpus / letter.folder
        targets: dict[Path, bytes] = {}
        if "metadata" in fetched:
            targets[folder / f"{letter.key}{fetched['metadata'][0]}"] = fetched["metadata"][1]
        if "pdf" in fetched:
            targets[self.corpus / STATE_DIR / "pdf" / f"{letter.key}.pdf"] = fetched["pdf"][1]
        targets[folder / f"{letter.key}{RECORD_SUFFIX}"] = harvest_record(
            letter.key, _official_url(letter), letter.koop, letter.tk)
        if "document" in fetched:
            targets[folder / letter.document] = fetched["document"][1]
        for path, body in targets.items():
            write_atomic(path, body)
        if replacing is not None and fetched:
            for path in letter_files(self.corpus, replacing):
                if path not in targets:
                    remove_quietly(path)
        with self.state.transaction():
            self.state.save_letter(letter)

    def _present(self, row: StoredLetter) -> bool:
        return bool(row.document) and (self.corpus / row.folder / row.document).is_file()

    def _expect(self, remaining: int) -> None:
        self.expected = self.done + max(0, remaining)

    def _tick(self, label: str) -> None:
        self.done += 1
        if self.progress:
            self.progress(self.done, self.expected, label)


def _who(pub: Publication) -> str:
    return f"{pub.source.upper()} {pub.key or pub.source_id}"


def _advance(cursor: dict, entity: dict) -> dict:
    stamp = tk.change_stamp(entity)
    if stamp == cursor["after"]:
        return {"after": stamp, "done_at": cursor["done_at"] + [entity["Id"]]}
    return {"after": stamp, "done_at": [entity["Id"]]}


def _suffix(pub: Publication, role: str) -> str:
    return next(f.suffix for f in pub.files if f.role == role)


def _official_url(letter: StoredLetter) -> str | None:
    """KOOP's page when the letter is published there, else TK's."""
    for entry in (letter.koop, letter.tk):
        if entry and entry.get("url"):
            return entry["url"]
    return None


def _iso(day: _dt.date | None) -> str | None:
    return day.isoformat() if day else None
