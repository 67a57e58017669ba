"""The benchmark's own machinery: calibration on the real letters, the vocabulary it grows, the
engines it measures beside Kamerzoek, the files it writes for the ingest benchmark.
(No timing here: the benchmark measures, the tests check that it measures the right thing.)"""
from __future__ import annotations

import datetime as dt
import random

import pytest

from bench import real
from bench.engines import Page
from bench.generate import Model, Vocabulary
from bench.mix import MixQuery
from bench.real import HeapsFit, Morphology, fit_heaps, vocabulary_curve
from indexer.model import Footnote, Letter, Passage, Reference, Signer, Source

DUTCH = (
    "De minister heeft de Kamer geïnformeerd over de voortgang van de aanpak van mensenhandel. "
    "In deze brief ga ik in op de capaciteit van de politie en het openbaar ministerie. "
    "Het kabinet neemt maatregelen om de uitvoering van de wet te verbeteren. "
    "De gemeenten krijgen middelen voor de opvang van slachtoffers van mensenhandel. "
    "Ik zal de Kamer voor de zomer informeren over de resultaten van het onderzoek naar de begroting. "
) * 3


def test_without_the_real_letters_the_benchmark_stops_and_says_why(monkeypatch, tmp_path):
    monkeypatch.setattr(real, "REAL", tmp_path / "corpus-real")
    with pytest.raises(SystemExit, match="real letters are missing"):
        real.load_real_letters()


def test_heaps_fit_recovers_the_exponent_of_a_stream_that_follows_the_law():
    k, beta = 6.0, 0.62
    stream, seen = [], 0
    for n in range(1, 200_001):  # a new word whenever the vocabulary falls behind K * n^beta
        if seen < k * n ** beta:
            seen += 1
            stream.append(f"w{seen}")
        else:
            stream.append(f"w{1 + n % seen}")
    fit = fit_heaps(vocabulary_curve([stream[i:i + 1000] for i in range(0, len(stream), 1000)]))
    assert fit.beta == pytest.approx(beta, abs=0.01)
    assert fit.k == pytest.approx(k, rel=0.1)



def test_vocabulary_curves_of_the_same_letters_in_other_orders_are_taken_at_the_same_counts():
    letters = [[f"w{i}-{j % (5 + i)}" for j in range(50 + 37 * (i % 7))] for i in range(40)]
    one, other = vocabulary_curve(letters), vocabulary_curve(list(reversed(letters)))
    assert [n for n, _ in one] == [n for n, _ in other]  # so averaging them compares like with like
    assert one[-1] == other[-1] == (sum(map(len, letters)), len({w for letter in letters for w in letter}))

def _morphology() -> Morphology:
    return Morphology(
        kind_shares={"compound": 0.4, "inflection": 0.2, "name": 0.1, "number": 0.1, "other": 0.2},
        links={"": 6, "s": 3, "en": 1}, suffixes={"en": 5, "e": 3, "s": 2},
        modifiers={"politie": 3, "opvang": 2}, heads={"capaciteit": 2, "middelen": 1})


def test_the_generated_vocabulary_grows_by_the_law_it_is_given():
    model = Model([DUTCH])
    vocabulary = Vocabulary(model, _morphology(), k=5.0, beta=0.6, rnd=random.Random(3))
    from bench.generate import write_text

    while vocabulary.words < 60_000:
        write_text(model, vocabulary, 2000, random.Random(vocabulary.words))
    target = 5.0 * vocabulary.words ** 0.6
    assert 0.97 < len(vocabulary.seen) / target < 1.05


def test_new_compounds_join_parts_of_real_compounds_with_a_real_linking_element():
    model = Model([DUTCH])
    vocabulary = Vocabulary(model, _morphology(), k=5.0, beta=0.6, rnd=random.Random(1))
    for _ in range(50):
        word = vocabulary._compound()
        head = next(h for h in ("capaciteit", "middelen") if word.endswith(h))
        rest = word[: -len(head)]
        assert any(rest == m + link or rest.startswith(m) for m in ("politie", "opvang") for link in ("", "s", "en"))


def test_heaps_prediction_is_k_times_n_to_the_beta():
    assert HeapsFit(2.0, 0.5, 0, 0, 0, 0).predict(10_000) == pytest.approx(200.0)


# --- the engines beside Kamerzoek ---------------------------------------------------------------

def _letter(n: int, ministry: str, year: int, text: str) -> Letter:
    return Letter(
        id=f"brief-{n}", source=Source(f"bench/{n}.md", "markdown", "0" * 64), kenmerk=str(1000 + n),
        date=dt.date(year, 3, 1), directorate="Directie Wetgeving", ministry=ministry, subject=f"Brief {n}",
        signer=Signer("A. de Vries", "De Minister"), doc_type="brief",
        passages=[Passage("p-1", None, "Inleiding zonder zoekwoorden."), Passage("p-2", "Kern", text)],
        footnotes=[Footnote("1", "Kamerstuk 28 638, nr. 184")],
        references=[Reference("kamerstuk", "Kamerstuk 28 638, nr. 184", "28638-184")],
    )


LETTERS = [
    _letter(1, "Ministerie van Buitenlandse Zaken", 2010, "De Tweede Kamer sprak over mensenhandel."),
    _letter(2, "Ministerie van Buitenlandse Zaken", 2020, "Over de tweede kamer van het hof."),
    _letter(3, "Ministerie van Justitie en Veiligheid", 2012, "De Tweede Kamer en de begroting."),
    _letter(4, "Ministerie van Justitie en Veiligheid", 2013, "Een kamer zonder tweede woord."),
]
PHRASE = MixQuery("phrase", '"tweede kamer"', '"tweede kamer"', '"tweede kamer"')
FILTERED = {"date_from": "2011-01-01", "date_to": "2021-12-31", "filters": {"ministry": ["Ministerie van Buitenlandse Zaken"]}}


def _check_page(page: Page) -> None:
    # letters 2 (BZ, 2020) and 3 (JenV, 2012) have the phrase within the dates; only 2 is BZ
    assert page.total == 1
    assert page.hits == ["brief-2"]
    # the ministry facet leaves out its own filter: both ministries, one letter each
    assert sorted(page.facets["ministry"]) == [("Ministerie van Buitenlandse Zaken", 1), ("Ministerie van Justitie en Veiligheid", 1)]
    assert page.facets["year"] == [("2020", 1)]
    anchor, snippet = page.passages["brief-2"][0]
    assert anchor == "p-2" and "<mark>" in snippet


def test_fts5_does_a_whole_search_page_with_disjunctive_facets(tmp_path):
    from bench.fts5 import FTS5, build

    build(LETTERS, tmp_path / "fts5.sqlite")
    _check_page(FTS5(tmp_path / "fts5.sqlite").search(PHRASE, FILTERED))


def test_tantivy_does_the_same_page_with_the_same_counts(tmp_path):
    pytest.importorskip("tantivy")
    from bench.tantivy_engine import Tantivy, build

    build(LETTERS, tmp_path / "tantivy", threads=1)
    page = Tantivy(tmp_path / "tantivy").search(PHRASE, FILTERED)
    _check_page(page)


def test_engines_find_a_letter_by_the_kamerstuk_it_cites(tmp_path):
    pytest.importorskip("tantivy")
    from bench.fts5 import FTS5
    from bench.fts5 import build as build_fts5
    from bench.tantivy_engine import Tantivy
    from bench.tantivy_engine import build as build_tantivy

    ref = MixQuery("ref:", 'ref:"28 638, nr. 184"', 'ref : "28638 184"', 'ref:"28638-184"', passages=False)
    build_fts5(LETTERS, tmp_path / "f.sqlite")
    build_tantivy(LETTERS, tmp_path / "t", threads=1)
    assert FTS5(tmp_path / "f.sqlite").search(ref, {}).total == 4
    page = Tantivy(tmp_path / "t").search(ref, {})
    assert page.total == 4
    assert all(passages[0][0] == "p-1" for passages in page.passages.values())  # no words to mark: the first passage


# --- files for the ingest benchmark ----------------------------------------------------------------

def test_a_generated_letter_written_as_officiele_publicatie_xml_parses_back(tmp_path):
    from bench.files import letter_xml
    from indexer.parsers import parse_file

    path = tmp_path / "kst-36001-7.xml"
    path.write_bytes(letter_xml(LETTERS[0], "36 001", 7))
    letter = parse_file(path)
    assert letter.id == "kst-36001-7"
    assert letter.date == LETTERS[0].date
    assert [p.text for p in letter.passages][-2:] == [p.text for p in LETTERS[0].passages]
    assert letter.footnotes == [] or letter.footnotes[0].text.startswith("Kamerstuk")


def test_a_generated_letter_written_as_pdf_gives_its_letterhead_to_the_pdf_parser(tmp_path):
    pytest.importorskip("reportlab")
    from bench.files import letter_pdf
    from indexer.parsers import parse_file

    path = tmp_path / "brief.pdf"
    path.write_bytes(letter_pdf(LETTERS[2]))
    letter = parse_file(path)
    assert (letter.kenmerk, letter.date, letter.directorate) == ("1003", dt.date(2012, 3, 1), "Directie Wetgeving")
    assert any("begroting" in p.text for p in letter.passages)


def test_kamerzoek_measured_as_the_others_gives_the_same_page(tmp_path):
    from bench.kamerzoek_engine import Kamerzoek, build

    build(LETTERS, tmp_path / "index", procs=1)
    _check_page(Kamerzoek(tmp_path / "index").search(PHRASE, FILTERED))


def test_the_writer_benchmark_commits_the_letters_it_added_from_runs_on_disk():
    from bench.writer import measure
    from indexer.layout import analysed_document

    documents = [analysed_document(letter, f"generated/{n}.xml") for n, letter in enumerate(LETTERS)]
    held = []
    result = measure(documents, limitmb=0.002, check=lambda ix: held.append(ix.doc_count()))
    assert held == [len(LETTERS)]
    assert result["letters"] == len(LETTERS) and result["runs"] > 1


def test_a_child_reports_its_own_peak_memory_not_its_parents():
    """A full run holds the corpus in memory when it starts the searching processes; Linux
    keeps the peak resident size across execve, so each reported the parent's."""
    import json
    import subprocess
    import sys
    from pathlib import Path

    held = bytearray(300 * 2**20)  # this process, the parent, now holds 300 MB
    held[:: 4096] = b"x" * len(held[:: 4096])  # touched, so resident
    code = "import json; from bench.run import peak_rss_mb; print(json.dumps(peak_rss_mb()))"
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True)
    assert json.loads(done.stdout)["self_mb"] < 200
    del held
