"""The last step every parser shares: references, the stable id and the source record."""
from __future__ import annotations

from pathlib import Path

from ..cleaning import strip_markers
from ..ministries import abbreviation
from ..model import Letter, Source
from ..references import extract_references
from . import letter_id, sha256_of


def finish_letter(
    path: Path, data: bytes, fmt: str, *, official_id: str | None, extra_references=(), **fields
) -> Letter:
    passages = fields.get("passages") or []
    footnotes = fields.get("footnotes") or []
    body = "\n".join(strip_markers(p.text) for p in passages)
    date = fields.get("date")
    ident = letter_id(
        official_id,
        (abbreviation(fields.get("ministry")) or "").lower() or None,
        fields.get("kenmerk"),
        date.isoformat() if date else None,
        body,
    )
    references = _distinct([*extra_references, *extract_references(body, *(f.text for f in footnotes))])
    return Letter(
        id=ident,
        source=Source(path=str(path), format=fmt, sha256=sha256_of(data)),
        references=references,
        **fields,
    )


def _distinct(references: list) -> list:
    """One reference per (kind, target): an extref and the same citation found in its text."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for ref in references:
        if (ref.kind, ref.target) not in seen:
            seen.add((ref.kind, ref.target))
            kept.append(ref)
    return kept
