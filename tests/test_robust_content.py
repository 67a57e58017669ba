"""Hostile content is refused within bounds, with its reason: PDF bombs before layout, noise
that merely decodes as text, identifiers no link can carry. All files are made in tmp_path."""
from __future__ import annotations

import pytest

from indexer.indexing import index_paths
from indexer.parsers import ParseError, parse_file

from .hostile_files import escaped_dense_page_pdf, glyph_flood_pdf, hex_glyph_flood_pdf, operator_bomb_pdf
from .robust_corpus import indexed_letters, variant_text


@pytest.mark.parametrize("make, reason", [(operator_bomb_pdf, "MB"), (glyph_flood_pdf, "tekens"),
                                          (hex_glyph_flood_pdf, "tekens")])
def test_pdf_bombs_are_refused_before_layout(tmp_path, make, reason):
    path = tmp_path / "bom.pdf"
    path.write_bytes(make())
    with pytest.raises(ParseError, match=reason):
        parse_file(path)


def test_a_dense_page_is_measured_by_the_characters_it_shows_not_by_how_they_are_written(tmp_path):
    path = tmp_path / "dicht.pdf"
    path.write_bytes(escaped_dense_page_pdf())
    try:
        parse_file(path)
    except ParseError as exc:
        assert "tekens" not in str(exc)


def test_printable_noise_with_a_text_name_is_not_a_letter(tmp_path):
    import random

    rng = random.Random(11)
    for n, size in enumerate((40, 300, 3000)):
        path = tmp_path / f"ruis-{n}.md"
        path.write_bytes(bytes(rng.randrange(33, 127) for _ in range(size)))
        with pytest.raises(ParseError, match="binaire gegevens"):
            parse_file(path)


def test_an_endless_kenmerk_gives_a_bounded_id_and_a_reachable_letter(tmp_path):
    from web import create_app

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "lang.md").write_text(variant_text(1).replace("5000001", "KZ" * 200_000), encoding="utf-8")
    report = index_paths([corpus], tmp_path / "ix")
    assert len(report.added) == 1
    (letter_id,) = indexed_letters(tmp_path / "ix")
    assert len(letter_id) <= 128
    client = create_app({"INDEX_DIR": str(tmp_path / "ix"), "CORPUS_DIRS": [str(corpus)]}).test_client()
    assert client.get(f"/api/letters/{letter_id}").status_code == 200
