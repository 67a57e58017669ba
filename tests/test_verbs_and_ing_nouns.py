"""A verb and the noun in -ing made of it find each other ("opsporen" finds "opsporing"), except
where the letters use the two as different words: the Handelingen are no trade, and uitvoering
(carrying out) is no uitvoer (export)."""
import pytest

from indexer.search import SearchRequest, SearchService

from .conftest import indexed

LETTER = """Datum {day} maart 2024
Onderwerp Voorbeeld {day}

Voorbeeldbrief, geschreven voor de tests van Kamerzoek; geen echte Kamerbrief.

{text}
"""
TEXTS = {
    "opsporing": "De opsporing van mensenhandelaren krijgt meer capaciteit.",
    "vervolgen": "Het Openbaar Ministerie wil de daders sneller vervolgen.",
    "beslissing": "De beslissing over de subsidie volgt in het voorjaar.",
    "handelingen": "Het debat staat in de Handelingen van de Tweede Kamer.",
    "handel": "De handel met het buitenland groeit.",
    "uitvoering": "De uitvoering van de wet ligt bij de gemeenten.",
    "uitvoer": "De uitvoer van kaas naar het buitenland groeit.",
}


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    folder = tmp_path_factory.mktemp("verbs")
    for day, (name, text) in enumerate(TEXTS.items(), start=1):
        (folder / f"{name}.md").write_text(LETTER.format(day=day, text=text), encoding="utf-8")
    return SearchService(str(indexed(tmp_path_factory, "verbs-index", [folder])))


def found(service, q: str) -> set[str]:
    return {hit.letter.subject for hit in service.search(SearchRequest(q=q, as_typed=True)).hits}


def subjects(*names: str) -> set[str]:
    return {f"Voorbeeld {list(TEXTS).index(name) + 1}" for name in names}


@pytest.mark.parametrize("q, letter", [
    ("opsporen", "opsporing"), ("opsporing", "opsporing"), ("opsporingen", "opsporing"),
    ("vervolging", "vervolgen"), ("vervolgen", "vervolgen"),
    ("beslissen", "beslissing"),
])
def test_a_verb_finds_its_noun_in_ing_and_the_noun_its_verb(service, q, letter):
    assert found(service, q) == subjects(letter)


def test_the_noun_found_through_its_verb_is_highlighted(service):
    hit = service.search(SearchRequest(q="opsporen", as_typed=True)).hits[0]
    assert "<mark>opsporing</mark>" in hit.passages[0].snippet


@pytest.mark.parametrize("q, letter", [
    ("handel", "handel"), ("handelingen", "handelingen"), ("handeling", "handelingen"),
    ("uitvoer", "uitvoer"), ("uitvoering", "uitvoering"),
])
def test_nouns_in_ing_that_are_other_words_than_their_verb_stay_apart(service, q, letter):
    assert found(service, q) == subjects(letter)


def test_the_word_as_written_ranks_above_its_verb_or_noun(service, tmp_path_factory):
    folder = tmp_path_factory.mktemp("both")
    (folder / "a.md").write_text(LETTER.format(day=1, text="Wij willen de daders opsporen en berechten."), encoding="utf-8")
    (folder / "b.md").write_text(LETTER.format(day=2, text="De opsporing van daders en het berechten."), encoding="utf-8")
    both = SearchService(str(indexed(tmp_path_factory, "both-index", [folder])))
    assert [h.letter.subject for h in both.search(SearchRequest(q="opsporing")).hits] == ["Voorbeeld 2", "Voorbeeld 1"]
    assert [h.letter.subject for h in both.search(SearchRequest(q="opsporen")).hits] == ["Voorbeeld 1", "Voorbeeld 2"]
