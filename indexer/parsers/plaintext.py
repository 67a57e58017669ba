"""Plain text as a PDF-to-text converter (pdftotext) writes a letter.

Such text carries no markup, only the page's reading order: blank lines between the blocks
the converter saw, form feeds between pages, a paragraph's lines run on without a blank line
between paragraphs, footnote numbers glued to the word before them ("in 20201," for "2020"
with footnote 1, "Ministerie.2 Het") and each page's footnote texts at its foot, followed by
the page number. The margin column comes out as a block of its own on every page. This
module rebuilds from that what the layout said:

- a page's footnotes are the block(s) at its foot whose lines are numbered on from the last
  footnote of the letter; a number glued to a word in the page's text is that footnote's
  marker, written ``[^N]``;
- page numbers and lines that head or foot several pages are page furniture;
- a block of short lines holding a margin label ("Ons kenmerk", "Datum") is the margin
  column: letterhead on page 1, furniture later;
- paragraphs end where a line stops well short of the text's width after a full stop, and
  a short line without one between paragraphs is a heading.

Text with Markdown or HTML markup goes to the Markdown reader instead.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..cleaning import (
    FOOTNOTE,
    HEADING,
    MARGIN,
    PAGE_BREAK,
    PARA,
    Block,
    is_margin_label,
    is_page_number,
    strip_markers,
)
from ..letterhead import DIRECTORATE_START, is_label_line, starts_closing
from ..model import Letter
from . import Format, ParseError, decode_text
from . import markdown

_MARKUP = re.compile(r"<sup>|\*\*|^#{1,6}\s|^\s*(?:-{3,}|\*{3,}|_{3,})\s*$|^\[\^\w+\]:|^>\s", re.M)
_NUMBERED = re.compile(r"^(\d{1,3})\s+(\S.*)$")
_CLAUSE_END = re.compile(r"[.!?:;,][)\"'”’]*$")
_SENTENCE_END = re.compile(r"[.!?:][)\"'”’]*$")
_RUNS_ON = {"de", "het", "een", "van", "in", "op", "voor", "en", "of", "te", "met", "aan", "bij", "door",
            "om", "over", "tot", "uit", "naar", "die", "dat", "als", "zijn", "is", "wordt", "dit", "deze"}
_SHORT_LINE = 0.6  # a margin line, a heading: well short of the text's width


def has_markup(text: str) -> bool:
    return bool(_MARKUP.search(text))


def parse(path: Path, data: bytes) -> Letter:
    text = decode_text(data)
    if not text.strip():
        raise ParseError("leeg bestand")
    if has_markup(text):
        return markdown.parse(path, data)
    blocks = text_blocks(text)
    if not any(b.kind == PARA for b in blocks):
        raise ParseError("geen alinea's met tekst gevonden")
    return markdown.letter_from_blocks(path, data, "text", blocks)


def text_blocks(text: str) -> list[Block]:
    """The blocks of a plain-text letter, page by page (see the module docstring)."""
    pages = [_chunks(page) for page in text.split("\f")]
    running = _running_lines(pages)
    ruler = _ruler(pages)
    blocks: list[Block] = []
    last_note = 0
    margin_lines = {l for chunks in pages for chunk in chunks if _is_margin(chunk, ruler) for l in chunk}
    for n, chunks in enumerate(pages):
        chunks = [part for chunk in chunks for part in _split_off_margin(chunk, margin_lines)]
        # the margin's first line heads every page too, but it is the letter's directorate
        chunks = [chunk if _is_margin(chunk, ruler) else [l for l in chunk if l not in running] for chunk in chunks]
        chunks = _without_page_numbers(chunks)
        body, notes = _split_notes([chunk for chunk in chunks if chunk], last_note)
        if n:
            blocks.append(Block(PAGE_BREAK, ""))
        margin = [_is_margin(chunk, ruler) for chunk in body]
        text = _mark_footnotes([c for c, m in zip(body, margin) if not m], [number for number, _ in notes])
        for chunk, is_margin in zip(body, margin):
            blocks.extend([Block(MARGIN, "\n".join(chunk))] if is_margin else _paragraphs(text.pop(0), ruler))
        blocks.extend(Block(FOOTNOTE, note, number=str(number)) for number, note in notes)
        last_note = notes[-1][0] if notes else last_note
    return _run_on_headings(blocks)


def _split_off_margin(chunk: list[str], margin_lines: set[str]) -> list[list[str]]:
    """The converter may run the margin column on from a line of the body without a blank
    line (a closing beside it): lines at the block's end that the margin holds elsewhere in the
    letter are a block of their own."""
    cut = len(chunk)
    while cut > 0 and chunk[cut - 1] in margin_lines:
        cut -= 1
    if 0 < cut <= len(chunk) - 2:
        return [chunk[:cut], chunk[cut:]]
    return [chunk]


def _run_on_headings(blocks: list[Block]) -> list[Block]:
    """A 'heading' that text in lower case follows (on the next page: it was the paragraph's
    line, for the cleaning step to join across the break), that follows a clause left open
    (the signer's name after "De Minister van X,"), or that nothing follows, is text."""
    text = [i for i, b in enumerate(blocks) if b.kind in (PARA, HEADING)]
    for k, i in enumerate(text):
        if blocks[i].kind != HEADING:
            continue
        before = blocks[text[k - 1]].text if k else ""
        after = blocks[text[k + 1]].text if k + 1 < len(text) else ""
        if not after or after[:1].islower() or before.rstrip().endswith(","):
            blocks[i].kind = PARA
    return blocks


def _chunks(page: str) -> list[list[str]]:
    """A page's blocks: runs of non-blank lines."""
    chunks, current = [], []
    for line in page.split("\n"):
        line = line.strip()
        if line:
            current.append(line)
        elif current:
            chunks.append(current)
            current = []
    return chunks + ([current] if current else [])


def _without_page_numbers(chunks: list[list[str]]) -> list[list[str]]:
    """'Pagina 3 (van 7)' wherever it stands; a bare number only as the page's first or last
    line (inside the page it may be a wrapped footnote's "nr." and "200")."""
    edges = {(0, 0), (len(chunks) - 1, len(chunks[-1]) - 1)} if chunks else set()

    def page_number(c: int, i: int, line: str) -> bool:
        return is_page_number(line) and (not line.strip().isdigit() or (c, i) in edges)

    return [[l for i, l in enumerate(chunk) if not page_number(c, i, l)] for c, chunk in enumerate(chunks)]


def _running_lines(pages: list[list[list[str]]]) -> set[str]:
    """Lines that head or foot more than one page: running headers and footers."""
    ends = Counter()
    for chunks in pages:
        lines = [l for chunk in chunks for l in chunk]
        ends.update({lines[0], lines[-1]} if lines else set())
    return {line for line, count in ends.items() if count > 1}


# Rough widths of characters in a proportional typeface, in ems: a line of narrow letters
# holds more characters than a line of wide ones.
_NARROW, _WIDE = set("fijlrtI.,;:'!|()[]- "), set("mwMW")


def _proportional(text: str) -> float:
    return sum(0.3 if c in _NARROW else 0.85 if c in _WIDE else 0.68 if c.isupper() else 0.5 for c in text)


def _monospaced(text: str) -> float:
    return 0.6 * len(text)


@dataclass(frozen=True)
class Ruler:
    """How wide a line of this text is: by its characters (typewriter type) or by rough widths
    of its letters (a proportional typeface); ``wrap`` is the width of a full line."""

    measure: Callable[[str], float]
    wrap: float

    def broken_by_hand(self, line: str, following: str, share: float = 1.0) -> bool:
        """Would the next line's first word have fitted on this line? Then the line was
        ended on purpose (a paragraph's end, a heading), not wrapped."""
        return not following or self.measure(f"{line} {following.split()[0]}") < share * self.wrap

    def short(self, line: str) -> bool:
        return self.measure(line) < _SHORT_LINE * self.wrap


def _ruler(pages: list[list[list[str]]]) -> Ruler:
    """The measure under which this text's full lines line up best at one width: the lines
    inside a paragraph all end near the right margin, whatever their letters."""
    lines = [l for chunks in pages for chunk in chunks if len(chunk) >= 3 for l in chunk[:-1]]
    best = Ruler(_monospaced, 48.0)
    best_share = -1.0
    for measure in (_monospaced, _proportional):
        widths = sorted(map(measure, lines))
        if not widths:
            continue
        wrap = widths[int(0.95 * (len(widths) - 1))]  # a long footnote or web address may run wider
        share = sum(w >= 0.9 * wrap for w in widths) / len(widths)
        if share > best_share:
            best, best_share = Ruler(measure, wrap), share
    return best


# --- footnotes ---------------------------------------------------------------------------------

def _split_notes(chunks: list[list[str]], last_note: int) -> tuple[list[list[str]], list[tuple[int, str]]]:
    """(body chunks, the page's footnotes). The footnotes are the page's last lines, from a
    line that starts with the number after the letter's last footnote, each further one
    numbered on; the converter does not always leave a blank line above them. A number starts
    a footnote only where it stands glued to a word above, as its marker: a numbered list is
    not footnotes, and a footnote's text may wrap onto a line that starts with a number."""
    lines = [(c, line) for c, chunk in enumerate(chunks) for line in chunk]
    first = str(last_note + 1)
    for at in range(len(lines) - 1, -1, -1):
        if not lines[at][1].startswith(first + " "):
            continue
        body = [line for _, line in lines[:at]]
        notes = _numbered_on([line for _, line in lines[at:]], last_note, lambda n: _glued_somewhere(body, n))
        if notes:
            return _rechunk(lines[:at]), notes
    return chunks, []


def _rechunk(lines: list[tuple[int, str]]) -> list[list[str]]:
    chunks: dict[int, list[str]] = {}
    for c, line in lines:
        chunks.setdefault(c, []).append(line)
    return list(chunks.values())


def _numbered_on(lines: list[str], last_note: int, marked) -> list[tuple[int, str]] | None:
    """The footnotes these lines hold when they start with the next marked number; any other
    line continues the footnote before it."""
    notes: list[tuple[int, str]] = []
    for line in lines:
        numbered = _NUMBERED.match(line)
        expected = (notes[-1][0] if notes else last_note) + 1
        if numbered and int(numbered.group(1)) == expected and marked(expected):
            notes.append((expected, numbered.group(2)))
        elif notes:
            notes[-1] = (notes[-1][0], f"{notes[-1][1]} {line}")
        else:
            return None
    return notes or None


def _marker(number: int) -> re.Pattern:
    # glued to a word or its punctuation ("Asscher4", "Ministerie.2"), or to a year ("20201,")
    return re.compile(rf"(?:(?<=[^\W\d_])|(?<=[.,;:!?)’”'\"])|(?<=\b(?:1[6-9]|20)\d\d)){number}(?=[\s.,;:!?)]|$)")


def _glued_somewhere(lines: list[str], number: int) -> bool:
    return any(_marker(number).search(line) for line in lines)


def _mark_footnotes(chunks: list[list[str]], numbers: list[int]) -> list[list[str]]:
    """Each footnote's number, glued to a word of the page, written as its ``[^N]`` marker; in
    order, so a later number is looked for after the marker before it."""
    lines = [line for chunk in chunks for line in chunk]
    at = 0
    for number in numbers:
        pattern = _marker(number)
        for i in range(at, len(lines)):
            found = pattern.search(lines[i])
            if found:
                lines[i] = f"{lines[i][:found.start()]}[^{number}]{lines[i][found.end():]}"
                at = i
                break
    marked, pos = [], 0
    for chunk in chunks:
        marked.append(lines[pos:pos + len(chunk)])
        pos += len(chunk)
    return marked


# --- margin, headings and paragraphs -----------------------------------------------------------

def _paragraphs(chunk: list[str], ruler: Ruler) -> list[Block]:
    """A block of running text cut into paragraphs and headings where a line was broken by
    hand: the next line's first word would have fitted on it."""
    blocks: list[Block] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append(Block(PARA, "\n".join(paragraph)))
            paragraph.clear()

    for i, line in enumerate(chunk):
        following = chunk[i + 1] if i + 1 < len(chunk) else ""
        ends_clause = bool(_CLAUSE_END.search(strip_markers(line)))
        after_sentence = i == 0 or bool(_SENTENCE_END.search(strip_markers(chunk[i - 1])))
        if not ends_clause and after_sentence and ruler.broken_by_hand(line, following) and _is_heading(line, following):
            flush()
            blocks.append(Block(HEADING, line, level=2))
            continue
        if after_sentence and starts_closing(line):
            flush()  # the closing stands apart from the last paragraph, whatever its width
        paragraph.append(line)
        # a sentence may end a full line: in a proportional font characters measure width only
        # roughly, so a paragraph ends only where a tenth of the width was left over
        if _ends_letterhead_line(line, following, ruler) or ends_clause and (
            ruler.broken_by_hand(line, following, share=0.9) or starts_closing(line)
        ):
            flush()
    flush()
    return blocks


def _ends_letterhead_line(line: str, following: str, ruler: Ruler) -> bool:
    """A letterhead line ("Onderwerp ...") stands on its own; the body may follow it without a
    blank line. Only a subject too long for one line goes on, in lower case."""
    return is_label_line(line) and (ruler.broken_by_hand(line, following) or following[:1].isupper())


def _is_margin(chunk: list[str], ruler: Ruler) -> bool:
    """Short lines with a margin label among them, or a directorate heading them."""
    short = all(map(ruler.short, chunk))
    labelled = any(is_margin_label(line) for line in chunk) or bool(DIRECTORATE_START.match(chunk[0]))
    return short and labelled and len(chunk) > 1


def _is_heading(line: str, following: str) -> bool:
    """A line of its own before a paragraph (or at the foot of a page), not a letterhead
    label ("Datum 17 mei 2025"). A line that ends on an article or a preposition runs on: the
    next line's first word was only too wide to fit, which counting characters cannot tell."""
    return (
        line[:1].isupper()
        and (not following or following[:1].isupper())
        and not is_label_line(line)
        and line.split()[-1].lower() not in _RUNS_ON
    )


FORMATS = (Format("text", (".txt",), parse),)
