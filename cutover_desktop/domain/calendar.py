"""Working-day calendar: Monday to Friday, less England and Wales bank holidays and
practice closure days, plus one-off working days."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from cutover_desktop.domain.bank_holidays import england_bank_holidays

ONE_DAY = timedelta(days=1)
# An index is made with room to spare either side, so nearby questions reuse it (not more:
# each year of bank holidays takes a few milliseconds to work out).
_SPARE_DAYS = 92
# A guard: each widening doubles the span searched; no real calendar needs more than a few.
_MAX_WIDENINGS = 6


@lru_cache(maxsize=256)
def _bank_holidays_for_year(year: int) -> dict[date, str]:
    # The holidays package carries substitute days and proclaimed one-off days, offline.
    return england_bank_holidays(year)


def bank_holiday_name(day: date) -> str | None:
    """The name of the England and Wales bank holiday on this day, or None."""
    return _bank_holidays_for_year(day.year).get(day)


def is_bank_holiday(day: date) -> bool:
    """True when the day is an England and Wales bank holiday."""
    return day in _bank_holidays_for_year(day.year)


class _WorkingDayIndex:
    """The working days of a span of days, numbered, so that moving by any number of working
    days is a few list look-ups instead of a walk."""

    def __init__(self, is_working_day: Callable[[date], bool], first: date, last: date) -> None:
        self.first = first.toordinal()
        self.last = last.toordinal()
        self.working: list[int] = []   # ordinals of the working days, in order
        self.before: list[int] = []    # for each day of the span: working days before it
        self.flags = bytearray()       # for each day of the span: 1 when it is a working day
        for ordinal in range(self.first, self.last + 1):
            self.before.append(len(self.working))
            working = is_working_day(date.fromordinal(ordinal))
            self.flags.append(working)
            if working:
                self.working.append(ordinal)

    def covers(self, first: int, last: int) -> bool:
        return self.first <= first and last <= self.last

    def move(self, ordinal: int, count: int) -> int | None:
        """The ordinal `count` working days from `ordinal` (see add_working_days), or None
        when the answer lies outside the span."""
        offset = ordinal - self.first
        if offset < 0 or ordinal > self.last:
            return None
        position = self.before[offset]
        if count > 0:
            position += count - 1 + self.flags[offset]
        elif count < 0:
            position += count
        return self.working[position] if 0 <= position < len(self.working) else None

    def count(self, first: int, last: int) -> int:
        """Working days in first..last, both inside the span."""
        return (self.before[last - self.first] + self.flags[last - self.first]
                - self.before[first - self.first])


@lru_cache(maxsize=32)
def _shared_index(closures: frozenset[date], extra: frozenset[date]) -> list[_WorkingDayIndex]:
    # Each edit makes a new calendar of the same days: they share one index.
    return []


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
    # The index list shared by every equal calendar (one store, fetched once per instance);
    # built on first use and widened when a question reaches past it. Not part of the value.
    _held: list[_WorkingDayIndex] | None = field(default=None, init=False, repr=False,
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
        ordinal = day.toordinal()
        held = self._shared()
        if held:
            found = held[0].move(ordinal, count)
            if found is not None:
                return date.fromordinal(found)
        # Room for the answer; widened (doubling) when closures leave too few working days.
        reach = abs(count) * 7 // 5 + 14
        for _ in range(_MAX_WIDENINGS):
            index = self._index_for(ordinal - (reach if count < 0 else 0),
                                    ordinal + (reach if count >= 0 else 0))
            found = index.move(ordinal, count)
            if found is not None:
                return date.fromordinal(found)
            reach = reach * 2 + 366
        raise ValueError("no working day found within ten years")

    def working_day_offset(self, reference: date, day: date) -> int:
        """The count that add_working_days turns from reference into day (a working day);
        for a closed day, the count that reaches the working day just before it."""
        if day > reference:
            return self.working_days_between(reference + ONE_DAY, day)
        return -self.working_days_between(day, reference - ONE_DAY)

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days lie in the inclusive range start..end."""
        if end < start:
            return 0
        first, last = start.toordinal(), end.toordinal()
        return self._index_for(first, last).count(first, last)

    def ordinal_mover(self) -> Callable[[int, int], int]:
        """add_working_days on day ordinals, for a loop of many moves (the scheduler's):
        `move(ordinal, count)` gives the ordinal of the day reached."""
        held = self._shared()

        def move(ordinal: int, count: int) -> int:
            if held:
                found = held[0].move(ordinal, count)
                if found is not None:
                    return found
            return self.add_working_days(date.fromordinal(ordinal), count).toordinal()

        return move

    def _shared(self) -> list[_WorkingDayIndex]:
        held = self._held
        if held is None:
            held = _shared_index(self.closures, self.extra_working_days)
            object.__setattr__(self, "_held", held)
        return held

    def _index_for(self, first: int, last: int) -> _WorkingDayIndex:
        """An index covering the ordinals first..last: the one shared by equal calendars, or
        a new one with room to spare (growing the span held by half or more)."""
        shared = self._shared()
        held = shared[0] if shared else None
        if held is not None:
            if held.covers(first, last):
                return held
            first, last = min(first, held.first), max(last, held.last)
        spare = max(_SPARE_DAYS, (held.last - held.first) // 4 if held else 0)
        first = max(date.min.toordinal(), first - spare)
        last = min(date.max.toordinal(), last + spare)
        index = _WorkingDayIndex(self.is_working_day, date.fromordinal(first),
                                 date.fromordinal(last))
        shared[:] = [index]
        return index
