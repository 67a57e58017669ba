"""The passages a hit shows: those holding the most query words, weighted by rarity, when no
passage holds them all; a word only the letter's metadata holds does not make the first win."""
import pytest

from indexer.search import SearchRequest

from .conftest import EXAMPLE_ID


def passages(service, q: str) -> list[str]:
    hits = service.search(SearchRequest(q=q)).hits
    assert len(hits) == 1
    return [p.anchor for p in hits[0].passages]


def test_without_a_passage_holding_every_word_the_one_holding_most_comes_first(search_service):
    # p-3 kustwacht, p-4 zeehonden and zandbanken, p-5 vuurtoren: no passage holds all four
    shown = passages(search_service, "kustwacht zeehonden zandbanken vuurtoren")
    assert shown[0] == "p-4" and set(shown) == {"p-3", "p-4", "p-5"}


def test_a_word_only_in_the_metadata_does_not_pull_in_the_first_passage(search_service):
    # 7770071 is the letter's kenmerk, and no passage says it
    assert passages(search_service, "7770071 vuurtoren") == ["p-5"]


def test_passages_holding_every_word_still_come_first(service):
    shown = passages(service, "lokprofiel klant")
    assert shown[0] == "p-8"


@pytest.mark.real_documents
@pytest.mark.parametrize("q, anchor", [("fusietoets leraren", "p-11"), ("zwin college leraren", "p-16")])
def test_a_real_letter_shows_the_passage_with_the_rarer_words(shared_service, q, anchor):
    hit = shared_service.search(SearchRequest(q=q)).hits[0]
    assert anchor in [p.anchor for p in hit.passages]


def test_the_founding_letter_shows_its_webcrawler_passages_for_a_query_with_its_kenmerk(service):
    hit = next(h for h in service.search(SearchRequest(q="3627733 webcrawler")).hits if h.letter.id == EXAMPLE_ID)
    assert "p-1" not in [p.anchor for p in hit.passages]
