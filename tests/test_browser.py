"""What a person sees, in headless Chromium against a real server: one browser for the module.

Skipped when there is no Chromium (/usr/bin/chromium or `chromium` on PATH), unless
KAMERZOEK_REQUIRE_BROWSER=1 (as in CI): then a missing browser is an error, not a skip.
The accessibility check injects axe-core from node_modules (package.json; `npm ci`).
"""
from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from indexer.indexing import index_paths
from indexer.layout import add_letter, open_or_create, open_writer
from indexer.model import Letter, Passage, Source
from web import create_app
from web.fingerprint import fingerprint

from .conftest import CORPUS, EXAMPLE_ID, ROOT, handmade_markdown, served

CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
DIRECTORATE = "Directoraat-Generaal Politie en Veiligheidsregio's"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
LETTER = f"/letters/{EXAMPLE_ID}"


def chromium_path() -> str | None:
    if os.access("/usr/bin/chromium", os.X_OK):
        return "/usr/bin/chromium"
    return shutil.which("chromium")


def _unavailable(reason: str):
    if os.environ.get("KAMERZOEK_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason}, and KAMERZOEK_REQUIRE_BROWSER=1 requires the browser tests to run")
    pytest.skip(f"{reason} (set KAMERZOEK_REQUIRE_BROWSER=1 to make this a failure)")


@pytest.fixture(scope="module")
def browser():
    path = chromium_path()
    if path is None:
        _unavailable("no Chromium at /usr/bin/chromium or on PATH")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright Python package is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def open_page(browser, base, viewport=DESKTOP, **options):
    context = browser.new_context(viewport=viewport, base_url=base, **options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: m.type == "error" and "status of 40" not in m.text
            and page.console_errors.append(m.text))  # a 400 or 404 page is expected where tested
    return page


@pytest.fixture()
def page(browser, live_server):
    page = open_page(browser, live_server)
    yield page
    assert not page.console_errors, "no console errors (a CSP violation would show here)"
    page.context.close()


@pytest.fixture()
def phone(browser, live_server):
    page = open_page(browser, live_server, PHONE)
    yield page
    assert not page.console_errors
    page.context.close()


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def in_viewport(page, selector) -> bool:
    """The element's top edge is on screen (an anchor target is scrolled to the top)."""
    box = page.locator(selector).bounding_box()
    view = page.viewport_size
    return box is not None and 0 <= box["y"] < view["height"] and 0 <= box["x"] < view["width"]


def total(page) -> int:
    return int(page.locator("#total").inner_text())


def search_lokprofiel(page):
    page.goto("/")
    page.fill("#q", "lokprofiel")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=lokprofiel"))


# --- an archive of made letters: many years, many directorates, one harvested letter -------

YEARS = [1994, 1997, 1999, 2003, 2006, 2008, 2011, 2013, 2016, 2018, 2019, 2020, 2021, 2023]
DIRECTORATES = [f"Directoraat-Generaal {name}" for name in ("Wetgeving", "Rechtsbestel", "Veiligheid", "Jeugd",
                                                             "Migratie", "Strafrechtketen", "Sanctietoepassing")]
PUBLICATION = "https://zoek.officielebekendmakingen.nl/kst-99999-1.html"


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """A server over made letters (see conftest.handmade_markdown), one per year in YEARS."""
    root = tmp_path_factory.mktemp("archive")
    corpus = root / "corpus"
    corpus.mkdir()
    for n, year in enumerate(YEARS):
        directorate = DIRECTORATES[n % len(DIRECTORATES)]
        text = handmade_markdown(str(2000000 + n), f"{n % 27 + 1} maart {year}", directorate, "jenv",
                                 f"Voortgang lokprofiel {year}", [f"Het lokprofiel in {year}: stand van zaken.",
                                                                  f"Tweede alinea van {year} over capaciteit."])
        (corpus / f"{year}.md").write_text(text, encoding="utf-8")
    index_paths([corpus], root / "index")
    writer = open_writer(open_or_create(root / "index"))
    add_letter(writer, harvested_letter(), "koop/kst-99999-1.xml")
    writer.commit()
    with served(create_app({"INDEX_DIR": str(root / "index"), "CORPUS_DIRS": [str(corpus)]})) as base:
        yield base


def harvested_letter() -> Letter:
    """A letter as harvesting stores it: read from an official publication with its address."""
    return Letter(id="kst-99999-1", source=Source("koop/kst-99999-1.xml", "officiele-xml", "0" * 64, PUBLICATION),
                  kamerstuk="99999-1", date=dt.date(2022, 5, 1), subject="Geoogst lokprofiel-bericht",
                  passages=[Passage("p-1", None, "Een geoogste brief over het lokprofiel.")])


# --- 1. phone: the filters are one tap away --------------------------------------------------

def test_on_a_phone_a_filters_control_above_the_results_opens_the_filters(phone):
    phone.goto("/?q=lokprofiel&year=2021")
    control = phone.locator(".filters-toggle")
    assert control.inner_text() == "Filters (1 actief)"
    assert in_viewport(phone, ".filters-toggle") and in_viewport(phone, ".chips a.remove")
    assert not phone.locator("#filters").is_visible()
    control.click()
    assert control.get_attribute("aria-expanded") == "true"
    filters, results = phone.locator("#filters").bounding_box(), phone.locator("#resultaten").bounding_box()
    assert in_viewport(phone, "#filters") and filters["y"] < results["y"], "open on top of the results"
    assert phone.evaluate("document.activeElement.id") == "filters"
    phone.locator("#filters a[data-facet=year]", has_text="2021").click()
    phone.wait_for_url(lambda url: "year=" not in url)


# --- 2. keyboard and screen readers ----------------------------------------------------------

def test_the_first_result_is_three_key_presses_from_the_results_page(page):
    page.goto("/?q=lokprofiel")
    first = page.locator("li.hit h3 a").first
    presses = 0
    for key in ["Tab", "Enter", "Tab", "Tab"]:
        page.keyboard.press(key)
        presses += 1
        if first.evaluate("link => link === document.activeElement"):
            break
    assert first.evaluate("link => link === document.activeElement") and presses <= 4
    assert presses == 3, "Tab to the skip link, Enter, Tab to the first result"
    assert page.title().startswith("lokprofiel – 1 brief"), "the count is announced with the page title"
    assert page.locator(".summary[role=status] #total").count() == 1


def test_the_first_tab_shows_the_skip_link_with_a_visible_focus(page):
    page.goto("/?q=lokprofiel")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Naar de resultaten"
    assert in_viewport(page, "a.skip >> nth=0")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") not in ("", "none")


@pytest.mark.parametrize("path", ["/?q=lokprofiel", f"{LETTER}?q=lokprofiel", "/letters/bestaat-niet", "/?from=ooit"])
def test_pages_have_no_serious_accessibility_violations(browser, live_server, path):
    if not AXE.exists():
        _unavailable("axe-core is not installed: run `npm ci` in the project folder")
    page = open_page(browser, live_server, bypass_csp=True)  # axe is injected as a script of its own
    try:
        page.goto(path)
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate("axe.run(document, {resultTypes: ['violations']}).then(r => r.violations)")
        serious = [f"{v['id']}: {v['help']} ({len(v['nodes'])}×)" for v in violations
                   if v["impact"] in ("serious", "critical")]
        assert not serious, serious
    finally:
        page.context.close()


# --- 3. keeping one's place ------------------------------------------------------------------

def test_back_to_search_returns_to_exactly_the_results_one_came_from(browser, archive):
    page = open_page(browser, archive)
    start = "/?q=lokprofiel&year=2021&year=2020&year=2019&sort=date_asc&per_page=1&page=2"
    page.goto(start)
    page.locator("li.hit a.passage").first.click()
    page.wait_for_url(re.compile(r"/letters/"))
    page.click("text=Terug naar de zoekresultaten")
    page.wait_for_url(archive + start)
    assert total(page) == 3 and page.locator("nav.pages [aria-current=page]").inner_text() == "2"
    assert page.input_value("#sort") == "date_asc"
    page.context.close()


def test_a_new_sort_applies_at_once_and_pages_are_numbered(browser, archive):
    page = open_page(browser, archive)
    page.goto("/?q=lokprofiel&per_page=2")
    page.select_option("#sort", "date_desc")
    page.wait_for_url(re.compile(r"sort=date_desc"))
    numbers = page.locator("nav.pages li").all_inner_texts()
    assert numbers[:4] == ["1", "2", "3", "…"] and numbers[-2:] == ["8", "Volgende →"]
    page.click("nav.pages a[aria-label='Pagina 8']")
    page.wait_for_url(re.compile(r"page=8"))
    assert page.locator("nav.pages [aria-current=page]").inner_text() == "8"
    assert query(page)["sort"] == ["date_desc"]
    page.context.close()


# --- 4. sharing a passage --------------------------------------------------------------------

def test_link_naar_deze_passage_copies_the_link_and_cites_the_passage(browser, live_server):
    page = open_page(browser, live_server)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    page.goto(LETTER)
    share = page.locator("#p-5 a.share")
    href = share.get_attribute("href")
    share.click()
    page.wait_for_selector("#p-5 a.share.copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == live_server + href and re.search(r"\?ps=[0-9a-f]{16}#p-5$", copied)
    assert page.url == copied, "the address bar holds the passage's link too"
    assert page.locator("#citation-url").inner_text() == copied
    citation = page.locator("#citation").inner_text()
    assert "Opsporing en vervolging mensenhandel 2021" in citation and "kenmerk 3627733" in citation
    assert "17 november 2021" in citation
    page.context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_passage_opened_by_its_anchor_shows_its_heading_too(browser, live_server, viewport):
    page = open_page(browser, live_server, viewport)
    page.goto(LETTER)
    anchor = page.evaluate("""[...document.querySelectorAll('.body section')]
        .find(s => s.querySelector('h2') && s.querySelectorAll('p.passage').length >= 3)
        .querySelectorAll('p.passage')[2].id""")
    page.goto(f"{LETTER}?q=lokprofiel#{anchor}")
    passage = page.locator(f"#{anchor}").bounding_box()
    heading = page.locator(f"section:has(#{anchor}) > h2").bounding_box()
    assert 0 <= heading["y"] and heading["y"] + heading["height"] <= passage["y"] + 1 < viewport["height"]
    page.context.close()


def test_a_hit_opens_the_letter_at_its_passage_highlighted_heading_included(page):
    page.goto("/?q=lokprofiel")
    link = page.locator(f"a.passage[href^='{LETTER}']").first
    anchor = link.get_attribute("href").split("#")[1]
    link.click()
    page.wait_for_url(re.compile(rf"{LETTER}\?q=lokprofiel&ps=[0-9a-f]+#{anchor}$"))
    assert in_viewport(page, f"#{anchor}") and page.locator(f"#{anchor} mark").count() >= 1
    assert page.locator(".body h2 mark").count() >= 1, "the query's words are marked in headings too"


def test_an_anchor_that_does_not_exist_says_so_at_the_top(page):
    page.goto(f"{LETTER}#p-999")
    notice = page.locator("#passage-notice")
    assert notice.is_visible() and "bestaat niet" in notice.inner_text()
    assert page.evaluate("window.scrollY") == 0
    assert notice.bounding_box()["y"] < page.locator(".metadata").bounding_box()["y"], "at the top of the letter"


# --- 5. a passage link that lasts ------------------------------------------------------------

PARAGRAPHS = ["Eerst de aanleiding van deze brief over de opsporing.",
              "Dan de stand van zaken bij de politie en het openbaar ministerie in het hele land.",
              "De webcrawler doorzoekt advertenties op sites waar seks wordt aangeboden en meldt signalen.",
              "Tot slot de planning voor het komende jaar."]


def test_a_passage_link_finds_its_passage_after_a_reindex_renumbered_it(browser, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    letter = corpus / "brief.md"

    def write_and_index(paragraphs):
        letter.write_text(handmade_markdown("3000001", "2 mei 2022", DIRECTORATE, "jenv", "Verschuivende brief",
                                            paragraphs), encoding="utf-8")
        index_paths([corpus], tmp_path / "index")

    write_and_index(PARAGRAPHS)
    with served(create_app({"INDEX_DIR": str(tmp_path / "index"), "CORPUS_DIRS": [str(corpus)]})) as base:
        page = open_page(browser, base)
        page.goto("/?q=webcrawler")
        page.click("li.hit a.passage")
        link = page.locator("p.passage", has_text="webcrawler").locator("a.share").get_attribute("href")
        old = link.split("#")[1]

        def follow(link):
            page.goto("about:blank")  # a new load, not a jump within the page already open
            page.goto(link)

        write_and_index(["Een nieuwe eerste alinea, ingevoegd bij de correctie."] + PARAGRAPHS)
        follow(link)
        moved = page.locator("p.passage.linked")
        assert "webcrawler" in moved.inner_text() and moved.get_attribute("id") != old
        assert page.url.endswith("#" + moved.get_attribute("id")) and in_viewport(page, "p.passage.linked")
        assert "verplaatst" in page.locator("#passage-notice").inner_text()

        write_and_index(PARAGRAPHS[:2] + [PARAGRAPHS[2].replace("meldt", "rapporteert"), PARAGRAPHS[3]])
        follow(link)
        assert "gewijzigd" in page.locator("#passage-notice").inner_text(), "an edited passage: its nearest text"

        write_and_index(PARAGRAPHS[:2] + PARAGRAPHS[3:])
        follow(link)
        assert "staat niet meer in deze brief" in page.locator("#passage-notice").inner_text()
        assert page.evaluate("window.scrollY") == 0
        page.context.close()



def test_a_link_whose_passage_is_gone_opens_at_the_notice_not_at_other_text(browser, tmp_path):
    """A long letter: the old anchor still names a passage, but not the one the link meant."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    paragraphs = [f"Alinea {n} van een lange brief over de voortgang van de opsporing." for n in range(1, 41)]
    (corpus / "brief.md").write_text(handmade_markdown("3000002", "3 mei 2022", DIRECTORATE, "jenv", "Lange brief",
                                                       paragraphs), encoding="utf-8")
    index_paths([corpus], tmp_path / "index")
    gone = fingerprint("Een alinea over de webcrawler die in deze brief nooit heeft gestaan.")
    with served(create_app({"INDEX_DIR": str(tmp_path / "index"), "CORPUS_DIRS": [str(corpus)]})) as base:
        page = open_page(browser, base, viewport=PHONE)
        page.goto("/?q=lange+brief")
        page.click("li.hit h3 a")
        page.goto(page.url.split("?")[0] + f"?ps={gone}#p-30")
        page.wait_for_load_state("load")
        assert "staat niet meer in deze brief" in page.locator("#passage-notice").inner_text()
        assert in_viewport(page, "#passage-notice"), "the reader sees the notice"
        assert not page.evaluate("document.getElementById('p-30').matches(':target')"), \
            "the passage now at the old anchor is not marked as the one linked"
        page.context.close()


# --- 6. facets that scale --------------------------------------------------------------------

def test_years_fold_into_decades_and_long_facets_unfold_with_meer(browser, archive):
    page = open_page(browser, archive)
    page.goto("/?q=lokprofiel")
    decades = page.locator("details.decade summary").all_inner_texts()
    assert [d.split()[0] for d in decades] == ["2020–2029", "2010–2019", "2000–2009", "1990–1999"]
    assert not page.locator("a[data-facet=year]", has_text="2016").is_visible()
    page.click("details.decade summary:has-text('2010–2019')")
    page.locator("a[data-facet=year]", has_text="2016").click()
    page.wait_for_url(re.compile(r"year=2016"))
    assert total(page) == 1 and page.locator("a[data-facet=year][aria-current=true]", has_text="2016").is_visible()
    page.goto("/?q=lokprofiel")
    hidden = page.locator("a[data-facet=directorate]").nth(5)
    assert not hidden.is_visible()
    page.click("details.more summary:has-text('Meer directie')")
    assert hidden.is_visible()
    page.context.close()


# --- 7. following a search -------------------------------------------------------------------

def test_the_feed_of_any_search_is_well_formed_and_links_to_passages(page):
    page.goto("/?q=lokprofiel%01")
    feed = page.request.get(page.locator(".follow a").get_attribute("href"))
    assert feed.ok and feed.headers["content-type"].startswith("application/atom+xml")
    atom = "{http://www.w3.org/2005/Atom}"
    entries = ET.fromstring(feed.body()).findall(f"{atom}entry")
    assert entries and all("#p-" in e.find(f"{atom}link[@rel='alternate']").get("href") for e in entries)


# --- 8. source -------------------------------------------------------------------------------

def test_the_letter_links_its_original_file_and_its_official_publication(browser, live_server, archive):
    page = open_page(browser, live_server)
    page.goto(LETTER)
    original = page.request.get(page.locator(".sources a", has_text="Origineel bestand").get_attribute("href"))
    assert original.ok and original.body() == next(Path(CORPUS).glob("2021-11-17-jenv-*.md")).read_bytes()
    page.goto(archive + "/letters/kst-99999-1")
    assert page.locator(".sources a", has_text="Officiële publicatie").get_attribute("href") == PUBLICATION
    page.context.close()


# --- without JavaScript ----------------------------------------------------------------------

def test_without_javascript_filters_sort_sharing_and_the_way_back_still_work(browser, live_server):
    page = open_page(browser, live_server, PHONE, java_script_enabled=False)
    page.goto("/?q=lokprofiel&year=2021")
    page.click(".filters-toggle")
    page.wait_for_url(re.compile(r"#filters$"))
    assert in_viewport(page, "#filters")
    page.select_option("#sort", "date_asc")
    page.click("form.searchbox button[type=submit]")
    page.wait_for_url(re.compile(r"sort=date_asc"))
    results = page.url
    page.locator("li.hit a.passage").first.click()
    page.wait_for_url(re.compile(r"/letters/"))
    page.locator("p.passage a.share").nth(3).click()
    page.wait_for_url(re.compile(r"\?ps=[0-9a-f]{16}#p-4$"))
    assert in_viewport(page, "#p-4")
    page.go_back()
    page.click("text=Terug naar de zoekresultaten")
    page.wait_for_url(lambda url: url.startswith(live_server + "/?"))
    assert query(page) == parse_qs(urlsplit(results).query), "the same search (empty fields aside)"
    page.context.close()


# --- searching, as before --------------------------------------------------------------------

def test_toggling_a_facet_filters_by_url_and_the_back_button_undoes_it(page):
    search_lokprofiel(page)
    facet = page.locator("a[data-facet=directorate]", has_text=DIRECTORATE)
    count = int(facet.locator(".count").inner_text())
    facet.click()
    page.wait_for_url(re.compile(r"directorate="))
    assert query(page)["directorate"] == [DIRECTORATE] and total(page) == count
    page.locator(".chips a.remove").first.click()
    page.wait_for_url(lambda url: "directorate=" not in url)
    page.go_back()
    page.wait_for_url(re.compile(r"directorate="))
    assert total(page) == count


def test_a_date_range_is_set_in_the_form_and_a_wrong_date_is_explained(page):
    search_lokprofiel(page)
    page.fill("#from", "1 november 2021")
    page.fill("#to", "30-11-2021")
    page.click("form.searchbox button[type=submit]")
    page.wait_for_url(re.compile(r"from="))
    assert page.locator(f"li.hit a[href^='{LETTER}']").count() >= 1
    page.fill("#from", "31 februari 2021")
    page.click("form.searchbox button[type=submit]")
    page.wait_for_url(re.compile(r"februari"))
    assert "klopt niet" in page.locator(".error[role=alert]").inner_text()
    assert page.input_value("#from") == "31 februari 2021"


def test_the_letter_opened_with_q_alone_scrolls_to_the_first_hit(page):
    page.goto(f"{LETTER}?q=webcrawler")
    first = page.locator("article.letter").get_attribute("data-first-hit")
    page.wait_for_function("window.scrollY > 0")
    assert in_viewport(page, f"#{first}") and "first-hit" in page.locator(f"#{first}").get_attribute("class")


def test_footnotes_link_there_and_back(page):
    page.goto(LETTER)
    page.click("#fnref-1 a")
    page.wait_for_url(re.compile(r"#fn-1$"))
    assert in_viewport(page, "#fn-1")
    page.click("#fn-1 a[href='#fnref-1']")
    page.wait_for_url(re.compile(r"#fnref-1$"))
    assert in_viewport(page, "#fnref-1")


@pytest.mark.parametrize("path", ["/?q=lokprofiel", f"{LETTER}?q=lokprofiel"])
def test_pages_fit_a_phone_without_sideways_scrolling(phone, path):
    phone.goto(path)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


# --- the rule for a machine without a browser -----------------------------------------------

def test_without_a_browser_the_tests_skip_unless_ci_requires_them(monkeypatch):
    monkeypatch.delenv("KAMERZOEK_REQUIRE_BROWSER", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no Chromium"):
        _unavailable("no Chromium")
    monkeypatch.setenv("KAMERZOEK_REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match="KAMERZOEK_REQUIRE_BROWSER=1"):
        _unavailable("no Chromium")
