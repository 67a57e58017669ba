"""Array evaluation of queries (indexer.evaluate) agrees with whoosh's own matchers, and the
compact posting blocks (indexer.codec) hold exactly what whoosh wrote into them."""
import numpy as np
import pytest
from whoosh import query as Q
from whoosh.matching.binary import AndNotMatcher
from whoosh.support.levenshtein import damerau_levenshtein

from indexer.doctable import DocTable
from indexer.evaluate import Evaluator, LetterSpace
from indexer.expansion import Expander, Expansions
from indexer.layout import open_or_create
from indexer import nodes as N
from indexer.nodes import rewrite
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
    '"ernstige feiten"~2',
    "politie*",
    "mensen*andel",
    "pol?tie",
    "lokprofeil~",
    "lokprofiel~2",
    "subject:mensenhandel",
    "kamerstuk:28638-184 OR ref:28638-184",
    "kenmerk:[1 TO 2]",
    "directorate:{directie TO en]",
    "(motie OR amendement) kamer",
    "regering ANDNOT begroting",
    "regering ANDMAYBE begroting",
    "regering REQUIRE politie",
    "crawler",
]


@pytest.fixture(scope="module", params=["made", pytest.param("real", marks=pytest.mark.real_documents)])
def searcher(request):
    """A searcher over the test corpus, and over the real letters from ../shared."""
    index_dir = request.getfixturevalue("corpus_index" if request.param == "made" else "shared_index")
    with open_or_create(index_dir).searcher() as s:
        yield s


def nodes(searcher, text):
    """The query as search evaluates it: parsed, then rewritten into Kamerzoek's nodes."""
    return rewrite(parse_query(text, searcher.schema), Expander(searcher.reader(), Expansions()))


class SwapTolerantFuzzyTerm(Q.FuzzyTerm):
    """Whoosh's fuzzy word, with two swapped letters as one typo, as Kamerzoek counts them
    (whoosh's own counts a swap as two edits): the reference for fuzzy matching."""

    def _btexts(self, ixreader):
        for btext in ixreader.expand_prefix(self.fieldname, self.text[: self.prefixlength]):
            word = btext.decode("utf-8")
            if abs(len(word) - len(self.text)) <= self.maxdist and damerau_levenshtein(word, self.text) <= self.maxdist:
                yield btext


def _first_not_excluded(self):
    """whoosh 2.7's AndNotMatcher looks for its first document only when both sides start on
    the same one: where the excluded side starts lower, its first document is kept even when
    the excluded side holds it too (a letter with "begroting" in its subject came out of
    "regering -begroting"). The reference skips the excluded side to it, as ``next`` does."""
    if self.a.is_active() and self.b.is_active():
        self._find_next()


@pytest.fixture(autouse=True)
def whoosh_and_not_fixed(monkeypatch):
    monkeypatch.setattr(AndNotMatcher, "_find_first", _first_not_excluded)


def whoosh_letters(searcher, text) -> set[int]:
    """The letters whoosh's own matchers find for the parsed query."""
    def swap_tolerant(q):
        return SwapTolerantFuzzyTerm(q.fieldname, q.text, q.boost, q.maxdist, q.prefixlength) if type(q) is Q.FuzzyTerm else q

    q = parse_query(text, searcher.schema).accept(swap_tolerant)
    return set(searcher.docs_for_query(Q.And([Q.Term("kind", "letter"), q]).normalize()))


@pytest.mark.parametrize("text", QUERIES)
def test_the_letters_matched_are_those_whoosh_matches(searcher, text):
    reader = searcher.reader()
    table = DocTable(reader)
    result = Evaluator(searcher, LetterSpace(table, reader)).evaluate(nodes(searcher, text))
    found = set(table.letter_docs[result.mask].tolist())
    assert found == whoosh_letters(searcher, text)
    assert found, "each query form should find letters in corpus/"
    assert (result.score[result.mask] > 0).all()


def bm25(tf, df, length, average, letters, k1=1.2, b=0.75):
    idf = np.log(letters / (df + 1)) + 1
    return idf * tf * (k1 + 1) / (tf + k1 * ((1 - b) + b * length / average))


def expected_scores(searcher, table, field, texts) -> dict[int, float]:
    """BM25 as whoosh's BM25F defines it, from whoosh's own postings and stored field lengths,
    taking several words (a prefix's) as one word that occurs wherever any of them does."""
    reader = searcher.reader()
    letters = set(table.letter_docs.tolist())
    tf = {}
    for text in texts:
        matcher = reader.postings(field, text)
        while matcher.is_active():
            if matcher.id() in letters:
                tf[matcher.id()] = tf.get(matcher.id(), 0.0) + matcher.weight()
            matcher.next()
    lengths = {doc: reader.doc_field_length(doc, field) for doc in letters}
    average = sum(lengths.values()) / len(lengths)
    return {doc: bm25(t, len(tf), lengths[doc], average, len(letters)) for doc, t in tf.items()}


def letter_scores(searcher, table, text) -> dict[int, float]:
    result = Evaluator(searcher, LetterSpace(table, searcher.reader())).evaluate(nodes(searcher, text))
    return {int(table.letter_docs[slot]): float(result.score[slot]) for slot in np.flatnonzero(result.mask)}


def test_a_word_scores_bm25_of_its_postings(searcher):
    table = DocTable(searcher.reader())
    found = letter_scores(searcher, table, "tekst:politie")
    expected = expected_scores(searcher, table, "body", ["politie"])
    assert len(found) > 1 and found.keys() == expected.keys() and np.allclose([found[d] for d in expected], list(expected.values()))


def test_a_prefix_scores_as_one_word_standing_for_all_its_words(searcher):
    reader = searcher.reader()
    table = DocTable(reader)
    found = letter_scores(searcher, table, "tekst:politie*")
    expected = expected_scores(searcher, table, "body", list(reader.expand_prefix("body", "politie")))
    assert len(found) > 1 and found.keys() == expected.keys() and np.allclose([found[d] for d in expected], list(expected.values()))


@pytest.mark.parametrize("query, a, b, combine", [
    ("tekst:kamer tekst:politie", "tekst:kamer", "tekst:politie", lambda a, b: a + b),
    ("tekst:kamer OR tekst:politie", "tekst:kamer", "tekst:politie", lambda a, b: a + b),
    ("tekst:kamer ANDMAYBE tekst:politie", "tekst:kamer", "tekst:politie", lambda a, b: a + b),
    ("tekst:kamer -tekst:politie", "tekst:kamer", "tekst:politie", lambda a, b: a),
])
def test_parts_of_a_query_add_up_their_scores(searcher, query, a, b, combine):
    table = DocTable(searcher.reader())
    whole, first, second = (letter_scores(searcher, table, q) for q in (query, a, b))
    assert whole
    for doc, score in whole.items():
        assert score == pytest.approx(combine(first.get(doc, 0.0), second.get(doc, 0.0)))


def test_a_field_weight_multiplies_the_score_and_is_the_only_weight(searcher):
    """A bare word searches the subject with its weight; subject:word with none, and the
    index itself weighs no field (one place for ranking weights)."""
    from indexer.fields import DEFAULT_FIELDS

    table = DocTable(searcher.reader())
    q = nodes(searcher, "mensenhandel")
    exact = q.first if isinstance(q, N.Prefer) else q  # the word itself, not as a part of a compound
    subject_part = next(part for part in exact.parts if {field for field, _ in part.positive_terms()} == {"subject"})
    boosted = Evaluator(searcher, LetterSpace(table, searcher.reader())).evaluate(subject_part)
    plain = letter_scores(searcher, table, "subject:mensenhandel")
    assert plain
    for doc, score in plain.items():
        assert float(boosted.score[table.letter_slot[doc]]) == pytest.approx(score * DEFAULT_FIELDS["subject"])
    assert all(getattr(searcher.schema[name].format, "field_boost", 1.0) == 1.0 for name in searcher.schema.names())


@pytest.mark.parametrize("text, start, end", [
    ("date:2021", "2021-01-01", "2021-12-31"),
    ("date:2021-11", "2021-11-01", "2021-11-30"),
    ("date:[1980-01-01 TO 1995-12-31]", "1980-01-01", "1995-12-31"),
])
def test_a_date_query_matches_the_letters_dated_then(searcher, text, start, end):
    from indexer.layout import stored_letter

    reader = searcher.reader()
    table = DocTable(reader)
    result = Evaluator(searcher, LetterSpace(table, reader)).evaluate(nodes(searcher, text))
    dated = set()
    for doc in table.letter_docs.tolist():
        letter = stored_letter(reader, doc)
        if letter.date and start <= letter.date.isoformat() <= end:
            dated.add(doc)
    assert dated and set(table.letter_docs[result.mask].tolist()) == dated


def test_phrases_match_words_in_order_only(searcher):
    reader = searcher.reader()
    table = DocTable(reader)
    evaluate = Evaluator(searcher, LetterSpace(table, reader)).evaluate
    in_order = evaluate(nodes(searcher, '"tweede kamer"')).mask.sum()
    reversed_ = evaluate(nodes(searcher, '"kamer tweede"')).mask.sum()
    both_words = evaluate(nodes(searcher, "tweede kamer")).mask.sum()
    assert 0 <= reversed_ < in_order <= both_words


@pytest.mark.parametrize("field", ["body", "heading", "subject", "kind", "f_ministry", "parts"])
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


@pytest.mark.parametrize("corpus", ["made", pytest.param("real", marks=pytest.mark.real_documents)])
def test_a_body_position_tells_the_passage_it_is_in(corpus):
    """word_counts counts words as the analysers number positions, for every letter of the
    test corpus and of the real ones (footnote markers, hyphens, dots inside words and all)."""
    from indexer.analysis import dutch_analyzer, folding_analyzer
    from indexer.indexing import find_files
    from indexer.layout import letter_document, passage_starts, passage_texts, word_counts
    from indexer.parsers import NotALetter, parse_file
    from tests.conftest import REAL_CORPUS, SHARED_INDEX_FOLDERS, TEST_CORPUS

    folders = TEST_CORPUS if corpus == "made" else [REAL_CORPUS / name for name in SHARED_INDEX_FOLDERS]
    analyse, fold = dutch_analyzer(), folding_analyzer()
    checked = 0
    files = find_files(folders)
    for path in list(files):
        try:
            letter = parse_file(path)
        except NotALetter:  # a metadata companion
            files.remove(path)
            continue
        doc = letter_document(letter, path.name)
        body = [(t.pos, t.text) for t in analyse(doc["body"], positions=True)]
        assert doc["words"] == word_counts(letter)
        starts = passage_starts(doc["words"]) + [None]
        for k, text in enumerate(passage_texts(letter)):
            inside = [word for pos, word in body if starts[k] <= pos and (starts[k + 1] is None or pos < starts[k + 1])]
            expected = [t.text for t in analyse(text)]
            assert inside[: len(expected)] == expected, (path.name, k)
        # the parts field's text starts with the subject: its starts are shifted by its words
        parts = passage_starts(doc["words"], parts_of_subject=True)
        assert [p - parts[0] for p in parts] == starts[:-1]
        words = {t.pos: t.text for t in fold(doc["parts"], positions=True)}
        first = next(iter(fold(passage_texts(letter)[0])), None) if letter.passages else None
        assert first is None or words[parts[0]] == first.text, path.name
        checked += 1
    assert checked == len(files) > 0


def test_the_best_passage_is_the_one_with_the_phrase(service):
    from indexer.search import SearchRequest

    result = service.search(SearchRequest(q='"zijn ernstige strafbare feiten"'))
    hit = result.hits[0]
    passage = hit.letter.passage(hit.passages[0].anchor)
    assert "ernstige strafbare feiten" in " ".join(passage.text.split())
    assert "<mark>ernstige</mark>" in hit.passages[0].snippet


@pytest.fixture(scope="module")
def three_segments(tmp_path_factory):
    """Letters in three segments, so that a word's list is in blocks in one segment (the
    letters that hold it) and kept in the term dictionary in another (one letter)."""
    from whoosh.writing import NO_MERGE

    from indexer.layout import add_letter, open_writer
    from indexer.parsers import parse_file

    from .conftest import EXAMPLE_LETTER, MADE_LETTERS

    made = [parse_file(MADE_LETTERS / name) for name in
            ("2022-03-03_politie_crawler.md", "2019-06-09_ocw_lerarentekort.txt", "sgd-9990000003.json")]
    founding = parse_file(EXAMPLE_LETTER)
    ix = open_or_create(tmp_path_factory.mktemp("segments") / "index")
    for letters in ([founding, *made], [founding], made[:2]):
        writer = open_writer(ix)
        for letter in letters:
            add_letter(writer, letter, letter.source.path)
        writer.commit(mergetype=NO_MERGE)
    with ix.searcher() as s:
        yield s


@pytest.mark.parametrize("small_block", [64, 1])  # blocks read into lists, or (1) as arrays
def test_many_words_read_at_once_are_their_posting_lists_one_after_another(three_segments, small_block, monkeypatch):
    """A prefix's words read together give each word's whole list in turn, as reading
    them one by one does."""
    from indexer import postings
    from indexer.postings import PostingReader

    monkeypatch.setattr(postings, "SMALL_BLOCK", small_block)

    reader = three_segments.reader()
    assert len(reader.leaf_readers()) == 3
    for prefix in ("", "p", "lokprofiel", "geen-zulk-woord"):  # "": every word of the field
        texts = list(reader.expand_prefix("body", prefix))
        alone = [PostingReader(reader).read("body", t) for t in texts] or [PostingReader(reader).read("body", b"x")]
        reading = PostingReader(reader)
        together = reading.read_many("body", texts)
        if not prefix:  # lists in blocks and lists in the term dictionary, of one word too
            in_dictionary = [[term._blocks is None for term in reading._term("body", t)] for t in texts]
            assert any(all(w) for w in in_dictionary) and any(not any(w) for w in in_dictionary)
            assert any(len(set(w)) == 2 for w in in_dictionary)
        assert together.docs.tolist() == np.concatenate([p.docs for p in alone]).tolist()
        assert together.weights.tolist() == np.concatenate([p.weights for p in alone]).tolist()
        assert together.counts is None
        with_positions = PostingReader(reader).read_many("body", texts, with_positions=True)
        assert with_positions.positions.tolist() == np.concatenate(
            [PostingReader(reader).read("body", t, True).positions for t in texts] or [np.zeros(0)]).tolist()


def test_the_words_a_page_holds_are_those_whose_postings_fall_on_its_letters(searcher):
    """After a many-word leaf (a prefix) is read over every letter, the page's passages look
    only for the words its letters hold: exactly those with postings there."""
    from indexer.postings import PostingReader

    reader = searcher.reader()
    texts = list(reader.expand_prefix("body", "p"))
    postings = PostingReader(reader)
    postings.read_many("body", texts)
    docs = sorted(set(np.concatenate([postings.read("body", t).docs for t in texts]).tolist()))
    assert len(texts) > 10 and len(docs) > 3
    for page in (docs[:1], docs[1:3], docs[-2:], [max(docs) + 1]):
        within = (np.array(page, np.int64), np.array(page, np.int64))
        holding = [t for t in texts if len(PostingReader(reader).read("body", t, within=within).docs)]
        assert postings.found_within("body", texts, within) == holding
        assert len(holding) < len(texts)


@pytest.mark.parametrize("points", [0, 1, 3, 10, 400, 3000])
def test_a_blocks_documents_in_a_few_single_documents_are_those_in_their_ranges(points):
    """A page's letters looked up in a block of thousands of documents give the postings that
    testing each of the block's documents against the ranges gives."""
    from indexer.postings import _inside, _inside_block

    rng = np.random.default_rng(points)
    docs = np.sort(rng.choice(50_000, 4096, replace=False)).astype(np.int64)
    wanted = np.sort(np.concatenate([rng.choice(docs, points // 2, replace=False),
                                     rng.choice(60_000, points - points // 2, replace=False)]))
    wanted = wanted[np.r_[True, wanted[1:] != wanted[:-1]]] if len(wanted) else wanted.astype(np.int64)
    for within in ((wanted, wanted), (wanted, wanted.copy())):
        expected = np.flatnonzero(np.isin(docs, wanted))
        assert _inside_block(within, docs).tolist() == _inside(within, docs).tolist() == expected.tolist()
