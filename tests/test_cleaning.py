"""Page furniture: a block is furniture when its words, case and markup aside, are those of a
known piece of furniture (a letterhead value, a running header, a margin label, a page number)."""
from hypothesis import given
from hypothesis import strategies as st

from indexer.cleaning import PARA, Block, Furniture, assemble, furniture_key

# words with accents, capitals, digits, an underscore, Greek capitals (their lower case
# depends on the letter's place in the word) and the marks a header carries around them
TEXTS = st.text(alphabet="abAB éÉ1_-.:/\n\tΣΟ", max_size=24)


@given(st.lists(TEXTS, max_size=6), TEXTS)
def test_a_text_is_furniture_exactly_when_its_key_is_known(furniture, text):
    keys = {furniture_key(f) for f in furniture}
    assert (text in Furniture(keys)) == (furniture_key(text) in keys)


def test_furniture_is_known_whatever_its_case_spacing_and_punctuation():
    furniture = Furniture({furniture_key("Directoraat-Generaal Politie en Veiligheidsregio's")})
    assert "DIRECTORAAT GENERAAL  politie en veiligheidsregio s" in furniture
    assert "Directoraat-Generaal Politie" not in furniture
    assert "Politie en Veiligheidsregio's" not in furniture


def test_letterhead_values_running_headers_page_numbers_and_labels_leave_the_passages():
    blocks = [Block(PARA, "Ministerie van Justitie en Veiligheid"), Block(PARA, "Datum"),
              Block(PARA, "Geachte voorzitter, hierbij informeer ik uw Kamer."),
              Block(PARA, "Pagina 1 van 2"), Block(PARA, "Ministerie van Justitie en Veiligheid"),
              Block(PARA, "Ons kenmerk 3627733"), Block(PARA, "Dit is de tweede alinea."),
              Block(PARA, "- 2 -")]
    passages, _ = assemble(blocks, furniture={"Ons kenmerk 3627733"})
    assert [p.text for p in passages] == ["Geachte voorzitter, hierbij informeer ik uw Kamer.",
                                          "Dit is de tweede alinea."]
