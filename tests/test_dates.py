"""Dates as the site's language writes them."""

from __future__ import annotations

import pytest

from callcma.dates import format_partial_date, month_name, proven_datetime
from callcma.model import DatePart


@pytest.mark.parametrize(("text", "expected"), [("2015", "2015"), ("2016-11", "novembre 2016"), ("2016-11-16", "16 novembre 2016"), ("2017-02-01", "1er février 2017"), ("2017-02-02", "2 février 2017")])
def test_a_partial_date_is_written_out_to_its_precision(text: str, expected: str) -> None:
    assert format_partial_date(text, "fr") == expected


def test_a_month_is_named_in_running_text() -> None:
    assert [month_name(month, "fr") for month in (1, 8, 11)] == ["janvier", "août", "novembre"]


@pytest.mark.parametrize(
    ("text", "deduced", "expected"),
    [
        ("2016-11-16", None, "2016-11-16"),
        ("2015", None, "2015"),
        # The year deduced: HTML's yearless date says the day and month the source gives, and no year.
        ("2016-11-16", [DatePart.YEAR], "11-16"),
        # Nothing valid is left: no machine-readable date rather than one the source does not give.
        ("2016-11", [DatePart.YEAR], None),
        ("2016-11-16", [DatePart.DAY], None),
        ("2016-11-16", [DatePart.YEAR, DatePart.MONTH], None),
    ],
)
def test_a_machine_readable_date_says_only_what_the_source_gives(text: str, deduced: list[DatePart] | None, expected: str | None) -> None:
    assert proven_datetime(text, deduced) == expected
