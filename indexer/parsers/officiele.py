"""officielebekendmakingen publications as ``<officiele-publicatie>`` XML (kst-*, ah-tk-*).

The XML carries its structure in the elements the publication schema defines:
``dossier/dossiernummer`` (dossiernr, begrotingshoofdstuk, raadnr) and ``ondernummer``; a
Kamerbrief's ``brief`` with ``adres`` (the addressee), ``dagtekening`` (place and
``datum/@isodatum``), ``aanhef`` and ``slotformule`` (salutation and closing), and
``ondertekening`` (``functie`` and ``naam``); ``noot`` (footnote with ``noot.nr``) and
``extref`` (a citation whose ``doc`` attribute is the cited publication's identifier); a
motion's ``datumtekst`` ("Voorgesteld ...") and the tabling members' names after its closing
formula; Kamervragen's ``kamervraagomschrijving``. The metadata the XML carries in itself
(``<metadata><meta>``) and the metadata.xml / metadata_owms.xml published beside it add the
identifier, DCTERMS.issued and the document title. The HTML rendition is read by
``officiele_html`` into the same ``Reading``, so both give the same letter.

Field choices: the official id ("kst-36600-X-55", "ah-tk-20202021-3235") is the letter id.
OB documents carry no ministry "Ons kenmerk" (``kenmerk`` stays None); a Kamerstuk's number
goes in ``kamerstuk`` with every part ("36600-X-55"). A motion's tabling members are its
signer (role "Indiener"/"Indieners"); its closing formula is a passage of its own. An answer
to Kamervragen cites the questions it answers: their number ("2021Z09739") becomes a
reference of kind "kamervragen".

XML is parsed with defusedxml and DTDs are refused outright: a Kamerstuk has no DTD, and
that shuts out entity expansion (billion laughs) and external entities in one rule.
Metadata-only files raise ``NotALetter`` so the indexer skips them without failing.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from ..cleaning import FOOTNOTE, HEADING, PARA, Block, assemble, normalise_space
from ..dates import DateParseError, find_date, parse_dutch_date
from ..letterhead import find_signer
from ..ministries import canonical_ministry, ministry_from_role
from ..model import Letter, Reference, Signer
from ..references import kamerstuk_number
from . import Format, NotALetter, ParseError
from .common import finish_letter
from .companions import METADATA_ROOTS, Record, first, local, read_companions, record_from_root

# An identifier as officielebekendmakingen publishes it: kst-36600-X-55, ah-tk-20202021-3235
OFFICIAL_ID = re.compile(r"^[a-z]+(?:-[a-z]+)?-[\w-]+$")
# ... and as the XML names its own metadata record: .../kst-36600-X-55/metadata.xml
_ID_IN_RECORD_URL = re.compile(r"/([a-z]+(?:-[a-z]+)?-[\w-]+)/metadata(?:_owms)?\.xml$")
CLOSING_FORMULA = re.compile(r"^en gaat over tot de orde van de dag[.,;]?$", re.I)  # some end in a comma

_SKIP = {"metadata", "meta", "kamerstukkop", "kamervraagkop", "dossier", "stuknr", "datumtekst",
         "kamervraagnummer", "aanhef", "slotformule", "li.nr"}
_HEADING_TAGS = {"kop", "tussenkop", "nr"}
_BLOCK_TAGS = {"al", "li", "tussenkop", "kop", "nr"}


@dataclass
class Reading:
    """What one pass over a publication (XML or its HTML rendition) found."""

    blocks: list[Block] = field(default_factory=list)  # headings and paragraphs in order
    notes: list[Block] = field(default_factory=list)  # footnotes
    references: list[Reference] = field(default_factory=list)  # citations with an exact target
    signers: list[Signer] = field(default_factory=list)  # from ondertekening, in order
    addressee: str | None = None
    dated: _dt.date | None = None  # the letter's dated line (dagtekening)
    proposed: _dt.date | None = None  # a motion's "Voorgesteld <date>"
    title: str | None = None  # the stuk's title: "BRIEF VAN DE MINISTER VAN ...", "MOTIE VAN ..."
    answer: str | None = None  # "Antwoord van Minister X (Ministry) (ontvangen <date>)."
    topic: str | None = None  # what Kamervragen are about: "de TOZO"
    dossier_title: str | None = None


def parse_xml(data: bytes) -> Element:
    try:
        return SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise ParseError(f"XML met een DTD of entiteiten geweigerd ({type(exc).__name__}): mogelijk een aanval met entiteiten") from exc
    except SafeET.ParseError as exc:
        raise ParseError(f"ongeldige XML: {exc}") from exc


def parse(path: Path, data: bytes) -> Letter:
    root = parse_xml(data)
    name = local(root.tag)
    if name in METADATA_ROOTS:
        raise NotALetter(f"metadata bij {path.name}")
    if name != "officiele-publicatie":
        raise ParseError(f"XML-document <{name}> wordt niet gelezen (geen officiele-publicatie)")
    record = _own_record(root)
    for key, values in read_companions(path).items():
        record.setdefault(key, []).extend(values)
    reading = read_publication(root)
    return letter_from(path, data, "xml", reading, record,
                       official_id=stated_identifier(record) or _rebuilt_identifier(root), kamerstuk=_kamerstuk(root))


# --- reading the XML ------------------------------------------------------------------------

def read_publication(root: Element) -> Reading:
    reading = Reading(title=_findtext(_find(root, "stuk"), "titel"),
                      dossier_title=_findtext(_find(root, "dossier"), "titel"),
                      topic=_findtext(root, "kamervraagonderwerp"))
    proposed = _find(_find(root, "datumtekst"), "datum")
    reading.proposed = _date_of(proposed) if proposed is not None else None
    for el in root.iter():
        if local(el.tag) == "kamervraagomschrijving" and el.get("type") == "antwoord":
            reading.answer = normalise_space("".join(el.itertext()))
    _walk(root, reading)
    return reading


def _walk(el: Element, reading: Reading) -> None:
    tag = local(el.tag)
    if tag in _SKIP or tag == "kamervraagomschrijving":
        return
    if tag == "adres":
        reading.addressee = addressee_text(" ".join(_lines(el)))
    elif tag == "dagtekening":
        reading.dated = _date_of(el)
    elif tag == "ondertekening":
        signer = _signer_of(el)
        if signer:
            reading.signers.append(signer)
    elif tag in _BLOCK_TAGS:
        text = normalise_space(_text(el, reading))
        if text:
            reading.blocks.append(Block(HEADING if tag in _HEADING_TAGS else PARA, text, level=3))
    else:
        for child in el:
            _walk(child, reading)


def _text(el: Element, reading: Reading) -> str:
    """Element text: a ``noot`` becomes a ``[^N]`` marker and a footnote, an ``extref`` a reference."""
    parts = [el.text or ""]
    for child in el:
        tag = local(child.tag)
        if tag == "noot":
            number = _note_number(child, len(reading.notes) + 1)
            reading.notes.append(Block(FOOTNOTE, _note_text(child, reading), number=number))
            parts.append(f"[^{number}]")
        elif tag == "extref":
            text = normalise_space("".join(child.itertext()))
            reference = publication_reference(child.get("doc"), text)
            if reference:
                reading.references.append(reference)
            parts.append(text)
        elif tag not in _SKIP:
            parts.append(" " + _text(child, reading) + " " if tag in ("nr", "titel") else _text(child, reading))
        parts.append(child.tail or "")
    return "".join(parts)


def _note_number(note: Element, fallback: int) -> str:
    nr = next((c for c in note if local(c.tag) in ("noot.nr", "nootnr")), None)
    return normalise_space(nr.text if nr is not None else "") or note.get("nr") or str(fallback)


def _note_text(note: Element, reading: Reading) -> str:
    return normalise_space(" ".join(
        _text(c, reading) for c in note if local(c.tag) not in ("noot.nr", "nootnr")) or note.text or "")


def _lines(el: Element) -> list[str]:
    lines = [normalise_space("".join(al.itertext())) for al in el.iter() if local(al.tag) == "al"]
    return [line for line in lines if line] or [normalise_space("".join(el.itertext()))]


def _date_of(el: Element) -> _dt.date | None:
    datum = el if local(el.tag) == "datum" else _find(el, "datum")
    if datum is not None and datum.get("isodatum"):
        return iso_date(datum.get("isodatum"))
    return find_date(normalise_space("".join(el.itertext())))


def _signer_of(sign: Element) -> Signer | None:
    """``<functie>De Minister van X,</functie><naam>...</naam>``, or signature lines as ``al``."""
    role = _findtext(sign, "functie")
    name = _findtext(sign, "naam")
    if role or name:
        return Signer(name=name or None, role=(role or "").rstrip(" ,") or None)
    return find_signer(_lines(sign))


# --- the letter -----------------------------------------------------------------------------

def letter_from(path: Path, data: bytes, fmt: str, reading: Reading, record: Record, *,
                official_id: str | None, kamerstuk: str | None) -> Letter:
    """The Letter from what the document says, the metadata record filling only what it lacks."""
    blocks, members = _split_tabling_members(reading.blocks)
    passages, footnotes = assemble(blocks + reading.notes, rejoin=False)
    if not passages:
        raise ParseError("officiele-publicatie zonder tekst")
    doc_type = _doc_type(reading, record)
    signer, ministry = _signer_and_ministry(reading, members, record, doc_type)
    return finish_letter(
        path, data, fmt,
        official_id=official_id,
        kamerstuk=kamerstuk or record_kamerstuk(record) or _kamerstuk_of_id(official_id),
        extra_references=reading.references + _questions_answered(record),
        date=reading.dated or reading.proposed or _answer_date(reading.answer) or record_date(record),
        directorate=None,
        ministry=ministry,
        subject=first(record, "overheidop.documenttitel", "documenttitel") or reading.topic or reading.dossier_title
        or first(record, "overheidop.dossiertitel", "dossiertitel", "dc.title", "title"),
        signer=signer,
        addressee=reading.addressee,
        doc_type=doc_type,
        passages=passages,
        footnotes=footnotes,
    )


def _split_tabling_members(blocks: list[Block]) -> tuple[list[Block], list[str]]:
    """A motion ends with its closing formula and the names of those who tabled it."""
    closing = next((i for i in range(len(blocks) - 1, -1, -1) if CLOSING_FORMULA.match(blocks[i].text)), None)
    if closing is None:
        return blocks, []
    names = [b.text for b in blocks[closing + 1:]]
    if not names or not all(_looks_like_member(n) for n in names):
        return blocks, []
    return blocks[: closing + 1], names


def _looks_like_member(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= 6 and text[:1].isupper() and not re.search(r"[.,;:!?\d]$", text)


def _signer_and_ministry(reading: Reading, members: list[str], record: Record, doc_type: str | None):
    if reading.signers:
        signer = reading.signers[0]
        return signer, ministry_from_role(signer.role) or ministry_from_role(reading.title)
    if members:
        return Signer(name=dutch_list(members), role="Indieners" if len(members) > 1 else "Indiener"), None
    if reading.answer:
        return answer_signer(reading.answer)
    names = record.get("overheidop.indiener", []) or record.get("indiener", [])
    if doc_type == "motie" and names:
        return Signer(name=dutch_list(names), role="Indieners" if len(names) > 1 else "Indiener"), None
    return None, ministry_from_role(reading.title)


def dutch_list(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " en " + names[-1]


_ANSWER = re.compile(
    r"\bAntwoord van (?:de )?(?P<role>Minister-President|Minister|Staatssecretaris)"
    r"(?: voor (?P<portfolio>[^()]+?))? (?P<name>[^()]+?) \((?P<ministry>[^()]+)\)", re.I)


def answer_signer(text: str) -> tuple[Signer | None, str | None]:
    """'Antwoord van Minister Koolmees (Sociale Zaken en Werkgelegenheid) (ontvangen ...)'."""
    match = _ANSWER.search(text or "")
    if not match:
        return None, None
    office = match.group("ministry").strip()
    role = f"{match.group('role')} " + (f"voor {match.group('portfolio')}" if match.group("portfolio") else f"van {office}")
    ministry = canonical_ministry(office) or canonical_ministry(f"Ministerie van {office}")
    return Signer(name=match.group("name").strip(), role=role), ministry


def question_topic(text: str) -> str | None:
    """'Vragen van het lid X aan de Minister van Y over de TOZO (ingezonden 3 juni 2021).'"""
    match = re.search(r"\bover (.+?) \((?:ingezonden|ontvangen)\b", text or "")
    return match.group(1) if match else None


def _answer_date(text: str | None) -> _dt.date | None:
    received = re.search(r"ontvangen\s+([^)]+)\)", text or "")
    return find_date(received.group(1)) if received else None


_DOC_TYPES = ("motie", "brief", "amendement", "verslag", "nota", "memorie van toelichting", "wetsvoorstel")


def _doc_type(reading: Reading, record: Record) -> str | None:
    if reading.answer or first(record, "overheidop.aanhangseltype"):
        return "antwoord kamervragen"
    title = (reading.title or "").lower()
    for word in _DOC_TYPES:
        if word in title:
            return word
    kinds = [v.lower() for v in record.get("dc.type", []) + record.get("type", []) + record.get("subrubriek", [])]
    return next((k for k in kinds if k in _DOC_TYPES), None) or next(
        (k for k in kinds if k not in ("officiële publicatie", "kamerstuk")), None)


# --- metadata records and identifiers ---------------------------------------------------------

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


def record_kamerstuk(record: Record) -> str | None:
    dossier = first(record, "overheidop.dossiernummer", "dossiernummer")
    return kamerstuk_number(dossier, None, first(record, "overheidop.ondernummer", "ondernummer")) if dossier else None


def record_date(record: Record) -> _dt.date | None:
    return iso_date(first(record, "dcterms.issued", "issued", "dcterms.date", "date", "datum"))


def _kamerstuk_of_id(ident: str | None) -> str | None:
    return ident[len("kst-"):] if ident and ident.startswith("kst-") else None


def iso_date(value: str | None) -> _dt.date | None:
    try:
        return parse_dutch_date(value[:10] if value and re.match(r"\d{4}-\d\d-\d\dT", value) else value) if value else None
    except DateParseError:
        return None


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


def _rebuilt_identifier(root: Element) -> str | None:
    """Only when nothing states the identifier: from the whole dossier number, or the question number."""
    kamerstuk = _kamerstuk(root)
    if kamerstuk:
        return f"kst-{kamerstuk}"
    number = _findtext(root, "kamervraagnummer")
    year = re.search(r"(\d{4})\s*-\s*(\d{4})", _findtext(root, "kamervraagkop") or "")
    if number and year:
        return f"ah-tk-{year.group(1)}{year.group(2)}-{number}"
    return None


def publication_reference(doc: str | None, text: str) -> Reference | None:
    """A citation of an official publication by its identifier ('kst-29279-805', 'stb-2020-118')."""
    ident = re.sub(r"\.(?:html|xml|pdf)$", "", (doc or "").strip().rsplit("/", 1)[-1])
    if not OFFICIAL_ID.match(ident) or not re.search(r"\d", ident):
        return None  # a web address or a dossier page, not a publication
    if ident.startswith("kst-"):
        return Reference(kind="kamerstuk", text=text or ident, target=ident[len("kst-"):])
    kind = {"ah": "aanhangsel", "h": "handelingen"}.get(ident.split("-")[0], "publicatie")
    return Reference(kind=kind, text=text or ident, target=ident)


def _questions_answered(record: dict) -> list[Reference]:
    number = first(record, "overheidop.vraagnummer")
    return [Reference(kind="kamervragen", text=f"Kamervragen {number}", target=number)] if number else []


def record_of(data: bytes) -> Record:
    """The flat record of a metadata file (for tools that compare against it)."""
    return record_from_root(parse_xml(data))


def _find(root: Element | None, *names: str) -> Element | None:
    if root is None:
        return None
    return next((el for el in root.iter() if local(el.tag) in names), None)


def _findtext(root: Element | None, *names: str) -> str | None:
    el = _find(root, *names)
    return normalise_space("".join(el.itertext())) if el is not None else None


def addressee_text(text: str) -> str | None:
    """'Aan de Voorzitter van de Tweede Kamer ...' -> 'De Voorzitter van de Tweede Kamer ...'."""
    text = re.sub(r"^aan\s+", "", normalise_space(text), flags=re.I)
    return text[:1].upper() + text[1:] if text else None


def looks_like_html(start: bytes) -> bool:
    head = start[:4096].lower()
    return head.startswith((b"<!doctype html", b"<html")) or (
        head.startswith(b"<?xml") and (b"<html" in head or b"<!doctype html" in head))


FORMATS = (Format("xml", (".xml",), parse, sniff=lambda start: start.startswith(b"<?xml") and not looks_like_html(start)),)
