"""Reading a date the way people in England type one (no Qt here, so it is easy to test)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from cutover_desktop.domain.formatting import MONTH_NAMES

EXAMPLE = "13/06/2027"
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DIGITS = re.compile(r"^\d+$")
_RELATIVE = {"today": 0, "tomorrow": 1, "yesterday": -1}
# Shapes of a day that may not exist: 31/02/2027, 31-4-27, 31/02, 30 February 2028, 31st Sept.
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.\- ](\d{1,2})(?:[/.\- ](\d{2}|\d{4}))?$")
_DAY_NAMED_MONTH = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?(?:,?\s+(\d{2}|\d{4}))?$",
                              re.IGNORECASE)


@dataclass(frozen=True)
class DateReading:
    """What was understood: a day, or a plain sentence saying why not."""

    day: date | None
    problem: str = ""


def _refused(text: str) -> DateReading:
    return DateReading(None, f"“{text}” is not a date I can read: type it like {EXAMPLE} "
                             "or 13 June 2027.")


def _no_such_day(day: int, month: int, year: int | None) -> DateReading | None:
    """Why day/month(/year) is not a date ('February 2027 has 28 days, so 29/02/2027 is not
    a date.'); None if it is one, or is too odd to explain."""
    import calendar  # loaded at the first impossible-looking date, not at start

    if not 1 <= month <= 12:
        return DateReading(None, f"There is no month {month}: months go from 1 to 12.")
    if day < 1 or (year is not None and not 1 <= year <= 9999):
        return None
    if year is None:
        longest = calendar.monthrange(2000, month)[1]  # 2000 was a leap year
        if day <= longest:
            return None
        at_most = "at most " if month == 2 else ""
        return DateReading(None, f"{MONTH_NAMES[month - 1]} has {at_most}{longest} days, "
                                 f"so {day:02d}/{month:02d} is not a date.")
    days = calendar.monthrange(year, month)[1]
    if day <= days:
        return None
    return DateReading(None, f"{MONTH_NAMES[month - 1]} {year} has {days} days, so "
                             f"{day:02d}/{month:02d}/{year} is not a date.")


def _impossible(text: str) -> DateReading | None:
    """The sentence for a day its month does not have, typed with figures or a month name."""
    found = _DAY_MONTH_YEAR.match(text)
    month: int | None = int(found[2]) if found else None
    if found is None:
        from dateutil import parser as dateutil_parser

        found = _DAY_NAMED_MONTH.match(text)
        month = dateutil_parser.parserinfo().month(found[2]) if found else None
    if found is None or month is None:
        return None
    year = None if found[3] is None else int(found[3]) + (2000 if len(found[3]) == 2 else 0)
    return _no_such_day(int(found[1]), month, year)


def _day_and_month(day: int, month: int, today: date) -> DateReading:
    """A day and month typed without a year."""
    try:
        return DateReading(_nearest(day, month, today))
    except ValueError:
        pass
    return _no_such_day(day, month, None) or DateReading(
        None, f"There is no {day} {MONTH_NAMES[month - 1]} near {today.year}: "
              "type the year too.")


def _from_digits(text: str, today: date) -> DateReading:
    # 13062027, 130627 and 1306 are day, month and (maybe) year run together.
    if len(text) <= 2:
        return DateReading(None, "Type the month too, for example 13/06 or 13 June.")
    if len(text) == 4:
        return _day_and_month(int(text[:2]), int(text[2:]), today)
    elif len(text) == 6:
        day, month, year = text[:2], text[2:4], "20" + text[4:]
    elif len(text) == 8:
        day, month, year = text[:2], text[2:4], text[4:]
    else:
        return _refused(text)
    try:
        return DateReading(date(int(year), int(month), int(day)))
    except ValueError:
        return _no_such_day(int(day), int(month), int(year)) or _refused(text)


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
        return _impossible(text) or _refused(text)
    if one.day != two.day:
        return DateReading(None, "Type the day too, for example 13 June 2027.")
    if one.month != two.month:
        return DateReading(None, "Type the month too, for example 13/06 or 13 June.")
    if (one.hour, one.minute, one.second) != (0, 0, 0):
        return _refused(text)
    if one.year != two.year:
        return _day_and_month(one.day, one.month, today)
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
            return _no_such_day(int(iso[3]), int(iso[2]), int(iso[1])) or _refused(cleaned)
    if _DIGITS.match(cleaned):
        return _from_digits(cleaned, today)
    return _from_words(cleaned, today)
