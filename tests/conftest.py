"""Shared fixtures: one index built once per test session from corpus/, the app, a client.

Tests that need real letters beyond corpus/ read them from ../shared/ beside the project
(the team's shared folder) and are skipped with a reason where that folder is absent.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from indexer.index import index_paths
from indexer.search import SearchService
from web import create_app

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"
EXAMPLE_LETTER = SHARED / "examples" / "2021-11-17-jenv-opsporing-en-vervolging-mensenhandel.md"
EXAMPLE_ID = "jenv-2021-11-17-3627733"


def shared_file(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared test data not present: {path.relative_to(SHARED.parent)}")
    return path


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory) -> Path:
    """The bundled corpus, indexed once for the whole session."""
    index_dir = tmp_path_factory.mktemp("index")
    report = index_paths([CORPUS], index_dir)
    assert report.added, "the bundled corpus should index"
    return index_dir


@pytest.fixture(scope="session")
def service(corpus_index) -> SearchService:
    return SearchService(str(corpus_index))


@pytest.fixture()
def app(corpus_index):
    return create_app({"INDEX_DIR": str(corpus_index), "CORPUS_DIRS": [str(CORPUS)], "TESTING": True})


@pytest.fixture()
def client(app):
    return app.test_client()
