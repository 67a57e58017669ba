"""Ministry names resolve to one canonical list through history; damaged names to the right one
or to none, never to a wrong one. The variants are the ones the parsers met in ../shared."""
import pytest

from indexer.ministries import MINISTRIES, canonical_ministry, ministry_from_role

BZ, SZW = "Ministerie van Buitenlandse Zaken", "Ministerie van Sociale Zaken en Werkgelegenheid"
OW, WVC = "Ministerie van Onderwijs en Wetenschappen", "Ministerie van Welzijn, Volksgezondheid en Cultuur"
VROM = "Ministerie van Volkshuisvesting, Ruimtelijke Ordening en Milieubeheer"

# real variants read from the Staten-Generaal Digitaal OCR and the PDFs in ../shared
VARIANTS = [
    ("Ministerie van BUITENLANDSB ZAKEN a", BZ),  # OCR letter and a stray character
    ("Ministerie van Buitenlainidse Zaken", BZ),
    ("Ministerie van Buitenlandsche Zaken", BZ),  # spelling before 1947
    ("Ministerie van Buitenlandsche Zaken A", BZ),
    ("Ministerie van Buitenlandse Zaken Houdende Intrekking van het Wetsvoorstel", BZ),  # title after it
    ("Ministerie van Binnen-landsche Zaken", "Ministerie van Binnenlandse Zaken"),
    ("Ministerie van Binneimlandse Zaken", "Ministerie van Binnenlandse Zaken"),
    ("Ministerie van Binnenlandse Zakeim", "Ministerie van Binnenlandse Zaken"),
    ("Ministerie van Binnenlandsche Zaken en Landbouw", "Ministerie van Binnenlandse Zaken en Landbouw"),
    ("Ministerie van Sociale Zaken en Werkgele-genheid", SZW),  # broken at a line end
    ("Ministerie van Sociale Zaken en Werkgele-geimheid", SZW),
    ("Ministerie van Sociale Zaken, Mede Namens de Ministers van Buiten\xadlandsche Zaken en Koloniën",
     "Ministerie van Sociale Zaken"),
    ("Ministerie van Onderwijs en Wetenschap-pen", OW),
    ("Ministerie van Onderwijs en Weten- Schappen", OW),
    ("Ministerie van Oimderwijs en Wetenschappen", OW),
    ("Ministerie van Onderwijs en Weteimschappen", OW),
    ("Ministerie van ONDERWIJS, KUNSTEN EN WETENSCHAPPEN a", "Ministerie van Onderwijs, Kunsten en Wetenschappen"),
    ("Ministerie van Welzijn, Volksge-zondheid en Cultuur", WVC),
    ("Ministerie van Welzijn, V0lksge-zondheid en Cultuur", WVC),
    ("Ministerie van Welzijn, Volksge Zondheid en Cultuur", WVC),
    ("Ministerie van Volkshuisvesting, Ruimte Lijke Ordening en Milieubeheer", VROM),
    ("Ministerie van Volkshuis- Vesting en Ruimtelijke Ordening", "Ministerie van Volkshuisvesting en Ruimtelijke Ordening"),
    ("Ministerie van Landbouw, Natuurbeheer Eim Visseru", "Ministerie van Landbouw, Natuurbeheer en Visserij"),
    ("Ministerie van OVERZEESE GEBIEDSDELEN a", "Ministerie van Overzeese Gebiedsdelen"),
    ("Ministerie van WEDEROPBOUW EN VOLKSHUISVESTING -vf0 14", "Ministerie van Wederopbouw en Volkshuisvesting"),
    ("Ministerie van Financiëim", "Ministerie van Financiën"),
    ("Financien", "Ministerie van Financiën"),
    ("SZW", SZW),
    # unknown stays unknown: too damaged, or a name cut short that fits several ministries
    ("Ministerie van Lai^uduuw E In Vi33cmj", None),
    (")urldlsche Zaken", None),
    ("Ministerie van Volkshuisvesting", None),
    ("Ministerie van Landbouw", None),
    ("Ministerie van Welzijn", None),
    ("Ministerie van Feesten en Partijen", None),
]


@pytest.mark.parametrize("variant, canonical", VARIANTS, ids=[v for v, _ in VARIANTS])
def test_real_variants(variant, canonical):
    assert canonical_ministry(variant) == canonical


def test_names_through_history_stay_their_own():
    # a letter is filed under the ministry as it was named then
    assert ministry_from_role("DE MINISTER VAN VERKEER EN WATERSTAAT") == "Ministerie van Verkeer en Waterstaat"
    assert ministry_from_role("De Minister van Infrastructuur en Waterstaat") == "Ministerie van Infrastructuur en Waterstaat"
    assert ministry_from_role("De Staatssecretaris van Veiligheid en Justitie") == "Ministerie van Veiligheid en Justitie"
    assert ministry_from_role("De Minister van Justitie en Veiligheid") == "Ministerie van Justitie en Veiligheid"
    assert ministry_from_role("DE MINISTER VAN KOLONIËN") == "Ministerie van Koloniën"


def test_a_role_naming_no_known_ministry_gives_none():
    assert ministry_from_role("De Minister van Feesten en Partijen") is None


def test_every_canonical_name_resolves_to_itself():
    for name in MINISTRIES:
        assert canonical_ministry(name) == name
        assert canonical_ministry(name.upper()) == name


@pytest.mark.parametrize("role, ministry", [
    # a minister "voor" a portfolio, the word broken at a line end
    ("BRIEF VAN DE MINISTER VOOR ONTWIKKELINGSSAMEN-WERKING", "Ministerie van Buitenlandse Zaken"),
    # the OCR read the comma as a full stop
    ("BRIEF VAN DE MINISTER VAN VOLKSHUISVESTING. RUIMTELIJKE ORDENING EN MILIEUBEHEER",
     "Ministerie van Volkshuisvesting, Ruimtelijke Ordening en Milieubeheer"),
    # a heading that runs on long after the ministry's name
    ("BRIEF VAN DEN MINISTER VAN BUITENLANDSCHE ZAKEN, BETREFFENDE VERLENGING VAN HET PROTOCOL EN "
     "VASTSTELLING VAN EEN NIEUWE OVEREENKOMST INZAKE HET REIZIGERSVERKEER MET HET DUITSCHE RIJK",
     "Ministerie van Buitenlandse Zaken"),
])
def test_roles_that_print_or_ocr_broke_still_name_their_ministry(role, ministry):
    assert ministry_from_role(role) == ministry


def test_a_full_stop_that_ends_the_name_is_not_read_as_a_comma():
    assert ministry_from_role("De Minister van Financiën. Hij schrijft") == "Ministerie van Financiën"
