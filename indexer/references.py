"""Citations of other parliamentary papers, found in letter text and footnotes.

Each reference keeps the text as written and a normalised target that links and filters
use: Kamerstukken as "<dossier>[-<suffix>]-<nr>" ("28638-184", "35570-VI-3"), ECLI numbers
upper-cased, motions as "motie <names>" in lower case.
"""
from __future__ import annotations

import re

from .model import Reference

_KAMERSTUK = re.compile(
    r"\b[Kk]amerstuk(?:ken)?"
    r"(?:\s+(?:I|II|EK|TK))?"  # chamber
    r"(?:\s+\d{4}(?:/|-|–)\d{2,4},?)?"  # parliamentary year
    r"\s+(?P<dossier>\d{2}\s?\d{3})"
    r"(?P<suffix>(?:[\s-]+(?:[IVXLC]+(?:-[A-Z])?|[A-Z]))?)"
    r",?\s+nr\.?\s*(?P<nr>\d{4}D\d+|\d+[A-Za-z]?)",
)
# "(29 279, nr. 805)", "21 501-20, nr. 1983", "36 600 VI, nr. 7": the printed number with its
# space, without the word Kamerstuk (the space keeps amounts and years from matching)
_BARE_KAMERSTUK = re.compile(
    r"(?<![\d,.])(?P<dossier>\d{2}\s\d{3})"
    r"(?P<suffix>(?:-\d{1,3}|\s+[IVXLC]+(?:-[A-Z])?|\s+[A-Z](?=,))?)"
    r",\s+nr\.?\s*(?P<nr>\d+[A-Za-z]?)\b",
)
_ECLI = re.compile(r"\bECLI:[A-Z]{2}:[A-Z0-9]{1,7}:\d{4}:[A-Z0-9.]{1,25}\b", re.I)
_NAME = r"(?:(?:[Vv]an|[Dd]e|[Dd]er|[Tt]en|[Tt]er|[Ii]n\s+'t|'t)\s+)*[A-Z][\w'ë-]+"
_MOTIE = re.compile(
    rf"\b[Mm]otie(?:s)?[\s-]+(?:van\s+(?:de\s+)?(?:leden|het\s+lid)\s+)?"
    rf"(?P<names>{_NAME}(?:\s*[/-]\s*{_NAME}|\s+(?:c\.s\.|en\s+{_NAME}))*)"
)
_NOT_NAMES = {"De", "Het", "Een", "Dit", "Deze", "In", "Op", "Die", "Dat"}


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

    def add(kind: str, text: str, target: str) -> None:
        if (kind, target) not in seen:
            seen.add((kind, target))
            found.append(Reference(kind=kind, text=text.strip(), target=target))

    for text in texts:
        if not text:
            continue
        text = re.sub(r"\s+", " ", text)
        for m in _KAMERSTUK.finditer(text):
            add("kamerstuk", m.group(0), _normalise_kamerstuk(m))
        for m in _BARE_KAMERSTUK.finditer(text):
            add("kamerstuk", m.group(0), _normalise_kamerstuk(m))
        for m in _ECLI.finditer(text):
            add("ecli", m.group(0), m.group(0).upper())
        for m in _MOTIE.finditer(text):
            names = m.group("names")
            if names.split()[0] in _NOT_NAMES:
                continue
            target = "motie " + re.sub(r"\s*[/-]\s*", "/", names).lower()
            add("motie", m.group(0), target)
    return found


def normalise_reference_query(value: str) -> str:
    """What a user types in ref:... ('28 638, nr. 184', '28638-184') to the stored target."""
    value = value.strip()
    if value.upper().startswith("ECLI:"):
        return value.upper()
    m = _KAMERSTUK.search("Kamerstuk " + value)
    if m:
        return _normalise_kamerstuk(m)
    return re.sub(r"\s+", "", value).replace(",", "-").replace("nr.", "").strip("-")
