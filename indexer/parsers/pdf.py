"""PDF letters: rijksoverheid.nl Kamerbrieven (Rijkshuisstijl) and other PDFs with a text layer.

The layout carries the structure, so this parser reads word positions and font sizes
(pdfium, ``pdf_text``) rather than a flat text dump:

- the margin column (directorate, address, "Ons kenmerk", "Datum", "Pagina 2 van 5") is found
  from the page's own geometry, wherever it stands and in whatever type (pdf_geometry), and
  read as letterhead metadata;
- footnotes are the smaller-type lines at the bottom of a page, each starting with its number;
  superscript numbers in the body become ``[^N]`` markers;
- headings are one-line paragraphs in bold/italic or larger type;
- paragraphs are lines closer together than the paragraph gap; page breaks are kept as
  ``PAGE_BREAK`` blocks so the shared cleaning step can rejoin a paragraph cut by one.

A companion ``<stem>.manifest.xml`` / ``<stem>.metadata.xml`` beside the PDF fills in only
what the letter itself does not say.
"""
from __future__ import annotations

import io
import re
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from ..cleaning import FOOTNOTE, HEADING, MARGIN, PAGE_BREAK, PARA, Block, assemble, is_page_number, join_lines
from ..dates import DateParseError, parse_dutch_date
from ..limits import TooCostly, check_pdf
from ..letterhead import (
    DIRECTORATE_START,
    Letterhead,
    directorate_from_lines,
    find_signer,
    ministry_of,
    opening_title,
    read_letterhead,
    split_signature,
)
from ..ministries import canonical_ministry, ministry_from_logo
from ..model import Letter
from . import Format, ParseError
from .common import finish_letter
from .companions import Record, first, read_companions
from .pdf_geometry import Line, Word, lines_of, prevailing_size, split_margin
from .pdf_text import page_chars, page_words

MAX_PAGES = 500
_SUBJECT = re.compile(r"^(?:onderwerp|betreft)\b", re.I)
_OFFICIAL_ID = re.compile(r"^(?:kst|ah-tk|ah-ek|h-tk|h-ek|blg|stb|stcrt)-[\w-]+$", re.I)
_FOOTNOTE_NUMBER = re.compile(r"\d{1,3}")
_LOGO_DEPTH = 160.0  # points from the top: the logo stands above the address window


# --- reading the file -------------------------------------------------------------------

def _check_bounds(data: bytes) -> None:
    """Refuse a PDF that is too long, or one of whose pages would cost too much to lay out
    (``indexer.limits``): pdfminer reads the document's structure and content streams, within
    bounds, before pdfium lays out a page."""
    from pdfminer.pdfdocument import PDFDocument  # imported here: only PDF parsing pays for it
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
        pages = _page_count(document)
    except Exception as exc:  # pdfminer raises many unrelated types for broken files
        raise ParseError(_reason(exc)) from exc
    if pages > MAX_PAGES:
        raise ParseError(f"PDF met {pages} pagina's; meer dan {MAX_PAGES} is geen brief (geweigerd)")
    try:
        check_pdf(PDFPage.create_pages(document))
    except TooCostly as exc:
        raise ParseError(str(exc)) from exc


def _page_count(document) -> int:
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdftypes import resolve1

    # the catalog's /Count, so a million-page file is refused before its pages are built
    try:
        count = resolve1(resolve1(document.catalog["Pages"])["Count"])
        if isinstance(count, int):
            return count
    except Exception:
        pass
    return sum(1 for _ in PDFPage.create_pages(document))


def _reason(exc: Exception) -> str:
    # a wrapped error's cause names what went wrong
    inner = exc.args[0] if isinstance(getattr(exc, "args", None), tuple) and exc.args and isinstance(exc.args[0], Exception) else exc.__cause__
    name = type(exc).__name__
    text = f"{name} {exc} {type(inner).__name__ if inner else ''} {inner or ''}".lower()
    if "password" in text or "encrypt" in text:
        return "versleutelde PDF"
    detail = re.sub(r"\s+", " ", str(exc)).strip()[:120] or name
    return f"beschadigde PDF: {detail}"


def _words(data: bytes) -> list[list[Word]]:
    """Each page's words, read through pdfium (``pdf_text``)."""
    import pypdfium2 as pdfium  # imported here: only PDF parsing pays for it

    try:
        pdf = pdfium.PdfDocument(data)
    except Exception as exc:  # pdfium names the failure in its message
        raise ParseError(_reason(exc)) from exc
    pages: list[list[Word]] = []
    try:
        for number in range(len(pdf)):
            page = pdf[number]
            textpage = page.get_textpage()
            try:
                chars = page_chars(page, textpage)
            finally:
                textpage.close()
                page.close()
            pages.append(page_words(chars))
    except ParseError:
        raise
    except Exception as exc:
        raise ParseError(_reason(exc)) from exc
    finally:
        pdf.close()
    return pages


# --- layout -----------------------------------------------------------------------------

def _body_size(pages: list[list[Word]]) -> float:
    return prevailing_size([w for page in pages for w in page])


def _paragraphs(lines: list[Line], gap: float) -> list[list[Line]]:
    groups: list[list[Line]] = []
    for line in lines:
        if groups and line.top - groups[-1][-1].top <= gap and abs(line.size - groups[-1][-1].size) < 1:
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


def _leading(pages: list[list[Line]], body_size: float) -> float:
    steps = [
        round(b.top - a.top)
        for lines in pages
        for a, b in zip(lines, lines[1:])
        if abs(a.size - body_size) < 0.6 and abs(b.size - body_size) < 0.6 and b.top > a.top
    ]
    return float(statistics.mode(steps)) if steps else body_size * 1.3


def _is_page_label(text: str) -> bool:
    """'Pagina 2 van 15' wherever it stands: in small type at a page's foot it would read as a
    footnote. (A line of digits alone may be a table's cell; the cleaning step judges it.)"""
    return is_page_number(text) and not text.strip().isdigit()


def _margin_leading(lines: list[Line]) -> float | None:
    """The usual step between a page's margin lines: a blank line between its blocks is wider."""
    # steps under a third of the type size are one line broken by a scan's jitter
    steps = [round(b.top - a.top) for a, b in zip(lines, lines[1:]) if b.top - a.top > a.size / 3]
    return float(statistics.mode(steps)) if steps else None


def _footnote_start(lines: list[Line], body_size: float) -> int:
    """Index of the first footnote line: the run of smaller-type lines at the page's foot."""
    start = len(lines)
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i]
        if is_page_number(line.text):
            continue
        if line.size < body_size - 0.5:
            start = i
        else:
            break
    return start


def _body_text(line: Line, body_size: float) -> str:
    """Line text with superscript footnote numbers written as ``[^N]``."""
    parts: list[str] = []
    for word in line.words:
        if _FOOTNOTE_NUMBER.fullmatch(word.text) and word.size <= body_size - 1.5 and parts:
            parts[-1] += f"[^{word.text}]"
        else:
            parts.append(word.text)
    return " ".join(parts)


def _footnote_blocks(lines: list[Line], last_number: str | None) -> tuple[list[Block], str | None]:
    blocks: list[Block] = []
    for line in lines:
        words = [w.text for w in line.words]
        if re.fullmatch(r"\d{1,3}", words[0]) and len(words) > 1:
            last_number = words[0]
            blocks.append(Block(FOOTNOTE, " ".join(words[1:]), number=last_number))
        elif blocks:
            blocks[-1].text = join_lines([blocks[-1].text, line.text])
        else:  # a footnote continued from the page before
            blocks.append(Block(FOOTNOTE, line.text, number=last_number or "1"))
    return blocks, last_number


def _split_headings(group: list[Line], body_size: float) -> list[tuple[str, list[Line]]]:
    """Heading lines at the top of a paragraph (set in body leading, no gap) stand apart."""
    parts: list[tuple[str, list[Line]]] = []
    i = 0
    while i < len(group) - 1 and _is_heading_line(group[i], body_size) and any(not l.styled for l in group[i + 1:]):
        parts.append((HEADING, [group[i]]))
        i += 1
    rest = group[i:]
    if rest:
        parts.append((HEADING if len(rest) == 1 and _is_heading_line(rest[0], body_size) else PARA, rest))
    return parts


def _is_heading_line(line: Line, body_size: float) -> bool:
    text = line.text
    return (
        len(text) <= 120
        and not text.rstrip().endswith((".", ",", ";", ":"))
        and (line.styled or line.size >= body_size + 1)
        and bool(re.search(r"[A-Za-z]", text))
    )


@dataclass
class Layout:
    body: list[Block]  # body blocks of every page, with PAGE_BREAK between pages
    head_lines: list[list[str]]  # letterhead blocks: body-column head plus page 1 margin
    first_margin: list[str]  # the first margin block on page 1 (often the directorate)
    raw: list[list[str]]  # the lines of each body block, as laid out
    logo: list[str] = field(default_factory=list)  # the text beside the Rijkswapen on page 1


def layout(pages_words: list[list[Word]]) -> Layout:
    body_size = _body_size(pages_words)
    body_pages, margin_pages = [], []
    for n, (body, margin) in enumerate(split_margin(pages_words, body_size)):
        body_pages.append([line for line in lines_of(body, n) if not _is_page_label(line.text)])
        margin_pages.append(lines_of(margin, n))
    gap = _leading(body_pages, body_size) * 1.45
    # each page's own margin leading: a page's furniture may be set apart from the letterhead's
    first_leading = next((m for m in map(_margin_leading, margin_pages) if m), 10.0)
    margin_gaps = [(_margin_leading(lines) or first_leading) * 1.45 for lines in margin_pages]
    blocks: list[Block] = []
    raw: list[list[str]] = []
    last_note = None
    for n, lines in enumerate(body_pages):
        if n:
            blocks.append(Block(PAGE_BREAK, ""))
            raw.append([])
        split = _footnote_start(lines, body_size)
        for group in _paragraphs(lines[:split], gap):
            for kind, part in _split_headings(group, body_size):
                texts = [_body_text(l, body_size) for l in part]
                blocks.append(Block(kind, join_lines(texts), level=2))
                raw.append(texts)
        notes, last_note = _footnote_blocks(lines[split:], last_note)
        blocks.extend(notes)
        raw.extend([b.text] for b in notes)
        for group in _paragraphs(margin_pages[n], margin_gaps[n]):
            blocks.append(Block(MARGIN, "\n".join(l.text for l in group)))
            raw.append([l.text for l in group])
    margin_one = [[l.text for l in g] for g in _paragraphs(margin_pages[0], margin_gaps[0])] if margin_pages else []
    logo = _logo_lines(body_pages[0], margin_pages[0]) if body_pages else []
    return Layout(blocks, margin_one, margin_one[0] if margin_one else [], raw, logo)


def _logo_lines(body: list[Line], margin: list[Line]) -> list[str]:
    """Page 1 lines above the margin column: the logo text ("Ministerie van ...")."""
    limit = min((l.top for l in margin), default=_LOGO_DEPTH)
    return [l.text for l in body if l.top < min(limit, _LOGO_DEPTH)]


# --- the letter -------------------------------------------------------------------------

def _split_head(blocks: list[Block], raw: list[list[str]]) -> int:
    """Index of the first body block: after the subject line, else before the first long paragraph."""
    for i, block in enumerate(blocks[:30]):
        if block.kind == PAGE_BREAK:
            break
        # the laid-out lines: "Datum ..." and "Betreft ..." often share one paragraph
        if block.kind in (PARA, HEADING) and any(_SUBJECT.match(line) for line in raw[i]):
            return i + 1
    for i, block in enumerate(blocks[:30]):
        if block.kind == HEADING or (block.kind == PARA and len(block.text.split()) >= 25):
            return i
    return 0


def _letterhead(lay: Layout, start: int) -> Letterhead:
    # the label reader needs the head paragraphs line by line ("Datum ...", "Betreft ...")
    # label lines set in bold ("Datum 26 JAN 2021" as a stamp) come out as headings
    head_blocks = [lay.raw[i] for i in range(start) if lay.body[i].kind in (PARA, HEADING)]
    head = read_letterhead(lay.head_lines + head_blocks)
    head.ministry = ministry_from_logo(lay.logo) or head.ministry
    first_block = lay.first_margin
    if head.directorate is None and first_block and not DIRECTORATE_START.match(first_block[0]):
        candidate = directorate_from_lines(first_block)
        if candidate and not re.match(r"^(?:ons|onze|uw|datum|kenmerk|bijlage|pagina)\b", candidate, re.I):
            head.directorate = candidate
    return head


def parse(path: Path, data: bytes) -> Letter:
    if b"%%EOF" not in data[-2048:]:
        raise ParseError("beschadigde PDF: afgekapt (het einde van het bestand ontbreekt)")
    _check_bounds(data)  # before any page is laid out
    pages_words = _words(data)
    if not any(pages_words):
        raise ParseError("PDF zonder tekstlaag (een scan); eerst OCR nodig")
    lay = layout(pages_words)
    start = _split_head(lay.body, lay.raw)
    head = _letterhead(lay, start)
    body, closing = split_signature(lay.body[start:], head.furniture)
    signer = find_signer(closing)
    passages, footnotes = assemble(body, head.furniture)
    if not passages:
        raise ParseError("PDF zonder tekst na het briefhoofd")
    record = read_companions(path)
    fields = _fields(head, signer, record, opening_title(lay.body))
    official = first(record, "dc.identifier", "identifier")
    return finish_letter(
        path, data, "pdf",
        official_id=official if official and _OFFICIAL_ID.match(official) else None,
        passages=passages, footnotes=footnotes, **fields,
    )


def _fields(head: Letterhead, signer, record: Record, opening: str | None) -> dict:
    """The letter's own metadata first; the companion record only fills what is empty, and a
    title the document opens with only what the record leaves empty too."""
    is_letter = bool(head.kenmerk or head.subject or signer or head.addressee)
    doc_type = (first(record, "dcterms.type") or ("brief" if is_letter else None))
    return {
        "kenmerk": head.kenmerk,
        "date": head.date or _record_date(record),
        "directorate": head.directorate,
        "ministry": ministry_of(head, signer)
        or canonical_ministry(first(record, "overheid.authority", "dcterms.creator")),
        "subject": head.subject or first(record, "overheidop.documenttitel", "dcterms.title", "dc.title") or opening,
        "signer": signer,
        "addressee": head.addressee,
        "doc_type": doc_type.lower() if doc_type else None,
    }


def _record_date(record: Record):
    value = first(record, "dcterms.issued", "issued")
    try:
        return parse_dutch_date(value) if value else None
    except DateParseError:
        return None


FORMATS = (Format("pdf", (".pdf",), parse, sniff=lambda start: start.startswith(b"%PDF-"), text=False),)
