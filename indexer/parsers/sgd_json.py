"""Staten-Generaal Digitaal OCR records: JSON ``{"URL", "Content", "Source"}`` (Kamerstukken 1814-1995).

All metadata is in the OCR text, in the order the printed Kamerstuk has it: chamber,
"Vergaderjaar 1983-1984", the dossier number and title, "Nr. 34", the heading
"BRIEF VAN DE MINISTER VAN ...", the addressee, "'s-Gravenhage, 21 juni 1983", the body,
the signature ("De Minister van Verkeer en Waterstaat, N. Smit-Kroes"), footnotes, and
the running footer ("Tweede Kamer, vergaderjaar 1982-1983, 12 449, nr. 66") as furniture.

Field choices: the id is "sgd-<record number>" (the number in the record URL). These
printed letters carry no ministry "Ons kenmerk" (``kenmerk`` stays None); their identifier is
the Kamerstuk number, normalised as "<dossier>-<nr>" ("17649-34") in ``kamerstuk``, and
``subject`` is the dossier title. A record without a "BRIEF VAN ..." heading is not a letter (``NotALetter``).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from ..cleaning import FOOTNOTE, PARA, Block, assemble
from ..dates import find_date
from ..letterhead import dated_line, find_signer
from ..ministries import ministry_from_role
from ..model import Letter
from ..references import kamerstuk_number
from . import Format, NotALetter, ParseError
from .common import finish_letter

_HEADING = re.compile(
    r"\bBRIEF\s+VAN\s+(?:DE|DEN|HET)\s+(?:MINISTER|STAATSSECRETARIS|MINISTERS|MINISTER-PRESIDENT)\b.*$"
)
_PLACE_DATE = re.compile(r"^'?s[\s-]*Gravenhage,?\s+(.{6,30}?)\.?\s*$", re.M | re.I)
_NR = re.compile(r"^N[r°][.,]?\s*(\d{1,4})\s*$", re.M)
_DOSSIER = re.compile(r"^(\d{1,2}\s?\d{3})(?:-(\d{1,3}))?(?:\s+([IVXLC]+))?\s*$")
_YEAR_LINE = re.compile(r"^(?:Zitting|Vergaderjaar)\s+\d{4}", re.I)
_ZITTING_DOSSIER = re.compile(r"^(?:Zitting|Vergaderjaar)\s+\d{4}\s*[-—–]\s*\d{2,4}\s*[-—–]\s*(\d{1,2}\s?\d{3})\s*$", re.I)
_FOOTER = re.compile(
    r"^(?:Tweede|Eerste)\s+Kamer,\s+(?:vergaderjaar|zitting)\s+\d{4}\s*[-—–]\s*\d{2,4},.*nr\.?\s*\d+\s*$"
    r"|^\d{1,2}\s?\d{3}(?:\s+[IVXLC]+)?\s+(?:nr\.?\s*)?\d+\s*(?:\(\d+\s*vel\))?\s*$"
    r"|^Handelingen der Staten-Generaal\.?$|^Bijlagen\.?\s+\d{4}.*$|^\d{1,3}$",
    re.I,
)
_FOOTNOTE = re.compile(r"^(?:(\d{1,2})|\*\))\s+([A-Z].{5,})$")
_ADDRESSEE = re.compile(r"Aan\s+(?:den?\s+(?:Heer\s+)?)?Voorzitter\s+van\s+de\s+(?:Tweede|Eerste)\s+Kamer[^.\n]*", re.I)
# Dutch puts a hyphen where vowels would run together ("zee-eend") and after these prefixes
_KEEP_HYPHEN_LEFT = {"niet", "oud", "ex", "anti", "non", "pro", "vice", "extra", "semi", "pseudo", "super", "top", "co"}


def load_record(data: bytes) -> dict:
    try:
        record = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ParseError(f"geen geldige JSON: {exc}") from exc
    if not isinstance(record, dict):
        raise NotALetter("JSON-lijst of -waarde, geen record van Staten-Generaal Digitaal")
    if "Content" not in record or "URL" not in record:
        kind = "Tweede Kamer open-data record" if any(k in record for k in ("Soort", "value", "@odata.context", "Id")) else "JSON"
        raise NotALetter(f"{kind} zonder brieftekst (geen URL/Content)")
    if not isinstance(record["Content"], str) or not record["Content"].strip():
        raise ParseError("record van Staten-Generaal Digitaal met lege Content")
    return record


def record_id(url: str) -> str | None:
    match = re.search(r"/(\d{6,})(?:/|$)", url or "")
    return f"sgd-{match.group(1)}" if match else None


def dehyphenate(text: str) -> str:
    """Rejoin words the OCR left split at a line-end hyphen ("economi-sche" -> "economische")."""
    words = set(re.findall(r"[a-zà-ÿ]{4,}", text))

    def fix(match: re.Match) -> str:
        left, right = match.group(1), match.group(2)
        joined = left + right
        if joined.lower() in words:
            return joined
        if left.lower() in _KEEP_HYPHEN_LEFT or right in ("en", "of", "tot") or len(right) < 2:
            return match.group(0)
        if left[-1] in "aeiou" and right[0] in "aeiou":
            return match.group(0)  # klinkerbotsing: the hyphen is spelling
        return joined

    text = text.replace("\u00ad", "")  # soft hyphens
    return re.sub(r"(?<![\w-])([A-Za-zÀ-ÿ]*[a-zà-ÿ])-([a-zà-ÿ]+)\b", fix, text)


def _header(lines: list[str], heading_at: int) -> dict:
    """Dossier number, title and Nr. from the lines above the heading (and from the heading's
    own line before "BRIEF VAN", where the OCR ran the title on into it)."""
    before_heading = lines[heading_at][: _HEADING.search(lines[heading_at]).start()].strip()
    head = lines[:heading_at] + ([before_heading] if _is_prose(before_heading) else [])
    nr = next((m.group(1) for m in map(_NR.match, head) if m), None)
    dossier_at = next((i for i, l in enumerate(head) if _DOSSIER.match(l.strip())), None)
    dossier = title = None
    if dossier_at is None:  # older prints: "Zitting 1970-1971 -10 900" above the title
        dossier_at = next((i for i, l in enumerate(head) if _ZITTING_DOSSIER.match(l.strip())), None)
        if dossier_at is not None:
            dossier = _ZITTING_DOSSIER.match(head[dossier_at].strip()).group(1).replace(" ", "")
            title = " ".join(l.strip() for l in head[dossier_at + 1:] if not _NR.match(l)).strip() or None
            return {"dossier": dossier, "nr": nr, "title": title}
    if dossier_at is not None:
        # a council series ("21 501-22") or a budget chapter ("17 100 V") is part of the number
        match = _DOSSIER.match(head[dossier_at].strip())
        dossier = "-".join(p.replace(" ", "") for p in match.groups() if p)
        title_lines = [l for l in head[dossier_at + 1:] if not _NR.match(l)]
        title = " ".join(l.strip() for l in title_lines).strip() or None
    else:  # no dossier number printed: the title follows the "Vergaderjaar" line
        year_at = next((i for i, l in enumerate(head) if _YEAR_LINE.match(l.strip())), None)
        if year_at is not None:
            title = " ".join(l.strip() for l in head[year_at + 1:] if l.strip() and not _NR.match(l)) or None
    return {"dossier": dossier, "nr": nr, "title": title}


# header lines that are not a title: chamber, year, numbers, "Bijlage A.", "IIde HOOFDSTUK."
_STRUCTURE = re.compile(
    r"^(?:[\W\d_]*|[\W\d]*(?:tweede|eerste)\s+kamer\b.*|bijlagen?\b.*|.*\bhoofdstuk\b\W*"
    r"|(?:zitting|vergaderjaar)\b.*|n[r°o]\.?\s*\d+\W*|[\d\s.,()IVXLC—–-]+)$",
    re.I,
)


def _is_prose(line: str) -> bool:
    """Words as a title has them: three or more, in lower case mostly, starting with a capital."""
    words = re.findall(r"[A-Za-zÀ-ÿ]{2,}", line)
    return len(words) >= 3 and bool(re.match(r"^\W?[A-ZÀ-Ý]", line.strip())) and not line.isupper()


def _printed_title(lines: list[str], heading_at: int) -> str | None:
    """Older prints set the title under the chamber's line, with no dossier number: a run of
    title lines right under a header line ("Tweede Kamer.", "Bijlage A", "463. 1."), the
    first under the chamber's own line where there is one. Prose above the heading that no
    header line precedes is the end of another document on the same page, not a title."""
    head = [l.strip() for l in lines[max(0, heading_at - 7):heading_at]]
    runs = _title_runs(head, whole=heading_at <= len(head))
    chamber = next((i for i, l in enumerate(head) if _CHAMBER.match(l)), None)
    under_chamber = [(a, b) for a, b in runs if chamber is not None and a > chamber]
    chosen = under_chamber[0] if under_chamber else runs[-1] if runs else None
    return _without_numbering(" ".join(head[chosen[0]:chosen[1]])) or None if chosen else None


def _title_runs(head: list[str], whole: bool) -> list[tuple[int, int]]:
    """(start, end) of each run of prose lines that a header line (or the record's start)
    precedes."""
    runs, i = [], 0
    while i < len(head):
        if not _is_prose(head[i]):
            i += 1
            continue
        start = i
        while i < len(head) and _is_prose(head[i]):
            i += 1
        if _STRUCTURE.match(head[start - 1]) if start else whole:
            runs.append((start, i))
    return runs


_NUMBERING = re.compile(r"\W*(?:\d{1,3}|[IVXLC]+[A-Z]?|\d+\s*[—–-]\s*\d+)?\W*")
_CHAMBER = re.compile(r"^\W*(?:tweede|eerste)\s+kamer\b", re.I)


def _without_numbering(title: str) -> str:
    """'(Rijksbegrooting voor het dienstjaar 1930. 2. V. 17.)' -> 'Rijksbegrooting voor het
    dienstjaar 1930': the print's own numbering and brackets are not part of the title."""
    words = title.split()
    while words and _NUMBERING.fullmatch(words[-1]):
        words.pop()
    if len(words) > 2 and re.fullmatch(r"\d{4}", words[-1]) and re.fullmatch(r"\d{4}\W*", words[-2]):
        words.pop()  # "dienstjaar 1950 1400": the budget's dossier number after its year
    return " ".join(words).strip("() .,;'\"„")


_HEADING_SUBJECT = re.compile(r"\b(?:HOUDENDE|BETREFFENDE|INZAKE|NAAR AANLEIDING VAN)\b.*$", re.I)


def _heading_subject(heading: str) -> str | None:
    """'BRIEF VAN DE MINISTER VAN X HOUDENDE INTREKKING VAN HET WETSVOORSTEL': what the
    heading says the letter is about, when the print has no title."""
    match = _HEADING_SUBJECT.search(heading)
    if not match:
        return None
    text = re.sub(r"\s+", " ", match.group(0)).strip(" .")
    return text[:1].upper() + text[1:].lower() if text.isupper() else text


def _heading_text(lines: list[str], at: int) -> str:
    """The heading may wrap ("BRIEF VAN DE STAATSSECRETARIS" / "VAN SOCIALE ZAKEN ...")."""
    parts = [_HEADING.search(lines[at]).group(0)]
    for line in lines[at + 1:at + 3]:
        if line.strip() and line.upper() == line and re.search(r"[A-Z]{3}", line):
            parts.append(line)
        else:
            break
    return re.split(r"\.\s+Aan\s", " ".join(parts))[0]


def _body_blocks(lines: list[str]) -> tuple[list[Block], list[str]]:
    """Body blocks and the closing lines; footers dropped, footnotes lifted out."""
    blocks: list[Block] = []
    for line in lines:
        text = line.strip()
        if not text or _FOOTER.match(text) or _ADDRESSEE.fullmatch(text.rstrip(". ")):
            continue
        note = _FOOTNOTE.match(text)
        if note and len(text) < 400 and blocks and blocks[-1].kind in (PARA, FOOTNOTE) and _after_body(blocks):
            blocks.append(Block(FOOTNOTE, note.group(2), number=note.group(1) or "*"))
            continue
        blocks.append(Block(PARA, dehyphenate(text)))
    return blocks, [b.text for b in blocks if b.kind == PARA][-6:]


def _after_body(blocks: list[Block]) -> bool:
    """Footnotes follow the signature or another footnote, not running text."""
    last = blocks[-1]
    return last.kind == FOOTNOTE or bool(re.match(r"^(?:De|Het)\s+(?:Minister|Staatssecretaris)", last.text)) or last.text.isupper()


def parse(path: Path, data: bytes) -> Letter:
    record = load_record(data)
    text = _undouble(record["Content"].replace("\r\n", "\n"))
    lines = text.split("\n")
    heading_at = next((i for i, l in enumerate(lines) if _HEADING.search(l)), None)
    if heading_at is None:
        raise NotALetter("record van Staten-Generaal Digitaal dat geen brief is (geen kop 'BRIEF VAN ...')")
    header = _header(lines, heading_at)
    heading = _heading_text(lines, heading_at)
    date = _letter_date(lines, heading_at, text)
    addressee = _ADDRESSEE.search("\n".join(lines[heading_at:]))
    body_start = _body_start(lines, heading_at)
    blocks, closing = _body_blocks(_join_wrapped_roles(lines[body_start:]))
    signer = find_signer(closing)
    body = [b for b in blocks if not (b.kind == PARA and b.text in closing and _is_closing(b.text, signer))]
    passages, footnotes = assemble(body)
    if not passages:
        raise ParseError("brief van Staten-Generaal Digitaal zonder tekst")
    kamerstuk = kamerstuk_number(header["dossier"], None, header["nr"]) if header["dossier"] else None
    return finish_letter(
        path, data, "sgd-json",
        official_id=record_id(record.get("URL", "")),
        kamerstuk=kamerstuk,
        date=date,
        directorate=None,
        ministry=ministry_from_role(heading) or (ministry_from_role(signer.role) if signer and signer.role else None),
        subject=header["title"] or _printed_title(lines, heading_at) or _heading_subject(heading),
        signer=signer,
        addressee=_clean_addressee(addressee.group(0)) if addressee else None,
        doc_type="brief",
        passages=passages,
        footnotes=footnotes,
    )


_ROLE_LINE = re.compile(r"^(?:De|Het)\s+(?:Minister|Staatssecretaris)\b", re.I)
_ROLE_WRAPPED = re.compile(r"^(?:De|Het)\s+(?:Minister|Staatssecretaris).*\b(?:van|voor)$", re.I)


def _join_wrapped_roles(lines: list[str]) -> list[str]:
    """A role printed on two lines is one role line: 'De Minister van' / 'Waterstaat,', 'De
    Minister van Buitenlandsche' / 'Zaken,', 'De Staatssecretaris van Welzijn,' /
    'Volksgezondheid en Cultuur,': the first line names no ministry, both together do."""
    joined: list[str] = []
    for line in lines:
        if joined and _role_goes_on(joined[-1].strip(), line.strip()):
            joined[-1] = f"{joined[-1].strip()} {line.strip()}"
        else:
            joined.append(line)
    return joined


def _role_goes_on(role: str, following: str) -> bool:
    if _ROLE_WRAPPED.match(role):
        return True
    if not _ROLE_LINE.match(role) or not following[:1].isupper() or len(following) > 60:
        return False
    return ministry_from_role(role) is None and ministry_from_role(f"{role} {following}") is not None


def _undouble(text: str) -> str:
    """Some records hold their page text twice over; keep one copy."""
    probe = text[:300]
    again = text.find(probe, 1) if len(probe) >= 100 else -1
    return text[:again].rstrip() if again > 0 else text


def _letter_date(lines: list[str], heading_at: int, text: str):
    """The dated line under the heading ("Rijswijk, 25 april 1990"), else the first
    "'s-Gravenhage, ..." of the record, else a date near the heading."""
    dated = next(filter(None, map(dated_line, lines[heading_at: heading_at + 8])), None)
    if dated:
        return dated
    place_date = _PLACE_DATE.search(text)
    return find_date(place_date.group(1)) if place_date else find_date("\n".join(lines[: heading_at + 6]))


def _body_start(lines: list[str], heading_at: int) -> int:
    """After the date line (or the addressee) that follows the heading."""
    for i in range(heading_at, min(heading_at + 8, len(lines))):
        if _PLACE_DATE.match(lines[i].strip()) or dated_line(lines[i]):
            return i + 1
    for i in range(heading_at, min(heading_at + 6, len(lines))):
        if _ADDRESSEE.search(lines[i]):
            return i + 1
    return heading_at + 1


def _is_closing(text: str, signer) -> bool:
    if signer is None:
        return False
    return bool(re.match(r"^(?:De|Het)\s+(?:Minister|Staatssecretaris)", text)) or (
        signer.name is not None and text.strip(" .,") == signer.name.strip(" .,")
    )


def _clean_addressee(text: str) -> str:
    text = re.sub(r"\s+", " ", re.sub(r"^Aan\s+", "", text.strip())).strip(" .")
    return text[:1].upper() + text[1:]


# Other JSON (Tweede Kamer open-data records) comes here by its suffix and is told apart inside.
FORMATS = (Format("sgd-json", (".json",), parse, sniff=lambda start: start.startswith(b"{") and b'"Content"' in start),)
