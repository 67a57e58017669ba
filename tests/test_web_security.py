"""Secure by default: text is always escaped, headers on every response, no traversal through
letter ids or the source link, no debug pages, no 500 on any input."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from indexer.indexing import index_paths
from indexer.layout import add_letter, open_or_create, open_writer
from indexer.model import Footnote, Letter, Passage, Reference, Source
from web import SECURITY_HEADERS, create_app

from .conftest import EXAMPLE_ID
from .robust_corpus import make_variants, variant_text
from .webpage import page

SCRIPT = "<script>alert(1)</script>"
MARKUP_ID = "markup-2021-01-01"


def markup_letter(source_path: str, letter_id: str = MARKUP_ID) -> Letter:
    """A letter whose every text field carries markup, as a hostile or broken source might."""
    return Letter(
        id=letter_id,
        source=Source(path=source_path, format="markdown", sha256="0" * 64),
        kenmerk='"><img src=x onerror=alert(2)>',
        date=dt.date(2021, 1, 1),
        directorate=f"Directie {SCRIPT}",
        ministry="Ministerie van <b>Markup</b>",
        subject=f"Onderwerp {SCRIPT} lokprofiel",
        doc_type="brief",
        passages=[
            Passage("p-1", f"Kop {SCRIPT}", f"Tekst {SCRIPT} over lokprofielen & <i>meer</i>.[^1]"),
            Passage("p-2", None, 'Een <a href="javascript:alert(3)">link</a> en lokprofiel.'),
        ],
        footnotes=[Footnote("1", f"Voetnoot {SCRIPT}")],
        references=[Reference("kamerstuk", f"Kamerstuk {SCRIPT}", '"><script>x</script>')],
    )


@pytest.fixture(scope="module")
def markup_client(tmp_path_factory):
    root = tmp_path_factory.mktemp("markup")
    corpus, outside = root / "corpus", root / "outside"
    corpus.mkdir(), outside.mkdir()
    (corpus / "brief.md").write_text("het origineel", encoding="utf-8")
    (outside / "geheim.txt").write_text("geheim", encoding="utf-8")
    letters = [  # source.path is relative to the corpus folder
        markup_letter("brief.md"),
        markup_letter(str(outside / "geheim.txt"), "outside-file"),
        markup_letter("../outside/geheim.txt", "traversal"),
        markup_letter(".", "directory"),
    ]
    ix = open_or_create(root / "index")
    writer = open_writer(ix)
    for letter in letters:
        add_letter(writer, letter, letter.source.path)
    writer.commit()
    app = create_app({"INDEX_DIR": str(root / "index"), "CORPUS_DIRS": [str(corpus)], "TESTING": True})
    return app.test_client()


def no_live_markup(html: str) -> None:
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>Markup" not in html
    assert '<a href="javascript' not in html and "<i>meer" not in html


# --- escaping --------------------------------------------------------------------------------

def test_a_query_with_markup_is_escaped_on_the_search_page(client):
    html = client.get("/", query_string={"q": SCRIPT}).get_data(as_text=True)
    no_live_markup(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_filter_value_with_markup_is_escaped(client):
    html = client.get("/", query_string={"q": "lokprofiel", "directorate": SCRIPT}).get_data(as_text=True)
    no_live_markup(html)


def test_a_query_with_markup_is_escaped_on_the_letter_page_and_in_the_feed(client):
    html = client.get(f"/letters/{EXAMPLE_ID}", query_string={"q": SCRIPT}).get_data(as_text=True)
    no_live_markup(html)
    feed = client.get("/feed", query_string={"q": SCRIPT}).get_data(as_text=True)
    assert "<script>" not in feed


def test_letter_text_with_markup_is_escaped_on_the_letter_page(markup_client):
    response = markup_client.get(f"/letters/{MARKUP_ID}?q=lokprofiel")
    html = response.get_data(as_text=True)
    no_live_markup(html)
    doc = page(response)
    assert SCRIPT in doc.h1.get_text(), "the markup is shown as text"
    assert doc.select("p.passage mark"), "highlighting still works next to escaped text"
    assert doc.select_one("p.passage sup a[href='#fn-1']"), "footnote markers still become links"


def test_letter_text_with_markup_is_escaped_in_search_results_api_and_feed(markup_client):
    no_live_markup(markup_client.get("/?q=lokprofiel").get_data(as_text=True))
    data = markup_client.get("/api/search?q=lokprofiel").get_json()
    for hit in data["hits"]:
        for passage in hit["passages"]:
            no_live_markup(passage["snippet"])
            assert passage["snippet"].replace("<mark>", "").replace("</mark>", "").count("<") == 0
    feed = markup_client.get("/feed?q=lokprofiel").get_data(as_text=True)
    assert "<script>" not in feed and "<img" not in feed


# --- the original file ----------------------------------------------------------------------

def test_only_files_inside_a_corpus_folder_are_served(markup_client):
    assert markup_client.get(f"/letters/{MARKUP_ID}/source").data == b"het origineel"
    for letter_id in ("outside-file", "traversal", "directory"):
        assert markup_client.get(f"/letters/{letter_id}/source").status_code == 404
        assert "/source" not in markup_client.get(f"/letters/{letter_id}").get_data(as_text=True)


@pytest.mark.parametrize("path", ["/letters/..%2F..%2Fetc%2Fpasswd/source", "/letters/../../etc/passwd",
                                  "/static/..%2F__init__.py", "/letters/%2e%2e/source"])
def test_traversal_attempts_are_404(client, path):
    assert client.get(path).status_code == 404


TRAVERSALS = [
    "../../../../etc/passwd", "..%2f..%2f..%2fetc%2fpasswd", "%2e%2e/%2e%2e/etc/passwd", "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "..%252f..%252fetc%252fpasswd", "%2fetc%2fpasswd", "/etc/passwd", "....//....//etc/passwd", "..\\..\\etc\\passwd",
    "%c0%ae%c0%ae/etc/passwd", "etc/passwd%00", "%00", ".", "..", "~root", "C:%5cWindows%5cwin.ini",
    f"{EXAMPLE_ID}/../../etc/passwd", f"..%2f{EXAMPLE_ID}", f"{EXAMPLE_ID}%2f..%2f..%2fsecret",
]


@pytest.mark.parametrize("tail", TRAVERSALS)
def test_no_traversal_through_letter_ids_or_the_source_link(client, tail):
    for url in (f"/letters/{tail}", f"/letters/{tail}/source", f"/api/letters/{tail}", f"/static/{tail}"):
        response = client.get(url)
        body = response.get_data()
        assert response.status_code in (404, 308, 400, 405), (url, response.status_code)
        assert b"root:x:0:0" not in body and b"[fonts]" not in body
        assert_headers(response)


def test_a_symlink_out_of_the_corpus_is_not_read_and_the_letter_inside_has_its_source(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.md"
    secret.write_text(variant_text(7).replace("Ik wil deze brief", "GEHEIM-PAD Ik wil deze brief", 1), encoding="utf-8")
    corpus = tmp_path / "corpus"
    make_variants(corpus, 1)
    (corpus / "link.md").symlink_to(secret)
    index_dir = tmp_path / "ix"
    for follow_links in (False, True):
        report = index_paths([corpus], index_dir, follow_links=follow_links)
        assert [Path(p).name for p, _ in report.skipped] == ["link.md"]
    client = create_app({"INDEX_DIR": str(index_dir), "CORPUS_DIRS": [str(corpus)]}).test_client()
    ids = [h["id"] for h in client.get("/api/search?q=mensenhandel&per_page=10").get_json()["hits"]]
    assert len(ids) == 1
    assert client.get("/api/search?q=%22GEHEIM-PAD%22").get_json()["total"] == 0
    response = client.get(f"/letters/{ids[0]}/source")
    assert response.status_code == 200 and b"GEHEIM-PAD" not in response.get_data()


# --- headers and error paths ----------------------------------------------------------------

ROUTES = ["/", "/?q=lokprofiel", "/?q=%22", "/api/search?q=(", f"/letters/{EXAMPLE_ID}", f"/letters/{EXAMPLE_ID}/source",
          "/api/search", f"/api/letters/{EXAMPLE_ID}", "/api/openapi.json", "/healthz", "/feed", "/feed?q=zeden",
          "/static/app.js", "/static/style.css", "/bestaat-niet", "/?from=nooit", "/?sort=bad", "/api/letters/nee",
          "/letters/nope"]


def assert_headers(response):
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, (name, response.status_code)


@pytest.mark.parametrize("path", ROUTES)
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    assert_headers(response)
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "default-src 'none'" in csp and "unsafe-inline" not in csp


def test_a_wrong_method_also_carries_them(client):
    response = client.post("/api/search")
    assert response.status_code == 405
    assert_headers(response)


def test_pages_have_no_inline_scripts_or_styles(client):
    for path in ("/?q=lokprofiel", f"/letters/{EXAMPLE_ID}?q=lokprofiel", "/?q=%22"):
        doc = page(client.get(path))
        assert all(s.get("src") for s in doc.select("script"))
        assert not doc.select("style") and not doc.select("[style]")
        assert not any(attr.startswith("on") for tag in doc.find_all(True) for attr in tag.attrs)


def test_debug_is_off(app):
    assert not app.debug and not app.config["DEBUG"]


@pytest.mark.parametrize("path", ["/letters/bestaat-niet", "/letters/BESTAAT", f"/letters/{'x' * 300}",
                                  "/letters/bestaat-niet/source", "/api/letters/bestaat-niet", "/nergens"])
def test_unknown_ids_and_pages_are_404_in_dutch(client, path):
    response = client.get(path)
    assert response.status_code == 404
    body = response.get_data(as_text=True)
    assert "bestaat niet" in body or "geen brief" in body


@pytest.mark.parametrize("query", [
    {"q": '"open'}, {"q": "((("}, {"q": "onbekend:veld"}, {"q": "date:gisteren"}, {"q": "x" * 5000},
    {"from": "31-02-2021"}, {"to": "eergisteren"}, {"from": "2021-12-01", "to": "2021-01-01"},
    {"sort": "willekeurig"},
])
@pytest.mark.parametrize("route", ["/", "/api/search", "/feed"])
def test_bad_parameters_are_400_with_a_message_never_500(client, route, query):
    response = client.get(route, query_string=query)
    assert response.status_code == 400
    if route == "/api/search":
        assert response.get_json()["error"]
    elif route == "/":
        assert page(response).select_one(".error[role=alert]").get_text().strip()
    else:
        assert response.get_data(as_text=True).strip()


@pytest.mark.parametrize("query", [
    {"q": "\x00"}, {"q": "*"}, {"q": "NOT"}, {"q": "OR"}, {"q": "-"}, {"q": "~"}, {"q": "ref:"},
    {"q": "lokprofiel", "year": "abc"}, {"per_page": "-1"}, {"page": "NaN"}, {"q": "’“”«»"},
    {"directorate": "x" * 2000}, {"type": ""},
])
@pytest.mark.parametrize("route", ["/", "/api/search", "/feed", f"/letters/{EXAMPLE_ID}"])
def test_odd_input_is_never_a_server_error(client, route, query):
    assert client.get(route, query_string=query).status_code in (200, 400)


def test_other_methods_are_405_not_500(client):
    for path in ("/", "/api/search", f"/letters/{EXAMPLE_ID}"):
        assert client.post(path).status_code == 405


def test_an_unexpected_failure_is_a_dutch_500_without_details(app, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(app.extensions["kamerzoek.search"], "search", broken)
    client = app.test_client()
    for path in ("/?q=x", "/api/search?q=x"):
        response = client.get(path)
        assert response.status_code == 500
        body = response.get_data(as_text=True)
        assert "secret internals" not in body and "Er ging iets mis" in body
        assert "Traceback" not in body and "Werkzeug" not in body
        assert_headers(response)
    assert client.get("/api/search?q=x").get_json() == {"error": "Er ging iets mis aan onze kant."}
