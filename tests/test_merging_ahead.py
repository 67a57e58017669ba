"""A run with two workers or more merges the segments the merge policy picks in a process of
its own, begun before the walk: letters the run changes in segments being merged are found
once, in their new version; a lost merging process fails the run without committing any of
it; and the index stays as small as one merged in the commit. All files are made in tmp_path."""
from __future__ import annotations

import os
import signal

import pytest

from indexer import merging
from indexer.indexing import index_paths
from indexer.layout import open_or_create
from indexer.segmentwriters import WritingFailed

from .robust_corpus import (
    children_end_with_a_killed_indexer,
    indexed_letters,
    make_variants,
    variant_id,
    variant_text,
)
from .test_parallel_writing import child_pids, page


def segments(index_dir) -> list[tuple[int, int]]:
    """(documents, deleted) of each segment, in index order."""
    return [(s.doc_count_all(), s.deleted_count()) for s in open_or_create(index_dir)._segments()]


def four_small_segments(corpus, index_dir) -> None:
    for n in range(merging.MERGE_FACTOR):  # one letter a run: four segments of one size class
        make_variants(corpus, 1, start=n)
        index_paths([corpus], index_dir, workers=2)
    assert segments(index_dir) == [(1, 0)] * merging.MERGE_FACTOR


def postscript(corpus, n: int, text: str) -> None:
    (corpus / f"brief-{n:04d}.md").write_text(variant_text(n) + f"\n\n{text}\n", encoding="utf-8")


def test_letters_changed_while_their_segments_are_merged_are_found_once_in_their_new_version(tmp_path):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "ix"
    four_small_segments(corpus, index_dir)
    postscript(corpus, 0, "Naschrift over de zeppelinhaven.")
    postscript(corpus, 2, "Naschrift over de zeppelinhaven.")
    report = index_paths([corpus], index_dir, workers=2)
    assert (len(report.updated), len(report.unchanged)) == (2, 2)
    # the four were merged into one, and the run's deletions in them carried over
    assert segments(index_dir) == [(4, 2), (2, 0)]
    assert indexed_letters(index_dir) == {variant_id(n): 1 for n in range(4)}
    total, hits, _ = page(index_dir, "zeppelinhaven")
    assert total == 2 and {letter for letter, _ in hits} == {variant_id(0), variant_id(2)}
    assert page(index_dir, "lokprofiel")[0] == 4
    index_paths([corpus], index_dir, workers=2)  # the next run purges what the last one deleted
    assert segments(index_dir) == [(2, 0), (2, 0)]
    assert page(index_dir, "zeppelinhaven")[0] == 2


def test_a_letter_removed_while_its_segment_is_merged_is_gone(tmp_path):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "ix"
    four_small_segments(corpus, index_dir)
    (corpus / "brief-0001.md").unlink()
    report = index_paths([corpus], index_dir, workers=2)
    assert len(report.removed) == 1
    assert indexed_letters(index_dir) == {variant_id(n): 1 for n in (0, 2, 3)}
    assert page(index_dir, "lokprofiel")[0] == 3


def test_repeated_updates_with_two_workers_keep_every_letter_once_and_the_index_small(tmp_path):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "ix"
    paths = make_variants(corpus, 12)
    index_paths([corpus], index_dir, workers=2)
    for run in range(10):  # each run changes three letters: 30 documents deleted in all
        for n in range(3):
            path = paths[(run * 3 + n) % 12]
            path.write_text(path.read_text(encoding="utf-8") + f"\n\nAanvulling {run}.\n", encoding="utf-8")
        index_paths([corpus], index_dir, workers=2)
        assert set(indexed_letters(index_dir).values()) == {1}
        kept = segments(index_dir)
        assert sum(docs - deleted for docs, deleted in kept) == 12
        assert sum(docs for docs, _ in kept) <= 12 * 1.5, f"run {run}: {kept}"
        assert len(kept) <= 6, f"run {run}: {kept}"
        assert page(index_dir, f'"aanvulling {run}"')[0] == 3


def test_a_merging_process_lost_fails_the_run_and_commits_none_of_it(tmp_path, monkeypatch):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "ix"
    four_small_segments(corpus, index_dir)
    before = indexed_letters(index_dir)
    postscript(corpus, 1, "Naschrift over de zeppelinhaven.")
    real_merge_into = merging.merge_into

    def dies(writer, segment):  # in the merging process
        os.kill(os.getpid(), signal.SIGKILL)

    monkeypatch.setattr(merging, "merge_into", dies)
    with pytest.raises(WritingFailed, match="schrijfproces van de index stopte onverwacht .*SIGKILL.*niets vastgelegd"):
        index_paths([corpus], index_dir, workers=2)
    assert indexed_letters(index_dir) == before and segments(index_dir) == [(1, 0)] * 4
    assert not child_pids(), "no merging process or worker is left running"
    monkeypatch.setattr(merging, "merge_into", real_merge_into)
    report = index_paths([corpus], index_dir, workers=2)  # the lock is free, and the run completes
    assert len(report.updated) == 1
    assert page(index_dir, "zeppelinhaven")[0] == 1 and segments(index_dir) == [(4, 1), (1, 0)]


def test_a_merge_that_fails_says_why_and_commits_nothing(tmp_path, monkeypatch):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "ix"
    four_small_segments(corpus, index_dir)

    def fails(writer, segment):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(merging, "merge_into", fails)
    with pytest.raises(WritingFailed, match="schrijfproces van de index faalde: OSError.*No space left"):
        index_paths([corpus], index_dir, workers=2)
    assert segments(index_dir) == [(1, 0)] * 4


@pytest.mark.skipif(not hasattr(os, "pidfd_open"), reason="waits for the merging process through a pidfd (Linux)")
def test_the_merging_process_dies_with_an_indexer_killed_by_sigkill(tmp_path):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "ix"
    four_small_segments(corpus, index_dir)
    children_end_with_a_killed_indexer(tmp_path, "merging.merge_into = touch_and_hang", children=1)
    assert segments(index_dir) == [(1, 0)] * 4  # nothing of the killed run is visible
    index_paths([corpus], index_dir, workers=2)  # the lock is free, and the next run merges
    assert segments(index_dir) == [(4, 0)]
