"""The parse pool: a file that kills, exhausts or stalls its worker is reported and the run
goes on; workers never outlive the indexer; hostile files are refused within bounds, in the
index run and in `kamerzoek check` alike. All files are made in tmp_path."""
from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from indexer import indexing
from indexer.cli import main
from indexer.indexing import index_paths
from indexer.limits import ParseLimits
from indexer.parsepool import ParsePool, WorkerLost
from indexer.parsers import parse_file

from .robust_corpus import (
    children_end_with_a_killed_indexer,
    indexed_letters,
    make_variants,
    variant_id,
    variant_text,
)


def hostile_parse(path):
    """parse_file, except for files named for what they do to the worker parsing them."""
    name = Path(path).stem
    if name == "sterft":
        os.kill(os.getpid(), signal.SIGKILL)
    if name == "traag":
        signal.pause()  # never returns
    if name == "vraatzucht":
        return bytearray(4 * 2**30)  # beyond the worker's memory bound
    return parse_file(path)


@pytest.fixture()
def corpus_with(tmp_path):
    def make(*names: str) -> Path:
        corpus = tmp_path / "corpus"
        make_variants(corpus, 3)
        for n, name in enumerate(names):
            (corpus / f"{name}.md").write_text(variant_text(100 + n), encoding="utf-8")
        return corpus
    return make


def test_a_worker_killed_while_parsing_costs_only_its_file(corpus_with, tmp_path, monkeypatch):
    monkeypatch.setattr(indexing, "parse_file", hostile_parse)
    corpus = corpus_with("sterft")
    report = index_paths([corpus], tmp_path / "ix", workers=2)
    reasons = {Path(p).name: r for p, r in report.failed}
    assert list(reasons) == ["sterft.md"] and "SIGKILL" in reasons["sterft.md"]
    assert set(indexed_letters(tmp_path / "ix")) == {variant_id(n) for n in range(3)}
    again = index_paths([corpus], tmp_path / "ix")  # the lock is free: nothing hangs on to it
    assert len(again.unchanged) == 3


def test_files_over_their_time_or_memory_bound_are_stopped_and_reported(corpus_with, tmp_path, monkeypatch):
    monkeypatch.setattr(indexing, "parse_file", hostile_parse)
    corpus = corpus_with("traag", "vraatzucht")
    limits = ParseLimits(seconds=2, memory_mb=256)
    report = index_paths([corpus], tmp_path / "ix", workers=2, limits=limits)
    reasons = {Path(p).name: r for p, r in report.failed}
    assert set(reasons) == {"traag.md", "vraatzucht.md"}
    assert "langer dan 2 s" in reasons["traag.md"]
    assert "geheugen" in reasons["vraatzucht.md"]
    assert len(report.added) == 3


def test_the_pool_keeps_the_order_of_its_jobs_and_replaces_lost_workers():
    def work(n: int):
        if n % 7 == 3:
            os.kill(os.getpid(), signal.SIGKILL)
        return n * n

    with ParsePool(work, workers=3) as pool:
        results = list(pool.run(list(range(30))))
    assert [job for job, _ in results] == list(range(30))
    for n, outcome in results:
        if n % 7 == 3:
            assert isinstance(outcome, WorkerLost)
        else:
            assert outcome == n * n


@pytest.mark.skipif(not hasattr(os, "pidfd_open"), reason="waits for the workers through pidfds (Linux)")
def test_workers_die_with_an_indexer_killed_by_sigkill(tmp_path):
    corpus = children_end_with_a_killed_indexer(tmp_path, "indexing.parse_file = touch_and_hang")  # both parsing
    report = index_paths([corpus], tmp_path / "ix")  # and the index's lock is free
    assert len(report.added) == 4


# --- ingest ------------------------------------------------------------------------------

def test_a_letter_whose_parser_gives_an_invalid_id_is_refused_at_ingest(tmp_path, monkeypatch):
    def bad_id(path):
        letter = parse_file(path)
        letter.id = "x" * 500
        return letter

    monkeypatch.setattr(indexing, "parse_file", bad_id)
    corpus = tmp_path / "corpus"
    make_variants(corpus, 1)
    report = index_paths([corpus], tmp_path / "ix")
    assert not report.added and "geen geldig id" in report.failed[0][1]


@pytest.mark.parametrize("name, data", [
    ("diep.json", b'{"Content": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"),
    ("diep.xml", b"<?xml version='1.0'?>" + b"<a>" * 100_000 + b"</a>" * 100_000),
    ("getal.json", b'{"Content": [{"Tekst": "x"}], "n": ' + b"7" * 5000 + b"}"),
])
def test_check_gives_a_one_line_reason_for_hostile_structure(tmp_path, capsys, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    code = main(["check", str(path)])
    out, err = capsys.readouterr()
    assert code == 1
    assert err.count("\n") == 1 and "Traceback" not in err and name in err, err


@pytest.mark.parametrize("make, kind", [
    (lambda path: os.mkfifo(path), "FIFO"),  # opening it to read would wait for a writer
    (lambda path: path.symlink_to("/dev/null"), "apparaat"),  # a device: /dev/zero would never end
])
def test_check_reads_only_a_regular_file(tmp_path, capsys, make, kind):
    path = tmp_path / "brief.md"
    make(path)
    code = main(["check", str(path)])
    out, err = capsys.readouterr()
    assert code == 1 and not out
    assert err == f"kamerzoek: {path}: geen gewoon bestand ({kind}); niet gelezen\n"
