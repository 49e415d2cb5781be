"""What every register shares: limits, entity kinds, text checks, due dates and settings."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, TypeVar

from cutover_desktop.domain.entities import register_entity
from cutover_desktop.domain.errors import ValidationError
from cutover_desktop.domain.nhs_number import is_valid
from cutover_desktop.domain.register_kinds import (  # noqa: F401 - the registers take them from here
    BATCH,
    EQUIPMENT,
    HELD,
    ISSUE,
    KINDS,
    LINK,
    MESH,
    NUMBER,
    PARTNER,
    PROGRESS,
    SETTINGS,
)

if TYPE_CHECKING:
    from cutover_desktop.domain.plan import PlanState



REENTRY_TARGET_DAYS = 7
EXTENSION_DECISION_DAYS = 30
REMINDER_DAYS_BEFORE = 7
NOTICE_WARNING_DAYS = 7
MESH_WARNING_DAYS = 14
MAX_COUNT = 100_000
MAX_NOTICE_DAYS = 365
MAX_NAME = 200
MAX_NOTES = 2000
EXTENSION_TAG = "extension_decision"


# The paper the guide says comes back for re-entry after go-live.
GUIDE_CATEGORIES = (
    "Appointments",
    "Consultations",
    "Lab results",
    "Prescriptions",
    "Urgent referrals (copy kept)",
    "Registration tasks",
    "Patient opt-out codes",
    "Scanned correspondence",
)

# Ten digits, spaced or not, that could be an NHS number typed into a free-text field.
_NUMBER_LIKE = re.compile(r"(?<!\d)\d{3}[\s\-]?\d{3}[\s\-]?\d{4}(?!\d)")


# Checks shared by every register


def clean_text(value: str) -> str:
    """The text with its ends trimmed and runs of spaces inside a line made single."""
    lines = [" ".join(line.split()) for line in value.strip().splitlines()]
    return "\n".join(lines).strip()


def check_no_patient_data(text: str, field: str) -> None:
    """Refuse free text holding an NHS number: registers hold counts, references and dates."""
    for match in _NUMBER_LIKE.finditer(text):
        if is_valid(match.group()):
            raise ValidationError(
                "That looks like an NHS number. The registers keep patient details out: use a "
                "batch reference, a count and dates instead.", field)


def check_name(value: str, field: str, what: str) -> None:
    if not value.strip():
        raise ValidationError(f"Give the {what}.", field)
    if len(value) > MAX_NAME:
        raise ValidationError(f"The {what} can be at most {MAX_NAME} characters.", field)
    check_no_patient_data(value, field)


def check_short(value: str, field: str, what: str) -> None:
    if len(value) > MAX_NAME:
        raise ValidationError(f"The {what} can be at most {MAX_NAME} characters.", field)
    check_no_patient_data(value, field)


def check_notes(value: str, field: str = "notes") -> None:
    if len(value) > MAX_NOTES:
        raise ValidationError(f"Notes can be at most {MAX_NOTES} characters.", field)
    check_no_patient_data(value, field)


def check_who_and_when(on: date | None, by: str, fields: tuple[str, str], *, who: str,
                       when: str) -> None:
    """A step recorded as done names both the day and the person: `who` is the refusal when
    the name is missing, `when` when the day is. `fields` are the day's field, then the name's."""
    on_field, by_field = fields
    if on is not None and not by.strip():
        raise ValidationError(who, by_field)
    if by and on is None:
        raise ValidationError(when, on_field)


def check_count(value: int, field: str, what: str, minimum: int = 1) -> None:
    if not minimum <= value <= MAX_COUNT:
        raise ValidationError(f"The {what} must be a whole number from {minimum} to "
                              f"{MAX_COUNT:,}.", field)


# Due and overdue


class Due(StrEnum):
    """Where a dated piece of work stands on a given day."""

    DONE = "done"
    NOT_DUE = "not_due"
    DUE_SOON = "due_soon"
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"

    @property
    def label(self) -> str:
        return {"done": "Done", "not_due": "Not due yet", "due_soon": "Due soon",
                "due_today": "Due today", "overdue": "Overdue"}[self.value]

    @property
    def symbol(self) -> str:
        """A mark for screens, so status is never told by colour alone."""
        return {"done": "✔", "not_due": "○", "due_soon": "◔", "due_today": "◉",
                "overdue": "▲"}[self.value]


def due_state(due: date | None, today: date, *, done: bool = False,
              soon_days: int = 7) -> Due:
    """Done, not due, due within `soon_days`, due today, or overdue (the day has passed)."""
    if done:
        return Due.DONE
    if due is None:
        return Due.NOT_DUE
    if today > due:
        return Due.OVERDUE
    if today == due:
        return Due.DUE_TODAY
    if (due - today).days <= soon_days:
        return Due.DUE_SOON
    return Due.NOT_DUE


# Settings


@dataclass(frozen=True)
class RegisterSettings:
    """Per-plan choices for the registers.

    Attributes:
        reentry_target: the day re-entry should reach zero outstanding; None means
            Business Go Live + 7 days, so it moves when go-live moves.
        record_nhs_numbers: the plan has opted in to recording NHS numbers against
            re-entry batches.
        numbers_purged_on: the day recorded NHS numbers were last purged, if ever.
    """

    reentry_target: date | None = None
    record_nhs_numbers: bool = False
    numbers_purged_on: date | None = None


OPT_IN_EXPLANATION = (
    "Recording NHS numbers puts patient-identifiable data in this plan file. Anyone who can "
    "open the file, or a copy or backup of it, can read them. Keep the file on a secure NHS "
    "drive, never e-mail it, and purge the numbers as soon as re-entry is complete and "
    "checked: the purge removes them from the file for good, but backup copies made while "
    "the numbers were recorded still hold them until those backups are deleted.")


def settings_of(state: PlanState) -> RegisterSettings:
    found = state.table(SETTINGS).get("registers")
    return found if isinstance(found, RegisterSettings) else RegisterSettings()


Row = TypeVar("Row")


def rows_of(state: PlanState, kind: str, cls: type[Row]) -> list[Row]:
    return [row for row in state.table(kind).values() if isinstance(row, cls)]


register_entity(RegisterSettings, SETTINGS, lambda _settings: "registers")
