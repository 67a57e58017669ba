"""What the engines measured beside Kamerzoek share: one flat record per letter (the same
fields for every engine) and the result of one search page."""
from __future__ import annotations

from dataclasses import dataclass, field

# Kamerzoek's field weights (indexer/query.py FIELD_BOOSTS) for the fields all engines index.
FIELD_WEIGHTS = {"subject": 3.0, "heading": 1.5, "body": 1.0, "kenmerk": 2.0, "directorate": 0.5, "ref": 1.0}
FACETS = ("directorate", "ministry", "year", "type")
PER_PAGE = 10
PASSAGES_PER_HIT = 3


@dataclass
class Page:
    """One search page: what the web page shows, from any engine."""
    total: int
    hits: list[str]  # letter ids, in page order
    facets: dict[str, list[tuple[str, int]]]
    passages: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # letter id -> [(anchor, snippet)]


def flat(letter) -> dict:
    """A letter as the fields every engine indexes."""
    headings = list(dict.fromkeys(p.heading for p in letter.passages if p.heading))
    body = [p.text for p in letter.passages] + [f.text for f in letter.footnotes]
    return {
        "id": letter.id,
        "kenmerk": letter.kenmerk or "",
        "day": letter.date.toordinal() if letter.date else 0,
        "date": letter.date.isoformat() if letter.date else None,
        "year": letter.date.year if letter.date else 0,
        "directorate": letter.directorate or "",
        "ministry": letter.ministry or "",
        "type": letter.doc_type or "",
        "subject": letter.subject or "",
        "heading": "\n".join(headings),
        "body": "\n".join(body),
        "ref": [r.target for r in letter.references],
        "passages": [(p.anchor, p.heading or "", p.text) for p in letter.passages],
    }


def variant_bounds(variant: dict) -> tuple[int | None, int | None, list[str]]:
    """(first day, last day, ministries) of a query variant, as day numbers."""
    import datetime as dt

    start = dt.date.fromisoformat(variant["date_from"]).toordinal() if variant.get("date_from") else None
    end = dt.date.fromisoformat(variant["date_to"]).toordinal() if variant.get("date_to") else None
    return start, end, list(variant.get("filters", {}).get("ministry", []))
