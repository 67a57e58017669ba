"""The words of a PDF's pages with their boxes, type size and style, read through pdfium.

pdfium (pypdfium2) parses a page and lays out its characters in C; this module asks it for
the page's text in one call, then for each character its box and text object, and for each
text object (a run of characters shown in one font) its font, size and matrix, once. The
boxes go straight into an array, and the characters are grouped into words with array
operations over the whole page, by the rule pdfplumber's ``extract_words`` applies (the
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
import statistics
from collections import deque
from itertools import repeat
from typing import TYPE_CHECKING, NamedTuple

from .pdf_geometry import Word

if TYPE_CHECKING:  # numpy is imported where a PDF is read: other parsers do without
    import numpy as np

LINE_TOLERANCE = 3.0  # pt: characters whose tops lie this close share a line
WORD_GAP = 0.15  # x the type size: a wider gap between two characters ends a word
STYLED_FONT = re.compile(r"bold|italic|oblique|black|heavy", re.I)


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

    def box(self, left, bottom, right, top):
        """(x0, x1, top, bottom) of user-space boxes (arrays of their sides) on the shown page,
        top down."""
        import numpy as np

        a, b, c, d, e, f = self.ctm
        xa, xb = a * left + c * bottom + e, a * right + c * top + e
        ya, yb = b * left + d * bottom + f, b * right + d * top + f
        return (np.minimum(xa, xb), np.maximum(xa, xb),
                self.height - np.maximum(ya, yb), self.height - np.minimum(ya, yb))

    def upright(self, matrix) -> bool:
        """Is text drawn with this matrix upright on the shown page, by pdfminer's rule (which
        pdfplumber reads words by): its axes keep their directions, a slight shear either way."""
        a, b, c, d = self.ctm[:4]
        shown_a, shown_b = matrix.a * a + matrix.b * c, matrix.a * b + matrix.b * d
        shown_c, shown_d = matrix.c * a + matrix.d * c, matrix.c * b + matrix.d * d
        return shown_a * shown_d > 0 and shown_b * shown_c <= 0


class PageChars(NamedTuple):
    """A page's characters in pdfium's order, one array per property, with the page's own
    spaces among them (``space``; a space carries the box of the character before it)."""

    text: np.ndarray  # one character each (numpy's U1)
    x0: np.ndarray
    x1: np.ndarray
    top: np.ndarray
    bottom: np.ndarray
    size: np.ndarray
    styled: np.ndarray  # its font is bold or italic
    upright: np.ndarray
    space: np.ndarray

    @classmethod
    def of(cls, text, x0, x1, top, bottom, size, styled, upright, space) -> "PageChars":
        """``text`` and ``space`` for the characters and spaces in order, the other columns
        for the characters alone. A space takes the box of the character before it; spaces
        before the first character are left out (they separate nothing)."""
        import numpy as np

        space = np.asarray(space, dtype=bool)
        before = np.cumsum(~space) - 1  # each one's character, or the one before it
        kept = before >= 0
        take = before[kept]
        columns = [np.asarray(column, dtype=float)[take] for column in (x0, x1, top, bottom, size)]
        flags = [np.asarray(column, dtype=bool)[take] for column in (styled, upright)]
        return cls(np.asarray(text, dtype="<U1")[kept], *columns, *flags, space[kept])


def page_chars(page, textpage) -> PageChars:
    """The characters pdfium found on a page, without the ones it made up, and the page's
    own spaces. Two calls into pdfium a character (its box, written straight into an array,
    and its text object); the rest is worked out for the page at once."""
    import numpy as np
    import pypdfium2.raw as raw

    shown = _Page(page.get_mediabox(), page.get_rotation())
    handle = textpage.raw
    text = _all_text(raw, handle, raw.FPDFText_CountChars(handle))
    letters = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<U1")
    is_char, own_space = _blanks(raw, handle, text)
    chars = np.flatnonzero(is_char)
    boxes, objects = _boxes_and_objects(raw, handle, chars.tolist())
    left, top, right, bottom = (boxes[:, k].astype(float) for k in range(4))
    if shown.ctm == (1, 0, 0, 1, 0, 0):  # most pages are shown as drawn
        x0, x1, top, bottom = left, right, shown.height - top, shown.height - bottom
    else:
        x0, x1, top, bottom = shown.box(left, bottom, right, top)
    addresses, first, run_of = np.unique(objects, return_index=True, return_inverse=True)
    look_up = _Runs(raw, handle, shown).run
    runs = [look_up(i, address) for i, address in zip(chars[first].tolist(), addresses.tolist())]
    size = np.array([run.size for run in runs] or [0.0])[run_of]
    styled = np.array([run.styled for run in runs] or [False])[run_of]
    upright = np.array([run.upright for run in runs] or [True])[run_of]
    top = np.where(upright, bottom - size, top)
    kept = np.flatnonzero(is_char | own_space)
    space = own_space[kept]
    return PageChars.of(letters[kept], x0, x1, top, bottom, size, styled, upright, space)


_SPACE = re.compile(r"\s")  # spaces and line ends: not characters of a word; nor are NULs


def _blanks(raw, handle, text: str):
    """(is a character, is a space of the page's own) for each of pdfium's characters: the
    spaces and line ends pdfium made up are neither. One call into pdfium a space, mapped."""
    import numpy as np

    is_char = np.ones(len(text), dtype=bool)
    own_space = np.zeros(len(text), dtype=bool)
    spaces = [m.start() for m in _SPACE.finditer(text)]
    if spaces:
        generated = ctypes.cast(raw.FPDFText_IsGenerated, ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_int))
        page = ctypes.cast(handle, ctypes.c_void_p).value
        made_up = np.fromiter(map(generated, repeat(page), spaces), dtype=np.int32, count=len(spaces))
        is_char[spaces] = False
        own_space[spaces] = made_up != 1
    if "\x00" in text:
        is_char[[m.start() for m in re.finditer("\x00", text)]] = False
    return is_char, own_space


def _boxes_and_objects(raw, handle, indices: list[int]):
    """Each character's loose box (left, top, right, bottom, as pdfium's FS_RECTF) and the
    address of its text object (0 for none). The calls are mapped, not looped: a character
    costs the two calls and little more."""
    import numpy as np

    boxes = np.zeros((len(indices), 4), dtype=np.float32)
    base = boxes.ctypes.data
    loose_box = ctypes.cast(raw.FPDFText_GetLooseCharBox,
                            ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p))
    page = ctypes.cast(handle, ctypes.c_void_p).value
    addresses = range(base, base + 16 * len(indices), 16)  # FS_RECTF: four floats
    deque(map(loose_box, repeat(page), indices, addresses), maxlen=0)
    objects = np.fromiter(map(_object_address(raw), repeat(page), indices), dtype=np.uint64, count=len(indices))
    return boxes, objects


def _all_text(raw, handle, count: int) -> str:
    """The page's characters, one for each of pdfium's: in one call, unless one of them is
    not one UTF-16 unit."""
    buffer = ctypes.create_string_buffer((count + 1) * 2)
    written = raw.FPDFText_GetText(handle, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
    text = buffer.raw[: max(written - 1, 0) * 2].decode("utf-16-le", "replace")
    if len(text) == count:
        return text
    return "".join(_text(raw.FPDFText_GetUnicode(handle, i)) for i in range(count))


def _object_address(raw):
    """FPDFText_GetTextObject answering the object's address, to tell runs apart cheaply."""
    prototype = ctypes.CFUNCTYPE(ctypes.c_size_t, ctypes.c_void_p, ctypes.c_int)  # 0 for none
    return ctypes.cast(raw.FPDFText_GetTextObject, prototype)


class _Runs:
    """What the characters of each text object on a page share, looked up once a text object,
    and whether a font is bold or italic once a font (a text processor's PDF may make each
    word a text object of its own: 900 a page)."""

    def __init__(self, raw, handle, shown: _Page):
        self.raw, self.handle, self.shown = raw, handle, shown
        self.matrix = raw.FS_MATRIX()
        self.font_of = ctypes.cast(raw.FPDFTextObj_GetFont, ctypes.CFUNCTYPE(ctypes.c_size_t, ctypes.c_void_p))
        self.styled_fonts: dict[int, bool] = {}  # by the font's address: fonts live as long as the page

    def run(self, index: int, text_object: int) -> _Run:
        """The run of the character at ``index``, whose text object is at ``text_object`` (0: none)."""
        raw, matrix = self.raw, self.matrix
        raw.FPDFText_GetMatrix(self.handle, index, matrix)
        # pdfium's font size is the size as set; on the page it is scaled by the matrix
        size = raw.FPDFText_GetFontSize(self.handle, index) * ((matrix.c ** 2 + matrix.d ** 2) ** 0.5 or 1.0)
        font = self.font_of(text_object) if text_object else 0
        styled = self.styled_fonts.get(font) if font else None
        if styled is None:
            styled = self._styled(index, font)
            if font:
                self.styled_fonts[font] = styled
        return _Run(size, styled, self.shown.upright(matrix))

    def _styled(self, index: int, font: int) -> bool:
        name = ctypes.create_string_buffer(256)
        if font:
            self.raw.FPDFFont_GetBaseFontName(ctypes.cast(ctypes.c_void_p(font), self.raw.FPDF_FONT), name, len(name))
        else:
            self.raw.FPDFText_GetFontInfo(self.handle, index, name, len(name), None)
        return bool(STYLED_FONT.search(name.value.decode("latin-1", "replace")))


def _text(code: int) -> str:
    try:
        return chr(code)
    except ValueError:
        return "\ufffd"


# --- words -------------------------------------------------------------------------------

SIZE_STEP = 1.5  # points: where the type size changes this much inside a word, it is split


def page_words(chars: PageChars) -> list[Word]:
    """The page's words, line by line, each line left to right (top to bottom for text that
    is not upright). A word also ends where the type size changes by SIZE_STEP or more, so a
    superscript footnote number stands apart from the word it follows."""
    import numpy as np

    n = len(chars.space)
    if not n:
        return []
    turns = np.flatnonzero(chars.upright[1:] != chars.upright[:-1]) + 1
    found: list[Word] = []
    for start, end in zip([0, *turns.tolist()], [*turns.tolist(), n]):
        part = slice(start, end)
        if chars.upright[start]:  # lines by their top, read along x
            across, along, first, last = chars.top, chars.x0, chars.x0, chars.x1
        else:  # lines by their x, read down the page
            across, along, first, last = chars.x0, chars.top, chars.top, chars.bottom
        found.extend(_group_words(chars, part, across[part], along[part], first[part], last[part]))
    return found


def _group_words(chars: PageChars, part: slice, across, along, first, last) -> list[Word]:
    """The words of the characters in ``part`` (all set one way): lines by ``across``, read
    along ``along``; a character's extent along the line from ``first`` to ``last``."""
    import numpy as np

    # lines: values of ``across`` that chain within LINE_TOLERANCE; a stable order along them
    values = np.unique(across)
    line_of_value = np.concatenate(([0], np.cumsum(values[1:] > values[:-1] + LINE_TOLERANCE)))
    line = line_of_value[np.searchsorted(values, across)]
    order = np.lexsort((np.arange(len(line)), along, line))
    line, across, first, last = line[order], across[order], first[order], last[order]
    space = chars.space[part][order]
    size = chars.size[part][order]
    # a word starts a line, follows a space, or stands apart from the character before it
    apart = ((first[1:] < first[:-1]) | (first[1:] > last[:-1] + WORD_GAP * size[:-1])
             | (np.abs(across[1:] - across[:-1]) > LINE_TOLERANCE)
             | (np.abs(size[1:] - size[:-1]) >= SIZE_STEP) | (line[1:] != line[:-1]) | space[:-1])
    starts_word = np.concatenate(([True], apart))[~space]
    kept = order[~space] + part.start
    return _aggregate(chars, kept, np.flatnonzero(starts_word))


def _aggregate(chars: PageChars, kept, starts) -> list[Word]:
    """A Word for each run of ``kept`` characters beginning at ``starts``."""
    import numpy as np

    if not len(kept):
        return []
    x0, x1, top, bottom = (np.minimum.reduceat(chars.x0[kept], starts), np.maximum.reduceat(chars.x1[kept], starts),
                           np.minimum.reduceat(chars.top[kept], starts), np.maximum.reduceat(chars.bottom[kept], starts))
    sizes = chars.size[kept]
    smallest, largest = np.minimum.reduceat(sizes, starts), np.maximum.reduceat(sizes, starts)
    lengths = np.diff(np.append(starts, len(kept)))
    styled = np.add.reduceat(chars.styled[kept].astype(np.int64), starts) * 2 > lengths
    texts = chars.text[kept].tobytes().decode("utf-32-le", "surrogatepass")  # the words' characters end to end
    ends = (starts + lengths).tolist()
    return [Word(texts[a:b], left, right, upper, least if least == most else statistics.median(sizes[a:b].tolist()), bold, lower)
            for a, b, left, right, upper, lower, least, most, bold in zip(
                starts.tolist(), ends, x0.tolist(), x1.tolist(), top.tolist(), bottom.tolist(),
                smallest.tolist(), largest.tolist(), styled.tolist())]
