"""Dutch dates as letters write them."""
import datetime as dt

import pytest

from indexer.dates import DateParseError, find_date, parse_dutch_date


@pytest.mark.parametrize("text, expected", [
    ("17 november 2021", dt.date(2021, 11, 17)),
    ("17-11-2021", dt.date(2021, 11, 17)),
    ("2021-11-17", dt.date(2021, 11, 17)),
    ("'s-Gravenhage, 21 juni 1983", dt.date(1983, 6, 21)),
    ("2 Maart 1932", dt.date(1932, 3, 2)),
])
def test_parses_dutch_dates(text, expected):
    assert parse_dutch_date(text) == expected


def test_finds_the_first_date_in_running_text():
    assert find_date("bij brief van 4 november 2009 (Kamerstukken II)") == dt.date(2009, 11, 4)


def test_rejects_non_dates():
    with pytest.raises(DateParseError):
        parse_dutch_date("geen datum")


@pytest.mark.parametrize("text, expected", [
    ("'s-Gravenhage, 10september 1993", dt.date(1993, 9, 10)),  # OCR lost the space after the day
    ("'s Gravenhage, den 29sten November 1932.", dt.date(1932, 11, 29)),  # an ordinal day
    ("Rijswijk, 3de Maart 1931", dt.date(1931, 3, 3)),
])
def test_finds_dates_as_older_prints_and_their_ocr_write_them(text, expected):
    assert find_date(text) == expected


def test_a_year_no_letter_was_written_in_is_no_date():
    assert find_date("'s Gravenhage, 29 December 1021.") is None  # an OCR'd 1921
