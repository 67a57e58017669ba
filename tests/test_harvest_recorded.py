"""The harvester against recorded real answers of both services (../shared/harvest-fixtures),
served as they were recorded by the local stand-in: KOOP's SRU pages with their
``nextRecordPosition`` and the FRBR files beside them, and a page of the Tweede Kamer's
Document entities with 63 letters and 12 tombstones. The TK files themselves were not
recorded: made PDFs stand in for them."""
from __future__ import annotations

import datetime as _dt

import pytest

from indexer.harvest import HarvestOptions, Harvester
from indexer.indexing import find_files, index_paths
from indexer.parsers import parse_file
from indexer.search import SearchService
from tests.harvest_data import recorded, recorded_tk_page, tombstone
from tests.harvest_server import FakeSources, local_client
from tests.made_documents import MADE_NOTICE, made_pdf

pytestmark = pytest.mark.real_documents

RECORDED_AT = _dt.datetime(2025, 10, 3, tzinfo=_dt.timezone.utc)


def serve_recorded_koop(fake: FakeSources) -> None:
    fake.sru_pages = {1: recorded("sru", "PLOOI-oep-module_sru.xml").read_bytes(),  # nextRecordPosition 11
                      11: recorded("sru", "PLOOI-integratietest_sru.xml").read_bytes()}  # the last page
    frbr = recorded("sru", "frbr")
    for path in frbr.rglob("*.xml"):
        relative = "/frbr/" + path.relative_to(frbr).as_posix()
        fake.files[relative] = fake.files["/repository.overheid.nl" + relative] = path.read_bytes()


def serve_recorded_tk(fake: FakeSources) -> list[dict]:
    fake.documents = recorded_tk_page()
    letters = [d for d in fake.documents if d.get("Soort") == "Brief regering"]
    for document in letters:  # the files were not recorded
        fake.files[f"tk:{document['Id']}"] = made_pdf([
            "Betreft " + document["Onderwerp"][:80], "", MADE_NOTICE, "Geachte voorzitter,",
            f"Deze brief ({document['DocumentNummer']}) staat hier in plaats van het bestand van de Tweede Kamer.",
            "Zijn metadata komen uit een opgenomen antwoord van de open-data-API."])
    return letters


def harvest(fake: FakeSources, corpus, **options):
    opts = HarvestOptions(corpus=corpus, koop_url=f"{fake.base}/sru", tk_url=f"{fake.base}/OData/v4/2.0", **options)
    return Harvester(opts, local_client(retries=1), now=lambda: RECORDED_AT).run()


def test_recorded_sru_pages_are_followed_to_the_last_and_recorded_files_stored(tmp_path):
    with FakeSources() as fake:
        serve_recorded_koop(fake)
        report = harvest(fake, tmp_path, sources=("koop",), koop_kinds=("Brief", "Motie"), page_size=10)
        assert [r.query["startRecord"] for r in fake.requests_for("/sru")] == ["1", "11"]
    # the one letter's files were not recorded: reported with its identifier, the rest goes on
    assert [who for who, _ in report.failed] == ["KOOP kst-22112-3185"] and "HTTP 404" in report.failed[0][1]
    assert sorted(report.fetched) == ["kst-32545-143", "kst-32545-144"]
    assert report.skipped == 12  # Bijlagen, Handelingen, an Aanhangsel: not Kamerstukken of these kinds
    motion = parse_file(tmp_path / "2021" / "kst-32545-143.xml")
    assert motion.id == "kst-32545-143" and motion.date.isoformat() == "2021-07-06"
    assert motion.source.url == "https://zoek.officielebekendmakingen.nl/kst-32545-143.html"
    assert (tmp_path / "2021" / "kst-32545-143.metadata.xml").read_bytes() == recorded(
        "sru", "frbr", "officielepublicaties", "kst", "32545", "kst-32545-143", "1", "metadata", "metadata.xml").read_bytes()


def test_recorded_sru_letters_index_with_their_official_address(tmp_path):
    corpus = tmp_path / "corpus"
    with FakeSources() as fake:
        serve_recorded_koop(fake)
        harvest(fake, corpus, sources=("koop",), koop_kinds=("Motie",))
    report = index_paths([corpus], tmp_path / "index")
    assert report.failed == [] and len(report.added) == 2
    letter = SearchService(str(tmp_path / "index")).get_letter("kst-32545-143")
    assert letter.source.url == "https://zoek.officielebekendmakingen.nl/kst-32545-143.html"
    assert letter.kamerstuk == "32545-143"


def test_a_recorded_page_of_tk_documents_gives_its_63_letters_each_fetched_once(tmp_path):
    with FakeSources() as fake:
        letters = serve_recorded_tk(fake)
        report = harvest(fake, tmp_path, sources=("tk",), page_size=25)
        fetched = [r.path for r in fake.requests_for("/resource")]
    assert len(letters) == 63 and report.failed == []
    assert sorted(report.fetched) == sorted(d["DocumentNummer"] for d in letters)
    assert len(fetched) == len(set(fetched)) == 63
    stored = {p.stem for p in find_files([tmp_path], [])}
    assert stored == {d["DocumentNummer"] for d in letters}
    sample = next(d for d in letters if d["DocumentNummer"] == "2025D32547")
    letter = parse_file(tmp_path / "2025" / "2025D32547.pdf")
    assert letter.subject.startswith("Monitoringsrapportage UP")
    assert letter.ministry is None  # "Tweede Kamer" is the organisation on record, not a ministry
    assert letter.source.url.endswith(f"/Document({sample['Id']})/resource")


def test_a_tombstone_in_the_recorded_shape_removes_a_recorded_letter(tmp_path):
    with FakeSources() as fake:
        letters = serve_recorded_tk(fake)
        harvest(fake, tmp_path, sources=("tk",))
        gone = letters[0]
        fake.documents.append(tombstone(gone["Id"], "2025-10-04T08:00:00.1234567Z"))
        report = harvest(fake, tmp_path, sources=("tk",))
    assert report.removed == [gone["DocumentNummer"]]
    assert gone["DocumentNummer"] not in {p.stem for p in find_files([tmp_path], [])}
