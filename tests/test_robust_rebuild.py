"""Rebuilds and updates never lose the index or show a wrong one: a rebuild is written beside
the live index and replaces it in one step; a running service follows every commit, rebuild
and recreation with the right answers; deleted letters are purged by the merge policy."""
from __future__ import annotations

import shutil
import signal
import subprocess
import sys

import pytest

from indexer.indexing import IndexLocked, index_paths
from indexer.merging import segments_to_merge
from indexer.layout import open_or_create
from indexer.search import SearchRequest, SearchService
from web import create_app

from .conftest import ROOT
from .robust_corpus import indexed_letters, make_variants, variant_id, variant_text


def total(index_dir, q: str = "") -> int:
    service = SearchService(str(index_dir))
    try:
        return service.search(SearchRequest(q=q)).total
    finally:
        service.close()


@pytest.fixture()
def five(tmp_path):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "ix"
    make_variants(corpus, 5)
    index_paths([corpus], index_dir)
    return corpus, index_dir


def test_a_rebuild_waits_for_the_lock_before_it_changes_anything(five):
    corpus, index_dir = five
    writer = open_or_create(index_dir).writer()  # another indexer at work
    try:
        with pytest.raises(IndexLocked):
            index_paths([corpus], index_dir, rebuild=True)
    finally:
        writer.cancel()
    assert total(index_dir) == 5


def test_readers_see_the_old_index_while_a_rebuild_runs_and_the_new_one_after(five):
    corpus, index_dir = five
    for path in sorted(corpus.iterdir())[3:]:
        path.unlink()
    seen_during = []
    index_paths([corpus], index_dir, rebuild=True, progress=lambda *_: seen_during.append(total(index_dir)))
    assert seen_during == [5, 5, 5]
    assert total(index_dir) == 3


def test_a_rebuild_that_fails_leaves_the_old_index(five):
    corpus, index_dir = five

    def fail(done, *_):
        if done == 3:
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        index_paths([corpus], index_dir, rebuild=True, progress=fail)
    assert total(index_dir, "mensenhandel") == 5


def test_a_rebuild_killed_halfway_leaves_the_old_index_and_the_next_run_cleans_up(five):
    corpus, index_dir = five
    make_variants(corpus, 5, start=5)
    script = (
        "import sys, time; from indexer.indexing import index_paths\n"
        "def stall(done, total, path):\n"
        "    if done == 3: print('halfway', flush=True); time.sleep(600)\n"
        f"index_paths([{str(corpus)!r}], {str(index_dir)!r}, rebuild=True, progress=stall)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "halfway"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert set(indexed_letters(index_dir)) == {variant_id(n) for n in range(5)}
    report = index_paths([corpus], index_dir)
    assert len(report.added) == 5 and len(report.unchanged) == 5
    segments = [p for p in index_dir.iterdir() if p.suffix == ".seg"]
    tocs = [p for p in index_dir.iterdir() if p.suffix == ".toc"]
    assert len(tocs) == 1 and len(segments) <= 2, "what the killed rebuild wrote is gone"


def check_answers(service: SearchService, corpus) -> None:
    """Every answer of the long-lived service equals a fresh one's: totals, dates, facets."""
    fresh = SearchService(service.index_dir)
    for q in ("", "mensenhandel", "kenmerk:5000009"):
        request = SearchRequest(q=q, per_page=50, sort="date_asc")
        mine, theirs = service.search(request), fresh.search(SearchRequest(q=q, per_page=50, sort="date_asc"))
        assert mine.total == theirs.total == (len(list(corpus.iterdir())) if q != "kenmerk:5000009" else 1)
        assert [(h.letter.id, h.letter.date) for h in mine.hits] == [(h.letter.id, h.letter.date) for h in theirs.hits]
        assert mine.facets == theirs.facets
    fresh.close()


def test_a_running_service_answers_right_through_updates_a_rebuild_and_a_recreated_index(tmp_path):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "ix"
    make_variants(corpus, 10)
    index_paths([corpus], index_dir)
    service = SearchService(str(index_dir))
    check_answers(service, corpus)
    make_variants(corpus, 3, start=10)  # indexed twice: a new generation, a new table
    index_paths([corpus], index_dir)
    check_answers(service, corpus)
    (corpus / "brief-0000.md").unlink()
    index_paths([corpus], index_dir, rebuild=True)
    check_answers(service, corpus)
    shutil.rmtree(index_dir)  # the same folder, a new index: generation numbers start again
    for path in sorted(corpus.iterdir())[:5]:
        path.unlink()
    index_paths([corpus], index_dir)
    check_answers(service, corpus)


def test_the_web_app_answers_right_after_a_rebuild(tmp_path):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "ix"
    make_variants(corpus, 6)
    index_paths([corpus], index_dir)
    client = create_app({"INDEX_DIR": str(index_dir), "CORPUS_DIRS": [str(corpus)]}).test_client()
    assert client.get("/api/search?q=mensenhandel").get_json()["total"] == 6
    index_paths([corpus], index_dir)
    (corpus / "brief-0005.md").write_text(variant_text(5).replace("2015", "2015"), encoding="utf-8")
    index_paths([corpus], index_dir, rebuild=True)
    for _ in range(3):
        response = client.get("/api/search?q=mensenhandel&sort=date_desc")
        assert response.status_code == 200
        data = response.get_json()
        assert data["total"] == 6
        assert [h["date"] for h in data["hits"]] == sorted((h["date"] for h in data["hits"]), reverse=True)
        assert sum(f["count"] for f in data["facets"]["year"]) == 6
    assert client.get("/healthz").get_json()["letters"] == 6


# --- merging and purging ------------------------------------------------------------------

class FakeSegment:
    def __init__(self, docs: int, deleted: int = 0):
        self.docs, self.deleted = docs, deleted

    def doc_count_all(self) -> int:
        return self.docs

    def deleted_count(self) -> int:
        return self.deleted

    def doc_count(self) -> int:
        return self.docs - self.deleted

    def __repr__(self) -> str:
        return f"<{self.docs}-{self.deleted}>"


def test_the_merge_policy_purges_deletions_and_merges_a_full_size_class():
    big, purge = FakeSegment(1000, 100), FakeSegment(1000, 200)
    small = [FakeSegment(10) for _ in range(3)]
    merge, keep = segments_to_merge([big, purge, *small])
    assert merge == [purge] and keep == [big, *small]  # 20 % deleted: rewritten; 10 %: kept
    fourth = FakeSegment(12)
    merge, keep = segments_to_merge([big, *small, fourth])
    assert set(merge) == {*small, fourth} and keep == [big]  # four of one size class: merged
    gone = FakeSegment(5, 5)
    assert segments_to_merge([big, gone]) == ([gone], [big])


@pytest.mark.parametrize("workers", [1, 2])
def test_a_segment_whose_letters_are_all_removed_leaves_the_index(tmp_path, workers):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "ix"
    for n in range(2):  # a segment each
        make_variants(corpus, 1, start=n)
        index_paths([corpus], index_dir, workers=workers)
    (corpus / "brief-0001.md").unlink()
    for _ in range(2):  # with two workers, the next run merges what this one deleted
        index_paths([corpus], index_dir, workers=workers)
    segments = open_or_create(index_dir)._segments()
    assert [(s.doc_count_all(), s.deleted_count()) for s in segments] == [(1, 0)]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_run_that_changes_nothing_leaves_the_index_s_generation(tmp_path, workers):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "ix"
    paths = make_variants(corpus, 3)
    index_paths([corpus], index_dir, workers=workers)
    generation = open_or_create(index_dir).latest_generation()
    report = index_paths([corpus], index_dir, workers=workers)
    assert len(report.unchanged) == 3
    # searchers keep the tables they built for the generation they have
    assert open_or_create(index_dir).latest_generation() == generation
    paths[0].write_text(variant_text(0) + "\n\nNaschrift.\n", encoding="utf-8")
    index_paths([corpus], index_dir, workers=workers)
    assert open_or_create(index_dir).latest_generation() == generation + 1


def test_repeated_updates_purge_deleted_letters_and_count_live_ones(tmp_path):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "ix"
    paths = make_variants(corpus, 12)
    index_paths([corpus], index_dir)
    client = create_app({"INDEX_DIR": str(index_dir), "CORPUS_DIRS": [str(corpus)]}).test_client()
    for run in range(8):  # each run changes three letters: 24 documents deleted in all
        for n in range(3):
            path = paths[(run * 3 + n) % 12]
            path.write_text(path.read_text(encoding="utf-8") + f"\n\nAanvulling {run}.\n", encoding="utf-8")
        index_paths([corpus], index_dir)
        with open_or_create(index_dir).searcher() as searcher:
            reader = searcher.reader()
            assert reader.doc_count() == 12
            assert reader.doc_count_all() <= 12 * 1.5, f"run {run}: {reader.doc_count_all()} documents kept"
            assert len(list(reader.leaf_readers())) <= 6
        assert client.get("/healthz").get_json()["letters"] == 12
