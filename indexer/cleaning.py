"""Text cleaning shared by every format: from a parser's blocks to passages and footnotes.

A parser turns its file into a flat list of ``Block``s in reading order (paragraphs,
headings, footnotes, page breaks, margin text), saying only what its format tells it.
This module does the rest the same way for every format:

- page furniture is dropped: margin blocks and running headers that repeat on several
  pages, the letterhead's own values (directorate, date, kenmerk), page numbers;
- footnotes leave the flow and become ``Footnote``s; their markers stay in the text as
  ``[^N]`` so that views can link them;
- a paragraph cut in two by a page break (footnotes and furniture in between) is joined;
- headings become the heading of the passages under them.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .model import Footnote, Passage

PARA, HEADING, FOOTNOTE, PAGE_BREAK, MARGIN = "para", "heading", "footnote", "page_break", "margin"

FOOTNOTE_MARKER = re.compile(r"\[\^(\w{1,4})\]")

_PAGE_NUMBER = re.compile(
    r"^(?:pagina|blad|page)\s+\d+(?:\s*(?:van|/|of)\s*\d+)?$|^-?\s*\d{1,3}\s*-?$|^\d+\s*/\s*\d+$", re.I
)
# Labels of the Rijkshuisstijl margin column; alone on a line they are furniture.
MARGIN_LABELS = (
    "datum", "ons kenmerk", "onze referentie", "uw kenmerk", "uw referentie", "uw brief",
    "kenmerk", "bijlage", "bijlagen", "bijlage(n)", "onderwerp", "betreft", "contactpersoon",
    "behandeld door", "inlichtingen", "doorkiesnummer", "telefoon", "e-mail", "retouradres",
    "postadres", "bezoekadres", "correspondentie uitsluitend richten aan het retouradres",
)
_TERMINAL = re.compile(r"[.!?:;)\]\"'”’]\s*(?:\[\^\w+\])*\s*$")


@dataclass
class Block:
    kind: str
    text: str
    level: int = 0  # heading level
    number: str | None = None  # footnote number


def normalise_space(text: str) -> str:
    # str.split() splits at the characters regular expressions call \s: the same result as
    # replacing each run of them by one space and stripping, at a third of the cost
    return " ".join((text or "").split())


_NOT_WORD = re.compile(r"[\W_]+")
_FIRST_WORD = re.compile(r"[^\W_]+")


def furniture_key(text: str) -> str:
    """A block's identity for repetition checks: case, spaces and markup ignored."""
    return _NOT_WORD.sub(" ", text).strip().lower()


class Furniture:
    """Furniture keys, asked about texts: ``text in furniture`` when its ``furniture_key`` is
    one of them. Most blocks of a letter are not furniture, and their first word tells: the
    whole key is worked out only for a text whose first word begins a key."""

    def __init__(self, keys=()):
        self.keys = set(keys)
        self._first_words = {key.split(" ", 1)[0] for key in self.keys}

    def __contains__(self, text: str) -> bool:
        first = _FIRST_WORD.search(text)
        if (first.group().lower() if first else "") not in self._first_words:
            return False
        return furniture_key(text) in self.keys


def is_page_number(text: str) -> bool:
    return _is_page_number(normalise_space(text))


def is_margin_label(text: str) -> bool:
    return _is_margin_label(normalise_space(text))


def _is_page_number(normalised: str) -> bool:
    return _PAGE_NUMBER.match(normalised) is not None


def _is_margin_label(normalised: str) -> bool:
    return normalised.lower().rstrip(":") in MARGIN_LABELS


def page_furniture(blocks: list[Block], known=()) -> Furniture:
    """The furniture of a letter's blocks: the texts ``known`` to be furniture (its
    letterhead's values) and the short blocks that recur."""
    return Furniture({furniture_key(f) for f in known} | find_repeated_furniture(blocks))


def find_repeated_furniture(blocks: list[Block], min_repeats: int = 2) -> set[str]:
    """Short non-heading blocks that recur: margin columns and running headers."""
    counts = Counter(
        furniture_key(b.text)
        for b in blocks
        if b.kind in (PARA, MARGIN) and len(b.text) < 160
    )
    return {key for key, n in counts.items() if n >= min_repeats and key}


def _continues(previous: str, following: str) -> bool:
    """Does ``following`` carry on the sentence that ``previous`` left unfinished?"""
    if not previous or not following:
        return False
    if previous.rstrip().endswith("-") and following[:1].islower():
        return True
    return not _TERMINAL.search(previous) and following[:1].islower()


def _join(previous: str, following: str) -> str:
    stripped = previous.rstrip()
    # A word hyphenated at the break ("economi-" + "sche") is whole again; a hyphen
    # that belongs to the word ("klant-" in "klant- en daders") stays.
    if re.search(r"[a-zà-ÿ]-$", stripped) and not following.startswith(("en ", "of ", "tot ")):
        if following[:1].islower():
            return stripped[:-1] + following
        if following[:1].isupper():  # "Zeeuws-" + "Vlaanderen": the hyphen is the word's own
            return stripped + following
    return f"{stripped} {following}"


def join_lines(lines: list[str]) -> str:
    """Lines of one paragraph (as a PDF or OCR text breaks them) to one text, hyphenation undone."""
    text = ""
    for line in (normalise_space(l) for l in lines):
        if not line:
            continue
        text = _join(text, line) if text else line
    return text


def assemble(
    blocks: list[Block], furniture: set[str] | None = None, rejoin: bool = True
) -> tuple[list[Passage], list[Footnote]]:
    """Turn a parser's blocks into numbered passages and footnotes.

    ``furniture`` holds extra furniture keys the caller knows (the letterhead's values).
    ``rejoin`` joins a block that carries on the sentence of the one before (a paragraph that
    a page break or the layout cut in two); formats that mark their paragraphs (XML, HTML)
    turn it off, so that "gehoord de beraadslaging," stays a paragraph of its own.
    """
    furniture = page_furniture(blocks, furniture or ())
    footnotes: list[Footnote] = []
    paragraphs: list[tuple[str | None, str]] = []  # (heading, text)
    heading: str | None = None

    for block in blocks:
        text = normalise_space(block.text)
        if block.kind == FOOTNOTE:
            if text:
                footnotes.append(Footnote(number=block.number or str(len(footnotes) + 1), text=text))
            continue
        if block.kind in (PAGE_BREAK, MARGIN) or not text:
            continue
        if text in furniture or _is_page_number(text) or _is_margin_label(text):
            continue
        if block.kind == HEADING:
            heading = text
            paragraphs.append((heading, ""))  # a heading ends the paragraph before it
            continue
        if rejoin and paragraphs and paragraphs[-1][1] and _continues(paragraphs[-1][1], text):
            last_heading, last_text = paragraphs[-1]
            paragraphs[-1] = (last_heading, _join(last_text, text))
        else:
            paragraphs.append((heading, text))

    passages = [
        Passage(anchor=f"p-{n}", heading=h, text=t)
        for n, (h, t) in enumerate(((h, t) for h, t in paragraphs if t), start=1)
    ]
    return passages, _dedupe_footnotes(footnotes)


def _dedupe_footnotes(footnotes: list[Footnote]) -> list[Footnote]:
    seen: dict[str, Footnote] = {}
    for note in footnotes:
        if note.number in seen:
            seen[note.number].text += " " + note.text  # a footnote continued on the next page
        else:
            seen[note.number] = note
    return list(seen.values())


def strip_markers(text: str) -> str:
    """Passage text without its footnote markers (for snippets and plain output)."""
    return FOOTNOTE_MARKER.sub("", text)
