"""Reading a date the way people in England type one (no Qt here, so it is easy to test)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

EXAMPLE = "13/06/2027"
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DIGITS = re.compile(r"^\d+$")
_RELATIVE = {"today": 0, "tomorrow": 1, "yesterday": -1}


@dataclass(frozen=True)
class DateReading:
    """What was understood: a day, or a plain sentence saying why not."""

    day: date | None
    problem: str = ""


def in_words(day: date) -> str:
    """'Sunday 13 June 2027': the date spelt out, so a misread day or month stands out."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def _refused(text: str) -> DateReading:
    return DateReading(None, f"“{text}” is not a date I can read: type it like {EXAMPLE} "
                             "or 13 June 2027.")


def _from_digits(text: str, today: date) -> DateReading:
    # 13062027, 130627 and 1306 are day, month and (maybe) year run together.
    if len(text) <= 2:
        return DateReading(None, "Type the month too, for example 13/06 or 13 June.")
    if len(text) == 4:
        try:
            return DateReading(_nearest(int(text[:2]), int(text[2:]), today))
        except ValueError:
            return _refused(text)
    elif len(text) == 6:
        day, month, year = text[:2], text[2:4], "20" + text[4:]
    elif len(text) == 8:
        day, month, year = text[:2], text[2:4], text[4:]
    else:
        return _refused(text)
    try:
        return DateReading(date(int(year), int(month), int(day)))
    except ValueError:
        return DateReading(None, f"There is no day {int(day)} in month {int(month)} "
                                 f"of {year}.")


def _from_words(text: str, today: date) -> DateReading:
    # Loaded on the first date typed in words, not at every start of the program.
    from dateutil import parser as dateutil_parser

    # Parse twice with different defaults: any field that changes was not typed.
    first = datetime(2000, 1, 1)
    second = datetime(2004, 2, 2)  # both leap years, so 29 Feb reads
    try:
        one = dateutil_parser.parse(text, dayfirst=True, default=first)
        two = dateutil_parser.parse(text, dayfirst=True, default=second)
    except (ValueError, OverflowError):
        return _refused(text)
    if one.day != two.day:
        return DateReading(None, "Type the day too, for example 13 June 2027.")
    if one.month != two.month:
        return DateReading(None, "Type the month too, for example 13/06 or 13 June.")
    if (one.hour, one.minute, one.second) != (0, 0, 0):
        return _refused(text)
    if one.year != two.year:
        try:
            return DateReading(_nearest(one.day, one.month, today))
        except ValueError:
            return DateReading(None, f"There is no {one.day} {one.strftime('%B')} near "
                                     f"{today.year}: type the year too.")
    return DateReading(one.date())


def _nearest(day: int, month: int, today: date) -> date:
    """A day and month without a year: the one in the twelve months from three months ago."""
    start = today - timedelta(days=91)
    for year in (start.year, start.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate >= start:
            return candidate
    raise ValueError("no such day")


def read_date(text: str, today: date) -> DateReading:
    """Read `text` day first: 13/06/2027, 13/6/27, 13062027, 13 June 2027, 13 Jun, today.

    A missing year means the recent past or the coming months. Anything that cannot be read
    for certain is refused with a sentence saying what to type.
    """
    cleaned = " ".join(text.strip().split())
    if not cleaned:
        return DateReading(None, f"Type a date, for example {EXAMPLE}.")
    lowered = cleaned.lower()
    if lowered in _RELATIVE:
        return DateReading(today + timedelta(days=_RELATIVE[lowered]))
    iso = _ISO.match(cleaned)
    if iso:
        try:
            return DateReading(date(int(iso[1]), int(iso[2]), int(iso[3])))
        except ValueError:
            return _refused(cleaned)
    if _DIGITS.match(cleaned):
        return _from_digits(cleaned, today)
    return _from_words(cleaned, today)
