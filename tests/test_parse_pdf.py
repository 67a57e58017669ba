"""Rijkshuisstijl PDF letters: margin column as metadata, footnotes lifted out, pages rejoined."""
import pytest

from indexer.parsers import ParseError, parse_file
from .parser_helpers import CORPUS, MADE, OTHER_PLOOI, PLOOI, WOB, real

real_documents = pytest.mark.real_documents
MADE_PDF = MADE / "2023-05-12_IenW_verkeersveiligheid_IENW-BSK-2023-4711.pdf"


# --- the made letter (tests/data/make_pdf.py) ----------------------------------------------

@pytest.fixture(scope="module")
def made():
    return parse_file(MADE_PDF)


def test_made_letter_margin_column_and_labels_give_the_metadata(made):
    assert made.kenmerk == "IENW/BSK-2023/4711"
    assert made.date.isoformat() == "2023-05-12"
    assert made.directorate.startswith("Directoraat-Generaal Mobiliteit")
    assert made.subject == "Verkeersveiligheid op provinciale wegen"
    assert made.ministry == "Ministerie van Infrastructuur en Waterstaat"  # beside the logo
    assert made.addressee.startswith("De Voorzitter van de Tweede Kamer")
    assert (made.signer.name, made.signer.role) == ("A.B. Voorbeeld", "DE MINISTER VAN INFRASTRUCTUUR EN WATERSTAAT")


def test_made_letter_margin_and_page_furniture_stay_out_of_the_passages(made):
    assert "Pagina" not in made.body_text and "Ons kenmerk" not in made.body_text
    assert "Rijnstraat" not in made.body_text and "IENW/BSK" not in made.body_text


def test_made_letter_footnote_is_lifted_out_and_its_superscript_marker_kept(made):
    assert "Verkeersveiligheid[^1] blijft" in made.body_text
    assert [(n.number, n.text) for n in made.footnotes] == [
        ("1", "Kamerstuk 29 398, nr. 1012, over het Strategisch Plan Verkeersveiligheid.")]
    assert "29398-1012" in {r.target for r in made.references}


def test_made_letter_paragraph_cut_by_the_page_break_is_one_passage(made):
    assert "de provincies hebben in 2022 samen honderdveertig kilometer fietspad" in made.body_text
    assert {"Aanpak van bermongevallen", "Vervolg"} <= {p.heading for p in made.passages}


def test_the_made_pdf_files_are_what_make_pdf_writes():
    from tests.data import make_pdf

    assert make_pdf.LETTER.read_bytes() == make_pdf.letter_pdf()
    assert make_pdf.TRUNCATED.read_bytes() == make_pdf.letter_pdf()[: make_pdf.TRUNCATE_AT]


# --- real letters from ../shared ------------------------------------------------------------


@pytest.fixture(scope="module")
def draagmoederschap():
    return parse_file(real(PLOOI / "2011-03-01_JenV_draagmoederschap_5687928-11.pdf"))


@pytest.fixture(scope="module")
def leerlingendaling():
    return parse_file(real(PLOOI / "2018-10-03_OCW_onbeantwoorde-vragen-AO-leerlingendaling_1400405.pdf"))


@real_documents
def test_margin_column_gives_kenmerk_date_and_directorate(draagmoederschap):
    assert draagmoederschap.kenmerk == "5687928/11"
    assert draagmoederschap.date.isoformat() == "2011-03-01"
    assert "Preventie, Jeugd en Sancties" in draagmoederschap.directorate
    assert draagmoederschap.subject == "Draagmoederschap"
    assert draagmoederschap.ministry == "Ministerie van Justitie en Veiligheid"


@real_documents
def test_signer_and_addressee(draagmoederschap):
    assert draagmoederschap.signer.name == "F. Teeven"
    assert "Staatssecretaris" in draagmoederschap.signer.role
    assert draagmoederschap.addressee.startswith("De Voorzitter van de Tweede Kamer")


@real_documents
def test_onze_referentie_and_betreft(leerlingendaling):
    assert leerlingendaling.kenmerk == "1400405"
    assert leerlingendaling.date.isoformat() == "2018-10-03"
    assert leerlingendaling.subject == "Onbeantwoorde vragen algemeen overleg leerlingendaling 27 juni 2018"
    assert leerlingendaling.directorate == "Voortgezet Onderwijs"
    assert leerlingendaling.ministry == "Ministerie van Onderwijs, Cultuur en Wetenschap"


@real_documents
def test_page_furniture_and_margin_never_reach_the_passages(leerlingendaling, draagmoederschap):
    for letter in (leerlingendaling, draagmoederschap):
        assert "Pagina" not in letter.body_text
        assert "Onze referentie" not in letter.body_text and "Ons kenmerk" not in letter.body_text


@real_documents
def test_paragraph_cut_by_a_page_break_is_joined(draagmoederschap):
    assert "in ongeveer tien gevallen in aanraking te komen met illegale opnemingen" in draagmoederschap.body_text


@real_documents
def test_footnotes_are_lifted_out_with_their_markers_left_behind(leerlingendaling, draagmoederschap):
    numbers = [n.number for n in leerlingendaling.footnotes]
    assert numbers[:3] == ["1", "2", "3"]
    assert leerlingendaling.footnotes[1].text.startswith("Tweede Kamer, vergaderjaar 2017-2018")
    assert "[^1]" in leerlingendaling.body_text
    assert "hoogtechnologisch draagmoederschap wordt een embryo" in draagmoederschap.footnotes[0].text
    assert "wordt een embryo" not in draagmoederschap.body_text


@real_documents
def test_headings_head_their_passages(leerlingendaling, draagmoederschap):
    assert {"Rapport", "Vrijwilligheid"} <= {p.heading for p in draagmoederschap.passages}
    assert "1 Onbeantwoorde vragen" in {p.heading for p in leerlingendaling.passages}


@real_documents
def test_reference_in_the_body(draagmoederschap):
    assert "32123-XVI-30" in {r.target for r in draagmoederschap.references}


@real_documents
def test_wob_letter_with_the_same_template():
    letter = parse_file(real(WOB / "IenW_Bes-besluit.pdf"))
    assert letter.kenmerk == "IENW/BSK-2021/60623"
    assert letter.date.isoformat() == "2021-03-22"
    assert letter.subject.startswith("Besluit op uw Wob-verzoek")


@real_documents
def test_scanned_pdf_needs_ocr():
    with pytest.raises(ParseError, match="zonder tekstlaag"):
        parse_file(real(OTHER_PLOOI / "blg-1007826" / "blg-1007826.pdf"))


@real_documents
def test_ob_pdf_takes_its_id_from_the_companion_metadata():
    letter = parse_file(real(OTHER_PLOOI / "kst-32545-143" / "kst-32545-143.pdf"))
    assert letter.id == "kst-32545-143"
    assert letter.date.isoformat() == "2021-07-06"


@real_documents
@pytest.mark.parametrize("name, date", [
    ("besluitenlijst_2009-04-03_BZK.pdf", "2009-04-03"),  # "Den Haag, 3 april 2009" heads the page
    ("besluitenlijst_2011-03-08_BuZa.pdf", "2011-03-08"),
])
def test_a_document_without_a_datum_label_is_dated_by_its_place_and_date_line(name, date):
    assert parse_file(real(CORPUS / "other-documents" / "openkamer+openkamer" / name)).date.isoformat() == date


@real_documents
def test_a_document_that_opens_with_its_title_has_it_as_subject():
    fiche = parse_file(real(OTHER_PLOOI / "bnc-fiche-5-herziening-MiFIR-MiFID.pdf"))
    assert fiche.subject == "Fiche 5: Herziening verordening en richtlijn markten voor financiële instrumenten"
