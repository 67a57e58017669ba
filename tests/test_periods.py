"""A period in from/to means the whole year, month or day written, never filled in from today;
letters without a date are never left out of a period without saying so."""
import datetime as dt
import json
import subprocess
import sys
from urllib.parse import parse_qs, urlsplit

import pytest

from indexer.dates import DateParseError, parse_period
from indexer.query import QueryError, date_bounds
from indexer.search import SearchRequest

from .webpage import page, params, text

D = dt.date
JUNE, NEW_YEARS_EVE, JANUARY = "2021-06-01-7770001", "2021-12-31-7770002", "2022-01-10-7770003"


@pytest.mark.parametrize("written, first, last", [
    ("2021", D(2021, 1, 1), D(2021, 12, 31)),
    ("2021-12", D(2021, 12, 1), D(2021, 12, 31)),
    ("12-2021", D(2021, 12, 1), D(2021, 12, 31)),
    ("dec 2021", D(2021, 12, 1), D(2021, 12, 31)),
    ("december 2021", D(2021, 12, 1), D(2021, 12, 31)),
    ("Feb. 2020", D(2020, 2, 1), D(2020, 2, 29)),
    ("17-11-2021", D(2021, 11, 17), D(2021, 11, 17)),
    ("17 november 2021", D(2021, 11, 17), D(2021, 11, 17)),
    ("2021-11-17", D(2021, 11, 17), D(2021, 11, 17)),
])
def test_a_written_date_means_its_whole_period(written, first, last):
    assert parse_period(written) == (first, last)


@pytest.mark.parametrize("written", ["17 november", "november", "2021-13", "geen datum"])
def test_a_date_without_a_year_is_refused_not_completed_from_today(written):
    with pytest.raises(DateParseError):
        parse_period(written)


@pytest.mark.parametrize("written", ["2021-13-01", "2021-02-30", "0000-01", "0000-01-01"])
def test_a_date_that_does_not_exist_is_refused_not_read_another_way(written):
    """dateutil reads 2021-13-01 as 13 January: a year first means year, month, day."""
    with pytest.raises(DateParseError):
        parse_period(written)


def test_from_is_the_first_day_and_to_the_last_day_of_their_periods():
    assert date_bounds("2021", "2021") == (D(2021, 1, 1), D(2021, 12, 31))
    assert date_bounds("nov 2021", "dec 2021") == (D(2021, 11, 1), D(2021, 12, 31))
    with pytest.raises(QueryError, match="Gebruik bijvoorbeeld 2021, 2021-11"):
        date_bounds("17 november", None)


def found(service, **request) -> set[str]:
    result = service.search(SearchRequest(q="zeespiegel", per_page=20, **request))
    return {hit.letter.id for hit in result.hits}


def test_a_year_as_to_reaches_through_new_years_eve(search_service):
    assert found(search_service, date_from="2021", date_to="2021") == {JUNE, NEW_YEARS_EVE}
    assert found(search_service, date_to="2021") == {JUNE, NEW_YEARS_EVE}


@pytest.mark.parametrize("month", ["dec 2021", "december 2021", "2021-12", "12-2021"])
def test_a_month_as_from_and_to_is_the_whole_month(search_service, month):
    assert found(search_service, date_from=month, date_to=month) == {NEW_YEARS_EVE}


def test_letters_without_a_date_left_out_by_a_period_are_counted_and_can_be_included(search_service):
    result = search_service.search(SearchRequest(q="zeespiegel", date_from="2021"))
    assert result.total == 3 and result.undated_left_out == 1
    included = search_service.search(SearchRequest(q="zeespiegel", date_from="2021", include_undated=True))
    assert included.total == 4 and included.undated_left_out == 0
    assert search_service.search(SearchRequest(q="zeespiegel")).undated_left_out == 0, "no period, nothing left out"


def test_the_search_page_says_how_many_letters_without_a_date_it_left_out(search_client):
    doc = page(search_client.get("/?q=zeespiegel&from=2021&to=2021"))
    assert text(doc.select_one(".undated")).startswith("1 brief zonder datum niet meegeteld")
    link = doc.select_one(".undated a")
    assert params(link["href"])["undated"] == ["1"]
    with_them = page(search_client.get(link["href"]))
    assert text(with_them.select_one("#total")) == "3" and not with_them.select_one(".undated")
    assert "zonder datum" in text(with_them.select_one(".chips"))


def test_the_api_gives_the_count_and_the_link_that_includes_them(search_client):
    body = search_client.get("/api/search?q=zeespiegel&from=2021&to=2021").get_json()
    assert body["total"] == 2 and body["undated_left_out"] == 1
    link = urlsplit(body["include_undated_url"])
    assert link.path == "/api/search" and parse_qs(link.query)["undated"] == ["1"]
    again = search_client.get(f"{link.path}?{link.query}").get_json()
    assert again["total"] == 3 and again["undated_left_out"] == 0 and again["include_undated_url"] is None


def test_a_period_the_form_cannot_read_is_a_400_with_examples(search_client):
    response = search_client.get("/api/search?q=zeespiegel&from=17+november")
    assert response.status_code == 400
    assert "2021-11" in response.get_json()["error"]


def kamerzoek(*args, index) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "indexer.cli", *args, "--index", str(index)],
                          capture_output=True, text=True, timeout=120)


def test_the_cli_reads_periods_and_says_what_it_left_out(search_index):
    done = kamerzoek("search", "zeespiegel", "--from", "2021", "--to", "2021", index=search_index)
    assert done.returncode == 0
    assert "2 brieven" in done.stdout and "1 brief zonder datum niet meegeteld" in done.stdout
    included = kamerzoek("search", "zeespiegel", "--from", "dec 2021", "--include-undated", "--json", index=search_index)
    body = json.loads(included.stdout)
    assert body["total"] == 3 and body["undated_left_out"] == 0


def test_a_hit_without_a_date_shows_its_particulars_without_a_stray_separator(search_client):
    doc = page(search_client.get("/?q=zeespiegel+zonder+datum"))
    meta = text(doc.select_one("li.hit .meta"))
    assert meta.startswith("kenmerk 7770004"), meta
