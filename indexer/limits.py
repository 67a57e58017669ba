"""Bounds on the work one file may cost, so no file can stall or exhaust an indexing run.

Every file is parsed in a worker process (``indexer.parsepool``) that is stopped after
``ParseLimits.seconds`` and whose address space may grow by at most ``memory_mb``. Inside
it, a PDF is first measured without being laid out: a page whose content streams inflate
past ``PDF_MAX_PAGE_BYTES``, or show more than ``PDF_MAX_PAGE_GLYPHS`` characters, is refused
before a page is laid out, with an object per glyph (a one-page bomb of 8 MB of text
operators otherwise takes a minute and gigabytes).
"""
from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

# A dense A4 page of a letter shows 3,000-6,000 characters (two bytes each in a CID font),
# and its content streams run to some tens of kilobytes; drawings and scans put their bulk in
# images, not in content streams.
PDF_MAX_PAGE_BYTES = 4 * 1024 * 1024
PDF_MAX_PAGE_GLYPHS = 40_000
PDF_MAX_BYTES = 64 * 1024 * 1024  # all pages together
_FORM_DEPTH = 4  # forms drawn inside forms, followed this deep


@dataclass(frozen=True)
class ParseLimits:
    seconds: float = 60.0  # per file; a 100-page letter parses in a few seconds
    memory_mb: int = 1536  # what a worker may allocate beyond what it inherits at fork


class TooCostly(Exception):
    """The file is over a bound; the message is the one-line reason."""


def check_pdf(pages) -> None:
    """Raise ``TooCostly`` when one of these pdfminer pages is over a bound."""
    total = 0
    for number, page in enumerate(pages, start=1):
        size, glyphs = _page_cost(page)
        if size > PDF_MAX_PAGE_BYTES:
            raise TooCostly(f"pagina {number} van de PDF pakt uit tot meer dan {PDF_MAX_PAGE_BYTES // 2**20} MB opdrachten")
        if glyphs > PDF_MAX_PAGE_GLYPHS:
            raise TooCostly(f"pagina {number} van de PDF toont meer dan {PDF_MAX_PAGE_GLYPHS} tekens")
        total += size
        if total > PDF_MAX_BYTES:
            raise TooCostly(f"de pagina's van de PDF pakken uit tot meer dan {PDF_MAX_BYTES // 2**20} MB opdrachten")


def _page_cost(page) -> tuple[int, int]:
    """(bytes of drawing operators, characters shown, at most) of a pdfminer page, forms included."""
    from pdfminer.pdftypes import resolve1

    size = glyphs = 0
    streams = [(resolve1(s), 0) for s in page.contents]
    streams += [(form, 1) for form in _forms(page.resources)]
    seen: set[int] = set()
    while streams:
        stream, depth = streams.pop()
        if id(stream) in seen or not hasattr(stream, "rawdata"):
            continue
        seen.add(id(stream))
        data = _inflated(stream, PDF_MAX_PAGE_BYTES - size)
        size += len(data)
        glyphs += _shown_bytes(data)
        if size > PDF_MAX_PAGE_BYTES or depth >= _FORM_DEPTH:
            break
        streams += [(form, depth + 1) for form in _forms(resolve1(stream.attrs.get("Resources")))]
    return size, glyphs


def _forms(resources) -> list:
    from pdfminer.pdftypes import resolve1

    if not isinstance(resources, dict):
        return []
    xobjects = resolve1(resources.get("XObject"))
    if not isinstance(xobjects, dict):
        return []
    forms = []
    for ref in xobjects.values():
        xobject = resolve1(ref)
        if hasattr(xobject, "attrs") and getattr(resolve1(xobject.attrs.get("Subtype")), "name", None) == "Form":
            forms.append(xobject)
    return forms


def _inflated(stream, budget: int) -> bytes:
    """The decoded content of a stream, or its first ``budget`` + 1 bytes when it is longer:
    a deflated stream is inflated only that far."""
    if stream.data is not None:
        return stream.data
    raw = stream.rawdata or b""
    if stream.decipher:
        raw = stream.decipher(stream.objid, stream.genno, raw, stream.attrs)
    filters = stream.get_filters()
    if not filters:
        return raw[: budget + 1]
    if len(filters) == 1 and getattr(filters[0][0], "name", None) in ("FlateDecode", "Fl"):
        try:
            return zlib.decompressobj().decompress(raw, max(budget, 0) + 1)
        except zlib.error:
            return b""  # damaged: pdfminer reads what it can, within the same bounds
    return stream.get_data()  # other filters expand little; the time and memory bounds hold


_LITERAL = re.compile(rb"\((?:\\.|[^\\()])*\)", re.S)
_HEX = re.compile(rb"<[0-9A-Fa-f\s]*>")
_ESCAPE = re.compile(rb"\\(?:[0-7]{1,3}|.)", re.S)  # one byte written as \ddd or \n
_SPACE = re.compile(rb"\s")


def _shown_bytes(content: bytes) -> int:
    """Bytes inside string operands: an upper bound on the characters the operators show
    (one byte a character in a simple font, two in a CID font). Counted over all strings of a
    kind at once: a dense page holds thousands of them."""
    literals = _LITERAL.findall(content)
    text = b"".join(literals)
    escapes = _ESCAPE.findall(text)
    shown = len(text) - 2 * len(literals) - (sum(map(len, escapes)) - len(escapes))
    hexes = _HEX.findall(content)
    digits = len(_SPACE.sub(b"", b"".join(hexes))) - 2 * len(hexes)
    return shown + digits // 2
