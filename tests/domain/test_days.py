"""Runs of days: both ends included, none when the run is backwards; the Monday of a week."""

from __future__ import annotations

from datetime import date

from cutover_desktop.domain.days import day_count, each_day, monday_of


def test_a_run_of_days_includes_both_ends() -> None:
    # Across the end of February in a year that is not a leap year.
    assert each_day(date(2027, 2, 27), date(2027, 3, 1)) == [
        date(2027, 2, 27), date(2027, 2, 28), date(2027, 3, 1)]
    assert day_count(date(2027, 2, 27), date(2027, 3, 1)) == 3
    assert each_day(date(2027, 3, 16), date(2027, 3, 16)) == [date(2027, 3, 16)]


def test_a_backwards_run_has_no_days() -> None:
    assert each_day(date(2027, 3, 16), date(2027, 3, 15)) == []
    assert day_count(date(2027, 3, 16), date(2027, 3, 1)) == 0


def test_the_monday_of_a_week() -> None:
    assert monday_of(date(2027, 3, 16)) == date(2027, 3, 15)  # a Tuesday
    assert monday_of(date(2027, 3, 15)) == date(2027, 3, 15)
    assert monday_of(date(2027, 3, 21)) == date(2027, 3, 15)  # the Sunday after
    assert monday_of(date(2027, 1, 2)) == date(2026, 12, 28)  # across a new year
