"""The PDF parser's words (read through pdfium) against pdfplumber's, for the same PDFs: speed,
and whether the parser's layout logic (margin column, footnote sizes, styled headings) sees
the same words. The parser was written against pdfplumber's ``extract_words``; it reads
pdfium's characters and groups them by the same rule (``indexer/parsers/pdf_text.py``).

    nice python -m bench.pdfchars [--generated 20]

For each PDF (the real ones in ../shared, and generated letters written by bench/files.py):

- pdfplumber: ``page.extract_words(x_tolerance_ratio=0.15, return_chars=True)`` over every
  page, its characters split by size as the parser splits them;
- pdfium: the parser's own ``_words``.

The report gives the seconds of each, the share of pdfplumber's words that pdfium yields with
the same text (as a multiset per page), and how many words each puts in the margin column
(``pdf_geometry.split_margin``).
"""
from __future__ import annotations

import argparse
import collections
import io
import json
import sys
import time
from pathlib import Path

from bench.real import REAL, require_shared

ROOT = Path(__file__).resolve().parents[1]


def plumber_words(data: bytes) -> list[list]:
    """Per page, the parser's Words made from pdfplumber's words and characters (each word
    split where its type size changes, as the parser splits its own)."""
    import pdfplumber

    from indexer.parsers.pdf_text import page_words

    pages = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            found = page.extract_words(x_tolerance_ratio=0.15, return_chars=True, use_text_flow=False)
            pages.append([word for w in found for word in page_words(_columns(w["chars"]))])
    return pages


def _columns(chars: list[dict]):
    """pdfplumber's characters of one word as the parser's ``PageChars``."""
    from indexer.parsers.pdf_text import STYLED_FONT, PageChars

    fields = ("text", "x0", "x1", "top", "bottom", "size")
    columns = [[c[name] for c in chars] for name in fields]
    styled = [bool(STYLED_FONT.search(c["fontname"])) for c in chars]
    return PageChars.of(*columns, styled, [True] * len(chars), [False] * len(chars))


def compare(path: Path) -> dict:
    from indexer.parsers.pdf import _body_size, _words
    from indexer.parsers.pdf_geometry import split_margin

    data = path.read_bytes()
    started = time.perf_counter()
    plumber = plumber_words(data)
    plumber_s = time.perf_counter() - started
    started = time.perf_counter()
    pdfium = _words(data)
    pdfium_s = time.perf_counter() - started
    same = total = 0
    for pa, pb in zip(plumber, pdfium):
        ca, cb = collections.Counter(w.text for w in pa), collections.Counter(w.text for w in pb)
        same += sum((ca & cb).values())
        total += sum(ca.values())
    margin = {}
    for label, pages in (("pdfplumber", plumber), ("pdfium", pdfium)):
        margin[label] = sum(len(m) for _, m in split_margin(pages, _body_size(pages))) if any(pages) else 0
    return {"file": path.name, "pages": len(plumber), "words": total, "pdfplumber_s": round(plumber_s, 3),
            "pdfium_s": round(pdfium_s, 3), "same_words": round(same / total, 3) if total else None,
            "margin_words_pdfplumber": margin["pdfplumber"], "margin_words_pdfium": margin["pdfium"]}


def run(generated: int = 20) -> list[dict]:
    require_shared()
    files = sorted(REAL.rglob("*.pdf"))
    if generated:
        from bench.ingest import generated_sets

        files += generated_sets(generated, 0)["generated PDF"]
    return [compare(path) for path in files]


def render(rows: list[dict]) -> str:
    lines = ["| PDF | pages | words | pdfplumber s | pdfium s | same words | margin words pdfplumber / pdfium |",
             "|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['file'][:48]} | {r['pages']} | {r['words']} | {r['pdfplumber_s']} | {r['pdfium_s']} | "
                     f"{r['same_words'] if r['same_words'] is not None else '–'} | {r['margin_words_pdfplumber']} / {r['margin_words_pdfium']} |")
    plumber = sum(r["pdfplumber_s"] for r in rows)
    pdfium = sum(r["pdfium_s"] for r in rows)
    words = sum(r["words"] for r in rows)
    same = sum((r["same_words"] or 0) * r["words"] for r in rows)
    lines.append(f"| **all {len(rows)}** | {sum(r['pages'] for r in rows)} | {words} | {plumber:.2f} | {pdfium:.2f} "
                 f"({plumber / max(pdfium, 1e-9):.1f}x faster) | {same / max(words, 1):.3f} | "
                 f"{sum(r['margin_words_pdfplumber'] for r in rows)} / {sum(r['margin_words_pdfium'] for r in rows)} |")
    return "\n".join(lines)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--generated", type=int, default=20, help="generated letters as PDF to add to the real ones")
    args = ap.parse_args(argv)
    rows = run(args.generated)
    (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
    (ROOT / "var" / "bench" / "pdfchars.json").write_text(json.dumps(rows, indent=1))
    print(render(rows))


if __name__ == "__main__":
    sys.exit(main())
