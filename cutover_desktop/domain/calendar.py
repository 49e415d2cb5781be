"""Working-day calendar: Monday to Friday, less England and Wales bank holidays and
practice closure days, plus one-off working days."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

import holidays

ONE_DAY = timedelta(days=1)
# An index is made with a year to spare either side, so nearby questions reuse it.
_SPARE = timedelta(days=366)
# A guard: each widening doubles the span searched; no real calendar needs more than a few.
_MAX_WIDENINGS = 6


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


class _WorkingDayIndex:
    """The working days of a span of days, numbered, so that moving by any number of working
    days is two list look-ups instead of a walk."""

    def __init__(self, is_working_day: Callable[[date], bool], first: date, last: date) -> None:
        self.first = first.toordinal()
        self.last = last.toordinal()
        self.working: list[int] = []   # ordinals of the working days, in order
        self.before: list[int] = []    # for each day of the span: working days before it
        for ordinal in range(self.first, self.last + 1):
            self.before.append(len(self.working))
            if is_working_day(date.fromordinal(ordinal)):
                self.working.append(ordinal)

    def covers(self, day: date) -> bool:
        return self.first <= day.toordinal() <= self.last

    def working_before(self, day: date) -> int:
        """How many working days of the span come before the day (the day not counted)."""
        return self.before[day.toordinal() - self.first]


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
    # Built on first use and widened when a question reaches past it; not part of the value.
    _index: list[_WorkingDayIndex] = field(default_factory=list, init=False, repr=False,
                                           compare=False, hash=False)

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
        return self.add_working_days(day, 1)

    def previous_working_day(self, day: date) -> date:
        """The last working day strictly before the given day."""
        return self.add_working_days(day, -1)

    def add_working_days(self, day: date, count: int) -> date:
        """Move by a number of working days, in constant time once the span is indexed.

        A positive count steps forward over that many working days, a negative count
        steps back. Zero gives the day itself when it is a working day, otherwise the
        next working day.
        """
        # Room for the answer: a working week has at least one working day in practice;
        # the search widens (doubling) if closures say otherwise.
        reach = abs(count) * 7 // 5 + 14
        for _ in range(_MAX_WIDENINGS):
            index = self._index_for(day - timedelta(days=reach if count < 0 else 0),
                                    day + timedelta(days=reach if count >= 0 else 0))
            position = index.working_before(day)
            if count > 0:
                position += count - 1 + (1 if self.is_working_day(day) else 0)
            elif count < 0:
                position += count
            if 0 <= position < len(index.working):
                return date.fromordinal(index.working[position])
            reach = reach * 2 + 366
        raise ValueError("no working day found within ten years")

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days lie in the inclusive range start..end."""
        if end < start:
            return 0
        index = self._index_for(start, end)
        counted = index.working_before(end) + (1 if self.is_working_day(end) else 0)
        return counted - index.working_before(start)

    def _index_for(self, first: date, last: date) -> _WorkingDayIndex:
        """An index covering first..last, made (with a year to spare each side) when the one
        held does not."""
        held = self._index[0] if self._index else None
        if held is not None and held.covers(first) and held.covers(last):
            return held
        if held is not None:
            first = min(first, date.fromordinal(held.first))
            last = max(last, date.fromordinal(held.last))
        first = max(date.min + _SPARE, first) - _SPARE
        last = min(date.max - _SPARE, last) + _SPARE
        index = _WorkingDayIndex(self.is_working_day, first, last)
        self._index[:] = [index]
        return index
