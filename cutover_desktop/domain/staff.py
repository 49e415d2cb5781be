"""People in the staff register, who is assigned to which task, and the cover key days need."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from cutover_desktop.domain.absences import MAX_NOTE
from cutover_desktop.domain.calendar import WorkingCalendar
from cutover_desktop.domain.entities import register_entity
from cutover_desktop.domain.errors import ValidationError
from cutover_desktop.domain.ids import PersonId, TaskId
from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.staff_roles import (
    CLINICIAN,
    PRACTICE_MANAGER,
    RECEPTIONIST,
    TRAINER,
    Organisation,
)
from cutover_desktop.domain.working_hours import MINUTES_PER_DAY, check_day

if TYPE_CHECKING:
    from cutover_desktop.domain.plan import PlanState

MAX_NAME = 100
MAX_ROLE = 60
MAX_TEXT = 200


@dataclass(frozen=True)
class Person:
    """Someone in the staff register: practice staff, CSU staff or a supplier's.

    Attributes:
        smartcard_on: the day their smartcard was (or will be) activated for the new
            system; None when it is not arranged.
        trained_on: the day they were (or will be) trained on the new system.
    """

    id: PersonId
    name: str
    role: str
    organisation: Organisation = Organisation.PRACTICE
    contact: str = ""
    site: str = ""
    smartcard_on: date | None = None
    trained_on: date | None = None
    notes: str = ""

    def validate(self) -> None:
        if not self.name.strip():
            raise ValidationError("Give the person's name.", "name")
        if len(self.name) > MAX_NAME:
            raise ValidationError(f"A name can be at most {MAX_NAME} characters.", "name")
        if not self.role.strip():
            raise ValidationError("Give the person's role.", "role")
        if len(self.role) > MAX_ROLE:
            raise ValidationError(f"A role can be at most {MAX_ROLE} characters.", "role")
        if len(self.contact) > MAX_TEXT:
            raise ValidationError(f"Contact details can be at most {MAX_TEXT} characters.",
                                  "contact")
        if len(self.site) > MAX_TEXT:
            raise ValidationError(f"A site can be at most {MAX_TEXT} characters.", "site")
        if len(self.notes) > MAX_NOTE:
            raise ValidationError(f"Notes can be at most {MAX_NOTE} characters.", "notes")
        if self.smartcard_on is not None:
            check_day(self.smartcard_on, "smartcard_on")
        if self.trained_on is not None:
            check_day(self.trained_on, "trained_on")

    def smartcard_by(self, day: date) -> bool:
        return self.smartcard_on is not None and self.smartcard_on <= day

    def trained_by(self, day: date) -> bool:
        return self.trained_on is not None and self.trained_on <= day


@dataclass(frozen=True)
class Assignment:
    """A person assigned to a task; `minutes` a day, or None to follow the task's times."""

    task_id: TaskId
    person_id: PersonId
    minutes: int | None = None

    def validate(self) -> None:
        if self.minutes is not None and not 1 <= self.minutes <= MINUTES_PER_DAY:
            raise ValidationError("Hours a day must be more than 0 and at most 24.", "minutes")


class CoverDay(StrEnum):
    """The key days that need particular roles present."""

    FDP = "FDP"
    TGL = "TGL"
    BGL = "BGL"
    BGL_1 = "BGL+1"
    BGL_2 = "BGL+2"

    @property
    def label(self) -> str:
        return {"FDP": "Final Data Production", "TGL": "Technical Go Live",
                "BGL": "Business Go Live", "BGL+1": "the first working day after go-live",
                "BGL+2": "the second working day after go-live"}[self.value]


@dataclass(frozen=True)
class CoverNeed:
    """On a key day, at least `count` people of a role (or role group) must be at work."""

    day: CoverDay
    role: str
    count: int = 1

    def validate(self) -> None:
        if not self.role.strip():
            raise ValidationError("Say which role is needed.", "role")
        if len(self.role) > MAX_ROLE:
            raise ValidationError(f"A role can be at most {MAX_ROLE} characters.", "role")
        if not 1 <= self.count <= 99:
            raise ValidationError("The number needed must be 1 to 99.", "count")


DEFAULT_COVER_NEEDS: tuple[CoverNeed, ...] = tuple(
    CoverNeed(day, role)
    for day in CoverDay
    for role in (PRACTICE_MANAGER, CLINICIAN, RECEPTIONIST)
) + (CoverNeed(CoverDay.BGL, TRAINER),)


def cover_days(key_dates: Mapping[KeyDate, date], calendar: WorkingCalendar) -> dict[CoverDay,
                                                                                     date]:
    """The date of each cover day; BGL+1 and BGL+2 are the next two working days after BGL."""
    bgl = key_dates[KeyDate.BGL]
    after = calendar.next_working_day(bgl)
    return {
        CoverDay.FDP: key_dates[KeyDate.FDP],
        CoverDay.TGL: key_dates[KeyDate.TGL],
        CoverDay.BGL: bgl,
        CoverDay.BGL_1: after,
        CoverDay.BGL_2: calendar.next_working_day(after),
    }


def people_of(state: PlanState) -> list[Person]:
    """The staff register, by name."""
    found = [p for p in state.table("staff").values() if isinstance(p, Person)]
    return sorted(found, key=lambda p: (p.name.casefold(), p.id))


def assignments_of(state: PlanState) -> list[Assignment]:
    return [a for a in state.table("assignment").values() if isinstance(a, Assignment)]


register_entity(Person, "staff", lambda person: person.id)
register_entity(Assignment, "assignment", lambda a: (a.task_id, a.person_id))
register_entity(CoverNeed, "cover_need", lambda need: (need.day.value, need.role))
