"""Screenshots of the search page and the letter page at desktop and phone width.

    python scripts/screenshots.py [--corpus corpus] [--out screenshots]

Indexes the corpus into a temporary folder, serves the app on 127.0.0.1 and a free port,
and has headless Chromium (/usr/bin/chromium or `chromium` on PATH) take full-page shots of
the results for "lokprofiel" and of the first hit's letter opened at its passage.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from indexer.indexing import index_paths  # noqa: E402
from web import create_app  # noqa: E402

CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
QUERY = "lokprofiel"


def serve(index_dir: Path, corpus: Path):
    import logging

    from werkzeug.serving import make_server

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no request log in the output

    app = create_app({"INDEX_DIR": str(index_dir), "CORPUS_DIRS": [str(corpus)]})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def shoot(browser, base: str, out: Path) -> list[Path]:
    taken = []
    for name, viewport in VIEWPORTS.items():
        context = browser.new_context(viewport=viewport, base_url=base)
        page = context.new_page()
        page.goto(f"/?q={QUERY}")
        taken.append(out / f"search-{name}.png")
        page.screenshot(path=str(taken[-1]), full_page=True)
        page.locator("a.passage").first.click()
        page.wait_for_load_state()
        # the viewport as the reader sees it on arrival: at the passage, not the page top
        taken.append(out / f"letter-{name}.png")
        page.screenshot(path=str(taken[-1]))
        context.close()
    return taken


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(ROOT / "corpus"))
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
        index_paths([Path(args.corpus)], Path(tmp) / "index")
        server, base = serve(Path(tmp) / "index", Path(args.corpus))
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
                for path in shoot(browser, base, out):
                    print(path)
                browser.close()
        finally:
            server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
