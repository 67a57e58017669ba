"""Plain text as a PDF-to-text converter writes a letter: no markup, form feeds between pages,
paragraphs run on without blank lines, footnote numbers glued to their words, footnote texts
at each page's foot. Small letters written here line by line, each showing one such shape."""
import textwrap

import pytest

from indexer.parsers import parse_file

HEAD = """Aan de Voorzitter van de Tweede Kamer
der Staten-Generaal
Postbus 20018
2500 EA DEN HAAG

Datum 12 mei 2025
Betreft Voortgang van het programma

Directie Informatiebeleid
Turfmarkt 147
2511 DP Den Haag
Ons kenmerk
2025-0000777
"""
SIGNATURE = "De Minister van Binnenlandse Zaken en Koninkrijksrelaties,\nE.F. Bakker\n"


def lines(text: str) -> str:
    """Running text wrapped as a converter breaks it: lines of at most 70 characters."""
    return "\n".join(textwrap.wrap(text, 70))


def letter(tmp_path, *pages: str):
    path = tmp_path / "brief.txt"
    path.write_text("\f".join(pages), encoding="utf-8")
    return parse_file(path)


FIRST = ("Met deze brief informeer ik uw Kamer over de voortgang van het programma, zoals "
         "toegezegd in het debat van 4 maart 2025.1 Het programma loopt sinds twee jaar en richt "
         "zich op gemeenten, waterschappen en provincies in het hele land.")
SECOND = ("De waterschappen werken samen in een centrum dat dreigingen deelt en oefeningen "
          "houdt.2 De lessen daaruit komen in een handreiking die in het najaar verschijnt.")


def test_the_letterhead_and_the_margin_block_give_the_metadata(tmp_path):
    got = letter(tmp_path, f"{HEAD}\n{lines(FIRST)}\n\n1 Kamerstuk 26 643, nr. 1188\nPagina 1\n",
                 f"{lines(SECOND)}\n{SIGNATURE}\n2 Verslag van de oefening\nPagina 2\n")
    assert (got.kenmerk, got.date.isoformat(), got.directorate) == ("2025-0000777", "2025-05-12", "Directie Informatiebeleid")
    assert got.subject == "Voortgang van het programma"
    assert (got.signer.name, got.signer.role) == ("E.F. Bakker", "De Minister van Binnenlandse Zaken en Koninkrijksrelaties")
    assert [p.text for p in got.passages][:1] == [FIRST.replace("2025.1", "2025.[^1]")]


def test_footnotes_at_each_pages_foot_are_lifted_out_even_without_a_blank_line_above(tmp_path):
    got = letter(tmp_path, f"{HEAD}\n{lines(FIRST)}\n1 Kamerstuk 26 643, nr. 1188\nPagina 1\n",
                 f"{lines(SECOND)}\n{SIGNATURE}2 Verslag van de oefening\nPagina 2\n")
    assert [(n.number, n.text) for n in got.footnotes] == [("1", "Kamerstuk 26 643, nr. 1188"),
                                                          ("2", "Verslag van de oefening")]
    assert "maart 2025.[^1] Het" in got.body_text and "houdt.[^2] De" in got.body_text
    assert "Kamerstuk 26 643" not in got.body_text


def test_a_footnote_wrapped_onto_a_line_that_starts_with_a_number_stays_one_footnote(tmp_path):
    note = "1 Toegezegd in het Algemeen Overleg van\n2 december 2024 (Kamerstuk 26 643, nr.\n1190)\nPagina 1\n"
    got = letter(tmp_path, f"{HEAD}\n{lines(FIRST)}\n\n{note}", f"{lines(SECOND)}\n{SIGNATURE}")
    assert [(n.number, n.text) for n in got.footnotes] == [
        ("1", "Toegezegd in het Algemeen Overleg van 2 december 2024 (Kamerstuk 26 643, nr. 1190)")]


def test_a_numbered_list_at_a_pages_foot_is_text_not_footnotes(tmp_path):
    listing = "Het programma kent drie sporen:\n1 basismaatregelen in elke gemeente;\n2 een gezamenlijk centrum;\n3 oefeningen."
    got = letter(tmp_path, f"{HEAD}\n{lines(FIRST.replace('2025.1', '2025.'))}\n\n{listing}\n", SIGNATURE)
    assert got.footnotes == []
    assert "2 een gezamenlijk centrum" in got.body_text


def test_a_sentence_cut_by_a_page_break_is_whole_again_and_page_furniture_is_gone(tmp_path):
    cut = lines(FIRST).rsplit("\n", 1)
    got = letter(tmp_path, f"Kamerbrief programma\n{HEAD}\n{cut[0]}\n\n1 Kamerstuk 26 643, nr. 1188\nPagina 1\n",
                 f"Kamerbrief programma\n{cut[1]}\n{lines(SECOND)}\n{SIGNATURE}\n2 Verslag\nPagina 2\n")
    assert FIRST.replace("2025.1", "2025.[^1]") in got.body_text
    assert "Kamerbrief programma" not in got.body_text and "Pagina" not in got.body_text


@pytest.mark.parametrize("heading", ["Stand van zaken", "Motie over de brede invoering in alle gemeenten"])
def test_a_line_of_its_own_between_paragraphs_heads_the_next(tmp_path, heading):
    got = letter(tmp_path, f"{HEAD}\n{lines(FIRST)}\n{heading}\n{lines(SECOND)}\n{SIGNATURE}\n"
                           "1 Kamerstuk 26 643, nr. 1188\n2 Verslag\nPagina 1\n")
    assert [(p.heading, p.text[:20]) for p in got.passages] == [(None, FIRST[:20]), (heading, SECOND[:20])]


def test_a_last_line_that_looks_like_a_heading_but_goes_on_over_the_page_is_text(tmp_path):
    text = lines(FIRST + " Daarnaast verschijnt in het voorjaar de evaluatie van de Nationale Rapporteur")
    head, last = text.rsplit("\n", 1)
    got = letter(tmp_path, f"{HEAD}\n{head}\n{last}\n\n1 Kamerstuk 26 643, nr. 1188\nPagina 1\n",
                 f"over de eerste twee jaren.\n{SIGNATURE}")
    assert [p.heading for p in got.passages] == [None]
    assert "Nationale Rapporteur over de eerste twee jaren." in got.body_text


def test_a_letter_without_a_datum_line_is_dated_by_where_and_when_it_was_written(tmp_path):
    head = HEAD.replace("Datum 12 mei 2025\n", "Den Haag, 12 mei 2025\n")
    got = letter(tmp_path, f"{head}\n{lines(FIRST.replace('2025.1', '2025.'))}\n{SIGNATURE}")
    assert got.date.isoformat() == "2025-05-12"


def test_a_document_that_opens_with_a_title_and_names_no_subject_is_about_its_title(tmp_path):
    path = tmp_path / "fiche.md"
    path.write_text("# Fiche 3: Herziening van de voorbeeldrichtlijn\n\n## 1. Algemene gegevens\n\n"
                    + FIRST.replace("2025.1", "2025.") + "\n", encoding="utf-8")
    assert parse_file(path).subject == "Fiche 3: Herziening van de voorbeeldrichtlijn"
