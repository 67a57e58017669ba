"""The OpenAPI 3 document of the JSON API; tests check the endpoints against it."""
from __future__ import annotations

import dataclasses
import datetime
import typing

from indexer.fields import FACETS
from indexer.model import Letter, field_types, plain_type

_NULLABLE_STRING = {"type": ["string", "null"]}
_JSON_TYPES = {str: "string", int: "integer", float: "number", bool: "boolean"}


def model_schema(kind: type, only: tuple[str, ...] | None = None) -> dict:
    """The JSON schema of a model class (``indexer.model``), as ``to_dict`` writes it: every
    field is always present, a missing value is null."""
    names = only or tuple(f.name for f in dataclasses.fields(kind))
    described = {f.name: f.metadata.get("description") for f in dataclasses.fields(kind)}
    hints = field_types(kind)
    properties = {}
    for name in names:
        properties[name] = _value_schema(hints[name])
        if described[name]:
            properties[name]["description"] = described[name]
    return {"type": "object", "required": list(names), "properties": properties}


def _value_schema(hint) -> dict:
    kind = plain_type(hint)
    nullable = kind is not hint
    if typing.get_origin(kind) is list:
        schema = {"type": "array", "items": _value_schema(typing.get_args(kind)[0])}
    elif dataclasses.is_dataclass(kind):
        schema = model_schema(kind)
    elif kind is datetime.date:
        schema = {"type": "string", "format": "date"}
    else:
        schema = {"type": _JSON_TYPES[kind]}
    if nullable:
        schema["type"] = [schema["type"], "null"]
    return schema


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

_LETTER_IN_HIT = model_schema(Letter, Letter.hit_fields())
_HIT = {
    "type": "object",
    "required": [*_LETTER_IN_HIT["required"], "url", "score", "passages"],
    "properties": {
        **_LETTER_IN_HIT["properties"],
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
        "suggestion": {"type": ["string", "null"],
                       "description": "Een andere spelling van de zoekvraag die duidelijk meer brieven vindt"},
        "respelled": {"type": ["string", "null"],
                      "description": "Vond de zoekvraag niets, dan zijn de resultaten die van deze andere spelling"},
        "as_typed_url": {"type": ["string", "null"],
                         "description": "Zoek toch op de zoekvraag zoals getypt (as_typed=1), als respelled gevuld is"},
        "undated_left_out": {"type": "integer", "minimum": 0,
                             "description": "Brieven die passen maar geen datum hebben en daarom buiten de periode "
                                            "(from/to) vielen"},
        "include_undated_url": {"type": ["string", "null"],
                                "description": "Dezelfde zoekvraag met die brieven erbij (undated=1); null als er geen zijn"},
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

LETTER = model_schema(Letter)

ERROR = {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}}


def _param(name: str, description: str, schema: dict | None = None, repeat: bool = False) -> dict:
    schema = schema or {"type": "string"}
    if repeat:
        schema = {"type": "array", "items": schema}
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema, **({"explode": True} if repeat else {})}


SEARCH_PARAMETERS = [
    _param("q", "Zoekvraag in de zoektaal van Kamerzoek"),
    _param("from", "Vanaf het begin van deze periode: een jaar (2021), een maand (2021-11, nov 2021) of een dag "
                   "(2021-11-17, 17-11-2021, 17 november 2021)"),
    _param("to", "Tot en met het einde van deze periode (to=2021: tot en met 31 december 2021)"),
    _param("undated", "1: brieven zonder datum tellen mee bij een periode (from/to)", {"type": "string", "enum": ["1"]}),
    *(_param(facet.name, f"Filter op {facet.help} (herhaalbaar; waarden OR)", repeat=True) for facet in FACETS),
    _param("as_typed", "1: zoek op de zoekvraag zoals getypt, ook als die niets vindt", {"type": "string", "enum": ["1"]}),
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
