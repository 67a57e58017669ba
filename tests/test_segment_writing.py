"""A segment is the same whether its postings were sorted in memory or in many runs on disk.

A large indexing run sorts its postings in runs on disk (indexer.whoosh_internals'
ChunkedPostingPool) and files each posting with its field length read once per field
(FieldLengths): both must leave exactly the segment an all-in-memory writer leaves. The
postings of each run reach the codec in the order whoosh's own sort gives them, and the codec
refuses a posting list out of order rather than write one that readers would misread."""
from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st
from whoosh.index import create_in

from indexer.codec import PostingOrderError, encode_block, require_ascending
from indexer.layout import add_letter, make_schema
from indexer.parsers import parse_file
from indexer.whoosh_internals import ChunkedPostingPool, CompactCodec, in_posting_order

from .conftest import EXAMPLE_LETTER, MADE_LETTERS


def _letters():
    return [parse_file(EXAMPLE_LETTER)] + [parse_file(p) for p in sorted(MADE_LETTERS.iterdir())
                                           if p.suffix in (".md", ".json")]


def _write(folder, letters, limitmb, **options):
    folder.mkdir()
    ix = create_in(str(folder), make_schema())
    writer = ix.writer(limitmb=limitmb, **{"codec": CompactCodec(), **options})
    assert isinstance(writer.pool, ChunkedPostingPool)
    for letter in letters:
        add_letter(writer, letter, letter.source.path)
    writer.commit()
    return ix.reader()


def _term_stats(reader, name, term):
    info = reader.term_info(name, term)
    return info.weight(), info.doc_frequency(), info.min_length(), info.max_length(), info.max_weight()


def test_postings_sorted_in_many_runs_on_disk_make_the_segment_sorting_in_memory_makes(tmp_path, monkeypatch):
    letters = _letters()
    monkeypatch.setattr(ChunkedPostingPool, "CHUNK", 7)  # chunks end inside runs and runs inside terms
    runs = []
    write_run = ChunkedPostingPool._write_run
    monkeypatch.setattr(ChunkedPostingPool, "_write_run", lambda pool, f, items: runs.append(1) or write_run(pool, f, items))
    in_memory = _write(tmp_path / "memory", letters, limitmb=512)
    assert not runs
    on_disk = _write(tmp_path / "runs", letters, limitmb=0.001)
    assert len(runs) > 128  # more runs than whoosh opens at once: some merged into larger runs first

    assert in_memory.doc_count() == on_disk.doc_count() == len(letters)
    for name in [name for name, field in make_schema().items() if field.format is not None]:
        assert list(in_memory.lexicon(name)) == list(on_disk.lexicon(name)), name
        for term in in_memory.lexicon(name):
            assert list(in_memory.postings(name, term).all_items()) == list(on_disk.postings(name, term).all_items())
            assert _term_stats(in_memory, name, term) == _term_stats(on_disk, name, term), (name, term)
        assert [in_memory.doc_field_length(d, name) for d in range(len(letters))] == \
            [on_disk.doc_field_length(d, name) for d in range(len(letters))]


def test_a_run_is_read_back_as_it_was_written(tmp_path, monkeypatch):
    from whoosh.filedb.filestore import FileStorage

    monkeypatch.setattr(ChunkedPostingPool, "CHUNK", 3)
    pool = ChunkedPostingPool(FileStorage(str(tmp_path)), segment=None, limitmb=1)
    postings = sorted(("body", f"w{i:03}".encode(), i, 1.0, bytes([i % 7]) if i % 5 else None) for i in range(20))
    for posting in reversed(postings):
        pool.add(posting)
    pool.save()
    assert list(pool.items()) == postings


def test_field_lengths_read_once_answer_as_the_segments_own_reader(tmp_path):
    from indexer.whoosh_internals import FieldLengths

    reader = _write(tmp_path / "ix", _letters(), limitmb=512)
    segment = reader.segment()
    per_document = CompactCodec().per_document_reader(reader.storage(), segment)
    lengths = FieldLengths(per_document)
    documents = range(reader.doc_count_all())
    for name in make_schema().scorable_names():
        assert [lengths.doc_field_length(d, name) for d in documents] == \
            [per_document.doc_field_length(d, name) for d in documents], name
    assert lengths.doc_field_length(0, "body") > 1000  # the founding letter's running text


def _segments_merged(folder, letters, merge):
    """Letters in three segments (one letter deleted from each), then merged into one by
    ``merge(writer, segment_reader)``; the merged index's reader."""
    from whoosh.reading import SegmentReader
    from whoosh.writing import NO_MERGE

    folder.mkdir()
    ix = create_in(str(folder), make_schema())
    thirds = [letters[i::3] for i in range(3)]
    for part in thirds:
        writer = ix.writer(codec=CompactCodec())
        for letter in part:
            add_letter(writer, letter, letter.source.path)
        writer.commit(mergetype=NO_MERGE)
    writer = ix.writer(codec=CompactCodec())
    for part in thirds:
        writer.delete_by_term("uid", part[0].id)
    writer.commit(mergetype=NO_MERGE)

    def merge_all(writer, segments):
        for segment in segments:
            reader = SegmentReader(writer.storage, writer.schema, segment)
            merge(writer, reader)
            reader.close()
        return []

    ix.writer(codec=CompactCodec()).commit(mergetype=merge_all)
    return ix.reader()


def test_a_merge_reading_postings_a_block_at_a_time_makes_the_segment_whoosh_s_merge_makes(tmp_path):
    from indexer.whoosh_internals import add_segment

    letters = _letters()
    ours = _segments_merged(tmp_path / "ours", letters, add_segment)
    whooshs = _segments_merged(tmp_path / "whoosh", letters, lambda writer, reader: writer.add_reader(reader))
    assert len(ours.leaf_readers()) == 1 and ours.doc_count_all() == len(letters) - 3
    assert list(ours.all_stored_fields()) == list(whooshs.all_stored_fields())
    for name in [name for name, field in make_schema().items() if field.format is not None]:
        assert list(ours.lexicon(name)) == list(whooshs.lexicon(name)), name
        for term in ours.lexicon(name):
            assert list(ours.postings(name, term).all_items()) == list(whooshs.postings(name, term).all_items())
            assert _term_stats(ours, name, term) == _term_stats(whooshs, name, term), (name, term)


FIELDS = ["body", "headings", "subject", "parts"]
TERMS = [b"brief", b"kamer", b"minister", b"a", b"ab", b"b", b"\xc3\xa9"]


def _postings(draw_documents, rng: random.Random) -> list[tuple]:
    """Postings as a writer adds them: document by document, each document's fields and
    terms in any order, no term twice in a field of one document."""
    postings = []
    for document in draw_documents:
        for field in rng.sample(FIELDS, rng.randint(1, len(FIELDS))):
            for term in rng.sample(TERMS, rng.randint(1, len(TERMS))):
                postings.append((field, term, document, float(rng.randint(1, 3)), b"\x00" * rng.randint(0, 8)))
    return postings


@given(st.lists(st.integers(0, 50), unique=True), st.integers(0, 2**32), st.booleans())
def test_postings_come_out_as_a_full_sort_orders_them(documents, seed, shuffled):
    rng = random.Random(seed)
    postings = _postings(sorted(documents), rng)
    if shuffled:  # documents out of order (a run of a merge): the plain sort must be taken
        rng.shuffle(postings)
    assert in_posting_order(list(postings)) == sorted(postings)


def test_documents_in_order_keep_their_order_within_each_term():
    postings = [("body", b"kamer", 1, 1.0, b""), ("body", b"brief", 1, 1.0, b""),
                ("body", b"kamer", 2, 1.0, b""), ("body", b"brief", 3, 1.0, b"")]
    assert [(p[1], p[2]) for p in in_posting_order(postings)] == [
        (b"brief", 1), (b"brief", 3), (b"kamer", 1), (b"kamer", 2)]


@pytest.mark.parametrize("ids", [[3, 2], [1, 1], [0, 5, 4, 9]])
def test_a_posting_list_out_of_order_is_refused(ids):
    with pytest.raises(PostingOrderError):
        encode_block(ids, [1.0] * len(ids), [b""] * len(ids))
    with pytest.raises(PostingOrderError):
        require_ascending(ids)


def test_a_posting_list_in_order_is_written():
    assert encode_block([0, 4, 9], [1.0, 2.0, 1.0], [b"", b"", b""])
    require_ascending([7])


def _pool(tmp_path, postings, limitmb):
    from whoosh.filedb.filestore import FileStorage

    pool = ChunkedPostingPool(FileStorage(str(tmp_path)), segment=None, limitmb=limitmb)
    for posting in postings:
        pool.add(posting)
    return pool


@given(st.lists(st.integers(0, 60), unique=True, min_size=1), st.integers(0, 2**32), st.booleans())
def test_a_pool_gives_each_terms_postings_together_in_the_order_of_a_full_sort(tmp_path_factory, documents, seed, shuffled):
    rng = random.Random(seed)
    postings = _postings(sorted(documents), rng)
    if shuffled:  # runs that do not follow the documents: merged posting by posting
        rng.shuffle(postings)
    pool = _pool(tmp_path_factory.mktemp("pool"), postings, limitmb=0.002)  # runs of ~10 postings
    grouped = [(field, term, [p[2] for p in group]) for field, term, group in pool.term_groups(maxfiles=4)]
    assert not pool.runs
    expected: dict[tuple, list[int]] = {}
    for field, term, document, _, _ in sorted(postings):
        expected.setdefault((field, term), []).append(document)
    assert grouped == [(*key, documents) for key, documents in expected.items()]


def test_a_pool_with_more_runs_than_it_opens_rewrites_only_the_excess_first(tmp_path, monkeypatch):
    postings = [("body", b"brief", document, 1.0, b"") for document in range(60)]
    pool = _pool(tmp_path, postings, limitmb=0.0005)  # a run of every three or four postings
    pool.save()
    runs = len(pool.runs)
    merged = []  # how many runs each merge opened
    merge = ChunkedPostingPool._merged_groups
    monkeypatch.setattr(ChunkedPostingPool, "_merged_groups", lambda pool, paths: merged.append(len(paths)) or merge(pool, paths))
    groups = list(pool.term_groups(maxfiles=12))
    assert [(field, term, [p[2] for p in group]) for field, term, group in groups] == [("body", b"brief", list(range(60)))]
    assert 12 < runs < 24 and merged == [runs - 12 + 1, 12]  # the earliest runs into one, then 12 at once


def _segment_bytes(folder) -> list[tuple[str, bytes]]:
    """The segment's files (written each by itself) by kind, without the table of contents
    (which names the segment by a random id)."""
    return sorted((p.name.split(".", 1)[1], p.read_bytes()) for p in folder.iterdir() if "." in p.name and p.suffix != ".toc")


def test_a_segment_filed_a_term_at_a_time_is_the_one_whoosh_files_a_posting_at_a_time(tmp_path, monkeypatch):
    from whoosh.codec.whoosh3 import W3FieldWriter

    from indexer.whoosh_internals import CompactFieldWriter, FieldLengths

    letters = _letters()
    for runs_mb in (512, 0.01):  # sorted in memory; in many runs on disk (blocks of 3 postings)
        ours = tmp_path / f"ours-{runs_mb}"
        _write(ours, letters, limitmb=runs_mb, compound=False, codec=CompactCodec(blocklimit=3))
        with monkeypatch.context() as patch:
            patch.setattr(CompactFieldWriter, "add_postings", lambda writer, schema, lengths, items: W3FieldWriter.add_postings(
                writer, schema, FieldLengths(lengths) if lengths else lengths, iter(items)))
            whooshs = tmp_path / f"whoosh-{runs_mb}"
            _write(whooshs, letters, limitmb=runs_mb, compound=False, codec=CompactCodec(blocklimit=3))
        assert {"pst", "trm"} <= {kind for kind, _ in _segment_bytes(ours)}  # postings and terms among them
        assert _segment_bytes(ours) == _segment_bytes(whooshs)
