"""The Markdown conversion of a PDF letter keeps its metadata and whole sentences."""
import pytest

from indexer.parsers import parse_file
from .conftest import EXAMPLE_LETTER
from .parser_helpers import FIXTURES, MADE


@pytest.fixture(scope="module")
def letter():
    return parse_file(EXAMPLE_LETTER)


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


def test_a_plain_text_letter_reads_like_markdown_with_form_feeds_as_page_breaks():
    letter = parse_file(MADE / "2019-06-09_ocw_lerarentekort.txt")
    assert (letter.kenmerk, letter.date.isoformat()) == ("9990001", "2019-06-09")  # "Onze referentie"
    assert letter.subject == "Lerarentekort in het voortgezet onderwijs"
    assert letter.directorate == "Directie Voortgezet Onderwijs"
    assert letter.ministry == "Ministerie van Onderwijs, Cultuur en Wetenschap"  # from the site address
    assert letter.signer.role == "De minister voor Basis- en Voortgezet Onderwijs en Media"
    assert "aan een regionale aanpak[^1], waarin" in letter.body_text  # joined across the page break
    assert [(n.number, n.text) for n in letter.footnotes] == [("1", "Kamerstuk 27 923, nr. 9999.")]
    assert "27923-9999" in {r.target for r in letter.references}


def test_a_letterhead_without_a_ministry_leaves_it_empty_and_keys_the_id_on_date_and_kenmerk():
    letter = parse_file(MADE / "2022-03-03_politie_crawler.md")
    assert letter.ministry is None
    assert letter.id == "2022-03-03-1111111"


TITLED_LETTER = """# Voortgang aanpak woningnood

Datum 1 mei 2025

Ons kenmerk 2025-0000123456

Geachte voorzitter,

Hierbij informeer ik uw Kamer over de voortgang van de aanpak van de woningnood. De bouw van
nieuwe woningen blijft achter bij de doelen die het kabinet zich heeft gesteld.

## Bouwtempo

In 2024 zijn 82.000 woningen opgeleverd.

De minister van Volkshuisvesting en Ruimtelijke Ordening,

Mona Keijzer
"""


def test_a_letter_under_a_title_heading_reads_its_letterhead_up_to_the_salutation(tmp_path):
    """A conversion that opens with the subject as a heading, then the dated lines and the
    salutation: the letterhead is metadata, the body starts after 'Geachte voorzitter,'."""
    path = tmp_path / "brief.md"
    path.write_text(TITLED_LETTER, encoding="utf-8")
    letter = parse_file(path)
    assert letter.date.isoformat() == "2025-05-01"
    assert letter.kenmerk == "2025-0000123456"
    assert letter.subject == "Voortgang aanpak woningnood"
    assert letter.passages[0].text.startswith("Hierbij informeer ik uw Kamer")
    assert [p.heading for p in letter.passages][-1] == "Bouwtempo"
    assert not any(p.text.startswith(("Datum", "Ons kenmerk", "Geachte")) for p in letter.passages)


def test_short_paragraphs_under_a_title_heading_stay_passages_when_no_letterhead_follows(tmp_path):
    path = tmp_path / "notitie.md"
    path.write_text("# Notitie\n\nKorte zin.\n\n## Sectie\n\nNog een korte zin.\n", encoding="utf-8")
    assert [p.text for p in parse_file(path).passages] == ["Korte zin.", "Nog een korte zin."]
