"""Dates and times as the plan file stores them: ISO text, NULL when not set."""

from __future__ import annotations

from datetime import date, time


def iso_text(value: date | time | None) -> str | None:
    return value.isoformat() if value is not None else None


def optional_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def optional_time(value: str | None) -> time | None:
    return time.fromisoformat(value) if value else None
