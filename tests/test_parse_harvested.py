"""The real records of ../shared/harvest-fixtures (KOOP's SRU answers and the FRBR files of
repository.overheid.nl), read by the parser as they are published and as ``kamerzoek harvest``
stores them: the publication's file, its ``metadata.xml`` and the harvest record beside it
(``indexer.harvest``). What each letter must say is what its publication's metadata states."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from indexer.harvest import koop
from indexer.harvest.store import harvest_record
from indexer.parsers import NotALetter, parse_file
from indexer.parsers.provenance import RECORD_SUFFIX
from .made_documents import MADE_NOTICE, made_pdf
from .parser_helpers import SHARED, real

pytestmark = pytest.mark.real_documents

FIXTURES = SHARED / "harvest-fixtures"
SRU = FIXTURES / "sru"
FRBR = SRU / "frbr" / "officielepublicaties"
MOTION = FRBR / "kst" / "32545" / "kst-32545-143" / "1"
ANSWER = FRBR / "ah-tk" / "20202021" / "ah-tk-20202021-3235" / "1"


def sru_publication(page: str, identifier: str) -> koop.Publication:
    """The publication a recorded SRU answer describes, as the harvester reads it."""
    records = koop.parse_page(real(SRU / page).read_bytes()).records
    publications = [koop.publication(r, ("Brief", "Motie", "Overig")) for r in records]
    return next(p for p in publications if p and p.key == identifier)


def store_as_harvested(corpus: Path, pub: koop.Publication, document: Path | None, document_bytes=None) -> Path:
    """The files the harvester writes for a letter: its document, metadata.xml, harvest record."""
    folder = corpus / str(pub.date.year)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (pub.key + (document.suffix if document else ".pdf"))
    if document is not None:
        shutil.copyfile(real(document), path)
        shutil.copyfile(real(document.parent.parent / "metadata" / "metadata.xml"), folder / f"{pub.key}.metadata.xml")
    else:
        path.write_bytes(document_bytes)
    (folder / f"{pub.key}{RECORD_SUFFIX}").write_bytes(harvest_record(pub.key, pub.url, pub.to_json(), None))
    return path


MOTION_TITLE = "Motie van de leden Inge van Dijk en Grinwis over het definiëren van een grensspaarsaldo voor negatieve spaarrente"


@pytest.fixture(scope="module")
def harvested_motion(tmp_path_factory):
    pub = sru_publication("PLOOI-integratietest_sru.xml", "kst-32545-143")
    return parse_file(store_as_harvested(tmp_path_factory.mktemp("corpus"), pub, MOTION / "xml" / "kst-32545-143.xml")), pub


def test_a_harvested_motion_says_what_its_metadata_says(harvested_motion):
    motion, pub = harvested_motion
    assert (motion.id, motion.kamerstuk, motion.doc_type) == ("kst-32545-143", "32545-143", "motie")
    assert motion.date == pub.date and motion.date.isoformat() == "2021-07-06"  # DCTERMS.issued
    assert motion.subject == pub.record["documenttitel"] == MOTION_TITLE
    assert motion.source.url == "https://zoek.officielebekendmakingen.nl/kst-32545-143.html"
    assert (motion.signer.name, motion.signer.role) == ("Inge van Dijk en Grinwis", "Indieners")  # indiener x2
    assert motion.ministry is None  # the Kamer's, not a ministry's
    assert motion.passages[-1].text == "en gaat over tot de orde van de dag."


def test_a_publication_read_in_its_frbr_folders_finds_its_metadata_manifestations(harvested_motion):
    harvested, _ = harvested_motion
    published = parse_file(real(MOTION / "xml" / "kst-32545-143.xml"))  # metadata/ beside xml/
    assert (published.id, published.subject, published.date, published.kamerstuk) == (
        harvested.id, harvested.subject, harvested.date, harvested.kamerstuk)
    assert [p.text for p in published.passages] == [p.text for p in harvested.passages]


def test_a_published_answer_to_kamervragen_reads_its_record_and_its_answerer():
    answer = parse_file(real(ANSWER / "xml" / "ah-tk-20202021-3235.xml"))
    assert (answer.id, answer.kamerstuk, answer.doc_type) == ("ah-tk-20202021-3235", None, "antwoord kamervragen")
    assert answer.date.isoformat() == "2021-06-21"  # DCTERMS.issued: received, not asked
    # OVERHEIDop.ontvanger "W. Koolmees", answering for Sociale Zaken en Werkgelegenheid
    assert (answer.signer.name, answer.signer.role) == ("Koolmees", "Minister van Sociale Zaken en Werkgelegenheid")
    assert answer.ministry == "Ministerie van Sociale Zaken en Werkgelegenheid"
    assert [p.heading for p in answer.passages[:2]] == ["Vraag 1", "Antwoord 1"]


def test_a_harvested_letter_whose_text_says_little_takes_the_rest_from_its_record(tmp_path):
    # kst-22112-3185, a "Brief regering": its files were not recorded, a made PDF stands in
    pub = sru_publication("PLOOI-oep-module_sru.xml", "kst-22112-3185")
    stand_in = made_pdf([MADE_NOTICE, "Hierbij ontvangt u het fiche over de herziening van de richtlijn."])
    letter = parse_file(store_as_harvested(tmp_path, pub, None, stand_in))
    assert (letter.id, letter.kamerstuk, letter.doc_type) == ("kst-22112-3185", "22112-3185", "brief")
    assert letter.subject == "Fiche: Herziening Richtlijn hernieuwbare energie"  # documenttitel
    assert letter.date.isoformat() == "2021-09-17"
    assert letter.source.url == "https://zoek.officielebekendmakingen.nl/kst-22112-3185.html"


def test_every_recorded_file_is_a_letter_or_says_it_describes_one():
    letters = []
    for path in sorted(p for p in real(SRU).rglob("*.xml")):
        try:
            letters.append(parse_file(path).id)
        except NotALetter:
            continue  # SRU answers, a record on its own, metadata.xml, metadata_owms.xml
    assert letters == ["ah-tk-20202021-3235", "kst-32545-143"]
