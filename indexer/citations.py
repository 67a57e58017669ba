"""The passages of a letter that hold a citation a query asks for (ref:28638, ref:36600-X-55).

The ref field has no positions, so the index cannot say which passage cites what; the letter
can. A passage holds a citation when its own text cites the document (or a document of the
dossier) asked for, or when it carries the marker of a footnote that does. Its snippet marks the
citation, and quotes the footnote where that is where the citation stands.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .cleaning import FOOTNOTE_MARKER, strip_markers
from .model import Letter
from .references import cited_spans, cites, may_be_cited

REF_FIELD = "ref"


@dataclass(frozen=True)
class CitingPassage:
    index: int  # in letter.passages
    text: str  # the passage as snippets show it, a citing footnote quoted after it
    spans: tuple[tuple[int, int], ...]  # where the citations are in ``text``


def wanted_citations(terms) -> frozenset[str]:
    """The documents and dossiers a query asks for, from its (field, word) pairs. Plain words
    are looked for in the ref field too; those no citation can be are left out."""
    return frozenset(text for field, text in terms if field == REF_FIELD and may_be_cited(text))


def citing_passages(letter: Letter, wanted: frozenset[str]) -> list[CitingPassage]:
    """The passages that cite any of ``wanted``, in letter order."""
    if not wanted:
        return []
    notes = {note.number: note.text for note in letter.footnotes}
    found = []
    for index, passage in enumerate(letter.passages):
        text = strip_markers(passage.text)
        spans = _matching(text, wanted)
        for number in FOOTNOTE_MARKER.findall(passage.text):
            note_spans = _matching(notes.get(number, ""), wanted)
            if note_spans:
                quoted = f" (voetnoot {number}: "
                offset = len(text) + len(quoted)
                text = f"{text}{quoted}{notes[number]})"
                spans += [(start + offset, end + offset) for start, end in note_spans]
        if spans:
            found.append(CitingPassage(index, text, tuple(_merged(spans))))
    return found


def _matching(text: str, wanted: frozenset[str]) -> list[tuple[int, int]]:
    telltale = _telltale(wanted)
    if telltale is not None and not telltale.search(text):
        return []
    return [(start, end) for start, end, ref in cited_spans(text) if any(cites(ref.target, w) for w in wanted)]


@lru_cache(maxsize=64)
def _telltale(wanted: frozenset[str]) -> re.Pattern | None:
    """What a text must hold to cite any of ``wanted``, or None where that is not known: a
    Kamerstuk's dossier number as printed ("28 638", "28638"; a target begins with it), a
    ruling's ECLI number. Most passages of a letter hold none, and go unsearched."""
    found = []
    for target in wanted:
        if re.match(r"\d{5}", target):
            found.append(re.escape(target[:2]) + r"\s?" + re.escape(target[2:5]))
        elif target.startswith("ecli:"):
            found.append(f"(?i:{re.escape(target)})")
        else:  # a motion: its target is made of the names as written
            return None
    return re.compile("|".join(found))


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping spans as one ("Kamerstuk 28 638, nr. 184" and its "28 638, nr. 184")."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


