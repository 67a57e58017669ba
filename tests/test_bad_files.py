"""Files that cannot be letters fail fast with a one-line reason, never a hang or a crash."""
import pytest

from indexer.parsers import ParseError, parse_file
from .parser_helpers import FIXTURES, MADE


@pytest.mark.parametrize("name, reason", [
    ("binary-junk.md", "binaire gegevens"),
    ("truncated.pdf", "beschadigde PDF"),
    ("encrypted.pdf", "versleutelde PDF"),
    ("billion-laughs.xml", "geweigerd"),
    ("external-entity.xml", "geweigerd"),
])
def test_bad_file_gives_a_clear_reason(name, reason):
    with pytest.raises(ParseError, match=reason):
        parse_file(FIXTURES / name)


def test_empty_file(tmp_path):
    empty = tmp_path / "leeg.md"
    empty.write_bytes(b"")
    with pytest.raises(ParseError, match="leeg bestand"):
        parse_file(empty)


def test_external_entity_is_never_resolved():
    with pytest.raises(ParseError) as info:
        parse_file(FIXTURES / "external-entity.xml")
    assert "root:" not in str(info.value)


def test_huge_page_count_is_refused(monkeypatch):
    from indexer.parsers import pdf

    monkeypatch.setattr(pdf, "MAX_PAGES", 0)
    with pytest.raises(ParseError, match="pagina.s; meer dan"):
        parse_file(next(MADE.glob("*.pdf")))


def test_a_text_file_over_the_text_limit_is_refused_before_parsing(tmp_path):
    from indexer.parsers import MAX_TEXT_BYTES

    big = tmp_path / "lang.md"
    big.write_bytes(b"Datum 17 november 2021\n\n" + b"Een lange alinea over niets. " * (MAX_TEXT_BYTES // 29 + 10))
    with pytest.raises(ParseError, match="tekstbestand te groot"):
        parse_file(big)


def test_damaged_utf16_text_gets_a_one_line_reason(tmp_path):
    damaged = tmp_path / "brief.txt"
    damaged.write_bytes(b"\xff\xfe" + "Datum 17 november 2021".encode("utf-16-le") + b"\x00\xd8")
    with pytest.raises(ParseError, match="UTF-16"):
        parse_file(damaged)
