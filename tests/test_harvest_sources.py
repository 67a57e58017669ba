"""Reading what the sources answer: SRU pages and records of KOOP, OData pages and Document
entities of the Tweede Kamer. Made answers run on a fresh clone; the recorded real answers
in ../shared/harvest-fixtures check that the reading fits the services as they are."""
from __future__ import annotations

import datetime as _dt
import urllib.parse

import pytest

from indexer.harvest import koop, tk
from indexer.harvest.http import Unusable
from tests.harvest_data import made_sru_record, made_tk_documents, recorded, recorded_tk_page
from tests.harvest_server import SRU_NS

needs_recorded = pytest.mark.real_documents


def sru_page(*records: str, next_position: int | None = None, total: int | None = None) -> bytes:
    following = f"<sru:nextRecordPosition>{next_position}</sru:nextRecordPosition>" if next_position else ""
    return (f'<sru:searchRetrieveResponse xmlns:sru="{SRU_NS}"><sru:version>2.0</sru:version>'
            f"<sru:numberOfRecords>{total if total is not None else len(records)}</sru:numberOfRecords>"
            f"<sru:records>{''.join(records)}</sru:records>{following}</sru:searchRetrieveResponse>").encode()


# --- KOOP SRU ------------------------------------------------------------------------------

def test_the_query_asks_for_letter_kamerstukken_in_the_date_range_changed_since_a_day():
    cql = koop.query(("Brief",), _dt.date(2021, 1, 1), _dt.date(2021, 12, 31), _dt.date(2022, 3, 1))
    assert cql == ('c.product-area=="officielepublicaties" and dt.type=="Kamerstuk" and (w.subrubriek=="Brief") '
                   'and dt.date>="2021-01-01" and dt.date<="2021-12-31" and dt.modified>="2022-03-01"')


def test_a_page_request_pages_by_start_record_with_the_gzd_schema():
    url = koop.page_url(koop.SRU_URL, 'dt.type=="Kamerstuk"', 101, 100)
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))
    assert url.startswith("https://repository.overheid.nl/sru?")
    assert query == {"operation": "searchRetrieve", "version": "2.0", "recordSchema": "gzd",
                     "query": 'dt.type=="Kamerstuk"', "startRecord": "101", "maximumRecords": "100"}


def test_a_made_letter_record_gives_its_identifier_files_date_change_stamp_and_address():
    page = koop.parse_page(sru_page(made_sru_record("kst-99902-3", "2024-03-12", "2024-03-13T10:00:00+01:00"),
                                    next_position=2, total=7))
    assert (page.total, page.next_position, len(page.records)) == (7, 2, 1)
    pub = koop.publication(page.records[0], koop.LETTER_KINDS)
    assert (pub.key, pub.date, pub.version) == ("kst-99902-3", _dt.date(2024, 3, 12), "2024-03-13T10:00:00+01:00")
    assert pub.url == "https://zoek.officielebekendmakingen.nl/kst-99902-3.html"
    assert [(f.role, f.suffix, f.url.rsplit("/", 3)[-2]) for f in pub.files] == [
        ("document", ".xml", "xml"), ("metadata", ".metadata.xml", "metadata")]
    assert pub.record["documenttitel"].startswith("Voortgang toegankelijke websites")


def test_the_pdf_comes_along_only_when_asked_and_stands_in_when_there_is_no_xml():
    with_pdf = koop.publication(koop.parse_page(sru_page(made_sru_record("kst-99902-3", "2024-03-12", "x"))).records[0],
                                koop.LETTER_KINDS, with_pdf=True)
    assert [f.role for f in with_pdf.files] == ["document", "pdf", "metadata"]
    pdf_only = made_sru_record("kst-99902-4", "2024-03-12", "x", manifestations=("pdf", "metadata"))
    pub = koop.publication(koop.parse_page(sru_page(pdf_only)).records[0], koop.LETTER_KINDS)
    assert [(f.role, f.suffix) for f in pub.files] == [("document", ".pdf"), ("metadata", ".metadata.xml")]


def test_a_record_of_another_kind_is_not_a_letter():
    motion = made_sru_record("kst-99902-5", "2024-03-12", "x", kind="Motie")
    assert koop.publication(koop.parse_page(sru_page(motion)).records[0], koop.LETTER_KINDS) is None


def test_a_record_without_a_file_is_reported_as_such():
    bare = made_sru_record("kst-99902-6", "2024-03-12", "x", manifestations=("metadata",))
    pub = koop.publication(koop.parse_page(sru_page(bare)).records[0], koop.LETTER_KINDS)
    assert pub.problem == "record zonder XML- of PDF-bestand"


def test_a_truncated_or_foreign_page_is_unusable_and_a_diagnostic_is_an_error():
    whole = sru_page(made_sru_record("kst-99902-3", "2024-03-12", "x"))
    with pytest.raises(Unusable):
        koop.parse_page(whole[: len(whole) // 2])
    with pytest.raises(Unusable):
        koop.parse_page(b"<html><body>Onderhoud</body></html>")
    diagnostic = (f'<sru:searchRetrieveResponse xmlns:sru="{SRU_NS}" '
                  'xmlns:diag="http://docs.oasis-open.org/ns/search-ws/diagnostic"><sru:diagnostics>'
                  "<diag:diagnostic><diag:message>Query syntax error</diag:message></diag:diagnostic>"
                  "</sru:diagnostics></sru:searchRetrieveResponse>").encode()
    with pytest.raises(koop.SruError, match="Query syntax error"):
        koop.parse_page(diagnostic)


@needs_recorded
def test_a_recorded_sru_page_pages_on_and_holds_one_letter_among_its_records():
    page = koop.parse_page(recorded("sru", "PLOOI-oep-module_sru.xml").read_bytes())
    assert (page.total, page.next_position, len(page.records)) == (76, 11, 10)
    letters = [p for p in (koop.publication(r, koop.LETTER_KINDS) for r in page.records) if p]
    assert [p.key for p in letters] == ["kst-22112-3185"]
    letter = letters[0]
    assert letter.date == _dt.date(2021, 9, 17)
    assert letter.version == "2021-10-13T14:29:20.5575228+02:00"
    assert letter.url == "https://zoek.officielebekendmakingen.nl/kst-22112-3185.html"
    assert [f.url for f in letter.files] == [
        "https://repository.overheid.nl/frbr/officielepublicaties/kst/22112/kst-22112-3185/1/xml/kst-22112-3185.xml",
        "https://repository.overheid.nl/frbr/officielepublicaties/kst/22112/kst-22112-3185/1/metadata/metadata.xml",
    ]
    assert letter.record["indiener"] == "Th.J.A.M. de Bruijn"


@needs_recorded
def test_a_recorded_last_page_has_no_next_position_and_no_letter():
    page = koop.parse_page(recorded("sru", "PLOOI-integratietest_sru.xml").read_bytes())
    assert page.next_position is None and len(page.records) == 5
    assert not [r for r in page.records if koop.publication(r, koop.LETTER_KINDS)]
    motions = [koop.publication(r, ("Motie",)) for r in page.records]
    assert [m.key for m in motions if m] == ["kst-32545-143", "kst-32545-144"]


@needs_recorded
def test_a_recorded_lookup_of_one_government_paper_of_another_kind_is_not_a_letter():
    page = koop.parse_page(recorded("sru", "sru_record_kst.xml").read_bytes())
    assert len(page.records) == 1 and koop.publication(page.records[0], koop.LETTER_KINDS) is None


# --- Tweede Kamer OData --------------------------------------------------------------------

def test_the_letters_filter_widens_the_range_by_a_day_and_the_range_is_exact_on_the_written_date():
    condition = tk.letters_filter(("Brief regering",), _dt.date(2024, 1, 1), _dt.date(2024, 12, 31))
    assert condition == ("(Soort eq 'Brief regering') and Datum ge 2023-12-31T00:00:00Z "
                         "and Datum lt 2025-01-02T00:00:00Z")
    assert tk.in_range({"Datum": "2024-01-01T00:00:00+01:00"}, _dt.date(2024, 1, 1), _dt.date(2024, 12, 31))
    assert not tk.in_range({"Datum": "2023-12-31T00:00:00+01:00"}, _dt.date(2024, 1, 1), None)


def test_a_page_request_orders_by_change_time_and_resumes_after_what_was_handled():
    url = tk.page_url(tk.ODATA_URL, "(Soort eq 'Brief regering')", "2024-04-05T08:00:10.1234567Z", 2, 250, "Zaak")
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))
    assert url.startswith("https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/Document?")
    assert query == {"$filter": "ApiGewijzigdOp ge 2024-04-05T08:00:10.1234567Z and ((Soort eq 'Brief regering'))",
                     "$orderby": "ApiGewijzigdOp,Id", "$top": "250", "$count": "true", "$skip": "2",
                     "$expand": "Zaak"}


def test_a_made_letter_linked_to_a_kamerstuk_is_keyed_by_its_publication_identifier():
    linked, docx, pdf, appendix = made_tk_documents()
    pub = tk.publication(linked, "http://tk.example/OData/v4/2.0")
    assert (pub.key, pub.source_id, pub.date) == ("kst-99902-2", linked["Id"], _dt.date(2024, 4, 2))
    assert pub.version == "2024-04-05T08:00:10.1234567Z"
    assert pub.url == "https://www.tweedekamer.nl/kamerstukken/brieven_regering/detail?id=2024Z99901&did=2024D99901"
    assert [(f.url, f.suffix) for f in pub.files] == [
        (f"http://tk.example/OData/v4/2.0/Document({linked['Id']})/resource", ".pdf")]


def test_a_letter_not_yet_a_kamerstuk_is_keyed_by_its_document_number_and_its_file_type_decides_the_suffix():
    _, docx, pdf, _ = made_tk_documents()
    assert (tk.publication(docx, tk.ODATA_URL).key, tk.publication(docx, tk.ODATA_URL).files[0].suffix) == (
        "2024D99902", ".docx")
    without_zaak = tk.publication(pdf, tk.ODATA_URL)
    assert without_zaak.url == f"https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/Document({pdf['Id']})/resource"


def test_the_dossier_and_number_give_the_identifier_when_tk_has_no_external_identifier():
    document = made_tk_documents()[0]
    document["HuidigeDocumentVersie"] = None
    document["Kamerstukdossier"] = [{"Nummer": 36600, "Toevoeging": "X"}]
    document["Volgnummer"] = 55
    assert tk.publication_key(document) == "kst-36600-X-55"


def test_a_document_whose_file_is_not_read_is_reported_as_such():
    document = made_tk_documents()[2]
    document["ContentType"] = "application/msword"
    assert tk.publication(document, tk.ODATA_URL).problem == "bestandstype application/msword wordt niet gelezen"


def test_an_odata_page_must_be_json_with_a_value_list():
    page = tk.parse_page(b'{"value": [{"Id": "a"}], "@odata.count": 7, "@odata.nextLink": "x?$skip=250"}')
    assert (len(page.entities), page.total, page.next_link) == (1, 7, "x?$skip=250")
    for body in (b'{"value": [{"Id": "a"', b"[]", b"<html/>"):
        with pytest.raises(Unusable):
            tk.parse_page(body)


@needs_recorded
def test_a_recorded_document_page_holds_63_letters_and_12_tombstones():
    entities = recorded_tk_page()
    letters = [e for e in entities if e.get("Soort") == "Brief regering"]
    tombstones = [e for e in entities if tk.is_tombstone(e)]
    assert (len(entities), len(letters), len(tombstones)) == (250, 63, 12)
    assert all(set(t) >= {"Id", "ApiGewijzigdOp"} and t["Soort"] is None for t in tombstones)
    pubs = [tk.publication(e, tk.ODATA_URL) for e in letters]
    assert all(p.problem is None and p.files[0].suffix == ".pdf" for p in pubs)
    assert all(p.key == e["DocumentNummer"] for p, e in zip(pubs, letters))  # no relation expanded
    first = next(p for p in pubs if p.key == "2025D32547")
    assert first.date == _dt.date(2025, 7, 4) and first.version == "2025-08-20T07:03:34.5754904Z"
    assert first.record["Onderwerp"].startswith("Monitoringsrapportage UP")


@needs_recorded
def test_the_recorded_organisation_is_the_chamber_not_a_ministry_and_no_letter_has_a_sender_reference():
    letters = [e for e in recorded_tk_page() if e.get("Soort") == "Brief regering"]
    assert {e["Organisatie"] for e in letters} == {"Tweede Kamer"}
    assert {e["KenmerkAfzender"] for e in letters} == {None}


@needs_recorded
def test_a_recorded_letter_with_its_version_expanded_links_to_its_kamerstuk():
    import json

    zaak = json.loads(recorded("tk-odata", "ac97c859-7b2f-4f0c-b0f2-dd656404bbc2.json").read_text())
    letter = next(d for d in zaak["Document"] if d["Soort"] == "Brief regering")
    assert tk.publication_key(letter) == "kst-33576-442"
    motion = next(d for d in zaak["Document"] if d["Soort"] == "Motie")
    assert tk.publication_key(motion) == "kst-33576-421"
