"""officielebekendmakingen publications: ``<officiele-publicatie>`` XML (kst-*, ah-tk-*) and OB HTML.

The XML carries its structure in the body (dossier, ondernummer, datum/@isodatum, noot,
ondertekening); the metadata.xml / metadata_owms.xml published beside it add the official
id, DCTERMS.issued, the document title. OB HTML repeats those fields as ``<meta>`` tags.

Field choices: the official id ("kst-32545-143", "ah-tk-20202021-3235") is the letter id.
OB documents carry no ministry "Ons kenmerk" (``kenmerk`` stays None); a Kamerstuk's number
goes in ``kamerstuk`` as "<dossier>-<ondernummer>" ("32545-143"), as for Staten-Generaal
Digitaal. An answer to Kamervragen cites the questions it answers: their number
("2021Z09739") becomes a reference of kind "kamervragen".

XML is parsed with defusedxml and DTDs are refused outright: a Kamerstuk has no DTD, and
that shuts out entity expansion (billion laughs) and external entities in one rule.
Metadata-only files raise ``NotALetter`` so the indexer skips them without failing.
"""
from __future__ import annotations

import re
from pathlib import Path
from xml.etree.ElementTree import Element

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from ..cleaning import FOOTNOTE, HEADING, PARA, Block, assemble, normalise_space
from ..dates import DateParseError, parse_dutch_date
from ..letterhead import find_signer
from ..ministries import canonical_ministry, ministry_from_role
from ..model import Letter, Reference, Signer
from ..references import kamerstuk_number
from . import Format, NotALetter, ParseError, decode_text
from .common import finish_letter
from .companions import METADATA_ROOTS, Record, first, local, read_companions, record_from_root

_SKIP = {"metadata", "kamerstukkop", "kamervraagkop", "noot", "ondertekening", "meta", "dossier", "stuknr"}
_HEADING_TAGS = {"kop", "tussenkop", "nr", "titel"}
_BLOCK_TAGS = {"al", "li", "tussenkop", "kop", "nr"}


def parse_xml(data: bytes) -> Element:
    try:
        return SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise ParseError(f"XML with a DTD or entity declarations refused ({type(exc).__name__}): possible entity-expansion or external-entity attack") from exc
    except SafeET.ParseError as exc:
        raise ParseError(f"malformed XML: {exc}") from exc


def parse(path: Path, data: bytes) -> Letter:
    root = parse_xml(data)
    name = local(root.tag)
    if name in METADATA_ROOTS:
        raise NotALetter(f"metadata for {path.name}")
    if name != "officiele-publicatie":
        raise ParseError(f"unsupported XML document <{name}> (not an officiele-publicatie)")
    return _parse_publication(path, data, root)


# --- text ---------------------------------------------------------------------------------

def _text(el: Element, notes: list[Block]) -> str:
    """Element text; a ``noot`` becomes a ``[^N]`` marker and a footnote block."""
    parts = [el.text or ""]
    for child in el:
        if local(child.tag) == "noot":
            number = _note_number(child, len(notes) + 1)
            notes.append(Block(FOOTNOTE, _note_text(child), number=number))
            parts.append(f"[^{number}]")
        elif local(child.tag) != "meta":
            parts.append(_text(child, notes))
        parts.append(child.tail or "")
    return "".join(parts)


def _note_number(note: Element, fallback: int) -> str:
    nr = next((c for c in note if local(c.tag) in ("noot.nr", "nootnr")), None)
    return normalise_space(nr.text if nr is not None else "") or note.get("nr") or str(fallback)


def _note_text(note: Element) -> str:
    return normalise_space(" ".join(
        "".join(c.itertext()) for c in note if local(c.tag) not in ("noot.nr", "nootnr")
    ) or "".join(note.itertext()))


def _blocks(root: Element) -> list[Block]:
    blocks: list[Block] = []
    notes: list[Block] = []

    def walk(el: Element) -> None:
        tag = local(el.tag)
        if tag in _SKIP:
            return
        if tag in _BLOCK_TAGS:
            text = normalise_space(_text(el, notes))
            if text:
                kind = HEADING if tag in _HEADING_TAGS else PARA
                blocks.append(Block(kind, text, level=3))
            return
        for child in el:
            walk(child)

    walk(root)
    return blocks + notes


# --- metadata -----------------------------------------------------------------------------

def _find(root: Element, *names: str) -> Element | None:
    for el in root.iter():
        if local(el.tag) in names:
            return el
    return None


def _findtext(root: Element, *names: str) -> str | None:
    el = _find(root, *names)
    return normalise_space("".join(el.itertext())) if el is not None else None


def _iso(value: str | None):
    try:
        return parse_dutch_date(value) if value else None
    except DateParseError:
        return None


def _doc_type(root: Element, record: Record) -> str | None:
    if _find(root, "kamervragen") is not None:
        return "antwoord kamervragen" if _find(root, "antwoord") is not None else "kamervragen"
    stuk = _find(root, "stuk")
    title = _findtext(stuk, "titel") if stuk is not None else None
    for word in ("motie", "brief", "amendement", "verslag", "nota", "memorie van toelichting", "wetsvoorstel"):
        if title and word in title.lower():
            return word
    kind = first(record, "dc.type")
    return kind.lower() if kind else None


def _answer_signer(root: Element) -> tuple[Signer | None, str | None]:
    """'Antwoord van Minister Koolmees (Sociale Zaken en Werkgelegenheid)' -> signer, ministry."""
    for el in root.iter():
        if local(el.tag) == "kamervraagomschrijving" and el.get("type") == "antwoord":
            name = _findtext(el, "naam")
            org = _find(el, "organisatie")
            text = normalise_space("".join(el.itertext()))
            role = re.search(r"van\s+(Minister|Staatssecretaris|Minister-President)\b", text)
            ministry = None
            if org is not None:
                ministry = canonical_ministry(org.get("afkorting")) or canonical_ministry(
                    "Ministerie van " + normalise_space("".join(org.itertext())))
            full_role = f"{role.group(1)} van {normalise_space(''.join(org.itertext()))}" if role and org is not None else (role.group(1) if role else None)
            return Signer(name=name, role=full_role), ministry
    return None, None


def _signature(root: Element) -> Signer | None:
    sign = _find(root, "ondertekening")
    if sign is None:
        return None
    lines = [normalise_space("".join(el.itertext())) for el in sign.iter() if local(el.tag) == "al"]
    return find_signer([l for l in lines if l])


# An identifier as officielebekendmakingen publishes it: kst-36600-X-55, ah-tk-20202021-3235
OFFICIAL_ID = re.compile(r"^[a-z]+(?:-[a-z]+)?-[\w-]+$")
# ... and as the XML names its own metadata record: .../kst-36600-X-55/metadata.xml
_ID_IN_RECORD_URL = re.compile(r"/([a-z]+(?:-[a-z]+)?-[\w-]+)/metadata(?:_owms)?\.xml$")


def _own_record(root: Element) -> Record:
    """The metadata the publication carries in itself: ``<metadata><meta name= content=>``."""
    own = next((el for el in root if local(el.tag) == "metadata"), None)
    return record_from_root(own) if own is not None else {}


def stated_identifier(record: Record) -> str | None:
    """The identifier a metadata record states: DC.identifier, else its metadata record's address."""
    ident = first(record, "dc.identifier", "identifier")
    if ident and OFFICIAL_ID.match(ident):
        return ident
    match = _ID_IN_RECORD_URL.search(first(record, "overheidop.externmetadatarecord") or "")
    return match.group(1) if match else None


def _dossier_number(root: Element) -> str | None:
    """'36 600' with chapter 'X' -> '36600-X'; '21 501' with council series '20' -> '21501-20'."""
    number = _find(root, "dossiernummer")
    if number is None:
        return None
    dossier = _findtext(number, "dossiernr")
    parts = [dossier] + ["".join(child.itertext()) for child in number if local(child.tag) != "dossiernr"]
    return "-".join(re.sub(r"\s+", "", p) for p in parts if p and p.strip()) if dossier else None


def _kamerstuk(root: Element) -> str | None:
    dossier = _dossier_number(root)
    return kamerstuk_number(dossier, None, _findtext(root, "ondernummer")) if dossier else None


def _official_id(root: Element, record: Record) -> str | None:
    ident = stated_identifier(record)
    if ident:
        return ident
    kamerstuk = _kamerstuk(root)
    if kamerstuk:
        return f"kst-{kamerstuk}"
    number = _findtext(root, "kamervraagnummer")
    year = re.search(r"(\d{4})\s*-\s*(\d{4})", _findtext(root, "kamervraagkop") or "")
    if number and year:
        return f"ah-tk-{year.group(1)}{year.group(2)}-{number}"
    return None


def _parse_publication(path: Path, data: bytes, root: Element) -> Letter:
    record = _own_record(root)
    for key, values in read_companions(path).items():
        record.setdefault(key, []).extend(values)
    passages, footnotes = assemble(_blocks(root))
    if not passages:
        raise ParseError("officiele-publicatie without text")
    signer, ministry = _answer_signer(root)
    signer = _signature(root) or signer
    ministry = ministry or (ministry_from_role(signer.role) if signer and signer.role else None)
    datum = _find(root, "datumtekst")
    answer_date = next((d.get("isodatum") for el in root.iter() if local(el.tag) == "kamervraagomschrijving"
                        and el.get("type") == "antwoord" for d in el.iter() if local(d.tag) == "datum"), None)
    date = _iso(_find(datum, "datum").get("isodatum") if datum is not None and _find(datum, "datum") is not None else None)
    return finish_letter(
        path, data, "xml",
        official_id=_official_id(root, record),
        kamerstuk=_kamerstuk(root),
        extra_references=_questions_answered(record),
        date=date or _iso(answer_date) or _iso(first(record, "dcterms.issued", "issued")),
        directorate=None,
        ministry=ministry,
        subject=first(record, "overheidop.documenttitel") or _findtext(root, "kamervraagonderwerp")
        or (_findtext(_find(root, "dossier"), "titel") if _find(root, "dossier") is not None else None),
        signer=signer,
        addressee=None,
        doc_type=_doc_type(root, record),
        passages=passages,
        footnotes=footnotes,
    )


# --- OB HTML ------------------------------------------------------------------------------

def _parse_html(path: Path, data: bytes) -> Letter:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(decode_text(data), "html.parser")
    record: Record = {}
    for meta in soup.find_all("meta"):
        if meta.get("name") and meta.get("content") is not None:
            record.setdefault(meta["name"].lower(), []).append(meta["content"].strip())
    ident = stated_identifier(record)
    if not ident:
        raise ParseError("HTML page without officielebekendmakingen metadata (no DC.identifier meta tag)")
    for tag in soup(["script", "style", "head", "nav"]):
        tag.decompose()
    blocks = [
        Block(HEADING if el.name in ("h1", "h2", "h3", "h4") else PARA, el.get_text(" ", strip=True), level=2)
        for el in soup.find_all(["h1", "h2", "h3", "h4", "p"])
    ]
    passages, footnotes = assemble([b for b in blocks if b.text])
    if not passages:
        raise ParseError("officielebekendmakingen HTML without text")
    dossier, nr = first(record, "overheidop.dossiernummer"), first(record, "overheidop.ondernummer")
    kind = next((v for v in record.get("dc.type", []) if v.lower() != "officiële publicatie"), None)
    return finish_letter(
        path, data, "html",
        official_id=ident,
        kamerstuk=kamerstuk_number(dossier, None, nr) if dossier else None,
        extra_references=_questions_answered(record),
        date=_iso(first(record, "dcterms.issued")),
        directorate=None,
        ministry=None,
        subject=first(record, "overheidop.documenttitel", "dc.title"),
        signer=None,
        addressee=None,
        doc_type=kind.lower() if kind else None,
        passages=passages,
        footnotes=footnotes,
    )


def record_of(data: bytes) -> Record:
    """The flat record of a metadata file (for tools that compare against it)."""
    return record_from_root(parse_xml(data))


def _questions_answered(record: dict) -> list[Reference]:
    number = first(record, "overheidop.vraagnummer")
    return [Reference(kind="kamervragen", text=f"Kamervragen {number}", target=number)] if number else []


def _looks_like_html(start: bytes) -> bool:
    head = start[:4096].lower()
    return head.startswith((b"<!doctype html", b"<html")) or (
        head.startswith(b"<?xml") and (b"<html" in head or b"<!doctype html" in head))


FORMATS = (
    Format("xml", (".xml",), parse, sniff=lambda start: start.startswith(b"<?xml") and not _looks_like_html(start)),
    Format("html", (".html", ".htm"), _parse_html, sniff=_looks_like_html),
)
