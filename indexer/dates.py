"""Dutch dates: "17 november 2021", "17-11-2021", "Den Haag, 3 maart 2022", "2 Maart 1932".

Parsing goes through python-dateutil with a parserinfo that knows the Dutch month
names, so day-first numeric dates and written-out dates share one code path.
"""
from __future__ import annotations

import datetime as _dt
import re
from functools import lru_cache

MONTHS = [
    ("jan", "januari"),
    ("feb", "febr", "februari"),
    ("mrt", "maart"),
    ("apr", "april"),
    ("mei",),
    ("jun", "juni"),
    ("jul", "juli"),
    ("aug", "augustus"),
    ("sep", "sept", "september"),
    ("okt", "oct", "oktober", "october"),
    ("nov", "november"),
    ("dec", "december"),
]
WEEKDAYS = [
    ("ma", "maandag"),
    ("di", "dinsdag"),
    ("wo", "woensdag"),
    ("do", "donderdag"),
    ("vr", "vrijdag"),
    ("za", "zaterdag"),
    ("zo", "zondag"),
]
JUMP = [" ", ".", ",", ";", "-", "/", "'", "de", "den", "d.d."]


def _parse(text: str, **options) -> _dt.datetime:
    """dateutil's parse with the Dutch names, day first."""
    parser, info = _dateutil()
    return parser.parse(text, parserinfo=info, **options)


@lru_cache(maxsize=1)
def _dateutil():
    """dateutil's parser and its parserinfo for Dutch, made on first use: importing the parser
    costs a search service's start 6 ms, and most searches parse no date."""
    from dateutil import parser

    dutch = type("DutchParserInfo", (parser.parserinfo,), {"MONTHS": MONTHS, "WEEKDAYS": WEEKDAYS, "JUMP": JUMP})
    return parser, dutch(dayfirst=True, yearfirst=False)


MONTH_NAMES = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
               "september", "oktober", "november", "december")


def dutch_date(date: _dt.date) -> str:
    """2021-11-17 -> '17 november 2021', as letters write it."""
    return f"{date.day} {MONTH_NAMES[date.month - 1]} {date.year}"


_MONTH_NAMES = "|".join(
    sorted({name for names in MONTHS for name in names}, key=len, reverse=True)
)
_MONTH_NUMBER = {name: n for n, names in enumerate(MONTHS, start=1) for name in names}
# A date as letters write it: day, month name, four-digit year; or dd-mm-yyyy. Older prints
# write the day as an ordinal ("den 29sten November 1932"); OCR may lose the space after the
# day ("10september 1993").
DATE_IN_TEXT = re.compile(
    rf"\b(\d{{1,2}})(?:ste|sten|de|den|e)?\.?\s*({_MONTH_NAMES})\.?\s+(\d{{4}})\b"
    rf"|\b(\d{{1,2}})[-/.](\d{{1,2}})[-/.](\d{{4}})\b",
    re.IGNORECASE,
)
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")
_PLACE_PREFIX = re.compile(r"^\s*(?:den haag|'s-gravenhage|s-gravenhage|'s gravenhage)\s*,?\s*", re.I)


class DateParseError(ValueError):
    pass


def parse_dutch_date(text: str) -> _dt.date:
    """Parse one date written by a person (ISO, Dutch words or day-first digits)."""
    if text is None or not str(text).strip():
        raise DateParseError("empty date")
    raw = str(text).strip()
    iso = _ISO.match(raw)
    if iso:
        try:
            return _dt.date(*map(int, iso.groups()))
        except ValueError as exc:
            raise DateParseError(f"not a valid date: {raw!r}") from exc
    cleaned = _PLACE_PREFIX.sub("", raw)
    if not re.search(r"\d", cleaned):
        raise DateParseError(f"not a date: {raw!r}")
    try:
        return _parse(cleaned, fuzzy=False).date()
    except (ValueError, OverflowError) as exc:
        raise DateParseError(
            f"not a date: {raw!r} (use e.g. 2021-11-17, 17-11-2021 or 17 november 2021)"
        ) from exc


def find_date(text: str) -> _dt.date | None:
    """The first plausible date written in running text, or None."""
    for match in DATE_IN_TEXT.finditer(text or ""):
        date = _date_of(match)
        if date:
            return date
    return None


_DATE_ONLY = re.compile(r"^\W*(?:den\s+)?(?P<date>.*?)[\s.,;:]*$", re.I)


def date_alone(text: str) -> _dt.date | None:
    """The date when the text is a date and nothing else ("den 29sten November 1932.")."""
    inner = _DATE_ONLY.match(text or "").group("date")
    match = DATE_IN_TEXT.fullmatch(inner)
    return _date_of(match) if match else None


def _date_of(match: re.Match) -> _dt.date | None:
    """The date the match writes, if it is a real one in the years letters were written."""
    day, month, year = match.group(1), match.group(2), match.group(3)
    try:
        if day:  # written out: the month by its name
            date = _dt.date(int(year), _MONTH_NUMBER[month.lower()], int(day))
        else:
            date = parse_dutch_date(match.group(0))
    except (ValueError, DateParseError):
        return None
    return date if 1800 <= date.year <= 2100 else None  # "1021" is an OCR'd 1921


# --- periods: what a person means by a date in a search form --------------------------------

_YEAR = re.compile(r"^\s*(\d{4})\s*$")
_YEAR_MONTH = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})\s*$|^\s*(\d{1,2})[-/.](\d{4})\s*$")
_ISO_DAY = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")  # year, month, day: never month and day swapped
# two defaults that differ in every part: what dateutil fills from them was not written
_PROBES = (_dt.datetime(1904, 1, 1), _dt.datetime(1908, 2, 2))


def parse_period(text: str) -> tuple[_dt.date, _dt.date]:
    """The first and last day of the period a date written in a search form means: "2021" the
    year, "2021-12", "12-2021", "dec 2021" and "december 2021" the month, "17-11-2021" or
    "17 november 2021" that day. Nothing is ever filled in from today's date: a date without
    a year is refused."""
    raw = str(text or "").strip()
    if not raw:
        raise DateParseError("geen datum")
    year = _YEAR.match(raw)
    if year:
        return _year(int(year.group(1)))
    month = _YEAR_MONTH.match(raw)
    if month:
        y, m = (month.group(1), month.group(2)) if month.group(1) else (month.group(4), month.group(3))
        return _month(int(y), int(m), raw)
    day = _ISO_DAY.match(raw)
    if day:
        return _day(*map(int, day.groups()), raw)
    return _written_period(raw)


def _year(year: int) -> tuple[_dt.date, _dt.date]:
    if not 1 <= year <= 9999:
        raise DateParseError(f"geen jaar: {year}")
    return _dt.date(year, 1, 1), _dt.date(year, 12, 31)


def _day(year: int, month: int, day: int, raw: str) -> tuple[_dt.date, _dt.date]:
    try:
        date = _dt.date(year, month, day)
    except ValueError as exc:
        raise DateParseError(f"geen datum: {raw!r}") from exc
    return date, date


def _month(year: int, month: int, raw: str) -> tuple[_dt.date, _dt.date]:
    if not 1 <= month <= 12 or not 1 <= year <= 9999:
        raise DateParseError(f"geen maand: {raw!r}")
    first = _dt.date(year, month, 1)
    following = _dt.date(year + month // 12, month % 12 + 1, 1)
    return first, following - _dt.timedelta(days=1)


def _written_period(raw: str) -> tuple[_dt.date, _dt.date]:
    """A day or a month in words or digits, parsed twice with different defaults: the parts
    that come out different were not written."""
    cleaned = _PLACE_PREFIX.sub("", raw)
    if not re.search(r"\d", cleaned):
        raise DateParseError(f"geen datum: {raw!r}")
    try:
        first, second = (_parse(cleaned, default=probe) for probe in _PROBES)
    except (ValueError, OverflowError) as exc:
        raise DateParseError(f"geen datum: {raw!r}") from exc
    if first.year != second.year:
        raise DateParseError(f"een datum zonder jaar: {raw!r}")
    if first.month != second.month:
        if first.day != second.day:
            return _year(first.year)
        raise DateParseError(f"een dag zonder maand: {raw!r}")
    if first.day != second.day:
        return _month(first.year, first.month, raw)
    return first.date(), first.date()
