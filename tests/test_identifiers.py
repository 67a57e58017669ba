"""Letter ids: the identifier a document states, every part kept; one document, one id.

Budget chapters and council series carry a part in their number (kst-36600-X-55,
kst-21501-20-1983). Folding the part away put chapters X, VII and IV on one id, so that
they overwrote one another in the index.
"""
import shutil

import pytest

from indexer.indexing import index_paths
from indexer.parsers import parse_file
from indexer.search import SearchService
from .conftest import app_over
from .parser_helpers import OTHER_PLOOI, SHARED, real

OB_HOLDOUT = SHARED / "ob-holdout"


def _holdout_files():
    return sorted(real(OB_HOLDOUT).glob("kst-*.xml"))


@pytest.mark.real_documents
def test_every_holdout_document_keeps_its_published_identifier():
    for path in _holdout_files():  # named by the identifier each file states
        letter = parse_file(path)
        assert letter.id == path.stem.lower(), path.name
        assert letter.kamerstuk == path.stem[len("kst-"):], path.name


@pytest.mark.real_documents
def test_budget_chapter_and_council_series_are_part_of_the_number():
    chapter = parse_file(real(OB_HOLDOUT / "kst-36600-X-55.xml"))  # only a metadata-record address inline
    council = parse_file(real(OB_HOLDOUT / "kst-21501-20-1983.xml"))
    assert (chapter.id, chapter.kamerstuk) == ("kst-36600-x-55", "36600-X-55")
    assert (council.id, council.kamerstuk) == ("kst-21501-20-1983", "21501-20-1983")


@pytest.mark.real_documents
def test_a_folder_of_such_documents_indexes_each_as_its_own_letter(tmp_path):
    files = _holdout_files()
    report = index_paths([OB_HOLDOUT], tmp_path / "index")
    assert not report.failed and not report.skipped
    assert len(report.added) == len(files) == len({parse_file(p).id for p in files})


@pytest.mark.real_documents
def test_the_same_document_in_two_formats_is_stored_once(tmp_path):
    folder = tmp_path / "kst-32545-143"
    folder.mkdir()
    for name in ("kst-32545-143.xml", "kst-32545-143.html"):
        shutil.copy(real(OTHER_PLOOI / "kst-32545-143" / name), folder / name)
    report = index_paths([folder], tmp_path / "index")
    assert len(report.added) == 1 and not report.failed
    assert not report.skipped and [reason for _, reason in report.duplicates] == [
        "zelfde document (kst-32545-143) als " + report.added[0] + ", dat al is opgenomen"]


BUDGET_CHAPTER = """<?xml version="1.0" encoding="UTF-8"?>
<officiele-publicatie><kamerstuk>
  <dossier><dossiernummer><dossiernr>36 600</dossiernr><begrotingshoofdstuk>{chapter}</begrotingshoofdstuk>
  </dossiernummer><titel>Vaststelling van de begrotingsstaten voor het jaar 2025</titel></dossier>
  <stuk><stuknr>Nr. <ondernummer>55</ondernummer></stuknr><titel>MOTIE VAN HET LID DE VRIES</titel>
  <algemeen><vrije-tekst><tekst><al>De Kamer, gehoord de beraadslaging, verzoekt de regering iets.</al>
  </tekst></vrije-tekst></algemeen></stuk>
</kamerstuk></officiele-publicatie>"""


@pytest.mark.parametrize("chapter", ["X", "VII", "IV"])
def test_without_any_stated_identifier_the_number_is_rebuilt_with_its_chapter(tmp_path, chapter):
    path = tmp_path / "motie.xml"
    path.write_text(BUDGET_CHAPTER.format(chapter=chapter), encoding="utf-8")
    letter = parse_file(path)
    assert letter.kamerstuk == f"36600-{chapter}-55"
    assert letter.id == f"kst-36600-{chapter.lower()}-55"


def test_a_letter_is_found_by_its_identifier_written_as_published_with_capitals(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "motie.xml").write_text(BUDGET_CHAPTER.format(chapter="X"), encoding="utf-8")
    index_paths([corpus], tmp_path / "index")
    assert SearchService(str(tmp_path / "index")).get_letter("kst-36600-X-55").id == "kst-36600-x-55"
    client = app_over(tmp_path / "index", [corpus]).test_client()
    assert client.get("/letters/kst-36600-X-55").status_code == 200
    assert client.get("/api/letters/KST-36600-X-55").get_json()["id"] == "kst-36600-x-55"
    assert client.get("/letters/kst-36600-X-55/source").status_code == 200


def test_a_changed_letter_is_found_in_its_new_version_by_id_and_by_kamerstuk_number(tmp_path):
    """The replaced version stays in its segment, deleted, until a merge purges it: look-ups
    by id and by Kamerstuk number give the live one."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number in range(55, 61):  # one changed of six stays below the share that purges a segment
        motion = BUDGET_CHAPTER.format(chapter="X").replace(">55<", f">{number}<")
        (corpus / f"motie-{number}.xml").write_text(motion, encoding="utf-8")
    index_paths([corpus], tmp_path / "index")
    changed = (corpus / "motie-55.xml").read_text(encoding="utf-8").replace("iets.", "iets anders.")
    (corpus / "motie-55.xml").write_text(changed, encoding="utf-8")
    assert index_paths([corpus], tmp_path / "index").updated
    service = SearchService(str(tmp_path / "index"))
    assert service.searcher().reader().doc_count_all() == 7  # the old version is there, deleted
    assert "iets anders" in " ".join(p.text for p in service.get_letter("kst-36600-x-55").passages)
    assert service.letter_id_of_kamerstuk("36600-X-55") == "kst-36600-x-55"
    assert service.letter_id_of_kamerstuk("36600-X-61") is None and service.get_letter("kst-36600-x-61") is None
