"""The compact posting blocks: whoosh reads back what it wrote, and the array reader
(indexer.postings) agrees with whoosh's matchers over many blocks and segments."""
import pickle
import random

import numpy as np
import pytest
from whoosh import index
from whoosh.fields import ID, TEXT, Schema
from whoosh.qparser import QueryParser

from indexer.codec import POSITION_CHUNK, CompactPositions
from indexer.postings import read_docs, read_postings
from indexer.whoosh_internals import CompactCodec, is_inlined, raw_postings

WORDS = "de het een kamer tweede minister brief zeer lang woord zelden".split()
BLOCK_POSTINGS = 512  # smaller blocks than the index writes, so that common words span several


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """3,000 documents in two segments, the second with deletions: common words span
    several blocks of many chunks of positions, 'zelden' is in a handful of documents."""
    schema = Schema(id=ID(stored=True), body=TEXT(phrase=True), boosted=TEXT(phrase=False, field_boost=3.0))
    schema["body"].format = CompactPositions()
    ix = index.create_in(str(tmp_path_factory.mktemp("codec")), schema)
    rng = random.Random(7)
    texts = []
    for _ in range(2):
        writer = ix.writer(codec=CompactCodec(blocklimit=BLOCK_POSTINGS))
        for _ in range(1500):
            text = " ".join(rng.choice(WORDS[:-1]) for _ in range(rng.randint(1, 60)))
            if rng.random() < 0.003:
                text += " zelden"
            if len(texts) == 42:
                text += " eenmalig"
            writer.add_document(id=str(len(texts)), body=text, boosted=text)
            texts.append(text)
        writer.commit(merge=False)
    writer = ix.writer(codec=CompactCodec())
    for n in range(1500, 1600):
        writer.delete_by_term("id", str(n))
    writer.commit(merge=False)
    return ix, texts


def whoosh_postings(reader, field, text):
    fmt = reader.schema[field].format
    docs, weights, positions = [], [], []
    for segment, offset in reader.leaf_readers():
        if (field, text) not in segment:
            continue
        matcher = raw_postings(segment, field, text)  # deleted documents included, as read_postings
        while matcher.is_active():
            docs.append(matcher.id() + offset)
            weights.append(matcher.weight())
            if fmt.supports("positions"):
                positions.extend(fmt.decode_positions(matcher.value()))
            matcher.next()
    return docs, weights, positions


def test_common_words_span_several_blocks_in_two_segments(generated):
    ix, _ = generated
    with ix.reader() as reader:
        assert len(reader.leaf_readers()) == 2
        assert reader.doc_frequency("body", b"kamer") > 2 * BLOCK_POSTINGS
    assert BLOCK_POSTINGS > 4 * POSITION_CHUNK


@pytest.mark.parametrize("field", ["body", "boosted"])
def test_array_postings_equal_whoosh_postings(generated, field):
    ix, _ = generated
    with ix.reader() as reader:
        for text in reader.lexicon(field):
            with_positions = field == "body"
            found = read_postings(reader, field, text, with_positions=with_positions)
            docs, weights, positions = whoosh_postings(reader, field, text)
            assert found.docs.tolist() == docs
            assert np.allclose(found.weights, weights)
            if with_positions:
                assert found.positions.tolist() == positions
                assert int(found.counts.sum()) == len(positions)


@pytest.mark.parametrize("field", ["body", "boosted"])
def test_documents_alone_are_those_of_the_whole_postings(generated, field):
    ix, _ = generated
    with ix.reader() as reader:
        for text in [*reader.lexicon(field), b"nergens"]:
            docs = read_docs(reader, field, text)
            assert docs.dtype == np.int64
            assert docs.tolist() == read_postings(reader, field, text).docs.tolist()


def test_reading_within_ranges_keeps_exactly_the_postings_in_them(generated):
    ix, _ = generated
    starts, ends = np.array([10, 1700, 2999]), np.array([20, 1710, 2999])
    with ix.reader() as reader:
        everything = read_postings(reader, "body", b"kamer", with_positions=True)
        part = read_postings(reader, "body", b"kamer", with_positions=True, within=(starts, ends))
    inside = np.zeros(len(everything.docs), bool)
    for s, e in zip(starts, ends):
        inside |= (everything.docs >= s) & (everything.docs <= e)
    assert part.docs.tolist() == everything.docs[inside].tolist()
    assert part.weights.tolist() == everything.weights[inside].tolist()
    assert part.counts.tolist() == everything.counts[inside].tolist()
    assert part.positions.tolist() == everything.positions[np.repeat(inside, everything.counts)].tolist()


def test_whoosh_phrase_search_reads_compact_positions(generated):
    ix, texts = generated
    deleted = set(range(1500, 1600))
    expected = {i for i, t in enumerate(texts) if " tweede kamer " in f" {t} " and i not in deleted}
    with ix.searcher() as searcher:
        q = QueryParser("body", ix.schema).parse('"tweede kamer"')
        found = {int(hit["id"]) for hit in searcher.search(q, limit=None)}
    assert found == expected


def test_a_word_in_one_document_is_kept_in_the_term_dictionary(generated):
    ix, texts = generated
    with ix.reader() as reader:
        segment, _ = reader.leaf_readers()[0]
        assert is_inlined(segment, "body", b"eenmalig")
        found = read_postings(reader, "body", b"eenmalig", with_positions=True)
    assert found.docs.tolist() == [42]
    assert found.positions.tolist() == [len(texts[42].split()) - 1]


def test_merging_segments_keeps_every_posting(generated, tmp_path):
    """Whoosh merges segments by reading them back through the matchers (inlined terms
    included) and writing them again: the merged index holds the same postings."""
    import shutil

    ix, _ = generated
    copy = tmp_path / "merged"
    shutil.copytree(ix.storage.folder, copy)
    merged = index.open_dir(str(copy))
    writer = merged.writer(codec=CompactCodec())
    writer.commit(optimize=True)
    with ix.reader() as before, merged.reader() as after:
        assert len(after.leaf_readers()) == 1
        live = [d for d in range(before.doc_count_all()) if not before.is_deleted(d)]
        renumber = {old: new for new, old in enumerate(live)}
        for field in ("body", "boosted", "id"):
            for text in before.lexicon(field):
                old = read_postings(before, field, text, with_positions=field == "body")
                keep = [i for i, d in enumerate(old.docs.tolist()) if d in renumber]
                new = read_postings(after, field, text, with_positions=field == "body")
                assert new.docs.tolist() == [renumber[old.docs[i]] for i in keep], (field, text)


def test_a_block_of_many_positions_is_written_as_a_block_of_few_would_be():
    """Blocks of many positions are encoded with arrays, blocks of few with a loop: the
    bytes are the same either way, so a reader never sees which wrote them."""
    from indexer import codec

    rng = random.Random(3)
    for postings in (1, 3, 64, 65, 700):
        values = [codec._pack(sorted(rng.sample(range(rng.choice([50, 70_000, 10**7])), rng.randint(0, 40))), "I")
                  for _ in range(postings)]
        counts = [len(v) // 4 for v in values]
        assert codec._encode_positions(b"".join(values), counts, 64) == codec._encode_few_positions(values, counts, 64)


def test_a_block_decoded_without_numpy_gives_what_the_array_reader_gives():
    """What a merge copies (codec.block_postings) is what the matchers read (codec.Block):
    positions in chunks, values of another format, none at all, whole and fractional weights."""
    from indexer import codec

    rng = random.Random(11)
    for postings in (1, 2, 63, 64, 65, 300, 4096):
        ids = sorted(rng.sample(range(10**6), postings))
        positions = [codec._pack(sorted(rng.sample(range(rng.choice([50, 70_000, 10**7])), rng.randint(1, 30))), "I")
                     for _ in range(postings)]
        others = [bytes(rng.randrange(256) for _ in range(rng.randint(0, 5))) for _ in range(postings)]
        for weights in ([1.0] * postings, [float(rng.randint(1, 300)) for _ in range(postings)],
                        [rng.random() * 5 for _ in range(postings)]):
            for values in (positions, others, []):
                data = codec.encode_block(ids, array_f(weights), values)
                block = codec.decode_block(data)
                assert codec.block_postings(data) == (block.ids.tolist(), block.weights.tolist(), block.values())


def test_the_positions_of_some_postings_are_those_postings_positions_of_the_whole_block():
    """A page's letters read a few postings of a block: each selection, within one chunk of
    positions or across several, gives exactly those postings' counts and positions."""
    from indexer import codec

    rng = random.Random(5)
    for postings in (1, 5, 64, 65, 300):
        ids = sorted(rng.sample(range(10**6), postings))
        values = [codec._pack(sorted(rng.sample(range(5000), rng.randint(1, 12))), "I") for _ in range(postings)]
        block = codec.decode_block(codec.encode_block(ids, array_f([1.0] * postings), values))
        counts, positions = block.positions()
        starts = np.cumsum(counts) - counts
        for size in (1, 2, 7, postings):
            select = np.array(sorted(rng.sample(range(postings), min(size, postings))), np.int64)
            some_counts, some_positions = block.positions(select)
            assert some_counts.tolist() == counts[select].tolist()
            wanted = [positions[starts[i]:starts[i] + counts[i]].tolist() for i in select.tolist()]
            assert some_positions.tolist() == [p for each in wanted for p in each]


def array_f(weights):
    from array import array

    return array("f", weights)  # as whoosh's postings writer holds them


def test_pieces_too_short_for_zlib_to_shorten_are_kept_as_they_are():
    # zlib's output is never under 8 bytes, so the 8 bytes below are stored raw without trying
    from indexer.codec import _squeeze, _unsqueeze

    for data in (b"", b"\x00" * 8, bytes(range(8))):
        assert _squeeze(data) == b"=" + data and _unsqueeze(_squeeze(data)) == data
    assert _squeeze(b"\x00" * 64)[:1] == b"z"  # a longer run still compresses


def test_what_searches_inflate_is_compressed_with_lz4_and_an_older_index_in_zlib_still_read(monkeypatch):
    """Document numbers, weights, positions and their counts are written lz4-compressed; a
    block an older version wrote with zlib decodes to the same postings."""
    from indexer import codec

    rng = random.Random(5)
    ids = sorted(rng.sample(range(10**5), 200))
    # a word that comes back every so many words: its deltas repeat, as a text's often do
    values = [codec._pack(list(range(rng.randint(0, 50), 3000, rng.choice([7, 12, 40]))), "I") for _ in ids]
    weights = array_f([float(len(v) // 4) for v in values])
    written = codec.encode_block(ids, weights, values)
    head, (kind, _, counts, *_, ends, chunks) = pickle.loads(written)
    assert kind == codec._CHUNKED and head[:1] == counts[:1] == chunks[:1] == b"l"
    monkeypatch.setattr(codec, "_squeeze_fast", codec._squeeze)  # as blocks were written before
    older = codec.encode_block(ids, weights, values)
    head, (*_, chunks) = pickle.loads(older)
    assert head[:1] == chunks[:1] == b"z"
    for data in (written, older):
        block = codec.decode_block(data)
        assert block.values() == tuple(values) and codec.block_postings(data)[2] == tuple(values)
        assert block.ids.tolist() == ids and block.weights.tolist() == list(weights)
        assert codec.block_ids_weights(data) == (ids, list(weights))
