"""The JSON API and the Atom feed: real responses checked against the OpenAPI document."""
from __future__ import annotations

import copy
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlsplit

import pytest
from jsonschema import Draft202012Validator

from indexer.parsers import parse_file
from web.fingerprint import fingerprint

from .conftest import CORPUS, EXAMPLE_ID

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture()
def openapi(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def strict(schema):
    """The schema with no undocumented fields allowed, so the document must name every field
    the API returns (the published document stays open, so new fields don't break clients)."""
    schema = copy.deepcopy(schema)

    def walk(node):
        if isinstance(node, dict):
            if "properties" in node and "additionalProperties" not in node:
                node["additionalProperties"] = False
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    return schema


def check(openapi, path, status, response):
    """The response is what the OpenAPI document says `path` answers with `status`."""
    assert response.status_code == status
    assert response.mimetype == "application/json"
    declared = openapi["paths"][path]["get"]["responses"][str(status)]["content"]["application/json"]["schema"]
    schema = strict({**declared, "components": openapi["components"]})
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(response.get_json())]
    assert not errors, errors


def test_the_openapi_document_is_valid_and_names_every_search_parameter(openapi):
    assert openapi["openapi"].startswith("3.1")
    for name in ("SearchResult", "Letter", "Error"):
        Draft202012Validator.check_schema(openapi["components"]["schemas"][name])
    names = {p["name"] for p in openapi["paths"]["/api/search"]["get"]["parameters"]}
    assert {"q", "from", "to", "directorate", "ministry", "year", "type", "sort", "page"} <= names


@pytest.mark.parametrize("query", ["q=lokprofiel", "q=lokprofiel&sort=date_asc&from=17-11-2021", "", "q=nietsgevonden",
                                   "q=lokprofiel&year=2021&directorate=x&page=40"])
def test_search_responses_match_the_document(client, openapi, query):
    check(openapi, "/api/search", 200, client.get(f"/api/search?{query}"))


@pytest.mark.parametrize("query", ['q="open', "from=gisteren", "sort=random", "q=onbekend:veld"])
def test_search_errors_match_the_document(client, openapi, query):
    check(openapi, "/api/search", 400, client.get(f"/api/search?{query}"))


def test_letter_responses_match_the_document(client, openapi):
    check(openapi, "/api/letters/{id}", 200, client.get(f"/api/letters/{EXAMPLE_ID}"))
    check(openapi, "/api/letters/{id}", 404, client.get("/api/letters/geen-brief"))
    check(openapi, "/api/letters/{id}", 404, client.get("/api/letters/..%2F..%2Fetc%2Fpasswd"))


def test_healthz_matches_the_document(client, openapi):
    response = client.get("/healthz")
    check(openapi, "/healthz", 200, response)
    assert response.get_json()["status"] == "ok" and response.get_json()["letters"] >= 1


def passage_fingerprint(anchor: str) -> str:
    letter = parse_file(next(CORPUS.glob("2021-11-17-jenv-*.md")))
    return fingerprint(letter.passage(anchor).text)


def test_a_search_hit_links_to_the_letter_and_its_passages(client):
    data = client.get("/api/search?q=lokprofiel").get_json()
    assert data["query"] == "lokprofiel" and data["total"] >= 1 and data["page"] == 1
    hit = next(h for h in data["hits"] if h["id"] == EXAMPLE_ID)
    assert (hit["kenmerk"], hit["date"]) == ("3627733", "2021-11-17")
    assert hit["url"].endswith(f"/letters/{EXAMPLE_ID}")
    for passage in hit["passages"]:
        path, anchor = urlsplit(passage["url"]).path, urlsplit(passage["url"]).fragment
        assert path.endswith(f"/letters/{EXAMPLE_ID}") and anchor == passage["anchor"]
        assert parse_qs(urlsplit(passage["url"]).query) == {"q": ["lokprofiel"], "ps": [passage_fingerprint(anchor)]}
        assert "<mark>" in passage["snippet"]
    assert any(f["value"] == "2021" and f["count"] >= 1 for f in data["facets"]["year"])


def test_the_letter_json_has_the_designed_shape(client):
    data = client.get(f"/api/letters/{EXAMPLE_ID}").get_json()
    assert list(data) == ["id", "kenmerk", "kamerstuk", "date", "directorate", "ministry", "subject", "signer", "addressee",
                          "doc_type", "source", "passages", "footnotes", "references"]
    assert data["passages"][0]["anchor"] == "p-1"


def test_the_api_clamps_paging_instead_of_failing(client):
    for value in ("-5", "0", "abc", "10000000"):
        assert client.get(f"/api/search?q=lokprofiel&page={value}").status_code == 200
    assert client.get("/api/search?per_page=100000").get_json()["per_page"] == 100


# --- the Atom feed --------------------------------------------------------------------------

def test_the_feed_is_atom_with_entries_linking_to_letters(client):
    response = client.get("/feed?q=lokprofiel")
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.data)
    assert feed.tag == f"{ATOM}feed"
    for required in ("title", "id", "updated"):
        assert feed.find(f"{ATOM}{required}") is not None
    entries = feed.findall(f"{ATOM}entry")
    assert entries
    links = [e.find(f"{ATOM}link[@rel='related']").get("href") for e in entries]
    assert any(link.endswith(f"/letters/{EXAMPLE_ID}") for link in links)
    for entry in entries:
        assert entry.find(f"{ATOM}id").text and entry.find(f"{ATOM}updated").text
        assert entry.find(f"{ATOM}author/{ATOM}name").text


def test_the_search_page_advertises_its_feed(client):
    from .webpage import page

    doc = page(client.get("/?q=lokprofiel"))
    assert doc.select_one("link[rel=alternate][type='application/atom+xml']")["href"] == "/feed?q=lokprofiel"


def test_a_feed_with_a_malformed_query_is_a_400(client):
    assert client.get('/feed?q="open').status_code == 400
    assert client.get("/feed?from=ooit").status_code == 400


# --- following a search ----------------------------------------------------------------------

@pytest.mark.parametrize("q", ["lokprofiel\x01", "\x00\x08\x0b\x0c\x1f", "lokprofiel \ufffe\uffff", "\x7f lokprofiel"])
def test_the_feed_is_well_formed_whatever_the_query_holds(client, q):
    response = client.get("/feed", query_string={"q": q})
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        ET.fromstring(response.data)  # a reader accepts it: well-formed XML


def test_each_feed_entry_links_to_its_best_passage(client):
    feed = ET.fromstring(client.get("/feed?q=webcrawler").data)
    entry = feed.find(f"{ATOM}entry")
    passage = urlsplit(entry.find(f"{ATOM}link[@rel='alternate']").get("href"))
    assert passage.path == f"/letters/{EXAMPLE_ID}" and passage.fragment.startswith("p-")
    assert parse_qs(passage.query)["ps"] == [passage_fingerprint(passage.fragment)]
    assert entry.find(f"{ATOM}id").text.endswith(f"/letters/{EXAMPLE_ID}"), "the entry is the letter"


def test_the_feed_is_described_in_the_openapi_document(openapi):
    feed = openapi["paths"]["/feed"]["get"]
    assert {p["name"] for p in feed["parameters"]} == {p["name"] for p in openapi["paths"]["/api/search"]["get"]["parameters"]}
    assert "application/atom+xml" in feed["responses"]["200"]["content"]
    assert "400" in feed["responses"]


def test_every_hit_carries_its_source_with_the_official_publication(client):
    hit = client.get("/api/search?q=lokprofiel").get_json()["hits"][0]
    assert hit["source"]["url"] is None and hit["source"]["format"] == "markdown", "a local file: no publication"
