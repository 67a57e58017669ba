"""Absolute links (API, feed, citations) start with the configured public URL, never with the
Host header a client sent: behind a shared cache, an echoed host would be served to everyone."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from indexer import cli
from web import create_app

from .conftest import CORPUS, EXAMPLE_ID

ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE = {"Host": "evil.example", "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "gopher"}


def app_with(corpus_index, **config):
    return create_app({"INDEX_DIR": str(corpus_index), "CORPUS_DIRS": [str(CORPUS)], "TESTING": True, **config})


def feed_links(response) -> list[str]:
    feed = ET.fromstring(response.data)
    return [link.get("href") for link in feed.iter(f"{ATOM}link")] + [i.text for i in feed.iter(f"{ATOM}id")]


@pytest.mark.parametrize("path", ["/api/search?q=lokprofiel", "/feed?q=lokprofiel", f"/letters/{EXAMPLE_ID}"])
def test_a_hostile_host_header_is_never_echoed(client, path):
    body = client.get(path, headers=HOSTILE).get_data(as_text=True)
    assert "evil.example" not in body and "gopher" not in body


def test_the_configured_public_url_starts_every_absolute_link(corpus_index):
    client = app_with(corpus_index, PUBLIC_URL="https://kamerzoek.example.nl/").test_client()
    data = client.get("/api/search?q=lokprofiel", headers=HOSTILE).get_json()
    urls = [h["url"] for h in data["hits"]] + [p["url"] for h in data["hits"] for p in h["passages"]]
    assert urls and all(u.startswith("https://kamerzoek.example.nl/letters/") for u in urls)
    links = feed_links(client.get("/feed?q=lokprofiel", headers=HOSTILE))
    assert links and all(link.startswith("https://kamerzoek.example.nl/") for link in links)


def test_the_public_url_comes_from_the_environment(corpus_index, monkeypatch):
    monkeypatch.setenv("KAMERZOEK_PUBLIC_URL", "https://zoek.example.org")
    app = create_app({"INDEX_DIR": str(corpus_index)})
    assert app.config["PUBLIC_URL"] == "https://zoek.example.org"


@pytest.mark.parametrize("value", ["kamerzoek.example.nl", "ftp://x.example", "https://x.example/?a=1", "https://"])
def test_a_public_url_that_is_not_one_is_refused_at_start(corpus_index, value):
    with pytest.raises(ValueError, match="publieke URL"):
        app_with(corpus_index, PUBLIC_URL=value)


# --- kamerzoek serve ------------------------------------------------------------------------

@pytest.fixture()
def served(monkeypatch):
    """What `kamerzoek serve` would hand to waitress, without listening."""
    import waitress

    calls = {}

    class NotListening:  # waitress's server as serve uses it: created, asked its port, run
        def __init__(self, app, **kwargs):
            calls.update(app=app, **kwargs)
            self.effective_port = kwargs["port"]

        def run(self):
            pass

    monkeypatch.setattr(waitress, "create_server", NotListening)
    return calls


def serve(corpus_index, *flags) -> int:
    return cli.main(["serve", "--index", str(corpus_index), "--corpus", str(CORPUS), *flags])


def test_serve_links_with_its_own_address_by_default(corpus_index, served, monkeypatch):
    monkeypatch.delenv("KAMERZOEK_PUBLIC_URL", raising=False)
    assert serve(corpus_index, "--port", "8123") == 0
    assert served["app"].config["PUBLIC_URL"] == "http://127.0.0.1:8123"
    assert "trusted_proxy" not in served, "no proxy is believed unless one is named"


def test_serve_takes_the_public_url_and_a_trusted_proxy_from_flags(corpus_index, served):
    assert serve(corpus_index, "--public-url", "https://kamerzoek.example.nl", "--trusted-proxy", "10.0.0.2") == 0
    assert served["app"].config["PUBLIC_URL"] == "https://kamerzoek.example.nl"
    assert served["trusted_proxy"] == "10.0.0.2" and served["clear_untrusted_proxy_headers"] is True
    assert "x-forwarded-host" not in served["trusted_proxy_headers"], "links never follow a forwarded host"


def test_serve_on_all_interfaces_asks_for_a_public_url(corpus_index, served, monkeypatch, capsys):
    monkeypatch.delenv("KAMERZOEK_PUBLIC_URL", raising=False)
    assert serve(corpus_index, "--host", "0.0.0.0") == 0
    assert served["app"].config["PUBLIC_URL"] == "http://localhost:8000"
    assert "--public-url" in capsys.readouterr().out


def test_serve_with_a_wrong_public_url_is_a_usage_error(corpus_index, served, capsys):
    assert serve(corpus_index, "--public-url", "kamerzoek.example.nl") == 2
    assert "publieke URL" in capsys.readouterr().err and not served
