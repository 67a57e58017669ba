"""Hostile queries at the search page, the API and the feed: never a 5xx, never the query's
markup rendered raw, and a 400 that says what is wrong.

Hypothesis throws arbitrary Unicode and query-language fragments; a fixed list covers the
cases we know to be dangerous (wildcards, deep nesting, huge fuzzy distances, 10 kB input).
"""
from __future__ import annotations

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import EXAMPLE_ID

MARKUP = "<script>alert(1)</script>"
EVENT = '"><img src=x onerror=alert(1)>'

FRAGMENTS = [
    '"', "(", ")", "*", "?", "~", "~2", "~9", "^", ":", "-", "+", "[", "]", "{", "}", " TO ", " OR ", " AND ",
    " NOT ", " OF ", " NIET ", "a*", "lo*", "lokprofiel", "mensenhandel", "date:", "datum:", "subject:",
    "kenmerk:", "ref:", "foo:", "ECLI:NL:", "2021", "2021-11", "2021-13-45", "17 november 2021", "[2021 TO",
    "TO 2020]", "\x00", "\u202e", "é", "ï", "ß", "𝕬", "😀", "\\", "/", MARKUP, EVENT, "&amp;", "%", "'",
]
hostile_text = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=6), max_size=30).map("".join),
)

KNOWN_HOSTILE = [
    "*", "a*", "**", "?*", "*a", "b*d", "ab??", "kenmerk:*", "ref:ECLI:*", "body:a*b*c*d*e*",
    '"', '"a" "b', "(", ")", "(a", "a)", "((((((((((a))))))))))", "(" * 200 + "a" + ")" * 200,
    "x" * 10_000, "a " * 5000, "lokprofiel " * 900, '"' + "a " * 400 + '"',
    "foo:bar", "a:b:c", ":", "::", "subject:", "date:", "date:[", "date:]", "ref:", 'ref:""',
    "date:9999-99-99", "date:[2021 TO]", "date:[TO 2021]", "date:0000", "date:[a TO b]", "date:-1",
    "date:99999999999", "datum:2021-02-30", "date:2021-13", "date:[2021-01-01 TO 2020-01-01]",
    "date:>2021", "date:<1", "date:[19000101 TO 30000101]", "date:2021-11-17T10:00",
    "~", "a~", "a~2", "a~9", "lokprofiel~3", "lokprofiel~99", "mensenhandelaren~2", "x" * 60 + "~2",
    '"a b"~99999999', "a~-1", "a~1.5", "a^1000000000", "a^x", "^",
    "NOT", "OR", "AND", "a OR", "OR OR OR", "-", "--a", "NOT NOT a", "NOT (a)", "a NOT", "-lokprofiel",
    "\x00", "\u202e", "𝕬𝖇𝖈", "\\", "'", MARKUP, f'"{MARKUP}"', f"subject:{MARKUP}", EVENT,
    "[a TO b]", "{a TO b}", "body:[a TO z]", "body:[ TO ]",
]
ODD_PARAMS = [
    {"from": "2021-99-99"}, {"to": "x"}, {"from": "0001-01-01"}, {"to": "9999-12-31"}, {"from": "99999"},
    {"from": "31 februari 2021"}, {"from": "2022-01-01", "to": "2021-01-01"}, {"from": MARKUP},
    {"page": "-1"}, {"page": "1e9"}, {"page": "999999999999999999999"}, {"per_page": "100000"},
    {"per_page": "0"}, {"sort": "x"}, {"sort": MARKUP}, {"directorate": MARKUP}, {"year": "x" * 5000},
    {"type": "\x00"}, {"ministry": EVENT}, {"unknown": "1"},
]


def check(client, url: str, params: dict) -> None:
    response = client.get(url, query_string=params)
    body = response.get_data(as_text=True)
    assert response.status_code < 500, (url, params, body[:300])
    assert response.status_code in (200, 400), (url, params, response.status_code)
    assert "Traceback" not in body
    assert response.headers.get("X-Content-Type-Options") == "nosniff"
    if url.startswith("/api/"):
        data = json.loads(body)
        if response.status_code == 400:
            assert isinstance(data.get("error"), str) and len(data["error"]) > 10
    elif url == "/":
        assert "<script>alert" not in body and "<img src=x" not in body, "query markup rendered raw"
        assert "onerror=alert" not in body.replace("onerror=alert(1)&gt;", "")
        if response.status_code == 400:
            assert re.search(r'class="error"[^>]*>[^<]{10,}', body), "a 400 page says what is wrong"
    elif url.startswith("/letters/"):
        assert response.status_code == 200, "a bad ?q= on a letter page is a note, not an error page"
        assert "<script>alert" not in body and "<img src=x" not in body
    else:  # the Atom feed: XML, so the markup must be escaped too
        assert "<script>alert" not in body


@pytest.mark.parametrize("q", KNOWN_HOSTILE, ids=lambda q: repr(q[:30]))
def test_known_hostile_queries_are_answered_or_refused_with_a_message(client, q):
    for url in ("/", "/api/search", "/feed", f"/letters/{EXAMPLE_ID}"):
        check(client, url, {"q": q})


@pytest.mark.parametrize("params", ODD_PARAMS, ids=lambda p: repr(p)[:40])
def test_odd_parameters_are_answered_or_refused_with_a_message(client, params):
    for url in ("/", "/api/search"):
        check(client, url, {"q": "mensenhandel", **params})


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=hostile_text)
def test_any_text_is_answered_or_refused_with_a_message(client, q):
    check(client, "/api/search", {"q": q})
    check(client, "/", {"q": q})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=hostile_text, date_from=st.text(max_size=20), field=st.text(max_size=12))
def test_any_dates_and_field_names_are_answered_or_refused(client, q, date_from, field):
    check(client, "/api/search", {"q": f"{field}:{q}", "from": date_from})


def test_invalid_utf8_in_the_query_string_is_not_a_server_error(client):
    for raw in (b"q=%ff%fe", b"q=%c3%28", b"q=%ed%a0%80", b"q=%00", b"q=%e2%82"):
        for url in ("/", "/api/search"):
            response = client.get(url + "?" + raw.decode("ascii"))
            assert response.status_code in (200, 400), (url, raw)


def test_a_huge_fuzzy_distance_is_refused_not_expanded(client):
    response = client.get("/api/search", query_string={"q": "lokprofiel~99"})
    assert response.status_code == 400
    assert "~" in response.get_json()["error"]
