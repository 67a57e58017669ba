"""Typeset the letters in tests/data that test the PDF and plain-text parsers on layouts other
than the Rijkshuisstijl ones in ../shared.

    python scripts/make_test_letters.py      (needs reportlab: pip install -e '.[testdata]',
                                               and pdftotext from poppler-utils)

Writes, into tests/data/parsing/:
- letter-margin-left.pdf: a two-page letter whose margin column stands on the LEFT of the body,
  at the body's own size, in Courier, on page 1 only;
- letter-margin-narrow.pdf: a two-page letter with a narrow margin column far right, in
  Times 7.5pt, repeated on page 2, footnotes at the page foot;
- letter-margin-wide.pdf: a two-page letter with a wide margin column close to the body, in
  Helvetica Oblique 10pt, LARGER than the Times 9pt body, a three-line directorate, repeated
  on page 2;
- founding-letter.pdf and founding-letter.pdftotext.txt: the founding letter of corpus/
  typeset as a PDF (its margin block on every page, footnotes at the foot of each page, page
  numbers), and that PDF as `pdftotext` writes it.
The texts of the first two are invented for the tests.
"""
from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT / "tests" / "data" / "parsing"
PAGE_W, PAGE_H = 595.0, 842.0  # A4 in points


@dataclass
class Layout:
    body_x: float
    body_w: float
    margin_x: float
    margin_w: float
    body_font: str = "Helvetica"
    body_size: float = 9.5
    margin_font: str = "Helvetica"
    margin_size: float = 6.5
    margin_every_page: bool = True
    page_numbers: bool = True


@dataclass
class Letter:
    margin: list[str]  # lines of the margin column; "" separates its blocks
    addressee: list[str]
    head: list[str]  # "Datum ...", "Betreft ..." lines above the body
    paragraphs: list[tuple[str | None, str]]  # (heading, text with [^N] markers)
    footnotes: dict[str, str]
    closing: list[str]
    later_margin: list[str] = field(default_factory=list)  # the margin on later pages


def _wrap(canvas, text: str, font: str, size: float, width: float) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if canvas.stringWidth(re.sub(r"\[\^\w+\]", "", trial), font, size) <= width or not line:
            line = trial
        else:
            lines.append(line)
            line = word
    return lines + ([line] if line else [])


def _draw_with_markers(canvas, x: float, y: float, line: str, font: str, size: float) -> list[str]:
    """Draw a body line; [^N] markers as superscript numbers. Returns the markers drawn."""
    drawn = []
    for part in re.split(r"(\[\^\w+\])", line):
        marker = re.fullmatch(r"\[\^(\w+)\]", part)
        if marker:
            canvas.setFont(font, size * 0.6)
            canvas.drawString(x, y + size * 0.4, marker.group(1))
            x += canvas.stringWidth(marker.group(1), font, size * 0.6)
            drawn.append(marker.group(1))
        elif part:
            canvas.setFont(font, size)
            canvas.drawString(x, y, part)
            x += canvas.stringWidth(part, font, size)
    return drawn


def typeset(letter: Letter, layout: Layout, out: Path) -> None:
    from reportlab.pdfgen import canvas as pdfcanvas

    c = pdfcanvas.Canvas(str(out), pagesize=(PAGE_W, PAGE_H), invariant=1)
    leading = layout.body_size * 1.45
    foot_size = layout.body_size * 0.75
    state = {"page": 1, "y": 0.0, "notes": []}

    def margin(lines: list[str]) -> None:
        y = PAGE_H - 150
        for line in lines:
            if line:
                c.setFont(layout.margin_font, layout.margin_size)
                c.drawString(layout.margin_x, y, line)
            y -= layout.margin_size * 1.5

    def note_lines(numbers: list[str]) -> list[str]:
        """The footnotes' lines, each wrapped to the body's width."""
        return [line for number in numbers
                for line in _wrap(c, f"{number} {letter.footnotes[number]}", layout.body_font, foot_size, layout.body_w)]

    def finish_page() -> None:
        lines = note_lines(state["notes"])
        y = 60 + foot_size * 1.3 * len(lines)
        if lines:
            c.line(layout.body_x, y + 6, layout.body_x + 80, y + 6)
        for line in lines:
            y -= foot_size * 1.3
            c.setFont(layout.body_font, foot_size)
            c.drawString(layout.body_x, y, line)
        if layout.page_numbers:
            c.setFont(layout.margin_font, layout.margin_size)
            c.drawString(layout.margin_x, 40, f"Pagina {state['page']}")
        c.showPage()
        state["page"] += 1
        state["notes"] = []
        if layout.margin_every_page:
            margin(letter.later_margin or letter.margin)
        state["y"] = PAGE_H - 110

    def body_line(text: str, font: str) -> None:
        reserve = 70 + foot_size * 1.3 * len(note_lines(state["notes"] + re.findall(r"\[\^(\w+)\]", text)))
        if state["y"] < reserve:
            finish_page()
        state["notes"] += _draw_with_markers(c, layout.body_x, state["y"], text, font, layout.body_size)
        state["y"] -= leading

    margin(letter.margin)
    state["y"] = PAGE_H - 150
    for line in letter.addressee:
        body_line(line, layout.body_font)
    state["y"] -= leading * 2
    for line in letter.head:
        body_line(line, layout.body_font)
    state["y"] -= leading
    bold = "Times-Bold" if layout.body_font.startswith("Times") else f"{layout.body_font}-Bold"
    for heading, text in letter.paragraphs:
        if heading:
            body_line(heading, bold)
        for line in _wrap(c, text, layout.body_font, layout.body_size, layout.body_w):
            body_line(line, layout.body_font)
        state["y"] -= leading * 0.8
    for line in letter.closing:
        body_line(line, layout.body_font)
    finish_page()
    c.save()


# --- the letters --------------------------------------------------------------------------------

MADE_PARAGRAPHS = [
    (None, "Met deze brief informeer ik uw Kamer over de voortgang van het programma Digitale "
           "Weerbaarheid, zoals toegezegd tijdens het commissiedebat van 4 maart 2025.[^1] Het "
           "programma loopt sinds twee jaar en richt zich op gemeenten, waterschappen en provincies."),
    ("Stand van zaken", "In het afgelopen halfjaar hebben 212 gemeenten de basismaatregelen ingevoerd. "
                        "Dat is meer dan verwacht. De overige gemeenten hebben een plan van aanpak "
                        "opgesteld dat de provincies toetsen. Waar een gemeente achterblijft, biedt het "
                        "programma ondersteuning met een team van specialisten dat ter plaatse komt."),
    (None, "De waterschappen werken samen in een gezamenlijk centrum dat dreigingen deelt en "
           "oefeningen organiseert. Het centrum heeft in 2025 vier oefeningen gehouden, waarvan de "
           "laatste met alle waterschappen tegelijk.[^2] De lessen daaruit neemt het centrum mee in "
           "een handreiking die in het najaar verschijnt."),
    ("Vervolg", "Het programma loopt door tot eind 2026. Daarna worden de taken belegd bij de "
                "koepelorganisaties, die daarvoor structureel middelen ontvangen. Over de evaluatie van "
                "het programma informeer ik uw Kamer in het voorjaar van 2026, zoals gevraagd in de "
                "motie van het lid De Graaf (Kamerstuk 26 643, nr. 1190). Tot die tijd ontvangt uw Kamer "
                "halfjaarlijks een voortgangsbrief, waarin ik ook inga op de resultaten van de "
                "oefeningen en op de ervaringen van de gemeenten die het programma als eerste hebben "
                "doorlopen. Ik vertrouw erop uw Kamer hiermee voldoende te hebben geïnformeerd over "
                "de stand van zaken van het programma en over de stappen die de komende tijd worden "
                "gezet om de digitale weerbaarheid van de decentrale overheden verder te vergroten."),
]
MADE_NOTES = {"1": "Kamerstuk 26 643, nr. 1188", "2": "Verslag van de oefening, bijlage bij deze brief"}


def made_letter(directorate: list[str], kenmerk_label: str) -> Letter:
    margin = [*directorate, "", "Turfmarkt 147", "2511 DP Den Haag", "www.rijksoverheid.nl/bzk",
              "", kenmerk_label, "2025-0000123456", "", "Bijlage(n)", "1"]
    return Letter(
        margin=margin,
        later_margin=[*directorate, "", "Datum", "12 mei 2025", "", kenmerk_label, "2025-0000123456"],
        addressee=["Aan de Voorzitter van de Tweede Kamer", "der Staten-Generaal", "Postbus 20018",
                   "2500 EA Den Haag"],
        head=["Datum 12 mei 2025", "Betreft Voortgang programma Digitale Weerbaarheid"],
        paragraphs=MADE_PARAGRAPHS,
        footnotes=MADE_NOTES,
        closing=["De Minister van Binnenlandse Zaken en Koninkrijksrelaties,", "", "E.F. Bakker"],
    )


def founding_letter() -> Letter:
    from indexer.parsers import parse_file

    source = next((ROOT / "corpus").glob("2021-11-17-*.md"))
    letter = parse_file(source)
    directorate = ["Directoraat-Generaal", "Politie en", "Veiligheidsregio's"]
    paragraphs, heading = [], None
    for passage in letter.passages:
        paragraphs.append((passage.heading if passage.heading != heading else None, passage.text))
        heading = passage.heading
    return Letter(
        margin=[*directorate, "", "Turfmarkt 147", "2511 DP Den Haag", "Postbus 20301",
                "2500 EH Den Haag", "www.rijksoverheid.nl/jenv", "", "Ons kenmerk", letter.kenmerk],
        later_margin=[*directorate, "", "Datum", "17 november 2021", "", "Ons kenmerk", letter.kenmerk],
        addressee=["Aan de Voorzitter van de Tweede Kamer", "der Staten-Generaal", "Postbus 20018",
                   "2500 EA DEN HAAG"],
        head=["Datum 17 november 2021", f"Onderwerp {letter.subject}"],
        paragraphs=paragraphs,
        footnotes={f.number: f.text for f in letter.footnotes},
        closing=[f"{letter.signer.role},", "", letter.signer.name] if letter.signer else [],
    )


def main() -> int:
    DATA.mkdir(exist_ok=True)
    typeset(made_letter(["Directoraat-Generaal", "Digitale Overheid"], "Ons kenmerk"),
            Layout(body_x=200, body_w=330, margin_x=40, margin_w=130, body_font="Courier", body_size=11,
                   margin_font="Courier", margin_size=11, margin_every_page=False, page_numbers=False),
            DATA / "letter-margin-left.pdf")
    typeset(made_letter(["Directie Informatiesamenleving", "en Overheid"], "Onze referentie"),
            Layout(body_x=70, body_w=390, margin_x=505, margin_w=70, body_font="Times-Roman", body_size=11,
                   margin_font="Times-Roman", margin_size=7.5),
            DATA / "letter-margin-narrow.pdf")
    typeset(made_letter(["Directoraat-Generaal", "Overheidsorganisatie", "Directie Digitale Samenleving"], "Kenmerk"),
            Layout(body_x=50, body_w=290, margin_x=372, margin_w=190, body_font="Times-Roman", body_size=9,
                   margin_font="Helvetica-Oblique", margin_size=10),
            DATA / "letter-margin-wide.pdf")
    founding = DATA / "founding-letter.pdf"
    typeset(founding_letter(), Layout(body_x=80, body_w=330, margin_x=460, margin_w=110), founding)
    subprocess.run(["pdftotext", str(founding), str(DATA / "founding-letter.pdftotext.txt")], check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
