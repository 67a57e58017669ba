"""A word typed in capitals that the letters use as an acronym finds the acronym, not the word;
and Snowball's worst over-stemming is repaired: handel (trade) is not the Handelingen."""
import pytest

from indexer.analysis import acronyms, dutch_analyzer
from indexer.highlight import mark_all
from indexer.search import SearchRequest

ACRONYM, WORD = "2022-02-02-7770011", "2022-02-03-7770012"
TRADE, RECORD = "2022-02-04-7770013", "2022-02-05-7770014"


@pytest.mark.parametrize("words, expected", [
    ("Politie en OM hebben", [False, False, True, False]),
    ("het OM 2021", [False, True, False]),
    ("BRIEF VAN DE MINISTER", [False, False, False, False]),
    ("AIVD", [True]),
    ("GEÏNFORMEERD", [False]),
    ("Om te beginnen", [False, False, False]),
])
def test_an_acronym_is_a_word_in_capitals_among_words_that_are_not(words, expected):
    assert acronyms(words.split()) == expected


def test_an_acronym_is_indexed_as_written_beside_the_folded_word():
    terms = [(t.text, t.pos) for t in dutch_analyzer()("Politie en OM hebben", positions=True)]
    assert ("om", 2) in terms and ("OM", 2) in terms
    assert [t.text for t in dutch_analyzer()("OM", mode="query")] == ["om"], "the query side asks through indexer.words"


def found(service, q: str) -> set[str]:
    return {hit.letter.id for hit in service.search(SearchRequest(q=q)).hits}


def test_a_word_in_capitals_finds_the_acronym_and_not_the_word(search_service):
    assert found(search_service, "OM capaciteit") == {ACRONYM}


@pytest.mark.parametrize("q", ["om capaciteit", "Om capaciteit"])
def test_the_word_not_in_capitals_finds_both(search_service, q):
    assert found(search_service, q) == {ACRONYM, WORD}


def test_capitals_the_letters_never_use_as_an_acronym_are_an_ordinary_word(search_service):
    assert found(search_service, "CAPACITEIT") == {ACRONYM, WORD}


def test_only_the_acronym_is_marked(search_service):
    marked = mark_all("Wij vragen om uitstel; het OM meldt het.", search_service.highlight_terms("OM"))
    assert marked == "Wij vragen om uitstel; het <mark>OM</mark> meldt het."


def test_trade_is_not_the_handelingen(search_service):
    assert found(search_service, "handel") == {TRADE}
    assert found(search_service, "handelingen") == {RECORD}
    assert found(search_service, "handeling") == {RECORD}, "an -ing noun still meets its plural"


@pytest.mark.real_documents
def test_in_the_real_letters_om_in_capitals_finds_the_openbaar_ministerie_only(shared_service):
    acronym = shared_service.search(SearchRequest(q="OM")).total
    word = shared_service.search(SearchRequest(q="om")).total
    assert acronym == 1 and word > 100, (acronym, word)


@pytest.mark.real_documents
def test_in_the_real_letters_handel_no_longer_finds_the_letters_that_cite_the_handelingen(shared_service):
    trade = {hit.letter.id for hit in shared_service.search(SearchRequest(q="handel", per_page=100)).hits}
    record = {hit.letter.id for hit in shared_service.search(SearchRequest(q="handelingen", per_page=100)).hits}
    assert len(record - trade) > 30, "letters that cite the Handelingen and hold no other word handel"
