"""The letter page: metadata, passages with their anchors, footnotes both ways, references, highlights."""
from __future__ import annotations

import re

import pytest

from indexer.layout import add_letter, open_or_create, open_writer
from indexer.model import Letter, Passage, Source
from indexer.parsers import parse_file
from web import create_app
from web.fingerprint import fingerprint

from .conftest import CORPUS, EXAMPLE_ID, MADE_LETTERS
from .webpage import page, params, text

URL = f"/letters/{EXAMPLE_ID}"


def test_the_letter_page_shows_the_metadata(client):
    doc = page(client.get(URL))
    assert text(doc.h1) == "Opsporing en vervolging mensenhandel 2021"
    meta = dict(zip((text(dt) for dt in doc.select(".metadata dt")), (text(dd) for dd in doc.select(".metadata dd"))))
    assert meta["Datum"] == "17-11-2021"
    assert meta["Kenmerk"] == "3627733"
    assert meta["Directie"] == "Directoraat-Generaal Politie en Veiligheidsregio's"


def test_every_passage_has_its_anchor_and_a_labelled_link_that_shares_it(client):
    doc = page(client.get(URL))
    passages = doc.select("p.passage")
    assert [p["id"] for p in passages] == [f"p-{n}" for n in range(1, len(passages) + 1)]
    for p in passages:
        link = p.select_one("a.share")
        assert text(link) == "Link naar deze passage"
        path, anchor = link["href"].split("#")
        assert path.startswith(URL + "?") and anchor == p["id"]
        assert list(params(path)) == ["ps"], "a shared link carries the passage's fingerprint, nothing of a search"


def test_passages_stand_under_their_section_headings(client):
    doc = page(client.get(URL))
    heading = next(h for h in doc.select(".body h2") if "Lokprofielen" in text(h))
    following = heading.find_next_sibling("p")
    assert "passage" in following["class"]


def test_footnote_markers_link_to_the_notes_and_the_notes_link_back(client):
    doc = page(client.get(URL))
    markers = doc.select("p.passage sup a[href^='#fn-']")
    assert markers
    for marker in markers:
        note = doc.select_one(marker["href"])
        assert note is not None and note.name == "li"
        back = note.select_one("a[href^='#fnref-']")
        assert doc.select_one(back["href"]) is not None, "the note links back to a marker that exists"
    assert "28 638, nr. 184" in text(doc.select_one("#fn-1"))


def _reference(doc, cited: str):
    return next(item for item in doc.select(".references li") if cited in text(item))


def test_a_reference_links_to_its_official_publication_and_to_the_letters_citing_it(client):
    doc = page(client.get(URL))
    item = _reference(doc, "28 638, nr. 184")
    official = item.select_one("a")
    assert official["href"] == "https://zoek.officielebekendmakingen.nl/kst-28638-184.html"
    assert "external" in official["rel"]
    citing = item.select_one("a.citing")
    assert params(citing["href"])["q"] == ["ref:28638-184"]
    found = page(client.get(citing["href"]))
    assert EXAMPLE_ID in str(found.select(".hits")), "the search finds the letter that cites it"


def test_a_ruling_links_to_rechtspraak(client):
    link = _reference(page(client.get(URL)), "ECLI:NL:RBMNE:2021:4771").select_one("a")
    assert link["href"] == "https://deeplink.rechtspraak.nl/uitspraak?id=ECLI:NL:RBMNE:2021:4771"


def test_a_reference_to_a_letter_in_the_index_links_to_that_letter(client):
    # the made letter kst-99999-8 cites the made motion Kamerstuk 99 999, nr. 7, indexed too
    doc = page(client.get("/letters/kst-99999-8"))
    link = _reference(doc, "99 999, nr. 7").select_one("a")
    assert link["href"] == "/letters/kst-99999-7" and not link.get("rel")
    assert text(page(client.get(link["href"])).h1)


def test_with_q_the_terms_are_marked_and_the_page_knows_its_first_hit(client):
    doc = page(client.get(URL + "?q=lokprofiel"))
    marked = doc.select("p.passage mark")
    assert marked and all("lokprofiel" in m.get_text().lower() for m in marked)
    first = doc.select_one("article.letter")["data-first-hit"]
    assert doc.select_one(f"#{first}").select_one("mark")
    assert doc.select_one("script[src='/static/app.js']"), "app.js scrolls to it (no inline script)"


def test_without_q_nothing_is_marked(client):
    doc = page(client.get(URL))
    assert not doc.select("mark") and not doc.select_one("article.letter").has_attr("data-first-hit")


def test_a_malformed_q_still_shows_the_letter_with_the_message(client):
    response = client.get(URL + '?q="lokprofiel')
    assert response.status_code == 200
    doc = page(response)
    assert doc.select("p.passage") and "aanhalingsteken" in text(doc.select_one(".error"))


def test_the_original_file_is_linked_and_served(client):
    doc = page(client.get(URL))
    link = doc.select_one(".metadata a[href$='/source']")
    response = client.get(link["href"])
    assert response.status_code == 200
    original = next(CORPUS.glob("2021-11-17-jenv-*.md")).read_bytes()
    assert response.data == original


def test_the_search_page_and_the_letter_page_agree_on_passages(client):
    doc = page(client.get("/?q=webcrawler"))
    link = next(a for a in doc.select("a.passage") if EXAMPLE_ID in a["href"])
    anchor = link["href"].split("#")[1]
    letter = page(client.get(link["href"].split("#")[0]))
    assert re.search("webcrawler", text(letter.select_one(f"#{anchor}")), re.I)


def test_the_javascript_and_the_stylesheet_are_served(client):
    assert "data-first-hit" in client.get("/static/app.js").get_data(as_text=True)
    assert ":focus-visible" in client.get("/static/style.css").get_data(as_text=True)


# --- the way back, citing, headings ----------------------------------------------------------

def test_the_way_back_is_the_search_the_reader_came_from(client):
    came_from = "q=lokprofiel&year=2021&sort=date_asc&page=2"
    back = page(client.get(f"{URL}?{came_from}&ps=0123456789abcdef")).select_one("p.back a")
    assert text(back) == "← Terug naar de zoekresultaten" and back["href"] == f"/?{came_from}"
    plain = page(client.get(URL)).select_one("p.back a")
    assert text(plain) == "← Naar de zoekpagina" and plain["href"] == "/"


def test_the_query_words_are_marked_in_headings_too(client):
    doc = page(client.get(URL + "?q=lokprofiel"))
    assert any("lokprofiel" in m.get_text().lower() for m in doc.select(".body h2 mark"))


def test_passages_stand_in_sections_under_their_heading(client):
    doc = page(client.get(URL))
    section = next(s for s in doc.select(".body section") if s.h2 and "Lokprofielen" in text(s.h2))
    assert section["aria-labelledby"] == section.h2["id"] and section.select("p.passage")


def test_the_citation_line_names_title_kenmerk_date_kamerstuk_and_address(client):
    citation = text(page(client.get(URL)).select_one("#citation"))
    assert citation.startswith("“Opsporing en vervolging mensenhandel 2021”")
    assert "kenmerk 3627733" in citation and "17 november 2021" in citation
    assert citation.endswith(f"http://127.0.0.1:8000{URL}"), "the configured public address, not the request's"


def test_a_linked_passage_is_found_by_its_fingerprint_and_cited(client):
    passage = parse_file(next(CORPUS.glob("2021-11-17-jenv-*.md"))).passage("p-7")
    doc = page(client.get(f"{URL}?ps={fingerprint(passage.text)}"))
    assert [p["id"] for p in doc.select("p.passage.linked")] == ["p-7"]
    assert doc.select_one("article.letter")["data-linked"] == "p-7"
    assert text(doc.select_one("#citation-url")).endswith("#p-7")
    assert doc.select_one("#passage-notice").has_attr("hidden")


def test_a_link_to_a_passage_that_is_gone_says_so_without_script(client):
    doc = page(client.get(f"{URL}?ps={'f' * 16}"))
    notice = doc.select_one("#passage-notice")
    assert not notice.has_attr("hidden") and "staat niet meer in deze brief" in text(notice)


@pytest.mark.parametrize("ps", ["xyz", "0" * 15, "<script>", "F" * 16])
def test_a_malformed_fingerprint_is_ignored(client, ps):
    doc = page(client.get(URL, query_string={"ps": ps}))
    assert not doc.select_one("article.letter").has_attr("data-ps") and not doc.select("p.linked")


# --- source ----------------------------------------------------------------------------------

def letter_with(source: Source) -> Letter:
    return Letter(id="bron-2022-01-01", source=source, subject="Over de bron",
                  passages=[Passage("p-1", None, "Een alinea.")])


@pytest.fixture()
def source_client(tmp_path):
    """An index of one letter whose source is set per test: (client, corpus folder, add)."""
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "sub" / "brief.md").write_text("het origineel", encoding="utf-8")

    def add(source: Source):
        writer = open_writer(open_or_create(tmp_path / "index"))
        add_letter(writer, letter_with(source), source.path)
        writer.commit()
        app = create_app({"INDEX_DIR": str(tmp_path / "index"), "CORPUS_DIRS": [str(corpus)], "TESTING": True})
        return app.test_client()

    return add


def test_the_official_publication_is_linked_beside_the_original_file(source_client):
    url = "https://zoek.officielebekendmakingen.nl/kst-99999-1.html"
    client = source_client(Source("sub/brief.md", "markdown", "0" * 64, url))
    sources = page(client.get("/letters/bron-2022-01-01")).select(".sources a")
    assert [(text(a), a["href"]) for a in sources] == [
        ("Officiële publicatie", url), ("Origineel bestand", "/letters/bron-2022-01-01/source")]
    assert client.get(sources[1]["href"]).data == b"het origineel", "a path relative to its corpus folder"
    hit = client.get("/api/search?q=alinea").get_json()["hits"][0]
    assert hit["source"]["url"] == url, "every API hit carries the publication's address"


def test_a_source_on_no_server_says_so_instead_of_a_dead_link(source_client):
    client = source_client(Source("elders/brief.pdf", "pdf", "0" * 64, "javascript:alert(1)"))
    doc = page(client.get("/letters/bron-2022-01-01"))
    assert not doc.select(".sources a"), "only a web address is ever a link"
    assert "staat niet op deze server" in text(doc.select_one(".sources"))
    assert client.get("/letters/bron-2022-01-01/source").status_code == 404


# --- a made letter is never passed off as real -----------------------------------------------

MADE = "Voorbeeldbrief, geschreven voor de tests van Kamerzoek; geen echte Kamerbrief."


def test_a_made_letter_is_marked_as_made_on_every_page_that_shows_it(tmp_path):
    writer = open_writer(open_or_create(tmp_path / "index"))
    for letter_id, first in (("gemaakt-2022-01-01", MADE), ("echt-2022-01-02", "Een echte alinea.")):
        add_letter(writer, Letter(id=letter_id, source=Source(f"{letter_id}.md", "markdown", "0" * 64),
                                  subject="Over de webcrawler", passages=[Passage("p-1", None, first),
                                                                          Passage("p-2", None, "De webcrawler.")]),
                   f"{letter_id}.md")
    writer.commit()
    client = create_app({"INDEX_DIR": str(tmp_path / "index"), "TESTING": True}).test_client()
    hits = {h.h3.a["href"].split("?")[0]: text(h.h3) for h in page(client.get("/?q=webcrawler")).select("li.hit")}
    assert "gemaakt voorbeeld" in hits["/letters/gemaakt-2022-01-01"]
    assert "gemaakt voorbeeld" not in hits["/letters/echt-2022-01-02"]
    letter = page(client.get("/letters/gemaakt-2022-01-01"))
    assert "geen echte Kamerbrief" in text(letter.select_one(".made-note")) and "gemaakt voorbeeld" in letter.title.text
    assert not page(client.get("/letters/echt-2022-01-02")).select_one(".made-note")
    feed = client.get("/feed?q=webcrawler").get_data(as_text=True)
    assert "Over de webcrawler (gemaakt voorbeeld, geen echte Kamerbrief)</title>" in feed


def test_the_made_test_letters_are_marked_and_the_founding_letter_is_not(client):
    hits = page(client.get("/?per_page=50")).select("li.hit")
    made = {h.h3.a["href"].split("?")[0]: bool(h.select_one(".made")) for h in hits}
    assert made.pop(URL) is False, "the founding letter is real"
    assert made and all(made.values()), "every letter in tests/data says it is made, and is marked so"
    assert len(made) == len([f for f in MADE_LETTERS.iterdir() if "metadata" not in f.name])
