"""officielebekendmakingen XML and HTML: official ids, dates, footnotes; metadata files are skipped."""
import pytest

from indexer.parsers import NotALetter, parse_file
from .parser_helpers import CORPUS, OTHER_PLOOI, real


def test_kamerstuk_motie_xml():
    letter = parse_file(real(OTHER_PLOOI / "kst-32545-143" / "kst-32545-143.xml"))
    assert letter.id == "kst-32545-143"
    assert letter.kamerstuk == "32545-143"  # dossier-ondernummer
    assert letter.kenmerk is None  # OB documents carry no ministry kenmerk
    assert letter.date.isoformat() == "2021-07-06"
    assert letter.doc_type == "motie"
    assert "negatieve spaarrente" in letter.body_text


def test_kamervragen_answer_xml():
    letter = parse_file(real(OTHER_PLOOI / "ah-tk-20202021-3235" / "ah-tk-20202021-3235.xml"))
    assert letter.id == "ah-tk-20202021-3235"
    assert letter.date.isoformat() == "2021-06-21"
    assert letter.doc_type == "antwoord kamervragen"
    assert letter.ministry == "Ministerie van Sociale Zaken en Werkgelegenheid"
    assert letter.signer.name == "Koolmees"
    assert letter.passages[0].heading == "Vraag 1"


def test_ob_html_reads_its_meta_tags():
    letter = parse_file(real(OTHER_PLOOI / "ah-tk-20202021-3235" / "ah-tk-20202021-3235.html"))
    assert letter.id == "ah-tk-20202021-3235"
    assert letter.date.isoformat() == "2021-06-21"
    assert letter.kenmerk is None
    assert ("kamervragen", "2021Z09739") in [(r.kind, r.target) for r in letter.references]


def test_motie_from_tk_open_data():
    letter = parse_file(real(CORPUS / "other-documents" / "tommyvanderwal+motiematcher"
                             / "motie-0037dc14-ffaa-4d74-ade5-18b94967fc12.xml"))
    assert letter.doc_type == "motie"
    assert letter.date.isoformat() == "2024-03-12"


@pytest.mark.parametrize("name", [
    "kst-32545-143/kst-32545-143.metadata.xml",
    "kst-32545-143/kst-32545-143.metadata_owms.xml",
    "metadata-samples/oep-sru.xml",
    "metadata-samples/ronl-2011-5647.xml",
])
def test_metadata_files_alone_are_not_letters(name):
    with pytest.raises(NotALetter, match="metadata for"):
        parse_file(real(OTHER_PLOOI / name))


def test_manifest_beside_a_pdf_is_not_a_letter():
    with pytest.raises(NotALetter):
        parse_file(real(CORPUS / "MinBZK+woo-besluit-broncode-PLOOI"
                        / "2011-03-01_JenV_draagmoederschap_5687928-11.manifest.xml"))
