"""Countdown wording for the next key date, shared by the dashboard, the Key dates tab and
the Today tab."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from cutover_desktop.domain.formatting import plural, uk_date
from cutover_desktop.domain.keydates import KeyDate, next_key_date


def days_away(days: int) -> str:
    """'today', 'tomorrow', 'in 12 days', 'yesterday', '3 days ago'."""
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "yesterday"
    if days > 0:
        return f"in {plural(days, 'day')}"
    return f"{plural(-days, 'day')} ago"


def countdown_text(key_dates: Mapping[KeyDate, date], today: date) -> str:
    """'Business Go Live in 12 days — Tue 16 Mar 2027'."""
    upcoming = next_key_date(key_dates, today)
    if upcoming is None:
        key, day = max(key_dates.items(), key=lambda item: item[1])
        return f"Every key date has passed; the last, {key.label}, was {uk_date(day)}."
    key, day = upcoming
    days = (day - today).days
    if days <= 1:
        return f"{key.label} is {days_away(days)} — {uk_date(day)}"
    return f"{key.label} {days_away(days)} — {uk_date(day)}"
