"""Citations found in letter text are normalised for links and filters."""
from indexer.references import cited_spans, dossier_levels, extract_references, may_be_cited


def test_kamerstuk_with_roman_suffix():
    refs = extract_references("zijn brief van 4 november 2009 (Kamerstukken II 2009/10, 32 123 XVI, nr. 30)")
    assert [r.target for r in refs] == ["32123-XVI-30"]


def test_ecli_is_upper_cased():
    refs = extract_references("zie ecli:nl:rbmne:2021:4771")
    assert refs[0].target == "ECLI:NL:RBMNE:2021:4771"


def test_motion_names():
    refs = extract_references("de motie van het lid Segers-Asscher over mensenhandel")
    assert any(r.kind == "motie" for r in refs)


def test_the_staatsblad_staatscourant_and_tractatenblad_are_cited_by_their_official_identifier():
    refs = extract_references("Zie Stb. 2020, 118, Staatsblad 2019, nr. 45, Stcrt. 2021, 12345 en Trb. 2019/7;"
                              " in 2020, 118 gevallen is geen citaat.")
    assert [(r.text, r.target) for r in refs] == [
        ("Stb. 2020, 118", "stb-2020-118"), ("Staatsblad 2019, nr. 45", "stb-2019-45"),
        ("Stcrt. 2021, 12345", "stcrt-2021-12345"), ("Trb. 2019/7", "trb-2019-7"),
    ]


def test_only_what_begins_as_a_citation_can_be_asked_for_as_one():
    refs = extract_references("Kamerstuk 36 600 X, nr. 55; zie ECLI:NL:HR:2020:123 en de motie van het lid Segers;"
                              " Stb. 2020, 118")
    asked = [ref.target.lower() for ref in refs] + [
        level for ref in refs if ref.kind == "kamerstuk" for level in dossier_levels(ref.target)]
    assert {ref.kind for ref in refs} == {"kamerstuk", "ecli", "motie", "publicatie"}
    assert all(may_be_cited(target) for target in asked)
    assert not any(may_be_cited(word) for word in ("mensenhandel", "tweede kamer", "ecli", "motie"))


def test_a_citation_begins_at_the_start_of_a_word_or_of_the_text():
    """What stands before a citation decides whether it is one: a word's inside is not the
    start of a citation, the start of the text is; a dossier number may not continue a number."""
    def cited(text):
        return [(text[start:end], ref.kind) for start, end, ref in cited_spans(text)]

    assert cited("Kamerstuk 28 638, nr. 184") == [("Kamerstuk 28 638, nr. 184", "kamerstuk"),
                                                 ("28 638, nr. 184", "kamerstuk")]  # its number, found apart
    for text, kind in [("motie Segers", "motie"),
                       ("ECLI:NL:HR:2020:123", "ecli"), ("Stb. 2020, 118", "publicatie"),
                       ("Tractatenblad 2019, 7", "publicatie"), ("28 638, nr. 184", "kamerstuk")]:
        assert cited(text) == [(text, kind)]
        assert cited(f"({text})") == [(text, kind)]
        if kind != "kamerstuk":  # a Kamerstuk's number is a citation by itself, below
            assert cited("x" + text) == []
    assert cited("Kamerstukken 28 638, nr. 184")[0] == ("Kamerstukken 28 638, nr. 184", "kamerstuk")
    assert cited("xKamerstuk 28 638, nr. 184") == [("28 638, nr. 184", "kamerstuk")]
    assert cited("de promotie Jansen") == []
    for before in ("1", "1,", "1."):
        assert cited(before + "28 638, nr. 184") == []
    assert cited("x28 638, nr. 184") == [("28 638, nr. 184", "kamerstuk")]
