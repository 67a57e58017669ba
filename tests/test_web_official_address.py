"""A harvested letter shows where it was officially published: on its page as "Officiële
publicatie", and as ``source.url`` in every API hit. A local file has no such address."""
from __future__ import annotations

import json
import shutil

import pytest

from indexer.indexing import index_paths
from tests.conftest import EXAMPLE_ID
from tests.harvest_data import MADE
from tests.webpage import page, text
from web import create_app

OFFICIAL = "https://zoek.officielebekendmakingen.nl/kst-99902-1.html"


@pytest.fixture(scope="module")
def harvested_client(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("harvested")
    for name in ("kst-99902-1.xml", "kst-99902-1.metadata.xml"):
        shutil.copy(MADE / name, corpus / name)
    record = {"key": "kst-99902-1", "url": OFFICIAL, "koop": {"url": OFFICIAL, "record": {}}, "tk": None}
    (corpus / "kst-99902-1.harvest.json").write_text(json.dumps(record), encoding="utf-8")
    index_dir = tmp_path_factory.mktemp("harvested-index")
    assert index_paths([corpus], index_dir).added
    app = create_app({"INDEX_DIR": str(index_dir), "CORPUS_DIRS": [str(corpus)], "TESTING": True})
    return app.test_client()


def metadata(doc) -> dict:
    return dict(zip((text(dt) for dt in doc.select(".metadata dt")), doc.select(".metadata dd")))


def test_the_letter_page_links_to_the_official_publication(harvested_client):
    sources = metadata(page(harvested_client.get("/letters/kst-99902-1")))["Bron"]
    assert [(a["href"], text(a)) for a in sources.select("a") if a["href"].startswith("https://")] == [
        (OFFICIAL, "Officiële publicatie")]


def test_every_api_hit_carries_the_official_address(harvested_client):
    hits = harvested_client.get("/api/search?q=toegankelijkheid").get_json()["hits"]
    assert [(h["id"], h["source"]["url"]) for h in hits] == [("kst-99902-1", OFFICIAL)]
    assert harvested_client.get("/api/letters/kst-99902-1").get_json()["source"]["url"] == OFFICIAL


def test_a_local_letter_has_no_official_address(client):
    assert "Officiële publicatie" not in text(metadata(page(client.get(f"/letters/{EXAMPLE_ID}")))["Bron"])
    hits = client.get("/api/search?q=mensenhandel").get_json()["hits"]
    assert hits and all(h["source"]["url"] is None for h in hits)
