"""What the local sources serve in the harvest tests: made records and letters (tests/data/harvest,
written for the project from the formats' public descriptions and the layout of the recorded
responses), and the recorded real responses in ../shared/harvest-fixtures."""
from __future__ import annotations

import copy
import json
from pathlib import Path
from xml.sax.saxutils import escape

from tests.conftest import SHARED
from tests.made_documents import LETTER_HEADER, LETTER_PARAGRAPHS, MADE_NOTICE, made_docx, made_pdf

MADE = Path(__file__).parent / "data" / "harvest"
RECORDED = SHARED / "harvest-fixtures"
FRBR = "https://repository.overheid.nl/frbr/officielepublicaties"

_NAMESPACES = (
    'xmlns:gzd="http://standaarden.overheid.nl/sru" xmlns:overheidwetgeving="http://standaarden.overheid.nl/wetgeving/" '
    'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:c="http://standaarden.overheid.nl/collectie/" '
    'xmlns:cd="http://standaarden.overheid.nl/cup/data"'
)


def made_sru_record(key: str, date: str, modified: str, kind: str = "Brief", subject: str | None = None,
                    manifestations: tuple[str, ...] = ("xml", "metadata", "pdf")) -> str:
    """One ``sru:record`` in the layout of the recorded SRU answers (owmskern, owmsmantel,
    tpmeta; the file addresses in enrichedData)."""
    dossier, number = key.split("-")[1], key.split("-")[-1]
    subject = subject or f"Voortgang toegankelijke websites en apps ({number})"
    folder = f"{FRBR}/kst/{dossier}/{key}/1"
    names = {"xml": f"xml/{key}.xml", "metadata": "metadata/metadata.xml", "pdf": f"pdf/{key}.pdf"}
    items = "".join(f'<gzd:itemUrl manifestation="{m}">{folder}/{names[m]}</gzd:itemUrl>' for m in manifestations)
    return (
        "<sru:record><sru:recordSchema>http://standaarden.overheid.nl/sru/</sru:recordSchema>"
        f"<sru:recordPacking>xml</sru:recordPacking><sru:recordData><gzd:gzd {_NAMESPACES}>"
        "<gzd:originalData><overheidwetgeving:meta><overheidwetgeving:owmskern>"
        f"<dcterms:identifier>{key}</dcterms:identifier>"
        f"<dcterms:title>Toegankelijkheid van digitale overheidsdiensten; Brief regering; {escape(subject)}</dcterms:title>"
        '<dcterms:type scheme="OVERHEIDop.Parlementair">Kamerstuk</dcterms:type>'
        '<dcterms:creator scheme="OVERHEID.StatenGeneraal">Tweede Kamer der Staten-Generaal</dcterms:creator>'
        f"<dcterms:modified>{modified[:10]}</dcterms:modified></overheidwetgeving:owmskern>"
        f"<overheidwetgeving:owmsmantel><dcterms:date>{date}</dcterms:date><dcterms:issued>{date}</dcterms:issued>"
        "</overheidwetgeving:owmsmantel><overheidwetgeving:tpmeta>"
        f"<overheidwetgeving:documenttitel>{escape(subject)}</overheidwetgeving:documenttitel>"
        f"<overheidwetgeving:ondernummer>{number}</overheidwetgeving:ondernummer>"
        f"<overheidwetgeving:dossiernummer>{dossier}</overheidwetgeving:dossiernummer>"
        f'<overheidwetgeving:subrubriek scheme="OVERHEIDop.KamerstukTypen">{kind}</overheidwetgeving:subrubriek>'
        f"<cd:datumTijdstipWijzigingExpression>{modified}</cd:datumTijdstipWijzigingExpression>"
        "</overheidwetgeving:tpmeta></overheidwetgeving:meta></gzd:originalData><gzd:enrichedData>"
        f"<gzd:url>{folder}/{names['xml']}</gzd:url>"
        f"<gzd:preferredUrl>https://zoek.officielebekendmakingen.nl/{key}.html</gzd:preferredUrl>{items}"
        "</gzd:enrichedData></gzd:gzd></sru:recordData><sru:recordPosition>1</sru:recordPosition></sru:record>"
    )


def made_letter_files(key: str, date: str, sentence: str = "") -> dict[str, bytes]:
    """The made Kamerbrief (tests/data/harvest/kst-99902-1.*) as publication ``key`` of ``date``,
    at the paths its record points to; ``sentence`` is added to its text."""
    dossier, number = key.split("-")[1], key.split("-")[-1]
    text = (MADE / "kst-99902-1.xml").read_text(encoding="utf-8")
    text = (text.replace("kst-99902-1", key).replace('<ondernummer kamer="2">1<', f'<ondernummer kamer="2">{number}<')
            .replace('isodatum="2024-03-12"', f'isodatum="{date}"')
            .replace("in het najaar.", f"in het najaar. {escape(sentence)}"))
    metadata = (MADE / "kst-99902-1.metadata.xml").read_text(encoding="utf-8")
    metadata = (metadata.replace("kst-99902-1", key).replace('content="1"/>', f'content="{number}"/>')
                .replace('content="2024-03-12"', f'content="{date}"'))
    folder = f"/frbr/officielepublicaties/kst/{dossier}/{key}/1"
    return {f"{folder}/xml/{key}.xml": text.encode("utf-8"),
            f"{folder}/metadata/metadata.xml": metadata.encode("utf-8"),
            f"{folder}/pdf/{key}.pdf": made_pdf([f"{key}: de gedrukte versie"])}


def made_tk_documents() -> list[dict]:
    return copy.deepcopy(json.loads((MADE / "tk-documents.json").read_text(encoding="utf-8"))["value"])


def made_tk_file(document: dict) -> bytes:
    """The file a made TK document points to: DOCX or PDF, as its ContentType says."""
    if document["ContentType"].endswith("wordprocessingml.document"):
        return made_docx(LETTER_PARAGRAPHS, LETTER_HEADER, {1: "Kamerstuk 99 902, nr. 1."},
                         headings={LETTER_PARAGRAPHS.index("Vervolg")})
    return made_pdf(["Betreft " + document["Onderwerp"], "", MADE_NOTICE, "Geachte voorzitter,",
                     f"Met deze brief ({document['DocumentNummer']}) informeer ik uw Kamer over de kosten.",
                     "Gemeenten ontvangen een bijdrage voor het toegankelijk maken van hun websites."])


def tombstone(document_id: str, stamp: str) -> dict:
    """A deleted document as the OData service shows it: every field null but these."""
    entity = {name: None for name in json.loads((MADE / "tk-documents.json").read_text())["value"][0]}
    entity.update({"Id": document_id, "GewijzigdOp": stamp, "ApiGewijzigdOp": stamp, "Verwijderd": True})
    for relation in ("HuidigeDocumentVersie", "Kamerstukdossier", "Zaak", "DocumentActor"):
        entity.pop(relation, None)
    return entity


# --- recorded responses (../shared) ----------------------------------------------------------

def recorded(*parts: str) -> Path:
    return RECORDED.joinpath(*parts)


def recorded_tk_page(name: str = "document_page_52_fullterm_20251002_235950.json") -> list[dict]:
    """A recorded page of Document entities: the crawler kept only its ``value`` list."""
    return json.loads(recorded("tk-odata", name).read_text(encoding="utf-8"))
