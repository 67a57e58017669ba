"""Security headers on every response, no traversal through letter ids or the source link,
no debug pages."""
from __future__ import annotations

import pytest

from indexer.indexing import index_paths
from web import SECURITY_HEADERS, create_app

from .conftest import EXAMPLE_ID
from .robust_corpus import make_variants, variant_text

TRAVERSALS = [
    "../../../../etc/passwd", "..%2f..%2f..%2fetc%2fpasswd", "%2e%2e/%2e%2e/etc/passwd", "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "..%252f..%252fetc%252fpasswd", "%2fetc%2fpasswd", "/etc/passwd", "....//....//etc/passwd", "..\\..\\etc\\passwd",
    "%c0%ae%c0%ae/etc/passwd", "etc/passwd%00", "%00", ".", "..", "~root", "C:%5cWindows%5cwin.ini",
    f"{EXAMPLE_ID}/../../etc/passwd", f"..%2f{EXAMPLE_ID}", f"{EXAMPLE_ID}%2f..%2f..%2fsecret",
]


def assert_headers(response):
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, (name, response.status_code)


@pytest.mark.parametrize("url", ["/", "/?q=mensenhandel", "/?q=%22", "/api/search?q=(", f"/letters/{EXAMPLE_ID}",
                                 f"/api/letters/{EXAMPLE_ID}", "/letters/nope", "/api/letters/nope", "/nope",
                                 "/healthz", "/api/openapi.json", "/feed?q=zeden", "/static/style.css",
                                 f"/letters/{EXAMPLE_ID}/source", "/?sort=bad"])
def test_every_response_carries_the_security_headers(client, url):
    assert_headers(client.get(url))


def test_a_wrong_method_also_carries_them(client):
    response = client.post("/api/search")
    assert response.status_code == 405
    assert_headers(response)


@pytest.mark.parametrize("tail", TRAVERSALS)
def test_no_traversal_through_letter_ids_or_the_source_link(client, tail):
    for url in (f"/letters/{tail}", f"/letters/{tail}/source", f"/api/letters/{tail}", f"/static/{tail}"):
        response = client.get(url)
        body = response.get_data()
        assert response.status_code in (404, 308, 400, 405), (url, response.status_code)
        assert b"root:x:0:0" not in body and b"[fonts]" not in body
        assert_headers(response)


def test_a_letter_whose_file_is_a_symlink_out_of_the_corpus_has_no_source_link(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.md"
    secret.write_text(variant_text(7).replace("Ik wil deze brief", "GEHEIM-PAD Ik wil deze brief", 1), encoding="utf-8")
    corpus = tmp_path / "corpus"
    make_variants(corpus, 1)
    (corpus / "link.md").symlink_to(secret)
    index_dir = tmp_path / "ix"
    index_paths([corpus], index_dir)
    client = create_app({"INDEX_DIR": str(index_dir), "CORPUS_DIRS": [str(corpus)]}).test_client()
    ids = [h["id"] for h in client.get("/api/search?q=mensenhandel&per_page=10").get_json()["hits"]]
    assert len(ids) == 2
    assert client.get("/api/search?q=%22GEHEIM-PAD%22").get_json()["total"] == 1  # indexed, by choice of the admin
    served = 0
    for letter_id in ids:
        response = client.get(f"/letters/{letter_id}/source")
        if response.status_code == 200:
            served += 1
            assert b"GEHEIM-PAD" not in response.get_data()
        else:
            assert response.status_code == 404
    assert served == 1, "the letter inside the corpus has its source, the one outside has none"


def test_a_forced_exception_gives_a_plain_500_without_a_traceback(corpus_index):
    app = create_app({"INDEX_DIR": str(corpus_index), "CORPUS_DIRS": []})

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internal detail /etc/kamerzoek")

    @app.get("/api/boom")
    def api_boom():
        raise KeyError("secret internal detail")

    client = app.test_client()
    for url in ("/boom", "/api/boom"):
        response = client.get(url)
        body = response.get_data(as_text=True)
        assert response.status_code == 500
        assert "Traceback" not in body and "secret internal detail" not in body and "Werkzeug" not in body
        assert_headers(response)
    assert client.get("/api/boom").get_json() == {"error": "Er ging iets mis aan onze kant."}
    assert app.debug is False
