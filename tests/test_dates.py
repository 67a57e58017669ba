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
