"""Word letters (.docx, Office Open XML), as the Tweede Kamer's open data serves some documents.

A DOCX is a zip of XML parts: ``word/document.xml`` (the body: paragraphs ``w:p`` of runs
``w:r`` with text ``w:t``, tables ``w:tbl``, text boxes ``w:txbxContent``),
``word/footnotes.xml`` and the page headers ``word/header*.xml`` (linked from the body's
section properties through ``word/_rels/document.xml.rels``). The letter's metadata is laid out
as in a PDF: a letterhead and margin column (in a page header, a text box or a layout
table) with labelled lines such as "Ons kenmerk", "Datum", "Onderwerp", then the body and
the signature.

So this parser turns the parts into text in reading order (page header first, each margin
container one block of lines, each body paragraph one block, Word's heading styles as
headings, footnote references as ``[^N]`` and the notes after the body) and reads that text
as the text parser reads a letter: letterhead, body, footnotes and signature in one way for
every text-like format. Parts are read with a size limit (a zip bomb is refused) and
parsed with defusedxml, DTDs refused.
"""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from xml.etree.ElementTree import Element

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from ..model import Letter
from . import Format, ParseError, sha256_of

MAX_PART_BYTES = 20 * 1024 * 1024
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_HEADING_STYLE = re.compile(r"^(?:heading|kop)\s*(\d)$", re.I)
_MARKUP_START = re.compile(r"^(?:#|>|\[\^|-{3,}|\*{3,}|_{3,})")


def parse(path: Path, data: bytes) -> Letter:
    from . import markdown

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ParseError(f"beschadigde DOCX: geen leesbaar zip-archief ({exc})") from exc
    with archive:
        document = _part(archive, "word/document.xml")
        if document is None:
            raise ParseError("DOCX zonder word/document.xml (geen Word-document)")
        notes = _footnotes(archive)
        numbers: dict[str, str] = {}  # footnote id -> its number in reading order
        blocks = _header_blocks(archive, document) + _body_blocks(document.find(f"{W}body"), numbers)
    if not any(block.strip() for block in blocks):
        raise ParseError("DOCX zonder tekst")
    text = "\n\n".join(blocks + [f"[^{n}]: {notes[i]}" for i, n in numbers.items() if notes.get(i)])
    letter = markdown.parse(path, text.encode("utf-8"))
    letter.source.format = "docx"
    letter.source.sha256 = sha256_of(data)
    return letter


# --- parts ------------------------------------------------------------------------------

def _part(archive: zipfile.ZipFile, name: str) -> Element | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_PART_BYTES:
        raise ParseError(f"DOCX-deel {name} pakt uit tot {info.file_size // (1024 * 1024)} MB (geweigerd)")
    try:
        with archive.open(info) as f:
            data = f.read(MAX_PART_BYTES + 1)
        if len(data) > MAX_PART_BYTES:
            raise ParseError(f"DOCX-deel {name} is groter dan het opgeeft (geweigerd)")
        return SafeET.fromstring(data, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise ParseError(f"DOCX-deel {name} met een DTD of entiteiten geweigerd") from exc
    except (SafeET.ParseError, zipfile.BadZipFile, OSError, EOFError) as exc:
        raise ParseError(f"beschadigde DOCX: {name} onleesbaar ({exc})") from exc


def _footnotes(archive: zipfile.ZipFile) -> dict[str, str]:
    root = _part(archive, "word/footnotes.xml")
    if root is None:
        return {}
    notes = {}
    for note in root.iter(f"{W}footnote"):
        if note.get(f"{W}type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        text = " ".join(_paragraph_text(p, {}) for p in note.iter(f"{W}p"))
        notes[note.get(f"{W}id")] = re.sub(r"\s+", " ", text).strip()
    return notes


def _header_blocks(archive: zipfile.ZipFile, document: Element) -> list[str]:
    """The first page's header (else the default one): the letterhead, as one block of lines."""
    rels = _part(archive, "word/_rels/document.xml.rels")
    targets = {rel.get("Id"): rel.get("Target") for rel in rels} if rels is not None else {}
    body = document.find(f"{W}body")
    section = body.find(f"{W}sectPr") if body is not None else None
    if section is None:
        return []
    refs = {ref.get(f"{W}type"): ref.get(f"{R}id") for ref in section.findall(f"{W}headerReference")}
    blocks = []
    for kind in ("first", "default"):
        target = targets.get(refs.get(kind))
        header = _part(archive, target.lstrip("/") if target.startswith("/") else "word/" + target) if target else None
        if header is not None:
            blocks += _container_blocks(header)
            break
    return blocks


# --- text -------------------------------------------------------------------------------

def _body_blocks(body: Element | None, numbers: dict[str, str]) -> list[str]:
    """The body's paragraphs and tables (``w:body``, or the content of a content control)."""
    blocks: list[str] = []
    frame: list[str] = []  # consecutive framed paragraphs: a margin column
    for child in (body if body is not None else []):
        tag = child.tag
        framed = tag == f"{W}p" and child.find(f"{W}pPr/{W}framePr") is not None
        if frame and not framed:
            blocks.append("\n".join(frame))
            frame = []
        if tag == f"{W}p":
            blocks += _textbox_blocks(child)
            text = _paragraph_text(child, numbers)
            if framed and text:
                frame.append(_escape(text))
            elif text and not framed:
                blocks.append(_as_block(text, _heading_level(child)))
        elif tag == f"{W}tbl":
            blocks += _table_blocks(child, numbers)
        elif tag == f"{W}sdt":  # a content control wraps ordinary paragraphs
            blocks += _body_blocks(child.find(f"{W}sdtContent"), numbers)
    if frame:
        blocks.append("\n".join(frame))
    return blocks


def _table_blocks(table: Element, numbers: dict[str, str]) -> list[str]:
    """Each row one block, its cells' paragraphs as lines: a layout table's "Datum | 17 ..."
    reads as a labelled line and its value."""
    blocks = []
    for row in table.findall(f"{W}tr"):
        lines = [_paragraph_text(p, numbers) for cell in row.findall(f"{W}tc") for p in _paragraphs(cell)]
        lines = [line for line in lines if line]
        if lines:
            blocks.append("\n".join(_escape(line) for line in lines))
    return blocks


def _container_blocks(root: Element) -> list[str]:
    """A page header or a text box as blocks of lines; an empty paragraph ends a block, as
    the spacing between the parts of a letterhead."""
    blocks, lines = [], []
    for paragraph in _paragraphs(root):
        text = _paragraph_text(paragraph, {})
        if text:
            lines.append(_escape(text))
        elif lines:
            blocks.append("\n".join(lines))
            lines = []
    return blocks + (["\n".join(lines)] if lines else [])


def _textbox_blocks(paragraph: Element) -> list[str]:
    """The text boxes anchored in a paragraph (a margin column, an address window), each as
    one block of lines."""
    return [block for box in _textboxes(paragraph) for block in _container_blocks(box)]


def _paragraphs(root: Element):
    """Every paragraph under ``root``, text boxes included, but not Word's fallback copy of a
    text box (``mc:Fallback`` repeats what ``mc:Choice`` holds)."""
    for child in root:
        if child.tag == f"{MC}Fallback":
            continue
        if child.tag == f"{W}p":
            yield child
        yield from _paragraphs(child)


def _textboxes(root: Element):
    for child in root:
        if child.tag == f"{MC}Fallback":
            continue
        if child.tag == f"{W}txbxContent":
            yield child
        else:
            yield from _textboxes(child)


def _paragraph_text(paragraph: Element, numbers: dict[str, str]) -> str:
    """A paragraph's own text (not that of text boxes anchored in it); footnote references
    become ``[^N]``, numbered in reading order."""
    parts: list[str] = []

    def walk(el: Element) -> None:
        for child in el:
            tag = child.tag
            if tag in (f"{W}txbxContent", f"{MC}Fallback"):
                continue
            if tag == f"{W}t":
                parts.append(child.text or "")
            elif tag in (f"{W}tab", f"{W}br", f"{W}cr"):
                parts.append(" ")
            elif tag == f"{W}noBreakHyphen":
                parts.append("-")
            elif tag == f"{W}footnoteReference":
                ident = child.get(f"{W}id")
                numbers.setdefault(ident, str(len(numbers) + 1))
                parts.append(f"[^{numbers[ident]}]")
            elif tag != f"{W}instrText" and tag != f"{W}delText":
                walk(child)

    walk(paragraph)
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def _heading_level(paragraph: Element) -> int | None:
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    match = _HEADING_STYLE.match(style.get(f"{W}val", "")) if style is not None else None
    return int(match.group(1)) if match else None


def _as_block(text: str, heading: int | None) -> str:
    return f"{'#' * min(heading, 6)} {text}" if heading else _escape(text)


def _escape(line: str) -> str:
    """Text that would read as markup in the text format keeps its meaning as text."""
    return "\\" + line if _MARKUP_START.match(line) else line


FORMATS = (Format("docx", (".docx",), parse, text=False),)
