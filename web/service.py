"""The app's one search service, and how a view reaches it (as flaskr's db.py).

Blueprints import ``search_service`` from here, never from the package that registers
them, so the import graph has no cycle.
"""
from __future__ import annotations

import os

from flask import Flask, current_app

from indexer.search import SearchService

EXTENSION = "kamerzoek.search"
# Seconds of CPU time one search may take before it is stopped with a 503: a fuzzy word over a large
# vocabulary can cost seconds, and would hold one of the server's few threads that long.
DEFAULT_SEARCH_SECONDS = 2.0


def init_app(app: Flask) -> None:
    budget = app.config.get("SEARCH_SECONDS", float(os.environ.get("KAMERZOEK_SEARCH_SECONDS", DEFAULT_SEARCH_SECONDS)))
    app.extensions[EXTENSION] = SearchService(app.config["INDEX_DIR"], budget_seconds=budget)


def search_service() -> SearchService:
    return current_app.extensions[EXTENSION]
