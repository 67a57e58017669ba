"""officielebekendmakingen XML and HTML: official ids, dates, footnotes; metadata files are skipped."""
import pytest

from indexer.parsers import NotALetter, parse_file
from .parser_helpers import CORPUS, MADE, OTHER_PLOOI, real

real_documents = pytest.mark.real_documents


def test_a_made_motion_in_xml_takes_id_title_and_date_from_its_metadata_record():
    letter = parse_file(MADE / "kst-99999-7.xml")
    assert letter.id == "kst-99999-7"
    assert letter.kamerstuk == "99999-7"
    assert letter.kenmerk is None
    assert letter.date.isoformat() == "2020-12-03"
    assert letter.doc_type == "motie"
    assert letter.subject == "Motie van het lid Voorbeeld over de planning van de dijkversterking"
    assert "achterloopt[^1]" in letter.body_text
    assert [n.text for n in letter.footnotes] == ["Kamerstuk 99 999, nr. 3."]


def test_a_made_ob_html_page_reads_its_meta_tags_and_headings():
    letter = parse_file(MADE / "kst-99999-8.html")
    assert (letter.id, letter.kamerstuk, letter.date.isoformat()) == ("kst-99999-8", "99999-8", "2021-03-15")
    assert (letter.subject, letter.doc_type) == ("Voortgang van de dijkversterking", "brief")
    assert "Dijkversterking" in {p.heading for p in letter.passages}
    assert "99999-7" in {r.target for r in letter.references}


def test_the_metadata_record_beside_a_publication_is_not_a_letter():
    with pytest.raises(NotALetter, match="metadata bij"):
        parse_file(MADE / "kst-99999-7.metadata.xml")


@real_documents
def test_kamerstuk_motie_xml():
    letter = parse_file(real(OTHER_PLOOI / "kst-32545-143" / "kst-32545-143.xml"))
    assert letter.id == "kst-32545-143"
    assert letter.kamerstuk == "32545-143"  # dossier-ondernummer
    assert letter.kenmerk is None  # OB documents carry no ministry kenmerk
    assert letter.date.isoformat() == "2021-07-06"
    assert letter.doc_type == "motie"
    assert "negatieve spaarrente" in letter.body_text


@real_documents
def test_kamervragen_answer_xml():
    letter = parse_file(real(OTHER_PLOOI / "ah-tk-20202021-3235" / "ah-tk-20202021-3235.xml"))
    assert letter.id == "ah-tk-20202021-3235"
    assert letter.date.isoformat() == "2021-06-21"
    assert letter.doc_type == "antwoord kamervragen"
    assert letter.ministry == "Ministerie van Sociale Zaken en Werkgelegenheid"
    assert letter.signer.name == "Koolmees"
    assert letter.passages[0].heading == "Vraag 1"


@real_documents
def test_ob_html_reads_its_meta_tags():
    letter = parse_file(real(OTHER_PLOOI / "ah-tk-20202021-3235" / "ah-tk-20202021-3235.html"))
    assert letter.id == "ah-tk-20202021-3235"
    assert letter.date.isoformat() == "2021-06-21"
    assert letter.kenmerk is None
    assert ("kamervragen", "2021Z09739") in [(r.kind, r.target) for r in letter.references]


@real_documents
def test_motie_from_tk_open_data():
    letter = parse_file(real(CORPUS / "other-documents" / "tommyvanderwal+motiematcher"
                             / "motie-0037dc14-ffaa-4d74-ade5-18b94967fc12.xml"))
    assert letter.doc_type == "motie"
    assert letter.date.isoformat() == "2024-03-12"


@real_documents
def test_a_closing_formula_ending_in_a_comma_still_hands_the_name_after_it_to_the_signer():
    letter = parse_file(real(CORPUS / "other-documents" / "tommyvanderwal+motiematcher"
                             / "motie-0037dc14-ffaa-4d74-ade5-18b94967fc12.xml"))
    assert letter.passages[-1].text == "en gaat over tot de orde van de dag,"
    assert (letter.signer.name, letter.signer.role) == ("Eerdmans", "Indiener")


@real_documents
@pytest.mark.parametrize("name", [
    "kst-32545-143/kst-32545-143.metadata.xml",
    "kst-32545-143/kst-32545-143.metadata_owms.xml",
    "metadata-samples/oep-sru.xml",
    "metadata-samples/ronl-2011-5647.xml",
])
def test_metadata_files_alone_are_not_letters(name):
    with pytest.raises(NotALetter, match="metadata bij"):
        parse_file(real(OTHER_PLOOI / name))


@real_documents
def test_manifest_beside_a_pdf_is_not_a_letter():
    with pytest.raises(NotALetter):
        parse_file(real(CORPUS / "MinBZK+woo-besluit-broncode-PLOOI"
                        / "2011-03-01_JenV_draagmoederschap_5687928-11.manifest.xml"))
