"""The JSON API: /api/search, /api/letters/<id>, /api/openapi.json and /healthz."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request

from .letter_data import load_letter
from .openapi import openapi_document
from .search_data import search_data, search_json
from .service import search_service
from .urls import absolute

bp = Blueprint("api", __name__)


@bp.get("/api/search")
def search():
    data = search_data(request.args, current_app.config["PER_PAGE"])
    return jsonify(search_json(data, base=absolute("")))


@bp.get("/api/letters/<letter_id>")
def letter(letter_id: str):
    return jsonify(load_letter(letter_id).to_dict())


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
