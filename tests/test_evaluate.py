"""Array evaluation of queries (indexer.evaluate) agrees with whoosh's own matchers, and the
compact posting blocks (indexer.codec) hold exactly what whoosh wrote into them."""
import numpy as np
import pytest
from whoosh import query as Q

from indexer.doctable import DocTable
from indexer.evaluate import Evaluator, letter_space
from indexer.index import open_or_create
from indexer.postings import read_postings
from indexer.query import parse_query

QUERIES = [
    "lokprofiel",
    "mensenhandel politie",
    "lokprofiel OR begroting",
    "regering NOT begroting",
    "regering -begroting",
    '"tweede kamer"',
    '"openbaar ministerie"',
    '"zijn ernstige strafbare feiten"',
    "begrot*",
    "lokprofeil~",
    "subject:mensenhandel",
    "date:2021",
    "date:[1980-01-01 TO 1995-12-31] regering",
    "kamerstuk:28638-184 OR ref:28638-184",
    "(motie OR amendement) kamer",
    "crawler",
]


@pytest.fixture(scope="module")
def searcher(corpus_index):
    with open_or_create(corpus_index).searcher() as s:
        yield s


def whoosh_letters(searcher, q) -> set[int]:
    return set(searcher.docs_for_query(Q.And([Q.Term("kind", "letter"), q]).normalize()))


@pytest.mark.parametrize("text", QUERIES)
def test_the_letters_matched_are_those_whoosh_matches(searcher, text):
    reader = searcher.reader()
    table = DocTable(reader)
    q = parse_query(text, searcher.schema, reader)
    result = Evaluator(searcher, letter_space(table, reader)).evaluate(q)
    found = set(table.letter_docs[result.mask].tolist())
    assert found == whoosh_letters(searcher, q)
    assert (result.score[result.mask] > 0).all() or text.startswith("date:")


def test_phrases_match_words_in_order_only(searcher):
    reader = searcher.reader()
    table = DocTable(reader)
    evaluate = Evaluator(searcher, letter_space(table, reader)).evaluate
    in_order = evaluate(parse_query('"tweede kamer"', searcher.schema, reader)).mask.sum()
    reversed_ = evaluate(parse_query('"kamer tweede"', searcher.schema, reader)).mask.sum()
    both_words = evaluate(parse_query("tweede kamer", searcher.schema, reader)).mask.sum()
    assert 0 <= reversed_ < in_order <= both_words


@pytest.mark.parametrize("field", ["body", "ptext", "subject", "kind", "f_ministry", "parts"])
def test_array_postings_equal_whoosh_postings(searcher, field):
    reader = searcher.reader()
    fmt = reader.schema[field].format
    positions = fmt.supports("positions")
    for text in list(reader.lexicon(field))[::7][:200]:
        arrays = read_postings(reader, field, text, with_positions=positions)
        matcher = reader.postings(field, text)
        docs, weights, found_positions = [], [], []
        while matcher.is_active():
            docs.append(matcher.id())
            weights.append(matcher.weight())
            if positions:
                found_positions.extend(fmt.decode_positions(matcher.value()))
            matcher.next()
        assert arrays.docs.tolist() == docs, (field, text)
        assert np.allclose(arrays.weights, weights), (field, text)
        if positions:
            assert arrays.positions.tolist() == found_positions
            assert int(arrays.counts.sum()) == len(found_positions)


def test_every_passage_follows_its_letter(searcher):
    reader = searcher.reader()
    table = DocTable(reader)
    for docnum in table.passage_docs.tolist():
        owner = int(table.letter_docs[table.owner[docnum]])
        assert reader.stored_fields(docnum)["letter_id"] == reader.stored_fields(owner)["letter_id"]
    assert int(table.passage_count.sum()) == len(table.passage_docs)
