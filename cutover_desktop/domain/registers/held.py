"""Held registrations: patients registering during the cut-over, followed up after go-live."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from cutover_desktop.domain.entities import register_entity
from cutover_desktop.domain.errors import ValidationError
from cutover_desktop.domain.formatting import plural, uk_date
from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.registers.common import (
    HELD,
    Due,
    check_count,
    check_notes,
    check_short,
    due_state,
    rows_of,
)
from cutover_desktop.domain.warnings import Finding, Severity

if TYPE_CHECKING:
    from cutover_desktop.domain.plan import PlanState



# Held registrations


@dataclass(frozen=True)
class HeldRegistration:
    """New patients who came during the cut-over and were asked to come back after go-live.

    Attributes:
        follow_up_on: when they were asked to come back; None means Business Go Live.
    """

    id: int
    came_on: date
    count: int = 1
    reference: str = ""
    follow_up_on: date | None = None
    completed: int = 0
    completed_on: date | None = None
    completed_by: str = ""
    notes: str = ""

    def validate(self) -> None:
        check_count(self.count, "count", "number of patients")
        if not 0 <= self.completed <= self.count:
            raise ValidationError(
                f"Completed registrations must be 0 to {self.count} (the number held).",
                "completed")
        if self.completed and self.completed_on is None:
            raise ValidationError("Say when the registrations were completed.", "completed_on")
        if self.completed_on is not None and self.completed_on < self.came_on:
            raise ValidationError("Registrations cannot be completed before the patients came.",
                                  "completed_on")
        if self.follow_up_on is not None and self.follow_up_on < self.came_on:
            raise ValidationError("The follow-up date cannot be before the day they came.",
                                  "follow_up_on")
        check_short(self.reference, "reference", "reference")
        check_short(self.completed_by, "completed_by", "name of who completed them")
        check_notes(self.notes)

    @property
    def outstanding(self) -> int:
        return self.count - self.completed


def held_registrations(state: PlanState) -> list[HeldRegistration]:
    return sorted(rows_of(state, HELD, HeldRegistration), key=lambda h: (h.came_on, h.id))


def follow_up_day(held: HeldRegistration, bgl: date) -> date:
    return held.follow_up_on if held.follow_up_on is not None else bgl


def held_due(held: HeldRegistration, bgl: date, today: date) -> Due:
    return due_state(follow_up_day(held, bgl), today, done=held.outstanding == 0, soon_days=2)


def held_findings(state: PlanState, today: date) -> list[Finding]:
    found = []
    bgl = state.schedule.key_dates[KeyDate.BGL]
    for held in held_registrations(state):
        subject = held.reference or f"held on {uk_date(held.came_on)}"
        follow_up = follow_up_day(held, bgl)
        due = held_due(held, bgl, today)
        people = plural(held.outstanding, "registration")
        if due is Due.OVERDUE:
            found.append(Finding(
                "HELD_REGISTRATION_OVERDUE", Severity.WARNING,
                f"{people} held during the cut-over ({subject}) should have been completed "
                f"from {uk_date(follow_up)}.", follow_up, subject=subject))
        elif due is Due.DUE_TODAY:
            found.append(Finding(
                "HELD_REGISTRATION_DUE", Severity.NOTE,
                f"Complete {people} held during the cut-over ({subject}) today.",
                follow_up, subject=subject))
        if held.outstanding and follow_up < bgl:
            found.append(Finding(
                "HELD_FOLLOW_UP_IN_CUTOVER", Severity.WARNING,
                f"Held registrations ({subject}) are due back on {uk_date(follow_up)}, before "
                f"Business Go Live ({uk_date(bgl)}), when they cannot be registered.",
                follow_up, subject=subject))
    return found


register_entity(HeldRegistration, HELD, lambda held: held.id)
