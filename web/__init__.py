"""Kamerzoek's web front end: the search page, the letter page, a JSON API and an Atom feed.

``create_app(config)`` builds the Flask application around one SearchService (the app's
only state besides its config; service.py). Views are small and split by page: search.py
(/ and /feed), letters.py (/letters/<id>), api.py (/api/..., /healthz). What they show is
built by search_data.py and letter_data.py, every URL by urls.py, every error by errors.py.
"""
from __future__ import annotations

import os

from flask import Flask

from indexer.demo import default_corpus
from indexer.fields import field_help
from indexer.layout import index_dir_from_env

from . import api, errors, letters, search, service
from .search_data import SORT_LABELS
from .urls import DEFAULT_PUBLIC_URL, absolute, letter_path, public_url, source_path

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
        CORPUS_DIRS=[default_corpus()],
        # the start of every absolute URL (API, feed, citations); never the request's Host
        PUBLIC_URL=os.environ.get("KAMERZOEK_PUBLIC_URL") or DEFAULT_PUBLIC_URL,
        PER_PAGE=10,
        DEBUG=False,
        JSON_SORT_KEYS=False,
    )
    app.config.update(config or {})
    app.config["PUBLIC_URL"] = public_url(app.config["PUBLIC_URL"])
    app.json.sort_keys = False
    app.json.ensure_ascii = False
    app.jinja_env.globals.update(sort_labels=SORT_LABELS, absolute=absolute, letter_path=letter_path,
                                  source_path=source_path, query_fields=field_help())
    service.init_app(app)
    errors.init_app(app)
    for blueprint in (search.bp, letters.bp, api.bp):
        app.register_blueprint(blueprint)

    @app.after_request
    def security_headers(response):
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    return app
