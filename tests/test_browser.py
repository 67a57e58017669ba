"""What a person sees, in headless Chromium against a real server over the session index.

Skipped when there is no Chromium (/usr/bin/chromium or `chromium` on PATH), unless
KAMERZOEK_REQUIRE_BROWSER=1 (as in CI): then a missing browser is an error, not a skip.
"""
from __future__ import annotations

import os
import re
import shutil
from urllib.parse import parse_qs, urlsplit

import pytest

from .conftest import EXAMPLE_ID

CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
DIRECTORATE = "Directoraat-Generaal Politie en Veiligheidsregio's"


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


def open_page(browser, base, viewport=DESKTOP):
    context = browser.new_context(viewport=viewport, base_url=base)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: m.type == "error" and "status of 400" not in m.text
            and page.console_errors.append(m.text))  # a 400 page for a wrong date is expected
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


# --- searching ------------------------------------------------------------------------------

def test_a_search_for_lokprofiel_shows_the_letter_with_marked_passages(page):
    search_lokprofiel(page)
    assert total(page) >= 1
    hit = page.locator("li.hit", has=page.locator(f"a[href^='/letters/{EXAMPLE_ID}']"))
    assert "3627733" in hit.locator(".meta").inner_text()
    assert hit.locator("a.passage mark").first.is_visible()
    assert page.input_value("#q") == "lokprofiel"


def test_toggling_a_facet_filters_by_url_and_the_back_button_undoes_it(page):
    search_lokprofiel(page)
    facet = page.locator("a[data-facet=directorate]", has_text=DIRECTORATE)
    count = int(facet.locator(".count").inner_text())
    facet.click()
    page.wait_for_url(re.compile(r"directorate="))
    assert query(page)["directorate"] == [DIRECTORATE]
    assert total(page) == count
    assert page.locator("a[data-facet=directorate][aria-current=true]", has_text=DIRECTORATE).count() == 1
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
    assert query(page)["from"] == ["1 november 2021"] and query(page)["to"] == ["30-11-2021"]
    assert page.locator(f"li.hit a[href^='/letters/{EXAMPLE_ID}']").count() >= 1
    page.fill("#from", "31 februari 2021")
    page.click("form.searchbox button[type=submit]")
    page.wait_for_url(re.compile(r"februari"))
    assert "klopt niet" in page.locator(".error[role=alert]").inner_text()


def test_the_query_help_opens_with_one_click(page):
    page.goto("/")
    page.click("details#zoektaal summary")
    assert page.locator("details#zoektaal").get_attribute("open") is not None
    assert page.locator("details#zoektaal table").is_visible()


# --- from a hit to its passage --------------------------------------------------------------

@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_hit_opens_the_letter_at_its_passage_in_view_and_highlighted(browser, live_server, viewport):
    page = open_page(browser, live_server, viewport)
    try:
        page.goto("/?q=lokprofiel")
        link = page.locator(f"a.passage[href^='/letters/{EXAMPLE_ID}']").last
        anchor = link.get_attribute("href").split("#")[1]
        link.click()
        page.wait_for_url(re.compile(rf"/letters/{EXAMPLE_ID}\?q=lokprofiel&ps=[0-9a-f]+#{anchor}$"))
        assert in_viewport(page, f"#{anchor}")
        assert page.locator(f"#{anchor} mark").count() >= 1
        assert page.evaluate("window.scrollY") > 0
    finally:
        page.context.close()


def test_the_letter_opened_with_q_alone_scrolls_to_the_first_hit(page):
    page.goto(f"/letters/{EXAMPLE_ID}?q=webcrawler")
    first = page.locator("article.letter").get_attribute("data-first-hit")
    page.wait_for_function("window.scrollY > 0")
    assert in_viewport(page, f"#{first}")
    assert "first-hit" in page.locator(f"#{first}").get_attribute("class")


def test_footnotes_link_there_and_back(page):
    page.goto(f"/letters/{EXAMPLE_ID}")
    page.click("#fnref-1 a")
    page.wait_for_url(re.compile(r"#fn-1$"))
    assert in_viewport(page, "#fn-1")
    page.click("#fn-1 a[href='#fnref-1']")
    page.wait_for_url(re.compile(r"#fnref-1$"))
    assert in_viewport(page, "#fnref-1")


# --- for everyone ---------------------------------------------------------------------------

def test_the_first_tab_shows_the_skip_link_with_a_visible_focus(page):
    page.goto("/?q=lokprofiel")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip"
    assert in_viewport(page, "a.skip >> nth=0")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#resultaten$"))


@pytest.mark.parametrize("path", ["/?q=lokprofiel", f"/letters/{EXAMPLE_ID}?q=lokprofiel"])
def test_pages_fit_a_phone_without_sideways_scrolling(phone, path):
    phone.goto(path)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert phone.locator("#q, h1").first.is_visible()


# --- the rule for a machine without a browser -----------------------------------------------

def test_without_a_browser_the_tests_skip_unless_ci_requires_them(monkeypatch):
    monkeypatch.delenv("KAMERZOEK_REQUIRE_BROWSER", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no Chromium"):
        _unavailable("no Chromium")
    monkeypatch.setenv("KAMERZOEK_REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match="KAMERZOEK_REQUIRE_BROWSER=1"):
        _unavailable("no Chromium")
