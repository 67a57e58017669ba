"""The search page (/) and the Atom feed of any search (/feed)."""
from __future__ import annotations

import datetime as _dt
import re

from flask import Blueprint, Response, current_app, render_template, request

from .search_data import SORT_LABELS, search_data
from .service import search_service
from .urls import absolute, search_path

bp = Blueprint("search", __name__)

FEED_SIZE = 20
# Characters XML 1.0 does not allow anywhere, not even escaped: a feed holding one (a query
# with %01, a letter with a stray control character) is not a feed a reader accepts.
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@bp.get("/")
def index():
    data = search_data(request.args, current_app.config["PER_PAGE"])
    return render_template("search.html", data=data, search=data.request, sort_labels=SORT_LABELS,
                           letters_indexed=search_service().letter_count())  # an empty or small index invites adding letters


@bp.get("/feed")
def feed():
    args = request.args.copy()
    if not args.get("sort"):
        args["sort"] = "date_desc"  # a feed is read newest first
    data = search_data(args, FEED_SIZE)
    dates = [hit.letter.date for hit in data.hits if hit.letter.date]
    xml = render_template(
        "feed.xml",
        data=data,
        updated=max(dates, default=_dt.date(2000, 1, 1)),
        self_url=absolute(request.full_path.rstrip("?")),
        page_url=absolute(search_path(data.state)),
    )
    return Response(NOT_XML.sub("", xml), mimetype="application/atom+xml")
