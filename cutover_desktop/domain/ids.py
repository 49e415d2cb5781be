"""Typed identifiers, so a task id is never passed where another id is expected."""

from typing import NewType

TaskId = NewType("TaskId", int)
PersonId = NewType("PersonId", int)
AbsenceId = NewType("AbsenceId", int)
