"""Today's spelling finds the spelling before 1947 (menschen, visch, Nederlandsch, begrooting),
and modern words are left as they are."""
import pytest

from indexer.search import SearchRequest
from indexer.spelling_history import modern_spelling

from .conftest import first_sources

OLD, NEW = "1930-03-03-7770051", "2022-03-03-7770052"


@pytest.mark.parametrize("old, today", [
    ("menschen", "mensen"), ("visch", "vis"), ("nederlandsch", "nederlands"), ("nederlandsche", "nederlandse"),
    ("tusschen", "tussen"), ("vereischte", "vereiste"), ("menschenhandel", "mensenhandel"),
    ("begrooting", "begroting"), ("hooger", "hoger"), ("eenige", "enige"), ("practische", "praktische"),
    ("duurtebyslag", "duurtebijslag"),
])
def test_old_spelling_becomes_todays(old, today):
    assert modern_spelling(old) == today


@pytest.mark.parametrize("word", ["logisch", "technische", "zeeland", "vooraf", "kitsch", "bescherming", "geschiedenis", "zoo"])
def test_words_of_today_are_left_alone(word):
    assert modern_spelling(word) == word


def found(service, q: str) -> set[str]:
    return {hit.letter.id for hit in service.search(SearchRequest(q=q)).hits}


@pytest.mark.parametrize("q, letters", [
    ("mensen", {OLD, NEW}), ("Nederlands-Indië", {OLD}), ("vis", {OLD}), ("begroting hoger", {OLD}),
    ("menschen", {OLD, NEW}), ("visch", {OLD}),
])
def test_either_spelling_finds_both(search_service, q, letters):
    assert found(search_service, q) == letters


def test_modern_words_find_what_they_found_before_and_their_old_spelling(search_service):
    assert found(search_service, "visie") == {NEW}
    assert found(search_service, "visserij") == {OLD, NEW}, "the 1930 letter writes Visscherij"


@pytest.mark.real_documents
@pytest.mark.parametrize("q, source", [
    ("valse aanklachten detentie", "sgd-0000077386.json"),
    ("franse en engelse teksten ontwerpverdragen", "sgd-0000070187.json"),
    ("handelsbetrekkingen tussen nederland en nieuw-zeeland", "sgd-0000067920.json"),
])
def test_real_letters_before_1947_are_found_in_todays_spelling(shared_service, q, source):
    assert source in first_sources(shared_service, q)
