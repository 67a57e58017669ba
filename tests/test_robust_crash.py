"""Crash safety: the indexer killed with SIGKILL at random moments. Afterwards the index opens,
every letter committed before the kill is still found, and the next run completes the work.
A few kills here (bounded for CI); scripts/robustness.py does twenty and more.
"""
from __future__ import annotations

import random
import subprocess
import sys
import time

from indexer.indexing import IndexLocked, index_paths
from indexer.layout import open_or_create

from .conftest import ROOT
from .robust_corpus import found_by_search, indexed_letters, kill_indexer_after, make_variants, variant_id

INITIAL, BATCH, KILLS = 100, 30, 3


def test_killed_indexers_leave_a_usable_index_and_the_next_run_finishes(tmp_path):
    rng = random.Random(20240611)
    corpus, index_dir = tmp_path / "corpus", tmp_path / "ix"
    make_variants(corpus, INITIAL)
    assert not index_paths([corpus], index_dir).failed
    make_variants(corpus, BATCH, start=INITIAL)
    started = time.monotonic()
    assert kill_indexer_after(corpus, index_dir, delay=600.0) == (False, 0)  # a whole run, timed
    run_seconds = time.monotonic() - started
    committed = set(indexed_letters(index_dir))
    assert len(committed) == INITIAL + BATCH
    killed_runs = 0
    for round_ in range(1, KILLS + 1):
        start = INITIAL + round_ * BATCH
        make_variants(corpus, BATCH, start=start)
        # a random moment of a run like the timed one, start-up included: however fast the machine
        killed, code = kill_indexer_after(corpus, index_dir, delay=rng.uniform(0.1, 0.9) * run_seconds)
        killed_runs += killed
        counts = indexed_letters(index_dir)  # opens: no half-written state is visible
        assert committed <= set(counts), "a kill lost letters committed before it"
        assert all(n == 1 for n in counts.values()), "no letter is in the index twice"
        assert set(counts) <= {variant_id(n) for n in range(start + BATCH)}
        committed = set(counts)
    assert killed_runs >= 1, "at least one run was really killed"
    report = index_paths([corpus], index_dir)  # the lock of a killed writer is free again
    assert not report.failed
    total = INITIAL + (KILLS + 1) * BATCH
    counts = indexed_letters(index_dir)
    assert set(counts) == {variant_id(n) for n in range(total)}
    assert all(n == 1 for n in counts.values())
    sample = rng.sample(sorted(counts), 10)
    assert found_by_search(index_dir, sample) == set(sample)


def test_a_writer_killed_while_holding_the_lock_does_not_block_the_next(tmp_path):
    """whoosh's lock is an flock on MAIN_WRITELOCK: the file stays, the lock dies with the process."""
    corpus, index_dir = tmp_path / "corpus", tmp_path / "ix"
    make_variants(corpus, 2)
    index_paths([corpus], index_dir)
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from indexer.layout import open_or_create;"
         f"w = open_or_create({str(index_dir)!r}).writer(); print('locked', flush=True); time.sleep(60)"],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        try:
            index_paths([corpus], index_dir)
        except IndexLocked as exc:
            assert "wordt al door een ander proces geschreven" in str(exc)
        else:
            raise AssertionError("a second writer should get IndexLocked")
    finally:
        holder.kill()
        holder.wait(timeout=10)
    assert (index_dir / "MAIN_WRITELOCK").exists(), "the lock file is left behind ..."
    make_variants(corpus, 1, start=2)
    report = index_paths([corpus], index_dir)  # ... but it no longer locks
    assert len(report.added) == 1 and len(report.unchanged) == 2


def test_the_cli_reports_a_busy_index_with_exit_1(tmp_path):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "ix"
    make_variants(corpus, 1)
    index_paths([corpus], index_dir)
    writer = open_or_create(index_dir).writer()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "indexer.cli", "index", str(corpus), "--index", str(index_dir)],
            cwd=ROOT, capture_output=True, text=True, timeout=600,  # a hang guard
        )
    finally:
        writer.cancel()
    assert proc.returncode == 1
    assert "wordt al door een ander proces geschreven" in proc.stderr
    assert "Traceback" not in proc.stderr
