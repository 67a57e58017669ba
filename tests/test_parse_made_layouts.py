"""Letters typeset differently from the Rijkshuisstijl PDFs in ../shared (made by
scripts/make_test_letters.py, see tests/data/README): the letterhead must come out the same."""
import pytest

from indexer.parsers import parse_file
from .conftest import EXAMPLE_LETTER
from .parser_helpers import DATA

BZK = "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties"


def _expected(letter, directorate):
    assert letter.kenmerk == "2025-0000123456"
    assert letter.date.isoformat() == "2025-05-12"
    assert letter.subject == "Voortgang programma Digitale Weerbaarheid"
    assert letter.directorate == directorate
    assert letter.ministry == BZK
    assert (letter.signer.name, letter.signer.role) == ("E.F. Bakker", "De Minister van Binnenlandse Zaken en Koninkrijksrelaties")
    assert letter.passages[0].text.startswith("Met deze brief informeer ik uw Kamer")
    assert [(n.number, n.text) for n in letter.footnotes] == [
        ("1", "Kamerstuk 26 643, nr. 1188"), ("2", "Verslag van de oefening, bijlage bij deze brief")]
    for passage in letter.passages:
        assert "Pagina" not in passage.text and "referentie" not in passage.text.lower()


def test_a_narrow_margin_far_right_in_another_font():
    _expected(parse_file(DATA / "letter-margin-narrow.pdf"), "Directie Informatiesamenleving en Overheid")


def test_a_wide_margin_close_to_the_body_in_larger_type_than_the_body():
    _expected(parse_file(DATA / "letter-margin-wide.pdf"),
              "Directoraat-Generaal Overheidsorganisatie Directie Digitale Samenleving")


def test_a_margin_left_of_the_body_in_body_type_on_page_one_only():
    _expected(parse_file(DATA / "letter-margin-left.pdf"), "Directoraat-Generaal Digitale Overheid")


def test_the_founding_letter_typeset_as_a_pdf():
    letter = parse_file(DATA / "founding-letter.pdf")
    assert (letter.kenmerk, letter.date.isoformat()) == ("3627733", "2021-11-17")
    assert letter.directorate == "Directoraat-Generaal Politie en Veiligheidsregio's"
    assert letter.subject == "Opsporing en vervolging mensenhandel 2021"
    assert letter.signer.name == "Ankie Broekers-Knol"
    assert letter.footnotes[0].text == "Kamerstuk 28 638, nr. 184"
    assert "in mijn brief van 18 november 2020[^1]" in letter.passages[0].text


# --- the same letter as pdftotext writes it: the Markdown version is the truth --------------

@pytest.fixture(scope="module")
def founding_pair():
    return parse_file(EXAMPLE_LETTER), parse_file(DATA / "founding-letter.pdftotext.txt")


def test_pdftotext_text_gives_the_letters_metadata_from_its_head_and_margin_block(founding_pair):
    truth, text = founding_pair
    for field in ("kenmerk", "date", "directorate", "ministry", "subject", "addressee", "signer"):
        assert getattr(text, field) == getattr(truth, field), field


def test_pdftotext_text_lifts_every_footnote_glued_to_its_word_out_of_the_flow(founding_pair):
    truth, text = founding_pair
    assert [(n.number, n.text) for n in text.footnotes] == [(n.number, n.text) for n in truth.footnotes]
    assert "18 november 2020[^1]," in text.body_text and "Segers-Asscher[^4] en" in text.body_text
    assert not any(note.text in text.body_text for note in text.footnotes if len(note.text) > 30)


def test_pdftotext_text_keeps_no_page_furniture_and_rejoins_sentences_cut_by_a_page(founding_pair):
    truth, text = founding_pair
    assert " ".join(text.body_text.split()) == " ".join(truth.body_text.split())
    assert "die een verschillende focus hebben: de kinderpornoteams focussen" in text.body_text
    for passage in text.passages:
        assert "Pagina" not in passage.text and "Ons kenmerk" not in passage.text


def test_pdftotext_text_is_cut_into_the_letters_paragraphs_under_its_headings(founding_pair):
    truth, text = founding_pair
    assert [p.heading for p in text.passages if p.heading] and {p.heading for p in text.passages} == {
        p.heading for p in truth.passages}
    # a paragraph that ends on a full line looks in plain text like one that goes on: two may
    # come out as one, never is one cut or text lost
    for paragraph in truth.passages:
        assert any(paragraph.text in passage.text for passage in text.passages), paragraph.anchor
    assert len(text.passages) >= 0.9 * len(truth.passages)
