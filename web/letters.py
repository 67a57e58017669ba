"""The letter page: metadata, passages with anchors, footnotes both ways, references."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlencode

from flask import Blueprint, abort, current_app, render_template, request, send_file, url_for
from markupsafe import Markup, escape

from indexer.cleaning import FOOTNOTE_MARKER
from indexer.highlight import mark_all
from indexer.query import QueryError

from . import search_service

bp = Blueprint("letters", __name__)

LETTER_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,150}$")


def _load(letter_id: str):
    if not LETTER_ID.match(letter_id):
        abort(404)
    letter = search_service().get_letter(letter_id)
    if letter is None:
        abort(404)
    return letter


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


def _passage_html(text: str, terms, linker: FootnoteLinker) -> Markup:
    """Escaped passage text, query terms marked, footnote markers as links to the notes."""
    return Markup(FOOTNOTE_MARKER.sub(linker, mark_all(text, terms)))


@bp.get("/letters/<letter_id>")
def letter(letter_id: str):
    letter = _load(letter_id)
    q = (request.args.get("q") or "").strip()
    terms, error = frozenset(), None
    if q:
        try:
            terms = search_service().highlight_terms(q)
        except QueryError as exc:
            error = str(exc)
    linker = FootnoteLinker()
    passages = [(p, _passage_html(p.text, terms, linker)) for p in letter.passages]
    first_hit = next((p.anchor for p, html in passages if "<mark>" in html), None)
    ref_links = {ref.target: _reference_search(ref) for ref in letter.references}
    return render_template(
        "letter.html",
        letter=letter,
        passages=passages,
        q=q,
        error=error,
        first_hit=first_hit,
        ref_links=ref_links,
        has_source=_source_path(letter) is not None,
    )


def _reference_search(ref) -> str:
    """The cited paper itself when it is in the index, else a search for the letters citing it."""
    if ref.kind == "kamerstuk":
        candidate = "kst-" + ref.target.lower()
        if LETTER_ID.match(candidate) and search_service().get_letter(candidate) is not None:
            return url_for("letters.letter", letter_id=candidate)
    query = f'"{ref.text}"' if ref.kind == "motie" else f"ref:{ref.target}"
    return "/?" + urlencode({"q": query})


def _source_path(letter) -> Path | None:
    """The original file, only when it lies inside a configured corpus folder."""
    path = Path(letter.source.path)
    try:
        resolved = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    for corpus in current_app.config.get("CORPUS_DIRS", []):
        root = Path(corpus).resolve()
        if root in resolved.parents and resolved.is_file():
            return resolved
    return None


@bp.get("/letters/<letter_id>/source")
def source(letter_id: str):
    letter = _load(letter_id)
    path = _source_path(letter)
    if path is None:
        abort(404)
    mimetypes = {".pdf": "application/pdf", ".html": "text/plain", ".htm": "text/plain", ".xml": "text/plain",
                 ".json": "text/plain", ".md": "text/plain", ".txt": "text/plain"}
    return send_file(path, mimetype=mimetypes.get(path.suffix.lower(), "application/octet-stream"),
                     download_name=path.name, as_attachment=path.suffix.lower() != ".pdf")
