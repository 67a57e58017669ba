"""Passage fingerprints: the same words give the same print, an edit a near one, other text a far one."""
from __future__ import annotations

from indexer.model import Passage
from web.fingerprint import FINGERPRINT, NEAR, distance, fingerprint, locate

TEXT = ("De webcrawler doorzoekt advertenties op sites waar seks wordt aangeboden en meldt signalen "
        "van mensenhandel aan het team dat ze beoordeelt.")
OTHER = "Tot slot de planning voor het komende jaar, met de capaciteit die de politie daarvoor vrijmaakt."


def test_a_fingerprint_is_16_hex_digits_of_the_words_alone():
    assert FINGERPRINT.match(fingerprint(TEXT))
    assert fingerprint(TEXT) == fingerprint("  " + TEXT.upper().replace(" ", "\n") + "[^3]"), \
        "case, spacing and footnote markers do not change it"


def test_an_edited_passage_is_near_and_another_passage_far():
    edited = TEXT.replace("meldt", "rapporteert")
    assert 0 < distance(fingerprint(TEXT), fingerprint(edited)) <= NEAR
    assert distance(fingerprint(TEXT), fingerprint(OTHER)) > NEAR


def test_locate_finds_the_passage_where_it_is_now_exactly_or_by_its_nearest_text():
    wanted = fingerprint(TEXT)
    moved = [Passage("p-1", None, OTHER), Passage("p-2", None, "Nieuw."), Passage("p-3", None, TEXT)]
    assert (locate(moved, wanted).anchors, locate(moved, wanted).exact) == (["p-3"], True)
    edited = [Passage("p-1", None, OTHER), Passage("p-2", None, TEXT.replace("meldt", "rapporteert"))]
    assert (locate(edited, wanted).anchors, locate(edited, wanted).exact) == (["p-2"], False)
    assert locate([Passage("p-1", None, OTHER)], wanted) is None


def test_a_passage_that_occurs_twice_is_found_at_both_places():
    twice = [Passage("p-1", None, "Hoogachtend,"), Passage("p-2", None, OTHER), Passage("p-3", None, "Hoogachtend,")]
    assert locate(twice, fingerprint("Hoogachtend,")).anchors == ["p-1", "p-3"]
