"""Highlighting marks what the query found: a word wherever it stands, a phrase only as a phrase."""
from indexer.highlight import mark_all

TEXT = "Het belang is groot. Wij botsen met het belang van de burger, zegt het kabinet."


def marked_words(html: str) -> list[str]:
    return [part.split("</mark>")[0] for part in html.split("<mark>")[1:]]


def test_a_phrase_marks_its_words_only_where_they_stand_as_the_phrase(search_service):
    marked = mark_all(TEXT, search_service.highlight_terms('"botsen met het belang"'))
    assert marked_words(marked) == ["botsen", "met", "het", "belang"]
    assert marked.startswith("Het belang is groot. Wij <mark>botsen</mark> <mark>met</mark>")


def test_a_word_beside_a_phrase_is_marked_wherever_it_stands(search_service):
    marked = mark_all(TEXT, search_service.highlight_terms('belang "zegt het kabinet"'))
    assert marked_words(marked) == ["belang", "belang", "zegt", "het", "kabinet"]


def test_a_phrase_with_room_between_its_words_marks_them_within_that_room(search_service):
    assert marked_words(mark_all(TEXT, search_service.highlight_terms('"botsen belang"~3'))) == ["botsen", "belang"]
    assert marked_words(mark_all(TEXT, search_service.highlight_terms('"botsen burger"~3'))) == []


def test_a_phrase_the_text_does_not_hold_marks_nothing(search_service):
    assert mark_all(TEXT, search_service.highlight_terms('"het kabinet botst"')) == TEXT


def test_an_excluded_phrase_marks_nothing(search_service):
    marked = mark_all(TEXT, search_service.highlight_terms('burger NOT "het belang"'))
    assert marked_words(marked) == ["burger"]


def test_the_hits_of_a_phrase_search_mark_the_phrase_not_its_common_words(service):
    from indexer.search import SearchRequest

    result = service.search(SearchRequest(q='"de politie"'))
    snippets = [p.snippet for hit in result.hits for p in hit.passages]
    assert snippets
    for snippet in snippets:
        words = [w.lower() for w in marked_words(snippet)]
        assert words and words == ["de", "politie"] * (len(words) // 2), snippet


def test_a_phrase_is_marked_on_words_not_on_compound_parts(search_service):
    marked = mark_all("Wij botsen met het belangenconflict, en botsen met het belang.",
                      search_service.highlight_terms('"botsen met het belang"'))
    assert marked_words(marked) == ["botsen", "met", "het", "belang"]


def test_a_phrase_word_one_beyond_its_slop_is_not_marked(search_service):
    """ "botsen met het": het stands two words after botsen, so the phrase needs slop 2."""
    assert marked_words(mark_all(TEXT, search_service.highlight_terms('"botsen het"'))) == []
    assert marked_words(mark_all(TEXT, search_service.highlight_terms('"botsen het"~2'))) == ["botsen", "het"]
