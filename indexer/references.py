"""Citations of other parliamentary papers, found in letter text and footnotes.

Each reference keeps the text as written and a normalised target that links and filters
use: Kamerstukken as "<dossier>[-<suffix>]-<nr>" ("28638-184", "35570-VI-3"), ECLI numbers
upper-cased, motions as "motie <names>" in lower case, the Staatsblad, Staatscourant and
Tractatenblad by their official identifier ("stb-2020-118").
"""
from __future__ import annotations

import re

from .model import Reference

# Each pattern begins with the first letter or digit of a citation, and looks back at what stands
# before it only after that: re scans for a pattern's first character where it can, and tries a
# pattern that begins with a look-around at every position of the text (a letter's citations
# took 2.3 ms of the 5 ms of parsing an XML letter, now 1 ms).
_KAMERSTUK = re.compile(
    r"[Kk](?<!\w.)amerstuk(?:ken)?"
    r"(?:\s+(?:I|II|EK|TK))?"  # chamber
    r"(?:\s+\d{4}(?:/|-|–)\d{2,4},?)?"  # parliamentary year
    r"\s+(?P<dossier>\d{2}\s?\d{3})"
    r"(?P<suffix>(?:[\s-]+(?:[IVXLC]+(?:-[A-Z])?|[A-Z]))?)"
    r",?\s+nr\.?\s*(?P<nr>\d{4}D\d+|\d+[A-Za-z]?)",
)
# "(29 279, nr. 805)", "21 501-20, nr. 1983", "36 600 VI, nr. 7": the printed number with its
# space, without the word Kamerstuk (the space keeps amounts and years from matching)
_BARE_KAMERSTUK = re.compile(
    r"(?P<dossier>\d(?<![\d,.]\d)\d\s\d{3})"
    r"(?P<suffix>(?:-\d{1,3}|\s+[IVXLC]+(?:-[A-Z])?|\s+[A-Z](?=,))?)"
    r",\s+nr\.?\s*(?P<nr>\d+[A-Za-z]?)\b",
)
_ECLI = re.compile(r"E(?<!\w.)CLI:[A-Z]{2}:[A-Z0-9]{1,7}:\d{4}:[A-Z0-9.]{1,25}\b", re.I)
_NAME = r"(?:(?:[Vv]an|[Dd]e|[Dd]er|[Tt]en|[Tt]er|[Ii]n\s+'t|'t)\s+)*[A-Z][\w'ë-]+"
_MOTIE = re.compile(
    rf"[Mm](?<!\w.)otie(?:s)?[\s-]+(?:van\s+(?:de\s+)?(?:leden|het\s+lid)\s+)?"
    rf"(?P<names>{_NAME}(?:\s*[/-]\s*{_NAME}|\s+(?:c\.s\.|en\s+{_NAME}))*)"
)
_NOT_NAMES = {"De", "Het", "Een", "Dit", "Deze", "In", "Op", "Die", "Dat"}
# "Stb. 2020, 118", "Staatsblad 2020, nr. 118", "Stcrt. 2021, 12345", "Trb. 2019, 45"
_SERIES = {"stb": "stb", "staatsblad": "stb", "stcrt": "stcrt", "staatscourant": "stcrt",
           "trb": "trb", "tractatenblad": "trb"}
_PUBLICATION = re.compile(
    r"(?P<series>S(?<!\w.)(?:tb|taatsblad|tcrt|taatscourant)|T(?<!\w.)(?:rb|ractatenblad))\b\.?\s*"
    r"(?P<year>1[89]\d{2}|20\d{2})\s*[,/]?\s*(?:nr\.?\s*)?(?P<nr>\d{1,6})\b",
    re.I,
)


def kamerstuk_number(dossier: str, part: str | None, nr: str | None) -> str | None:
    """'36 600', 'X', '55' -> '36600-X-55': every part kept, so that budget chapters (36600-X,
    36600-VII) and council series (21501-20) never fold into one number."""
    dossier = re.sub(r"\s+", "", dossier or "")
    part = re.sub(r"\s+", "", part or "").strip("-")
    nr = re.sub(r"\s+", "", nr or "")
    if not dossier or not nr:
        return None
    return "-".join(p for p in (dossier, part, nr) if p)


def _normalise_kamerstuk(match: re.Match) -> str:
    return kamerstuk_number(match.group("dossier"), match.group("suffix"), match.group("nr"))


def extract_references(*texts: str) -> list[Reference]:
    """All distinct references in the given texts, in order of first appearance."""
    found: list[Reference] = []
    seen: set[tuple[str, str]] = set()
    for text in texts:
        for _, _, ref in cited_spans(text or ""):
            if (ref.kind, ref.target) not in seen:
                seen.add((ref.kind, ref.target))
                found.append(ref)
    return found


def cited_spans(text: str) -> list[tuple[int, int, Reference]]:
    """(start, end, reference) of each citation in ``text``, in the order of the kinds above
    (Kamerstukken, ECLI numbers, motions, publications), each kind in text order."""
    spans = []
    for pattern, kind, target in _CITATIONS:
        if kind == "ecli" and ":" not in text:  # the one literal a case-blind pattern can be told by
            continue
        for m in pattern.finditer(text):
            if kind == "motie" and m.group("names").split()[0] in _NOT_NAMES:
                continue
            spans.append((m.start(), m.end(), Reference(kind=kind, text=re.sub(r"\s+", " ", m.group(0)).strip(),
                                                        target=target(m))))
    return spans


def _publication_target(m: re.Match) -> str:
    return f"{_SERIES[m.group('series').lower()]}-{m.group('year')}-{int(m.group('nr'))}"


def _motion_target(m: re.Match) -> str:
    return "motie " + re.sub(r"\s*[/-]\s*", "/", re.sub(r"\s+", " ", m.group("names"))).lower()


_CITATIONS = (
    (_KAMERSTUK, "kamerstuk", _normalise_kamerstuk),
    (_BARE_KAMERSTUK, "kamerstuk", _normalise_kamerstuk),
    (_ECLI, "ecli", lambda m: m.group(0).upper()),
    (_MOTIE, "motie", _motion_target),
    (_PUBLICATION, "publicatie", _publication_target),
)


def reference_terms(references: list[Reference]) -> list[str]:
    """The terms a letter's citations are indexed as (the ref field): each target, and for a
    Kamerstuk also its dossier and its budget chapter or series, so that ref:28638 finds every
    letter citing a document of dossier 28 638 ("36600-X-55": 36600-X-55, 36600-X, 36600)."""
    terms = []
    for ref in references:
        terms.append(ref.target)
        if ref.kind == "kamerstuk":
            terms.extend(dossier_levels(ref.target))
    return list(dict.fromkeys(terms))


def dossier_levels(target: str) -> list[str]:
    """The dossier (and chapter or series) a Kamerstuk number belongs to, widest last:
    "36600-X-55" -> ["36600-X", "36600"], "28638-184" -> ["28638"]."""
    parts = target.split("-")
    return ["-".join(parts[:n]) for n in range(len(parts) - 1, 0, -1)]


def cites(target: str, wanted: str) -> bool:
    """Whether a citation of ``target`` is one of the document or dossier ``wanted`` (as the ref
    field holds it: lower case)."""
    target, wanted = target.lower(), wanted.lower()
    return target == wanted or target.startswith(wanted + "-")


def may_be_cited(wanted: str) -> bool:
    """Whether any citation can be ``wanted`` in the sense of ``cites``. Every target begins
    as its kind does: a Kamerstuk with its dossier number, a ruling with "ecli:", a motion
    with "motie ", another publication with its series and a number ("stb-2020-118",
    "ah-tk-20202021-3235"); so a search need not look for citations of ordinary words."""
    wanted = wanted.lower()
    return (wanted[:1].isdigit() or wanted.startswith(("ecli:", "motie "))
            or bool(_PUBLICATION_ID.match(wanted)))


_PUBLICATION_ID = re.compile(r"^[a-z]{1,6}-(?:[a-z]{1,4}-)?\d")


# A dossier as people write it: "28 638", "28638", "36 600 X", "36600-X", "21 501-20"
_DOSSIER = re.compile(r"^(?P<dossier>\d{2}\s?\d{3})(?:[\s-]+(?P<part>[IVXLC]+(?:-[A-Z])?|[A-Z]|\d{1,3}))?$")


def normalise_reference_query(value: str) -> str:
    """What a user types in ref:... ('28 638, nr. 184', '28638-184', a dossier: '28 638',
    '36 600 X') to the stored target or dossier."""
    value = value.strip()
    if value.upper().startswith("ECLI:"):
        return value.upper()
    publication = _PUBLICATION.fullmatch(value)
    if publication:
        return _publication_target(publication)
    m = _KAMERSTUK.search("Kamerstuk " + value)
    if m:
        return _normalise_kamerstuk(m)
    dossier = _DOSSIER.match(value)
    if dossier:
        return "-".join(re.sub(r"\s+", "", p) for p in dossier.group("dossier", "part") if p)
    return re.sub(r"\s+", "", value).replace(",", "-").replace("nr.", "").strip("-")


OFFICIAL_KAMERSTUK = "https://zoek.officielebekendmakingen.nl/kst-{target}.html"
OFFICIAL_ECLI = "https://deeplink.rechtspraak.nl/uitspraak?id={ecli}"
OFFICIAL_PUBLICATION = "https://zoek.officielebekendmakingen.nl/{target}.html"
_PUBLICATION_KINDS = ("publicatie", "aanhangsel", "handelingen")
_TK_DOCUMENT = re.compile(r"\d{4}D\d+$")  # a Tweede Kamer document number, not a Kamerstuk number


def official_url(ref: Reference) -> str | None:
    """Where the cited document is officially published: a Kamerstuk and the Staatsblad,
    Staatscourant, Aanhangsel and Handelingen on officielebekendmakingen.nl, a ruling (ECLI)
    on rechtspraak.nl; None when not known."""
    if ref.kind == "kamerstuk" and not _TK_DOCUMENT.search(ref.target):
        return OFFICIAL_KAMERSTUK.format(target=ref.target)
    if ref.kind in _PUBLICATION_KINDS and _PUBLICATION_ID.match(ref.target):
        return OFFICIAL_PUBLICATION.format(target=ref.target)
    if ref.kind == "ecli":
        return OFFICIAL_ECLI.format(ecli=ref.target)
    return None
