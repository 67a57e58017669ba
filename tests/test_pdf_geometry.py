"""The margin column of a PDF letter is found from the page's geometry alone: short lines at one
x-position beside the body, at their own leading. Pages built here word by word, so that each
shape is exactly the one named."""
from indexer.parsers.pdf_geometry import Word, split_margin

BODY = 10.0
PARAGRAPH = ("De minister heeft in deze brief uitgebreid toegelicht hoe de voortgang van het "
             "programma wordt bewaakt en welke stappen in het komende jaar worden gezet").split()


def row(x: float, top: float, words: list[str], size: float = BODY) -> list[Word]:
    """Words set left to right from ``x``: half an em per character, a space between."""
    placed = []
    for text in words:
        width = len(text) * size / 2
        placed.append(Word(text, x, x + width, top, size, False, top + size))
        x += width + size / 3
    return placed


def body(x: float, top: float, lines: int, leading: float = 14.0) -> list[Word]:
    """Running text: lines of about 70 characters."""
    return [w for n in range(lines) for w in row(x, top + n * leading, PARAGRAPH[n % 5:n % 5 + 11])]


MARGIN_TEXT = ["Directie Wetgeving", "en Juridische Zaken", "", "Postbus 20350", "2500 EJ Den Haag", "",
               "Ons kenmerk", "2025-0001234", "", "Bijlage(n)", "1"]


def margin(x: float, top: float, size: float, leading: float) -> list[Word]:
    return [w for n, text in enumerate(MARGIN_TEXT) if text for w in row(x, top + n * leading, text.split(), size)]


def margin_texts(page: list[Word]) -> set[str]:
    [(_, in_margin)] = split_margin([page], BODY)
    return {w.text for w in in_margin}


def test_short_lines_right_of_the_body_in_small_type_are_the_margin():
    page = body(80, 150, 30) + margin(470, 150, 6.5, 9)
    assert margin_texts(page) == {w.text for w in margin(470, 150, 6.5, 9)}


def test_short_lines_left_of_the_body_in_the_body_type_are_the_margin():
    page = body(200, 150, 30) + margin(40, 150, BODY, 15)
    assert margin_texts(page) == {w.text for w in margin(40, 150, BODY, 15)}


def test_a_margin_in_larger_type_than_the_body_is_the_margin():
    page = body(60, 150, 30) + margin(430, 160, 12, 16)
    assert "2025-0001234" in margin_texts(page)


def test_the_columns_of_a_table_are_not_a_margin():
    cells = [("12", "3-4-2021", "Verslag overleg", "Deels openbaar", "10.2.e")]
    page = [w for n in range(20) for x, text in zip((50, 80, 160, 330, 460), cells[0])
            for w in row(x, 60 + n * 29, [text.replace("12", str(n))])]
    assert margin_texts(page) == set()


def test_bullets_before_the_items_of_a_list_are_not_a_margin():
    page = body(80, 100, 10)
    for n in range(6):
        page += row(80, 260 + n * 14, ["•"]) + row(100, 260 + n * 14, PARAGRAPH[n:n + 10])
    assert margin_texts(page) == set()


def test_an_indented_signature_under_the_body_is_not_a_margin():
    signature = [w for n, text in enumerate(["De Minister van Financiën,", "", "", "A.B. Voorbeeld", "Bijlage"])
                 if text for w in row(300, 600 + n * 14, text.split())]
    page = body(80, 100, 30) + signature
    assert margin_texts(page) == set()


def test_a_later_page_is_read_against_the_first_pages_column():
    first = body(80, 150, 30) + margin(470, 150, 6.5, 9)
    later = body(80, 150, 30) + row(470, 150, ["Ons", "kenmerk"], 6.5) + row(470, 159, ["2025-0001234"], 6.5)
    (_, _), (_, in_margin) = split_margin([first, later], BODY)
    assert {w.text for w in in_margin} == {"Ons", "kenmerk", "2025-0001234"}


def test_a_table_cell_in_body_type_reaching_into_the_column_on_a_later_page_stays_body():
    first = body(80, 150, 30) + margin(470, 150, 6.5, 9)
    later = body(80, 150, 10) + [w for n in range(5) for w in row(80, 400 + n * 20, ["Verslag"]) + row(468, 400 + n * 20, ["EZK"])]
    (_, _), (_, in_margin) = split_margin([first, later], BODY)
    assert in_margin == []
