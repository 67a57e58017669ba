"""Ministries: the canonical list through history, the short forms letters use, and recognition.

A letter names its ministry in several ways: the letterhead URL ("www.rijksoverheid.nl/jenv"),
the signer's role ("De Staatssecretaris van Justitie en Veiligheid"), a heading in older
Kamerstukken ("BRIEF VAN DE MINISTER VAN VERKEER EN WATERSTAAT"), or metadata
("Ministerie van Justitie en Veiligheid"). All of them resolve here to one name from
``MINISTRIES``, the Dutch ministries as they were named at the time: a letter of 1983 is
filed under Verkeer en Waterstaat, one of 2021 under Infrastructuur en Waterstaat.

Names as printed and OCR'd vary: old spelling ("Buitenlandsche Zaken"), words broken at a
line end ("Werkgele-genheid"), capitals, stray characters after the name ("BUITENLANDSB
ZAKEN a"), misread letters ("Binnenlandse Zakeim"). A name resolves when it is a known name
after that normalisation, starts with one, or is within a small edit distance of exactly one;
anything else stays unknown (None), never a guessed ministry.
"""
from __future__ import annotations

import difflib
import re
import unicodedata

# canonical name -> (abbreviation, letterhead URL slugs, portfolio phrases of ministers "voor"
# something that belong to this ministry). The abbreviation of a current ministry is part of
# letter ids (ministry/date/kenmerk) and must not change.
MINISTRIES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    # --- current ministries -------------------------------------------------------------------
    "Ministerie van Algemene Zaken": ("AZ", ("az",), ()),
    "Ministerie van Asiel en Migratie": ("AenM", (), ()),  # 2024-
    "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties": (
        "BZK", ("bzk", "minbzk"), ("wonen en rijksdienst",)),  # 1998-
    "Ministerie van Buitenlandse Zaken": (
        "BZ", ("bz", "minbuza"), ("buitenlandse handel en ontwikkelingssamenwerking",
                                  "ontwikkelingssamenwerking", "europese zaken")),
    "Ministerie van Defensie": ("Def", ("defensie", "mindef"), ()),  # 1928-1940, 1959-
    "Ministerie van Economische Zaken en Klimaat": ("EZK", ("ezk", "minezk"), ()),  # 2017-2024
    "Ministerie van Economische Zaken": ("EZ", ("ez", "minez"), ()),  # 1946-2010, 2012-2017, 2024-
    "Ministerie van Financiën": ("Fin", ("fin", "minfin"), ()),
    "Ministerie van Infrastructuur en Waterstaat": ("IenW", ("ienw", "minienw"), ()),  # 2017-
    "Ministerie van Justitie en Veiligheid": (
        "JenV", ("jenv", "minjenv", "venj"), ("rechtsbescherming", "migratie")),  # 2017-
    "Ministerie van Klimaat en Groene Groei": ("KGG", ("kgg",), ()),  # 2024-
    "Ministerie van Landbouw, Natuur en Voedselkwaliteit": (
        "LNV", ("lnv", "minlnv"), ("natuur en stikstof",)),  # 2003-2010, 2017-2024
    "Ministerie van Landbouw, Visserij, Voedselzekerheid en Natuur": ("LVVN", ("lvvn",), ()),  # 2024-
    "Ministerie van Onderwijs, Cultuur en Wetenschap": (
        "OCW", ("ocw", "minocw"), ("basis- en voortgezet onderwijs en media",
                                   "primair en voortgezet onderwijs")),  # 1994-
    "Ministerie van Sociale Zaken en Werkgelegenheid": (
        "SZW", ("szw", "minszw"), ("armoedebeleid, participatie en pensioenen",)),  # 1981-
    "Ministerie van Volksgezondheid, Welzijn en Sport": (
        "VWS", ("vws", "minvws"), ("medische zorg", "langdurige zorg en sport")),  # 1994-
    "Ministerie van Volkshuisvesting en Ruimtelijke Ordening": ("VRO", ("vro",), ()),  # 1965-1982, 2024-
    # --- earlier names ----------------------------------------------------------------------------
    "Ministerie van Veiligheid en Justitie": ("VenJ", (), ()),  # 2010-2017
    "Ministerie van Justitie": ("Jus", (), ()),  # -2010
    "Ministerie van Binnenlandse Zaken": ("BiZa", (), ("volkshuisvesting",)),  # -1998
    "Ministerie van Binnenlandse Zaken en Landbouw": ("BiZaL", (), ()),  # 1922-1932
    "Ministerie van Economische Zaken, Landbouw en Innovatie": ("ELenI", ("eleni",), ()),  # 2010-2012
    "Ministerie van Economische Zaken en Arbeid": ("EZA", (), ()),  # 1932-1933
    "Ministerie van Handel, Nijverheid en Scheepvaart": ("HNS", (), ()),  # 1935-1937
    "Ministerie van Handel en Nijverheid": ("HenN", (), ()),
    "Ministerie van Landbouw, Nijverheid en Handel": ("LNH", (), ()),  # 1905-1922
    "Ministerie van Arbeid": ("Arb", (), ()),  # 1918-1922
    "Ministerie van Arbeid, Handel en Nijverheid": ("AHN", (), ()),  # 1922-1932
    "Ministerie van Infrastructuur en Milieu": ("IenM", ("ienm",), ()),  # 2010-2017
    "Ministerie van Verkeer en Waterstaat": ("VenW", ("venw",), ()),  # 1947-2010
    "Ministerie van Verkeer en Energie": ("VenE", (), ()),  # 1944-1946
    "Ministerie van Waterstaat": ("Wat", (), ()),  # 1877-1947
    "Ministerie van Oorlog": ("Oorl", (), ()),  # -1928, 1941-1959
    "Ministerie van Marine": ("Mar", (), ()),  # -1928, 1941-1959
    "Ministerie van Koloniën": ("Kol", (), ()),  # -1945
    "Ministerie van Overzeese Gebiedsdelen": ("OG", (), ()),  # 1945-1959
    "Ministerie van Uniezaken en Overzeese Rijksdelen": ("UOR", (), ()),  # 1951-1957
    "Ministerie van Zaken Overzee": ("ZO", (), ()),  # 1957-1959
    "Ministerie van Landbouw, Visserij en Voedselvoorziening": ("LVV", (), ()),  # 1945-1959
    "Ministerie van Landbouw en Visserij": ("LenV", (), ()),  # 1959-1989
    "Ministerie van Landbouw, Natuurbeheer en Visserij": ("LNenV", (), ()),  # 1989-2003
    "Ministerie van Onderwijs, Kunsten en Wetenschappen": ("OKW", (), ()),  # 1918-1965
    "Ministerie van Onderwijs en Wetenschappen": ("OenW", (), ()),  # 1965-1994
    "Ministerie van Sociale Zaken": ("SoZa", (), ()),  # 1933-1951
    "Ministerie van Sociale Zaken en Volksgezondheid": ("SZV", (), ()),  # 1951-1971
    "Ministerie van Volksgezondheid en Milieuhygiëne": ("VoMil", (), ()),  # 1971-1982
    "Ministerie van Welzijn, Volksgezondheid en Cultuur": ("WVC", (), ()),  # 1982-1994
    "Ministerie van Cultuur, Recreatie en Maatschappelijk Werk": ("CRM", (), ()),  # 1965-1982
    "Ministerie van Maatschappelijk Werk": ("MaWe", (), ()),  # 1952-1965
    "Ministerie van Wederopbouw en Volkshuisvesting": ("WenV", (), ()),  # 1947-1959
    "Ministerie van Volkshuisvesting en Bouwnijverheid": ("VenB", (), ()),  # 1959-1965
    "Ministerie van Volkshuisvesting, Ruimtelijke Ordening en Milieubeheer": ("VROM", ("vrom",), ()),  # 1982-2010
    "Ministerie van Ontwikkelingssamenwerking": ("OS", (), ()),  # a minister's own department, 1965-
}

_BY_SLUG = {slug: name for name, (_, slugs, _) in MINISTRIES.items() for slug in slugs}
_BY_ABBREV = {abbr.lower(): name for name, (abbr, _, _) in MINISTRIES.items()}
_BY_PORTFOLIO = {p: name for name, (_, _, ports) in MINISTRIES.items() for p in ports}
_PREFIX = "ministerie van "

_URL_SLUG = re.compile(r"rijks-?overheid\.nl/([a-z]+)\b", re.I)
# "Minister van X", "Staatssecretaris van X", "MINISTERS VAN X EN VAN Y" (first one wins);
# a dash starts a state secretary's portfolio: "van Financiën – Fiscaliteit en Belastingdienst"
_ROLE = re.compile(
    r"\b(?:minister(?:-president)?s?|staatssecretaris(?:sen)?)\s+(van|voor)\s+"
    r"(?:den\s+)?(.+?)(?=,\s*(?-i:[A-Z])\.|,(?!\s*(?-i:[A-ZÀ-Ý]))|\.|\s+en\s+van\b|\s+[–—]\s|\n|$)",
    re.I,
)
# what may follow a ministry's name in running text without being part of it
_AFTER_NAME = re.compile(r"^(?:[,;.(]|\s+(?:houdende|mede|inzake|betreffende|over|nr|no)\b|\s+\W|\s+(?!en\b)[a-z0-9]{1,3}\b|$)", re.I)
_FUZZY_CUTOFF = 0.84  # SequenceMatcher ratio; 'buitenlainidse zaken' ~ 'buitenlandse zaken' is 0.92


def fold(text: str) -> str:
    """A name as compared: lower case, no accents, old spelling and line-end hyphens undone."""
    text = unicodedata.normalize("NFKD", (text or "").replace("\u00ad", "").lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"([a-z])-\s+([a-z])", r"\1\2", text)  # "werkgele- genheid"
    text = re.sub(r"([a-z])-([a-z])", r"\1\2", text)  # "weten-schappen"
    text = re.sub(r"sche\b", "se", text)  # "buitenlandsche" is the spelling before 1947
    return re.sub(r"\s+", " ", text).strip(" ,.;:")


_FOLDED = {fold(name[len(_PREFIX):]): name for name in MINISTRIES}
_BY_FOLDED_PORTFOLIO = {fold(portfolio): name for portfolio, name in _BY_PORTFOLIO.items()}


def canonical_ministry(text: str | None) -> str | None:
    """The canonical ministry a name or abbreviation denotes, or None when it is not certain."""
    if not text or not text.strip():
        return None
    key = re.sub(r"\s+", " ", text.strip())
    if key.lower() in _BY_ABBREV:
        return _BY_ABBREV[key.lower()]
    portfolio = fold(key)
    portfolio = portfolio[len(_PREFIX):] if portfolio.startswith(_PREFIX) else portfolio
    return _FOLDED.get(portfolio) or _by_likeness(portfolio) or _by_prefix(portfolio)


def _by_prefix(portfolio: str) -> str | None:
    """'buitenlandse zaken houdende intrekking ...': the longest known name the text starts with."""
    for known in sorted(_FOLDED, key=len, reverse=True):
        if portfolio.startswith(known) and _AFTER_NAME.match(portfolio[len(known):]):
            return _FOLDED[known]
    return None


def _by_likeness(portfolio: str) -> str | None:
    """OCR damage: the one known name within a small edit distance (of the text or its start)."""
    scores = {}
    for known, name in _FOLDED.items():
        whole = difflib.SequenceMatcher(None, portfolio, known).ratio()
        start = 0.0  # the name with stray characters after it: "buitenlandsb zaken a"
        if len(portfolio) > len(known) and _AFTER_NAME.match(portfolio[len(known):]):
            start = difflib.SequenceMatcher(None, portfolio[: len(known)], known).ratio()
        scores[name] = max(whole, start)
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    best, runner_up = ranked[0], ranked[1]
    if best[1] >= _FUZZY_CUTOFF and best[1] - runner_up[1] >= 0.05:
        return best[0]
    return None


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


def ministry_from_role(role: str | None) -> str | None:
    """'De Staatssecretaris van Justitie en Veiligheid' -> 'Ministerie van Justitie en Veiligheid'.
    OCR often reads a comma as a full stop ('VOLKSHUISVESTING. RUIMTELIJKE ORDENING'): where
    the role names no ministry, it is read again with the comma."""
    found = _ministry_in_role(role or "")
    if found is None and re.search(r"\.\s+[A-Z]", role or ""):
        found = _ministry_in_role(re.sub(r"\.(\s+[A-Z])", r",\1", role))
    return found


def _ministry_in_role(role: str) -> str | None:
    match = _ROLE.search(role)
    if not match:
        # the Prime Minister heads Algemene Zaken
        return "Ministerie van Algemene Zaken" if re.search(r"minister-president", role, re.I) else None
    preposition, portfolio = match.group(1).lower(), match.group(2).strip(" ,.;")
    if preposition == "voor":  # "Ontwikkelingssamen-werking" as a heading breaks it
        return _BY_FOLDED_PORTFOLIO.get(fold(portfolio))
    if len(portfolio) > 120:  # a heading that runs on ("..., BETREFFENDE VERLENGING VAN ...")
        return _by_prefix(fold(portfolio))
    return canonical_ministry(portfolio)


def abbreviation(ministry: str | None) -> str | None:
    if ministry in MINISTRIES:
        return MINISTRIES[ministry][0]
    return None
