"""The words of a PDF's pages with their boxes, type size and style, read through pdfium.

pdfium (pypdfium2) parses a page and lays out its characters in C; this module asks it for
the page's text in one call, then for each character its box and text object, and for each
text object (a run of characters shown in one font) its font, size and matrix, once. The
characters are grouped into words by the rule pdfplumber's ``extract_words`` applies (the
parser was written against it, and a word found either way is the same word):

- characters are clustered into lines by their top (3 pt), each line read left to right;
- a word ends at a space, where the next character starts more than 0.15 x the type size
  after the end of the one before (or before its start), or where it stands more than 3 pt
  higher or lower.

Coordinates are pdfplumber's: the page as it is shown (turned by its /Rotate), top down. A
character's box is pdfium's loose box (the advance, from the baseline's descent), its top the
type size above its bottom; the type size is the size the font is set in times the text
matrix's vertical scale (a PDF may set size 1 and scale the text by its matrix). Spaces and
line ends pdfium makes up itself are not characters of the page. Text that is not upright by
pdfminer's rule (a stamp, a line set vertically in a margin) is read as lines of its own,
clustered by x and read top to bottom.
"""
from __future__ import annotations

import ctypes
import re
from itertools import groupby
from typing import NamedTuple

LINE_TOLERANCE = 3.0  # pt: characters whose tops lie this close share a line
WORD_GAP = 0.15  # x the type size: a wider gap between two characters ends a word
STYLED_FONT = re.compile(r"bold|italic|oblique|black|heavy", re.I)


class Char(NamedTuple):
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    styled: bool  # its font is bold or italic
    upright: bool = True


class _Run(NamedTuple):
    """What the characters of one text object share."""

    size: float
    styled: bool
    upright: bool  # as the page is shown


class _Page:
    """A page's user space turned as the page is shown (its /Rotate), top down."""

    def __init__(self, mediabox: tuple[float, float, float, float], rotation: int):
        x0, y0, x1, y1 = mediabox
        # pdfminer's turn: user space to the shown page, y up
        self.ctm = {90: (0, -1, 1, 0, -y0, x1), 180: (-1, 0, 0, -1, x1, y1),
                    270: (0, 1, -1, 0, y1, -x0)}.get(rotation % 360, (1, 0, 0, 1, -x0, -y0))
        self.height = (x1 - x0) if rotation % 180 else (y1 - y0)

    def box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        """(x0, x1, top, bottom) of a user-space box on the shown page, top down."""
        a, b, c, d, e, f = self.ctm
        xa, xb = a * left + c * bottom + e, a * right + c * top + e
        ya, yb = b * left + d * bottom + f, b * right + d * top + f
        if xa > xb:
            xa, xb = xb, xa
        if ya > yb:
            ya, yb = yb, ya
        return xa, xb, self.height - yb, self.height - ya

    def upright(self, matrix) -> bool:
        """Is text drawn with this matrix upright on the shown page, by pdfminer's rule (which
        pdfplumber reads words by): its axes keep their directions, a slight shear either way."""
        a, b, c, d = self.ctm[:4]
        shown_a, shown_b = matrix.a * a + matrix.b * c, matrix.a * b + matrix.b * d
        shown_c, shown_d = matrix.c * a + matrix.d * c, matrix.c * b + matrix.d * d
        return shown_a * shown_d > 0 and shown_b * shown_c <= 0


def page_chars(page, textpage) -> list[Char | None]:
    """The characters pdfium found on a page, in its order, without the ones it made up; None
    for a space of the page's own."""
    import pypdfium2.raw as raw

    shown = _Page(page.get_mediabox(), page.get_rotation())
    handle = textpage.raw
    count = raw.FPDFText_CountChars(handle)
    text = _all_text(raw, handle, count)
    runs: dict[int, _Run] = {}
    box = raw.FS_RECTF()
    loose_box, text_object, generated = raw.FPDFText_GetLooseCharBox, _object_address(raw), raw.FPDFText_IsGenerated
    to_shown = shown.box
    # most pages are shown as drawn: top-down coordinates need only the height
    unturned = shown.ctm == (1, 0, 0, 1, 0, 0)
    height = shown.height
    chars: list[Char | None] = []
    for i in range(count):
        char = text[i] if text is not None else _text(raw.FPDFText_GetUnicode(handle, i))
        if char.isspace() or char == "\x00":
            if char != "\x00" and generated(handle, i) != 1:
                chars.append(None)
            continue
        address = text_object(handle, i) or 0
        run = runs.get(address)
        if run is None:
            run = runs[address] = _run(raw, handle, i, shown)
        loose_box(handle, i, box)
        if unturned:
            x0, x1, top, bottom = box.left, box.right, height - box.top, height - box.bottom
        else:
            x0, x1, top, bottom = to_shown(box.left, box.bottom, box.right, box.top)
        if run.upright:
            top = bottom - run.size
        chars.append(Char(char, x0, x1, top, bottom, run.size, run.styled, run.upright))
    return chars


def _all_text(raw, handle, count: int) -> str | None:
    """The page's characters in one call; None where one of them is not one UTF-16 unit."""
    buffer = ctypes.create_string_buffer((count + 1) * 2)
    written = raw.FPDFText_GetText(handle, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
    text = buffer.raw[: max(written - 1, 0) * 2].decode("utf-16-le", "replace")
    return text if len(text) == count else None


def _object_address(raw):
    """FPDFText_GetTextObject answering the object's address, to tell runs apart cheaply."""
    prototype = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)
    return ctypes.cast(raw.FPDFText_GetTextObject, prototype)


def _run(raw, handle, index: int, shown: _Page) -> _Run:
    matrix = raw.FS_MATRIX()
    raw.FPDFText_GetMatrix(handle, index, matrix)
    # pdfium's font size is the size as set; on the page it is scaled by the matrix
    size = raw.FPDFText_GetFontSize(handle, index) * ((matrix.c ** 2 + matrix.d ** 2) ** 0.5 or 1.0)
    name = ctypes.create_string_buffer(256)
    obj = raw.FPDFText_GetTextObject(handle, index)
    font = raw.FPDFTextObj_GetFont(obj) if obj else None
    if font:
        raw.FPDFFont_GetBaseFontName(font, name, len(name))
    else:
        raw.FPDFText_GetFontInfo(handle, index, name, len(name), None)
    styled = bool(STYLED_FONT.search(name.value.decode("latin-1", "replace")))
    return _Run(size, styled, shown.upright(matrix))


def _text(code: int) -> str:
    try:
        return chr(code)
    except ValueError:
        return "\ufffd"


def words(chars: list[Char | None]) -> list[list[Char]]:
    """The characters grouped into words (each a list of its characters), line by line."""
    found: list[list[Char]] = []
    direction = [True]

    def upright(char: Char | None) -> bool:  # a space goes with the character before it
        if char is not None:
            direction[0] = char.upright
        return direction[0]

    for upright, group in groupby(chars, key=upright):
        group = list(group)
        if upright:
            for line in _lines(group, _TOP, _X0):
                found.extend(_split(line, _X0, _X1, _TOP))
        else:
            for line in _lines(group, _X0, _TOP):
                found.extend(_split(line, _TOP, _BOTTOM, _X0))
    return found


_X0, _X1, _TOP, _BOTTOM = 1, 2, 3, 4  # Char fields, by index


def _lines(chars: list[Char | None], across: int, along: int) -> list[list[Char | None]]:
    """Characters clustered by ``across`` (values that chain within LINE_TOLERANCE), each line
    in order of ``along``. A space stays beside the character before it."""
    values = sorted({c[across] for c in chars if c is not None})
    cluster_of: dict[float, int] = {}
    number, last = -1, None
    for value in values:
        if last is None or value > last + LINE_TOLERANCE:
            number += 1
        cluster_of[value] = number
        last = value
    lines: list[list[tuple[float, Char | None]]] = [[] for _ in range(number + 1)]
    previous = None
    for char in chars:
        if char is None:
            if previous is not None:  # just after the character it follows
                lines[cluster_of[previous[across]]].append((previous[along], None))
            continue
        lines[cluster_of[char[across]]].append((char[along], char))
        previous = char
    # a stable sort: a space keeps its place after the character it followed
    return [[c for _, c in sorted(line, key=lambda pair: pair[0])] for line in lines]


def _split(line: list[Char | None], start: int, end: int, across: int) -> list[list[Char]]:
    out: list[list[Char]] = []
    word: list[Char] = []
    for char in line:
        if char is None:
            if word:
                out.append(word)
            word = []
            continue
        if word:
            last = word[-1]
            if (char[start] < last[start] or char[start] > last[end] + WORD_GAP * last.size
                    or abs(char[across] - last[across]) > LINE_TOLERANCE):
                out.append(word)
                word = []
        word.append(char)
    if word:
        out.append(word)
    return out
