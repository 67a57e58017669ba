"""Small letters made for the tests, in the file formats the Tweede Kamer serves (PDF, DOCX).

They are written here from the formats' public descriptions (PDF 1.4 objects and a text
stream; Office Open XML's ``word/document.xml``, footnotes and page header) and describe
no real letter; each says so in its first passage (``MADE_NOTICE``).
"""
from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def made_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with a text layer: each line at its own height, 14 points apart."""
    content = "BT /F1 11 Tf 72 760 Td 14 TL " + " ".join(f"({_pdf_text(line)}) '" for line in lines) + " ET"
    stream = content.encode("cp1252", errors="replace")  # WinAnsiEncoding
    return pdf_document([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ])


def pdf_document(objects: list[bytes], trailer_extra: bytes = b"") -> bytes:
    """A syntactically valid PDF with a correct xref table around the given objects."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer_extra, xref)
    return bytes(out)


def _pdf_text(line: str) -> str:
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def made_docx(paragraphs: list[str], header: list[str] = (), footnotes: dict[int, str] | None = None,
              headings: set[int] = frozenset()) -> bytes:
    """A DOCX letter: ``header`` lines in the first page's header (the letterhead), then the
    paragraphs; ``[^N]`` in a paragraph becomes a reference to footnote N; the paragraphs whose
    index is in ``headings`` get Word's heading style."""
    body = "".join(_paragraph(text, i in headings) for i, text in enumerate(paragraphs))
    section = '<w:sectPr><w:headerReference w:type="first" r:id="rIdHeader"/></w:sectPr>'
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>{body}{section}</w:body></w:document>')
    header_xml = (f'<?xml version="1.0" encoding="UTF-8"?><w:hdr xmlns:w="{W_NS}">'
                  + "".join(_paragraph(line) for line in header) + "</w:hdr>")
    notes = "".join(
        f'<w:footnote w:id="{n}"><w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p></w:footnote>'
        for n, text in (footnotes or {}).items()
    )
    footnotes_xml = (f'<?xml version="1.0" encoding="UTF-8"?><w:footnotes xmlns:w="{W_NS}">'
                     f'<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
                     f"{notes}</w:footnotes>")
    rels = ('<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rIdHeader" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/header" Target="header1.xml"/></Relationships>')
    content_types = ('<?xml version="1.0" encoding="UTF-8"?>'
                     '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                     '<Default Extension="xml" ContentType="application/xml"/></Types>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("word/document.xml", document)
        archive.writestr("word/header1.xml", header_xml)
        archive.writestr("word/footnotes.xml", footnotes_xml)
        archive.writestr("word/_rels/document.xml.rels", rels)
    return out.getvalue()


def _paragraph(text: str, heading: bool = False) -> str:
    style = '<w:pPr><w:pStyle w:val="Heading1"/></w:pPr>' if heading else ""
    runs = []
    for i, part in enumerate(text.split("[^")):
        if i:
            number, _, part = part.partition("]")
            runs.append(f'<w:r><w:footnoteReference w:id="{number}"/></w:r>')
        if part:
            runs.append(f'<w:r><w:t xml:space="preserve">{escape(part)}</w:t></w:r>')
    return f"<w:p>{style}{''.join(runs)}</w:p>"


MADE_NOTICE = "Voorbeeldbrief, geschreven voor de tests van Kamerzoek; geen echte Kamerbrief."
LETTER_PARAGRAPHS = [
    MADE_NOTICE,
    "Geachte voorzitter,",
    "Hierbij informeer ik uw Kamer over de voortgang van het programma digitale toegankelijkheid[^1]. "
    "Het programma loopt volgens plan en de eerste resultaten zijn zichtbaar bij gemeenten.",
    "Vervolg",
    "In het voorjaar ontvangt u een volgende rapportage over de webrichtlijnen en de toetsing daarvan.",
    "De Minister van Binnenlandse Zaken en Koninkrijksrelaties,",
    "J. de Vries",
]
LETTER_HEADER = [
    "Directoraat-Generaal Digitalisering",
    "",
    "Datum 12 maart 2024",
    "Betreft Voortgang digitale toegankelijkheid",
]
