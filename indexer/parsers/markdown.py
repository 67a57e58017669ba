"""Text and Markdown conversions of PDF letters (the format of ../shared/examples/).

Such a file is the PDF's text in reading order: blocks separated by blank lines, the
letterhead and margin column as short bold blocks, headings as ``#`` lines, footnote
markers as ``<sup>N</sup>``, and at the foot of each page a ``---`` rule followed by that
page's footnotes. Plain text (``.txt``) with such markup is read the same way, with form feeds
as page breaks; plain text without it is a converter's output (see plaintext).
"""
from __future__ import annotations

import re
from pathlib import Path

from ..cleaning import (
    FOOTNOTE,
    HEADING,
    MARGIN,
    PAGE_BREAK,
    PARA,
    Block,
    assemble,
    furniture_key,
)
from ..letterhead import (
    find_signer,
    is_salutation,
    ministry_of,
    opening_title,
    read_letterhead,
    split_signature,
)
from ..model import Letter
from . import Format, ParseError, decode_text
from .common import finish_letter

_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_FOOTNOTE_START = re.compile(
    r"^(?:<sup>\s*(?P<a>\w{1,4})\s*</sup>|\[\^(?P<b>\w{1,4})\]:|(?P<c>\d{1,3})(?=\s+\S))\s*"
)
_SUBJECT_LABEL = re.compile(r"^(?:\*\*)?\s*(?:onderwerp|betreft)\b", re.I | re.M)


def inline_text(markdown: str) -> str:
    """Markdown inline markup to plain text; footnote markers become ``[^N]``."""
    text = re.sub(r"<sup>\s*(\w{1,4})\s*</sup>", r"[^\1]", markdown)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)  # images
    text = re.sub(r"\[([^\]^][^\]]*)\]\([^)]*\)", r"\1", text)  # links keep their text
    text = re.sub(r"<[^>]{1,200}>", "", text)  # other inline HTML
    text = re.sub(r"(\*{1,3}|_{2,3})(\S(?:.*?\S)?)\1", r"\2", text)
    text = text.replace("**", "").replace("\\", "")
    return re.sub(r"^>\s?", "", text, flags=re.M)


def split_blocks(text: str) -> list[tuple[str, list[str]]]:
    """Raw blocks as (kind hint, lines): blank lines separate, form feeds break pages."""
    blocks: list[tuple[str, list[str]]] = []
    for page_number, page in enumerate(text.split("\f")):
        if page_number:
            blocks.append((PAGE_BREAK, []))
        for raw in re.split(r"\n[ \t]*\n", page):
            lines = [line.rstrip() for line in raw.split("\n") if line.strip()]
            if lines:
                blocks.append((PARA, lines))
    return blocks


def to_blocks(raw_blocks: list[tuple[str, list[str]]]) -> list[Block]:
    blocks: list[Block] = []
    in_footnotes = False
    for kind, lines in raw_blocks:
        if kind == PAGE_BREAK:
            blocks.append(Block(PAGE_BREAK, ""))
            in_footnotes = False
            continue
        first = lines[0]
        if len(lines) == 1 and _RULE.match(first):
            blocks.append(Block(PAGE_BREAK, ""))  # the rule above a page's footnotes
            in_footnotes = True
            continue
        heading = _HEADING.match(first)
        if heading:
            blocks.append(Block(HEADING, inline_text(" ".join([heading.group(2), *lines[1:]])), level=len(heading.group(1))))
            in_footnotes = False
            continue
        note = _FOOTNOTE_START.match(first)
        if note and (in_footnotes or note.group("b")):
            number = note.group("a") or note.group("b") or note.group("c")
            body = inline_text(" ".join([first[note.end():], *lines[1:]]))
            blocks.append(Block(FOOTNOTE, body, number=number))
            continue
        in_footnotes = False
        blocks.append(Block(PARA, "\n".join(inline_text(line) for line in lines)))
    return blocks


def _header_end(blocks: list[Block]) -> int:
    """Index of the first body block: after the subject line, else after the salutation (the
    subject may stand above it as a heading), else before the first long paragraph."""
    for i, block in enumerate(blocks[:40]):
        if block.kind == PARA and _SUBJECT_LABEL.search(block.text):
            return i + 1
    for i, block in enumerate(blocks[:40]):
        if block.kind == PARA and is_salutation(block.text):
            return i + 1
        if block.kind == PARA and _is_long(block):
            break  # body text already: a "Geachte ..." further on is no salutation
    for i, block in enumerate(blocks[:40]):
        if block.kind == HEADING or (block.kind == PARA and _is_long(block)):
            return i
    return 0


def _is_long(block: Block) -> bool:
    return len(block.text.split()) >= 25


def parse(path: Path, data: bytes) -> Letter:
    text = decode_text(data, prose=True)
    if not text.strip():
        raise ParseError("leeg bestand")
    blocks = to_blocks(split_blocks(text))
    if not any(b.kind == PARA for b in blocks):
        raise ParseError("geen alinea's met tekst gevonden")
    fmt = "markdown" if path.suffix.lower() in (".md", ".markdown") or "<sup>" in text or "**" in text else "text"
    return letter_from_blocks(path, data, fmt, blocks)


def letter_from_blocks(path: Path, data: bytes, fmt: str, blocks: list[Block]) -> Letter:
    """The letter from a text's blocks: letterhead (with the first page's margin blocks),
    body, closing and footnotes."""
    start = _header_end(blocks)
    first_page = blocks[: next((i for i, b in enumerate(blocks) if b.kind == PAGE_BREAK), len(blocks))]
    head = read_letterhead(
        [b.text.split("\n") for b in blocks[:start] if b.kind in (PARA, HEADING)]
        + [b.text.split("\n") for b in first_page if b.kind == MARGIN]
    )
    body, closing = split_signature(blocks[start:], head.furniture)
    signer = find_signer(closing)
    passages, footnotes = assemble(body, head.furniture | _label_value_keys(head.furniture))
    if not passages:
        raise ParseError("geen tekst na het briefhoofd")
    return finish_letter(
        path,
        data,
        fmt,
        official_id=None,
        kenmerk=head.kenmerk,
        date=head.date,
        directorate=head.directorate,
        ministry=ministry_of(head, signer),
        subject=head.subject or opening_title(blocks),
        signer=signer,
        addressee=head.addressee,
        doc_type="brief",
        passages=passages,
        footnotes=footnotes,
    )


def _label_value_keys(values: set[str]) -> set[str]:
    """'Datum 17 november 2021' as the margin repeats it, label and value in one block."""
    labels = ("datum", "ons kenmerk", "onze referentie", "kenmerk")
    keys = {furniture_key(v) for v in values}
    return keys | {f"{label} {key}" for label in labels for key in keys}


FORMATS = (Format("markdown", (".md", ".markdown"), parse),)  # .txt: see plaintext
