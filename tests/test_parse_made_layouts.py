"""Letters typeset differently from the Rijkshuisstijl PDFs in ../shared (made by
scripts/make_test_letters.py, see tests/data/README): the letterhead must come out the same."""
import pytest

from indexer.parsers import parse_file
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


def test_the_founding_letter_as_pdftotext_writes_it_gives_date_and_subject():
    letter = parse_file(DATA / "founding-letter.pdftotext.txt")
    assert letter.date.isoformat() == "2021-11-17"
    assert letter.subject == "Opsporing en vervolging mensenhandel 2021"


@pytest.mark.xfail(strict=True, reason="plain text as pdftotext writes it: footnote numbers glued to the "
                                       "word before them and the margin block after the head are not read yet")
def test_the_founding_letter_as_pdftotext_writes_it_lifts_footnotes_and_reads_the_margin():
    letter = parse_file(DATA / "founding-letter.pdftotext.txt")
    assert letter.kenmerk == "3627733"
    assert letter.footnotes[0].text == "Kamerstuk 28 638, nr. 184"
    assert "18 november 2020[^1]" in letter.body_text
