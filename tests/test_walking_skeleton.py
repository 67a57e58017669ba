"""The path through every layer, on the real example letter: file -> Letter -> index -> search -> page."""
from __future__ import annotations

import re

from indexer.parsers import parse_file
from indexer.search import SearchRequest

from .conftest import CORPUS, EXAMPLE_ID


def example_letter():
    return parse_file(next(CORPUS.glob("2021-11-17-jenv-*.md")))


def test_the_example_letter_is_parsed_with_its_letterhead_metadata():
    letter = example_letter()
    assert letter.id == EXAMPLE_ID
    assert letter.kenmerk == "3627733"
    assert letter.date.isoformat() == "2021-11-17"
    assert letter.directorate == "Directoraat-Generaal Politie en Veiligheidsregio's"
    assert letter.subject == "Opsporing en vervolging mensenhandel 2021"
    assert letter.ministry == "Ministerie van Justitie en Veiligheid"


def test_passages_are_numbered_in_document_order():
    letter = example_letter()
    assert [p.anchor for p in letter.passages] == [f"p-{n}" for n in range(1, len(letter.passages) + 1)]
    assert len(letter.passages) > 20


def test_a_search_for_lokprofiel_finds_the_letter_and_links_to_a_passage_with_lokprofielen(service):
    result = service.search(SearchRequest(q="lokprofiel"))
    assert result.hits, "lokprofiel should find the example letter"
    hit = next(h for h in result.hits if h.letter.id == EXAMPLE_ID)
    anchor = hit.passages[0].anchor
    assert "lokprofielen" in hit.letter.passage(anchor).text
    assert "<mark>lokprofiel" in hit.passages[0].snippet


def test_the_search_page_links_a_hit_to_its_passage_and_the_letter_page_has_that_anchor(client):
    page = client.get("/?q=lokprofiel").get_data(as_text=True)
    links = re.findall(rf'href="(/letters/{EXAMPLE_ID}[^"#]*#(p-\d+))"', page)
    assert links, "each hit links to /letters/<id>#p-N"
    url, anchor = links[0]
    letter_page = client.get(url.replace("&amp;", "&")).get_data(as_text=True)
    passage = re.search(rf'<p id="{anchor}"[^>]*>(.*?)</p>', letter_page, re.S).group(1)
    assert "lokprofielen" in passage
    assert "<mark>lokprofiel" in passage
