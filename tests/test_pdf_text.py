"""A PDF page's words as the parser reads them through pdfium: grouped by pdfplumber's rule,
in the coordinates of the page as shown, with the type size as the page shows it. The PDFs
are made here from the format's description (a page, a font, a content stream)."""
from __future__ import annotations

from indexer.parsers.pdf import _words

from .made_documents import pdf_document


def one_page(content: str, rotate: int = 0) -> bytes:
    stream = content.encode("latin-1")
    turn = b" /Rotate %d" % rotate if rotate else b""
    return pdf_document([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]" + turn + b" /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
    ])


def texts(data: bytes) -> list[str]:
    (page,) = _words(data)
    return [w.text for w in page]


def test_words_end_at_spaces_and_at_gaps_wider_than_a_fraction_of_the_type_size():
    # a TJ offset of -800/1000 em is a word gap; -40 is kerning inside a word
    data = one_page("BT /F1 10 Tf 72 700 Td [(Geachte) -800 (Voor) -40 (zitter,)] TJ (  ) Tj (dank) Tj ET")
    assert texts(data) == ["Geachte", "Voorzitter,", "dank"]


def test_lines_are_read_top_down_and_each_left_to_right():
    # drawn right to left and bottom up; read as shown
    data = one_page("BT /F1 10 Tf 300 700 Td (tweede) Tj -228 0 Td (eerste) Tj ET "
                    "BT /F1 10 Tf 72 720 Td (bovenaan) Tj ET")
    assert texts(data) == ["bovenaan", "eerste", "tweede"]


def test_the_type_size_is_the_size_on_the_page_and_bold_is_styled():
    # size 1 scaled by the text matrix to 12 points, as some typesetters write it
    data = one_page("BT /F2 1 Tf 12 0 0 12 72 700 Tm (Onderwerp) Tj ET BT /F1 8 Tf 72 680 Td (voetnoot) Tj ET")
    (page,) = _words(data)
    heading, note = page
    assert (heading.text, round(heading.size), heading.styled) == ("Onderwerp", 12, True)
    assert (note.text, round(note.size), note.styled) == ("voetnoot", 8, False)
    assert heading.top < note.top and round(heading.bottom - heading.top) == 12


def test_a_turned_page_is_read_as_it_is_shown():
    # /Rotate 270 with the text drawn turned the other way: upright on the screen, as a
    # landscape page is often written
    data = one_page("BT /F1 10 Tf 0 -1 1 0 300 500 Tm (Bijlage) Tj ( ) Tj (inventaris) Tj ET", rotate=270)
    (page,) = _words(data)
    assert [w.text for w in page] == ["Bijlage", "inventaris"]
    first, second = page
    assert first.x1 < second.x0 and abs(first.top - second.top) < 1
    assert round(first.size) == 10


def test_a_smaller_number_set_against_a_word_is_a_word_of_its_own():
    # a footnote reference: the number in smaller type straight after the word, no space
    data = one_page("BT /F1 10 Tf 72 700 Td (Kamerstuk) Tj /F1 6 Tf 4 Ts (12) Tj /F1 10 Tf 0 Ts ( van) Tj ET")
    (page,) = _words(data)
    assert [(w.text, round(w.size)) for w in page] == [("Kamerstuk", 10), ("12", 6), ("van", 10)]


def test_text_set_vertically_in_the_margin_is_a_line_of_its_own_read_down_the_page():
    # a stamp turned a quarter clockwise beside the body: read top to bottom, apart from the
    # body's words, which stay whole on their line
    data = one_page("BT /F1 10 Tf 72 700 Td (Geachte voorzitter,) Tj ET "
                    "BT /F1 8 Tf 0 -1 1 0 560 720 Tm (Kenmerk 2021) Tj ET")
    assert texts(data) == ["Geachte", "voorzitter,", "Kenmerk", "2021"]


def test_a_page_without_text_or_with_only_spaces_has_no_words():
    assert texts(one_page("0 0 m 100 100 l S")) == []
    assert texts(one_page("BT /F1 10 Tf 72 700 Td (   ) Tj ET")) == []


def test_words_of_two_lines_set_close_together_stay_on_their_own_lines():
    # tops 3.5 pt apart chain into one line only within 3 pt: these are two lines
    data = one_page("BT /F1 10 Tf 72 700 Td (boven) Tj 0 -14 Td (onder) Tj ET "
                    "BT /F1 10 Tf 300 700 Td (rechts) Tj ET")
    assert texts(data) == ["boven", "rechts", "onder"]
