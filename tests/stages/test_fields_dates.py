"""Dates in the forms JSONL exporters and scrapers write, in the main languages, read to the right
day (the set the parser choice was measured on: see fields/dates.py), and what must not be read."""
from __future__ import annotations

import pytest

from pipeline.stages.fields.dates import parse_date

DAYS = [
    ("March 5, 2024", "2024-03-05"), ("Mar 5, 2024", "2024-03-05"), ("5 March 2024", "2024-03-05"),
    ("5th March 2024", "2024-03-05"), ("Tuesday, March 5, 2024", "2024-03-05"), ("March 5th, 2024", "2024-03-05"),
    ("5. März 2024", "2024-03-05"), ("5. Mai 2024", "2024-05-05"), ("05.03.2024", "2024-03-05"),
    ("5 mars 2024", "2024-03-05"), ("le 5 mars 2024", "2024-03-05"), ("5 de marzo de 2024", "2024-03-05"),
    ("5 marzo 2024", "2024-03-05"), ("5 de março de 2024", "2024-03-05"), ("5 maart 2024", "2024-03-05"),
    ("5 marca 2024", "2024-03-05"), ("5. března 2024", "2024-03-05"), ("5 Mart 2024", "2024-03-05"),
    ("5 марта 2024", "2024-03-05"), ("2024年3月5日", "2024-03-05"), ("2024/03/05", "2024-03-05"),
    ("2024-03-05", "2024-03-05"), ("2024-03-05 10:00", "2024-03-05"), ("20240305", "2024-03-05"),
    ("Tue, 05 Mar 2024 10:00:00 GMT", "2024-03-05"), ("2024-03-05T10:00:00+01:00", "2024-03-05"),
]


@pytest.mark.parametrize("value,day", DAYS, ids=[v for v, _ in DAYS])
def test_day_dates(value, day):
    parsed = parse_date(value)
    assert parsed is not None and parsed[0][:10] == day and parsed[1] == "day"


@pytest.mark.parametrize("value", ["yesterday", "5 March", "12", "", "   ", "last Tuesday at noon",
                                   "Posted on 5 de marzo de 2024 by Ana Ruiz in Noticias and Opinión"])
def test_not_dates(value):
    # relative dates depend on the day of the run; without a year the parser completes today's;
    # a sentence is not a date field
    assert parse_date(value) is None


def test_partial_dates_say_how_precise_they_are():
    assert parse_date("2019") == ("2019-01-01T00:00:00+00:00", "year")
    assert parse_date("2019-07") == ("2019-07-01T00:00:00+00:00", "month")
    assert parse_date("2019-13") is None
