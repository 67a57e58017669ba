"""The query language: each construct, each error message, and no crash on any input."""
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.layout import make_schema
from indexer.query import QueryError, parse_query
from indexer.search import SearchRequest

LETTER = "jenv-2021-11-17-3627733"
SCHEMA = make_schema()


def found(service, q, **request):
    return service.search(SearchRequest(q=q, **request)).total


def leaves(q):
    return [type(leaf).__name__ for leaf in q.leaves()]


def test_all_words_must_match(service):
    assert found(service, "lokprofiel webcrawler") == 1
    assert found(service, "lokprofiel zwartepiet") == 0


def test_or_and_of_either_word(service):
    assert found(service, "zwartepiet OR lokprofiel") == 1
    assert found(service, "zwartepiet OF lokprofiel") == 1


def test_not_niet_and_minus_leave_letters_out(service):
    for q in ("lokprofiel NOT webcrawler", "lokprofiel NIET webcrawler", "lokprofiel -webcrawler"):
        assert found(service, q) == 0, q


def test_a_hyphen_inside_a_word_is_no_minus(service):
    assert found(service, "klant-daders") == 1


def test_parentheses_group(service):
    assert found(service, "(zwartepiet OR lokprofiel) webcrawler") == 1
    assert found(service, "(zwartepiet OR sinterklaas) webcrawler") == 0


def test_phrases_match_words_in_order(service):
    assert found(service, '"seksueel geweld"') == 1
    assert found(service, '"geweld seksueel"') == 0


def test_fields(service):
    assert found(service, "kenmerk:3627733") == 1
    assert found(service, "onderwerp:mensenhandel") == 1
    assert found(service, "subject:lokprofiel") == 0  # only in the body
    assert found(service, 'ref:"28 638, nr. 184"') == 1
    assert found(service, "type:motie") == 1  # kst-99999-7, the one motion in the test corpus
    assert found(service, "type:brief") > found(service, "type:motie")


def test_a_field_holds_a_phrase_written_after_it(service):
    assert found(service, 'onderwerp:"vervolging mensenhandel"') == 1
    assert found(service, 'subject:"mensenhandel vervolging"') == 0  # the words in that order
    assert found(service, 'ministry:"Justitie en Veiligheid"') == found(service, "ministry:Justitie ministry:Veiligheid") > 0
    assert found(service, 'directie:"Politie en Veiligheidsregio\'s"') > 0
    assert found(service, 'subject:"lokprofiel webcrawler"') == 0  # words of the body, not the subject


def test_angle_brackets_compare_only_after_a_field(service):
    assert found(service, "date:>2021-11-01 mensenhandel") == found(service, "date:2021-11 mensenhandel") == 1
    for q in ("<lokprofiel>", "<lokprofiel", "(<lokprofiel)", "lokprofiel>"):
        assert found(service, q) == 1, q


def test_prefix_and_fuzzy(service):
    assert found(service, "lokprof*") == 1
    assert found(service, "lokprofeil~") == 1  # two letters swapped is one typo
    assert found(service, "lokprofiel~2") == 1


def test_dates_in_the_query(service):
    for q in ("date:2021", "date:2021-11", "datum:2021-11-17", "date:[2021-01-01 TO 2021-12-31]", 'date:"17 november 2021"'):
        assert found(service, f"mensenhandel {q}") == 1, q
    assert found(service, "mensenhandel date:2020") == 0


def test_dates_as_parameters(service):
    assert found(service, "mensenhandel", date_from="2021-11-01", date_to="30 november 2021") == 1
    assert found(service, "mensenhandel", date_from="2022-01-01") == 0


def test_phrases_never_reach_the_compound_parts_field():
    q = parse_query('"crawler" "webcrawler juridisch"', SCHEMA)
    assert all(getattr(leaf, "fieldname", None) != "parts" for leaf in q.leaves())


def test_a_word_also_searches_compound_parts():
    assert "parts" in {getattr(leaf, "fieldname", None) for leaf in parse_query("crawler", SCHEMA).leaves()}


@pytest.mark.parametrize("q, message", [
    ('"seksueel geweld', "aanhalingsteken"),
    ("(a OR b", "sluithaakje ')' in"),
    ("a OR b)", "zonder openingshaakje"),
    ("foo:bar", "Onbekend veld 'foo:'"),
    ("a*", "te kort"),
    ("NOT zeden", "alleen NOT"),
    ("-zeden", "alleen NOT"),
    ("()", "geen woorden"),
    ("x" * 1001, "te lang"),
    ("date:morgenochtend", "Ongeldige datum"),
    ("(" * 30 + "a" + ")" * 30, "te diep genest"),
    ("<>", "geen woorden"),
])
def test_malformed_queries_say_what_is_wrong(service, q, message):
    with pytest.raises(QueryError, match=re.escape(message)):
        service.search(SearchRequest(q=q))


def test_bad_parameters_say_what_is_wrong(service):
    with pytest.raises(QueryError, match="Ongeldige datum"):
        service.search(SearchRequest(q="a", date_from="gisteren-ish"))
    with pytest.raises(QueryError, match="begindatum ligt na de einddatum"):
        service.search(SearchRequest(q="mensenhandel", date_from="2022-01-01", date_to="2021-01-01"))


@pytest.mark.parametrize("q", ["ref:abc", 'ref:"de minister"', "verwijzing:xyz"])
def test_ref_with_what_no_letter_can_cite_says_what_it_takes(service, q):
    with pytest.raises(QueryError, match=r"Kamerstuk of dossier \(ref:28638"):
        service.search(SearchRequest(q=q))


QUERY_PIECES = st.sampled_from([
    "lokprofiel", "mensen*", "a*", "*", "?", "~", "~2", '"', "(", ")", " OR ", " OF ", " NOT ", " NIET ",
    "-", "+", ":", "subject:", "kenmerk:", "date:", "date:[", " TO ", "]", "ref:", "foo:", "^2", "\\",
    "één", "ß", "日本", "\u0000", "\u200b", "2021-11", "[", "{", "}", "'", "AND", "lokprofeil~",
])
ANY_QUERY = st.one_of(
    st.text(max_size=200),
    st.lists(QUERY_PIECES, max_size=30).map("".join),
    st.integers(0, 60).map(lambda depth: "(" * depth + "a" + ")" * depth),
    st.sampled_from(["x" * 10_000, "a " * 5000, '"' * 999, "(" * 999]),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=ANY_QUERY)
def test_any_text_gives_a_result_or_a_query_error_and_expands_boundedly(service, text):
    from indexer import expansion
    from indexer.nodes import rewrite

    try:
        service.search(SearchRequest(q=text))
    except QueryError as exc:
        assert str(exc)
        return
    searcher = service.searcher()
    expand = expansion.Expander(searcher.reader(), expansion.Expansions())
    rewrite(parse_query(text, searcher.schema), expand)  # work is bounded by words, not by the clock
    assert expand.words <= expansion.MAX_WORDS_PER_QUERY and expand.examined <= expansion.MAX_EXAMINED_PER_QUERY
