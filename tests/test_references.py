"""Citations found in letter text are normalised for links and filters."""
from indexer.references import extract_references


def test_kamerstuk_with_roman_suffix():
    refs = extract_references("zijn brief van 4 november 2009 (Kamerstukken II 2009/10, 32 123 XVI, nr. 30)")
    assert [r.target for r in refs] == ["32123-XVI-30"]


def test_ecli_is_upper_cased():
    refs = extract_references("zie ecli:nl:rbmne:2021:4771")
    assert refs[0].target == "ECLI:NL:RBMNE:2021:4771"


def test_motion_names():
    refs = extract_references("de motie van het lid Segers-Asscher over mensenhandel")
    assert any(r.kind == "motie" for r in refs)
