"""CoverageModel: people down, days across; each cell says the day's state, hours and conflicts."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from cutover_desktop.domain.absences import AbsenceKind
from cutover_desktop.domain.availability import DayState
from cutover_desktop.domain.coverage import Cell, Coverage, Row
from cutover_desktop.domain.formatting import day_abbr, hhmm, month_abbr, plural, uk_date
from cutover_desktop.domain.ids import TaskId
from cutover_desktop.domain.staff import Person
from cutover_desktop.domain.staff_roles import role_meets
from cutover_desktop.domain.staff_rules import Conflict
from cutover_desktop.domain.working_hours import hours_text, pattern_summary
from cutover_desktop.ui.style import tone

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
# The domain Cell, the person's id and the day (datetime.date) behind an index.
CELL_ROLE = Qt.ItemDataRole.UserRole + 1
PERSON_ID_ROLE = Qt.ItemDataRole.UserRole + 2
DAY_ROLE = Qt.ItemDataRole.UserRole + 3

# Each state has a symbol and a word, so colour is never the only signal.
STATE_SYMBOLS = {
    DayState.WORKING: "✓",
    DayState.PART_ABSENT: "◑",
    DayState.ABSENT: "✗",
    DayState.NOT_WORKING: "·",
    DayState.BANK_HOLIDAY: "",
    DayState.CLOSED: "",
}
CONFLICT_SYMBOL = "⚠"
KEY_DAY_SYMBOL = "★"
# Light backgrounds with dark text: readable whatever the window's palette.
STATE_COLOURS = {
    DayState.WORKING: "#dff0d8",
    DayState.PART_ABSENT: "#fff1c1",
    DayState.ABSENT: "#f9d3b4",
    DayState.NOT_WORKING: "#ededed",
    DayState.BANK_HOLIDAY: "#d9e4f5",
    DayState.CLOSED: "#e4ddee",
}
TEXT_COLOUR = "#1b1b1b"
CONFLICT_COLOUR = "#a1000e"
LEGEND = (
    ("✓ In", "at work"),
    ("◑", "away part of the day"),
    ("✗", "away all day (the word says why)"),
    ("· Off", "not one of their working days"),
    ("BH", "bank holiday"),
    ("Closed", "practice closed"),
    ("2/7.5h", "hours assigned / hours available"),
    ("⚠2", "conflicts that day"),
    ("★", "key date"),
)


def state_word(cell: Cell) -> str:
    """'In', 'Leave', 'Sick', 'Off', 'BH', 'Closed'."""
    if cell.state in (DayState.ABSENT, DayState.PART_ABSENT) and cell.absences:
        return cell.absences[0].kind.short
    return {DayState.WORKING: "In", DayState.PART_ABSENT: "Away", DayState.ABSENT: "Away",
            DayState.NOT_WORKING: "Off", DayState.BANK_HOLIDAY: "BH",
            DayState.CLOSED: "Closed"}[cell.state]


def short_hours(minutes: int) -> str:
    return hours_text(minutes).removesuffix(" h")


def cell_text(cell: Cell) -> str:
    """Two short lines: the state with its symbol (or the conflict count), then the hours."""
    symbol = STATE_SYMBOLS[cell.state]
    if cell.conflicts:
        symbol = f"{CONFLICT_SYMBOL}{len(cell.conflicts)}"
    first = f"{symbol} {state_word(cell)}".strip()
    if cell.assigned:
        second = f"{short_hours(cell.assigned)}/{short_hours(cell.available)}h"
    elif cell.task_ids:
        second = plural(len(cell.task_ids), "task")
    elif cell.state.at_work:
        second = f"{short_hours(cell.available)}h"
    else:
        second = ""
    return f"{first}\n{second}"


_AWAY_WORDS = {AbsenceKind.ANNUAL_LEAVE: "on annual leave", AbsenceKind.TRAINING: "on training",
               AbsenceKind.SICKNESS: "off sick", AbsenceKind.OTHER: "away"}


def cell_description(person: Person, day: date, cell: Cell, holiday: str | None,
                     titles: Mapping[TaskId, str], messages: Callable[[Conflict], str]) -> str:
    """A full sentence for screen readers and tooltips."""
    parts = [f"{person.name}, {uk_date(day)}:"]
    if cell.state is DayState.BANK_HOLIDAY:
        parts.append(f"bank holiday ({holiday}).")
    elif cell.state is DayState.CLOSED:
        parts.append("the practice is closed.")
    elif cell.state is DayState.NOT_WORKING:
        parts.append("not one of their working days.")
    elif cell.state is DayState.ABSENT:
        away = cell.absences[0]
        parts.append(f"{_AWAY_WORDS[away.kind]} all day.")
    else:
        shift = cell.shift
        hours = f"{hhmm(shift.start)}–{hhmm(shift.end)}" if shift else ""
        parts.append(f"working {hours}, {hours_text(cell.available)} available.")
        if cell.state is DayState.PART_ABSENT:
            for away in cell.absences:
                parts.append(f"{_AWAY_WORDS[away.kind].capitalize()} "
                             f"{hhmm(away.start_time)}–{hhmm(away.end_time)}.")
    if cell.task_ids:
        named = "; ".join(titles.get(t, f"task {t}") for t in cell.task_ids)
        assigned = f"{hours_text(cell.assigned)} of " if cell.assigned else ""
        parts.append(f"Assigned {assigned}{plural(len(cell.task_ids), 'task')}: {named}.")
    if cell.conflicts:
        parts.append(f"{plural(len(cell.conflicts), 'conflict')}:")
        parts += [messages(conflict) for conflict in cell.conflicts]
    return " ".join(parts)


class CoverageModel(QAbstractTableModel):
    """The coverage grid for one window, optionally only the people who meet a role."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._coverage: Coverage | None = None
        self._rows: list[Row] = []
        self._role: str | None = None
        self._titles: Mapping[TaskId, str] = {}
        self._messages: Callable[[Conflict], str] = lambda c: c.reason
        self._counts: list[int] = []
        # Cell texts by id(cell), for the cells of the coverage shown (which keeps them alive).
        self._texts: dict[int, str] = {}
        self._brushes = {state: QBrush(QColor(colour)) for state, colour in
                         STATE_COLOURS.items()}
        self._text = QBrush(QColor(TEXT_COLOUR))
        self._conflict_text = QBrush(QColor(CONFLICT_COLOUR))
        self._bold = QFont()
        self._bold.setBold(True)

    # Loading

    def set_coverage(self, coverage: Coverage, titles: Mapping[TaskId, str] | None = None,
                     messages: Callable[[Conflict], str] | None = None) -> None:
        self.beginResetModel()
        self._coverage = coverage
        self._texts = {}
        self._titles = titles or {}
        if messages is not None:
            self._messages = messages
        self._filter()
        self.endResetModel()

    def set_role(self, role: str | None) -> None:
        """Show only people who meet a role or role group (None for everyone)."""
        if role == self._role:
            return
        self.beginResetModel()
        self._role = role
        self._filter()
        self.endResetModel()

    def _filter(self) -> None:
        rows = list(self._coverage.rows) if self._coverage else []
        if self._role:
            rows = [row for row in rows if role_meets(self._role, row.person.role)]
        self._rows = rows
        days = len(self._coverage.days) if self._coverage else 0
        self._counts = [sum(1 for row in rows if row.cells[column].state.at_work)
                        for column in range(days)]

    # Reading

    @property
    def coverage(self) -> Coverage | None:
        return self._coverage

    def person_at(self, row: int) -> Person:
        return self._rows[row].person

    def row_of_person(self, person_id: int) -> int | None:
        for number, row in enumerate(self._rows):
            if row.person.id == person_id:
                return number
        return None

    def column_of(self, day: date) -> int | None:
        return self._coverage.column_of(day) if self._coverage else None

    def day_at(self, column: int) -> date:
        assert self._coverage is not None
        return self._coverage.days[column]

    def at_work(self, column: int) -> int:
        """People shown who are at work on the day."""
        return self._counts[column]

    def describe(self, index: Index) -> str:
        if not index.isValid() or self._coverage is None:
            return ""
        row = self._rows[index.row()]
        day = self._coverage.days[index.column()]
        return cell_description(row.person, day, row.cells[index.column()],
                                self._coverage.holidays.get(day), self._titles, self._messages)

    def day_description(self, column: int) -> str:
        """'Mon 15 Mar 2027, Technical Go Live: 23 of 30 at work. No receptionist ...'."""
        assert self._coverage is not None
        day = self._coverage.days[column]
        parts = [uk_date(day)]
        marks = self._coverage.marks.get(day, ())
        if marks:
            parts[0] += f", {' and '.join(marks)}"
        holiday = self._coverage.holidays.get(day)
        if holiday:
            parts[0] += f", bank holiday ({holiday})"
        parts[0] += f": {self._counts[column]} of {len(self._rows)} at work."
        parts += [self._messages(gap) for gap in self._coverage.gaps.get(day, ())]
        return " ".join(parts)

    # The Qt model

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        if parent.isValid() or self._coverage is None:
            return 0
        return len(self._coverage.days)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._coverage is None:
            return None
        cell = self._rows[index.row()].cells[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            # Painting asks often; ordinary days share one Cell, so one text each.
            text = self._texts.get(id(cell))
            if text is None:
                text = self._texts[id(cell)] = cell_text(cell)
            return text
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._brushes[cell.state]
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._conflict_text if cell.conflicts else self._text
        if role == Qt.ItemDataRole.FontRole:
            return self._bold if cell.conflicts else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.describe(index)
        if role == CELL_ROLE:
            return cell
        if role == PERSON_ID_ROLE:
            return int(self._rows[index.row()].person.id)
        if role == DAY_ROLE:
            return self._coverage.days[index.column()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self._coverage is None:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self._coverage.days):
                return None
            return self._day_header(section, role)
        if not 0 <= section < len(self._rows):
            return None
        return self._person_header(self._rows[section], role)

    def _day_header(self, column: int, role: int) -> Any:
        assert self._coverage is not None
        day = self._coverage.days[column]
        marks = self._coverage.marks.get(day, ())
        gaps = self._coverage.gaps.get(day, ())
        if role == Qt.ItemDataRole.DisplayRole:
            mark = f"{KEY_DAY_SYMBOL}{'/'.join(marks)}" if marks else ""
            if day in self._coverage.holidays:
                # Bank holidays named in the heading, not only in the cells below.
                mark = f"Bank hol. {mark}".strip() if mark else "Bank holiday"
            if gaps:
                mark = f"{mark} {CONFLICT_SYMBOL}{len(gaps)}".strip()
            return (f"{day_abbr(day)}\n{day.day} {month_abbr(day)}\n{mark}\n"
                    f"{self._counts[column]} in")
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.day_description(column)
        if role == Qt.ItemDataRole.FontRole and (marks or gaps):
            return self._bold
        if role == Qt.ItemDataRole.ForegroundRole and gaps:
            return QBrush(tone("problem"))  # on the header colour, light or dark
        return None

    def _person_header(self, row: Row, role: int) -> Any:
        person = row.person
        if role == Qt.ItemDataRole.DisplayRole:
            flag = f" {CONFLICT_SYMBOL}" if row.person_conflicts else ""
            return f"{person.name}{flag}\n{person.role}"
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            shifts = next((c.shift for c in row.cells if c.shift), None)
            parts = [f"{person.name}, {person.role}, {person.organisation.label}."]
            if shifts is not None:
                works = [c.shift for c in row.cells if c.shift]
                unique = {s.weekday: s for s in works}
                parts.append(f"Works {pattern_summary(unique.values())}.")
            parts += [self._messages(c) for c in row.person_conflicts]
            return " ".join(parts)
        if role == Qt.ItemDataRole.ForegroundRole and row.person_conflicts:
            return QBrush(tone("problem"))
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
