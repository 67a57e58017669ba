"""ref: finds the letters citing a document, a budget chapter or a whole dossier, and a hit
shows the passage that holds the citation, the citation marked."""
import pytest

from indexer.citations import citing_passages
from indexer.model import Footnote, Letter, Passage, Source
from indexer.references import dossier_levels, normalise_reference_query, official_url, reference_terms
from indexer.model import Reference
from indexer.search import SearchRequest

from .conftest import EXAMPLE_ID

FOOTNOTE, OTHER = "2022-03-17-7770061", "2022-03-18-7770062"


@pytest.mark.parametrize("typed, stored", [
    ("28638", "28638"), ("28 638", "28638"), ("36 600 X", "36600-X"), ("36600-X", "36600-X"),
    ("21 501-20", "21501-20"), ("28 638, nr. 184", "28638-184"), ("28638-184", "28638-184"),
    ("Stb. 2020, 118", "stb-2020-118"), ("stb-2020-118", "stb-2020-118"),
])
def test_what_people_type_after_ref_is_read_as_a_document_or_a_dossier(typed, stored):
    assert normalise_reference_query(typed) == stored


def test_a_kamerstuk_is_indexed_with_its_dossier_and_chapter():
    assert dossier_levels("36600-X-55") == ["36600-X", "36600"]
    refs = [Reference("kamerstuk", "Kamerstuk 28 638, nr. 184", "28638-184"), Reference("ecli", "ECLI:NL:X:1:2", "ECLI:NL:X:1:2")]
    assert reference_terms(refs) == ["28638-184", "28638", "ECLI:NL:X:1:2"]


def found(service, q: str) -> set[str]:
    return {hit.letter.id for hit in service.search(SearchRequest(q=q)).hits}


@pytest.mark.parametrize("q", ["ref:99990", 'ref:"99 990"', "verwijzing:99990"])
def test_ref_with_a_dossier_finds_every_letter_citing_a_document_of_it(search_service, q):
    assert found(search_service, q) == {FOOTNOTE, OTHER}


@pytest.mark.parametrize("q, letters", [
    ("ref:99991-X", {FOOTNOTE}), ('ref:"99 991 X"', {FOOTNOTE}), ("ref:99991", {FOOTNOTE}),
    ('ref:"99 990, nr. 184"', {FOOTNOTE}), ("ref:99990-190", {OTHER}), ("ref:99990-18", set()),
])
def test_ref_with_a_chapter_or_a_document_finds_only_those(search_service, q, letters):
    assert found(search_service, q) == letters


def test_a_ref_hit_shows_the_passage_holding_the_citation_with_the_citation_marked(search_service):
    hit = search_service.search(SearchRequest(q="ref:99990")).hits
    by_id = {h.letter.id: h for h in hit}
    footnoted = by_id[FOOTNOTE].passages[0]
    assert footnoted.anchor == "p-3", "the passage whose footnote cites it, not the first passage"
    assert "<mark>Kamerstuk 99 990, nr. 184</mark>" in footnoted.snippet and "voetnoot 1" in footnoted.snippet
    inline = by_id[OTHER].passages[0]
    assert inline.anchor == "p-3" and "<mark>Kamerstuk 99 990, nr. 190</mark>" in inline.snippet


@pytest.mark.parametrize("q", ["ref:stb-2020-118", 'ref:"Stb. 2020, 118"'])
def test_a_staatsblad_citation_in_the_text_is_found_and_marked(search_service, q):
    hits = search_service.search(SearchRequest(q=q)).hits
    assert [hit.letter.id for hit in hits] == [OTHER]
    assert "<mark>Stb. 2020, 118</mark>" in hits[0].passages[0].snippet


def test_a_cited_publication_links_to_its_official_page():
    ref = Reference("publicatie", "Stb. 2020, 118", "stb-2020-118")
    assert official_url(ref) == "https://zoek.officielebekendmakingen.nl/stb-2020-118.html"


def test_a_chapter_hit_marks_the_citation_in_the_text(search_service):
    passage = search_service.search(SearchRequest(q='ref:"99 991 X"')).hits[0].passages[0]
    assert passage.anchor == "p-4" and "<mark>Kamerstukken II 2023/24, 99 991 X, nr. 5</mark>" in passage.snippet


def test_the_founding_letter_is_found_by_its_dossier_and_shows_a_citing_passage(service):
    result = service.search(SearchRequest(q='ref:"28 638"'))
    hit = next(h for h in result.hits if h.letter.id == EXAMPLE_ID)
    assert hit.passages[0].anchor in {"p-1", "p-2", "p-4", "p-5", "p-14"}
    assert "<mark>Kamerstuk 28 638, nr. " in hit.passages[0].snippet


def test_official_publications_of_kamerstukken_and_rulings():
    assert official_url(Reference("kamerstuk", "", "36600-X-55")) == "https://zoek.officielebekendmakingen.nl/kst-36600-X-55.html"
    assert official_url(Reference("ecli", "", "ECLI:NL:HR:2020:1")) == "https://deeplink.rechtspraak.nl/uitspraak?id=ECLI:NL:HR:2020:1"
    assert official_url(Reference("kamerstuk", "", "35869-2021D40801")) is None, "a TK document number is no Kamerstuk"
    assert official_url(Reference("motie", "", "motie kuik/bikker")) is None


@pytest.mark.real_documents
def test_real_letters_citing_budget_chapters_of_one_year_are_found_by_the_dossier(shared_service):
    chapters = found(shared_service, 'ref:"22 300"')
    assert {"sgd-0000015230", "sgd-0000022789", "sgd-0000023045"} <= {i.split(".")[0] for i in _sources(shared_service, chapters)}
    assert len(found(shared_service, 'ref:"22 300 XIV"')) == 1


def _sources(service, ids) -> set[str]:
    return {service.get_letter(i).source.path.rsplit("/", 1)[-1] for i in ids}


def _letter_with(*texts: str, notes: dict[str, str] | None = None) -> Letter:
    passages = [Passage(f"p-{i}", None, text) for i, text in enumerate(texts, start=1)]
    footnotes = [Footnote(number, text) for number, text in (notes or {}).items()]
    return Letter(id="brief", passages=passages, footnotes=footnotes, source=Source("brief.md", "markdown", ""))


@pytest.mark.parametrize("wanted", ["28638", "28638-184", "ecli:nl:hr:2020:123", "motie segers"])
def test_the_passages_citing_a_document_are_found_however_its_number_is_printed(wanted):
    letter = _letter_with(
        "Een passage zonder verwijzing naar 28 of 638.",
        "Zie Kamerstuk 28638, nr. 184 en de uitspraak ecli:NL:HR:2020:123.",
        "Zoals gemeld (28 638, nr. 184) en gevraagd in de motie van het lid Segers.",
        "Een voetnoot verwijst[^1].",
        notes={"1": "Kamerstukken II 2020/21, 28 638, nr. 184; ECLI:NL:HR:2020:123; motie Segers."},
    )
    expected = {"28638": [1, 2, 3], "28638-184": [1, 2, 3], "ecli:nl:hr:2020:123": [1, 3], "motie segers": [2, 3]}
    found = citing_passages(letter, frozenset({wanted}))
    assert [citing.index for citing in found] == expected[wanted]
    assert all(citing.spans for citing in found)
