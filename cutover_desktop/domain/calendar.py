"""Working-day calendar: Monday to Friday, less England and Wales bank holidays and
practice closure days, plus one-off working days."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

import holidays

ONE_DAY = timedelta(days=1)
# A loop guard: no real calendar has a year without a working day.
_MAX_STEPS = 3660


@lru_cache(maxsize=256)
def _bank_holidays_for_year(year: int) -> dict[date, str]:
    # The holidays package carries substitute days and proclaimed one-off days, offline.
    england = holidays.country_holidays("GB", subdiv="ENG", years=year)
    return {day: str(name) for day, name in england.items()}


def bank_holiday_name(day: date) -> str | None:
    """The name of the England and Wales bank holiday on this day, or None."""
    return _bank_holidays_for_year(day.year).get(day)


def is_bank_holiday(day: date) -> bool:
    """True when the day is an England and Wales bank holiday."""
    return day in _bank_holidays_for_year(day.year)


@dataclass(frozen=True)
class WorkingCalendar:
    """Which days count as working days for one plan.

    Attributes:
        closures: days the practice is closed although it would normally work
            (protected learning time, for example).
        extra_working_days: days that count as working although they would not
            (a go-live Saturday, for example).
    """

    closures: frozenset[date] = field(default_factory=frozenset)
    extra_working_days: frozenset[date] = field(default_factory=frozenset)

    @classmethod
    def of(cls, closures: Iterable[date] = (), extra: Iterable[date] = ()) -> WorkingCalendar:
        return cls(frozenset(closures), frozenset(extra))

    def is_working_day(self, day: date) -> bool:
        if day in self.extra_working_days:
            return True
        if day in self.closures:
            return False
        return day.weekday() < 5 and not is_bank_holiday(day)

    def why_not_working(self, day: date) -> str | None:
        """A short reason the day is not a working day, or None if it is one."""
        if self.is_working_day(day):
            return None
        if day in self.closures:
            return "a practice closure day"
        name = bank_holiday_name(day)
        if name:
            return f"a bank holiday, {name}"
        return "a weekend"

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after the given day."""
        return self._step(day, 1)

    def previous_working_day(self, day: date) -> date:
        """The last working day strictly before the given day."""
        return self._step(day, -1)

    def _step(self, day: date, direction: int) -> date:
        step = ONE_DAY * direction
        for _ in range(_MAX_STEPS):
            day = day + step
            if self.is_working_day(day):
                return day
        raise ValueError("no working day found within ten years")

    def add_working_days(self, day: date, count: int) -> date:
        """Move by a number of working days.

        A positive count steps forward over that many working days, a negative count
        steps back. Zero gives the day itself when it is a working day, otherwise the
        next working day.
        """
        if count == 0:
            return day if self.is_working_day(day) else self.next_working_day(day)
        direction = 1 if count > 0 else -1
        for _ in range(abs(count)):
            day = self._step(day, direction)
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days lie in the inclusive range start..end."""
        count = 0
        day = start
        while day <= end:
            if self.is_working_day(day):
                count += 1
            day += ONE_DAY
        return count
