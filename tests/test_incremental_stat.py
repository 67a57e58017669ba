"""An unchanged file is known by its stat, a changed one by its content (indexer.filestate)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from indexer import filestate, indexing
from indexer.indexing import index_paths

from .conftest import HANDMADE, handmade_markdown


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, *fields in HANDMADE[:3]:
        (folder / name).write_text(handmade_markdown(*fields), encoding="utf-8")
    return folder


@pytest.fixture
def reads(monkeypatch) -> list[Path]:
    """The files the indexing run reads to hash them; stats are trusted however fresh."""
    monkeypatch.setattr(filestate, "RACY_NS", 0)
    read: list[Path] = []
    real = indexing.file_sha256

    def counting(path):
        read.append(Path(path).name)
        return real(path)

    monkeypatch.setattr(indexing, "file_sha256", counting)
    return read


def _names(shown: list[str]) -> list[str]:
    return sorted(Path(s).name for s in shown)


def _rewrite_keeping_size_and_mtime(path: Path, text: str) -> None:
    """Write ``text`` (as long as the old content) and put the old mtime back, until the file
    system's clock has moved on so its ctime is new."""
    before = os.stat(path)
    assert len(text.encode()) == before.st_size
    for _ in range(1_000_000):
        path.write_text(text, encoding="utf-8")
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
        if os.stat(path).st_ctime_ns != before.st_ctime_ns:
            return
    raise AssertionError("ctime never changed")


def test_an_unchanged_file_is_not_read(corpus, tmp_path, reads):
    index_paths([corpus], tmp_path / "index")
    assert len(reads) == 3
    reads.clear()
    again = index_paths([corpus], tmp_path / "index")
    assert reads == [] and len(again.unchanged) == 3


def test_other_content_of_the_same_size_and_mtime_is_read_by_its_new_ctime(corpus, tmp_path, reads):
    index_paths([corpus], tmp_path / "index")
    reads.clear()
    letter = corpus / "b.md"
    text = letter.read_text(encoding="utf-8")
    _rewrite_keeping_size_and_mtime(letter, text.replace("voldoende", "onderhoud"))
    again = index_paths([corpus], tmp_path / "index")
    assert reads == ["b.md"]
    assert _names(again.updated) == ["b.md"] and len(again.unchanged) == 2


def test_a_touched_file_is_read_and_stays_unchanged(corpus, tmp_path, reads):
    index_paths([corpus], tmp_path / "index")
    reads.clear()
    letter = corpus / "a.md"
    mtime = os.stat(letter).st_mtime_ns
    os.utime(letter, ns=(mtime + 10**9, mtime + 10**9))
    again = index_paths([corpus], tmp_path / "index")
    assert reads == ["a.md"] and len(again.unchanged) == 3 and not again.updated
    reads.clear()
    index_paths([corpus], tmp_path / "index")
    assert reads == []  # its new stat was recorded


def test_a_companion_file_added_beside_a_letter_is_seen(corpus, tmp_path, reads):
    index_paths([corpus], tmp_path / "index")
    reads.clear()
    (corpus / "c.metadata.xml").write_text(
        '<metadata_gegevens><metadata name="DC.title" content="Lokprofielen"/></metadata_gegevens>', encoding="utf-8")
    again = index_paths([corpus], tmp_path / "index")
    assert _names(again.updated) == ["c.md"] and "c.md" in reads


def test_an_index_without_recorded_stats_hashes_every_file_once(corpus, tmp_path, reads):
    index_paths([corpus], tmp_path / "index")
    (tmp_path / "index" / filestate.STATE_FILE).unlink()  # as an index written before stats were kept
    reads.clear()
    again = index_paths([corpus], tmp_path / "index")
    assert len(reads) == 3 and len(again.unchanged) == 3
    reads.clear()
    index_paths([corpus], tmp_path / "index")
    assert reads == []


def test_a_stat_as_fresh_as_the_change_is_not_trusted(corpus, tmp_path, reads, monkeypatch):
    monkeypatch.setattr(filestate, "RACY_NS", 3600 * 10**9)  # every file changed "just now"
    index_paths([corpus], tmp_path / "index")
    reads.clear()
    again = index_paths([corpus], tmp_path / "index")
    assert len(reads) == 3 and len(again.unchanged) == 3


def test_a_run_leaves_the_garbage_collector_as_it_found_it(corpus, tmp_path, monkeypatch):
    # the run holds the collector off while it compares stats (its passes over 150,000
    # files' bookkeeping cost more than the comparing), and must hand it back, also on failure
    import gc

    assert gc.isenabled()
    index_paths([corpus], tmp_path / "index")
    assert gc.isenabled()

    def failing(*args):
        raise OSError("disk gone")

    monkeypatch.setattr(indexing, "_indexed_sources", failing)
    with pytest.raises(OSError):
        index_paths([corpus], tmp_path / "index")
    assert gc.isenabled()


# --- what the index holds, kept per segment --------------------------------------------------

def _source_files(index_dir: Path) -> list[str]:
    return sorted(p.name for p in index_dir.glob("MAIN_*.sources"))


def test_what_the_index_holds_is_read_once_per_segment_and_goes_with_it(corpus, tmp_path, monkeypatch):
    index_dir = tmp_path / "index"
    index_paths([corpus], index_dir)
    worked_out = []
    real = indexing._segment_sources
    monkeypatch.setattr(indexing, "_segment_sources", lambda segment: worked_out.append(1) or real(segment))
    assert len(index_paths([corpus], index_dir).unchanged) == 3
    first = _source_files(index_dir)
    assert len(worked_out) == 1 and len(first) == 1
    assert len(index_paths([corpus], index_dir).unchanged) == 3
    assert len(worked_out) == 1, "the second run reads the file"
    name, *fields = HANDMADE[3]
    (corpus / name).write_text(handmade_markdown(*fields), encoding="utf-8")
    (corpus / HANDMADE[0][0]).unlink()
    report = index_paths([corpus], index_dir)  # a third of the segment deleted: it is merged away
    assert (len(report.added), len(report.removed), len(report.unchanged)) == (1, 1, 2)
    assert len(worked_out) == 1 and _source_files(index_dir) == [], "whoosh removed the file with its segment"
    again = index_paths([corpus], index_dir)
    assert (len(again.added), len(again.removed), len(again.unchanged)) == (0, 0, 3)
    assert len(worked_out) == 2 and len(_source_files(index_dir)) == 1


def test_a_damaged_file_of_what_a_segment_holds_is_worked_out_again(corpus, tmp_path):
    index_dir = tmp_path / "index"
    index_paths([corpus], index_dir)
    index_paths([corpus], index_dir)
    (sources,) = index_dir.glob("MAIN_*.sources")
    for damaged in ('[["half', "[]", '{"a": 1}'):  # cut off; valid JSON of another length or kind
        sources.write_text(damaged, encoding="utf-8")
        assert len(index_paths([corpus], index_dir).unchanged) == 3
        assert len(index_paths([corpus], index_dir).unchanged) == 3
