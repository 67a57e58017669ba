"""Request parameters to a SearchRequest: the same for the search page, the API and the feed."""
from __future__ import annotations

from werkzeug.datastructures import MultiDict

from indexer.dates import DateParseError, parse_period
from indexer.fields import FACETS_BY_NAME
from indexer.query import PERIOD_EXAMPLES
from indexer.search import MAX_PAGE, MAX_PER_PAGE, SORTS, SearchRequest

DATE_LABELS = {"from": "Van", "to": "Tot en met"}
INCLUDE_UNDATED = "undated"  # =1: letters without a date pass a period too
AS_TYPED = "as_typed"  # =1: a query that finds nothing is not replaced by its respelling
MAX_FILTER_VALUES = 20


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value not in (None, "") else default
    except (TypeError, ValueError):  # also digits beyond Python's int-from-str limit
        return default


def _date_problem(name: str, value: str | None) -> str | None:
    """A Dutch message naming the field when the date is not one (the parser's own is English)."""
    if not value:
        return None
    try:
        parse_period(value)
    except (DateParseError, ValueError, OverflowError):
        return f"De datum bij '{DATE_LABELS[name]}' klopt niet: '{value[:40]}'. {PERIOD_EXAMPLES}"
    return None


def search_request(args: MultiDict, per_page: int = 10) -> tuple[SearchRequest, str | None]:
    """The request and what is wrong with it (None when nothing is).

    The request keeps wrong values as typed, so the search page can show them in the form
    beside the message; paging never counts as wrong (out of range is clamped)."""
    sort = args.get("sort") or "relevance"
    dates = {name: (args.get(name) or "").strip() or None for name in DATE_LABELS}
    problems = [_date_problem(name, value) for name, value in dates.items()]
    if sort not in SORTS:
        problems.append(f"Onbekende sortering '{sort[:40]}'; kies uit {', '.join(SORTS)}.")
        sort = "relevance"
    filters = {name: [v for v in args.getlist(name) if v.strip()][:MAX_FILTER_VALUES] for name in FACETS_BY_NAME}
    request = SearchRequest(
        q=(args.get("q") or "").strip(),
        date_from=dates["from"],
        date_to=dates["to"],
        filters={k: v for k, v in filters.items() if v},
        sort=sort,
        page=min(max(1, _int(args.get("page"), 1)), MAX_PAGE),
        per_page=min(max(1, _int(args.get("per_page"), per_page)), MAX_PER_PAGE),
        include_undated=args.get(INCLUDE_UNDATED) == "1",
        as_typed=args.get(AS_TYPED) == "1",
    )
    return request, next((p for p in problems if p), None)
