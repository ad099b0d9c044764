"""Dates as the site's language writes them."""

from __future__ import annotations

import pytest

from callcma.dates import format_partial_date, month_name


@pytest.mark.parametrize(("text", "expected"), [("2015", "2015"), ("2016-11", "novembre 2016"), ("2016-11-16", "16 novembre 2016"), ("2017-02-01", "1er février 2017"), ("2017-02-02", "2 février 2017")])
def test_a_partial_date_is_written_out_to_its_precision(text: str, expected: str) -> None:
    assert format_partial_date(text, "fr") == expected


def test_a_month_is_named_in_running_text() -> None:
    assert [month_name(month, "fr") for month in (1, 8, 11)] == ["janvier", "août", "novembre"]
