"""Searches running in threads while a re-index commits see the old or the new index, never
an error; the HTTP app behaves the same way under a thread pool."""
from __future__ import annotations

import threading

from indexer.indexing import index_paths
from indexer.search import SearchRequest, SearchService

from .robust_corpus import make_variants


def test_searches_during_reindexing_see_old_or_new_index_never_an_error(tmp_path):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "ix"
    make_variants(corpus, 20)
    index_paths([corpus], index_dir)
    service = SearchService(str(index_dir))
    allowed = {20}
    errors: list[BaseException] = []
    totals: list[int] = []
    stop = threading.Event()

    def searcher_loop(q: str) -> None:
        while not stop.is_set():
            try:
                result = service.search(SearchRequest(q=q, per_page=5))
                totals.append(result.total)
                for hit in result.hits:
                    assert hit.letter.passages
            except BaseException as exc:  # noqa: BLE001 - every failure is a test failure
                errors.append(exc)
                return

    threads = [threading.Thread(target=searcher_loop, args=(q,)) for q in ("mensenhandel", "lokprofiel", "", "opsporing")]
    for thread in threads:
        thread.start()
    try:
        for step in range(4):  # grow, then shrink: each commit changes the count
            if step % 2 == 0:
                make_variants(corpus, 10, start=20 + step * 10)
            else:
                for path in sorted(corpus.iterdir())[-5:]:
                    path.unlink()
            index_paths([corpus], index_dir)
            allowed.add(len(list(corpus.iterdir())))
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=600)  # a hang guard, not a speed limit
    assert not errors, errors[:3]
    assert totals and set(totals) <= allowed, sorted(set(totals) - allowed)
    assert service.search(SearchRequest(q="mensenhandel")).total == len(list(corpus.iterdir()))


def test_two_indexers_at_once_one_gets_index_locked(tmp_path):
    from indexer.indexing import IndexLocked

    corpus, index_dir = tmp_path / "corpus", tmp_path / "ix"
    make_variants(corpus, 30)
    index_paths([corpus], index_dir)
    make_variants(corpus, 30, start=30)
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def run() -> None:
        barrier.wait()
        try:
            index_paths([corpus], index_dir)
            outcomes.append("ok")
        except IndexLocked as exc:
            outcomes.append(str(exc))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)  # a hang guard, not a speed limit
    assert "ok" in outcomes
    others = [o for o in outcomes if o != "ok"]
    assert all("wordt al door een ander proces geschreven" in o for o in others)


def test_the_web_app_answers_concurrent_requests(app):
    client_errors: list[str] = []

    def hammer(n: int) -> None:
        client = app.test_client()
        for i in range(15):
            url = ["/?q=mensenhandel", "/api/search?q=lokprofiel", "/letters/jenv-2021-11-17-3627733",
                   "/api/search?q=zeden*", "/healthz"][(n + i) % 5]
            status = client.get(url).status_code
            if status != 200:
                client_errors.append(f"{url}: {status}")

    threads = [threading.Thread(target=hammer, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)  # a hang guard, not a speed limit
    assert not client_errors, client_errors[:5]


def test_a_long_lived_service_sees_removed_and_changed_letters_after_a_commit(tmp_path):
    """The server keeps one SearchService for its lifetime: a re-index that removes or changes
    letters must show in it, not only in a freshly opened one (also for a word it looked up
    before and did not find)."""
    corpus, index_dir = tmp_path / "corpus", tmp_path / "ix"
    paths = make_variants(corpus, 6)
    index_paths([corpus], index_dir)
    service = SearchService(str(index_dir))
    assert service.search(SearchRequest(q="mensenhandel")).total == 6
    assert service.search(SearchRequest(q="zeeslakkenonderzoek", as_typed=True)).total == 0  # looked up: not there
    paths[0].unlink()
    paths[1].write_text(paths[1].read_text(encoding="utf-8").replace(
        "Ik wil deze brief echter starten", "Het zeeslakkenonderzoek loopt. Ik wil deze brief echter starten", 1),
        encoding="utf-8")
    index_paths([corpus], index_dir)
    assert service.search(SearchRequest(q="mensenhandel")).total == 5
    assert service.search(SearchRequest(q="")).total == 5
    assert service.search(SearchRequest(q="zeeslakkenonderzoek")).total == 1


def test_one_service_shared_by_many_threads_never_fails(tmp_path):
    """waitress serves from a thread pool, all through the app's one SearchService."""
    from web import create_app

    corpus, index_dir = tmp_path / "corpus", tmp_path / "ix"
    make_variants(corpus, 100)
    index_paths([corpus], index_dir)
    app = create_app({"INDEX_DIR": str(index_dir), "CORPUS_DIRS": [str(corpus)]})
    statuses: list[int] = []

    def run() -> None:
        client = app.test_client()
        for q in ["mensenhandl~", "lokprof*", "mensenhandel", "opsporing OR vervolging"] * 2:
            for url in ("/api/search",):
                statuses.append(client.get(url, query_string={"q": q}).status_code)

    threads = [threading.Thread(target=run) for _ in range(24)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)  # a hang guard, not a speed limit
    assert statuses and set(statuses) == {200}, {s: statuses.count(s) for s in set(statuses)}
