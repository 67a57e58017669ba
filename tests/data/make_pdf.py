"""Writes the made PDF letter of tests/data/letters/ (and a truncated copy for tests/data/bad/).

The letter follows the public description of the Rijkshuisstijl Kamerbrief: the ministry's
name beside the logo, the addressee window on the left, a margin column on the right in
small type (directorate, address, "Ons kenmerk", "Pagina N van M"), "Datum" and "Betreft"
above the body, footnotes in small type at the foot of the page with a superscript marker
in the text, and a paragraph that runs on over the page break. It is written with the PDF
standard fonts (no embedding), so the file is small and reproducible byte for byte:

    python tests/data/make_pdf.py    # rewrites both files; tests check they are current
"""
from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
LETTER = HERE / "letters" / "2023-05-12_IenW_verkeersveiligheid_IENW-BSK-2023-4711.pdf"
TRUNCATED = HERE / "bad" / "truncated.pdf"
TRUNCATE_AT = 3000  # bytes: past the header, well before the end-of-file marker

WIDTH, HEIGHT = 595, 842  # A4 in points
BODY, MARGIN, NOTE, SUPER = 9.5, 6.5, 7.0, 6.0  # type sizes
LEFT, MARGIN_X, LEADING = 70, 466, 13.0

# (font, size, x, top, text): top is measured from the top of the page, as readers do
Run = tuple[str, float, float, float, str]


def _column(lines: list[str], x: float, top: float, size: float, step: float, font="F1") -> list[Run]:
    return [(font, size, x, top + n * step, line) for n, line in enumerate(lines) if line]


def _margin(page: int, pages: int) -> list[Run]:
    runs = _column(["Directoraat-Generaal Mobiliteit", "Directie Verkeersveiligheid"], MARGIN_X, 150, MARGIN, 8, "F2")
    if page == 1:
        runs += _column(["Rijnstraat 8", "2515 XP  Den Haag", "Postbus 20901", "2500 EX  Den Haag"], MARGIN_X, 178, MARGIN, 8)
    runs += _column(["Ons kenmerk"], MARGIN_X, 222, MARGIN, 8, "F2")
    runs += _column(["IENW/BSK-2023/4711"], MARGIN_X, 230, MARGIN, 8)
    runs += _column([f"Pagina {page} van {pages}"], MARGIN_X, 790, MARGIN, 8)
    return runs


def _body(top: float, paragraphs: list[list[str]], gap: float = LEADING) -> list[Run]:
    """Body lines; "**" starts a bold line, "^N" at a line's end is a superscript marker."""
    runs: list[Run] = []
    for lines in paragraphs:
        for line in lines:
            font = "F2" if line.startswith("**") else "F1"
            text, _, marker = line.strip("*").partition("^")
            runs.append((font, BODY, LEFT, top, text))
            if marker:
                runs.append(("F1", SUPER, LEFT + _width(text, font, BODY) + 0.5, top - 2, marker))
            top += LEADING
        top += gap
    return runs


def _width(text: str, font: str, size: float) -> float:
    from pdfminer.fontmetrics import FONT_METRICS  # the standard fonts' published widths

    widths = FONT_METRICS[FONTS[font]][1]
    return sum(widths.get(ch, 500) for ch in text) * size / 1000


def page_one() -> list[Run]:
    runs = [("F2", BODY, 300, 60, "Ministerie van Infrastructuur en Waterstaat")]
    runs += _column(["> Retouradres Postbus 20901 2500 EX  Den Haag"], LEFT, 140, MARGIN, 8)
    runs += _column(["De Voorzitter van de Tweede Kamer", "der Staten-Generaal", "Postbus 20018",
                     "2500 EA  DEN HAAG"], LEFT, 160, BODY, LEADING)
    runs += _column(["Datum 12 mei 2023", "Betreft Verkeersveiligheid op provinciale wegen"], LEFT, 250, BODY, LEADING)
    runs += _body(300, [
        ["Geachte voorzitter,"],
        ["Voorbeeldbrief, geschreven voor de tests van Kamerzoek; geen echte Kamerbrief.",
         "Met deze brief informeer ik uw Kamer over de verkeersveiligheid op provinciale",
         "wegen, zoals toegezegd in het commissiedebat van 8 februari 2023."],
        ["**Aanpak van bermongevallen"],
        ["Een groot deel van de verkeersdoden op provinciale wegen valt bij een",
         "bermongeval. De provincies richten daarom obstakelvrije bermen in en plaatsen",
         "geleiderails waar bomen dicht langs de weg staan."],
        ["Het Strategisch Plan Verkeersveiligheid^1",
         "blijft het kader voor deze aanpak. De regionale plannen volgen de risicogestuurde",
         "werkwijze, en de provincies hebben"],
    ])
    runs += _column(["1 Kamerstuk 29 398, nr. 1012, over het Strategisch Plan Verkeersveiligheid."],
                    LEFT, 760, NOTE, 9)
    return runs + _margin(1, 2)


def page_two() -> list[Run]:
    runs = _body(150, [
        ["in 2022 samen honderdveertig kilometer fietspad verbreed langs provinciale wegen."],
        ["**Vervolg"],
        ["Ik informeer uw Kamer voor het einde van het jaar over de voortgang."],
        ["Hoogachtend,"],
        ["DE MINISTER VAN INFRASTRUCTUUR EN WATERSTAAT,"],
        ["A.B. Voorbeeld"],
    ], gap=LEADING * 1.5)
    return runs + _margin(2, 2)


# --- a minimal PDF writer -----------------------------------------------------------------

def _escape(text: str) -> bytes:
    raw = text.encode("cp1252")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _content(runs: list[Run]) -> bytes:
    out = []
    for font, size, x, top, text in runs:
        baseline = HEIGHT - top - size * 0.8
        out.append(b"BT /%s %g Tf %g %g Td (%s) Tj ET" % (font.encode(), size, x, baseline, _escape(text)))
    return b"\n".join(out)


FONTS = {"F1": "Helvetica", "F2": "Helvetica-Bold"}


def pdf(pages: list[list[Run]]) -> bytes:
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    font_refs = {}
    for name, base in FONTS.items():
        objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /%s /Encoding /WinAnsiEncoding >>" % base.encode())
        font_refs[name] = len(objects)
    resources = b"<< /Font << %s >> >>" % b" ".join(b"/%s %d 0 R" % (n.encode(), r) for n, r in font_refs.items())
    kids = []
    for runs in pages:
        stream = _content(runs)
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources %s /Contents %d 0 R >>"
                       % (WIDTH, HEIGHT, resources, len(objects)))
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def letter_pdf() -> bytes:
    return pdf([page_one(), page_two()])


if __name__ == "__main__":
    data = letter_pdf()
    LETTER.write_bytes(data)
    TRUNCATED.write_bytes(data[:TRUNCATE_AT])
    print(f"{LETTER.relative_to(HERE)}: {len(data)} bytes; {TRUNCATED.relative_to(HERE)}: {TRUNCATE_AT} bytes")
