"""Hostile content is refused within bounds, with its reason: PDF bombs before layout, noise
that merely decodes as text, identifiers no link can carry. All files are made in tmp_path."""
from __future__ import annotations

import zlib

import pytest

from indexer.indexing import index_paths
from indexer.parsers import ParseError, parse_file

from .robust_corpus import indexed_letters, variant_text
from .made_documents import pdf_document as _pdf


def _one_page(content: bytes, compress: bool = True) -> bytes:
    stream = zlib.compress(content, 9) if compress else content
    flate = b" /Filter /FlateDecode" if compress else b""
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d%s >>\nstream\n" % (len(stream), flate) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


def operator_bomb_pdf() -> bytes:
    """One page whose content stream inflates to 8 MB of text operators."""
    line = b"BT /F1 1 Tf 10 10 Td (Geachte Voorzitter) Tj ET\n"
    return _one_page(line * (8 * 2**20 // len(line)))


def glyph_flood_pdf() -> bytes:
    """One page with 60,000 separately positioned glyphs."""
    glyphs = b"".join(b"1 0 0 1 %d %d Tm (x) Tj\n" % (n % 500, n // 500 % 700) for n in range(60_000))
    return _one_page(b"BT /F1 4 Tf\n" + glyphs + b"ET\n")


@pytest.mark.parametrize("make, reason", [(operator_bomb_pdf, "MB"), (glyph_flood_pdf, "tekens")])
def test_pdf_bombs_are_refused_before_layout(tmp_path, make, reason):
    path = tmp_path / "bom.pdf"
    path.write_bytes(make())
    with pytest.raises(ParseError, match=reason):
        parse_file(path)


def test_printable_noise_with_a_text_name_is_not_a_letter(tmp_path):
    import random

    rng = random.Random(11)
    for n, size in enumerate((40, 300, 3000)):
        path = tmp_path / f"ruis-{n}.md"
        path.write_bytes(bytes(rng.randrange(33, 127) for _ in range(size)))
        with pytest.raises(ParseError, match="binary"):
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
