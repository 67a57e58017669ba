"""Word letters (.docx), as the Tweede Kamer's open data serves some documents: the letterhead
in the page header, text boxes and layout tables, the body with its headings and footnotes,
the signature; and a damaged or hostile file refused with a clear reason."""
from __future__ import annotations

import io
import zipfile

import pytest

from indexer.parsers import ParseError, parse_file
from tests.made_documents import LETTER_HEADER, LETTER_PARAGRAPHS, MADE_NOTICE, W_NS, made_docx


def write(tmp_path, data: bytes, name: str = "brief.docx"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_a_word_letter_gives_its_letterhead_body_headings_footnotes_and_signer(tmp_path):
    data = made_docx(LETTER_PARAGRAPHS, LETTER_HEADER, {1: "Kamerstuk 26 643, nr. 1000."},
                     headings={LETTER_PARAGRAPHS.index("Vervolg")})
    letter = parse_file(write(tmp_path, data))
    assert letter.source.format == "docx"
    assert letter.date.isoformat() == "2024-03-12"
    assert letter.subject == "Voortgang digitale toegankelijkheid"
    assert letter.directorate == "Directoraat-Generaal Digitalisering"
    assert (letter.signer.name, letter.signer.role) == ("J. de Vries", "De Minister van Binnenlandse Zaken en Koninkrijksrelaties")
    assert letter.ministry == "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties"
    texts = [p.text for p in letter.passages]
    assert texts[:2] == [MADE_NOTICE, "Geachte voorzitter,"]
    assert texts[2].startswith("Hierbij informeer ik uw Kamer") and "[^1]" in texts[2]
    assert letter.passages[3].heading == "Vervolg"
    assert [(f.number, f.text) for f in letter.footnotes] == [("1", "Kamerstuk 26 643, nr. 1000.")]
    assert [r.target for r in letter.references] == ["26643-1000"]


def test_the_kenmerk_in_a_layout_table_of_the_letterhead_is_read(tmp_path):
    data = made_docx(["Geachte voorzitter,", "Een korte brief over de voortgang van het programma."])
    table = ('<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Ons kenmerk</w:t></w:r></w:p></w:tc>'
             '<w:tc><w:p><w:r><w:t>2024-0000123456</w:t></w:r></w:p></w:tc></w:tr>'
             '<w:tr><w:tc><w:p><w:r><w:t>Betreft</w:t></w:r></w:p></w:tc>'
             '<w:tc><w:p><w:r><w:t>Voortgang van het programma</w:t></w:r></w:p></w:tc></w:tr></w:tbl>')
    letter = parse_file(write(tmp_path, _edit_document(data, lambda xml: xml.replace("<w:body>", "<w:body>" + table))))
    assert letter.kenmerk == "2024-0000123456" and letter.subject == "Voortgang van het programma"


def test_text_that_looks_like_markup_stays_text(tmp_path):
    letter = parse_file(write(tmp_path, made_docx(["Geachte voorzitter,", "# 3 is het nummer van de maatregel."])))
    passage = letter.passages[-1]
    assert passage.text == "# 3 is het nummer van de maatregel." and passage.heading is None


def text_box(*lines: str) -> str:
    """A paragraph anchoring a text box, as Word writes it: the box, and a fallback copy of it."""
    paragraphs = "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in lines)
    return ('<w:p><w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
            f'<mc:Choice Requires="wps"><w:drawing><w:txbxContent>{paragraphs}</w:txbxContent></w:drawing></mc:Choice>'
            f"<mc:Fallback><w:pict><w:txbxContent>{paragraphs}</w:txbxContent></w:pict></mc:Fallback>"
            "</mc:AlternateContent></w:r></w:p>")


def test_a_margin_in_a_text_box_is_read_as_the_letterhead_and_a_box_once_not_twice(tmp_path):
    margin = text_box("Datum 5 april 2024", "Betreft Toetsing van apps")
    aside = text_box("Kader: de toets geldt voor alle apps.")
    data = _edit_document(made_docx(["Geachte voorzitter,", "De brief zelf, over het programma."]),
                          lambda xml: xml.replace("<w:body>", "<w:body>" + margin).replace("</w:body>", aside + "</w:body>"))
    letter = parse_file(write(tmp_path, data))
    assert letter.date.isoformat() == "2024-04-05" and letter.subject == "Toetsing van apps"
    assert [p.text for p in letter.passages] == [
        "Geachte voorzitter,", "De brief zelf, over het programma.", "Kader: de toets geldt voor alle apps."]


@pytest.mark.parametrize("data, reason", [
    (b"PK\x03\x04" + b"\x00" * 200, "beschadigde DOCX"),
    (None, "zonder word/document.xml"),
])
def test_a_damaged_docx_is_refused_with_a_reason(tmp_path, data, reason):
    if data is None:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr("content.xml", "<x/>")
        data = out.getvalue()
    with pytest.raises(ParseError, match=reason):
        parse_file(write(tmp_path, data))


def test_a_part_that_unpacks_to_more_than_the_limit_is_refused(tmp_path):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", f'<w:document xmlns:w="{W_NS}"><w:body>' + " " * (21 * 1024 * 1024)
                         + "</w:body></w:document>")
    assert len(out.getvalue()) < 100_000  # small on disk, a bomb when unpacked
    with pytest.raises(ParseError, match="pakt uit tot 21 MB"):
        parse_file(write(tmp_path, out.getvalue()))


def test_a_part_with_a_dtd_is_refused(tmp_path):
    hostile = _edit_document(made_docx(["Geachte voorzitter,"]), lambda xml: xml.replace(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e "x">]>'))
    with pytest.raises(ParseError, match="DTD"):
        parse_file(write(tmp_path, hostile))


def _edit_document(data: bytes, edit) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in source.namelist():
            body = source.read(name)
            if name == "word/document.xml":
                body = edit(body.decode("utf-8")).encode("utf-8")
            archive.writestr(name, body)
    return out.getvalue()
