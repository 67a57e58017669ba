"""A short load run against the real server (scripts/loadtest.py): 200 requests, 8 clients.
Bounded by the number of requests, not by time: latency is measured in bench/."""
from __future__ import annotations

import itertools
import json
import subprocess
import sys

import pytest

from indexer.search import SearchRequest, SearchService, SearchTooCostly
from web import create_app

from .conftest import ROOT


def test_a_short_load_run_has_no_errors():
    proc = subprocess.run(
        [sys.executable, "scripts/loadtest.py", "--mix", "plain", "--clients", "8", "--requests", "200", "--seconds", "3600",
         "--letters", "0", "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=3600,  # bounded by requests; a hang guard only
    )
    results = json.loads(proc.stdout)
    assert proc.returncode == 0, results
    (level,) = results
    assert level["requests"] == 200 and level["errors"] == 0 and level["over_budget"] == 0  # latency is measured in bench/, not here


def test_a_search_over_its_time_budget_is_stopped_with_a_dutch_503(corpus_index):
    client = create_app({"INDEX_DIR": str(corpus_index), "SEARCH_SECONDS": 0}).test_client()
    response = client.get("/api/search", query_string={"q": "begroting~"})
    assert response.status_code == 503
    assert "rekenwerk" in response.get_json()["error"] and "~" in response.get_json()["error"]
    page = client.get("/", query_string={"q": "begroting~"})
    assert page.status_code == 503 and "rekenwerk" in page.get_data(as_text=True)
    assert client.get("/healthz").status_code == 200  # the server itself is fine


def test_the_budget_is_checked_while_the_query_is_evaluated(corpus_index):
    ticks = itertools.count()  # a clock that moves one second at every look
    service = SearchService(str(corpus_index), budget_seconds=10, clock=lambda: next(ticks))
    with pytest.raises(SearchTooCostly):
        service.search(SearchRequest(q=" OR ".join(f"woord{n}" for n in range(40))))
    assert next(ticks) < 20, "stopped inside the query, long before its 40 words were all evaluated"
    assert SearchService(str(corpus_index)).search(SearchRequest(q="lokprofiel")).total >= 1  # no budget: no stop
