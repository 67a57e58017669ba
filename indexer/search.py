"""The search service: the one entry point the CLI and the web share.

``SearchService.search`` takes a ``SearchRequest`` (query text, date range, facet filters,
sort, page) and returns a ``SearchResult``: ranked letters, each with its best passages as
highlighted snippets, plus facet counts that count letters. The searcher is opened once and
reused across requests; it is refreshed when an indexer has committed a newer generation.
"""
from __future__ import annotations

import gc
import threading
import time
from dataclasses import dataclass, field

import numpy as np

from . import facets as facet_counts
from . import nodes as N
from .citations import citing_passages, wanted_citations
from .cleaning import strip_markers
from .doctable import NO_SLOT, DocTable, PerGeneration
from .evaluate import Evaluator, LetterSpace, PassageSpace
from .expansion import Expander, Expansions, OverBudget
from .highlight import Marking, matches, query_terms, snippet
from .fields import FACETS_BY_NAME, PASSAGE_FIELDS
from .layout import StoredLetters, committed_mark, open_or_create
from .marks import PassageMarks
from .model import Letter
from .postings import PostingReader, TermDictionary, read_docs
from .query import QueryError, date_bounds, parse_query
from .spelling import SPELLING_FIELDS, respell

SORTS = ("relevance", "date_desc", "date_asc")
MAX_PER_PAGE = 100
MAX_PAGE = 1000
PASSAGES_PER_HIT = 3
FEW_LETTERS = 3  # fewer hits than this invite a "did you mean"
PERIOD = "date"  # the filter of a from/to period


@dataclass
class SearchRequest:
    q: str = ""
    date_from: str | None = None
    date_to: str | None = None
    filters: dict[str, list[str]] = field(default_factory=dict)  # facet name -> values (OR)
    sort: str = "relevance"
    page: int = 1
    per_page: int = 10
    include_undated: bool = False  # letters without a date pass a from/to period too
    as_typed: bool = False  # no results for a respelling when the query finds nothing

    def validate(self) -> None:
        if self.sort not in SORTS:
            raise QueryError(f"Onbekende sortering '{self.sort}'; kies uit {', '.join(SORTS)}.")
        unknown = set(self.filters) - set(FACETS_BY_NAME)
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
    terms: Marking = Marking()
    suggestion: str | None = None  # a respelled query that finds clearly more letters
    respelled: str | None = None  # the query the hits are for, when the one typed found nothing
    undated_left_out: int = 0  # letters that match but have no date, left out by a from/to period

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.request.per_page))


class SearchTooCostly(QueryError):
    """The search ran past its time budget and was stopped; the message says so in Dutch."""

    status = 503


class Deadline:
    """The time budget of one search, checked between its steps and while a query is evaluated,
    so one costly query (a fuzzy or prefix word over a large vocabulary) cannot hold a server
    thread for seconds. Counted in the thread's own CPU time: what the query costs, not how
    long it waited for a busy machine, so a crowd of cheap searches is never refused. Without
    a budget (the command line) it never expires."""

    def __init__(self, seconds: float | None, clock=time.thread_time):
        self.seconds, self.clock = seconds, clock
        self.end = None if seconds is None else clock() + seconds

    def check(self) -> None:
        if self.end is not None and self.clock() > self.end:
            raise SearchTooCostly(
                f"Deze zoekvraag kost te veel rekenwerk (meer dan {self.seconds:g} s rekentijd) en is afgebroken. "
                "Maak haar preciezer, bijvoorbeeld met minder woorden met ~ of *."
            )


class SearchService:
    def __init__(self, index_dir: str, budget_seconds: float | None = None, clock=time.thread_time):
        self.index_dir = index_dir
        self.budget_seconds, self.clock = budget_seconds, clock
        self._lock = threading.Lock()
        self._ix = None
        # One searcher per thread: whoosh's segment readers seek and read shared file
        # objects, so two threads searching through one searcher corrupt each other's reads.
        self._local = threading.local()
        self._tables = PerGeneration(DocTable)
        self._expansions = PerGeneration(lambda reader: Expansions())
        self._dictionaries = PerGeneration(lambda reader: TermDictionary())

    # -- searcher lifecycle --------------------------------------------------------------

    def searcher(self):
        """This thread's searcher on the newest committed index, reused while it is current.
        A commit or a rebuild gives a new table of contents; so does an index recreated in
        the same folder, even where it reuses the generation number."""
        with self._lock:
            if self._ix is None:
                self._ix = open_or_create(self.index_dir)
            ix = self._ix
        local = self._local
        mark = committed_mark(ix)
        old = getattr(local, "searcher", None)
        if old is None or mark is None or mark != local.mark:
            # A new searcher, not refresh(): refresh() reuses the readers of segments it
            # knows by id, and so keeps documents a later commit deleted from them.
            local.searcher, local.mark = self._open_searcher(ix), mark
            local.letters = StoredLetters(local.searcher.reader())
            if old is not None:
                old.close()  # only this thread used it, and it is done with it
        return local.searcher

    @staticmethod
    def _open_searcher(ix, attempts: int = 5):
        """A commit deletes the table of contents it replaces: one listed a moment ago may
        be gone when it is opened. Then the newer one is there."""
        for attempt in range(attempts):
            try:
                return ix.searcher()
            except FileNotFoundError:
                if attempt == attempts - 1:
                    raise

    def warm(self) -> None:
        """Build what the first search would otherwise build (the document table, the
        compound word list), so a server's first user does not wait."""
        from .compounds import known_words

        known_words()
        self._tables.for_reader(self.searcher().reader())

    def settle_for_serving(self) -> None:
        """Ready a long-running server process: warm, then take everything made so far out of
        the cyclic garbage collector's reach (``gc.freeze``). Modules, the word list and the
        caches of functions live as long as the process, and each full collection walked them
        again: at 150,000 letters 35-64 ms in one search of every 50-80, now 4-10 ms."""
        self.warm()
        gc.freeze()

    def close(self) -> None:
        searcher = getattr(self._local, "searcher", None)
        if searcher is not None:
            searcher.close()
        self._local = threading.local()
        with self._lock:
            self._ix = None

    # -- letters ---------------------------------------------------------------------------

    def get_letter(self, letter_id: str) -> Letter | None:
        """The letter with this id, however its capitals are written: ids are lower case, the
        identifiers people copy from a publication are not ("kst-36600-X-55")."""
        docnum = self._letter_with("uid", letter_id.lower())
        return self._stored_letters()[docnum] if docnum is not None else None

    def _stored_letters(self) -> StoredLetters:
        """The stored letters of this thread's searcher (call ``searcher()`` first)."""
        return self._local.letters

    def letter_id_of_kamerstuk(self, number: str) -> str | None:
        """The id of the indexed letter that is this Kamerstuk ("36600-X-55"), if any."""
        docnum = self._letter_with("kamerstuk", number.lower())
        return self.searcher().stored_fields(docnum)["uid"] if docnum is not None else None

    def _letter_with(self, field: str, value: str) -> int | None:
        """The document number of the first live letter with this value. Read from the
        value's own posting list: whoosh's ``document(field=..., kind="letter")`` walks every
        letter of the index to intersect with ``kind`` (150,000 at the size of the record:
        30 ms a look-up, 0.7 s for a letter page citing 21 Kamerstukken)."""
        searcher = self.searcher()
        docs = read_docs(searcher.reader(), field, value.encode("utf-8"))
        if not len(docs):
            return None
        slots = self._tables.for_reader(searcher.reader()).letter_slot[docs]
        live = docs[slots != NO_SLOT]
        return int(live[0]) if len(live) else None

    def letter_count(self) -> int:
        """Live letters: documents deleted by later commits wait in their segment until a
        merge purges them, and are not counted."""
        return self._tables.for_reader(self.searcher().reader()).count

    def highlight_terms(self, text: str) -> Marking:
        return query_terms(self.rewrite(self.searcher(), text))

    def rewrite(self, searcher, text: str, check=None, expand: Expander | None = None) -> N.Node:
        """The query once in Kamerzoek's nodes, multi-term words expanded (each once per index
        generation, within the query's budget); raises QueryError. ``check`` raises when the
        search is over its time budget; ``expand``: the search's expander, whose budget the
        query shares with its respelling."""
        reader = searcher.reader()
        expand = expand or Expander(reader, self._expansions.for_reader(reader), check)
        return N.rewrite(parse_query(text, searcher.schema), expand)

    # -- search ----------------------------------------------------------------------------

    def search(self, request: SearchRequest) -> SearchResult:
        """The request's results. When its query finds nothing and a respelling of it finds
        letters, the results of the respelling (``respelled``; unless ``as_typed``); when it
        finds few and a respelling finds clearly more, that respelling as a ``suggestion``."""
        started = time.perf_counter()
        request.validate()
        deadline = Deadline(self.budget_seconds, self.clock)
        searcher = self.searcher()
        reader = searcher.reader()
        table = self._tables.for_reader(reader)
        expand = Expander(reader, self._expansions.for_reader(reader), deadline.check)
        postings = PostingReader(reader, self._dictionaries.for_reader(reader))  # for the letters and the page's passages
        letters_of = Evaluator(searcher, LetterSpace(table, reader), check=deadline.check, postings=postings)
        result = self._search(searcher, table, letters_of, request, request.q, expand, deadline)
        if result.total < FEW_LETTERS and request.q:
            respelled = self._respelled(searcher, table, letters_of, request.q, expand)
            if respelled is not None and result.total == 0 and not request.as_typed:
                instead = self._search(searcher, table, letters_of, request, respelled, expand, deadline)
                if instead.total:
                    instead.respelled = respelled
                    result = instead
            elif respelled is not None and self._count(searcher, letters_of, respelled, expand) > 2 * result.total:
                result.suggestion = respelled
        result.took_ms = (time.perf_counter() - started) * 1000
        return result

    def _search(self, searcher, table: DocTable, letters_of: Evaluator, request: SearchRequest, text: str,
                expand: Expander, deadline: Deadline) -> SearchResult:
        user_query = self.rewrite(searcher, text, expand=expand)
        matched = letters_of.evaluate(user_query)
        deadline.check()
        filters = self._filters(table, request)
        found = facet_counts.narrow(matched.mask, filters)
        total = int(found.sum())
        letters = self._page(searcher, self._stored_letters(), table, request, found, matched.score,
                             isinstance(user_query, N.Everything))
        deadline.check()
        terms = query_terms(user_query)
        passage_query = user_query.for_passages(PASSAGE_FIELDS)
        space = None  # the page's passages, where the query looks for words in them
        if letters and passage_query is not None:
            page = [(letter, slot, words) for letter, _, slot, words in letters]
            space = PassageSpace(table, searcher.reader(), page)
        snippets = _PageSnippets(terms, space, letters_of.postings)
        passages = self._best_passages(searcher, space, user_query, passage_query, letters, snippets, deadline,
                                       letters_of.postings)
        hits = [
            LetterHit(letter, score, passages.get(letter.id) or _first_passages(letter, snippets))
            for letter, score, _, _ in letters
        ]
        counts = facet_counts.count(table, matched.mask, filters)
        deadline.check()
        return SearchResult(request, total, hits, counts, 0.0, terms,
                            undated_left_out=_undated_left_out(table, matched.mask, filters, request))

    @staticmethod
    def _page(searcher, stored: StoredLetters, table: DocTable, request: SearchRequest, found, scores, unranked: bool):
        """[(letter, score, slot, word counts)] of the requested page, by relevance or by date."""
        offset, wanted = (request.page - 1) * request.per_page, request.page * request.per_page
        if unranked or request.sort != "relevance":
            slots = table.by_date(found, request.sort != "date_asc", wanted)[offset:]
        else:
            candidates = np.flatnonzero(found)
            if len(candidates) > wanted:  # the best ``wanted`` without sorting them all
                keep = np.argpartition(-scores[candidates], wanted - 1)[:wanted]
                threshold = scores[candidates[keep]].min()
                candidates = candidates[scores[candidates] >= threshold]
            # best first; equal scores in index order, so pages are stable
            slots = candidates[np.lexsort((candidates, -scores[candidates]))][offset:wanted]
        hits = []
        for slot in slots:
            doc = int(table.letter_docs[slot])
            hits.append((stored[doc], float(scores[slot]), int(slot), searcher.stored_fields(doc)["words"]))
        return hits

    def _respelled(self, searcher, table: DocTable, letters: Evaluator, text: str, expand: Expander) -> str | None:
        """The query with misspelt words replaced by close words of the letters, or None (also
        when looking for them would take the query over its budget)."""
        stored = self._stored_letters()
        try:
            return respell(text, searcher.reader(), expand, lambda stem: _written_as(stored, table, letters, stem))
        except OverBudget:
            return None

    def _count(self, searcher, letters: Evaluator, text: str, expand: Expander) -> int:
        """How many letters a query finds (without the request's filters); 0 when it is none."""
        try:
            return int(letters.evaluate(self.rewrite(searcher, text, expand=expand)).mask.sum())
        except QueryError:
            return 0

    @staticmethod
    def _filters(table: DocTable, request: SearchRequest) -> dict[str, np.ndarray]:
        """Each active filter as the mask of letters it lets through."""
        filters = {
            name: table.with_values(name, [v for v in values if v])
            for name, values in request.filters.items()
            if any(values)
        }
        start, end = date_bounds(request.date_from, request.date_to)
        if start or end:
            filters[PERIOD] = table.dated_between(start, end) | (request.include_undated & table.undated)
        return filters

    @staticmethod
    def _best_passages(searcher, space: PassageSpace | None, user_query, passage_query, letters,
                       snippets: "_PageSnippets", deadline: Deadline,
                       postings: PostingReader) -> dict[str, list[PassageHit]]:
        """Up to three passages for each letter on the page: those holding a citation the query
        asks for (ref:), then those that match the whole query, best first; where fewer do,
        those that hold the most of its words, weighted by rarity (a word that only the
        letter's metadata holds, its date or kenmerk, does not make the first passage win)."""
        chosen: dict[str, list[PassageHit]] = {}
        wanted = wanted_citations(user_query.positive_terms())
        for letter, _, _, _ in letters:
            for citing in citing_passages(letter, wanted)[:PASSAGES_PER_HIT]:
                passage = letter.passages[citing.index]
                chosen.setdefault(letter.id, []).append(
                    PassageHit(passage.anchor, passage.heading, snippets.citing(citing.text, citing.spans)))
        if space is None:
            return chosen
        evaluator = Evaluator(searcher, space, check=deadline.check, postings=postings)
        strict = evaluator.evaluate(passage_query)
        _add_ranked(chosen, space, strict, snippets)
        loose_query = N.loosened(passage_query)
        if loose_query != passage_query and any(len(chosen.get(letter.id, ())) < PASSAGES_PER_HIT for letter, *_ in letters):
            _add_ranked(chosen, space, evaluator.evaluate(loose_query), snippets)
        return chosen


class _PageSnippets:
    """The snippets of the passages on a results page. Which words they mark comes from the
    index where it can say (``indexer.marks``), else from analysing the passage's words;
    ``verdicts`` (word -> marked) carries what analysing found across the page."""

    def __init__(self, terms: Marking, space: PassageSpace | None, postings: PostingReader):
        self.terms = terms
        self.marks = PassageMarks(space, postings, terms) if space is not None and PassageMarks.usable(terms) else None
        self.verdicts: dict[str, bool] = {}

    def hit(self, letter: Letter, index: int) -> PassageHit:
        passage = letter.passages[index]
        words = self.marks.words(letter, index) if self.marks is not None else None
        return PassageHit(passage.anchor, passage.heading,
                          snippet(strip_markers(passage.text), self.terms, verdicts=self.verdicts, words=words))

    def citing(self, text: str, spans) -> str:
        """A citing passage's snippet: its text may go on with a footnote's, so it is analysed."""
        return snippet(text, self.terms, marked=spans, verdicts=self.verdicts)


def _add_ranked(chosen: dict[str, list[PassageHit]], space: PassageSpace, ranked, snippets: _PageSnippets) -> None:
    """Each letter's passages that ``ranked`` matches, best first, until it has three."""
    matching = np.flatnonzero(ranked.mask)
    for letter, index in space.letters_and_passages(matching[np.lexsort((matching, -ranked.score[matching]))]):
        hits = chosen.setdefault(letter.id, [])
        anchor = letter.passages[index].anchor
        if len(hits) < PASSAGES_PER_HIT and all(hit.anchor != anchor for hit in hits):
            hits.append(snippets.hit(letter, index))


def _undated_left_out(table: DocTable, matched, filters: dict, request: SearchRequest) -> int:
    """How many letters match and pass every other filter, but were left out by the period
    because they have no date; so a period never drops letters without saying so."""
    if PERIOD not in filters or request.include_undated:
        return 0
    return int((facet_counts.narrow(matched, filters, leave_out=PERIOD) & table.undated).sum())


def _written_as(stored: StoredLetters, table: DocTable, letters: Evaluator, stem: str) -> str | None:
    """How the letters write a word with this stem: as it appears in the letter that uses it most."""
    found = letters.evaluate(N.Or(tuple(N.Term(field, stem) for field in SPELLING_FIELDS)))
    if not found.mask.any():
        return None
    best = int(table.letter_docs[int(np.argmax(found.score))])
    letter = stored[best]
    for text in [letter.subject or "", *(p.text for p in letter.passages), *(f.text for f in letter.footnotes)]:
        spans = matches(text, Marking(frozenset({stem})))
        if spans:
            start, end = spans[0]
            return text[start:end].lower()
    return stem


def _first_passages(letter: Letter, snippets: _PageSnippets) -> list[PassageHit]:
    return [snippets.hit(letter, 0)] if letter.passages else []
