"""Ministries: canonical names, the short forms letters use, and how to recognise them.

A letter names its ministry in several ways: the letterhead URL ("www.rijksoverheid.nl/jenv"),
the signer's role ("De Staatssecretaris van Justitie en Veiligheid"), a heading in older
Kamerstukken ("BRIEF VAN DE MINISTER VAN VERKEER EN WATERSTAAT"), or metadata
("Ministerie van Justitie en Veiligheid"). All of them resolve here to one canonical name.
"""
from __future__ import annotations

import re

# canonical name -> (abbreviation, letterhead URL slugs, portfolio phrases of ministers
# "voor" something that belong to this ministry)
MINISTRIES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "Ministerie van Algemene Zaken": ("AZ", ("az",), ()),
    "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties": (
        "BZK", ("bzk", "minbzk"), ("wonen en rijksdienst", "volkshuisvesting")),
    "Ministerie van Buitenlandse Zaken": (
        "BZ", ("bz", "minbuza"), ("buitenlandse handel en ontwikkelingssamenwerking",
                                  "ontwikkelingssamenwerking", "europese zaken")),
    "Ministerie van Defensie": ("Def", ("defensie", "mindef"), ()),
    "Ministerie van Economische Zaken en Klimaat": ("EZK", ("ezk", "minezk"), ()),
    "Ministerie van Financiën": ("Fin", ("fin", "minfin"), ()),
    "Ministerie van Infrastructuur en Waterstaat": ("IenW", ("ienw", "minienw"), ()),
    "Ministerie van Justitie en Veiligheid": (
        "JenV", ("jenv", "minjenv", "venj"), ("rechtsbescherming", "migratie")),
    "Ministerie van Landbouw, Natuur en Voedselkwaliteit": (
        "LNV", ("lnv", "minlnv"), ("natuur en stikstof",)),
    "Ministerie van Onderwijs, Cultuur en Wetenschap": (
        "OCW", ("ocw", "minocw"), ("basis- en voortgezet onderwijs en media",
                                   "primair en voortgezet onderwijs")),
    "Ministerie van Sociale Zaken en Werkgelegenheid": (
        "SZW", ("szw", "minszw"), ("armoedebeleid, participatie en pensioenen",)),
    "Ministerie van Volksgezondheid, Welzijn en Sport": (
        "VWS", ("vws", "minvws"), ("medische zorg", "langdurige zorg en sport")),
    "Ministerie van Veiligheid en Justitie": ("VenJ", (), ()),
}

_BY_SLUG = {slug: name for name, (_, slugs, _) in MINISTRIES.items() for slug in slugs}
_BY_ABBREV = {abbr.lower(): name for name, (abbr, _, _) in MINISTRIES.items()}
_BY_PORTFOLIO = {p: name for name, (_, _, ports) in MINISTRIES.items() for p in ports}

_URL_SLUG = re.compile(r"rijks-?overheid\.nl/([a-z]+)\b", re.I)
# "Minister van X", "Staatssecretaris van X", "MINISTERS VAN X EN VAN Y" (first one wins);
# a dash starts a state secretary's portfolio: "van Financiën – Fiscaliteit en Belastingdienst"
_ROLE = re.compile(
    r"\b(?:minister(?:-president)?s?|staatssecretaris(?:sen)?)\s+(van|voor)\s+"
    r"(?:den\s+)?(.+?)(?=,\s*(?-i:[A-Z])\.|,(?!\s*(?-i:[A-ZÀ-Ý]))|\.|\s+en\s+van\b|\s+[–—]\s|\n|$)",
    re.I,
)


def _canonical_case(phrase: str) -> str:
    """'VERKEER EN WATERSTAAT' -> 'Verkeer en Waterstaat' (letters in capitals, older prints)."""
    small = {"en", "van", "voor", "de", "der", "den", "het"}
    words = re.sub(r"\s+", " ", phrase.strip()).split(" ")
    if phrase.upper() != phrase:
        return " ".join(words)
    return " ".join(w.lower() if w.lower() in small else w[:1] + w[1:].lower() for w in words)


def _fold(text: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def ministry_from_url(text: str) -> str | None:
    match = _URL_SLUG.search(text or "")
    return _BY_SLUG.get(match.group(1).lower()) if match else None


_MAIL_DOMAIN = re.compile(r"[\w.-]@(min[a-z]+)\.nl\b|\bwww\.(min[a-z]+)\.nl\b", re.I)


def ministry_from_mail(text: str) -> str | None:
    """A ministry's own mail or web domain in the margin: 'wob-loket@minienw.nl', 'www.minfin.nl'.
    Only the letterhead is passed here: a body may quote another ministry's address."""
    for match in _MAIL_DOMAIN.finditer(text or ""):
        name = _BY_SLUG.get((match.group(1) or match.group(2)).lower())
        if name:
            return name
    return None


def ministry_from_logo(lines: list[str]) -> str | None:
    """The logo text beside the Rijkswapen: 'Ministerie van Binnenlandse Zaken en' /
    'Koninkrijksrelaties'. A name broken over lines continues after 'en' or a comma."""
    for i, line in enumerate(lines):
        match = re.search(r"\bMinisterie van\b.*", line, re.I)
        if not match:
            continue
        name = match.group(0).strip()
        for following in lines[i + 1:]:
            if not (re.search(r"(?:\sen|,)$", name) or re.match(r"en\s", following)):
                break
            name += " " + following.strip()
        return canonical_ministry(name.rstrip(" ,"))
    return None


def ministry_from_role(role: str) -> str | None:
    """'De Staatssecretaris van Justitie en Veiligheid' -> 'Ministerie van Justitie en Veiligheid'."""
    match = _ROLE.search(role or "")
    if not match:
        # the Prime Minister heads Algemene Zaken
        return "Ministerie van Algemene Zaken" if re.search(r"minister-president", role or "", re.I) else None
    preposition, portfolio = match.group(1).lower(), match.group(2).strip(" ,.;")
    # a Kamerstuk's item number printed after the heading ("... ZAKEN Nr. 1")
    portfolio = re.sub(r"\s+(?:Nr|No|Nummer)\s*\.?\s*\d*$", "", portfolio, flags=re.I).strip(" ,.;")
    if preposition == "voor":
        return _BY_PORTFOLIO.get(portfolio.lower())
    if len(portfolio) > 80:
        return None
    name = f"Ministerie van {_canonical_case(portfolio)}"
    return canonical_ministry(name) or name


def canonical_ministry(text: str | None) -> str | None:
    """Resolve a ministry's name or abbreviation to its canonical name, case-insensitively."""
    if not text:
        return None
    key = re.sub(r"\s+", " ", text.strip())
    if key.lower() in _BY_ABBREV:
        return _BY_ABBREV[key.lower()]
    for name in MINISTRIES:
        if _fold(name) == _fold(key):  # also when OCR lost an accent: "Financien"
            return name
    if key.lower().startswith("ministerie van "):
        return "Ministerie van " + _canonical_case(key[len("ministerie van "):])
    return None


def abbreviation(ministry: str | None) -> str | None:
    if ministry in MINISTRIES:
        return MINISTRIES[ministry][0]
    return None
