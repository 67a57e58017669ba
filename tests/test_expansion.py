"""Prefix and fuzzy words are expanded once per search (and once per index generation), and a
query's expansions together stay within a budget."""
from collections import Counter

import pytest

from indexer import expansion
from indexer.nodes import rewrite
from indexer.query import QueryError, parse_query
from indexer.search import SearchRequest, SearchService


@pytest.fixture()
def lookups(monkeypatch) -> Counter:
    """How often each (kind, field, word) is looked up in a lexicon."""
    counted = Counter()

    def counting(kind, lookup):
        def look_up(reader, field, text, **options):
            counted[kind, field, text] += 1
            return lookup(reader, field, text, **options)
        return look_up

    for kind, lookup in list(expansion._LOOKUPS.items()):
        monkeypatch.setitem(expansion._LOOKUPS, kind, counting(kind, lookup))
    return counted


@pytest.fixture()
def fresh_service(corpus_index):
    """A service with nothing cached yet."""
    service = SearchService(str(corpus_index))
    yield service
    service.close()


def test_each_multi_term_word_is_looked_up_once_per_field_in_a_search(fresh_service, lookups):
    result = fresh_service.search(SearchRequest(q="politie* OR lokprofeil~ OR mensen*andel"))
    assert result.total and result.hits[0].passages
    assert lookups and set(lookups.values()) == {1}
    words = {(kind, text) for kind, _, text in lookups}
    assert words == {("prefix", "politie"), ("fuzzy", "lokprofeil"), ("wildcard", "mensen*andel")}


def test_a_later_search_and_the_letter_page_reuse_the_expansions(fresh_service, lookups):
    fresh_service.search(SearchRequest(q="politie*"))
    first = sum(lookups.values())
    fresh_service.search(SearchRequest(q="politie*", sort="date_desc", page=2))
    fresh_service.highlight_terms("politie*")
    assert first and sum(lookups.values()) == first


def test_the_words_a_prefix_stands_for_are_marked(service):
    result = service.search(SearchRequest(q="politie*"))
    assert {"politie", "politieorganisatie"} <= result.terms.words
    assert "<mark>politieorganisatie</mark>" in " ".join(p.snippet for hit in result.hits for p in hit.passages)


def test_a_word_matching_too_many_words_asks_for_a_longer_word(fresh_service, monkeypatch):
    monkeypatch.setattr(expansion, "MAX_WORDS_PER_TERM", 3)
    with pytest.raises(QueryError, match="past op meer dan 3 verschillende woorden; maak het woord langer"):
        fresh_service.search(SearchRequest(q="be*"))


def lexicon_entries_examined(service, text: str) -> int:
    searcher = service.searcher()
    expand = expansion.Expander(searcher.reader(), expansion.Expansions())
    rewrite(parse_query(text, searcher.schema), expand)
    return expand.examined


def test_a_query_whose_expansions_exceed_the_budget_is_refused_with_a_dutch_message(fresh_service, monkeypatch):
    one_word = lexicon_entries_examined(fresh_service, "lokprofeil~")
    monkeypatch.setattr(expansion, "MAX_EXAMINED_PER_QUERY", 3 * one_word)
    assert fresh_service.search(SearchRequest(q="lokprofeil~")).total  # one fuzzy word fits
    chain = " OR ".join(f"{word}~2" for word in ("regering", "minister", "kamer", "brief", "leraar", "beleid", "politie"))
    with pytest.raises(QueryError, match="te veel woorden met \\* of ~"):
        fresh_service.search(SearchRequest(q=chain))


def test_the_budget_counts_cached_expansions_too(fresh_service, monkeypatch):
    """Whether a query is refused does not depend on what earlier searches left in the cache."""
    monkeypatch.setattr(expansion, "MAX_WORDS_PER_QUERY", 5)
    with pytest.raises(QueryError):
        fresh_service.search(SearchRequest(q="be*"))
    with pytest.raises(QueryError):
        fresh_service.search(SearchRequest(q="be*"))


def test_the_time_budget_is_checked_while_a_lexicon_is_walked(corpus_index, monkeypatch):
    """A fuzzy word walks whole lexicons; a search over its budget stops inside the first walk,
    not after all of them."""
    import itertools

    from indexer.search import SearchTooCostly

    walked = []
    fuzzy = expansion._LOOKUPS["fuzzy"]

    def walk(reader, field, text, **options):
        found = fuzzy(reader, field, text, **options)
        walked.append(field)
        return found

    monkeypatch.setitem(expansion._LOOKUPS, "fuzzy", walk)
    monkeypatch.setattr(expansion, "CHECK_EVERY", 1)
    looks = itertools.count()  # a clock that moves one second at every look
    service = SearchService(str(corpus_index), budget_seconds=3, clock=lambda: next(looks))
    with pytest.raises(SearchTooCostly):
        service.search(SearchRequest(q="verslagen~"))  # many words begin with v
    assert walked == []


class _Lexicon:
    """A reader with one field whose lexicon is the given words, sorted as whoosh keeps them."""

    def __init__(self, words):
        self.words = sorted(w.encode("utf-8") for w in words)

    def expand_prefix(self, field, prefix):
        return (w for w in self.words if w.startswith(prefix.encode("utf-8")))

    def leaf_readers(self):  # one segment, with no term file of whoosh's own to read
        return [(self, 0)]


def _every_near_word(words, text, maxdist):
    """The reference: every word with the same first letter, compared letter by letter."""
    from whoosh.support.levenshtein import damerau_levenshtein

    return tuple(w for w in sorted(words, key=lambda w: w.encode("utf-8"))
                 if w[:1] == text[:1] and damerau_levenshtein(w, text, limit=maxdist) <= maxdist)


@pytest.mark.parametrize("text, maxdist", [("mensenhandle", 1), ("begrooting", 1), ("begroting", 2), ("kamer", 1)])
def test_fuzzy_candidates_find_every_word_a_full_comparison_finds(text, maxdist):
    """The lexicon stretch is read once; its length and byte-set tests rule words out, never
    one within reach, also for words with letters outside ASCII, and the second lookup of a
    generation reads no lexicon."""
    words = ["mensenhandel", "mensenhandelaar", "mensenhandle", "mensenhandl", "mensnhandel", "mensenhandél",
             "begroting", "begrooting", "begrotingen", "begrotnig", "begr", "bergoting", "begrotïng",
             "kamer", "kamers", "kamr", "kaemr", "kramer", "kamerlid", "kämer", "kam", "m", "b", "k"]
    reader, cache = _Lexicon(words), expansion.Expansions()
    found = expansion._fuzzy(reader, "body", text, lambda: None, cache, maxdist=maxdist, prefixlength=1)
    assert found.texts == _every_near_word(words, text, maxdist)
    reader.words = []  # a second lookup uses what the first read
    again = expansion._fuzzy(reader, "body", text, lambda: None, cache, maxdist=maxdist, prefixlength=1)
    assert again == found


def test_a_fuzzy_word_keeps_its_first_letter_unless_the_query_says_otherwise(fresh_service):
    """word~ compares against the words with the same first letter (a field's whole lexicon
    would be over a million words at the size of the whole record); word~1/N keeps N letters."""
    assert fresh_service.search(SearchRequest(q="lokprofeil~")).total  # a swap inside the word
    assert fresh_service.search(SearchRequest(q="lokprofielen")).total
    assert fresh_service.search(SearchRequest(q="kokprofielen~")).total == 0  # the first letter differs
    assert fresh_service.search(SearchRequest(q="lokprofeilen~1/4")).total
    assert fresh_service.search(SearchRequest(q="lakprofielen~1/2")).total == 0  # the second letter differs
    assert parse_query("politie~", fresh_service.searcher().schema).subqueries[0].prefixlength == 1
    assert parse_query("politie~2/3", fresh_service.searcher().schema).subqueries[0].prefixlength == 3
