"""The letter page: metadata, passages with their anchors, footnotes both ways, references, highlights."""
from __future__ import annotations

import re

from .conftest import CORPUS, EXAMPLE_ID
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


def test_references_link_to_a_search_for_the_kamerstuk(client):
    doc = page(client.get(URL))
    link = next(a for a in doc.select(".references a") if "28 638, nr. 184" in text(a))
    assert params(link["href"])["q"] == ["ref:28638-184"]
    found = page(client.get(link["href"]))
    assert EXAMPLE_ID in str(found.select(".hits")), "the search finds the letter that cites it"


def test_a_reference_to_a_letter_in_the_index_links_to_that_letter(client, monkeypatch, app):
    service = app.extensions["kamerzoek.search"]
    real = service.get_letter
    cited = real(EXAMPLE_ID)
    monkeypatch.setattr(service, "get_letter", lambda i: cited if i == "kst-28638-184" else real(i))
    doc = page(client.get(URL))
    link = next(a for a in doc.select(".references a") if "28 638, nr. 184" in text(a))
    assert link["href"] == "/letters/kst-28638-184"


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
