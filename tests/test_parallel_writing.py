"""A run of many letters has them written by writer processes, each into a segment of its own,
added to the index by the run's one commit: the index searches as one writer's would, a lost
writer fails the run without committing any of it, and writers never outlive the indexer.
All files are made in tmp_path."""
from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from indexer import indexing, segmentwriters
from indexer.cli import main
from indexer.indexing import index_paths
from indexer.layout import open_or_create
from indexer.search import SearchRequest, SearchService
from indexer.segmentwriters import WritingFailed

from .robust_corpus import (
    children_end_with_a_killed_indexer,
    indexed_letters,
    make_variants,
    variant_id,
    variant_text,
)

LARGE = 6  # letters from which a run of these tests writes in parallel


@pytest.fixture()
def large_from_six(monkeypatch):
    monkeypatch.setattr(indexing, "PARALLEL_WRITING_FROM", LARGE)


def segment_sizes(index_dir: Path) -> list[int]:
    with open_or_create(index_dir).reader() as reader:
        return sorted(leaf.doc_count() for leaf, _ in reader.leaf_readers())


def page(index_dir: Path, q: str) -> tuple:
    service = SearchService(str(index_dir))
    try:
        result = service.search(SearchRequest(q=q, per_page=20))
        return result.total, sorted((hit.letter.id, [p.anchor for p in hit.passages]) for hit in result.hits), result.facets
    finally:
        service.close()


def child_pids() -> set[int]:
    pids = set()
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        pids |= {int(p) for p in (task / "children").read_text().split()}
    return pids


def test_a_large_run_is_written_in_two_segments_that_search_as_one_writer_s_index(tmp_path, large_from_six):
    corpus = tmp_path / "corpus"
    make_variants(corpus, 2 * LARGE)
    report = index_paths([corpus], tmp_path / "two", workers=2)
    assert len(report.added) == 2 * LARGE and not report.failed
    assert segment_sizes(tmp_path / "two") == [LARGE, LARGE]
    index_paths([corpus], tmp_path / "one", workers=1)
    assert segment_sizes(tmp_path / "one") == [2 * LARGE]
    for q in ("lokprofiel", '"ernstige feiten"', "politie*", "geinformeerd mensenhandel", "kenmerk:5000003"):
        # the letters differ only in kenmerk and date, so they tie, and ties go by document number
        assert page(tmp_path / "two", q) == page(tmp_path / "one", q)
    assert set(indexed_letters(tmp_path / "two").values()) == {1}


def test_letters_changed_in_a_large_run_replace_their_earlier_versions(tmp_path, large_from_six):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "ix"
    make_variants(corpus, LARGE)
    index_paths([corpus], index_dir, workers=2)
    for n in range(LARGE // 2):  # half of them changed, and as many new ones
        (corpus / f"brief-{n:04d}.md").write_text(variant_text(n) + "\n\nNaschrift over de zeppelinhaven.\n", encoding="utf-8")
    make_variants(corpus, LARGE // 2, start=LARGE)
    report = index_paths([corpus], index_dir, workers=2)
    assert (len(report.updated), len(report.added), len(report.unchanged)) == (LARGE // 2, LARGE // 2, LARGE // 2)
    counts = indexed_letters(index_dir)
    assert set(counts) == {variant_id(n) for n in range(LARGE + LARGE // 2)} and set(counts.values()) == {1}
    total, hits, _ = page(index_dir, "zeppelinhaven")
    assert total == LARGE // 2 and {letter for letter, _ in hits} == {variant_id(n) for n in range(LARGE // 2)}


def test_a_rebuild_written_in_parallel_replaces_the_whole_index(tmp_path, large_from_six):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "ix"
    make_variants(corpus, 2 * LARGE)
    index_paths([corpus], index_dir, workers=1)
    report = index_paths([corpus], index_dir, workers=2, rebuild=True)
    assert len(report.added) == 2 * LARGE
    assert segment_sizes(index_dir) == [LARGE, LARGE]
    assert set(indexed_letters(index_dir).values()) == {1}


def test_a_writer_lost_midway_fails_the_run_and_commits_none_of_it(tmp_path, large_from_six, monkeypatch, capsys):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "ix"
    make_variants(corpus, 3)
    index_paths([corpus], index_dir, workers=1)
    before = indexed_letters(index_dir)
    make_variants(corpus, 2 * LARGE, start=3)
    real_add = segmentwriters.add_document

    def dies_at_the_fifth_new_letter(writer, document):  # in the writer process it was sent to
        if document["uid"] == variant_id(3 + 4):
            os.kill(os.getpid(), signal.SIGKILL)
        real_add(writer, document)

    monkeypatch.setattr(segmentwriters, "add_document", dies_at_the_fifth_new_letter)
    with pytest.raises(WritingFailed, match="schrijfproces van de index stopte onverwacht .*SIGKILL.*niets vastgelegd"):
        index_paths([corpus], index_dir, workers=2)
    assert indexed_letters(index_dir) == before
    assert not child_pids(), "no writer or worker is left running"
    assert main(["index", str(corpus), "--index", str(index_dir), "--workers", "2"]) == 1
    assert "kamerzoek: een schrijfproces van de index stopte onverwacht" in capsys.readouterr().err
    monkeypatch.setattr(segmentwriters, "add_document", real_add)
    report = index_paths([corpus], index_dir, workers=2)  # the lock is free, and the run completes
    assert len(report.added) == 2 * LARGE
    assert set(indexed_letters(index_dir)) == {variant_id(n) for n in range(3 + 2 * LARGE)}


@pytest.mark.skipif(not hasattr(os, "pidfd_open"), reason="waits for the writers through pidfds (Linux)")
def test_writers_die_with_an_indexer_killed_by_sigkill(tmp_path):
    corpus = children_end_with_a_killed_indexer(  # both writers have a letter
        tmp_path, "segmentwriters.add_document = touch_and_hang\nindexing.PARALLEL_WRITING_FROM = 2")
    report = index_paths([corpus], tmp_path / "ix")  # the lock is free, and nothing half-written is visible
    assert len(report.added) == 4
