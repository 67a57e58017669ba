"""The geometry of a PDF letter's pages: words, lines, and the margin column beside the body.

A letter's margin column (directorate, address, "Ons kenmerk", "Datum", page number) is a run
of short lines that start at one x-position beside the body, with a gutter between the two.
Where it stands, how wide it is and in which type it is set differ from house style to house
style, so none of that is assumed; the column is found from the page itself:

- each line is cut into segments where the gap between two words is wider than word spacing
  is (a gutter);
- segments that start at one x-position form a column; the body is the column with most text;
- another column is the margin when it stands beside the body (the body's lines end before it
  starts, or it ends before the body starts), its lines are short, and it runs at its own
  pace: its lines are stacked at their own leading, not one per row of the body as a table's
  column or a list's bullets are.

The letter's column is the one the first page with a margin shows. Every page is read against
it, since later pages often repeat only a line or two of it ("Onze referentie" and the number)
or show none at all.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass, field

LINE_TOLERANCE = 4.5  # points: superscripts and footnote numbers sit a little higher
_ALIGN = 3.0  # points: segments that start this close share a column
_MIN_COLUMN = 3  # segments: fewer is no column to judge
_TABLE_ROWS = 0.8  # share of a column's segments on a row of the body: a table or a list
_STACKED = 0.5  # share of a column's steps that are one line down: the column's own leading
_RUN_ON = 0.5  # share of the body's lines that may run on into the column's x-range
_SHORTER = 2.0  # how much shorter a margin column's lines are than the body's


@dataclass
class Word:
    text: str
    x0: float
    x1: float
    top: float
    size: float
    styled: bool  # bold or italic
    bottom: float = 0.0


class _once:
    """A property worked out on first reading and kept in the instance. ``functools.
    cached_property`` (before Python 3.12) takes a lock on each first reading, which made
    reading a new line's extents 1.8x as slow; the parser reads them for every line."""

    def __init__(self, compute):
        self.compute, self.name = compute, compute.__name__

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.compute(instance)
        return value


@dataclass
class Line:
    page: int
    words: list[Word] = field(default_factory=list)

    @_once  # read once the line is whole
    def top(self) -> float:
        return min(w.top for w in self.words)

    @_once  # read once the line is whole
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @_once  # read once the line is whole
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @_once  # read once the line is whole
    def size(self) -> float:
        return prevailing_size(self.words)

    @property
    def styled(self) -> bool:
        return all(w.styled for w in self.words if w.text.strip())

    @property
    def chars(self) -> int:
        return sum(len(w.text) for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


def prevailing_size(words: list[Word]) -> float:
    """The type size (to a tenth of a point) most of the words' characters are set in; of
    equals, the one met first."""
    first = words[0].size
    if all(w.size == first for w in words):  # most lines are set in one size
        return round(first, 1)
    chars: dict[float, int] = {}
    for w in words:  # counted by exact size first: a page has few, and rounding is slow
        chars[w.size] = chars.get(w.size, 0) + len(w.text)
    rounded: dict[float, int] = {}
    for size, count in chars.items():
        key = round(size, 1)
        rounded[key] = rounded.get(key, 0) + count
    return max(rounded, key=rounded.__getitem__)


def lines_of(words: list[Word], page: int) -> list[Line]:
    """Words in reading order, grouped into lines top to bottom."""
    lines: list[Line] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        if lines and _same_line(word, lines[-1].words[-1]):
            lines[-1].words.append(word)
        else:
            lines.append(Line(page, [word]))
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
    return lines


def _same_line(word: Word, last: Word) -> bool:
    # a date stamp in larger type sits a little higher than its "Datum:" label, but the
    # label's middle still falls within the stamp's height
    middle = (word.top + word.bottom) / 2
    return abs(word.top - last.top) <= LINE_TOLERANCE or last.top < middle < last.bottom


_BAND = 12.0  # points


def segments(words: list[Word], gutter: float) -> list[Line]:
    """Runs of words side by side on one row, cut where the gap between two words is wider
    than ``gutter``. Built word by word from left to right rather than from the page's lines:
    a margin set in other type at another leading would otherwise chain rows of the margin
    and the body into one line. A word joins the run it shares most of its height with, of
    those whose last word ends within ``gutter`` (the first one made, of equals); a run that
    ends further left is closed for that word and every later one. Runs are kept by the band
    of the page their last word's top lies in, so a word looks only at the runs of the bands
    its height can reach, not at the fifty rows of a page."""
    runs: list[Line] = []
    # band -> [run number, run, its last word's x1, top, bottom] of the runs whose last word
    # stands in that band: what the test below reads, kept beside the run
    bands: dict[int, list[list]] = {}
    tallest = max((w.bottom - w.top for w in words), default=0.0)
    for word in sorted(words, key=lambda w: w.x0):
        x0, top, bottom = word.x0, word.top, word.bottom
        height = bottom - top
        best, best_number, chosen = 0.5, len(words), None  # at least half the height; of equals, the first run
        for band in range(int((top - tallest) // _BAND), int(bottom // _BAND) + 1):
            for entry in bands.get(band, ()):
                number, _, last_x1, last_top, last_bottom = entry
                if x0 - last_x1 <= gutter and last_top < bottom and top < last_bottom:
                    # the height the two share, as a share of the lower one's
                    fit = (min(bottom, last_bottom) - max(top, last_top)) / max(min(height, last_bottom - last_top), 0.1)
                    if fit > best or (fit == best and number <= best_number):
                        best, best_number, chosen = fit, number, entry
        if chosen is None:
            chosen = [len(runs), Line(0, [word]), 0.0, 0.0, 0.0]
            runs.append(chosen[1])
        else:
            bands[int(chosen[3] // _BAND)].remove(chosen)
            chosen[1].words.append(word)
        chosen[2:] = word.x1, top, bottom
        bands.setdefault(int(top // _BAND), []).append(chosen)
    return runs


# --- the margin column ---------------------------------------------------------------------

@dataclass(frozen=True)
class MarginColumn:
    start: float  # where the column's lines start
    body_left: float  # where the body's lines start
    right: bool  # the column stands right of the body
    largest: float  # the largest type the column is set in

    def holds(self, segment: Line) -> bool:
        """Does this segment stand in the column? On a later page, a table's cell in body
        type may reach into the column's x-range; the column's own type is never larger."""
        if segment.size > self.largest + 0.5 or segment.x0 < self.start - _ALIGN:
            return False
        return self.right or segment.x0 < self.body_left - _ALIGN


def _columns(segs: list[Line]) -> list[list[Line]]:
    """Segments grouped by where they start, the column with most text first."""
    columns: list[list[Line]] = []
    for seg in sorted(segs, key=lambda s: s.x0):
        if columns and seg.x0 - columns[-1][0].x0 <= _ALIGN:
            columns[-1].append(seg)
        else:
            columns.append([seg])
    return sorted(columns, key=lambda c: sum(s.chars for s in c), reverse=True)


def _width(segs: list[Line]) -> float:
    return statistics.median(s.x1 - s.x0 for s in segs)


def _text_width(segs: list[Line]) -> float:
    """The width of the lines most of the text stands in."""
    widths = sorted((s.x1 - s.x0, s.chars) for s in segs)
    half, seen = sum(c for _, c in widths) / 2, 0
    for width, chars in widths:
        seen += chars
        if seen >= half:
            return width
    return 0.0


def _beside(column: list[Line], others: list[Line]) -> tuple[MarginColumn, list[Line]] | None:
    """The column as a margin beside the body, and the body's segments; None when the two
    run into each other."""
    start = min(s.x0 for s in column)
    left = [s for s in others if s.x0 < start]
    right = [s for s in others if s.x0 >= start]
    if sum(s.chars for s in left) > sum(s.chars for s in right):
        if _apart(left, column, boundary=start):
            return MarginColumn(start, min(s.x0 for s in left), True, _largest(column)), left
    elif right:
        body_left = min(s.x0 for s in right)
        if _apart(column, right, boundary=body_left):
            return MarginColumn(start, body_left, False, _largest(column)), right
    return None


def _largest(column: list[Line]) -> float:
    return max(w.size for s in column for w in s.words)


def _apart(left: list[Line], right: list[Line], boundary: float) -> bool:
    """Does the text on the left stop short of ``boundary``, where the text on the right
    starts? Beside a line on the right it must; elsewhere most of it must too: a scan's text
    layer may run a body line on into the margin's x-range, a long web address in the margin
    may reach under the body, where the other side has nothing on that row."""
    def runs_into(seg: Line) -> bool:
        return seg.x1 > boundary - _ALIGN

    def beside(seg: Line) -> bool:
        return any(abs(seg.top - r.top) <= max(seg.size, r.size) for r in right)

    if any(runs_into(s) and beside(s) for s in left):
        return False
    return sum(map(runs_into, left)) <= _RUN_ON * len(left)


def _in_step_with_rows(column: list[Line], others: list[Line]) -> bool:
    """A table's column or a list's markers: (nearly) every line starts a row of the body."""
    def on_a_row(seg: Line) -> bool:
        return any(abs(o.top - seg.top) <= 1 and abs(o.size - seg.size) <= 0.5 for o in others)

    return sum(map(on_a_row, column)) >= _TABLE_ROWS * len(column)


def _stacked(column: list[Line]) -> bool:
    """The column's lines follow one another at its own leading, in blocks: most steps are one
    line down. A blank line between two blocks says nothing either way; a table's rows or a
    list's items lie further apart, as far as their longest cell or item."""
    tops = sorted(s.top for s in column)
    size = statistics.median(s.size for s in column)
    steps = [b - a for a, b in zip(tops, tops[1:])]
    one_line = sum(step <= 2 * size for step in steps)
    further = sum(step > 4 * size for step in steps)
    return one_line > _STACKED * (one_line + further)


def page_margin_column(segs: list[Line]) -> MarginColumn | None:
    """The margin column a page shows (given its segments), or None."""
    columns = _columns(segs)
    for column in columns[1:]:
        if len(column) < _MIN_COLUMN:
            continue
        others = [s for c in columns if c is not column for s in c]
        found = _beside(column, others)
        if found is None:
            continue
        margin, body = found
        # short lines beside long ones: a table's columns are all alike
        if _width(column) * _SHORTER <= _text_width(body) and _stacked(column) and not _in_step_with_rows(column, body):
            return margin
    return None


def split_margin(pages: list[list[Word]], body_size: float) -> list[tuple[list[Word], list[Word]]]:
    """Each page's (body words, margin words). The letter's margin column is the one its first
    page with a margin shows; every page is read against it."""
    cut = [segments(words, gutter=body_size) for words in pages]
    column = next((c for c in map(page_margin_column, cut) if c), None)
    split = []
    for words, segs in zip(pages, cut):
        margin = {id(w) for seg in segs if column and column.holds(seg) for w in seg.words}
        split.append(([w for w in words if id(w) not in margin], [w for w in words if id(w) in margin]))
    return split
