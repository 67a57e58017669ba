"""officielebekendmakingen Kamerbrieven (made samples written from the publication schema) and
real motions and answers: the letter's own parts become metadata, never passages."""
import pytest

from indexer.parsers import parse_file
from .parser_helpers import CORPUS, DATA, OTHER_PLOOI, SHARED, real

LETTER_XML = DATA / "ob-brief-kst-99900-VI-7.xml"
LETTER_HTML = DATA / "ob-brief-kst-99900-VI-7.html"
SECOND_LETTER = DATA / "ob-brief-kst-99901-12.xml"
JENV = "Ministerie van Justitie en Veiligheid"


@pytest.fixture(scope="module", params=[LETTER_XML, LETTER_HTML], ids=["xml", "html"])
def letter(request):
    return parse_file(request.param)


def test_the_letters_own_metadata(letter):
    assert letter.id == "kst-99900-vi-7"
    assert letter.kamerstuk == "99900-VI-7"
    assert letter.date.isoformat() == "2025-03-14"  # the dated line
    assert letter.doc_type == "brief"
    assert (letter.signer.name, letter.signer.role) == ("A.B. de Vries", "De Minister van Justitie en Veiligheid")
    assert letter.ministry == JENV
    assert letter.addressee == "De Voorzitter van de Tweede Kamer der Staten-Generaal"


def test_addressee_salutation_and_signature_are_not_passages(letter):
    for passage in letter.passages:
        assert "Voorzitter" not in passage.text and "Geachte" not in passage.text
        assert "A.B. de Vries" not in passage.text and "Den Haag" not in passage.text
    assert letter.passages[0].text.startswith("Met deze brief informeer ik uw Kamer")


def test_footnotes_leave_the_flow_with_their_markers(letter):
    assert [(n.number, n.text) for n in letter.footnotes] == [
        ("1", "Kamerstukken II 2024/25, 28 638, nr. 184."),
        ("2", "Zie ook de voortgangsrapportage in de bijlage bij deze brief."),
    ]
    assert "zoals toegezegd in mijn brief van 18 november 2024.[^1]" in letter.body_text
    assert "Kamerstukken II 2024/25" not in letter.body_text


def test_headings_and_list_items(letter):
    assert [p.heading for p in letter.passages] == [None, "Opsporing", "Opsporing", "Opsporing", "Opsporing", "Vervolging"]
    assert letter.passages[3].text.startswith("de inzet van lokprofielen")  # a list item, not glued on


def test_citations_keep_their_exact_target(letter):
    found = {(r.kind, r.target) for r in letter.references}
    assert ("kamerstuk", "28638-184") in found  # extref doc="kst-28638-184" in a footnote
    assert ("kamerstuk", "29279-805") in found  # extref, and "(29 279, nr. 805)" in the text
    assert ("motie", "motie ellian c.s.") in found  # "de motie-Ellian c.s."
    assert len([r for r in letter.references if r.target == "29279-805"]) == 1


def test_the_xml_and_its_html_rendition_give_the_same_letter():
    xml, html = parse_file(LETTER_XML), parse_file(LETTER_HTML)
    assert xml.to_dict() | {"source": None, "references": None} == html.to_dict() | {"source": None, "references": None}
    assert {(r.kind, r.target) for r in xml.references} == {(r.kind, r.target) for r in html.references}


def test_a_letter_that_states_only_its_metadata_address():
    letter = parse_file(SECOND_LETTER)
    assert (letter.id, letter.kamerstuk, letter.date.isoformat()) == ("kst-99901-12", "99901-12", "2025-06-02")
    assert letter.signer.role == "De Staatssecretaris van Justitie en Veiligheid"
    assert letter.ministry == JENV
    assert letter.subject == "Verbetering van de rechtsbijstand"  # the dossier title: no document title given
    assert letter.passages[0].heading == "1. Aanleiding"
    targets = {r.target for r in letter.references}
    assert {"31753-290", "31753-280", "31753-275"} <= targets
    assert not any("rijksoverheid" in t for t in targets)  # a web address is not a citation


# --- real motions and answers ----------------------------------------------------------------

MOTIONS = [
    (SHARED / "ob-holdout" / "kst-28638-244.xml", "Mutluer, Van Nispen, Bikker en Tseggai", "Indieners"),
    (SHARED / "ob-holdout" / "kst-36600-X-55.xml", "Van Baarle", "Indiener"),
    (SHARED / "ob-holdout" / "kst-36600-IV-61.xml", "Ceder", "Indiener"),
    (OTHER_PLOOI / "kst-32545-143" / "kst-32545-143.xml", "Inge van Dijk en Grinwis", "Indieners"),
    (OTHER_PLOOI / "kst-32545-143" / "kst-32545-143.html", "Inge van Dijk en Grinwis", "Indieners"),
]


@pytest.mark.real_documents
@pytest.mark.parametrize("path, names, role", MOTIONS, ids=[p.name for p, _, _ in MOTIONS])
def test_tabling_members_are_metadata_and_the_closing_formula_a_passage(path, names, role):
    motion = parse_file(real(path))
    assert motion.doc_type == "motie"
    assert (motion.signer.name, motion.signer.role) == (names, role)
    assert motion.passages[-1].text == "en gaat over tot de orde van de dag."
    assert motion.passages[0].text == "De Kamer,"
    assert motion.passages[1].text == "gehoord de beraadslaging,"
    assert all(len(p.text.split()) > 1 for p in motion.passages)  # no one-word name passages
    assert motion.ministry is None  # a motion is the Kamer's, not a ministry's


@pytest.mark.real_documents
def test_the_motion_and_its_rendition_agree():
    xml = parse_file(real(OTHER_PLOOI / "kst-32545-143" / "kst-32545-143.xml"))
    html = parse_file(real(OTHER_PLOOI / "kst-32545-143" / "kst-32545-143.html"))
    assert [p.text for p in xml.passages] == [p.text for p in html.passages]
    assert (xml.date, xml.subject, xml.kamerstuk) == (html.date, html.subject, html.kamerstuk)


@pytest.mark.real_documents
@pytest.mark.parametrize("name", ["ah-tk-20202021-3235.xml", "ah-tk-20202021-3235.html"])
def test_an_answer_to_kamervragen_in_both_formats(name):
    answer = parse_file(real(OTHER_PLOOI / "ah-tk-20202021-3235" / name))
    assert answer.doc_type == "antwoord kamervragen"
    assert (answer.signer.name, answer.signer.role) == ("Koolmees", "Minister van Sociale Zaken en Werkgelegenheid")
    assert answer.ministry == "Ministerie van Sociale Zaken en Werkgelegenheid"
    assert answer.date.isoformat() == "2021-06-21"  # received, not asked
    assert answer.subject == "de TOZO"
    assert ("publicatie", "stb-2020-118") in {(r.kind, r.target) for r in answer.references}


@pytest.mark.real_documents
def test_every_real_motion_reads_without_name_passages():
    paths = sorted(real(SHARED / "ob-holdout").glob("*.xml")) + sorted(
        (CORPUS / "other-documents" / "tommyvanderwal+motiematcher").glob("motie-*.xml"))
    for path in paths:
        motion = parse_file(path)
        if not motion.passages[-1].text.startswith("en gaat over"):
            continue  # a withdrawn motion without text
        assert motion.signer and motion.signer.name, path.name
        assert motion.signer.name.split(",")[0].split(" en ")[0] not in {p.text for p in motion.passages}, path.name
