"""Every error a user can meet, answered in Dutch: JSON on the API, a page elsewhere.

A malformed query or search parameter (QueryError, from wherever a search is made) becomes
a 400 here and nowhere else: the API answers {error}, the feed a line of text, and a page
shows the message beside the search form as it was filled in, so it can be corrected.
"""
from __future__ import annotations

from flask import Flask, Response, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from indexer.query import QueryError

from .params import search_request

MESSAGES = {
    400: "De aanvraag is niet geldig.",
    404: "Deze pagina of brief bestaat niet.",
    405: "Deze methode is hier niet toegestaan.",
    500: "Er ging iets mis aan onze kant.",
}
HEADINGS = {400: "Aanvraag niet begrepen", 404: "Niet gevonden", 405: "Niet toegestaan", 500: "Er ging iets mis",
            503: "Zoekvraag te zwaar"}


def init_app(app: Flask) -> None:
    app.register_error_handler(QueryError, bad_search)
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(Exception, http_error)


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz"


def bad_search(exc: QueryError):
    message, code = str(exc), getattr(exc, "status", 400)  # 503: over the search's time budget
    if _wants_json():
        return jsonify(error=message), code
    if request.endpoint == "search.feed":
        return Response(message, status=code, mimetype="text/plain")
    search, _ = search_request(request.args)
    return render_template("error.html", code=code, heading=HEADINGS[code], message=message, search=search), code


def http_error(error):
    code = error.code if isinstance(error, HTTPException) and error.code else 500
    if code >= 500:
        current_app.logger.exception("unexpected error on %s", request.path)  # for the operator, not the user
    message = error.description if isinstance(error, HTTPException) and code < 500 else None
    # werkzeug's own descriptions are English; ours (passed to abort) are Dutch
    if not isinstance(message, str) or message.startswith(("The ", "Method ", "A request")):
        message = MESSAGES.get(code, MESSAGES[400] if code < 500 else MESSAGES[500])
    if _wants_json():
        return jsonify(error=message), code
    heading = HEADINGS.get(code, HEADINGS[400] if code < 500 else HEADINGS[500])
    return render_template("error.html", code=code, heading=heading, message=message, search=None), code
