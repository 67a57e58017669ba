"""The data of a search: one function builds it for the search page, /api/search and /feed.

``search_data`` reads the request's parameters, runs the search and shapes what every
rendering needs: hits with the links to their passages, facets with the links that toggle
them, the active filters, the page numbers. A malformed query or parameter raises
QueryError, which the app turns into a 400 in one place (errors.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from werkzeug.datastructures import MultiDict

from indexer.fields import FACETS_BY_NAME
from indexer.model import Letter
from indexer.query import QueryError
from indexer.search import SearchRequest, SearchResult

from .letter_data import is_made
from .params import search_request
from .service import search_service
from .urls import State, letter_path, passage_path, search_path, search_state

SORT_LABELS = {"relevance": "Relevantie", "date_desc": "Nieuwste eerst", "date_asc": "Oudste eerst"}
TOP_VALUES = 5  # facet values shown before "meer"
SMALL_INDEX = 100  # fewer letters than this: the start page says how to get the real record


@dataclass
class FacetValue:
    value: str
    count: int
    selected: bool
    url: str  # toggles this value


@dataclass
class FacetGroup:
    """Years of one decade, folded under the decade."""
    label: str
    count: int
    values: list[FacetValue]

    @property
    def open(self) -> bool:
        return any(v.selected for v in self.values)


@dataclass
class Facet:
    name: str
    label: str
    values: list[FacetValue]

    @property
    def top(self) -> list[FacetValue]:
        """The first values, and any selected value further down (a choice stays in sight)."""
        return self.values[:TOP_VALUES] + [v for v in self.values[TOP_VALUES:] if v.selected]

    @property
    def more(self) -> list[FacetValue]:
        return [v for v in self.values[TOP_VALUES:] if not v.selected]

    @property
    def decades(self) -> list[FacetGroup] | None:
        """Years folded into decades, newest first, when there are too many to list."""
        if self.name != "year" or len(self.values) <= TOP_VALUES or not all(v.value.isdigit() for v in self.values):
            return None
        groups: dict[int, FacetGroup] = {}
        for value in self.values:
            start = int(value.value) // 10 * 10
            group = groups.setdefault(start, FacetGroup(f"{start}–{start + 9}", 0, []))
            group.count += value.count
            group.values.append(value)
        return [groups[start] for start in sorted(groups, reverse=True)]


@dataclass
class ActiveFilter:
    label: str
    value: str
    remove_url: str


@dataclass
class PassageView:
    anchor: str
    heading: str | None
    snippet: str  # safe HTML: escaped text, <mark> around matched terms
    path: str  # on the page: with the whole search, for the way back
    link: str  # to share: the query (for its highlights), the fingerprint, the anchor


@dataclass
class HitView:
    letter: object
    score: float
    path: str
    passages: list[PassageView]

    @property
    def made(self) -> bool:
        return is_made(self.letter)


@dataclass
class SearchData:
    request: SearchRequest
    result: SearchResult | None  # None: the index is empty
    state: State
    hits: list[HitView] = field(default_factory=list)
    facets: list[Facet] = field(default_factory=list)
    active: list[ActiveFilter] = field(default_factory=list)
    letters_in_index: int | None = None  # counted on the start page only

    @property
    def is_start(self) -> bool:
        return _is_start(self.request)

    @property
    def small_index(self) -> bool:
        return self.letters_in_index is not None and self.letters_in_index < SMALL_INDEX

    @property
    def page_numbers(self) -> list[int | None]:
        return page_numbers(min(self.request.page, self.result.pages), self.result.pages) if self.result else []

    def url(self, **changes) -> str:
        return search_path(search_state(MultiDict(self.state), **changes))

    @property
    def respelled_url(self) -> str | None:
        """The search for the respelling whose results are shown."""
        return self.url(q=self.result.respelled, page=None) if self.result and self.result.respelled else None

    @property
    def as_typed_url(self) -> str | None:
        """The search for the query as typed, when the results shown are for its respelling."""
        return self.url(as_typed="1", page=None) if self.result and self.result.respelled else None

    @property
    def include_undated_url(self) -> str | None:
        """The same search with the letters without a date that its period left out."""
        if not (self.result and self.result.undated_left_out):
            return None
        return self.url(undated="1", page=None)


def search_data(args: MultiDict, per_page: int) -> SearchData:
    request, problem = search_request(args, per_page)
    if problem:
        raise QueryError(problem)
    service = search_service()
    letters = service.letter_count() if _is_start(request) else None
    result = service.search(request) if letters != 0 else None  # an empty index: nothing to search
    return present(request, result, search_state(args), letters)


def present(request: SearchRequest, result: SearchResult | None, state: State, letters: int | None = None) -> SearchData:
    """A search's result shaped for its renderings; ``state`` is the search's URL parameters."""
    data = SearchData(request, result, state, letters_in_index=letters)
    if result is not None:
        data.hits = [_hit_view(hit, request, state) for hit in result.hits]
        data.facets = _facets(result, request, state)
    data.active = _active(request, state)
    return data


def _is_start(request: SearchRequest) -> bool:
    return not (request.q or request.filters or request.date_from or request.date_to)


def _hit_view(hit, request: SearchRequest, state: State) -> HitView:
    letter = hit.letter
    shared = [("q", request.q)] if request.q else []
    passages = [
        PassageView(p.anchor, p.heading, p.snippet, passage_path(letter, p.anchor, state),
                    passage_path(letter, p.anchor, shared))
        for p in hit.passages
    ]
    return HitView(letter, hit.score, letter_path(letter.id, state), passages)


def _toggle(state: State, name: str, value: str) -> str:
    current = [v for k, v in state if k == name]
    values = [v for v in current if v != value] if value in current else current + [value]
    return search_path(search_state(MultiDict(state), **{name: values, "page": None}))


def _facets(result: SearchResult, request: SearchRequest, state: State) -> list[Facet]:
    facets = []
    for name, counted in result.facets.items():
        chosen = request.filters.get(name, [])
        values = [FacetValue(value, count, value in chosen, _toggle(state, name, value)) for value, count in counted]
        if values:
            facets.append(Facet(name, FACETS_BY_NAME[name].label, values))
    return facets


def _active(request: SearchRequest, state: State) -> list[ActiveFilter]:
    active = [
        ActiveFilter(FACETS_BY_NAME[name].label, value, _toggle(state, name, value))
        for name, values in request.filters.items() for value in values
    ]
    if request.date_from or request.date_to:
        period = f"{request.date_from or '…'} – {request.date_to or '…'}"
        if request.include_undated:
            period += " en zonder datum"
        without = {"from": None, "to": None, "undated": None, "page": None}
        active.append(ActiveFilter("Periode", period, search_path(search_state(MultiDict(state), **without))))
    return active


def page_numbers(current: int, last: int, around: int = 2) -> list[int | None]:
    """The first page, the pages around the current one, the last; None where pages are left out."""
    shown = sorted({1, last, *range(max(1, current - around), min(last, current + around) + 1)})
    numbers: list[int | None] = []
    for number in shown:
        if numbers and number - numbers[-1] > 1:
            numbers.append(None if number - numbers[-1] > 2 else number - 1)
        numbers.append(number)
    return numbers


# --- the JSON of a search (/api/search, `kamerzoek search --json`) ----------------------------

HIT_FIELDS = Letter.hit_fields()


def search_json(data: SearchData, base: str = "") -> dict:
    """The public search JSON; links are ``base`` + path (base "" leaves them relative)."""
    result = data.result
    return {
        "query": data.request.q,
        "total": result.total if result else 0,
        "page": data.request.page,
        "per_page": data.request.per_page,
        "took_ms": round(result.took_ms, 1) if result else 0.0,
        "suggestion": result.suggestion if result else None,
        "respelled": result.respelled if result else None,
        "as_typed_url": _api(base, data.as_typed_url),
        "undated_left_out": result.undated_left_out if result else 0,
        "include_undated_url": _api(base, data.include_undated_url),
        "hits": [_hit_json(hit, base) for hit in data.hits],
        "facets": {
            name: [{"value": value, "count": count} for value, count in values]
            for name, values in (result.facets.items() if result else ())
        },
    }


def _api(base: str, search: str | None) -> str | None:
    """The API twin of a search page link ("/?q=..." -> "/api/search?q=...")."""
    return base + "/api/search" + search[1:] if search else None


def _hit_json(hit: HitView, base: str) -> dict:
    letter = hit.letter.to_dict()
    return {
        **{name: letter[name] for name in HIT_FIELDS},
        "url": base + letter_path(hit.letter.id),
        "score": round(hit.score, 4),
        "passages": [
            {"anchor": p.anchor, "heading": p.heading, "url": base + p.link, "snippet": p.snippet}
            for p in hit.passages
        ],
    }
