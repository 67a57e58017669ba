"""Every URL the web hands out, built in one place.

Pages link with paths (they work under any host name). Absolute URLs, for the API and the
feed, start with the configured public base URL (PUBLIC_URL, ``KAMERZOEK_PUBLIC_URL``,
``kamerzoek serve --public-url``), never with the Host header of the request: a client
chooses that header, and a shared cache would hand its choice to everyone else.
"""
from __future__ import annotations

from urllib.parse import quote, urlencode, urlsplit

from flask import current_app
from werkzeug.datastructures import MultiDict

from indexer.fields import FACETS_BY_NAME

from .fingerprint import fingerprint

DEFAULT_PUBLIC_URL = "http://127.0.0.1:8000"  # where `kamerzoek serve` listens by default
SEARCH_PARAMS = ("q", "from", "to", "undated", *FACETS_BY_NAME, "sort", "page", "per_page", "as_typed")

State = list[tuple[str, str]]


def search_state(args: MultiDict, **changes) -> State:
    """The search parameters of a request, in order, with some changed (None removes one,
    a list sets repeated values); empty values and anything else are left out."""
    items = [(k, v) for k, v in args.items(multi=True) if k in SEARCH_PARAMS and k not in changes and v != ""]
    for key, value in changes.items():
        if value is None:
            continue
        items += [(key, str(v)) for v in value] if isinstance(value, (list, tuple)) else [(key, str(value))]
    return items


def search_path(state: State = ()) -> str:
    return "/" + ("?" + urlencode(state) if state else "")


def letter_path(letter_id: str, state: State = (), ps: str | None = None, anchor: str | None = None) -> str:
    """A letter, with the search it was found by (for highlighting and the way back)."""
    query = list(state) + ([("ps", ps)] if ps else [])
    path = f"/letters/{quote(letter_id, safe='')}"
    return path + ("?" + urlencode(query) if query else "") + (f"#{anchor}" if anchor else "")


def passage_path(letter, anchor: str, state: State = ()) -> str:
    """A passage: its anchor, and its fingerprint so the link outlasts a renumbering."""
    passage = letter.passage(anchor)
    return letter_path(letter.id, state, fingerprint(passage.text) if passage else None, anchor)


def source_path(letter_id: str) -> str:
    return f"/letters/{quote(letter_id, safe='')}/source"


def absolute(path: str) -> str:
    return current_app.config["PUBLIC_URL"] + path


def public_url(value: str) -> str:
    """A public base URL as the app uses it (no trailing slash); ValueError when it is not one."""
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ValueError(f"ongeldige publieke URL '{value}': verwacht bijvoorbeeld https://kamerzoek.example.nl")
    return value.strip().rstrip("/")
