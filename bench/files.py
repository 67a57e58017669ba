"""Generated letters written as the files users index: a Kamerbrief PDF in the shape of the
Rijkshuisstijl, and an officielebekendmakingen Kamerstuk XML (``<officiele-publicatie>``).

Both are written from the formats' public descriptions for the ingest benchmark (they carry
no text of real letters), so that PDF and XML throughput can be measured on as many letters,
and as long ones, as the benchmark needs. The PDF is typeset by the project's own typesetter
for made letters (``scripts/make_test_letters.py``, reportlab): the margin column with the
directorate, "Datum" and "Ons kenmerk" on every page, superscript footnote markers and the
footnotes at the foot of their page, page numbers.
"""
from __future__ import annotations

import importlib.util
import re
import sys
import tempfile
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december"]
MARKER = re.compile(r"\[\^(\d+)\]")


def _dutch_date(date) -> str:
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}" if date else ""


# --- PDF ------------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _typesetter():
    spec = importlib.util.spec_from_file_location("make_test_letters", ROOT / "scripts" / "make_test_letters.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def letter_pdf(letter) -> bytes:
    typesetter = _typesetter()
    paragraphs, heading = [], None
    for passage in letter.passages:
        paragraphs.append((passage.heading if passage.heading != heading else None, passage.text))
        heading = passage.heading
    margin = [letter.directorate or "", "", "Datum", _dutch_date(letter.date), "", "Ons kenmerk", letter.kenmerk or ""]
    made = typesetter.Letter(
        margin=margin,
        addressee=["Aan de Voorzitter van de Tweede Kamer", "der Staten-Generaal", "Postbus 20018", "2500 EA DEN HAAG"],
        head=[f"Datum {_dutch_date(letter.date)}", f"Onderwerp {letter.subject or ''}"],
        paragraphs=paragraphs,
        footnotes={f.number: f.text for f in letter.footnotes},
        closing=[f"{letter.signer.role},", "", letter.signer.name or ""] if letter.signer and letter.signer.role else [],
    )
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "letter.pdf"
        typesetter.typeset(made, typesetter.Layout(body_x=80, body_w=330, margin_x=460, margin_w=110), out)
        return out.read_bytes()


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
