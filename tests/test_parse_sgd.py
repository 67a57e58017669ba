"""Staten-Generaal Digitaal OCR records: metadata from the printed text, OCR damage repaired."""
import pytest

from indexer.parsers import NotALetter, parse_file
from indexer.parsers.sgd_json import dehyphenate
from .parser_helpers import CORPUS, DATA, MADE, SGD, real

real_documents = pytest.mark.real_documents


def test_a_made_record_gives_dossier_date_ministry_signer_and_footnote():
    letter = parse_file(MADE / "sgd-9990000003.json")
    assert letter.id == "sgd-9990000003"  # the record number in its URL
    assert (letter.kamerstuk, letter.kenmerk) == ("99998-3", None)
    assert letter.date.isoformat() == "1987-12-07"  # "'s-Gravenhage, 7 december 1987"
    assert letter.subject == "Voorbeeldregeling voor het beheer van de binnenhavens"
    assert letter.ministry == "Ministerie van Verkeer en Waterstaat"
    assert (letter.signer.name, letter.signer.role) == ("A. VOORBEELD-SMIT", "De Minister van Verkeer en Waterstaat")
    assert "De economische gevolgen" in letter.body_text  # "economi-sche" rejoined
    assert "vergaderjaar 1987-1988" not in letter.body_text  # the running footer
    assert [n.text for n in letter.footnotes] == ["Dit is een voetnoot bij de brief over de binnenhavens."]


def test_a_made_older_print_gives_title_dated_line_and_a_role_on_two_lines():
    letter = parse_file(DATA / "sgd-9990000005.json")
    assert letter.subject == "Inlichtingen op het adres van J. Voorbeeld, te Zwolle"  # no dossier number
    assert letter.date.isoformat() == "1931-03-03"  # "Rijswijk, den 3den Maart 1931."
    assert (letter.signer.name, letter.signer.role) == ("A. VOORBEELD", "De Minister van Binnenlandsche Zaken")
    assert letter.ministry == "Ministerie van Binnenlandse Zaken"
    assert [p.text[:16] for p in letter.passages] == ["Voorbeeldbrief, "]  # no header or date line


def test_a_record_without_a_letter_heading_is_not_a_letter(tmp_path):
    record = tmp_path / "sgd-9990000004.json"
    record.write_text('{"URL": "https://voorbeeld.invalid/9990000004/ocr", "Content": "VERSLAG VAN EEN COMMISSIE"}')
    with pytest.raises(NotALetter, match="geen brief"):
        parse_file(record)


@pytest.fixture(scope="module")
def smit_kroes():
    return parse_file(real(SGD / "sgd-0000104082.json"))


@real_documents
def test_id_dossier_and_date(smit_kroes):
    assert smit_kroes.id == "sgd-0000104082"
    assert smit_kroes.kamerstuk == "20368-4"
    assert smit_kroes.kenmerk is None  # printed letters carry no ministry kenmerk
    assert smit_kroes.date.isoformat() == "1987-12-07"
    assert smit_kroes.subject.startswith("Regels betreffende de overgang van personeel")
    assert smit_kroes.doc_type == "brief"


@real_documents
def test_ministry_from_heading_and_signer_from_closing(smit_kroes):
    assert smit_kroes.ministry == "Ministerie van Verkeer en Waterstaat"
    assert smit_kroes.signer.name == "N. Smit-Kroes"
    assert smit_kroes.signer.role == "De Minister van Verkeer en Waterstaat"


@real_documents
def test_running_footer_and_signature_are_not_passages(smit_kroes):
    assert "Tweede Kamer, vergaderjaar" not in smit_kroes.body_text
    assert "Smit-Kroes" not in smit_kroes.body_text


@real_documents
def test_old_spelling_and_capitals_signature():
    letter = parse_file(real(SGD / "sgd-0000049690.json"))
    assert letter.date.isoformat() == "1932-03-02"
    assert letter.signer.name == "RUYS DE BEERENBROUCK"
    assert letter.footnotes and "griffie" in letter.footnotes[0].text


@real_documents
def test_wrapped_heading_and_ocr_hyphenation():
    letter = parse_file(real(SGD / "sgd-0000226035.json"))
    assert letter.ministry == "Ministerie van Sociale Zaken en Volksgezondheid"
    assert "gedetailleerd overzicht" in letter.body_text
    assert "gezondheidsresearch en ontwikkeling" in letter.body_text


@pytest.mark.parametrize("text, expected", [
    ("economi-sche", "economische"),
    ("zee-eend", "zee-eend"),
    ("oud-minister", "oud-minister"),
    ("Zeeuws-Vlaanderen", "Zeeuws-Vlaanderen"),
    ("RUU-personeel", "RUU-personeel"),
])
def test_dehyphenation_keeps_hyphens_that_dutch_spelling_wants(text, expected):
    assert dehyphenate(text) == expected


@real_documents
def test_every_real_record_parses_or_says_why():
    files = sorted(real(SGD).glob("*.json"))
    letters = 0
    for path in files:
        try:
            parse_file(path)
            letters += 1
        except NotALetter:
            pass
    assert letters >= 0.95 * len(files)


@real_documents
@pytest.mark.parametrize("name", ["tk-odata-zaak-2025Z02986.json", "tk-odata-document-page-100.json",
                                  "motie-000997f1-f677-4f1a-9be2-7f0faf8479a7.text.json"])
def test_open_data_json_is_not_a_letter(name):
    with pytest.raises(NotALetter):
        parse_file(real(CORPUS / "other-documents" / "tommyvanderwal+motiematcher" / name))


@real_documents
def test_sgd_record_of_another_kind_is_not_a_letter():
    with pytest.raises(NotALetter, match="geen brief"):
        parse_file(real(CORPUS / "other-documents" / "KingOfTheAce2+FRBR-Statengeneraal-Digitaal-scraper"
                        / "sgd-0000195162.json"))


@real_documents
@pytest.mark.parametrize(
    "record, name, role, ministry",
    [
        # role wrapped over two lines, name in capitals
        ("sgd-0000058672.json", "VAN LIDTH DE JEUDE", "De Minister van Waterstaat", "Ministerie van Waterstaat"),
        # name after the role on the same line, without a comma
        ("sgd-0000177676.json", "A. A. M. van Agt", "De Minister-President, Minister van Algemene Zaken",
         "Ministerie van Algemene Zaken"),
        # an item number printed after the heading is not part of the ministry
        ("sgd-0000256488.json", None, None, "Ministerie van Buitenlandse Zaken"),
        # OCR that lost the diaeresis still names the ministry as it is spelled
        ("sgd-0000089274.json", None, None, "Ministerie van Financiën"),
    ],
)
def test_signers_and_ministries_of_older_prints(record, name, role, ministry):
    letter = parse_file(real(SGD / record))
    assert letter.ministry == ministry
    if name:
        assert (letter.signer.name, letter.signer.role) == (name, role)


@real_documents
def test_the_title_without_a_dossier_number_is_still_the_subject():
    # "Vergaderjaar 1992-1993" / "Interne Marktraad" / "BRIEF VAN ..." with no dossier line
    assert parse_file(real(SGD / "sgd-0000012642.json")).subject == "Interne Marktraad"
    justitieraad = parse_file(real(SGD / "sgd-0000021461.json"))  # dossier "21 501-22"
    assert (justitieraad.subject, justitieraad.kamerstuk) == ("Justitieraad", "21501-22-1")


@real_documents
@pytest.mark.parametrize("record, name, role, ministry", [
    # "De Minister van Buitenlandsche" / "Zaken,": the first line alone names no ministry
    ("sgd-0000067020.json", "J. PATIJN", "De Minister van Buitenlandsche Zaken", "Ministerie van Buitenlandse Zaken"),
    # "De Minister van Economische" / "Zaken en Arbeid,"
    ("sgd-0000051605.json", "T. J. VERSCHUUR", "De Minister van Economische Zaken en Arbeid",
     "Ministerie van Economische Zaken en Arbeid"),
])
def test_a_role_wrapped_onto_a_second_line_is_one_role(record, name, role, ministry):
    letter = parse_file(real(SGD / record))
    assert (letter.signer.name, letter.signer.role, letter.ministry) == (name, role, ministry)


@real_documents
@pytest.mark.parametrize("record, ministry", [
    # "MINISTER VOOR ONTWIKKELINGSSAMEN-WERKING": a minister of Buitenlandse Zaken, broken at a line end
    ("sgd-0000022801.json", "Ministerie van Buitenlandse Zaken"),
    # "VOLKSHUISVESTING. RUIMTELIJKE ORDENING": the OCR read the comma as a full stop
    ("sgd-0000125887.json", "Ministerie van Volkshuisvesting, Ruimtelijke Ordening en Milieubeheer"),
    # the heading runs on: "BUITENLANDSCHE ZAKEN, BETREFFENDE VERLENGING VAN HET PROTOCOL ..."
    ("sgd-0000067020.json", "Ministerie van Buitenlandse Zaken"),
])
def test_the_ministry_from_a_heading_the_print_or_the_ocr_broke(record, ministry):
    assert parse_file(real(SGD / record)).ministry == ministry


@real_documents
@pytest.mark.parametrize("record, date", [
    ("sgd-0000010919.json", "1993-09-10"),  # "'s-Gravenhage, 10september 1993": the OCR lost the space
    ("sgd-0000052191.json", "1932-11-29"),  # "'s Gravenhage, den 29sten November 1932."
    ("sgd-0000168992.json", "1980-02-28"),  # "Rijswijk, 28 februari 1980", not a date in the text
    ("sgd-0000265359.json", "1960-07-08"),  # "s-Cravenhage, 8 juli 1960.", not the treaty's date above it
])
def test_the_date_is_the_dated_line_under_the_heading_wherever_it_was_written(record, date):
    assert parse_file(real(SGD / record)).date.isoformat() == date


@real_documents
def test_a_dated_line_whose_year_the_ocr_garbled_gives_no_date():
    assert parse_file(real(SGD / "sgd-0000311700.json")).date is None  # "29 December 1021."


@real_documents
@pytest.mark.parametrize("record, subject", [
    # no dossier number: the title under the chamber's line, the print's numbering left off
    ("sgd-0000044347.json", "Rijksbegrooting voor het dienstjaar 1930"),  # "(... 1930. 2. V. 17.)"
    ("sgd-0000042782.json", "Vaststelling van de begrooting van het Staatsbedrijf der Artillerie-Inrichtingen voor 1930"),
    ("sgd-0000294464.json", "Inlichtingen op het adres van W. Bodde"),  # above the chamber's line
    ("sgd-0000397764.json", "Staatsbegrooting voor het dienstjaar J884"),  # not the item under it
    # the OCR ran the title on into the heading's line
    ("sgd-0000026432.json", "Goedkeuring van het op 10 september 1984 te Emden tot stand gekomen Verdrag"),
])
def test_the_printed_title_is_the_subject_where_the_print_has_no_dossier_number(record, subject):
    assert parse_file(real(SGD / record)).subject.startswith(subject)


@real_documents
@pytest.mark.parametrize("record", ["sgd-0000082820.json", "sgd-0000085987.json"])
def test_the_end_of_another_document_above_the_heading_is_no_title(record):
    assert parse_file(real(SGD / record)).subject is None
