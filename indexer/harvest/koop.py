"""KOOP's repository of official publications over SRU 2.0 (``officielepublicaties``).

A search request carries a CQL query, ``startRecord`` (1-based) and ``maximumRecords``; the
response (``sru:searchRetrieveResponse``) holds ``sru:numberOfRecords`` (an estimate),
the records, and ``sru:nextRecordPosition`` while more pages follow. Each record's
``gzd:gzd`` has the publication's metadata (``overheidwetgeving:meta``: owmskern, owmsmantel,
tpmeta) and, in ``gzd:enrichedData``, the address of every manifestation
(``gzd:itemUrl[@manifestation]``: xml, metadata, pdf, ...) and the public page
(``gzd:preferredUrl``). The envelope, the record layout and the paging were checked against
recorded responses of the service; the CQL index names (``dt.type``, ``w.subrubriek``,
``dt.date``, ``dt.modified``) come from KOOP's own harvester and public clients.
"""
from __future__ import annotations

import datetime as _dt
import urllib.parse
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from .http import Response, Unusable
from .model import OFFICIAL_ID, Publication, RemoteFile, iso_date

SRU_URL = "https://repository.overheid.nl/sru"
PAGE_SIZE = 100
LETTER_KINDS = ("Brief",)  # overheidwetgeving:subrubriek of a Kamerstuk that is a letter

NS = {
    "sru": "http://docs.oasis-open.org/ns/search-ws/sruResponse",
    "gzd": "http://standaarden.overheid.nl/sru",
    "ow": "http://standaarden.overheid.nl/wetgeving/",
    "dcterms": "http://purl.org/dc/terms/",
    "cd": "http://standaarden.overheid.nl/cup/data",
    "diag": "http://docs.oasis-open.org/ns/search-ws/diagnostic",
}


class SruError(Exception):
    """The service answered with a diagnostic instead of records (a query it refuses)."""


@dataclass
class SruPage:
    total: int | None
    next_position: int | None
    records: list[Element] = field(default_factory=list)


def query(kinds: tuple[str, ...], date_from: _dt.date | None, date_to: _dt.date | None,
          modified_since: _dt.date | None) -> str:
    """The CQL for the Kamerstukken of the given kinds in a date range, changed since a day."""
    kind = " or ".join(f'w.subrubriek=="{k}"' for k in kinds)
    parts = ['c.product-area=="officielepublicaties"', 'dt.type=="Kamerstuk"', f"({kind})"]
    if date_from:
        parts.append(f'dt.date>="{date_from.isoformat()}"')
    if date_to:
        parts.append(f'dt.date<="{date_to.isoformat()}"')
    if modified_since:
        parts.append(f'dt.modified>="{modified_since.isoformat()}"')
    return " and ".join(parts)


def page_url(base: str, cql: str, start: int, size: int) -> str:
    params = {
        "operation": "searchRetrieve",
        "version": "2.0",
        "recordSchema": "gzd",
        "query": cql,
        "startRecord": str(start),
        "maximumRecords": str(size),
    }
    return f"{base}?{urllib.parse.urlencode(params)}"


def parse_page(body: bytes) -> SruPage:
    """A searchRetrieveResponse; ``Unusable`` when it is not whole, ``SruError`` for a diagnostic."""
    try:
        root = SafeET.fromstring(body, forbid_dtd=True)
    except (SafeET.ParseError, DefusedXmlException) as exc:
        raise Unusable(f"SRU-pagina is geen geldige XML ({exc})") from exc
    if root.tag != f"{{{NS['sru']}}}searchRetrieveResponse":
        raise Unusable(f"SRU-pagina met onverwacht hoofdelement <{root.tag}>")
    records = root.findall("sru:records/sru:record", NS)
    message = root.findtext("sru:diagnostics/diag:diagnostic/diag:message", None, NS)
    if message and not records:
        raise SruError(f"SRU-dienst weigert de zoekvraag: {message.strip()}")
    return SruPage(
        total=_int(root.findtext("sru:numberOfRecords", None, NS)),
        next_position=_int(root.findtext("sru:nextRecordPosition", None, NS)),
        records=records,
    )


def check_page(response: Response) -> None:
    parse_page(response.body)


def publication(record: Element, kinds: tuple[str, ...], with_pdf: bool = False) -> Publication | None:
    """The letter a record describes; None when the record is not a letter of the given kinds."""
    gzd = record.find("sru:recordData/gzd:gzd", NS)
    if gzd is None:
        return None
    meta = gzd.find("gzd:originalData/ow:meta", NS)
    if meta is None:
        return None
    kern, mantel, tp = (meta.find(f"ow:{part}", NS) for part in ("owmskern", "owmsmantel", "tpmeta"))
    kind = _text(tp, "ow:subrubriek")
    if _text(kern, "dcterms:type") != "Kamerstuk" or (kind or "").lower() not in {k.lower() for k in kinds}:
        return None
    identifier = _text(kern, "dcterms:identifier")
    items = {el.get("manifestation"): (el.text or "").strip() for el in gzd.findall("gzd:enrichedData/gzd:itemUrl", NS)}
    pub = Publication(
        source="koop",
        source_id=identifier or "(zonder identificatie)",
        key=identifier or "",
        version=_text(tp, "cd:datumTijdstipWijzigingExpression") or _text(kern, "dcterms:modified")
        or _text(gzd, "gzd:enrichedData/gzd:timestamp") or "",
        date=iso_date(_text(mantel, "dcterms:date") or _text(mantel, "dcterms:issued")),
        url=_text(gzd, "gzd:enrichedData/gzd:preferredUrl"),
        record=_record(kern, mantel, tp),
    )
    if not identifier or not OFFICIAL_ID.match(identifier):
        pub.problem = f"record zonder bruikbare identificatie ({identifier!r})"
        return pub
    pub.files = _files(items, identifier, with_pdf)
    if not pub.files:
        pub.problem = "record zonder XML- of PDF-bestand"
    return pub


def _files(items: dict[str, str], identifier: str, with_pdf: bool) -> list[RemoteFile]:
    """The text manifestation (XML, else the PDF) and metadata.xml; the PDF too when asked."""
    files: list[RemoteFile] = []
    if items.get("xml"):
        files.append(RemoteFile("document", items["xml"], ".xml"))
        if with_pdf and items.get("pdf"):
            files.append(RemoteFile("pdf", items["pdf"], ".pdf"))
    elif items.get("pdf"):
        files.append(RemoteFile("document", items["pdf"], ".pdf"))
    else:
        return []
    if items.get("metadata"):
        files.append(RemoteFile("metadata", items["metadata"], ".metadata.xml"))
    return files


def _record(kern, mantel, tp) -> dict:
    """The record's fields as the harvest record keeps them (local names, values as published)."""
    record: dict[str, object] = {}
    for block in (kern, mantel, tp):
        if block is None:
            continue
        for el in block:
            name = el.tag.rsplit("}", 1)[-1]
            value = (el.text or "").strip() or el.get("resourceIdentifier")
            if not value:
                continue
            if name in record:
                previous = record[name]
                record[name] = (previous if isinstance(previous, list) else [previous]) + [value]
            else:
                record[name] = value
    return record


def _text(el: Element | None, path: str) -> str | None:
    if el is None:
        return None
    value = el.findtext(path, None, NS)
    return value.strip() if value and value.strip() else None


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None
