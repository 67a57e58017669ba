"""Parsers: one module per input format, each turning a file into a ``Letter``.

Each parser module declares the formats it reads in a ``FORMATS`` tuple of ``Format``s: the
format's name, its file suffixes, how to recognise it from a file's first bytes, and the
function that parses it. The registry is derived from those declarations, by importing every
module of this package once, when the package is imported: a parser module that fails to
import stops the program there with its reason, rather than turning its files into
"formaat ... wordt niet gelezen" later. Adding a format is adding a module.

``parse_file`` picks the parser by content first (a PDF renamed .txt is still a PDF) and by
extension second. Every parser reads only its own file (and the metadata files published
beside it) and raises ``ParseError`` with a one-line reason for input it cannot use.
"""
from __future__ import annotations

import hashlib
import importlib
import pkgutil
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..model import LETTER_ID, Letter

MAX_FILE_BYTES = 60 * 1024 * 1024  # a PDF may carry scanned pages
# Text formats are parsed in memory paragraph by paragraph; a Kamerstuk's text runs to a few
# MB at most, and 50 MB of text took minutes and a gigabyte to index.
MAX_TEXT_BYTES = 10 * 1024 * 1024
SNIFF_BYTES = 200_000  # how much of a file the content tests see


class ParseError(Exception):
    """The file cannot be read as a letter; the message is the one-line reason."""


class NotALetter(ParseError):
    """The file is a companion (metadata) file, not a document of its own."""


class ParserImportError(ImportError):
    """A parser module of this package cannot be imported: a broken install, not a bad file."""


Parser = Callable[[Path, bytes], Letter]


@dataclass(frozen=True)
class Format:
    """One input format, as the parser module that reads it declares it."""

    name: str  # the letter's source.format: "pdf", "xml", "markdown", ...
    suffixes: tuple[str, ...]  # lower case, with the dot
    parse: Parser
    # does a file's start (BOM and leading white space removed) show this format?
    sniff: Callable[[bytes], bool] | None = None
    text: bool = True  # parsed in memory as text, so MAX_TEXT_BYTES applies


def _discover() -> dict[str, Format]:
    """Every format declared by a module of this package; modules without FORMATS are helpers."""
    formats: dict[str, Format] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        try:
            module = importlib.import_module(f"{__name__}.{info.name}")
        except ImportError as exc:
            raise ParserImportError(f"parser module {info.name!r} cannot be imported: {exc}") from exc
        for fmt in getattr(module, "FORMATS", ()):
            if fmt.name in formats:
                raise ParserImportError(f"format {fmt.name!r} is declared twice (again in {info.name!r})")
            formats[fmt.name] = fmt
    return formats


def file_start(data: bytes) -> bytes:
    """The bytes the content tests look at: no BOM, no leading white space."""
    return data[:SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n")


def sniff_format(path: Path, head: bytes) -> str:
    """The format of a file, from its first bytes and then its extension."""
    start = file_start(head)
    by_content = [f.name for f in FORMATS.values() if f.sniff and f.sniff(start)]
    if by_content:
        return by_content[0]
    suffix = path.suffix.lower()
    by_suffix = [f.name for f in FORMATS.values() if suffix in f.suffixes]
    if by_suffix:
        return by_suffix[0]
    if start.startswith(b"PK\x03\x04"):  # a zip container: name it by what it says it is
        return suffix.lstrip(".") or "zip"
    return suffix.lstrip(".") or "unknown"


def parse_file(path: str | Path) -> Letter:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ParseError(f"bestand te groot ({size // (1024 * 1024)} MB; grens {MAX_FILE_BYTES // (1024 * 1024)} MB)")
        data = path.read_bytes()
    except OSError as exc:
        raise ParseError(f"niet leesbaar: {exc.strerror or exc}") from exc
    if not data.strip():
        raise ParseError("leeg bestand")
    name = sniff_format(path, data[:SNIFF_BYTES])
    fmt = FORMATS.get(name)
    if fmt is None:
        raise ParseError(f"formaat {name!r} wordt niet gelezen")
    if fmt.text and len(data) > MAX_TEXT_BYTES:
        raise ParseError(
            f"tekstbestand te groot ({len(data) // (1024 * 1024)} MB; grens {MAX_TEXT_BYTES // (1024 * 1024)} MB)"
        )
    from .provenance import complete  # a harvested letter's record: official address, metadata

    return complete(path, fmt.parse(path, data))


def supported_suffixes() -> set[str]:
    return {suffix for fmt in FORMATS.values() for suffix in fmt.suffixes}


# --- helpers shared by the parsers -------------------------------------------------------

def decode_text(data: bytes, prose: bool = False) -> str:
    """Bytes of a text file to str: UTF-8 with or without BOM, else cp1252 (Windows exports).
    With ``prose`` (plain text and Markdown), text that does not read as words is refused."""
    if b"\x00" in data[:4096]:
        if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            try:
                return data.decode("utf-16")
            except UnicodeDecodeError as exc:
                raise ParseError("geen leesbare UTF-16-tekst (beschadigd of afgekapt)") from exc
        raise ParseError("binaire gegevens, geen tekst")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise ParseError("geen leesbare tekst in UTF-8 of cp1252") from exc
    controls = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > 0.01 * min(len(text), 20000) or (prose and not _reads_as_words(text[:20000])):
        raise ParseError("binaire gegevens, geen tekst")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _reads_as_words(text: str) -> bool:
    """Prose is mostly words: runs of letters between spaces, of a length words have. Bytes
    that merely decode (random printable characters, base64) are not, and neither is text
    whose every line is one endless token."""
    tokens = text.split()
    if not tokens:
        return True
    words = sum(1 for t in tokens if len(t) <= 40 and sum(c.isalpha() for c in t) >= 0.7 * len(t))
    return words >= 0.5 * len(tokens)


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
    """A stable id: official identifier, else ministry/date/kenmerk, else a content hash.
    An identifier that does not make a valid id (too long, no letters) gives way to the next."""
    candidates = []
    if official:
        candidates.append(slug(official))
    if kenmerk and date_iso:
        candidates.append(slug("-".join(p for p in (ministry_abbrev, date_iso, kenmerk) if p)))
    for candidate in candidates:
        if LETTER_ID.match(candidate):
            return candidate
    digest = hashlib.sha256(re.sub(r"\s+", " ", body).strip().encode("utf-8")).hexdigest()
    return f"doc-{digest[:16]}"


# Last, so that the parser modules find the helpers above when they import this package.
FORMATS: dict[str, Format] = _discover()
