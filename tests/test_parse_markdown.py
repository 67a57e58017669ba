"""The Markdown conversion of a PDF letter keeps its metadata and whole sentences."""
import pytest

from indexer.parsers import parse_file
from .parser_helpers import FIXTURES, SHARED, real

EXAMPLE = SHARED / "examples" / "2021-11-17-jenv-opsporing-en-vervolging-mensenhandel.md"


@pytest.fixture(scope="module")
def letter():
    return parse_file(real(EXAMPLE))


def test_reads_the_letterhead(letter):
    assert letter.kenmerk == "3627733"
    assert letter.date.isoformat() == "2021-11-17"
    assert letter.directorate and letter.directorate.startswith("Directoraat-Generaal Politie")
    assert letter.subject == "Opsporing en vervolging mensenhandel 2021"
    assert letter.ministry == "Ministerie van Justitie en Veiligheid"


def test_finds_the_signer(letter):
    assert letter.signer.name == "Ankie Broekers-Knol"


def test_sentences_cut_by_a_page_break_are_whole_again(letter):
    assert "zijn ernstige strafbare feiten" in letter.body_text
    assert "zijn inmiddels geworven." in letter.body_text


def test_margin_and_footnote_text_stay_out_of_passages(letter):
    assert letter.footnotes
    for passage in letter.passages:
        assert "Ons kenmerk" not in passage.text
        assert not passage.text.startswith("Datum")
    assert all(note.text not in letter.body_text for note in letter.footnotes if len(note.text) > 30)


@pytest.mark.parametrize("name", ["cp1252-letter.txt", "bom-letter.txt"])
def test_windows_and_bom_encodings_read_the_same(name):
    letter = parse_file(FIXTURES / name)
    assert letter.subject == "Coördinatie van het beleid"
    assert letter.kenmerk == "12345"
    assert letter.ministry == "Ministerie van Financiën"
    assert "\ufeff" not in letter.body_text
