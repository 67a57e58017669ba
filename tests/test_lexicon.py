"""The words of a field from a prefix (what prefixes, wildcards and fuzzy words are expanded
into) read from each segment's term file in one pass (indexer.whoosh_internals.words_from):
the same words whoosh's own reading gives, in lexicon order, each once."""
import pytest

from indexer import whoosh_internals
from indexer.model import Letter, Passage, Source
from indexer.whoosh_internals import words_from

from .segmented_index import index_in_segments

WORDS = ["begroting", "begrotingen", "begroot", "begrip", "beleid", "belasting", "bestuur", "zorg",
         "zorgverzekeraar", "zeeën", "één", "überhaupt", "2021", "kamerbrief", "kamerlid", "kamer"]


def made_letter(n: int) -> Letter:
    """A letter made for these tests: words of the list, overlapping from letter to letter."""
    text = " ".join(WORDS[(n + k) % len(WORDS)] for k in range(6))
    return Letter(id=f"made-{n}", subject=f"Brief {n} over {WORDS[n % len(WORDS)]}",
                  passages=[Passage("p-1", None, text)],
                  source=Source(f"made-{n}.md", "markdown", "0" * 64, None))


@pytest.fixture()
def reader(tmp_path):
    """An index of three segments whose lexicons overlap."""
    ix = index_in_segments(tmp_path / "index", [[made_letter(n) for n in numbers]
                                                for numbers in (range(0, 5), range(5, 9), range(9, 14))])
    with ix.searcher() as searcher:
        assert len(searcher.reader().leaf_readers()) == 3
        yield searcher.reader()


PREFIXES = ["", "b", "be", "begro", "kamer", "z", "é", "ü", "2", "zzz", "a"]


@pytest.mark.parametrize("field", ["body", "subject", "parts", "kenmerk"])
def test_a_prefix_stands_for_the_words_whoosh_reads_for_it(reader, field):
    for prefix in PREFIXES:
        assert list(words_from(reader, field, prefix)) == list(reader.expand_prefix(field, prefix)), prefix


def test_the_words_of_several_segments_come_once_each_in_lexicon_order(reader):
    found = list(words_from(reader, "body", "be"))
    each_segment = [set(segment.expand_prefix("body", "be")) for segment, _ in reader.leaf_readers()]
    assert all(each_segment) and len(set.union(*each_segment)) < sum(map(len, each_segment))  # they overlap
    assert found == sorted(set.union(*each_segment))


def test_a_term_file_read_in_chunks_smaller_than_a_record_gives_the_same_words(reader, monkeypatch):
    monkeypatch.setattr(whoosh_internals, "_LEXICON_CHUNK", 5)  # every record crosses a chunk's end
    for prefix in PREFIXES:
        assert list(words_from(reader, "body", prefix)) == list(reader.expand_prefix("body", prefix)), prefix


def test_one_segment_is_read_alone(reader):
    segment = reader.leaf_readers()[1][0]
    assert list(words_from(segment, "body", "be")) == list(segment.expand_prefix("body", "be"))
