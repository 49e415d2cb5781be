"""Staff models: the register, a person's working patterns, absences and assigned tasks."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import Qt

from cutover_desktop.domain.absences import Absence
from cutover_desktop.domain.availability import StaffBook, task_minutes
from cutover_desktop.domain.days import day_count
from cutover_desktop.domain.formatting import hhmm, plural, uk_date
from cutover_desktop.domain.ids import TaskId
from cutover_desktop.domain.model import Task
from cutover_desktop.domain.scheduling import TaskDates
from cutover_desktop.domain.staff import Assignment, Person
from cutover_desktop.domain.working_hours import WorkingPattern, hours_text
from cutover_desktop.ui.models.base import Index, ReadOnlyTableModel

# A value that sorts the column the way a person expects (dates as dates, text folded).
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
# The domain value behind the row (Person, WorkingPattern, Absence or Assignment).
VALUE_ROLE = Qt.ItemDataRole.UserRole + 2
YES = "✔"
NO = "✘"


@dataclass(frozen=True)
class TableRow:
    value: object
    cells: tuple[str, ...]
    sort_keys: tuple[Any, ...]
    tips: tuple[str, ...] = ()


class RowsModel(ReadOnlyTableModel):
    """A read-only table of prepared rows: texts, sort values and the value behind each row."""

    def __init__(self, headers: Sequence[str], tips: Sequence[str] = (),
                 parent: Any = None) -> None:
        super().__init__(parent)
        self.headers = tuple(headers)
        self.header_tips = tuple(tips)
        self._rows: list[TableRow] = []

    def set_rows(self, rows: Sequence[TableRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[TableRow]:
        return list(self._rows)

    def value(self, row: int) -> object:
        return self._rows[row].value

    def row_of(self, value: object) -> int | None:
        for number, row in enumerate(self._rows):
            if row.value == value:
                return number
        return None

    def row_count(self) -> int:
        return len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return row.cells[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = row.tips[column] if column < len(row.tips) else ""
            return tip or row.cells[column] or None
        if role == SORT_ROLE:
            return row.sort_keys[column]
        if role == VALUE_ROLE:
            return row.value
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Rows are numbered down the side.
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return super().headerData(section, orientation, role)


def ready_text(day: date | None, by: date) -> str:
    """'✔ Mon 1 Mar 2027', '✘ Tue 16 Mar 2027 (after TGL)', '✘ Not yet'."""
    if day is None:
        return f"{NO} Not yet"
    if day <= by:
        return f"{YES} {uk_date(day)}"
    return f"{NO} {uk_date(day)} (after TGL)"


(STAFF_NAME, STAFF_ROLE, STAFF_ORGANISATION, STAFF_WORKS, STAFF_SITE, STAFF_TRAINED,
 STAFF_SMARTCARD, STAFF_CONTACT, STAFF_CONFLICTS) = range(9)
STAFF_HEADERS = ("Name", "Role", "Organisation", "Works", "Site", "Trained", "Smartcard",
                 "Contact", "Conflicts")
STAFF_TIPS = (
    "The person's name",
    "Their role in the migration",
    "Practice, CSU, old supplier or new supplier",
    "Their working days and hours today (a later change is shown in their details)",
    "Where they work",
    "Trained on the new system, and when",
    "Smartcard activated for the new system, and when",
    "Phone or e-mail",
    "Staff conflicts about them on the dashboard",
)


class StaffTableModel(RowsModel):
    """One row per person in the register."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(STAFF_HEADERS, STAFF_TIPS, parent)

    def set_staff(self, people: Sequence[Person], book: StaffBook, today: date, tgl: date,
                  conflicts: Mapping[int, int]) -> None:
        rows = []
        for person in people:
            pattern = book.pattern_on(person.id, today) or _first(book, person)
            works = pattern.summary() if pattern else "No working pattern"
            later = [p for p in book.patterns.get(person.id, ()) if p.valid_from
                     and p.valid_from > today]
            if later:
                works += f" (changes {uk_date(later[0].valid_from)})"  # type: ignore[arg-type]
            count = conflicts.get(person.id, 0)
            cells = (person.name, person.role, person.organisation.label, works, person.site,
                     ready_text(person.trained_on, tgl), ready_text(person.smartcard_on, tgl),
                     person.contact, f"⚠ {count}" if count else "None")
            keys = (person.name.casefold(), person.role.casefold(), person.organisation.label,
                    works, person.site.casefold(), person.trained_on or date.max,
                    person.smartcard_on or date.max, person.contact, count)
            rows.append(TableRow(person, cells, keys))
        self.set_rows(rows)


def _first(book: StaffBook, person: Person) -> WorkingPattern | None:
    found = book.patterns.get(person.id)
    return found[0] if found else None


PATTERN_HEADERS = ("From", "Days and hours", "Hours a week")


class PatternModel(RowsModel):
    """A person's working patterns, the one they start with first."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(PATTERN_HEADERS, ("When the pattern starts", "Which weekdays and "
                                           "hours", "Total hours in a week"), parent)

    def set_patterns(self, patterns: Sequence[WorkingPattern]) -> None:
        rows = []
        for pattern in patterns:
            start = uk_date(pattern.valid_from) if pattern.valid_from else "The start"
            rows.append(TableRow(pattern, (start, pattern.summary(),
                                           hours_text(pattern.weekly_minutes)),
                                 (pattern.valid_from or date.min, pattern.summary(),
                                  pattern.weekly_minutes)))
        self.set_rows(rows)


ABSENCE_HEADERS = ("Kind", "From", "To", "Hours", "Note")


def absence_hours(absence: Absence) -> str:
    if absence.is_part_day:
        return f"{hhmm(absence.start_time)}–{hhmm(absence.end_time)}"
    return "All day"


class AbsenceModel(RowsModel):
    """Absences, soonest first."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(ABSENCE_HEADERS, ("Annual leave, training, sickness or other",
                                           "First day away", "Last day away",
                                           "All day, or the hours of each day", "Note"), parent)

    def set_absences(self, absences: Sequence[Absence]) -> None:
        rows = []
        for absence in absences:
            cells = (absence.kind.label, uk_date(absence.first), uk_date(absence.last),
                     absence_hours(absence), absence.note)
            keys = (absence.kind.label, absence.first, absence.last, absence_hours(absence),
                    absence.note.casefold())
            rows.append(TableRow(absence, cells, keys))
        self.set_rows(rows)


ASSIGNED_HEADERS = ("Task", "When", "Hours a day")


def assigned_hours_text(assignment: Assignment, task: Task | None) -> str:
    """'1.5 h', 'From the task's times (1 h)', 'Not given (not counted)'."""
    if assignment.minutes is not None:
        return hours_text(assignment.minutes)
    by_task = task_minutes(task) if task else None
    if by_task:
        return f"From the task’s times ({hours_text(by_task)})"
    # Coverage counts no hours for it, so say so rather than a bare 'Not set'.
    return "Not given (not counted)"


def when_text(placed: TaskDates | None) -> str:
    if placed is None:
        return ""
    if placed.start == placed.end:
        return uk_date(placed.start)
    return f"{uk_date(placed.start)} ({plural(day_count(placed.start, placed.end), 'day')})"


class AssignedTasksModel(RowsModel):
    """The tasks a person is assigned, in date order."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(ASSIGNED_HEADERS, ("The task", "When it is planned",
                                            "Hours a day they give it"), parent)

    def set_assignments(self, assignments: Sequence[Assignment], tasks: Mapping[TaskId, Task],
                        dates: Mapping[TaskId, TaskDates]) -> None:
        rows = []
        for assignment in assignments:
            task = tasks.get(assignment.task_id)
            placed = dates.get(assignment.task_id)
            title = f"#{assignment.task_id} {task.title}" if task else "A deleted task"
            span = (f"{uk_date(placed.start)} to {uk_date(placed.end)}" if placed else "")
            rows.append(TableRow(assignment, (title, when_text(placed),
                                              assigned_hours_text(assignment, task)),
                                 (title.casefold(), placed.start if placed else date.max,
                                  assignment.minutes or 0), (title, span, "")))
        self.set_rows(rows)
