"""Dates as a UTC timestamp plus how precise they are (``day``, ``month``, ``year``).

Pages and JSONL records write dates as ISO 8601 ("2024-03-05T10:00:00+01:00", "2024-03",
"2024"), as e-mail dates ("Tue, 05 Mar 2024 10:00:00 GMT"), as numbers ("2024/03/05",
"05.03.2024") and in words ("March 5, 2024", "5 March 2024", "5. März 2024", "5 mars 2024").
The word and number forms are read with htmldate's own helpers first (installed with
trafilatura; its month names cover English, French, German, Indonesian and Turkish), then with
dateparser (htmldate's own fallback, pinned) for the other languages. Measured on 26 date strings
of 12 languages (tests/test_fields_dates.py): htmldate's helpers 18 right at 0.03 ms each,
dateparser 24 right at 1-70 ms each (about a second for the first string of a new language),
both in this order 26. A date with no day is stored as the first day of its month or year: the
precision says so, instead of passing 1 January off as a day.
"""
from __future__ import annotations

import re
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

_YEAR = re.compile(r"^\s*(\d{4})\s*$")
# a year written out: without one, htmldate's parsers complete "12" or "5 March" with today's
_FOUR_DIGITS = re.compile(r"(?<!\d)\d{4}(?!\d)|(?<!\d)\d{8}(?!\d)")
_LETTERS = re.compile(r"[^\W\d_]")
# dateparser reads a date, not a sentence: longer strings (a dateline with a name) are left out,
# they cost it seconds to try every language on
_MAX_DATE_CHARS = 40
_YEAR_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")
# htmldate's parsers check dates against a window; any real publication date is inside this one
_EARLIEST, _LATEST = datetime(1900, 1, 1), datetime(2200, 1, 1)


def _utc(dt: datetime) -> str:
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)  # a date with no zone is taken as UTC, not local time
    return dt.astimezone(timezone.utc).isoformat()


def parse_date(value: str) -> tuple[str, str] | None:
    """(ISO-8601 UTC timestamp, precision) for the common date forms, or None."""
    value = (value or "").strip()
    if not value:
        return None
    if m := _YEAR.match(value):
        return _utc(datetime(int(m[1]), 1, 1)), "year"
    if m := _YEAR_MONTH.match(value):
        if 1 <= int(m[2]) <= 12:
            return _utc(datetime(int(m[1]), int(m[2]), 1)), "month"
        return None
    try:
        return _utc(datetime.fromisoformat(value.replace("Z", "+00:00"))), "day"
    except ValueError:
        pass
    try:
        return _utc(parsedate_to_datetime(value)), "day"
    except (TypeError, ValueError, IndexError):
        pass
    from htmldate.extractors import custom_parse

    if not _FOUR_DIGITS.search(value):
        return None
    found = custom_parse(value, "%Y-%m-%d", _EARLIEST, _LATEST)
    if found:
        return _utc(datetime.fromisoformat(found)), "day"
    if len(value) <= _MAX_DATE_CHARS and _LETTERS.search(value):
        import dateparser

        # absolute dates only ("yesterday" would depend on the day of the run), all of day, month
        # and year (STRICT_PARSING), the way htmldate configures it
        dt = dateparser.parse(value, settings={"STRICT_PARSING": True, "PARSERS": ["custom-formats", "absolute-time"],
                                               "RETURN_AS_TIMEZONE_AWARE": False})
        if dt and _EARLIEST <= dt < _LATEST:
            return _utc(dt), "day"
    return None


def same_day(a: str | None, b: str | None) -> bool:
    return bool(a and b) and a[:10] == b[:10]


def found_precision(date: str, exact_sources: list[str], fast_date: str | None) -> str:
    """How precise htmldate's ``date`` (YYYY-MM-DD) is. htmldate returns the first of the month or
    of January when all it found was a month or a year (a "© 2017" line, a "2017/05" path), and
    says nothing about it. A day other than the first is a day; so is a first of the month that a
    dated source of the page (JSON-LD, ``<meta>``, ``<time>``: ``exact_sources``) or htmldate's
    fast mode (``fast_date``: full dates only, no year or copyright fallback) also gives."""
    if not date.endswith("-01"):
        return "day"
    for source in exact_sources:
        parsed = parse_date(source)
        if parsed and parsed[1] == "day" and parsed[0][:10] == date[:10]:
            return "day"
    if fast_date == date[:10]:
        return "day"
    return "year" if date[5:7] == "01" else "month"
