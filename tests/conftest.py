"""Shared fixtures: each corpus indexed once per test session, the app and a client over it.

- The test corpus: the founding letter (corpus/) and the letters made for the tests
  (tests/data/letters/, one per format: see tests/data/README). ``corpus_index``, ``service``,
  ``app``, ``client`` and ``live_server`` serve it; every test that needs an index and no real
  third-party documents uses these.
- The real documents: third-party files read from ../shared beside the repository (never
  copied into it). ``shared_index`` indexes a selection of them. Tests that read ../shared are
  marked ``real_documents`` (a test using ``shared_index`` is marked for it); where ../shared is
  absent they are deselected, and one line at the end of the run says so.
"""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import pytest

from indexer.indexing import index_paths
from indexer.search import SearchService
from web import create_app

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
MADE_LETTERS = ROOT / "tests" / "data" / "letters"
SEARCH_LETTERS = ROOT / "tests" / "data" / "search"  # made letters for what users type (tests/data/README)
TEST_CORPUS = [CORPUS, MADE_LETTERS]
EXAMPLE_LETTER = CORPUS / "2021-11-17-jenv-opsporing-en-vervolging-mensenhandel.md"
EXAMPLE_ID = "jenv-2021-11-17-3627733"

SHARED = ROOT.parent / "shared"
REAL_CORPUS = SHARED / "corpus-real"
SHARED_INDEX_FOLDERS = ("KingOfTheAce2+FRBR-Statengeneraal-Digitaal-scraper", "MinBZK+woo-besluit-broncode-PLOOI")
REAL_DOCUMENTS = "real_documents"
SHARED_ABSENT = "real-document tests: ../shared not present"
_DESELECTED = pytest.StashKey[int]()


def shared_file(*parts: str) -> Path:
    """A file in ../shared; only for tests marked ``real_documents``, so it must be there."""
    path = SHARED.joinpath(*parts)
    if not SHARED.is_dir():
        pytest.fail("../shared is not present: mark this test real_documents, so it is deselected then")
    if not path.exists():
        pytest.fail(f"missing from ../shared: {path.relative_to(SHARED)}")
    return path


# --- real-document tests: deselected as a group where ../shared is absent --------------------

def pytest_configure(config):
    config.addinivalue_line(
        "markers", f"{REAL_DOCUMENTS}: reads third-party documents from ../shared; deselected when it is absent"
    )


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "shared_index" in item.fixturenames:
            item.add_marker(REAL_DOCUMENTS)
    if SHARED.is_dir():
        return
    real = [item for item in items if item.get_closest_marker(REAL_DOCUMENTS)]
    if real:
        config.hook.pytest_deselected(items=real)
        items[:] = [item for item in items if not item.get_closest_marker(REAL_DOCUMENTS)]
    config.stash[_DESELECTED] = len(real)


def pytest_terminal_summary(terminalreporter, config):
    if _DESELECTED in config.stash:
        terminalreporter.write_line(f"{SHARED_ABSENT} ({config.stash[_DESELECTED]} tests deselected)")


# --- the test corpus ------------------------------------------------------------------------

@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory) -> Path:
    """The founding letter and the made letters, indexed once for the whole session."""
    return indexed(tmp_path_factory, "index", TEST_CORPUS)


def indexed(tmp_path_factory, name: str, folders) -> Path:
    """The letters in ``folders`` indexed into a new folder; every file must go in."""
    index_dir = tmp_path_factory.mktemp(name)
    report = index_paths(list(folders), index_dir)
    assert not report.failed, report.failed
    return index_dir


def app_over(index_dir, folders):
    return create_app({"INDEX_DIR": str(index_dir), "CORPUS_DIRS": [str(p) for p in folders], "TESTING": True})


@pytest.fixture(scope="session")
def service(corpus_index) -> SearchService:
    return SearchService(str(corpus_index))


@pytest.fixture()
def app(corpus_index):
    return app_over(corpus_index, TEST_CORPUS)


@pytest.fixture()
def client(app):
    return app.test_client()


# --- the real documents in ../shared --------------------------------------------------------

@pytest.fixture(scope="session")
def shared_index(tmp_path_factory) -> Path:
    """Real letters from ../shared (Staten-Generaal Digitaal records, rijksoverheid.nl PDFs and
    the founding letter's source), indexed once for the whole session."""
    index_dir = tmp_path_factory.mktemp("shared-index")
    folders = [REAL_CORPUS / name for name in SHARED_INDEX_FOLDERS] + [SHARED / "examples"]
    report = index_paths(folders, index_dir, workers=2)
    assert len(report.added) >= 300 and not report.failed, report.failed
    return index_dir


@pytest.fixture(scope="session")
def shared_service(shared_index) -> SearchService:
    return SearchService(str(shared_index))


def first_sources(service: SearchService, q: str, top: int = 3) -> list[str]:
    """The file names of the letters a search finds first."""
    from indexer.search import SearchRequest

    return [hit.letter.source.path.rsplit("/", 1)[-1] for hit in service.search(SearchRequest(q=q, per_page=top)).hits]


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


# --- made letters for searching as people type (periods, acronyms, typos, compounds, ...) -----

@pytest.fixture(scope="session")
def search_index(tmp_path_factory) -> Path:
    return indexed(tmp_path_factory, "search-index", [SEARCH_LETTERS])


@pytest.fixture(scope="session")
def search_service(search_index) -> SearchService:
    return SearchService(str(search_index))


@pytest.fixture()
def search_client(search_index):
    return app_over(search_index, [SEARCH_LETTERS]).test_client()


# --- a real HTTP server over the session index, for the browser tests -----------------------

@contextmanager
def served(app):
    """The app served by werkzeug on 127.0.0.1 and a free port, in a thread; yields its base URL."""
    import threading

    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def live_server(corpus_index):
    app = create_app({"INDEX_DIR": str(corpus_index), "CORPUS_DIRS": [str(p) for p in TEST_CORPUS]})
    with served(app) as base:
        yield base
