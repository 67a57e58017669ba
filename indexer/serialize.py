"""The public JSON of search results, shared by `kamerzoek search --json` and /api/search."""
from __future__ import annotations

from urllib.parse import quote

from .search import SearchResult


def letter_url(base_url: str, letter_id: str, anchor: str | None = None, q: str | None = None) -> str:
    url = f"{base_url}/letters/{quote(letter_id, safe='')}"
    if q:
        url += f"?q={quote(q, safe='')}"
    return url + (f"#{anchor}" if anchor else "")


def search_result_json(result: SearchResult, base_url: str = "") -> dict:
    request = result.request
    return {
        "query": request.q,
        "total": result.total,
        "page": request.page,
        "per_page": request.per_page,
        "took_ms": round(result.took_ms, 1),
        "suggestion": getattr(result, "suggestion", None),
        "hits": [
            {
                "id": hit.letter.id,
                "kenmerk": hit.letter.kenmerk,
                "kamerstuk": hit.letter.kamerstuk,
                "date": hit.letter.date.isoformat() if hit.letter.date else None,
                "directorate": hit.letter.directorate,
                "ministry": hit.letter.ministry,
                "subject": hit.letter.subject,
                "url": letter_url(base_url, hit.letter.id),
                "score": round(hit.score, 4),
                "passages": [
                    {
                        "anchor": p.anchor,
                        "heading": p.heading,
                        "url": letter_url(base_url, hit.letter.id, p.anchor, request.q or None),
                        "snippet": p.snippet,
                    }
                    for p in hit.passages
                ],
            }
            for hit in result.hits
        ],
        "facets": {
            name: [{"value": value, "count": count} for value, count in values]
            for name, values in result.facets.items()
        },
    }
