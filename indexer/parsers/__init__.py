"""Parsers: one module per input format, each turning a file into a ``Letter``.

``parse_file`` picks the parser by content first (a PDF renamed .txt is still a PDF) and by
extension second. Every parser reads only its own file (and the metadata files published
beside it) and raises ``ParseError`` with a one-line reason for input it cannot use.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Callable

from ..model import Letter

MAX_FILE_BYTES = 60 * 1024 * 1024  # a PDF may carry scanned pages
# Text formats are parsed in memory paragraph by paragraph; a Kamerstuk's text runs to a few
# MB at most, and 50 MB of text took minutes and a gigabyte to index.
MAX_TEXT_BYTES = 10 * 1024 * 1024
TEXT_FORMATS = {"markdown", "text", "json", "sgd-json", "html", "xml"}


class ParseError(Exception):
    """The file cannot be read as a letter; the message is the one-line reason."""


class NotALetter(ParseError):
    """The file is a companion (metadata) file, not a document of its own."""


Parser = Callable[[Path, bytes], Letter]


def _registry() -> dict[str, Parser]:
    from . import markdown

    parsers: dict[str, Parser] = {"markdown": markdown.parse, "text": markdown.parse}
    for name in ("pdf", "officiele", "sgd_json", "html"):  # optional formats, added as they land
        try:
            module = __import__(f"{__name__}.{name}", fromlist=["parse"])
        except ImportError:
            continue
        for fmt in getattr(module, "FORMATS", (name,)):
            parsers[fmt] = module.parse
    return parsers


def sniff_format(path: Path, head: bytes) -> str:
    """The format of a file, from its first bytes and then its extension."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:4096]
    suffix = path.suffix.lower()
    if start.startswith(b"%PDF-"):
        return "pdf"
    if start.startswith(b"PK\x03\x04"):
        return "odt" if suffix == ".odt" else "zip"
    if start.startswith(b"{") and b'"Content"' in head[:200000]:
        return "sgd-json"
    lowered = start.lower()
    if start.startswith(b"<?xml") or (start.startswith(b"<") and b"<html" not in lowered and suffix == ".xml"):
        if b"<html" in lowered or b"<!doctype html" in lowered:
            return "html"
        return "xml"
    if lowered.startswith((b"<!doctype html", b"<html")) or suffix in (".html", ".htm"):
        return "html"
    if suffix in (".md", ".markdown"):
        return "markdown"
    if suffix == ".txt":
        return "text"
    if suffix == ".json":
        return "json"
    return suffix.lstrip(".") or "unknown"


def parse_file(path: str | Path) -> Letter:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ParseError(f"file too large ({size // (1024 * 1024)} MB; limit {MAX_FILE_BYTES // (1024 * 1024)} MB)")
        data = path.read_bytes()
    except OSError as exc:
        raise ParseError(f"cannot read file: {exc.strerror or exc}") from exc
    if not data.strip():
        raise ParseError("empty file")
    fmt = sniff_format(path, data[:200000])
    if fmt in TEXT_FORMATS and len(data) > MAX_TEXT_BYTES:
        raise ParseError(
            f"text file too large ({len(data) // (1024 * 1024)} MB; limit {MAX_TEXT_BYTES // (1024 * 1024)} MB)"
        )
    parser = _registry().get(fmt)
    if parser is None:
        raise ParseError(f"unsupported format {fmt!r}")
    return parser(path, data)


def supported_suffixes() -> set[str]:
    return {".md", ".markdown", ".txt", ".pdf", ".html", ".htm", ".xml", ".json"}


# --- helpers shared by the parsers -------------------------------------------------------

def decode_text(data: bytes) -> str:
    """Bytes of a text file to str: UTF-8 with or without BOM, else cp1252 (Windows exports)."""
    if b"\x00" in data[:4096]:
        if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            try:
                return data.decode("utf-16")
            except UnicodeDecodeError as exc:
                raise ParseError("not readable as UTF-16 text (damaged or truncated)") from exc
        raise ParseError("binary data, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise ParseError("not readable as UTF-8 or cp1252 text") from exc
    controls = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > 0.01 * min(len(text), 20000):
        raise ParseError("binary data, not text")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def letter_id(
    official: str | None,
    ministry_abbrev: str | None,
    kenmerk: str | None,
    date_iso: str | None,
    body: str,
) -> str:
    """A stable id: official identifier, else ministry/date/kenmerk, else a content hash."""
    if official:
        return slug(official)
    if kenmerk and date_iso:
        return slug("-".join(p for p in (ministry_abbrev, date_iso, kenmerk) if p))
    digest = hashlib.sha256(re.sub(r"\s+", " ", body).strip().encode("utf-8")).hexdigest()
    return f"doc-{digest[:16]}"
