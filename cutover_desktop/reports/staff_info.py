"""What the staff feature tells a printout or export: who does each task, who is in and who is off.

Reports depend only on this small value, not on how staff are stored, so the day schedule,
the person's schedule, the calendar and the task files work the same with or without a staff
register. `services/printouts.py` fills it from the staff feature when the plan has one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date

from cutover_desktop.domain.ids import TaskId


@dataclass(frozen=True)
class PersonOnDay:
    """A person as a day schedule lists them: "Sam Patel, Receptionist, 08:30–13:00"."""

    name: str
    role: str = ""
    detail: str = ""  # their hours that day, or why they are off ("Annual leave")


@dataclass(frozen=True)
class StaffDay:
    working: tuple[PersonOnDay, ...] = ()
    off: tuple[PersonOnDay, ...] = ()


def _no_day(_day: date) -> StaffDay:
    return StaffDay()


@dataclass(frozen=True)
class StaffInfo:
    """Attributes:
        names: everyone in the staff register, in the order the register lists them.
        assignees: for each task, the names of the people assigned to it.
        day: who is working and who is off on a day.
    """

    names: tuple[str, ...] = ()
    assignees: Mapping[TaskId, tuple[str, ...]] = field(default_factory=dict)
    day: Callable[[date], StaffDay] = _no_day

    @property
    def present(self) -> bool:
        """True when the plan has a staff register (so "who is in" sections are printed)."""
        return bool(self.names)

    def assigned_to(self, task_id: TaskId) -> tuple[str, ...]:
        return self.assignees.get(task_id, ())

    def find(self, name: str) -> str | None:
        """The register's spelling of a name typed in any case, or None."""
        wanted = " ".join(name.split()).casefold()
        for known in self.names:
            if " ".join(known.split()).casefold() == wanted:
                return known
        return None

    def tasks_of(self, name: str) -> frozenset[TaskId]:
        return frozenset(task_id for task_id, people in self.assignees.items() if name in people)


NO_STAFF = StaffInfo()
