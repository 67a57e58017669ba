"""A harvested letter's record (``<stem>.harvest.json``): its official address, its id, and the
sources' metadata filling only what the letter's own text does not say."""
from __future__ import annotations

import hashlib
import json

from indexer.indexing import find_files
from indexer.parsers import parse_file
from tests.harvest_data import made_tk_documents
from tests.made_documents import LETTER_HEADER, LETTER_PARAGRAPHS, MADE_NOTICE, made_docx, made_pdf


PDF_LETTER = made_pdf(["Betreft Voortgang", "", MADE_NOTICE, "Geachte voorzitter,",
                       "Met deze brief informeer ik uw Kamer over de kosten van de toegankelijkheid.",
                       "Gemeenten ontvangen een bijdrage voor het toegankelijk maken van hun websites."])


def harvested(tmp_path, name: str, data: bytes, tk: dict | None, url: str | None = "https://www.tweedekamer.nl/x",
              key: str | None = None):
    path = tmp_path / name
    path.write_bytes(data)
    record = {"key": key or path.stem, "url": url, "koop": None, "tk": {"url": url, "record": tk} if tk else None}
    (tmp_path / f"{path.stem}.harvest.json").write_text(json.dumps(record), encoding="utf-8")
    return path


def test_tk_metadata_fills_the_kenmerk_and_ministry_a_letter_does_not_state(tmp_path):
    document = made_tk_documents()[2]  # KenmerkAfzender FIN-2024-0042, Organisatie Ministerie van Financiën
    path = harvested(tmp_path, "2024D99903.pdf", PDF_LETTER,
                     document)
    letter = parse_file(path)
    assert (letter.kenmerk, letter.ministry) == ("FIN-2024-0042", "Ministerie van Financiën")
    assert letter.id == "2024d99903" and letter.source.url == "https://www.tweedekamer.nl/x"
    assert letter.date.isoformat() == "2024-06-20"  # the letter states none; TK's Datum


def test_what_the_letter_itself_says_wins_over_the_metadata(tmp_path):
    document = made_tk_documents()[2]
    path = harvested(tmp_path, "2024D99903.docx", made_docx(LETTER_PARAGRAPHS, LETTER_HEADER), document)
    letter = parse_file(path)
    assert letter.ministry == "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties"  # from the signature
    assert letter.subject == "Voortgang digitale toegankelijkheid" and letter.date.isoformat() == "2024-03-12"
    assert letter.kenmerk == "FIN-2024-0042"  # the letter has none of its own


def test_the_chamber_as_organisation_is_no_ministry_but_the_senders_function_is(tmp_path):
    document = made_tk_documents()[0]  # Organisatie "Tweede Kamer", as in every recorded letter
    pdf = PDF_LETTER
    letter = parse_file(harvested(tmp_path, "a.pdf", pdf, document))
    assert letter.ministry == "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties"  # DocumentActor.Functie
    document["DocumentActor"] = []
    assert parse_file(harvested(tmp_path, "b.pdf", pdf, document)).ministry is None


def test_a_letter_filed_under_a_kamerstuk_identifier_has_that_id_and_number(tmp_path):
    pdf = PDF_LETTER
    letter = parse_file(harvested(tmp_path, "kst-36600-X-55.pdf", pdf, made_tk_documents()[0]))
    assert (letter.id, letter.kamerstuk) == ("kst-36600-x-55", "36600-X-55")


def test_a_local_file_has_no_official_address(tmp_path):
    path = tmp_path / "brief.docx"
    path.write_bytes(made_docx(LETTER_PARAGRAPHS, LETTER_HEADER))
    letter = parse_file(path)
    assert letter.source.url is None
    assert letter.source.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_content_hash_covers_the_record_so_changed_metadata_reindexes(tmp_path):
    path = harvested(tmp_path, "a.pdf", PDF_LETTER, made_tk_documents()[2])
    before = parse_file(path).source.sha256
    document = made_tk_documents()[2]
    document["KenmerkAfzender"] = "FIN-2024-0043"
    harvested(tmp_path, "a.pdf", path.read_bytes(), document)
    assert parse_file(path).source.sha256 != before


def test_records_and_metadata_files_are_not_letters_of_their_own(tmp_path):
    harvested(tmp_path, "a.pdf", PDF_LETTER, made_tk_documents()[2])
    (tmp_path / "a.metadata.xml").write_text("<metadata_gegevens/>", encoding="utf-8")
    assert [p.name for p in find_files([tmp_path], [])] == ["a.pdf"]
