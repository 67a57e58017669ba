"""A query that finds nothing shows the letters of its respelling at once: "Resultaten voor X.
Zoek in plaats daarvan op Y". Swapped letters, ij for ei and two typos in a long word are
respelled; the CLI and the API say so too."""
import json
import subprocess
import sys

import pytest

from indexer.search import SearchRequest
from indexer.spelling import typos

from .webpage import page, params, text

TYPOS = "2022-03-07-7770021"


def test_a_swap_and_ij_for_ei_are_one_typo_each():
    assert typos("regerign", "regering") == 1
    assert typos("weiziging", "wijziging") == 1
    assert typos("rgerin", "regering") == 2


@pytest.mark.parametrize("typed, meant", [
    ("regerign", "regering"),  # two letters swapped
    ("weiziging", "wijziging"),  # ei for ij
    ("verkeersveilgheidsmaatregeln", "verkeersveiligheidsmaatregelen"),  # two typos in a long word
    ("regerign wijziging", "regering wijziging"),
    ("afsluitnig", "afsluiting"),  # closer to the word as typed than its stem (afsluitn) is to afsluiting
])
def test_a_query_that_finds_nothing_shows_the_letters_of_its_respelling(search_service, typed, meant):
    result = search_service.search(SearchRequest(q=typed))
    assert result.respelled == meant
    assert [hit.letter.id for hit in result.hits] == [TYPOS]


def test_a_word_only_a_subject_holds_is_respelled_too(search_service):
    result = search_service.search(SearchRequest(q="zorgverzekeirng"))
    assert result.respelled == "zorgverzekering" and result.total == 1


def test_a_short_word_with_two_typos_is_not_respelled(search_service):
    result = search_service.search(SearchRequest(q="rgerin"))
    assert result.total == 0 and result.respelled is None and result.suggestion is None


def test_searched_as_typed_it_finds_nothing_and_suggests_the_respelling(search_service):
    result = search_service.search(SearchRequest(q="regerign", as_typed=True))
    assert result.total == 0 and result.respelled is None
    assert result.suggestion == "regering"


def test_the_search_page_shows_the_respelled_results_and_the_way_back(search_client):
    doc = page(search_client.get("/?q=regerign"))
    assert text(doc.select_one(".respelled")).replace(" .", ".") == "Resultaten voor regering. Zoek in plaats daarvan op regerign"
    to_respelled, as_typed = doc.select(".respelled a")
    assert params(to_respelled["href"])["q"] == ["regering"]
    assert params(as_typed["href"]) == {"q": ["regerign"], "as_typed": ["1"]}
    assert len(doc.select(".hits .hit")) == 1
    typed = page(search_client.get(as_typed["href"]))
    assert not typed.select(".hits .hit") and text(typed.select_one(".suggestion a")) == "regering"
    assert typed.select_one("input[name=as_typed]"), "a new search from that page stays as typed"


def test_the_api_returns_the_respelling_and_the_search_as_typed(search_client):
    body = search_client.get("/api/search?q=regerign").get_json()
    assert body["respelled"] == "regering" and body["total"] == 1
    assert body["as_typed_url"].endswith("/api/search?q=regerign&as_typed=1")
    typed = search_client.get("/api/search?q=regerign&as_typed=1").get_json()
    assert typed["total"] == 0 and typed["respelled"] is None and typed["suggestion"] == "regering"


def test_the_cli_says_which_query_it_searched(search_index):
    def kamerzoek(*args):
        return subprocess.run([sys.executable, "-m", "indexer.cli", "search", *args, "--index", str(search_index)],
                              capture_output=True, text=True, timeout=120)

    done = kamerzoek("weiziging")
    assert done.returncode == 0
    assert done.stdout.startswith("Resultaten voor wijziging. Zoek in plaats daarvan op weiziging met --as-typed.")
    typed = kamerzoek("weiziging", "--as-typed")
    assert "0 brieven" in typed.stdout and "Bedoelde u: wijziging?" in typed.stdout
    assert json.loads(kamerzoek("weiziging", "--json").stdout)["respelled"] == "wijziging"
