"""The JSON API: /api/search, /api/letters/<id>, /api/openapi.json and /healthz."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, request

from indexer.query import QueryError
from indexer.serialize import search_result_json

from . import search_service
from .letters import LETTER_ID
from .openapi import openapi_document
from .params import search_request

bp = Blueprint("api", __name__)


@bp.get("/api/search")
def search():
    search, error = search_request(request.args, current_app.config["PER_PAGE"])
    if error:
        return jsonify(error=error), 400
    try:
        result = search_service().search(search)
    except QueryError as exc:
        return jsonify(error=str(exc)), 400
    return jsonify(search_result_json(result, base_url=request.host_url.rstrip("/")))


@bp.get("/api/letters/<letter_id>")
def letter(letter_id: str):
    letter = search_service().get_letter(letter_id) if LETTER_ID.match(letter_id) else None
    if letter is None:
        abort(404, description=f"Er is geen brief met id '{letter_id}'.")
    return jsonify(letter.to_dict())


@bp.get("/api/openapi.json")
def openapi():
    return jsonify(openapi_document())


@bp.get("/healthz")
def healthz():
    try:
        letters = search_service().letter_count()
    except Exception:
        return jsonify(status="error", letters=None), 503
    return jsonify(status="ok", letters=letters)
