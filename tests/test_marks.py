"""The words a results page marks are read from the index's positions: exactly the words that
analysing each word of each passage marks (acronyms, compounds, old spellings, phrases)."""
import pytest

from indexer.cleaning import strip_markers
from indexer.evaluate import PassageSpace
from indexer.highlight import _WORD, matches, query_terms, snippet
from indexer.marks import PassageMarks
from indexer.postings import PostingReader
from indexer.search import SearchRequest


def page_marks(service, q: str):
    """(marks read from the index, the page's letters) for the first page of ``q``."""
    searcher = service.searcher()
    reader = searcher.reader()
    table = service._tables.for_reader(reader)
    marking = query_terms(service.rewrite(searcher, q))
    hits = service.search(SearchRequest(q=q, per_page=20)).hits
    page = []
    for hit in hits:
        doc = service._letter_with("uid", hit.letter.id)
        page.append((hit.letter, int(table.letter_slot[doc]), searcher.stored_fields(doc)["words"]))
    space = PassageSpace(table, reader, page)
    assert PassageMarks.usable(marking)
    return PassageMarks(space, PostingReader(reader), marking), marking, [letter for letter, _, _ in page]


def analysed_marks(text: str, marking) -> set[int]:
    spans = set(matches(text, marking))
    return {number for number, word in enumerate(_WORD.finditer(text)) if word.span() in spans}


def assert_same_marks(service, q: str) -> int:
    marks, marking, letters = page_marks(service, q)
    assert letters, f"{q!r} finds nothing to compare"
    marked = 0
    for letter in letters:
        for index, passage in enumerate(letter.passages):
            expected = analysed_marks(strip_markers(passage.text), marking)
            assert marks.words(letter, index) == expected, (q, letter.id, index)
            marked += len(expected)
    return marked


def assert_same_snippets(service, q: str) -> int:
    """The snippets of a search page, whose marks come from the index where the search could
    read them, are those that analysing the passages' words makes."""
    result = service.search(SearchRequest(q=q, per_page=20))
    marking = query_terms(service.rewrite(service.searcher(), q))
    shown = 0
    for hit in result.hits:
        passages = {passage.anchor: passage for passage in hit.letter.passages}
        for shown_passage in hit.passages:
            text = strip_markers(passages[shown_passage.anchor].text)
            assert shown_passage.snippet == snippet(text, marking), (q, hit.letter.id, shown_passage.anchor)
            shown += "<mark>" in shown_passage.snippet
    return shown


@pytest.mark.parametrize("q", [
    "mensenhandel", "lokprofiel", "geinformeerd", "opsporen", "slachtoffers mensenhandel",
    '"openbaar ministerie"', '"tweede kamer" brief', "politie OR gemeente", "mensenhandel -prostitutie",
    "ministerie justitie veiligheid",
    'mensenhandel OR "opsporing vervolging"',  # no such phrase: the words of it stay unmarked
    'mensenhandel OR "opsporing vervolging"~2',  # within two words: marked
    "opspor*", "vervolg* slachtoffer* mensenhandel",  # words read together by the letters' pass
])
def test_the_founding_letter_and_made_letters_mark_alike(service, q):
    assert assert_same_marks(service, q) > 0
    assert assert_same_snippets(service, q) > 0


@pytest.mark.parametrize("q", [
    "OM capaciteit", "om capaciteit", "CAPACITEIT", "handel", "handelingen", "hogesnelheidslijn",
    "hoge snelheidslijn", "scholen", "visserij", '"hoge snelheidslijn"',
])
def test_acronyms_compounds_and_old_spellings_mark_alike(search_service, q):
    assert assert_same_marks(search_service, q) > 0
    assert assert_same_snippets(search_service, q) > 0


def test_a_word_missing_from_a_passage_marks_nothing_there(service):
    marks, _, letters = page_marks(service, "mensenhandel")
    assert any(not marks.words(letter, index) for letter in letters for index in range(len(letter.passages)))


def test_a_letter_not_on_the_page_has_no_marks(service):
    marks, _, letters = page_marks(service, "mensenhandel")

    class Elsewhere:
        id = "not-on-this-page"

    assert marks.words(Elsewhere(), 0) is None


@pytest.mark.parametrize("q", [
    "OM", "om", "handel", "kamer", '"tweede kamer"', "ministerie", "motie verzoekt regering",
])
def test_real_letters_of_every_format_mark_alike(shared_service, q):
    assert assert_same_marks(shared_service, q) > 0
    assert assert_same_snippets(shared_service, q) > 0
