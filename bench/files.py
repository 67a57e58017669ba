"""Generated letters written as the files users index: a Kamerbrief PDF in the shape of the
Rijkshuisstijl, and an officielebekendmakingen Kamerstuk XML (``<officiele-publicatie>``).

Both are written from the formats' public descriptions for the ingest benchmark (they carry
no text of real letters), so that PDF and XML throughput can be measured on as many letters,
and as long ones, as the benchmark needs.

The PDF (fpdf2, core Helvetica, A4): the body in 10 pt at the left; on every page a margin
column at the right in 6.5 pt with the directorate, "Datum", "Ons kenmerk" and the page
number, which Kamerzoek's PDF parser reads as the letterhead; section headings in bold;
footnote markers as small raised numbers and the footnotes in 7 pt below the body. Core
fonts know only Latin-1, so other characters are replaced.
"""
from __future__ import annotations

import re
from xml.sax.saxutils import escape


MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december"]
MARKER = re.compile(r"\[\^(\d+)\]")


def _dutch_date(date) -> str:
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}" if date else ""


def _latin1(text: str) -> str:
    return text.replace("…", "...").replace("€", "EUR").replace("’", "'").encode("latin-1", "replace").decode("latin-1")


# --- PDF ------------------------------------------------------------------------------------------

def letter_pdf(letter) -> bytes:
    from fpdf import FPDF

    margin = [_latin1(line) for line in _margin_lines(letter)]

    class LetterPDF(FPDF):
        def header(self):  # the margin column, on every page
            self.set_font("Helvetica", size=6.5)
            y = 130 if self.page_no() == 1 else 60
            for line in margin + ["", f"Pagina {self.page_no()} van {{nb}}"]:
                self.set_xy(465, y)
                self.cell(110, 8, line)
                y += 8
            self.set_xy(self.l_margin, 150 if self.page_no() == 1 else 70)

    pdf = LetterPDF(unit="pt", format="A4")
    pdf.set_margins(70, 70, 160)  # the body stays left of the margin column
    pdf.set_auto_page_break(True, 70)
    pdf.alias_nb_pages()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    for line in ["De Voorzitter van de Tweede Kamer", "der Staten-Generaal", "Postbus 20018", "2500 EA  DEN HAAG", ""]:
        pdf.cell(0, 13, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(20)
    pdf.multi_cell(0, 13, _latin1(f"Betreft {letter.subject or ''}"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(13)
    heading = None
    for passage in letter.passages:
        if passage.heading and passage.heading != heading:
            heading = passage.heading
            pdf.set_font("Helvetica", style="B", size=10)
            pdf.multi_cell(0, 13, _latin1(heading), new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("Helvetica", size=10)
        # a footnote marker as a small number: the parser reads it as [^N]
        text = MARKER.sub(lambda m: f"<sup>{m.group(1)}</sup>", _latin1(passage.text).replace("&", "&amp;").replace("<", "&lt;"))
        pdf.write_html(f"<p>{text}</p>") if "<sup>" in text else pdf.multi_cell(0, 13, _latin1(passage.text), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(6)
    if letter.signer:
        pdf.ln(13)
        for line in [letter.signer.role or "", "", letter.signer.name or ""]:
            pdf.cell(0, 13, _latin1(line), new_x="LMARGIN", new_y="NEXT")
    if letter.footnotes:
        pdf.ln(20)
        pdf.set_font("Helvetica", size=7)
        for note in letter.footnotes:
            pdf.multi_cell(0, 9, _latin1(f"{note.number} {note.text}"), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _margin_lines(letter) -> list[str]:
    return [letter.directorate or "", "", "Datum", _dutch_date(letter.date), "", "Ons kenmerk", letter.kenmerk or ""]


# --- officielebekendmakingen XML -------------------------------------------------------------------

def letter_xml(letter, dossier: str, number: int) -> bytes:
    """A Kamerstuk brief: dossier and number, date, title, passages with headings and notes, signature."""
    notes = {f.number: f.text for f in letter.footnotes}

    def paragraph(text: str) -> str:
        parts, last = [], 0
        for m in MARKER.finditer(text):
            parts.append(escape(text[last:m.start()]))
            note = escape(notes.get(m.group(1), ""))
            parts.append(f'<noot id="n{m.group(1)}" type="voet"><noot.nr>{m.group(1)}</noot.nr><noot.al>{note}</noot.al></noot>')
            last = m.end()
        parts.append(escape(text[last:]))
        return f"<al>{''.join(parts)}</al>"

    body, heading = [], None
    for passage in letter.passages:
        if passage.heading and passage.heading != heading:
            heading = passage.heading
            body.append(f"<tussenkop>{escape(heading)}</tussenkop>")
        body.append(paragraph(passage.text))
    role = escape((letter.signer.role if letter.signer else None) or "De Minister")
    name = escape((letter.signer.name if letter.signer else None) or "")
    year = letter.date.year if letter.date else 2000
    title = escape(f"BRIEF VAN DE {role.upper().removeprefix('DE ')}")
    iso = letter.date.isoformat() if letter.date else ""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<officiele-publicatie>
  <metadata>
    <meta name="DC.identifier" content="kst-{dossier.replace(' ', '')}-{number}"/>
    <meta name="DC.type" content="Kamerstuk"/>
    <meta name="OVERHEIDop.documenttitel" content="{escape(letter.subject or '', {'"': '&quot;'})}"/>
  </metadata>
  <kamerstuk>
    <kamerstukkop>
      <tekstregel inhoud="vergaderjaar">Vergaderjaar {year}-{year + 1}</tekstregel>
      <tekstregel inhoud="kameraanduiding">Tweede Kamer der Staten-Generaal</tekstregel>
    </kamerstukkop>
    <dossier><dossiernummer><dossiernr>{escape(dossier)}</dossiernr></dossiernummer><titel>{escape(letter.subject or '')}</titel></dossier>
    <stuk>
      <stuknr>Nr. <ondernummer kamer="2">{number}</ondernummer></stuknr>
      <titel>{title}</titel>
      <algemeen><brief>
        <aanhef><al>Aan de Voorzitter van de Tweede Kamer der Staten-Generaal</al></aanhef>
        <datumtekst>Den Haag, <datum isodatum="{iso}">{_dutch_date(letter.date)}</datum></datumtekst>
        {"".join(body)}
        <ondertekening><al>{role}</al><al>{name}</al></ondertekening>
      </brief></algemeen>
    </stuk>
  </kamerstuk>
</officiele-publicatie>
""".encode("utf-8")
