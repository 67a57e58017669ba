"""Shared fixtures: one index built once per test session from corpus/, the app, a client.

Tests that need real letters beyond corpus/ read them from ../shared/ beside the project
(the team's shared folder) and are skipped with a reason where that folder is absent.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from indexer.indexing import index_paths
from indexer.search import SearchService
from web import create_app

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"
EXAMPLE_LETTER = SHARED / "examples" / "2021-11-17-jenv-opsporing-en-vervolging-mensenhandel.md"
EXAMPLE_ID = "jenv-2021-11-17-3627733"


def shared_file(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared test data not present: {path.relative_to(SHARED.parent)}")
    return path


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory) -> Path:
    """The bundled corpus, indexed once for the whole session."""
    index_dir = tmp_path_factory.mktemp("index")
    report = index_paths([CORPUS], index_dir)
    assert report.added, "the bundled corpus should index"
    return index_dir


@pytest.fixture(scope="session")
def service(corpus_index) -> SearchService:
    return SearchService(str(corpus_index))


@pytest.fixture()
def app(corpus_index):
    return create_app({"INDEX_DIR": str(corpus_index), "CORPUS_DIRS": [str(CORPUS)], "TESTING": True})


@pytest.fixture()
def client(app):
    return app.test_client()


# --- a small hand-made corpus, for what needs several letters (facets, filters, paging) ------

HANDMADE = [
    # (file, kenmerk, Dutch date, directorate, URL slug of the ministry, subject, paragraphs)
    ("a.md", "1000001", "17 november 2021", "Directoraat-Generaal Politie en Veiligheidsregio's", "jenv",
     "Lokprofielen in de opsporing", ["De inzet van lokprofielen tegen mensenhandel wordt breder.",
                                       "De webcrawler zoekt advertenties."]),
    ("b.md", "1000002", "3 maart 2020", "Directoraat-Generaal Politie en Veiligheidsregio's", "jenv",
     "Voortgang lokprofiel en capaciteit", ["Een lokprofiel werkt alleen met voldoende capaciteit."]),
    ("c.md", "1000003", "9 juni 2019", "Directoraat-Generaal Straffen en Beschermen", "jenv",
     "Lokprofielen en het toezicht", ["Over lokprofielen in het gevangeniswezen."]),
    ("d.md", "1000004", "1 februari 2021", "Directoraat-Generaal Straffen en Beschermen", "jenv",
     "Reclassering", ["Deze brief gaat over reclassering en niet over het zoekwoord."]),
]


def handmade_markdown(kenmerk, date, directorate, slug, subject, paragraphs) -> str:
    """A letter in the shape of corpus/*.md: letterhead blocks, then the body."""
    head = directorate.split(" ", 1)
    return "\n".join([
        "> Retouradres Postbus 20301 2500 EH Den Haag", "",
        "Aan de Voorzitter van de Tweede Kamer  ", "der Staten-Generaal", "",
        f"**{head[0]}  ", f"{head[1]}**", "",
        f"[www.rijksoverheid.nl/{slug}](http://www.rijksoverheid.nl/{slug})", "",
        "**Ons kenmerk**  ", kenmerk, "",
        f"Datum {date}  ", f"Onderwerp {subject}", "",
        *[p + "\n" for p in paragraphs],
    ])


@pytest.fixture(scope="session")
def small_corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("small-corpus")
    for name, *fields in HANDMADE:
        (folder / name).write_text(handmade_markdown(*fields), encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def small_index(small_corpus, tmp_path_factory) -> Path:
    index_dir = tmp_path_factory.mktemp("small-index")
    report = index_paths([small_corpus], index_dir)
    assert len(report.added) == len(HANDMADE), report.failed
    return index_dir


@pytest.fixture()
def small_client(small_index, small_corpus):
    app = create_app({"INDEX_DIR": str(small_index), "CORPUS_DIRS": [str(small_corpus)], "TESTING": True})
    return app.test_client()


# --- a real HTTP server over the session index, for the browser tests -----------------------

@pytest.fixture(scope="session")
def live_server(corpus_index):
    """The app served by werkzeug on 127.0.0.1 and a free port, in a thread; yields its base URL."""
    import threading

    from werkzeug.serving import make_server

    app = create_app({"INDEX_DIR": str(corpus_index), "CORPUS_DIRS": [str(CORPUS)]})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
