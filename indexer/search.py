"""The search service: the one entry point the CLI and the web share.

``SearchService.search`` takes a ``SearchRequest`` (query text, date range, facet filters,
sort, page) and returns a ``SearchResult``: ranked letters, each with its best passages as
highlighted snippets, plus facet counts that count letters. The searcher is opened once and
reused across requests; it is refreshed when an indexer has committed a newer generation.
"""
from __future__ import annotations

import threading
import time
from itertools import islice
from dataclasses import dataclass, field

from whoosh import query as Q

from . import facets as facet_counts
from .highlight import query_terms, snippet
from .cleaning import strip_markers
from .docsets import LetterSetCache, LetterSets
from .index import FACET_FIELDS, open_or_create, unpack_letter
from .model import Letter
from .query import QueryError, date_bounds, for_passages, parse_query
from .spelling import respell

SORTS = ("relevance", "date_desc", "date_asc")
MAX_PER_PAGE = 100
MAX_PAGE = 1000
PASSAGES_PER_HIT = 3
FEW_LETTERS = 3  # fewer hits than this invite a "did you mean"


@dataclass
class SearchRequest:
    q: str = ""
    date_from: str | None = None
    date_to: str | None = None
    filters: dict[str, list[str]] = field(default_factory=dict)  # facet name -> values (OR)
    sort: str = "relevance"
    page: int = 1
    per_page: int = 10

    def validate(self) -> None:
        if self.sort not in SORTS:
            raise QueryError(f"Onbekende sortering '{self.sort}'; kies uit {', '.join(SORTS)}.")
        unknown = set(self.filters) - set(FACET_FIELDS)
        if unknown:
            raise QueryError(f"Onbekend filter: {', '.join(sorted(unknown))}.")
        if not 1 <= self.per_page <= MAX_PER_PAGE:
            raise QueryError(f"per_page moet tussen 1 en {MAX_PER_PAGE} liggen.")
        self.page = min(max(1, self.page), MAX_PAGE)


@dataclass
class PassageHit:
    anchor: str
    heading: str | None
    snippet: str  # safe HTML: escaped text, <mark> around matched terms


@dataclass
class LetterHit:
    letter: Letter
    score: float
    passages: list[PassageHit]


@dataclass
class SearchResult:
    request: SearchRequest
    total: int
    hits: list[LetterHit]
    facets: dict[str, list[tuple[str, int]]]
    took_ms: float
    terms: frozenset[str] = frozenset()
    suggestion: str | None = None  # a respelled query that finds clearly more letters

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.request.per_page))


class SearchService:
    def __init__(self, index_dir: str):
        self.index_dir = index_dir
        self._lock = threading.Lock()
        self._ix = None
        # One searcher per thread: whoosh's segment readers seek and read shared file
        # objects, so two threads searching through one searcher corrupt each other's reads.
        self._local = threading.local()
        self._sets = LetterSetCache()

    # -- searcher lifecycle --------------------------------------------------------------

    def searcher(self):
        """This thread's searcher on the newest committed index, reused while it is current."""
        with self._lock:
            if self._ix is None:
                self._ix = open_or_create(self.index_dir)
            ix = self._ix
        searcher = getattr(self._local, "searcher", None)
        if searcher is None or not searcher.up_to_date():
            # A new searcher, not refresh(): refresh() reuses the readers of segments it
            # knows by id, and so keeps documents a later commit deleted from them.
            searcher = self._local.searcher = ix.searcher()
        return searcher

    def warm(self) -> None:
        """Build what the first search would otherwise build (the letter sets of every facet
        and of the dates, the compound word list), so a server's first user does not wait."""
        from .compounds import known_words

        known_words()
        reader = self.searcher().reader()
        sets = self._sets.for_reader(reader)
        for name in FACET_FIELDS:
            sets.facet_values(reader, name)
        sets.dated_between(reader, None, None)

    def close(self) -> None:
        searcher = getattr(self._local, "searcher", None)
        if searcher is not None:
            searcher.close()
        self._local = threading.local()
        with self._lock:
            self._ix = None

    # -- letters ---------------------------------------------------------------------------

    def get_letter(self, letter_id: str) -> Letter | None:
        fields = self.searcher().document(uid=letter_id, kind="letter")
        return unpack_letter(fields["letter_json"]) if fields else None

    def letter_count(self) -> int:
        return self.searcher().doc_frequency("kind", "letter")

    def highlight_terms(self, text: str) -> frozenset[str]:
        searcher = self.searcher()
        return query_terms(parse_query(text, searcher.schema, searcher.reader()), searcher.reader())

    # -- search ----------------------------------------------------------------------------

    def search(self, request: SearchRequest) -> SearchResult:
        started = time.perf_counter()
        request.validate()
        searcher = self.searcher()
        reader = searcher.reader()
        sets = self._sets.for_reader(reader)
        user_query = parse_query(request.q, searcher.schema, reader)
        matched, scored = self._match(searcher, sets, user_query)
        filters = self._filters(reader, sets, request)
        found = facet_counts.narrow(matched, filters)
        letters = self._page(searcher, sets, request, found, scored)
        terms = query_terms(user_query, reader)
        passages = self._best_passages(searcher, user_query, {letter.id: letter for letter, _ in letters}, terms)
        hits = [
            LetterHit(letter, score, passages.get(letter.id) or _first_passages(letter, terms))
            for letter, score in letters
        ]
        counts = facet_counts.count(sets, reader, matched, filters)
        suggestion = self._suggest(searcher, request, len(found)) if len(found) < FEW_LETTERS else None
        took = (time.perf_counter() - started) * 1000
        return SearchResult(request, len(found), hits, counts, took, terms, suggestion)

    @staticmethod
    def _match(searcher, sets: LetterSets, user_query) -> tuple[frozenset[int], list]:
        """The letters the query matches (before filters), and [(score, docnum)] best first."""
        if isinstance(user_query, Q.Every):
            return sets.letters, []
        # One scored pass over every match gives the set (for facets and filters) and the
        # ranking at once; measured faster than an id pass plus a filtered top-10 search.
        results = searcher.search(Q.And([Q.Term("kind", "letter"), user_query]).normalize(), limit=None)
        return frozenset(results.docs()), results.top_n

    @staticmethod
    def _page(searcher, sets: LetterSets, request: SearchRequest, found, scored) -> list[tuple[Letter, float]]:
        """The letters of the requested page, by relevance or by date, with their scores."""
        offset, wanted = (request.page - 1) * request.per_page, request.page * request.per_page
        if not scored or request.sort != "relevance":
            docs = sets.by_date(searcher.reader(), found, request.sort != "date_asc", wanted)
            ranked = [(doc, 0.0) for doc in docs[offset:]]
        else:
            ranked = list(islice(((doc, float(score)) for score, doc in scored if doc in found), offset, wanted))
        return [(unpack_letter(searcher.stored_fields(doc)["letter_json"]), score) for doc, score in ranked]

    def _suggest(self, searcher, request: SearchRequest, total: int) -> str | None:
        """The query with misspelt words replaced by close words of the letters, when that
        respelled query finds clearly more letters (at least twice as many, and at least one)."""
        respelled = respell(request.q, searcher.reader())
        if respelled is None:
            return None
        try:
            q = parse_query(respelled, searcher.schema, searcher.reader())
        except QueryError:
            return None
        found = sum(1 for _ in searcher.docs_for_query(Q.And([Q.Term("kind", "letter"), q])))
        return respelled if found > max(total * 2, 0) else None

    def _filters(self, reader, sets: LetterSets, request: SearchRequest) -> dict[str, frozenset[int]]:
        """Each active filter as the set of letters it lets through."""
        filters = {
            name: sets.with_values(reader, name, [v for v in values if v])
            for name, values in request.filters.items()
            if any(values)
        }
        start, end = date_bounds(request.date_from, request.date_to)
        if start or end:
            filters["date"] = sets.dated_between(reader, start, end)
        return filters

    def _best_passages(self, searcher, user_query, letters: dict[str, Letter], terms) -> dict[str, list[PassageHit]]:
        """Up to three best passages for each letter on the page, by the same query."""
        if not letters:
            return {}
        passage_query = for_passages(user_query)
        if passage_query is Q.NullQuery:
            return {}
        q = Q.And([Q.Term("kind", "passage"), Q.Or([Q.Term("letter_id", i) for i in letters]), passage_query])
        results = searcher.search(
            q, limit=len(letters) * PASSAGES_PER_HIT, collapse="letter_id", collapse_limit=PASSAGES_PER_HIT
        )
        found: dict[str, list[PassageHit]] = {}
        for hit in results:
            passage = letters[hit["letter_id"]].passage(hit["anchor"])
            if passage is not None:
                found.setdefault(hit["letter_id"], []).append(_passage_hit(passage, terms))
        return found


def _passage_hit(passage, terms) -> PassageHit:
    return PassageHit(passage.anchor, passage.heading, snippet(strip_markers(passage.text), terms))


def _first_passages(letter: Letter, terms) -> list[PassageHit]:
    return [_passage_hit(p, terms) for p in letter.passages[:1]]
