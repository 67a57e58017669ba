"""The search page (/) and the Atom feed of any search (/feed)."""
from __future__ import annotations

import datetime as _dt
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, render_template, request, url_for

from indexer.query import QueryError

from . import search_service
from .params import search_request, state_args

bp = Blueprint("search", __name__)

FACET_LABELS = {"directorate": "Directie", "ministry": "Ministerie", "year": "Jaar", "type": "Soort document"}
SORT_LABELS = {"relevance": "Relevantie", "date_desc": "Nieuwste eerst", "date_asc": "Oudste eerst"}


def _url(**changes) -> str:
    args = state_args(request.args, **changes)
    return url_for("search.index") + ("?" + urlencode(args) if args else "")


def _toggle_url(name: str, value: str) -> str:
    current = request.args.getlist(name)
    values = [v for v in current if v != value] if value in current else current + [value]
    return _url(**{name: values, "page": None})


def _run(search, error):
    """The result, or None with the message of a malformed query."""
    if error:
        return None, error
    try:
        return search_service().search(search), None
    except QueryError as exc:
        return None, str(exc)


@bp.get("/")
def index():
    search, error = search_request(request.args, current_app.config["PER_PAGE"])
    result, error = _run(search, error)
    active = [(name, value) for name, values in search.filters.items() for value in values]
    page = render_template(
        "search.html",
        search=search,
        result=result,
        suggestion=getattr(result, "suggestion", None),
        error=error,
        active=active,
        facet_labels=FACET_LABELS,
        sort_labels=SORT_LABELS,
        url=_url,
        toggle_url=_toggle_url,
    )
    return page, 400 if error else 200


@bp.get("/feed")
def feed():
    search, error = search_request(request.args, 20)
    if not request.args.get("sort"):
        search.sort = "date_desc"  # a feed is read newest first
    result, error = _run(search, error)
    if error:
        return Response(error, status=400, mimetype="text/plain")
    updated = max((h.letter.date for h in result.hits if h.letter.date), default=_dt.date(2000, 1, 1))
    xml = render_template(
        "feed.xml",
        search=search,
        result=result,
        updated=updated,
        self_url=request.url,
        page_url=request.host_url.rstrip("/") + _url(),
        base=request.host_url.rstrip("/"),
    )
    return Response(xml, mimetype="application/atom+xml")
