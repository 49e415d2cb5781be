"""How dates and numbers read on screen and paper: UK style, unambiguous."""

from __future__ import annotations

from datetime import date, datetime, time

# English names whatever the computer's language: strftime's %a and %b follow the locale Qt
# sets at start (and are slow next to a look-up; a plan's warnings format thousands of dates).
_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                "Dec")
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")
_FULL_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def day_abbr(day: date) -> str:
    """'Tue'."""
    return _DAY_NAMES[day.weekday()]


def month_abbr(day: date) -> str:
    """'Mar'."""
    return _MONTH_NAMES[day.month - 1]


def month_name(day: date) -> str:
    """'March'."""
    return MONTH_NAMES[day.month - 1]


def long_date(day: date) -> str:
    """'Sunday 13 June 2027': the date spelt out, so a misread day or month stands out."""
    return f"{_FULL_DAY_NAMES[day.weekday()]} {day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def uk_date(day: date) -> str:
    """'Tue 16 Mar 2027'."""
    return f"{_DAY_NAMES[day.weekday()]} {day.day} {_MONTH_NAMES[day.month - 1]} {day.year}"


def local_time_text(moment: datetime) -> str:
    """'Tue 16 Mar 2027 14:05' in the computer's time zone."""
    local = moment.astimezone()
    return f"{uk_date(local.date())} {local:%H:%M}"


def uk_numeric(day: date) -> str:
    """'16/03/2027', the form UK users type."""
    return day.strftime("%d/%m/%Y")


def hhmm(value: time | None) -> str:
    return value.strftime("%H:%M") if value else ""


def time_range(start: time | None, end: time | None) -> str:
    """'09:00–10:30', 'from 09:00', 'by 17:00', or '' when neither time is set."""
    if start and end:
        return f"{hhmm(start)}–{hhmm(end)}"
    if start:
        return f"from {hhmm(start)}"
    if end:
        return f"by {hhmm(end)}"
    return ""


def relative_day(days: int) -> str:
    """'BGL−3', 'BGL', 'BGL+45': a day counted from Business Go Live."""
    if days == 0:
        return "BGL"
    sign = "+" if days > 0 else "−"
    return f"BGL{sign}{abs(days)}"


def days_from_bgl(days: int) -> str:
    """'3 days before BGL', 'On BGL', '45 days after BGL': relative_day in words, for the
    window (files and printouts keep the compact form)."""
    if days == 0:
        return "On BGL"
    return f"{plural(abs(days), 'day')} {'after' if days > 0 else 'before'} BGL"


def plural(count: int, noun: str, plural_noun: str | None = None) -> str:
    word = noun if count == 1 else (plural_noun or noun + "s")
    return f"{count} {word}"
