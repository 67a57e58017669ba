"""A query word finds its other forms: -ie singulars their -ies/-ieën plurals, compounds with
another linking sound or written apart, compounds inside longer ones; and the word itself ranks
above the word as a part of a compound."""
import pytest

from indexer import nodes as N
from indexer.analysis import dutch_analyzer
from indexer.doctable import DocTable
from indexer.evaluate import Evaluator, LetterSpace
from indexer.search import SearchRequest
from indexer.words import link_variants

from .conftest import first_sources

SUBSIDIES, STRATEGIES = "2022-03-08-7770031", "2022-03-09-7770032"
ZIEKTEKOSTEN, HSL_ONE_WORD, HSL_TWO_WORDS = "2022-03-10-7770041", "2022-03-11-7770042", "2022-03-12-7770043"
HUURTOESLAGWET, VERPLEEGHUISZORG = "2022-03-13-7770044", "2022-03-14-7770045"
SCHOLEN, BASISSCHOLEN = "2022-03-15-7770046", "2022-03-16-7770047"


def stems(text: str) -> list[str]:
    return [t.text for t in dutch_analyzer()(text, mode="query")]


@pytest.mark.parametrize("singular, plurals", [
    ("subsidie", "subsidies"), ("strategie", "strategieën strategieen"), ("financie", "financiën"),
    ("advies", "adviezen"), ("serie", "series"),
])
def test_singular_and_plural_in_ie_meet_in_one_stem(singular, plurals):
    assert {*stems(singular), *stems(plurals)} == set(stems(singular))


def test_the_netherlands_indies_are_not_the_conjunction_indien():
    assert stems("Indië") != stems("indien")


def found(service, q: str) -> list[str]:
    return [hit.letter.id for hit in service.search(SearchRequest(q=q)).hits]


@pytest.mark.parametrize("q, letter", [
    ("subsidie", SUBSIDIES), ("strategie", STRATEGIES), ("strategieen", STRATEGIES),
    ("ziektenkosten", ZIEKTEKOSTEN), ("leeftijdontslag", ZIEKTEKOSTEN),
    ("huurtoeslag", HUURTOESLAGWET), ("verpleeghuis zorg", VERPLEEGHUISZORG),
    ("verpleeg*", VERPLEEGHUISZORG),  # a prefix is the beginning of a word, not of a stem ("verpleg")
])
def test_a_query_word_finds_the_form_the_letter_uses(search_service, q, letter):
    assert found(search_service, q) == [letter]


@pytest.mark.parametrize("q", ["hogesnelheidslijn", "hoge snelheidslijn"])
def test_a_compound_finds_itself_written_as_one_word_and_as_two(search_service, q):
    assert set(found(search_service, q)) == {HSL_ONE_WORD, HSL_TWO_WORDS}


def test_the_word_itself_ranks_above_the_word_as_part_of_a_compound(search_service):
    assert found(search_service, "scholen")[-1] == BASISSCHOLEN
    assert len(found(search_service, "scholen")) == 4


def test_what_a_prefer_node_matches_first_ranks_above_what_only_its_second_part_matches(search_service):
    """Whatever the scores: here the part match weighs ten times the word itself."""
    searcher = search_service.searcher()
    table = DocTable(searcher.reader())
    node = N.Prefer(N.Term("body", "schol"), N.Term("parts", "schol", boost=10.0))
    result = Evaluator(searcher, LetterSpace(table, searcher.reader())).evaluate(node)
    exact = result.score[slots_of(table, searcher, [SCHOLEN])]
    part = result.score[slots_of(table, searcher, [BASISSCHOLEN])]
    assert result.mask.sum() == 4 and part.max() < exact.min()


def slots_of(table, searcher, ids):
    return [int(table.letter_slot[searcher.document_number(uid=i)]) for i in ids]


def test_linking_sounds_vary_at_the_last_two_joints_of_a_compound():
    assert {"ziektenkosten", "ziektekosten"} <= link_variants("ziektekosten")
    assert "stedebouwkundige" in link_variants("stedenbouwkundige")
    assert link_variants("regering") == {"regering"}, "no compound, no variants"


@pytest.mark.real_documents
@pytest.mark.parametrize("q, source", [
    ("stedenbouwkundige waarde", "sgd-0000039503.json"),
    ("exploitatieovereenkomst", "sgd-0000001624.json"),
    ("natuurbescherming", "sgd-0000094450.json"),
    ("garantie ziekenhuissector", "sgd-0000031823.json"),
])
def test_real_letters_are_found_by_the_form_people_type(shared_service, q, source):
    assert source in first_sources(shared_service, q)


@pytest.mark.real_documents
@pytest.mark.parametrize("word", ["bouw", "beleid", "handel", "plan", "raad"])
def test_in_the_real_letters_every_letter_with_the_word_itself_ranks_above_those_with_it_in_a_compound(shared_service, word):
    import re

    from indexer.words import analysed

    hits = shared_service.search(SearchRequest(q=word, per_page=100)).hits
    stem = analysed(word)

    def holds_the_word(letter) -> bool:
        text = " ".join([letter.subject or "", *(p.text for p in letter.passages), *(f.text for f in letter.footnotes)])
        return any(analysed(w) == stem for w in re.findall(r"\w+", text))

    order = [holds_the_word(hit.letter) for hit in hits]
    assert any(order) and not all(order)
    assert order == sorted(order, reverse=True), "no compound-only letter above a letter with the word itself"


def test_two_words_that_the_letters_write_as_one_are_not_searched_as_a_phrase_again(search_service):
    """The joined word is added; the two words side by side are found by the two words already,
    and a phrase of two common words costs a read of most letters' positions."""
    query = search_service.rewrite(search_service.searcher(), "hoge snelheidslijn")
    leaves = list(query.positive_leaves())
    assert any("hogesnelheidslijn" in leaf.looks_for() for leaf in leaves)
    assert not [leaf for leaf in leaves if isinstance(leaf, N.Phrase)]


def test_a_field_is_searched_for_the_longer_compounds_it_holds_only():
    """The longer compounds a word begins are found in the body; the subject is searched for
    those of them that it holds, not for every one (each is a look-up in its dictionary)."""
    from indexer.words import QueryWord, word_node

    lexicon = {"body": {"huurtoeslag", "huurtoeslagwet", "huurtoeslagbeleid", "huur", "toeslag"},
               "subject": {"huurtoeslag", "huurtoeslagbeleid"}}

    def expand(kind, field, text, **options):
        words = sorted(lexicon.get(field, ()))
        return (text,) * (text in words) if kind == "known" else tuple(w for w in words if w.startswith(text))

    word = QueryWord("huurtoeslag", (("subject", "huurtoeslag", 3.0), ("body", "huurtoeslag", 1.0)))
    longer = {leaf.field: leaf.texts for leaf in word_node(word, expand).positive_leaves()
              if isinstance(leaf, N.Words) and leaf.texts != ("huurtoeslag",)}
    assert longer == {"body": ("huurtoeslagbeleid", "huurtoeslagwet"), "subject": ("huurtoeslagbeleid",)}


def test_a_word_the_word_list_holds_is_not_searched_as_its_own_parts():
    """Split, "minister" is "mini" and "ster": the letters whose compounds hold both anywhere
    (a minibus and a film star), read through two long posting lists in every search for it.
    A word of the list is found inside longer compounds as itself (ministerraad: minister +
    raad); a compound the list lacks is still also searched as its parts."""
    from indexer.compounds import known_words
    from indexer.words import QueryWord, analysed, word_node

    def parts_searched(written: str) -> list[str]:
        stem = analysed(written)
        word = QueryWord(written, (("body", stem, 1.0), ("parts", stem, 0.3)))
        node = word_node(word, lambda kind, field, text, **options: (text,) if kind == "known" else ())
        return sorted(leaf.text for leaf in node.positive_leaves() if leaf.field == "parts" and isinstance(leaf, N.Term))

    words = known_words()
    assert "minister" in words and "mensenhandel" in words and "kamerbrief" not in words
    assert parts_searched("minister") == ["minister"]
    assert parts_searched("mensenhandel") == ["mensenhandel"]
    assert parts_searched("kamerbrief") == ["brief", "kamer", "kamerbrief"]
