"""Kamerzoek's web front end: the search page, the letter page, a JSON API and an Atom feed.

``create_app(config)`` builds the Flask application around one SearchService (the app's
only state besides its config). Views are small and split by page: search.py (/ and
/feed), letters.py (/letters/<id>), api.py (/api/..., /healthz).
"""
from __future__ import annotations

import os

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from indexer.layout import index_dir_from_env
from indexer.search import SearchService

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.update(
        INDEX_DIR=index_dir_from_env(None),
        CORPUS_DIRS=[os.environ.get("KAMERZOEK_CORPUS", "corpus")],
        PER_PAGE=10,
        DEBUG=False,
        JSON_SORT_KEYS=False,
    )
    app.config.update(config or {})
    app.json.sort_keys = False
    app.json.ensure_ascii = False
    app.extensions["kamerzoek.search"] = SearchService(app.config["INDEX_DIR"])

    from . import api, letters, search

    app.register_blueprint(search.bp)
    app.register_blueprint(letters.bp)
    app.register_blueprint(api.bp)
    _register_errors(app)

    @app.after_request
    def security_headers(response):
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    return app


def search_service() -> SearchService:
    from flask import current_app

    return current_app.extensions["kamerzoek.search"]


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz"


def _register_errors(app: Flask) -> None:
    messages = {
        400: "De aanvraag is niet geldig.",
        404: "Deze pagina of brief bestaat niet.",
        405: "Deze methode is hier niet toegestaan.",
        500: "Er ging iets mis aan onze kant.",
    }

    def handler(error):
        code = error.code if isinstance(error, HTTPException) and error.code else 500
        if code >= 500:
            app.logger.exception("unexpected error on %s", request.path)  # for the operator, not the user
        message = error.description if isinstance(error, HTTPException) and code < 500 else None
        # werkzeug's own descriptions are English; ours (passed to abort) are Dutch
        if not isinstance(message, str) or message.startswith(("The ", "Method ", "A request")):
            message = messages.get(code, messages[400] if code < 500 else messages[500])
        if _wants_json():
            return jsonify(error=message), code
        return render_template("error.html", code=code, message=message), code

    app.register_error_handler(HTTPException, handler)
    app.register_error_handler(Exception, handler)
