"""The HTML rendition of an officielebekendmakingen publication (zoek.officielebekendmakingen.nl).

The rendition repeats the publication's metadata as ``<meta name=... content=...>`` tags and
names its blocks after the XML elements they render: ``div.adres``, ``p.dagtekening``,
``p.aanhef``, ``div.ondertekening`` with ``.functie`` and ``.naam``, ``p.kamerstukdatum`` (a
motion's "Voorgesteld <date>"), ``div.alineagroep`` (the tabling members), ``h1.stuktitel``,
footnote markers as ``<sup>`` / ``a.noot`` and the footnotes in ``div.noten`` / ``.noot``,
citations as links to ``<identifier>.html``. It is read into the same ``Reading`` as the XML,
so the two formats give the same letter.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..cleaning import FOOTNOTE, HEADING, PARA, Block, normalise_space
from ..dates import find_date
from ..model import Letter, Signer
from . import Format, ParseError, decode_text
from .companions import Record
from .officiele import (
    Reading,
    addressee_text,
    letter_from,
    looks_like_html,
    publication_reference,
    question_topic,
    stated_identifier,
)
from ..letterhead import find_signer

_HEADINGS = ("h2", "h3", "h4", "h5", "h6")
_NOT_TEXT = {"dossiertitel", "kamerstukdatum", "kamervraagomschrijving_kop", "aanhef", "slotformule"}


def parse(path: Path, data: bytes) -> Letter:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(decode_text(data), "html.parser")
    record: Record = {}
    for meta in soup.find_all("meta"):
        if meta.get("name") and meta.get("content") is not None:
            record.setdefault(meta["name"].lower(), []).append(meta["content"].strip())
    ident = stated_identifier(record)
    if not ident:
        raise ParseError("HTML-pagina zonder metadata van officielebekendmakingen (geen meta-tag DC.identifier)")
    for tag in soup(["script", "style", "head", "nav"]):
        tag.decompose()
    reading = read_rendition(soup.find(id="broodtekst") or soup.body or soup)
    return letter_from(path, data, "html", reading, record, official_id=ident, kamerstuk=None)


def read_rendition(body) -> Reading:
    reading = Reading()
    title = body.find("h1", class_="stuktitel")
    if title is not None:
        for number in title.find_all(class_="stuknummer"):
            number.decompose()
        reading.title = _plain(title)
    dossier = body.find("h1", class_="dossiertitel")
    if dossier is not None:
        for number in dossier.find_all(class_="dossiernummer"):
            number.decompose()
        reading.dossier_title = _plain(dossier)
    proposed = body.find(class_="kamerstukdatum")
    reading.proposed = find_date(_plain(proposed)) if proposed is not None else None
    for heading in map(_plain, body.find_all(class_="kamervraagomschrijving_kop")):
        if heading.startswith("Antwoord"):
            reading.answer = heading
        else:
            reading.topic = reading.topic or question_topic(heading)
    _walk(body, reading)
    return reading


def _walk(el, reading: Reading) -> None:
    for child in el.find_all(True, recursive=False):
        classes = set(child.get("class") or [])
        if classes & _NOT_TEXT or (child.name == "h1"):
            continue
        if "adres" in classes:
            reading.addressee = addressee_text(_plain(child))
        elif "dagtekening" in classes:
            reading.dated = find_date(_plain(child))
        elif "ondertekening" in classes:
            _add_signer(child, reading)
        elif "noten" in classes or ("noot" in classes and child.get("id") and child.name != "a"):
            _add_notes(child, reading)
        elif child.name in _HEADINGS:
            _add_block(HEADING, _text(child, reading), reading)
        elif child.name in ("p", "li"):
            _add_block(PARA, _text(child, reading), reading)
        else:
            _walk(child, reading)


def _add_block(kind: str, text: str, reading: Reading) -> None:
    text = normalise_space(text)
    if text:
        reading.blocks.append(Block(kind, text, level=3))


def _text(el, reading: Reading) -> str:
    """Text of a block: footnote markers as ``[^N]``, citation links as references."""
    parts = []
    for node in el.children:
        if isinstance(node, str):
            parts.append(str(node))
        elif _is_note_marker(node):
            parts.append(f"[^{_plain(node)}]")
        elif node.name == "a" and node.get("href"):
            text = _plain(node)
            reference = publication_reference(node["href"], text)
            if reference:
                reading.references.append(reference)
            parts.append(text)
        elif node.name == "br":
            parts.append(" ")
        else:
            parts.append(_text(node, reading))
    return "".join(parts)


def _is_note_marker(node) -> bool:
    if not re.fullmatch(r"\d{1,3}", _plain(node)):
        return False
    return node.name == "sup" or "noot" in (node.get("class") or []) or (node.get("href") or "").startswith("#")


def _add_notes(el, reading: Reading) -> None:
    notes = [el] if "noot" in (el.get("class") or []) else el.find_all(class_="noot")
    for note in notes:
        number = note.find(class_="nootnum")
        label = _plain(number) if number is not None else ""
        if number is not None:
            number.decompose()
        text = normalise_space(_text(note, reading))
        if not label:
            match = re.match(r"(\d{1,3})\s+(.*)", text)
            label, text = (match.group(1), match.group(2)) if match else (str(len(reading.notes) + 1), text)
        reading.notes.append(Block(FOOTNOTE, text, number=label))


def _add_signer(el, reading: Reading) -> None:
    role, name = el.find(class_="functie"), el.find(class_="naam")
    if role is not None or name is not None:
        reading.signers.append(Signer(name=_plain(name) if name is not None else None,
                                      role=_plain(role).rstrip(" ,") if role is not None else None))
        return
    signer = find_signer([_plain(p) for p in el.find_all("p")] or [_plain(el)])
    if signer:
        reading.signers.append(signer)


def _plain(el) -> str:
    return normalise_space(el.get_text(" ")) if el is not None else ""


FORMATS = (Format("html", (".html", ".htm"), parse, sniff=looks_like_html),)
