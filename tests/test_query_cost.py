"""What a query may cost is bounded by the work it does, counted: the lexicon entries its
fuzzy and prefix words look at, and each such word looked up once per search, also when the
query is respelled and its words' other forms are looked up."""
from collections import Counter

import pytest

from indexer import expansion, search
from indexer.query import MAX_QUERY_LENGTH, QueryError
from indexer.search import SearchRequest, SearchService

WORDS = ("regering", "minister", "kamer", "brief", "leraar", "beleid", "politie", "mensenhandel", "opsporing",
         "capaciteit", "webcrawler", "lokprofiel", "rapport", "motie", "zeden", "richtlijn", "vervolging", "kinderen")


def fuzzy_chain(length: int = MAX_QUERY_LENGTH) -> str:
    """`word~2 OR word~2 OR ...` up to ``length`` characters, every word a different one."""
    words, n = [], 0
    while len(" OR ".join(words)) < length - 30:
        words.append(f"{WORDS[n % len(WORDS)]}{n // len(WORDS) or ''}~2")
        n += 1
    return " OR ".join(words)


@pytest.fixture()
def counted(monkeypatch) -> dict:
    """The expander of each search, and how often each (kind, field, word) was looked up."""
    seen = {"expanders": [], "lookups": Counter()}

    class Counting(expansion.Expander):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            seen["expanders"].append(self)

    def counting(kind, lookup):
        def look_up(reader, field, text, **options):
            seen["lookups"][kind, field, text] += 1
            return lookup(reader, field, text, **options)
        return look_up

    monkeypatch.setattr(search, "Expander", Counting)
    for kind, lookup in list(expansion._LOOKUPS.items()):
        monkeypatch.setitem(expansion._LOOKUPS, kind, counting(kind, lookup))
    return seen


def test_a_full_length_chain_of_fuzzy_words_does_work_within_the_budget(corpus_index, counted, monkeypatch):
    chain = fuzzy_chain()
    assert MAX_QUERY_LENGTH - 30 <= len(chain) <= MAX_QUERY_LENGTH
    service = SearchService(str(corpus_index))
    one_word = _examined(service, counted, "regering~2")
    budget = 10 * one_word  # far less than the chain's words need
    monkeypatch.setattr(expansion, "MAX_EXAMINED_PER_QUERY", budget)
    counted["expanders"].clear()
    with pytest.raises(QueryError, match="te veel woorden met \\* of ~"):
        service.search(SearchRequest(q=chain))
    examined = counted["expanders"][-1].examined
    assert examined <= budget + max(one_word, 1) * 2, "refused as soon as the budget is spent, not after every word"


def _examined(service, counted, q: str) -> int:
    counted["expanders"].clear()
    service.search(SearchRequest(q=q))
    return counted["expanders"][0].examined


def test_the_default_budget_holds_a_full_length_chain(corpus_index, counted):
    service = SearchService(str(corpus_index))
    try:
        service.search(SearchRequest(q=fuzzy_chain()))
    except QueryError as refused:
        assert "te veel woorden met * of ~" in str(refused)
    assert counted["expanders"][-1].examined <= expansion.MAX_EXAMINED_PER_QUERY + _largest_lexicon(service)


def _largest_lexicon(service) -> int:
    reader = service.searcher().reader()
    return max(sum(1 for _ in reader.lexicon(field)) for field in reader.indexed_field_names())


def test_every_lookup_is_made_once_per_search_also_for_word_forms_and_respelling(search_index, counted):
    service = SearchService(str(search_index))
    # a prefix, a compound (its forms are looked up) and a typo: it finds two letters, so a
    # respelling is looked for, and the respelled query rewritten
    result = service.search(SearchRequest(q="huurtoeslag OR regerign OR verpleeg*"))
    assert result.total == 2
    assert counted["lookups"] and set(counted["lookups"].values()) == {1}
    assert ("fuzzy", "body", "regerign") in counted["lookups"], "the respelling was looked for"
    assert ("fuzzy", "body", "huurtoeslag") not in counted["lookups"], "a word that begins a compound is known"
    assert {kind for kind, _, _ in counted["lookups"]} == {"prefix", "fuzzy", "known"}


def test_respelling_a_query_that_finds_nothing_shares_its_budget(search_index, counted, monkeypatch):
    """Looking for respellings of many unknown words stops at the query's budget, and then the
    query is answered (with nothing) rather than refused."""
    service = SearchService(str(search_index))
    monkeypatch.setattr(expansion, "MAX_EXAMINED_PER_QUERY", 50)
    result = service.search(SearchRequest(q=" ".join(f"onbekendwoord{n}" for n in range(40))))
    assert result.total == 0 and result.respelled is None
    assert counted["expanders"][-1].examined <= 50 + _largest_lexicon(service)
