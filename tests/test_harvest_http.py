"""The harvester's HTTP client is polite and patient: it names itself, keeps to a rate, waits
as long as a 429's Retry-After asks, backs off after a 5xx or a timeout, and gives up with a
clear reason. Against a real server on 127.0.0.1; the waits are recorded, not slept."""
from __future__ import annotations

import pytest

from indexer.harvest.http import FetchError, Unusable
from tests.harvest_server import Clock, Fault, FakeSources, local_client


@pytest.fixture()
def server():
    with FakeSources() as fake:
        fake.files["/brief.xml"] = b"<brief>tekst</brief>"
        yield fake


def test_every_request_names_kamerzoek_and_its_version(server):
    from importlib.metadata import version

    local_client().get(server.base + "/brief.xml")
    assert server.log[0].user_agent == f"Kamerzoek/{version('kamerzoek')}"


def test_a_429_is_retried_after_the_seconds_its_retry_after_asks(server):
    server.fault("/brief.xml", Fault(status=429, headers={"Retry-After": "7"}))
    clock = Clock()
    assert local_client(clock).get(server.base + "/brief.xml").body == b"<brief>tekst</brief>"
    assert clock.slept == [7.0]
    assert [r.status for r in server.requests_for("/brief.xml")] == [429, 200]


def test_a_retry_after_given_as_a_date_is_honoured(server):
    import email.utils
    import time

    when = email.utils.formatdate(time.time() + 120, usegmt=True)
    server.fault("/brief.xml", Fault(status=503, headers={"Retry-After": when}))
    clock = Clock()
    local_client(clock).get(server.base + "/brief.xml")
    assert 100 < clock.slept[0] <= 120


def test_a_500_is_retried_with_a_growing_wait_then_succeeds(server):
    server.fault("/brief.xml", Fault(status=500), Fault(status=502), Fault(status=503))
    clock = Clock()
    assert local_client(clock).get(server.base + "/brief.xml").status == 200
    assert clock.slept == [1.0, 2.0, 4.0]


def test_a_server_that_keeps_failing_is_given_up_on_with_the_reason(server):
    server.fault("/brief.xml", *[Fault(status=500)] * 4)
    with pytest.raises(FetchError, match=r"HTTP 500 \(na 4 pogingen\)"):
        local_client().get(server.base + "/brief.xml")


def test_a_timeout_is_retried(server):
    server.fault("/brief.xml", Fault(hang=True))
    clock = Clock()
    response = local_client(clock, timeout=0.2).get(server.base + "/brief.xml")
    assert response.body == b"<brief>tekst</brief>" and clock.slept == [1.0]


def test_a_body_cut_short_that_the_check_rejects_is_fetched_again(server):
    server.fault("/brief.xml", Fault(cut_to=9))

    def whole_xml(response):
        if not response.body.endswith(b"</brief>"):
            raise Unusable("afgekapt")

    assert local_client().get(server.base + "/brief.xml", check=whole_xml).body == b"<brief>tekst</brief>"
    assert len(server.requests_for("/brief.xml")) == 2


def test_a_missing_file_is_not_retried(server):
    with pytest.raises(FetchError, match="HTTP 404") as failure:
        local_client().get(server.base + "/weg.xml")
    assert failure.value.status == 404 and len(server.requests_for("/weg.xml")) == 1


def test_a_retry_after_beyond_a_quarter_of_an_hour_is_reported_not_waited_for(server):
    server.fault("/brief.xml", Fault(status=429, headers={"Retry-After": "86400"}))
    clock = Clock()
    with pytest.raises(FetchError, match="86400 s te wachten"):
        local_client(clock).get(server.base + "/brief.xml")
    assert clock.slept == []


def test_requests_to_one_server_keep_to_the_rate(server):
    clock = Clock()
    client = local_client(clock, rate=4)
    for _ in range(3):
        client.get(server.base + "/brief.xml")
    assert clock.slept == [0.25, 0.25]


def test_only_web_addresses_are_fetched():
    with pytest.raises(FetchError, match="geen http"):
        local_client().get("file:///etc/passwd")
