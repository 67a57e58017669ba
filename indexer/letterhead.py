"""Metadata from the laid-out text of a letter: letterhead, margin column and signature.

Rijkshuisstijl letters (and the text or PDF conversions of them) carry their metadata as
labelled lines: "Datum 17 november 2021", "Ons kenmerk" with the value on the next line,
"Onderwerp"/"Betreft", a directorate block, the addressee block, and at the end the
signer's role ("De Staatssecretaris van Justitie en Veiligheid,") and name. Every
text-like parser (Markdown, plain text, PDF, OCR) reads them through this module.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field

from .cleaning import HEADING, PARA, Block, normalise_space, page_furniture
from .dates import DateParseError, date_alone, find_date, parse_dutch_date
from .ministries import ministry_from_mail, ministry_from_role, ministry_from_url
from .model import Signer

# label (lower case) -> field it fills; None: a known label whose value is furniture only
LABELS: dict[str, str | None] = {
    "ons kenmerk": "kenmerk",
    "onze referentie": "kenmerk",
    "ons nummer": "kenmerk",
    "referentie": "kenmerk",
    "kenmerk": "kenmerk",
    "datum": "date",
    "onderwerp": "subject",
    "betreft": "subject",
    "uw kenmerk": None,
    "uw referentie": None,
    "uw brief": None,
    "uw brief van": None,
    "bijlage(n)": None,
    "bijlagen": None,
    "bijlage": None,
    "contactpersoon": None,
    "contact": None,
    "behandeld door": None,
    "inlichtingen": None,
    "inlichtingen bij": None,
    "bezoekadres": None,
    "postadres": None,
    "telefoonnummer": None,
    "telefoon": None,
    "mail": None,
    "e-mail": None,
    "overheidsidentificatienr": None,
}
_LABEL_LINE = re.compile(
    r"^(?P<label>" + "|".join(re.escape(k) for k in sorted(LABELS, key=len, reverse=True)) + r")"
    r"\b\s*:?\s*(?P<value>.*)$",
    re.I,
)
DIRECTORATE_START = re.compile(
    r"^(?:Directoraat[- ]Generaal|Directoraat|Directie|DG\s|Dienst|Inspectie|Agentschap|"
    r"Bestuursdepartement|Programmadirectie|Afdeling|Sector|Plaatsvervangend|Rijksdienst|"
    r"Centraal Orgaan|Secretariaat|Stafdirectie|Hoofddirectie)",
)
_ADDRESS_LINE = re.compile(
    r"^(?:postbus|\d{4}\s?[A-Z]{2}\b|[A-Z][\w.' -]+\s\d+[a-z]?$|www\.|https?://|t\s|f\s|tel|fax)", re.I
)
_ROLE_START = re.compile(
    r"^(?:De|Het)?\s*(?:Minister-President|Minister|Staatssecretaris)\b(?:\s+(?:van|voor)\b)?", re.I
)
_INITIALS = re.compile(r"^(?:[A-Z][a-z]?\.\s*)+")
# "Den Haag, 3 april 2009", "'s-Gravenhage, 21 juni 1983": where and when the letter was written
_PLACE_AND_DATE = re.compile(r"^\W{0,2}(?P<place>[A-Za-z][\w'’. -]{1,40}?),\s*(?P<date>.*\d{4}\W*)$")
_CLOSING = re.compile(r"^(?:hoogachtend|met vriendelijke groet(?:en)?)[,.]?$", re.I)
# "Geachte voorzitter,", "Zeer geachte mevrouw de Voorzitter,": the body follows
_SALUTATION = re.compile(r"^(?:zeer\s+|hoog)?geachte\b[^.!?\n]{0,80}[,:]?$", re.I)


def is_salutation(text: str) -> bool:
    return bool(_SALUTATION.match(text.strip()))


def is_label_line(text: str) -> bool:
    """Does the line start with a letterhead label ("Datum 17 mei 2025", "Ons kenmerk")?"""
    return bool(_LABEL_LINE.match(text.strip()))


@dataclass
class Letterhead:
    kenmerk: str | None = None
    date: _dt.date | None = None
    subject: str | None = None
    directorate: str | None = None
    addressee: str | None = None
    ministry: str | None = None
    # texts that, met again in the body, are margin furniture
    furniture: set[str] = field(default_factory=set)


def _clean_value(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip(" :\t")


def dated_line(line: str) -> _dt.date | None:
    """The date of a line that holds a place and a date and nothing else."""
    match = _PLACE_AND_DATE.match(_clean_value(line))
    return date_alone(match.group("date")) if match else None


def read_letterhead(blocks: list[list[str]]) -> Letterhead:
    """Read metadata from the letterhead blocks (each a list of lines), first value wins."""
    head = Letterhead()
    for lines in blocks:
        lines = [_clean_value(line) for line in lines if _clean_value(line)]
        if not lines:
            continue
        joined = " ".join(lines)
        head.ministry = head.ministry or ministry_from_url(joined) or ministry_from_mail(joined)
        if head.directorate is None and DIRECTORATE_START.match(lines[0]):
            head.directorate = directorate_from_lines(lines)
            head.furniture.add(head.directorate)
        if head.addressee is None and re.match(r"^(?:aan\s+)?de\s+voorzitter\b", lines[0], re.I):
            head.addressee = _addressee(lines)
        _read_labels(lines, head)
        # no "Datum" label: the letter may still say where and when it was written
        head.date = head.date or next(filter(None, map(dated_line, lines)), None)
    return head


# the ministry's core department, above its directorates-general: not itself a directorate
_CORE_DEPARTMENT = re.compile(r"^(?:bestuurskern|kerndepartement|bestuursdepartement)$", re.I)


def directorate_from_lines(lines: list[str]) -> str:
    kept = []
    while len(lines) > 1 and _CORE_DEPARTMENT.match(_clean_value(lines[0])):
        lines = lines[1:]
    for line in lines:
        if _ADDRESS_LINE.match(line) or _LABEL_LINE.match(line):
            break
        kept.append(line)
    return _clean_value(" ".join(kept))


def _addressee(lines: list[str]) -> str:
    kept = []
    for line in lines:
        if _ADDRESS_LINE.match(line):
            break
        kept.append(line)
    text = _clean_value(" ".join(kept))
    text = re.sub(r"^aan\s+", "", text, flags=re.I).strip()
    return text[:1].upper() + text[1:]


def _read_labels(lines: list[str], head: Letterhead) -> None:
    i = 0
    while i < len(lines):
        match = _LABEL_LINE.match(lines[i])
        if not match:
            i += 1
            continue
        label = match.group("label").lower()
        value = match.group("value")
        consumed = 1
        if not value and i + 1 < len(lines) and not _LABEL_LINE.match(lines[i + 1]):
            value, consumed = lines[i + 1], 2
        target = LABELS[label]
        if target == "kenmerk":
            value, consumed = _kenmerk_lines(lines, i + 1) if consumed == 2 else (_first_token_if_prose(value), 1)
        if target == "subject" and value:
            # a subject may wrap onto following lines of its block
            j = i + consumed
            while j < len(lines) and not _LABEL_LINE.match(lines[j]) and not DIRECTORATE_START.match(lines[j]):
                value += " " + lines[j]
                j += 1
            consumed = j - i
        _assign(head, target, _clean_value(value))
        if value:
            head.furniture.add(_clean_value(value))
        i += consumed


def _kenmerk_lines(lines: list[str], start: int) -> tuple[str, int]:
    """A long reference wraps: '2018.024 db III' / '1515682-189393-WJZ'. A following line is
    part of it when it is one token with a digit and is not a label, a date or an address."""
    value, j = _first_token_if_prose(lines[start]), start + 1
    while j < len(lines) and _reference_part(lines[j]):
        value += " " + lines[j]
        j += 1
    return re.sub(r"(\w)- (\w)", r"\1-\2", value), j - start + 1


def _first_token_if_prose(value: str) -> str:
    # "5687928/11 bij beantwoording vermelden": the reference is the first token
    return value.split(" ")[0] if len(value.split(" ")) > 3 else value


def _reference_part(line: str) -> bool:
    return (
        bool(re.search(r"\d", line))
        and not _LABEL_LINE.match(line)
        and not _ADDRESS_LINE.match(line)
        and find_date(line) is None
        and not re.search(r"[a-z]{4,}", line)
        and len(re.sub(r"(\w)- (\w)", r"\1-\2", line).split()) <= 2
    )


def _assign(head: Letterhead, target: str | None, value: str) -> None:
    if not target or not value:
        return
    if target == "date" and head.date is None:
        try:
            head.date = parse_dutch_date(value)
        except DateParseError:
            head.date = find_date(value)
    elif target == "kenmerk" and head.kenmerk is None and re.search(r"\d", value):
        head.kenmerk = value
    elif target == "subject" and head.subject is None:
        head.subject = value


def split_role_line(text: str) -> tuple[str, str | None] | None:
    """'De Minister van Verkeer en Waterstaat, N. Smit-Kroes' -> (role, name); None if no role.

    Commas also occur inside portfolios ("Welzijn, Volksgezondheid en Cultuur"), so a part
    after a comma is the name only when it starts with initials, or when it is the last part,
    has no "en" and reads as two or more capitalised words.
    """
    text = _clean_value(text)
    if not _ROLE_START.match(text) or len(text) > 160 or text.endswith("."):
        return None
    parts = [p.strip() for p in text.split(",")]
    role_parts, name = [parts[0]], None
    for i, part in enumerate(parts[1:], start=1):
        last = i == len(parts) - 1
        words = part.split()
        if not part:
            continue
        if _INITIALS.match(part) or (
            last and " en " not in f" {part} " and not re.search(r"minister|staatssecretaris", part, re.I) and len(words) >= 2 and all(w[:1].isupper() or w in ("van", "der", "de", "den", "ter", "ten") for w in words)
        ):
            name = part
            break
        if not part[:1].isupper():
            return None  # a sentence that happens to start with "De minister van ..."
        role_parts.append(part)
    if name is None:  # "Minister van Algemene Zaken A. A. M. van Agt": initials start the name
        initials = re.search(r"\s((?:[A-Z]\.\s*){1,5}(?:[a-z]+\s)*[A-Z][\w'-]+\.?)$", role_parts[-1])
        if initials:
            name = initials.group(1).rstrip(".")
            role_parts[-1] = role_parts[-1][: initials.start()]
    return ", ".join(role_parts), name


def starts_closing(line: str) -> bool:
    """Does the letter's closing start here: "Hoogachtend,", "De Minister van X,"?"""
    line = _clean_value(line)
    return bool(_CLOSING.match(line)) or (line.endswith(",") and split_role_line(line) is not None)


def find_signer(texts: list[str]) -> Signer | None:
    """The signer from the closing blocks of a letter (last role line wins), or None.

    ``texts`` are the letter's last blocks in reading order, furniture already removed.
    The name is on the role line after a comma, or the first short line after it.
    """
    mandate = find_mandate_signer(texts)
    if mandate:
        return mandate
    for i in range(len(texts) - 1, -1, -1):
        split = split_role_line(texts[i])
        if split is None:
            continue
        role, name = split
        if name is None:
            name = next((_name_text(t) for t in texts[i + 1:] if _looks_like_name(_name_text(t))), None)
        return Signer(name=name, role=role)
    return None


def _name_text(text: str) -> str:
    """Older prints set the name in capitals with a full stop: 'RUYS DE BEERENBROUCK.'"""
    text = _clean_value(text)
    return text.rstrip(".") if text.isupper() else text


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return (
        0 < len(words) <= 6
        and len(text) <= 60
        and text[:1].isupper()
        and not text.endswith((".", ":"))
        and not re.search(r"\d", text)
        and not re.search(r"minister|staatssecretaris", text, re.I)
    )


def opening_title(blocks: list[Block]) -> str | None:
    """A document that opens with a heading, above any letterhead or text, is about what that
    title says: the subject when no "Onderwerp" or "Betreft" line names it."""
    first = next((b for b in blocks if normalise_space(b.text)), None)
    return normalise_space(first.text) if first is not None and first.kind == HEADING else None


def ministry_of(head: Letterhead, signer: Signer | None) -> str | None:
    if head.ministry:
        return head.ministry
    return ministry_from_role(signer.role) if signer and signer.role else None


def split_signature(body: list[Block], furniture: set[str]) -> tuple[list[Block], list[str]]:
    """Separate the closing (salutation, signer's role, name) from the body blocks."""
    kept, tail = _split_role_closing(body, furniture)
    return (kept, tail) if tail else _split_mandate_closing(body)


def _split_role_closing(body: list[Block], furniture: set[str]) -> tuple[list[Block], list[str]]:
    repeated = page_furniture(body, furniture)
    content = [
        (i, normalise_space(b.text))
        for i, b in enumerate(body)
        if b.kind == PARA and b.text not in repeated
    ][-6:]
    role_at = next((i for i, text in reversed(content) if split_role_line(text)), None)
    if role_at is None:
        return body, []
    start = min((i for i, text in content if _CLOSING.match(text) and i < role_at), default=role_at)
    # The closing is the salutation, the role line and the signer's name; anything after
    # that (an appendix list, a postscript) is still body text.
    closing = [i for i, _ in content if start <= i <= role_at]
    if split_role_line(body[role_at].text)[1] is None:
        name_at = next((i for i, text in content if i > role_at and _looks_like_name(_name_text(text))), None)
        if name_at is not None:
            closing.append(name_at)
    tail = [normalise_space(body[i].text) for i in closing]
    kept = [b for i, b in enumerate(body) if i not in closing]
    return kept, tail


# --- signed under mandate ---------------------------------------------------------------
# Decisions are mostly signed by an official for the minister: "De minister van X,
# namens deze, de directeur Y, <name>", or "namens de staatssecretaris van X". The role is
# the minister's; the name is the official's, with title; the closing is often followed by
# the objection clause and appendices, so it is looked for in the whole body.
_MANDATE = re.compile(r"\bnamens\s+(?:deze|dezen)\b[\s,:.'’]*|\bnamens\s+(?=de\s+(?:minister|staatssecretaris))", re.I)
_ROLE_WORD = re.compile(r"(?:\b(?:de|het)\s+)?\b(?:minister-president|minister|staatssecretaris)\b", re.I)
_TITLES = r"(?i:(?:dr|mr|drs|ir|ing|prof|jhr|ds|mevr|dhr)\.\s*)*"
_PARTICLES = r"(?:(?:van|de|der|den|di|da|ten|ter|te|la|le|op)\s+){0,3}"
_NAME_WITH_INITIALS = re.compile(rf"\b{_TITLES}(?:[A-Z]{{1,2}}[a-z]?\.\s*){{1,5}}{_PARTICLES}[A-Z][\w'’-]+")
_NAME_IN_FULL = re.compile(r"^(?:[\d.a-z]+\s+)?([A-Z][a-zà-ÿ]+(?:\s+" + _PARTICLES + r"[A-Z][a-zà-ÿ'’-]+){1,2})(?=\s+[a-z]|$)")
_FUNCTION_WORD = re.compile(r"directeur|secretaris|hoofd|divisie|minister|staatssecretaris|afdeling", re.I)


def _split_mandate_closing(body: list[Block]) -> tuple[list[Block], list[str]]:
    paras = [i for i, b in enumerate(body) if b.kind == PARA]
    at = next((k for k in reversed(range(len(paras))) if _mandate_role(_text(body[paras[k]]))), None)
    if at is None:
        return body, []
    closing = paras[at: at + 5]
    if at and _CLOSING.match(_text(body[paras[at - 1]])):
        closing.insert(0, paras[at - 1])
    name_at = next((n for n, i in enumerate(closing) if _mandate_name([_text(body[i]) for i in closing[: n + 1]])), None)
    closing = closing[: name_at + 1] if name_at is not None else closing[:2]
    tail = [_text(body[i]) for i in closing]
    return [b for i, b in enumerate(body) if i not in closing], tail


def _text(block: Block) -> str:
    return normalise_space(block.text)


def _mandate_role(text: str) -> str | None:
    """'Hoogachtend, De minister van X, namens deze, ...' -> 'De minister van X'."""
    marker = _MANDATE.search(text)
    if not marker:
        return None
    before = re.split(r"(?<=[.!?])\s+|\bhoogachtend,?", text[: marker.start()], flags=re.I)[-1]
    if not before.strip(" ,:") and marker.group(0).strip().lower() == "namens":
        before = text[marker.end():]  # "namens de staatssecretaris van X, ..."
        before = before.split(",")[0] if "," in before else before
    role = _ROLE_WORD.search(before)
    if not role or role.start() > 3 and before[: role.start()].strip(" ,"):
        return None
    return before[role.start():].strip(" ,:") or None


def _mandate_name(texts: list[str]) -> str | None:
    """The signing official's name after 'namens deze', title kept: 'dr.mr. L. van Poelgeest'."""
    joined = " ".join(texts)
    rest = joined[_MANDATE.search(joined).end():] if _MANDATE.search(joined) else ""
    rest = re.sub(r"\[[^\]]*\]?", " ", rest)  # "[Deze brief is niet ondertekend ...]"
    with_initials = _NAME_WITH_INITIALS.search(rest)
    if with_initials:
        return with_initials.group(0).strip()
    for text in texts[1:]:
        full = _NAME_IN_FULL.match(text)
        if full and not text.startswith("[") and not _FUNCTION_WORD.search(full.group(1)):
            return full.group(1)
    return None


def find_mandate_signer(texts: list[str]) -> Signer | None:
    for i, text in enumerate(texts):
        role = _mandate_role(text)
        if role:
            return Signer(name=_mandate_name(texts[i:]), role=role)
    return None
