"""pypdfium2's character boxes against pdfplumber's, for the same PDFs: speed, and whether
the PDF parser's layout logic (margin column, footnote sizes, styled headings) would read
the same words from them. A measurement only; the parser keeps pdfplumber.

    nice python -m bench.pdfchars [--generated 20]

For each PDF (the real ones in ../shared, and generated letters written by bench/files.py):

- pdfplumber: ``page.extract_words(x_tolerance_ratio=0.15, return_chars=True)`` over every
  page, exactly what ``indexer/parsers/pdf.py`` calls;
- pypdfium2: each character's loose box (the font box, as pdfplumber's top/bottom are),
  font size (scaled by the text matrix: pdfium's own size is the size as set, which some PDFs
  leave at 1 and scale by the matrix) and font name through pdfium's text page, grouped into
  words by the same rule
  (a gap wider than 0.15 x the type size, a space, or another line).

Both word lists then go through the parser's own ``_split_sizes`` and ``_is_margin``; the
report gives the seconds of each, the share of pdfplumber's words that pdfium yields with
the same text (as a multiset per page), and how many margin-column words each finds.
"""
from __future__ import annotations

import argparse
import collections
import ctypes
import sys
import time
from pathlib import Path

from bench.real import REAL, require_shared

ROOT = Path(__file__).resolve().parents[1]


def plumber_words(path: Path) -> tuple[list[list[dict]], float]:
    """Per page, pdfplumber's words (with their chars); and the first page's width."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        pages = [page.extract_words(x_tolerance_ratio=0.15, return_chars=True, use_text_flow=False) for page in pdf.pages]
        width = float(pdf.pages[0].width) if pdf.pages else 595.0
    return pages, width


def pdfium_words(path: Path) -> tuple[list[list[dict]], float]:
    """Per page, words built from pdfium's characters, in pdfplumber's char-dict shape."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument(str(path))
    pages, width = [], 595.0
    rect = raw.FS_RECTF()
    matrix = raw.FS_MATRIX()
    name = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    try:
        for number in range(len(pdf)):
            page = pdf[number]
            if number == 0:
                width = page.get_width()
            height = page.get_height()
            text = page.get_textpage()
            chars = []
            for i in range(text.count_chars()):
                code = raw.FPDFText_GetUnicode(text, i)
                raw.FPDFText_GetLooseCharBox(text, i, rect)
                raw.FPDFText_GetFontInfo(text, i, name, len(name), flags)
                # the font size as set, times the text matrix's vertical scale: what pdfplumber
                # reports (a PDF may set size 1 and scale the text by its matrix)
                raw.FPDFText_GetMatrix(text, i, matrix)
                size = raw.FPDFText_GetFontSize(text, i) * (matrix.c ** 2 + matrix.d ** 2) ** 0.5
                chars.append({"text": chr(code) if code else "", "x0": rect.left, "x1": rect.right,
                              "top": height - rect.top, "bottom": height - rect.bottom,
                              "size": size, "fontname": name.value.decode("latin-1", "replace")})
            pages.append(_group(chars))
            text.close()
            page.close()
    finally:
        pdf.close()
    return pages, width


def _group(chars: list[dict]) -> list[dict]:
    words: list[dict] = []
    current: list[dict] = []

    def flush():
        if current:
            words.append({"text": "".join(c["text"] for c in current), "chars": list(current)})
            current.clear()

    for ch in chars:
        if not ch["text"].strip():
            flush()
            continue
        if current:
            last = current[-1]
            if abs(ch["top"] - last["top"]) > ch["size"] / 2 or ch["x0"] - last["x1"] > 0.15 * ch["size"]:
                flush()
        current.append(ch)
    flush()
    return words


def compare(path: Path) -> dict:
    from indexer.parsers.pdf import _body_size, _is_margin, _split_sizes

    started = time.perf_counter()
    plumber, width = plumber_words(path)
    plumber_s = time.perf_counter() - started
    started = time.perf_counter()
    pdfium, _ = pdfium_words(path)
    pdfium_s = time.perf_counter() - started

    def parser_words(pages):
        return [[w for raw_word in page for w in _split_sizes(raw_word["chars"])] for page in pages]

    a, b = parser_words(plumber), parser_words(pdfium)
    same = total = 0
    for pa, pb in zip(a, b):
        ca, cb = collections.Counter(w.text for w in pa), collections.Counter(w.text for w in pb)
        same += sum((ca & cb).values())
        total += sum(ca.values())
    margin = {}
    for label, pages in (("pdfplumber", a), ("pdfium", b)):
        if any(pages):
            body = _body_size(pages)
            margin[label] = sum(1 for page in pages for w in page if _is_margin(w, width, body))
        else:
            margin[label] = 0
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
    import json

    (ROOT / "var" / "bench" / "pdfchars.json").write_text(json.dumps(rows, indent=1))
    print(render(rows))


if __name__ == "__main__":
    sys.exit(main())
