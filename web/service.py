"""The app's one search service, and how a view reaches it (as flaskr's db.py).

Blueprints import ``search_service`` from here, never from the package that registers
them, so the import graph has no cycle.
"""
from __future__ import annotations

from flask import Flask, current_app

from indexer.search import SearchService

EXTENSION = "kamerzoek.search"


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = SearchService(app.config["INDEX_DIR"])


def search_service() -> SearchService:
    return current_app.extensions[EXTENSION]
