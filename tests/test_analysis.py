"""Dutch analysis: folding, stemming and compound splitting, on the test corpus (the founding
letter and the made letters)."""
import pytest

from hypothesis import given
from hypothesis import strategies as st

from indexer.analysis import WordTokenizer, compound_parts_analyzer, dutch_analyzer, word_count
from indexer.compounds import compound_parts, known_words, split_compound
from indexer.data.make_wordlist import extra_words
from indexer.search import SearchRequest

MENSENHANDEL_LETTER = "jenv-2021-11-17-3627733"
CRAWLER_ID = "2022-03-03-1111111"  # tests/data/letters: "crawler" alone, no ministry in its letterhead


def terms(text, analyzer=None):
    return [t.text for t in (analyzer or dutch_analyzer())(text)]


def ids(service, q):
    return [hit.letter.id for hit in service.search(SearchRequest(q=q)).hits]


@given(st.text(alphabet="ab É.1 \n^[]-", max_size=40))
def test_words_are_counted_as_the_tokenizer_numbers_their_positions(text):
    assert word_count(text) == len(list(WordTokenizer()(text, positions=True)))


def test_words_are_counted_across_lines_and_markers():
    assert word_count("Kamerstuk 28 638, nr. 184[^3]\no.a. de BRIEF\n\nEinde") == 9  # not the marker "[^3]"; "o.a." one word


def test_accents_and_case_fold():
    assert terms("geïnformeerd") == terms("geinformeerd") == terms("GEÏNFORMEERD")
    assert terms("één") == terms("een")


def test_plural_and_singular_meet_in_one_stem():
    assert terms("lokprofielen") == terms("lokprofiel")
    assert terms("mensenhandelaren") == ["mensenhandelar"]


def test_a_compound_splits_into_words_with_linking_morphemes():
    assert split_compound("webcrawler") == ("web", "crawler")
    assert split_compound("mensenhandelaren") == ("mensen", "handelaren")
    assert split_compound("opsporingscapaciteit") == ("opsporing", "capaciteit")  # -s-
    assert split_compound("lokprofielen") == ("lok", "profielen")


def test_the_word_list_holds_the_words_added_to_opentaals():
    # extra-words.txt is built into the trie file: a word added there and not built in is missed
    assert extra_words() and all(word in known_words() for word in extra_words())
    assert "handelaren" in known_words() and "handelarx" not in known_words()


def test_prefixes_and_particles_do_not_make_compounds():
    for word in ("vervolging", "aanpak", "voorjaar", "samenwerking", "regering", "ministerie"):
        assert split_compound(word) == (), word


def test_nested_compounds_give_all_their_parts():
    assert set(compound_parts("asielzoekersproblematiek")) >= {"asielzoekers", "asiel", "zoekers", "problematiek"}


def test_the_parts_field_indexes_parts_and_queries_whole_words():
    analyzer = compound_parts_analyzer()
    indexed = [t.text for t in analyzer("webcrawler lokprofielen beleid", mode="index")]
    assert indexed == ["crawler", "profiel"]
    assert [t.text for t in analyzer("webcrawler", mode="query")] == ["webcrawler"]


def test_lokprofiel_finds_lokprofielen(service):
    assert MENSENHANDEL_LETTER in ids(service, "lokprofiel")


def test_geinformeerd_without_diaeresis_finds_geinformeerd(service):
    assert MENSENHANDEL_LETTER in ids(service, "geinformeerd")


def test_a_part_of_a_compound_finds_the_compound(service):
    for part in ("crawler", "handel", "profiel"):
        assert MENSENHANDEL_LETTER in ids(service, part), part


def test_an_exact_match_ranks_above_a_compound_match(service):
    assert ids(service, "crawler") == [CRAWLER_ID, MENSENHANDEL_LETTER]


def test_a_phrase_matches_only_as_written(service):
    assert ids(service, '"crawler"') == [CRAWLER_ID]
    assert ids(service, '"crawler meldt"') == [CRAWLER_ID]
    assert ids(service, '"webcrawler"') == [MENSENHANDEL_LETTER]


def test_the_compound_is_marked_in_the_snippet(service):
    hit = next(h for h in service.search(SearchRequest(q="crawler")).hits if h.letter.id == MENSENHANDEL_LETTER)
    assert any("<mark>webcrawler" in p.snippet for p in hit.passages)


@pytest.mark.parametrize(
    "singular, plural",
    [("grens", "grenzen"), ("brief", "brieven"), ("huis", "huizen"), ("bedrijfschap", "bedrijfschappen")],
)
def test_singular_and_plural_meet_where_snowball_leaves_them_apart(singular, plural):
    analyzer = dutch_analyzer()
    assert [t.text for t in analyzer(singular)] == [t.text for t in analyzer(plural)]


def test_the_highlighter_marks_exactly_the_words_the_index_made_the_terms_of():
    """For every passage of the test corpus: with any set of query terms, the marked words are
    the tokens of which the indexing analysis (body and compound parts) made one of them."""
    from indexer.cleaning import strip_markers
    from indexer.fields import HIGHLIGHTED_FIELDS
    from indexer.highlight import Marking, matches
    from indexer.indexing import find_files
    from indexer.layout import make_schema
    from indexer.parsers import NotALetter, parse_file
    from tests.conftest import TEST_CORPUS

    schema = make_schema()
    analyzers = [schema[name].analyzer for name in sorted(HIGHLIGHTED_FIELDS)]
    checked = 0
    for path in find_files(TEST_CORPUS, []):
        try:
            letter = parse_file(path)
        except NotALetter:
            continue
        for text in [*(strip_markers(p.text) for p in letter.passages), *(f.text for f in letter.footnotes)]:
            tokens = [t.copy() for analyzer in analyzers for t in analyzer(text, chars=True)]
            wanted = frozenset(t.text for t in tokens[::3])  # a third of them as query terms
            expected = {(t.startchar, t.endchar) for t in tokens if t.text in wanted}
            assert set(matches(text, Marking(wanted))) == expected, (path.name, text[:60])
            checked += 1
    assert checked >= 50
