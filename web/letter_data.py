"""The data of a letter page: one function builds it from the letter and the request.

Passages come in sections under their headings, the query's words marked in both; each
passage has the link that shares it; the search the reader came from gives the way back;
a link's passage fingerprint says which passage it meant, also after a renumbering.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from flask import abort, current_app
from markupsafe import Markup, escape
from werkzeug.datastructures import MultiDict

from indexer.cleaning import FOOTNOTE_MARKER
from indexer.highlight import Marking, mark_all
from indexer.model import LETTER_ID
from indexer.query import QueryError
from indexer.references import official_url

from .fingerprint import FINGERPRINT, Located, locate
from .service import search_service
from .urls import letter_path, passage_path, search_path, search_state

# A letter made up for a test or a demo says so near its start, as the letters in
# tests/data do: "Voorbeeldbrief, geschreven voor de tests van Kamerzoek; geen echte
# Kamerbrief." The pages then mark it wherever it is shown, so it is never taken for real.
MADE_MARK = re.compile(r"^Voorbeeld\w*, (?:geschreven|gemaakt) voor [^;]{1,100}; geen echte \w+\.")
MADE_MARK_WITHIN = 3  # passages: after the salutation or the addressee
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")


@dataclass
class PassageRow:
    passage: object
    html: Markup
    share: str  # the path that shares this passage

    @property
    def hit(self) -> bool:
        return "<mark>" in self.html


@dataclass
class Section:
    heading: str | None
    heading_html: Markup | None
    rows: list[PassageRow]


@dataclass
class LetterData:
    letter: object
    sections: list[Section]
    q: str
    error: str | None  # a malformed q: the letter is shown unmarked, with the message
    back: str | None  # the search the reader came from
    references: list["ReferenceLink"]
    has_source_file: bool
    ps: str | None  # the fingerprint of the passage a link meant
    linked: Located | None

    @property
    def made(self) -> bool:
        return is_made(self.letter)

    @property
    def first_hit(self) -> str | None:
        return next((row.passage.anchor for s in self.sections for row in s.rows if row.hit), None)

    @property
    def linked_anchors(self) -> list[str]:
        return self.linked.anchors if self.linked else []

    @property
    def publication_url(self) -> str | None:
        """The official publication's address; only a web address is ever a link."""
        url = self.letter.source.url
        return url if url and url.startswith(("https://", "http://")) else None

    @property
    def cited_path(self) -> str:
        """The passage a link pointed at, else the letter."""
        rows = [row for s in self.sections for row in s.rows if row.passage.anchor in self.linked_anchors]
        return rows[0].share if rows else letter_path(self.letter.id)

    @property
    def citation(self) -> str:
        """A line to paste into a memo: title, ministry, kenmerk, date, Kamerstuk (the page adds
        the address of the passage)."""
        letter = self.letter
        parts = [f"“{letter.subject}”" if letter.subject else "Kamerbrief",
                 letter.ministry,
                 letter.kenmerk and f"kenmerk {letter.kenmerk}",
                 letter.date and long_date(letter.date),
                 letter.kamerstuk and f"Kamerstuk {letter.kamerstuk}"]
        return ", ".join(p for p in parts if p) + "."


def is_made(letter) -> bool:
    return any(MADE_MARK.match(p.text) for p in letter.passages[:MADE_MARK_WITHIN])


def load_letter(letter_id: str):
    letter = search_service().get_letter(letter_id) if LETTER_ID.match(letter_id.lower()) else None
    if letter is None:
        abort(404, description=f"Er is geen brief met id '{letter_id[:160]}'.")
    return letter


def letter_data(letter_id: str, args: MultiDict) -> LetterData:
    letter = load_letter(letter_id)
    q = (args.get("q") or "").strip()
    terms, error = Marking(), None
    if q:
        try:
            terms = search_service().highlight_terms(q)
        except QueryError as exc:  # the letter still shows, unmarked, with the message
            error = str(exc)
    state = search_state(args)
    ps = args.get("ps") if FINGERPRINT.match(args.get("ps") or "") else None
    return LetterData(
        letter=letter,
        sections=_sections(letter, terms),
        q=q,
        error=error,
        back=search_path(state) if state else None,
        references=[_reference_link(ref) for ref in letter.references],
        has_source_file=source_file(letter) is not None,
        ps=ps,
        linked=locate(letter.passages, ps) if ps else None,
    )


def _sections(letter, terms) -> list[Section]:
    """Consecutive passages under the same heading, as one section; each passage shared by
    a plain link (no query: the one who receives it did not search)."""
    linker = FootnoteLinker()
    sections: list[Section] = []
    for passage in letter.passages:
        if not sections or passage.heading != sections[-1].heading:
            heading_html = Markup(mark_all(passage.heading, terms)) if passage.heading else None
            sections.append(Section(passage.heading, heading_html, []))
        html = Markup(FOOTNOTE_MARKER.sub(linker, mark_all(passage.text, terms)))
        sections[-1].rows.append(PassageRow(passage, html, passage_path(letter, passage.anchor)))
    return sections


class FootnoteLinker:
    """Turns "[^N]" markers into links to footnote N; the first marker of N gets the id
    the footnote links back to."""

    def __init__(self):
        self.seen: set[str] = set()

    def __call__(self, match: re.Match) -> str:
        number = str(escape(match.group(1)))
        anchor = "" if number in self.seen else f' id="fnref-{number}"'
        self.seen.add(number)
        return f'<sup{anchor}><a href="#fn-{number}" aria-label="voetnoot {number}">{number}</a></sup>'


@dataclass
class ReferenceLink:
    ref: object
    url: str  # the cited document: in Kamerzoek, else its official publication, else a search
    external: bool  # the official publication, outside Kamerzoek
    citing: str  # a search for the letters that cite it


def _reference_link(ref) -> ReferenceLink:
    """The cited document inside Kamerzoek when it is indexed, else its official publication
    (officielebekendmakingen.nl, rechtspraak.nl), else the search for the letters citing it."""
    citing = search_path([("q", f'"{ref.text}"' if ref.kind == "motie" else f"ref:{ref.target}")])
    indexed = search_service().letter_id_of_kamerstuk(ref.target) if ref.kind == "kamerstuk" else None
    if indexed:
        return ReferenceLink(ref, letter_path(indexed), False, citing)
    official = official_url(ref)
    return ReferenceLink(ref, official or citing, official is not None, citing)


def source_file(letter) -> Path | None:
    """The file the letter was read from, only when it lies inside a configured corpus folder.
    Its path is relative to its corpus folder (older indexes: to the indexer's working folder).
    Where two folders hold a file of that name, the one with the letter's content hash is it."""
    found = []
    for corpus in current_app.config.get("CORPUS_DIRS", []):
        root = Path(corpus).resolve()
        for candidate in (root / letter.source.path, Path(letter.source.path)):
            try:
                resolved = candidate.resolve(strict=True)
            except (OSError, RuntimeError):
                continue
            if root in resolved.parents and resolved.is_file() and resolved not in found:
                found.append(resolved)
    if len(found) > 1:
        found = [path for path in found if _sha256(path) == letter.source.sha256] or found
    return found[0] if found else None


def _sha256(path: Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def long_date(date) -> str:
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"
