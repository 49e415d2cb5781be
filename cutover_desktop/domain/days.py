"""Runs of calendar days: every day from one to another, both included, and the Monday of a
week."""

from __future__ import annotations

from datetime import date, timedelta


def day_count(first: date, last: date) -> int:
    """How many days from first to last, both included (0 when last is before first)."""
    return max((last - first).days + 1, 0)


def each_day(first: date, last: date) -> list[date]:
    """Every day from first to last, both included; none when last is before first."""
    return [first + timedelta(days=n) for n in range(day_count(first, last))]


def monday_of(day: date) -> date:
    """The Monday of the week the day is in."""
    return day - timedelta(days=day.weekday())
