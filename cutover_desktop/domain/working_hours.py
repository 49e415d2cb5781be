"""When people work: weekly patterns of shifts, weekday words, and minutes as hours."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time

from cutover_desktop.domain.entities import register_entity
from cutover_desktop.domain.errors import ValidationError
from cutover_desktop.domain.formatting import hhmm
from cutover_desktop.domain.ids import PersonId

MINUTES_PER_DAY = 24 * 60
EARLIEST_DAY = date(2000, 1, 1)
LATEST_DAY = date(2099, 12, 31)
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAY_SHORT = tuple(name[:3] for name in WEEKDAY_NAMES)
DEFAULT_START = time(9, 0)
DEFAULT_END = time(17, 0)


def minutes_of(value: time) -> int:
    return value.hour * 60 + value.minute


def hours_text(minutes: int) -> str:
    """'7.5 h', '8 h', '0.25 h': hours for people, with no needless decimals."""
    hours = minutes / 60
    text = f"{hours:.2f}".rstrip("0").rstrip(".")
    return f"{text} h"


def check_day(day: date, field_name: str) -> None:
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise ValidationError("Choose a date between 2000 and 2099.", field_name)


@dataclass(frozen=True)
class Shift:
    """The hours a person works on one weekday (0 is Monday)."""

    weekday: int
    start: time
    end: time

    @property
    def minutes(self) -> int:
        return minutes_of(self.end) - minutes_of(self.start)

    @property
    def span(self) -> tuple[int, int]:
        return minutes_of(self.start), minutes_of(self.end)

    def validate(self) -> None:
        if not 0 <= self.weekday <= 6:
            raise ValidationError("A weekday is Monday to Sunday.", "shifts")
        if self.end <= self.start:
            raise ValidationError(
                f"On {WEEKDAY_NAMES[self.weekday]} the finishing time must be after the "
                "starting time.", "shifts")


@dataclass(frozen=True)
class WorkingPattern:
    """Which weekdays a person works, and the hours, from a date on.

    `valid_from` None is the pattern a person starts with; a later pattern replaces it
    from its own date (a change of hours mid-plan, for example).
    """

    person_id: PersonId
    valid_from: date | None
    shifts: tuple[Shift, ...] = ()

    def validate(self) -> None:
        days = [shift.weekday for shift in self.shifts]
        if len(set(days)) != len(days):
            raise ValidationError("Give each weekday once.", "shifts")
        for shift in self.shifts:
            shift.validate()
        if self.valid_from is not None:
            check_day(self.valid_from, "valid_from")

    def shift_on(self, weekday: int) -> Shift | None:
        for shift in self.shifts:
            if shift.weekday == weekday:
                return shift
        return None

    @property
    def weekly_minutes(self) -> int:
        return sum(shift.minutes for shift in self.shifts)

    def summary(self) -> str:
        """'Mon–Fri 09:00–17:00', 'Tue, Thu 08:30–13:00', or one entry per hours."""
        return pattern_summary(self.shifts)


def pattern_summary(shifts: Iterable[Shift]) -> str:
    ordered = sorted(shifts, key=lambda s: s.weekday)
    if not ordered:
        return "No working days"
    groups: list[tuple[list[int], tuple[time, time]]] = []
    for shift in ordered:
        hours = (shift.start, shift.end)
        if groups and groups[-1][1] == hours:
            groups[-1][0].append(shift.weekday)
        else:
            groups.append(([shift.weekday], hours))
    parts = []
    for days, (start, end) in groups:
        parts.append(f"{_day_list(days)} {hhmm(start)}–{hhmm(end)}")
    return "; ".join(parts)


def _day_list(days: list[int]) -> str:
    if len(days) >= 3 and days == list(range(days[0], days[-1] + 1)):
        return f"{WEEKDAY_SHORT[days[0]]}–{WEEKDAY_SHORT[days[-1]]}"
    return ", ".join(WEEKDAY_SHORT[d] for d in days)


def weekday_shifts(days: Iterable[int], start: time = DEFAULT_START,
                   end: time = DEFAULT_END) -> tuple[Shift, ...]:
    """The same hours on each of the given weekdays."""
    return tuple(Shift(day, start, end) for day in sorted(set(days)))


_WEEKDAY_WORDS = {name.casefold(): number for number, name in enumerate(WEEKDAY_NAMES)}
_WEEKDAY_WORDS.update({name.casefold(): number for number, name in enumerate(WEEKDAY_SHORT)})
_WEEKDAY_WORDS.update({"tues": 1, "weds": 2, "thur": 3, "thurs": 3})


def parse_weekdays(text: str) -> tuple[int, ...]:
    """'Mon Tue Thu', 'Monday, Wednesday', 'Mon-Fri' as weekday numbers; empty is Mon to Fri."""
    cleaned = text.strip()
    if not cleaned:
        return (0, 1, 2, 3, 4)
    found: set[int] = set()
    for part in re.split(r"[\s,;/]+", cleaned):
        if not part:
            continue
        if "-" in part or "–" in part:
            first, _, last = re.split(r"([-–])", part, maxsplit=1)
            start, end = _weekday(first, text), _weekday(last, text)
            if end < start:
                raise ValidationError(f"“{part}” runs backwards; write it as Mon-Fri.",
                                      "working_days")
            found.update(range(start, end + 1))
        else:
            found.add(_weekday(part, text))
    return tuple(sorted(found))


def _weekday(word: str, whole: str) -> int:
    try:
        return _WEEKDAY_WORDS[word.strip().casefold()]
    except KeyError:
        raise ValidationError(f"“{word}” in “{whole}” is not a weekday; write days such as "
                              "Mon Tue Thu.", "working_days") from None


register_entity(WorkingPattern, "working_pattern",
                lambda pattern: (pattern.person_id, pattern.valid_from or "start"))
