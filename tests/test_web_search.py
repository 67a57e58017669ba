"""The search page, as a person uses it: every state a URL, every filter a toggle, no errors."""
from __future__ import annotations

import numpy as np
import pytest

from indexer import facets as facet_counts
from web import create_app
from web.search_data import Facet, FacetValue, page_numbers

from .conftest import EXAMPLE_ID
from .webpage import page, params, text

DIRECTORATE = "Directoraat-Generaal Politie en Veiligheidsregio's"


def hits(doc):
    return doc.select("li.hit")


def facet_link(doc, name, value):
    return next(a for a in doc.select(f'a[data-facet="{name}"]') if value in text(a))


# --- the example letter, in whatever corpus holds it ----------------------------------------

def test_the_search_box_keeps_the_query_and_the_page_shows_count_and_time(client):
    doc = page(client.get("/?q=lokprofiel"))
    assert doc.select_one("input#q")["value"] == "lokprofiel"
    assert doc.select_one("label[for=q]"), "the search box is labelled for screen readers"
    summary = text(doc.select_one(".summary"))
    assert int(doc.select_one("#total").get_text()) >= 1
    assert "brie" in summary and "ms" in summary


def test_the_query_language_help_is_one_click_away(client):
    help_ = page(client.get("/")).select_one("details#zoektaal")
    assert "Zoektaal" in text(help_.summary)
    for example in ('"seksueel geweld"', "OR", "-zeden", "subject:", "lokprof*", "lokprofiel~", "date:"):
        assert example in text(help_)


def test_each_hit_shows_subject_date_kenmerk_directorate_and_passages_linking_to_their_anchor(client):
    doc = page(client.get("/?q=lokprofiel"))
    hit = next(h for h in hits(doc) if EXAMPLE_ID in h.h3.a["href"])
    assert "Opsporing en vervolging mensenhandel 2021" in text(hit.h3)
    meta = text(hit.select_one(".meta"))
    assert "17-11-2021" in meta and "3627733" in meta and DIRECTORATE in meta
    passages = hit.select("a.passage")
    assert passages
    for link in passages:
        path, anchor = link["href"].split("#")
        assert path.startswith(f"/letters/{EXAMPLE_ID}?") and anchor.startswith("p-")
        assert params(path)["q"] == ["lokprofiel"] and len(params(path)["ps"][0]) == 16, "query and fingerprint"
        assert link.select_one("mark"), "query terms are highlighted in the passage"


def test_facets_list_directorate_ministry_year_and_type_with_letter_counts(client):
    doc = page(client.get("/?q=lokprofiel"))
    headings = [text(h) for h in doc.select(".facets .facet h3")]
    assert headings == ["Directie", "Ministerie", "Jaar", "Soort document"]
    year = facet_link(doc, "year", "2021")
    assert int(text(year.select_one(".count"))) >= 1


def test_a_facet_value_is_a_link_that_adds_the_filter_and_keeps_the_query(client):
    doc = page(client.get("/?q=lokprofiel"))
    link = facet_link(doc, "directorate", DIRECTORATE)
    assert params(link["href"]) == {"q": ["lokprofiel"], "directorate": [DIRECTORATE]}
    filtered = page(client.get(link["href"]))
    assert int(filtered.select_one("#total").get_text()) == int(text(link.select_one(".count")))
    assert DIRECTORATE in text(filtered.select_one(".chips"))


def test_a_dutch_date_range_filters_and_is_kept_in_the_form(client):
    doc = page(client.get("/?q=lokprofiel&from=1 november 2021&to=30-11-2021"))
    assert EXAMPLE_ID in str(doc.select(".hits"))
    assert doc.select_one("input#from")["value"] == "1 november 2021"
    assert doc.select_one("input#to")["value"] == "30-11-2021"
    assert "Periode" in text(doc.select_one(".chips"))
    after = page(client.get("/?q=lokprofiel&from=2021-11-18&to=2021-12-31"))
    assert EXAMPLE_ID not in str(after.select(".hits"))


@pytest.mark.parametrize("field, value, label", [("from", "31 februari 2021", "Van"), ("to", "morgen", "Tot en met")])
def test_a_wrong_date_is_a_400_with_a_clear_dutch_message_on_the_page(client, field, value, label):
    response = client.get(f"/?q=lokprofiel&{field}={value}")
    assert response.status_code == 400
    doc = page(response)
    message = text(doc.select_one(".error[role=alert]"))
    assert label in message and value in message and "17 november 2021" in message
    assert doc.select_one(f"input#{field}")["value"] == value, "the form keeps what was typed"


def test_a_malformed_query_is_a_400_with_its_message_and_the_form_kept(client):
    response = client.get('/?q="lokprofiel')
    assert response.status_code == 400
    doc = page(response)
    assert "aanhalingsteken" in text(doc.select_one(".error"))
    assert doc.select_one("input#q")["value"] == '"lokprofiel'


@pytest.mark.parametrize("sort", ["relevance", "date_desc", "date_asc"])
def test_every_sort_works_and_is_selected_in_the_form(client, sort):
    doc = page(client.get(f"/?q=lokprofiel&sort={sort}"))
    assert doc.select_one(f"#sort option[value={sort}]").has_attr("selected")
    assert hits(doc)


def test_an_unknown_sort_is_a_400_naming_the_choices(client):
    response = client.get("/?q=lokprofiel&sort=random")
    assert response.status_code == 400
    assert "date_desc" in text(page(response).select_one(".error"))


@pytest.mark.parametrize("value", ["0", "-1", "999999", "99999999999999999999999", "abc", "1.5", "", "9" * 5000])
def test_pagination_never_errors(client, value):
    response = client.get(f"/?q=lokprofiel&page={value}")
    assert response.status_code == 200


def test_a_page_past_the_end_says_so_and_links_back(client):
    doc = page(client.get("/?q=lokprofiel&page=500"))
    empty = doc.select_one("li.none")
    assert "leeg" in text(empty)
    last = int(params(empty.a["href"])["page"][0])
    assert 1 <= last < 500


def test_the_suggestion_is_shown_as_a_search_link_when_the_service_gives_one(app, client, monkeypatch):
    service = app.extensions["kamerzoek.search"]
    real = service.search

    def with_suggestion(request):
        result = real(request)
        result.suggestion = "lokprofiel"
        return result

    monkeypatch.setattr(service, "search", with_suggestion)
    doc = page(client.get("/?q=lokprofeil"))
    link = doc.select_one(".suggestion a")
    assert "Bedoelde u" in text(doc.select_one(".suggestion"))
    assert params(link["href"])["q"] == ["lokprofiel"]


def test_the_page_is_dutch_with_a_skip_link_and_a_viewport(client):
    doc = page(client.get("/"))
    assert doc.html["lang"] == "nl"
    skip = doc.select_one("a.skip")["href"]
    assert skip == "#resultaten" and doc.select_one(skip)
    assert "width=device-width" in doc.select_one("meta[name=viewport]")["content"]


# --- several letters: the hand-made corpus --------------------------------------------------

def test_facet_counts_count_letters(small_client):
    doc = page(small_client.get("/?q=lokprofiel"))
    assert text(doc.select_one("#total")) == "3"
    assert text(facet_link(doc, "directorate", "Politie").select_one(".count")) == "2"
    assert text(facet_link(doc, "directorate", "Straffen").select_one(".count")) == "1"
    years = [text(a).split()[1] for a in doc.select('a[data-facet="year"]')]
    assert years == ["2021", "2020", "2019"], "years newest first"


def test_facet_values_combine_and_a_second_click_removes_the_filter(small_client):
    doc = page(small_client.get("/?q=lokprofiel"))
    by_year = page(small_client.get(facet_link(doc, "year", "2021")["href"]))
    assert text(by_year.select_one("#total")) == "1"
    both_years = page(small_client.get(facet_link(by_year, "year", "2019")["href"]))
    assert text(both_years.select_one("#total")) == "2", "values of one facet are OR-ed"
    assert params(facet_link(both_years, "year", "2019")["href"])["year"] == ["2021"]
    narrowed = page(small_client.get(facet_link(both_years, "directorate", "Straffen")["href"]))
    assert text(narrowed.select_one("#total")) == "1", "different facets are AND-ed"
    assert len(narrowed.select(".chips a.remove")) == 3


def test_an_active_filter_is_removed_by_its_link(small_client):
    doc = page(small_client.get("/?q=lokprofiel&year=2021&year=2019"))
    remove = next(a for a in doc.select(".chips a.remove") if "2019" in text(a))
    assert params(remove["href"]) == {"q": ["lokprofiel"], "year": ["2021"]}


def test_sorting_by_date_orders_the_hits(small_client):
    def dates(sort):
        doc = page(small_client.get(f"/?q=lokprofiel&sort={sort}"))
        return [t["datetime"] for t in doc.select(".hit time")]

    assert dates("date_desc") == ["2021-11-17", "2020-03-03", "2019-06-09"]
    assert dates("date_asc") == ["2019-06-09", "2020-03-03", "2021-11-17"]


def test_pagination_links_keep_the_search_state(small_client):
    doc = page(small_client.get("/?q=lokprofiel&year=2021&year=2020&year=2019&sort=date_asc&per_page=1"))
    assert "Pagina 1 van 3" in text(doc.select_one("nav.pages"))
    following = doc.select_one('nav.pages a[rel=next]')["href"]
    assert params(following) == {"q": ["lokprofiel"], "year": ["2021", "2020", "2019"], "sort": ["date_asc"],
                                 "per_page": ["1"], "page": ["2"]}
    second = page(small_client.get(following))
    assert [t["datetime"] for t in second.select(".hit time")] == ["2020-03-03"]


def test_the_filters_survive_a_new_query_from_the_form(small_client):
    doc = page(small_client.get("/?q=lokprofiel&year=2021"))
    hidden = {(i["name"], i["value"]) for i in doc.select("form.searchbox input[type=hidden]")}
    assert ("year", "2021") in hidden


# --- keeping one's place ---------------------------------------------------------------------

def test_a_hit_links_to_its_letter_with_the_whole_search_for_the_way_back(small_client):
    doc = page(small_client.get("/?q=lokprofiel&year=2021&year=2019&sort=date_asc&page=1&per_page=1"))
    link = doc.select_one("li.hit a.passage")["href"].split("#")[0]
    assert {k: v for k, v in params(link).items() if k != "ps"} == {
        "q": ["lokprofiel"], "year": ["2021", "2019"], "sort": ["date_asc"], "page": ["1"], "per_page": ["1"]}
    hidden = {(i["name"], i["value"]) for i in doc.select("form.searchbox input[type=hidden]")}
    assert ("per_page", "1") in hidden, "a new query from the form keeps the page size"


@pytest.mark.parametrize("current, last, shown", [
    (1, 1, [1]), (1, 3, [1, 2, 3]), (1, 20, [1, 2, 3, None, 20]), (10, 20, [1, None, 8, 9, 10, 11, 12, None, 20]),
    (20, 20, [1, None, 18, 19, 20]), (5, 20, [1, 2, 3, 4, 5, 6, 7, None, 20]),
])
def test_pagination_shows_the_first_the_nearby_and_the_last_page(current, last, shown):
    assert page_numbers(current, last) == shown


def test_pagination_links_every_page_number_it_shows(small_client):
    doc = page(small_client.get("/?q=lokprofiel&per_page=1&page=2"))
    nav = doc.select_one("nav.pages")
    assert text(nav.select_one("[aria-current=page]")) == "2"
    numbers = {text(a): params(a["href"]).get("page") for a in nav.select("a") if text(a).isdigit()}
    assert numbers == {"1": None, "3": ["3"]}
    assert [a["aria-label"] for a in nav.select("a[rel]")] == ["Vorige pagina", "Volgende pagina"]


# --- facets that scale -----------------------------------------------------------------------

def year_facet(years, selected=()):
    return Facet("year", "Jaar", [FacetValue(str(y), 1, str(y) in selected, f"/?year={y}") for y in years])


def test_many_years_fold_into_decades_newest_first_the_chosen_one_open():
    facet = year_facet([2023, 2021, 2016, 2011, 2008, 1999, 1994], selected=["2008"])
    decades = facet.decades
    assert [(d.label, d.count) for d in decades] == [("2020–2029", 2), ("2010–2019", 2), ("2000–2009", 1),
                                                     ("1990–1999", 2)]
    assert [d.open for d in decades] == [False, False, True, False]
    assert year_facet([2021, 2020, 2019]).decades is None, "a few years are listed as they are"


def test_a_long_facet_shows_its_top_values_and_keeps_a_chosen_one_in_sight():
    values = [FacetValue(f"Directie {n}", 10 - n, n == 8, "/") for n in range(9)]
    facet = Facet("directorate", "Directie", values)
    assert [v.value for v in facet.top] == [f"Directie {n}" for n in (0, 1, 2, 3, 4, 8)]
    assert [v.value for v in facet.more] == [f"Directie {n}" for n in (5, 6, 7)]


def test_the_more_values_unfold_without_script(small_client, monkeypatch):
    monkeypatch.setattr("web.search_data.TOP_VALUES", 1)
    doc = page(small_client.get("/?q=lokprofiel"))
    more = next(d for d in doc.select("details.more") if "directie" in text(d.summary))
    assert "Meer directie (1)" == text(more.summary) and more.select("a[data-facet=directorate]")


# --- phone and keyboard ----------------------------------------------------------------------

def test_the_filters_control_counts_the_active_filters_and_links_to_them(small_client):
    doc = page(small_client.get("/?q=lokprofiel&year=2021&from=2020-01-01"))
    control = doc.select_one(".filters-toggle")
    assert text(control) == "Filters (2 actief)" and control["href"] == "#filters"
    assert doc.select_one("aside#filters")


def test_results_come_before_the_filters_and_are_announced(small_client):
    doc = page(small_client.get("/?q=lokprofiel"))
    order = [el.get("id") for el in doc.select("#resultaten, #filters")]
    assert order == ["resultaten", "filters"], "the results first in reading and tab order"
    assert [a["href"] for a in doc.select("a.skip")] == ["#resultaten", "#filters"]
    assert doc.select_one("h1") and doc.select_one("#resultaten h2") and doc.select_one("#filters h2")
    assert doc.title.get_text().startswith("lokprofiel – 3 brieven")


# --- the start page of an empty or small index -----------------------------------------------

def test_an_empty_index_says_how_to_add_letters(tmp_path):
    client = create_app({"INDEX_DIR": str(tmp_path / "leeg"), "TESTING": True}).test_client()
    response = client.get("/")
    assert response.status_code == 200
    note = text(page(response).select_one(".start-note"))
    assert "nog leeg" in note and "kamerzoek harvest" in note and "kamerzoek index PAD" in note


def test_a_small_index_says_how_to_get_the_real_record(small_client):
    note = text(page(small_client.get("/")).select_one(".start-note"))
    assert "4 brieven" in note and "kamerzoek harvest" in note
    assert not page(small_client.get("/?q=lokprofiel")).select_one(".start-note"), "only on the start page"


def test_a_large_index_has_no_such_note(small_client, monkeypatch):
    monkeypatch.setattr("web.search_data.SMALL_INDEX", 4)
    assert not page(small_client.get("/")).select_one(".start-note")


class SpreadOverYears:
    """The facet columns of letters one per year, over more years than other facets list values."""

    def __init__(self, years):
        self.years = [str(year) for year in years]

    def facet(self, name):
        if name == "year":
            return self.years, np.arange(len(self.years))
        return [], np.full(len(self.years), -1)


def test_the_year_facet_keeps_every_year_so_the_oldest_decades_are_there_to_open():
    letters = SpreadOverYears(range(1845, 2026, 2))  # 91 years, as the Staten-Generaal records span
    years = [value for value, _ in facet_counts.count(letters, np.ones(91, dtype=bool), {})["year"]]
    assert len(years) == 91 and years[0] == "2025" and years[-1] == "1845"
    facet = year_facet([int(year) for year in years])
    assert facet.decades[-1].label == "1840–1849"
