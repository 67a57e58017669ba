"""The Tweede Kamer's open data: ``Document`` entities of the OData v4 API (Gegevensmagazijn).

A collection answer is ``{"value": [...], "@odata.nextLink": ...}`` with at most 250 entities.
A document's fields (checked against recorded pages): ``Id`` (GUID), ``Soort`` ("Brief
regering"), ``DocumentNummer`` ("2025D32547"), ``Onderwerp`` (the letter's subject),
``Titel`` (mostly the dossier's title), ``Datum``, ``Volgnummer`` (its number in the
Kamerstuk dossier), ``KenmerkAfzender``, ``Organisatie``, ``ContentType``, and for change
tracking ``ApiGewijzigdOp`` and ``Verwijderd``. A deleted document is a tombstone: its Id,
its timestamps and ``Verwijderd: true``, every other field null. The link to the official
publication is ``HuidigeDocumentVersie.ExterneIdentifier`` ("kst-33576-442"), seen in a
recorded answer with that relation expanded.

From the documentation and the API's public clients, not from a recorded answer: the file
is at ``Document(<Id>)/resource``; the ``Kamerstukdossier`` (Nummer, Toevoeging) and ``Zaak``
(Nummer) relations; the query options ``$filter``, ``$orderby``, ``$top``, ``$skip``,
``$expand`` and ``$count``. All of them are options of the harvest.

Paging is by change time (``ApiGewijzigdOp``, ascending, ties in Id order): each request asks
for what changed at or after the last entity handled, and the ones handled at exactly that
moment are passed over. Unlike following ``$skip`` offsets, this neither skips nor repeats an
entity when a document changes while the run pages (it moves to the end), and a run that
stops resumes where it was. ``$skip`` is used only when more than a page of entities share
one change time.
"""
from __future__ import annotations

import datetime as _dt
import json
import urllib.parse
from dataclasses import dataclass

from .http import Response, Unusable
from .model import OFFICIAL_ID, Publication, RemoteFile, iso_date, safe_key

ODATA_URL = "https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0"
OFFICIAL_ODATA_URL = ODATA_URL  # the address a letter keeps, whatever endpoint it came from
PAGE_SIZE = 250  # the most the service returns in one answer
LETTER_KINDS = ("Brief regering",)
RESOURCE_TEMPLATE = "{base}/Document({id})/resource"
EXPAND = ("HuidigeDocumentVersie($select=ExterneIdentifier),Kamerstukdossier($select=Nummer,Toevoeging),"
          "Zaak($select=Nummer),DocumentActor($select=ActorNaam,Functie)")
PAGE_TEMPLATE = "https://www.tweedekamer.nl/kamerstukken/brieven_regering/detail?id={zaak}&did={nummer}"

SUFFIXES = {
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
}


@dataclass
class ODataPage:
    entities: list[dict]
    total: int | None
    next_link: str | None


def letters_filter(kinds: tuple[str, ...], date_from: _dt.date | None, date_to: _dt.date | None) -> str:
    """Documents of the given kinds dated in the range. ``Datum`` carries the local offset
    (+01:00/+02:00), so the range is widened by a day here and made exact on the date as
    written (``in_range``)."""
    kind = " or ".join("Soort eq '{}'".format(k.replace("'", "''")) for k in kinds)
    parts = [f"({kind})"]
    if date_from:
        parts.append(f"Datum ge {(date_from - _dt.timedelta(days=1)).isoformat()}T00:00:00Z")
    if date_to:
        parts.append(f"Datum lt {(date_to + _dt.timedelta(days=2)).isoformat()}T00:00:00Z")
    return " and ".join(parts)


TOMBSTONE_FILTER = "Verwijderd eq true"


def page_url(base: str, condition: str, after: str | None, skip: int, size: int, expand: str | None) -> str:
    where = f"ApiGewijzigdOp ge {after} and ({condition})" if after else condition
    params = {"$filter": where, "$orderby": "ApiGewijzigdOp,Id", "$top": str(size), "$count": "true"}
    if skip:
        params["$skip"] = str(skip)
    if expand:
        params["$expand"] = expand
    return f"{base}/Document?{urllib.parse.urlencode(params, quote_via=urllib.parse.quote)}"


def parse_page(body: bytes) -> ODataPage:
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise Unusable(f"OData-pagina is geen geldige JSON ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("value"), list):
        raise Unusable("OData-pagina zonder lijst 'value'")
    entities = [e for e in data["value"] if isinstance(e, dict) and e.get("Id")]
    return ODataPage(entities, _int(data.get("@odata.count")), data.get("@odata.nextLink"))


def check_page(response: Response) -> None:
    parse_page(response.body)


def is_tombstone(entity: dict) -> bool:
    return entity.get("Verwijderd") is True


def change_stamp(entity: dict) -> str:
    return entity.get("ApiGewijzigdOp") or entity.get("GewijzigdOp") or ""


def in_range(entity: dict, date_from: _dt.date | None, date_to: _dt.date | None) -> bool:
    day = iso_date(entity.get("Datum"))
    if day is None:
        return date_from is None and date_to is None
    return (date_from is None or day >= date_from) and (date_to is None or day <= date_to)


def publication_key(entity: dict) -> str | None:
    """The publication identifier when the document is (or will be) a Kamerstuk, else its
    document number: the official identifier the TK records, else dossier and number."""
    external = ((entity.get("HuidigeDocumentVersie") or {}).get("ExterneIdentifier") or "").strip()
    if OFFICIAL_ID.match(external):
        return external
    dossiers = entity.get("Kamerstukdossier") or []
    number = entity.get("Volgnummer")
    if len(dossiers) == 1 and isinstance(number, int) and number > 0 and dossiers[0].get("Nummer"):
        addition = (dossiers[0].get("Toevoeging") or "").strip()
        middle = f"-{addition}" if addition and safe_key(addition) else ""
        return f"kst-{dossiers[0]['Nummer']}{middle}-{number}"
    return safe_key((entity.get("DocumentNummer") or "").strip())


def publication(entity: dict, base: str, resource_template: str = RESOURCE_TEMPLATE) -> Publication:
    """The letter an entity describes, with its file (by content type) and official address."""
    key = publication_key(entity)
    pub = Publication(
        source="tk",
        source_id=entity["Id"],
        key=key or "",
        version=change_stamp(entity),
        date=iso_date(entity.get("Datum")),
        url=official_url(entity),
        record={k: v for k, v in entity.items() if not k.startswith("@")},
    )
    suffix = SUFFIXES.get((entity.get("ContentType") or "").split(";")[0].strip().lower())
    if not key:
        pub.problem = f"document zonder bruikbaar nummer ({entity.get('DocumentNummer')!r})"
    elif suffix is None:
        kind = entity.get("ContentType") or "geen bestand"
        pub.problem = f"bestandstype {kind} wordt niet gelezen"
    else:
        url = resource_template.format(base=base, id=urllib.parse.quote(entity["Id"], safe="-"))
        pub.files = [RemoteFile("document", url, suffix)]
    return pub


def official_url(entity: dict) -> str | None:
    """The letter's page on tweedekamer.nl when its Zaak is known, else its file's address."""
    number = entity.get("DocumentNummer")
    zaken = entity.get("Zaak") or []
    if number and zaken and zaken[0].get("Nummer"):
        return PAGE_TEMPLATE.format(zaak=urllib.parse.quote(zaken[0]["Nummer"]), nummer=urllib.parse.quote(number))
    return RESOURCE_TEMPLATE.format(base=OFFICIAL_ODATA_URL, id=entity["Id"])


def _int(value) -> int | None:
    return value if isinstance(value, int) else None
