"""The letter page (/letters/<id>) and the original file it was read from (/letters/<id>/source)."""
from __future__ import annotations

from flask import Blueprint, abort, render_template, request, send_file

from .letter_data import letter_data, load_letter, source_file

bp = Blueprint("letters", __name__)

# Served as text, never as the browser would render it: an HTML or XML publication is
# shown as its source, so nothing in it runs on this site.
SOURCE_TYPES = {".pdf": "application/pdf", ".html": "text/plain", ".htm": "text/plain", ".xml": "text/plain",
                ".json": "text/plain", ".md": "text/plain", ".txt": "text/plain"}


@bp.get("/letters/<letter_id>")
def letter(letter_id: str):
    return render_template("letter.html", data=letter_data(letter_id, request.args))


@bp.get("/letters/<letter_id>/source")
def source(letter_id: str):
    path = source_file(load_letter(letter_id))
    if path is None:
        abort(404, description="Het originele bestand van deze brief staat niet op deze server.")
    return send_file(path, mimetype=SOURCE_TYPES.get(path.suffix.lower(), "application/octet-stream"),
                     download_name=path.name, as_attachment=path.suffix.lower() != ".pdf")
