"""Indexing analyses each distinct word once and indexes exactly what the analysis chain gives."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.analysis import Filter, RegexTokenizer, StopFilter
from whoosh.fields import TEXT
from whoosh.formats import Positions

from indexer.analysis import TOKEN_PATTERN, dutch_analyzer
from indexer.codec import CompactPositions
from indexer.layout import letter_document, make_schema
from indexer.parsers import parse_file
from indexer.wordwise import index_positions, is_wordwise

from .conftest import EXAMPLE_LETTER, MADE_LETTERS

POSITION_FIELDS = [name for name, field in make_schema().items() if isinstance(field.format, Positions)]


def whoosh_postings(field, text):
    """The postings whoosh's own token-by-token run of the chain makes."""
    return sorted(Positions.word_values(field.format, text, field.analyzer, mode="index"))


def indexed_postings(field, text):
    return sorted(field.format.word_values(text, field.analyzer, mode="index"))


def test_every_text_field_of_a_letter_is_indexed_as_the_chain_gives_it():
    schema = make_schema()
    letters = [parse_file(EXAMPLE_LETTER)] + [parse_file(p) for p in sorted(MADE_LETTERS.iterdir())
                                              if p.suffix in (".md", ".txt", ".json", ".pdf")]
    for letter in letters:
        document = letter_document(letter, letter.source.path)
        for name in POSITION_FIELDS:
            field = schema[name]
            assert is_wordwise(field.analyzer), name
            if document.get(name):
                assert indexed_postings(field, document[name]) == whoosh_postings(field, document[name]), (letter.id, name)


words = st.sampled_from(["Lokprofielen", "lokprofiel", "geïnformeerd", "GEINFORMEERD", "webcrawler", "o.a.", "2.5",
                         "mensenhandelaren", "brieven", "brief", "[^3]", "één", "opsporingscapaciteit", "de", "huizen",
                         "OM", "AIVD", "BRIEF", "VAN", "Menschen", "financiën", "strategieën", "handelingen"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(words, st.sampled_from([" ", "\n", ", ", " (", "-"])), max_size=40))
def test_any_mix_of_words_is_indexed_as_the_chain_gives_it(pieces):
    text = "".join(word + gap for word, gap in pieces)
    schema = make_schema()
    for name in ("body", "parts", "kenmerk"):
        assert indexed_postings(schema[name], text) == whoosh_postings(schema[name], text)


class CountingFilter(Filter):
    wordwise = True

    def __init__(self):
        self.seen = []

    def __call__(self, tokens):
        for token in tokens:
            self.seen.append(token.text)
            yield token


def test_each_distinct_word_is_analysed_once():
    counting = CountingFilter()
    analyzer = dutch_analyzer() | counting
    text = "de brief en de brieven; de brief. " * 200
    first = index_positions(analyzer, text)
    again = index_positions(analyzer, text)
    assert len(counting.seen) == 4  # de, brief, en, brieven: once each, of 1,200 words
    assert first == again and first["brief"][:3] == [1, 4, 6]  # brief and brieven meet, in order


class PairingFilter(Filter):
    """Joins each word to the next: what it gives depends on the words around."""

    def __call__(self, tokens):
        previous = None
        for token in tokens:
            text = token.text
            if previous is not None:
                token.text = previous + "_" + text
                yield token
            previous = text


def test_a_chain_that_looks_beyond_one_word_is_run_as_whoosh_runs_it():
    # a stop filter renumbers the words after a stopped one; a filter that says nothing may look anywhere
    for analyzer in (RegexTokenizer(TOKEN_PATTERN) | StopFilter(stoplist=["de"]), dutch_analyzer() | PairingFilter()):
        assert not is_wordwise(analyzer)
        assert index_positions(analyzer, "de brief") is None
        field = TEXT(analyzer=analyzer, phrase=True)
        field.format = CompactPositions()
        assert indexed_postings(field, "de brief de brieven") == whoosh_postings(field, "de brief de brieven")


def test_a_document_analysed_before_the_writer_is_indexed_as_the_letter_itself(tmp_path):
    """The indexing run analyses each letter in the worker that parsed it
    (``analysed_document``); the index it writes is the one the letter itself gives."""
    from whoosh.index import create_in

    from indexer.layout import add_document, add_letter, analysed_document
    from indexer.whoosh_internals import CompactCodec

    letters = [parse_file(EXAMPLE_LETTER)] + [parse_file(p) for p in sorted(MADE_LETTERS.iterdir())
                                              if p.suffix in (".md", ".json")]
    readers = []
    for name, add in (("letter", lambda w, x: add_letter(w, x, x.source.path)),
                      ("analysed", lambda w, x: add_document(w, analysed_document(x, x.source.path)))):
        (tmp_path / name).mkdir()
        ix = create_in(str(tmp_path / name), make_schema())
        writer = ix.writer(codec=CompactCodec())
        for letter in letters:
            add(writer, letter)
        writer.commit()
        readers.append(ix.reader())
    plain, analysed = readers
    for name in POSITION_FIELDS:
        assert list(plain.lexicon(name)) == list(analysed.lexicon(name)), name
        for term in plain.lexicon(name):
            assert list(plain.postings(name, term).all_items()) == list(analysed.postings(name, term).all_items())
        assert [plain.doc_field_length(d, name) for d in range(len(letters))] == \
            [analysed.doc_field_length(d, name) for d in range(len(letters))]
