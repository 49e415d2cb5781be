"""Time people are away: leave, training, sickness, by whole or part days."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time
from enum import StrEnum

from cutover_desktop.domain.days import each_day
from cutover_desktop.domain.entities import register_entity
from cutover_desktop.domain.errors import ValidationError
from cutover_desktop.domain.formatting import hhmm, uk_date
from cutover_desktop.domain.ids import AbsenceId, PersonId
from cutover_desktop.domain.working_hours import MINUTES_PER_DAY, check_day, minutes_of

MAX_ABSENCE_DAYS = 366
MAX_NOTE = 2000


class AbsenceKind(StrEnum):
    ANNUAL_LEAVE = "annual_leave"
    TRAINING = "training"
    SICKNESS = "sickness"
    OTHER = "other"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @property
    def short(self) -> str:
        """A word that fits a grid cell."""
        return {"annual_leave": "Leave", "training": "Training", "sickness": "Sick",
                "other": "Away"}[self.value]

    @property
    def is_booked(self) -> bool:
        """Leave a person chose the dates of (sickness is not booked)."""
        return self is not AbsenceKind.SICKNESS


_ABSENCE_WORDS = {
    "annual_leave": AbsenceKind.ANNUAL_LEAVE, "annual": AbsenceKind.ANNUAL_LEAVE,
    "leave": AbsenceKind.ANNUAL_LEAVE, "holiday": AbsenceKind.ANNUAL_LEAVE,
    "al": AbsenceKind.ANNUAL_LEAVE, "training": AbsenceKind.TRAINING,
    "course": AbsenceKind.TRAINING, "sickness": AbsenceKind.SICKNESS,
    "sick": AbsenceKind.SICKNESS, "sick_leave": AbsenceKind.SICKNESS,
    "other": AbsenceKind.OTHER,
}


def parse_absence_kind(text: str) -> AbsenceKind:
    wanted = re.sub(r"[\s_-]+", "_", text.strip().casefold())
    try:
        return _ABSENCE_WORDS[wanted]
    except KeyError:
        raise ValidationError(f"“{text}” is not a kind of absence; use annual leave, training, "
                              "sickness or other.", "kind") from None


@dataclass(frozen=True)
class Absence:
    """Time a person is away, by date range; with times it is part of each day only."""

    id: AbsenceId
    person_id: PersonId
    kind: AbsenceKind
    first: date
    last: date
    start_time: time | None = None
    end_time: time | None = None
    note: str = ""

    @property
    def is_part_day(self) -> bool:
        return self.start_time is not None and self.end_time is not None

    @property
    def span(self) -> tuple[int, int]:
        """The minutes of each day it takes: the whole day unless it is a part day."""
        if self.start_time is not None and self.end_time is not None:
            return minutes_of(self.start_time), minutes_of(self.end_time)
        return 0, MINUTES_PER_DAY

    def covers(self, day: date) -> bool:
        return self.first <= day <= self.last

    def days(self) -> list[date]:
        return each_day(self.first, self.last)

    def validate(self) -> None:
        check_day(self.first, "first")
        check_day(self.last, "last")
        if self.last < self.first:
            raise ValidationError("The last day cannot be before the first.", "last")
        if (self.last - self.first).days >= MAX_ABSENCE_DAYS:
            raise ValidationError(f"An absence can be at most {MAX_ABSENCE_DAYS} days; "
                                  "book a longer one in parts.", "last")
        if (self.start_time is None) != (self.end_time is None):
            raise ValidationError("A part-day absence needs a starting and a finishing time.",
                                  "start_time")
        if (self.start_time is not None and self.end_time is not None
                and self.end_time <= self.start_time):
            raise ValidationError("The finishing time must be after the starting time.",
                                  "end_time")
        if len(self.note) > MAX_NOTE:
            raise ValidationError(f"A note can be at most {MAX_NOTE} characters.", "note")

    def overlaps(self, other: Absence) -> bool:
        if self.person_id != other.person_id:
            return False
        if self.last < other.first or other.last < self.first:
            return False
        (a, b), (c, d) = self.span, other.span
        return a < d and c < b

    def describe(self) -> str:
        """'Annual leave, Mon 15 Mar 2027 to Wed 17 Mar 2027, 13:00–17:00'."""
        when = (uk_date(self.first) if self.first == self.last
                else f"{uk_date(self.first)} to {uk_date(self.last)}")
        hours = (f", {hhmm(self.start_time)}–{hhmm(self.end_time)}" if self.is_part_day
                 else "")
        return f"{self.kind.label}, {when}{hours}"


register_entity(Absence, "absence", lambda absence: absence.id)
