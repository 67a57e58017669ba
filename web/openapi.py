"""The OpenAPI 3 document of the JSON API; tests check the endpoints against it."""
from __future__ import annotations

from indexer.fields import FACETS

_NULLABLE_STRING = {"type": ["string", "null"]}

# The letter's metadata, as both a search hit and the letter JSON carry it.
_METADATA = {
    "kenmerk": _NULLABLE_STRING,
    "kamerstuk": {"type": ["string", "null"], "description": "the paper this letter is: <dossier>-<nr>"},
    "date": {"type": ["string", "null"], "format": "date"},
    "directorate": _NULLABLE_STRING,
    "ministry": _NULLABLE_STRING,
    "subject": _NULLABLE_STRING,
}

_SOURCE = {
    "type": "object",
    "required": ["path", "format", "sha256"],
    "properties": {
        "path": {"type": "string", "description": "the file the letter was read from, relative to its corpus folder"},
        "format": {"type": "string"},
        "sha256": {"type": "string"},
        "url": {"type": ["string", "null"], "description": "the official publication's address, where known"},
    },
}

_PASSAGE_HIT = {
    "type": "object",
    "required": ["anchor", "url", "snippet"],
    "properties": {
        "anchor": {"type": "string", "pattern": "^p-[0-9]+$"},
        "heading": _NULLABLE_STRING,
        "url": {"type": "string"},
        "snippet": {"type": "string", "description": "HTML: letter text escaped, matches in <mark>"},
    },
}

_HIT = {
    "type": "object",
    "required": ["id", "kenmerk", "kamerstuk", "date", "directorate", "ministry", "subject", "source", "url", "score",
                 "passages"],
    "properties": {
        "id": {"type": "string"},
        **_METADATA,
        "source": _SOURCE,
        "url": {"type": "string"},
        "score": {"type": "number"},
        "passages": {"type": "array", "items": _PASSAGE_HIT},
    },
}

SEARCH_RESULT = {
    "type": "object",
    "required": ["query", "total", "page", "per_page", "took_ms", "hits", "facets"],
    "properties": {
        "query": {"type": "string"},
        "total": {"type": "integer", "minimum": 0},
        "page": {"type": "integer", "minimum": 1},
        "per_page": {"type": "integer", "minimum": 1},
        "took_ms": {"type": "number"},
        "suggestion": _NULLABLE_STRING,
        "hits": {"type": "array", "items": _HIT},
        "facets": {
            "type": "object",
            "additionalProperties": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["value", "count"],
                    "properties": {"value": {"type": "string"}, "count": {"type": "integer"}},
                },
            },
        },
    },
}

LETTER = {
    "type": "object",
    "required": ["id", "kenmerk", "kamerstuk", "date", "directorate", "ministry", "subject", "signer", "addressee",
                 "doc_type", "source", "passages", "footnotes", "references"],
    "properties": {
        "id": {"type": "string"},
        **_METADATA,
        "signer": {
            "type": ["object", "null"],
            "properties": {"name": _NULLABLE_STRING, "role": _NULLABLE_STRING},
        },
        "addressee": _NULLABLE_STRING,
        "doc_type": _NULLABLE_STRING,
        "source": _SOURCE,
        "passages": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["anchor", "heading", "text"],
                "properties": {"anchor": {"type": "string"}, "heading": _NULLABLE_STRING, "text": {"type": "string"}},
            },
        },
        "footnotes": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["number", "text"],
                "properties": {"number": {"type": "string"}, "text": {"type": "string"}},
            },
        },
        "references": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["kind", "text", "target"],
                "properties": {"kind": {"type": "string"}, "text": {"type": "string"}, "target": {"type": "string"}},
            },
        },
    },
}

ERROR = {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}}


def _param(name: str, description: str, schema: dict | None = None, repeat: bool = False) -> dict:
    schema = schema or {"type": "string"}
    if repeat:
        schema = {"type": "array", "items": schema}
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema, **({"explode": True} if repeat else {})}


SEARCH_PARAMETERS = [
    _param("q", "Zoekvraag in de zoektaal van Kamerzoek"),
    _param("from", "Vanaf datum (2021-11-17, 17-11-2021 of 17 november 2021)"),
    _param("to", "Tot en met datum"),
    *(_param(facet.name, f"Filter op {facet.help} (herhaalbaar; waarden OR)", repeat=True) for facet in FACETS),
    _param("sort", "Sortering", {"type": "string", "enum": ["relevance", "date_desc", "date_asc"]}),
    _param("page", "Pagina (vanaf 1)", {"type": "integer", "minimum": 1}),
    _param("per_page", "Resultaten per pagina", {"type": "integer", "minimum": 1, "maximum": 100}),
]


def _json(schema_ref: str, description: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_ref}"}}}}


def openapi_document() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Kamerzoek API", "version": "1.0.0",
                 "description": "Zoeken in Kamerbrieven: dezelfde zoektaal en filters als de zoekpagina."},
        "paths": {
            "/api/search": {"get": {
                "summary": "Zoek brieven",
                "parameters": SEARCH_PARAMETERS,
                "responses": {"200": _json("SearchResult", "Zoekresultaten"),
                              "400": _json("Error", "Ongeldige zoekvraag of parameter")},
            }},
            "/api/letters/{id}": {"get": {
                "summary": "Een brief met metadata, passages, voetnoten en verwijzingen",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"200": _json("Letter", "De brief"), "404": _json("Error", "Onbekende brief")},
            }},
            "/feed": {"get": {
                "summary": "Volg een zoekvraag: de nieuwste brieven als Atom-feed",
                "description": "Dezelfde parameters als /api/search; standaard nieuwste eerst. Elke entry linkt naar "
                               "de best passende passage van de brief.",
                "parameters": SEARCH_PARAMETERS,
                "responses": {
                    "200": {"description": "Atom 1.0 (RFC 4287)",
                            "content": {"application/atom+xml": {"schema": {"type": "string"}}}},
                    "400": {"description": "Ongeldige zoekvraag of parameter: de reden als tekst",
                            "content": {"text/plain": {"schema": {"type": "string"}}}},
                },
            }},
            "/healthz": {"get": {
                "summary": "Gezondheid van de dienst",
                "responses": {"200": {"description": "De index is leesbaar", "content": {"application/json": {
                    "schema": {"type": "object", "required": ["status", "letters"],
                               "properties": {"status": {"type": "string"}, "letters": {"type": "integer"}}}}}}},
            }},
        },
        "components": {"schemas": {"SearchResult": SEARCH_RESULT, "Letter": LETTER, "Error": ERROR}},
    }
