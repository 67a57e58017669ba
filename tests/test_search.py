"""The search service on a small hand-made corpus: facets, filters, sort, passages,
escaping and "did you mean"."""
import pytest

from indexer.highlight import Marking, snippet
from indexer.indexing import index_paths
from indexer.search import SearchRequest, SearchService

POLITIE = "Directoraat-Generaal Politie en Veiligheidsregio's"


def letter(kenmerk, date, subject, paragraphs, directorate=POLITIE):
    head = f"**{directorate}**\n\n" if directorate else ""
    body = "\n\n".join(paragraphs)
    return f"{head}**Ons kenmerk**\n{kenmerk}\n\nDatum {date}\nOnderwerp {subject}\n\n{body}\n"


LETTERS = {
    "a.md": letter("1000001", "3 maart 2021", "Lokprofielen en mensenhandel",
                   ["Over de inzet van lokprofielen bij de aanpak van mensenhandel.",
                    "Een alinea over begrotingen zonder de zoekterm."]),
    "b.md": letter("1000002", "5 juni 2022", "Voortgang aanpak mensenhandel",
                   ["De aanpak van mensenhandel vordert. Tekens als 1 < 2 & 3 blijven tekst."]),
    "c.md": letter("1000003", "7 juli 2022", "Brandweerzorg in de regio",
                   ["De brandweer en mensenhandel hebben weinig gemeen, maar deze brief noemt het."],
                   directorate="Directie Brandweer en Crisisbeheersing"),
    "d.md": letter("1000004", "9 september 2020", "Verkeersveiligheid",
                   ["Deze brief gaat over fietspaden en verkeer."], directorate=None),
    "e.md": letter("1000005", "24 oktober 1991", "Publicatie van verliezen",
                   ["Een specificatie van de Herstelbankbeleggingen wordt niet gepubliceerd."],
                   directorate=None),
}


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    folder = tmp_path_factory.mktemp("letters")
    for name, text in LETTERS.items():
        (folder / name).write_text(text, encoding="utf-8")
    index_dir = tmp_path_factory.mktemp("index")
    report = index_paths([folder], index_dir, rebuild=True)
    assert not report.failed, report.failed
    yield SearchService(str(index_dir))


def search(service, q="", **request):
    return service.search(SearchRequest(q=q, **request))


def kenmerken(result):
    return [hit.letter.kenmerk for hit in result.hits]


def test_facets_count_letters_not_passages(service):
    years = dict(search(service, "mensenhandel").facets["year"])
    assert years == {"2021": 1, "2022": 2}


def test_values_of_one_facet_combine_with_or(service):
    result = search(service, "mensenhandel", filters={"year": ["2021", "2022"]})
    assert result.total == 3


def test_different_facets_combine_with_and_and_counts_respect_the_other_filters(service):
    result = search(service, "mensenhandel", filters={"year": ["2022"], "directorate": [POLITIE]})
    assert kenmerken(result) == ["1000002"]
    # the year facet counts within the directorate filter, but ignores its own filter
    assert dict(result.facets["year"]) == {"2021": 1, "2022": 1}


def test_date_parameters_filter(service):
    assert kenmerken(search(service, "mensenhandel", date_from="2022-01-01", sort="date_asc")) == ["1000002", "1000003"]


def test_sort_by_date(service):
    assert kenmerken(search(service, "", sort="date_desc")) == ["1000003", "1000002", "1000001", "1000004", "1000005"]
    assert kenmerken(search(service, "", sort="date_asc")) == ["1000005", "1000004", "1000001", "1000002", "1000003"]


def test_subject_weighs_above_body(service):
    assert kenmerken(search(service, "mensenhandel"))[-1] == "1000003"  # only in its body


def test_a_hit_carries_its_best_passages_with_marked_terms(service):
    hit = search(service, "lokprofiel").hits[0]
    assert [p.anchor for p in hit.passages] == ["p-1"]
    assert "<mark>lokprofielen</mark>" in hit.passages[0].snippet


def test_letter_text_is_escaped_and_only_mark_is_markup(service):
    hit = search(service, "voortgang").hits[0]
    text = " ".join(p.snippet for p in search(service, "tekens").hits[0].passages)
    assert "1 &lt; 2 &amp; 3" in text
    assert hit.letter.kenmerk == "1000002"
    marked = snippet("<script>alert('lokprofiel')</script> lokprofiel", Marking(frozenset({"lokprofiel"})))
    assert "<script>" not in marked
    assert marked.replace("<mark>", "").replace("</mark>", "").count("<") == 0


def test_a_query_that_finds_nothing_shows_the_letters_of_its_respelling(service):
    result = search(service, "mensenhandl")
    assert result.respelled == "mensenhandel"
    assert result.total == 3 and result.hits


def test_a_query_searched_as_typed_is_not_respelled_but_gets_the_suggestion(service):
    result = service.search(SearchRequest(q="mensenhandl", as_typed=True))
    assert result.total == 0 and result.respelled is None
    assert result.suggestion == "mensenhandel"


def test_no_suggestion_when_the_query_finds_enough_or_nothing_is_close(service):
    assert search(service, "mensenhandel").suggestion is None
    assert search(service, "zwartepiet").suggestion is None


def test_a_compound_in_the_query_finds_it_inside_a_longer_compound(service):
    # "herstelbank" is part of "herstelbankbeleggingen" (herstel + bank + beleggingen)
    assert kenmerken(search(service, "herstelbank")) == ["1000005"]


def test_the_date_in_words_is_searchable(service):
    assert kenmerken(search(service, "oktober 1991")) == ["1000005"]


def test_highlighting_stems_as_the_index_does(service):
    # "grenzen" and "grens" meet only through the stem repair; the snippet must mark it too
    from indexer.highlight import Marking, snippet

    assert "<mark>grenzen</mark>" in snippet("De fiscale grenzen vallen weg.", Marking(frozenset({"gren"})))


def test_a_settled_server_keeps_its_start_up_out_of_the_garbage_collectors_walks(service):
    """What a server made before its first request lives as long as it does: frozen, so a full
    collection during a search does not walk it again; searching goes on as before."""
    import gc

    try:
        service.settle_for_serving()
        assert gc.get_freeze_count() > 0
        assert service.search(SearchRequest(q="lokprofiel")).total
    finally:
        gc.unfreeze()


def test_highlighting_caches_hold_nothing_the_garbage_collector_must_walk_again(service):
    """Their values are tuples of strings, which the collector stops tracking once it has seen
    them; there are hundreds of thousands of them in a long-running server."""
    import gc

    from indexer.highlight import field_terms, index_terms

    values = [index_terms("lokprofielen"), index_terms("mensenhandelaren"), field_terms("body", "geïnformeerd")]
    gc.collect()
    assert all(values) and not any(gc.is_tracked(value) for value in values)


def test_warming_builds_the_document_table_a_first_search_needs(tmp_path_factory, monkeypatch):
    from indexer.doctable import DocTable

    folder = tmp_path_factory.mktemp("warm")
    (folder / "a.md").write_text(LETTERS["a.md"], encoding="utf-8")
    index_dir = tmp_path_factory.mktemp("warm-index")
    index_paths([folder], index_dir, rebuild=True)
    fresh = SearchService(str(index_dir))
    fresh.warm()

    def build_again(self, reader):
        raise AssertionError("the first search built the document table again")

    monkeypatch.setattr(DocTable, "__init__", build_again)
    result = fresh.search(SearchRequest(q="", date_from="1900-01-01"))
    assert result.total == 1
    assert set(result.facets) == {"directorate", "ministry", "year", "type"}


def test_a_snippet_opens_at_the_sentence_of_its_first_mark_and_says_where_it_was_cut():
    filler = "Een zin die niet ter zake doet en alleen ruimte inneemt. "
    text = filler * 6 + "Hier staan de Lokprofielen van de politie. " + filler * 6
    marked = snippet(text, Marking(frozenset({"lokprofiel"})), max_chars=200)
    assert marked.startswith("…Hier staan de <mark>Lokprofielen</mark>")
    assert marked.endswith("…")
    assert len(marked) < 260


def test_a_snippet_marks_every_match_in_the_window_most_marks():
    text = "lokprofiel aan het begin. " + "niets. " * 60 + "Eerst lokprofielen, dan nog eens lokprofiel en lokprofiel."
    marked = snippet(text, Marking(frozenset({"lokprofiel"})), max_chars=120)
    assert marked.count("<mark>") == 3


def test_a_respelling_writes_the_word_as_the_letters_do_not_as_its_stem(service):
    # the index keeps the stem "begroting"; the letter says "begrotingen"
    assert search(service, "begortingen").respelled == "begrotingen"


def test_date_order_follows_a_commit_that_adds_a_letter(tmp_path):
    """The date order is sorted when first needed, per index generation: a letter added by a
    later commit takes its place in it, and relevance pages before never needed it."""
    folder, index_dir = tmp_path / "letters", tmp_path / "index"
    folder.mkdir()
    for name in ("a.md", "b.md"):
        (folder / name).write_text(LETTERS[name], encoding="utf-8")
    index_paths([folder], index_dir, rebuild=True)
    service = SearchService(str(index_dir))
    assert search(service, "mensenhandel").total == 2
    assert kenmerken(search(service, "", sort="date_desc")) == ["1000002", "1000001"]
    (folder / "e.md").write_text(LETTERS["e.md"], encoding="utf-8")
    (folder / "c.md").write_text(LETTERS["c.md"], encoding="utf-8")
    index_paths([folder], index_dir)
    assert kenmerken(search(service, "", sort="date_desc")) == ["1000003", "1000002", "1000001", "1000005"]
    assert kenmerken(search(service, "", sort="date_asc")) == ["1000005", "1000001", "1000002", "1000003"]
