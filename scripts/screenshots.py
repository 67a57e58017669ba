"""Screenshots of the pages in every state worth seeing, at desktop (1280) and phone (390) width.

    python scripts/screenshots.py [--out screenshots]

Builds a demo index in a temporary folder: the founding letter (corpus/) and letters made up
for the demo, spread over three decades and seven directorates so that facets and paging
show their full form (each made letter says it is made, and the pages mark it so). Serves it
on 127.0.0.1 and a free port, and has headless Chromium (/usr/bin/chromium or `chromium` on
PATH) take the shots of the viewport as a reader sees it.
"""
from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from indexer.indexing import index_paths  # noqa: E402
from indexer.layout import add_letter, open_or_create, open_writer  # noqa: E402
from indexer.model import Letter, Passage, Source  # noqa: E402
from web import create_app  # noqa: E402
from web.fingerprint import fingerprint  # noqa: E402

CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
FOUNDING = "jenv-2021-11-17-3627733"
MADE = "Voorbeeldbrief, gemaakt voor een demonstratie van Kamerzoek; geen echte Kamerbrief."
DIRECTORATES = ["Politie en Veiligheidsregio's", "Straffen en Beschermen", "Rechtspleging en Rechtshandhaving",
                "Migratie", "Wetgeving", "Jeugd", "Sanctietoepassing"]


def demo_letter(n: int, year: int) -> str:
    """A made letter in the shape of a Rijkshuisstijl letter converted to Markdown."""
    directorate = DIRECTORATES[n % len(DIRECTORATES)]
    return "\n".join([
        "> Retouradres Postbus 20301 2500 EH Den Haag", "",
        "Aan de Voorzitter van de Tweede Kamer  ", "der Staten-Generaal", "",
        "**Directoraat-Generaal  ", f"{directorate}**", "",
        "[www.rijksoverheid.nl/jenv](http://www.rijksoverheid.nl/jenv)", "",
        "**Ons kenmerk**  ", str(9100000 + n), "",
        f"Datum {n % 27 + 1} {['maart', 'juni', 'november'][n % 3]} {year}  ",
        f"Onderwerp Voortgang aanpak mensenhandel {year}", "",
        MADE + "\n",
        "### **Lokprofielen**\n",
        f"In {year} is de inzet van lokprofielen verder onderzocht; de webcrawler zocht advertenties.\n",
        "De capaciteit bij de politie bleef een punt van aandacht.\n",
    ])


def build_demo(folder: Path) -> Path:
    corpus = folder / "corpus"
    corpus.mkdir()
    shutil.copy(next((ROOT / "corpus").glob("2021-11-17-jenv-*.md")), corpus)
    for n, year in enumerate(range(1996, 2025, 2)):
        (corpus / f"demo-{year}.md").write_text(demo_letter(n, year), encoding="utf-8")
    index_paths([corpus], folder / "index")
    writer = open_writer(open_or_create(folder / "index"))
    add_letter(writer, harvested_demo(), "koop/kst-99999-1.xml")  # as harvesting stores one
    writer.commit()
    return corpus


def harvested_demo() -> Letter:
    return Letter(
        id="kst-99999-1", kamerstuk="99999-1", date=dt.date(2022, 5, 1), subject="Geoogste brief over lokprofielen",
        source=Source("koop/kst-99999-1.xml", "officiele-xml", "0" * 64,
                      "https://zoek.officielebekendmakingen.nl/kst-99999-1.html"),
        passages=[Passage("p-1", None, MADE), Passage("p-2", None, "Een brief zoals de oogst hem bewaart.")])


def serve(index_dir: Path, corpus: Path):
    import logging

    from werkzeug.serving import make_server

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no request log in the output
    app = create_app({"INDEX_DIR": str(index_dir), "CORPUS_DIRS": [str(corpus)]})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return app, server, f"http://127.0.0.1:{server.server_port}"


def moved_link(app) -> str:
    """A link made before a re-index moved its passage: the fingerprint of p-9 at anchor p-5."""
    letter = app.extensions["kamerzoek.search"].get_letter(FOUNDING)
    return f"/letters/{FOUNDING}?ps={fingerprint(letter.passage('p-9').text)}#p-5"


def scenes(app) -> dict:
    """name -> (path, what to do on the page before the shot, viewports)."""
    both = tuple(VIEWPORTS)

    def open_filters(page):
        if page.viewport_size["width"] < 700:
            page.click(".filters-toggle")

    def keyboard(page):
        for key in ("Tab", "Enter", "Tab"):
            page.keyboard.press(key)

    def facets(page):
        open_filters(page)
        page.click("details.decade summary:has-text('2010–2019')")
        page.click("details.more summary")
        page.locator("details.decade[open]").first.scroll_into_view_if_needed()

    def to_pages(page):
        page.locator("nav.pages").scroll_into_view_if_needed()

    def to_passage(page):
        page.locator(f"li.hit a.passage[href^='/letters/{FOUNDING}']").first.click()
        page.wait_for_load_state()

    def first_hit(page):
        page.locator("li.hit h3 a").first.click()
        page.wait_for_load_state()

    def share(page):
        page.context.grant_permissions(["clipboard-read", "clipboard-write"])
        page.click("#p-12 a.share")
        page.wait_for_selector("#p-12 a.share.copied")

    def nothing(page):
        pass

    return {
        "16-1-filters": ("/?q=lokprofiel&year=2020", open_filters, both),
        "16-2-keyboard": ("/?q=lokprofiel", keyboard, both),
        "16-3-pages": ("/?q=lokprofiel&sort=date_desc&per_page=2&page=4", to_pages, both),
        "16-4-passage": ("/?q=lokprofiel&year=2021", to_passage, both),
        "16-4-share": (f"/letters/{FOUNDING}#p-12", share, both),
        "16-4-missing-anchor": (f"/letters/{FOUNDING}#p-999", nothing, both),
        "16-5-moved-passage": (moved_link(app), nothing, both),
        "16-6-facets": ("/?q=lokprofiel", facets, both),
        "16-8-source": ("/letters/kst-99999-1", nothing, both),
        "16-8-letter-top": (f"/letters/{FOUNDING}?q=lokprofiel&page=1", lambda page: page.evaluate("scrollTo(0, 0)"),
                            both),
        "12-start-small-index": ("/", nothing, both),
        "12-made-letter": ("/?q=lokprofiel&year=2010", first_hit, both),
        "error-page": ("/?q=lokprofiel&from=ooit", nothing, ("phone",)),
    }


def shoot(browser, app, base: str, out: Path) -> list[Path]:
    taken = []
    for name, (path, act, viewports) in scenes(app).items():
        for width in viewports:
            context = browser.new_context(viewport=VIEWPORTS[width], base_url=base)
            page = context.new_page()
            page.goto(path)
            act(page)
            page.wait_for_timeout(150)  # let a smooth scroll or a notice settle
            taken.append(out / f"{name}-{VIEWPORTS[width]['width']}.png")
            page.screenshot(path=str(taken[-1]))
            context.close()
    return taken


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "screenshots"))
    args = parser.parse_args(argv)
    chromium = "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else shutil.which("chromium")
    if chromium is None:
        print("no Chromium found at /usr/bin/chromium or on PATH", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = build_demo(Path(tmp))
        app, server, base = serve(Path(tmp) / "index", corpus)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
                for path in shoot(browser, app, base, out):
                    print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
                browser.close()
        finally:
            server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
