"""Request parameters to a SearchRequest: the same for the search page, the API and the feed."""
from __future__ import annotations

from flask import abort
from werkzeug.datastructures import MultiDict

from indexer.index import FACET_FIELDS
from indexer.search import MAX_PAGE, SORTS, SearchRequest


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value not in (None, "") else default
    except (TypeError, ValueError):
        return default


def search_request(args: MultiDict, per_page: int = 10) -> SearchRequest:
    """Never fails on paging (a page out of range is clamped); a bad sort is a 400."""
    sort = args.get("sort") or "relevance"
    if sort not in SORTS:
        abort(400, description=f"Onbekende sortering '{sort}'; kies uit {', '.join(SORTS)}.")
    page = min(max(1, _int(args.get("page"), 1)), MAX_PAGE)
    per_page = min(max(1, _int(args.get("per_page"), per_page)), 100)
    filters = {name: [v for v in args.getlist(name) if v.strip()][:20] for name in FACET_FIELDS}
    return SearchRequest(
        q=(args.get("q") or "").strip(),
        date_from=(args.get("from") or "").strip() or None,
        date_to=(args.get("to") or "").strip() or None,
        filters={k: v for k, v in filters.items() if v},
        sort=sort,
        page=page,
        per_page=per_page,
    )


def state_args(args: MultiDict, **changes) -> list[tuple[str, str]]:
    """The current search state as URL parameters, with some changed (None removes)."""
    items = [(k, v) for k, v in args.items(multi=True) if k not in changes and v != ""]
    for key, value in changes.items():
        if value is None:
            continue
        if isinstance(value, (list, tuple)):
            items += [(key, v) for v in value]
        else:
            items.append((key, str(value)))
    return items
