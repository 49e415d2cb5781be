"""FindingsModel: the plan's warnings as a table that sorts and filters by severity."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from cutover_desktop.domain.formatting import uk_date
from cutover_desktop.domain.warnings import Finding, Severity
from cutover_desktop.ui.models.base import ReadOnlyTableModel
from cutover_desktop.ui.style import tone

COL_SEVERITY, COL_MESSAGE, COL_DATE, COL_CONCERNS = range(4)
HEADERS = ("Severity", "Message", "Date", "Concerns")
# The finding itself, for views that act on it.
FINDING_ROLE = Qt.ItemDataRole.UserRole + 1
# A value that sorts the column the way a person expects (dates by date, severity by rank).
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

# Status is never colour alone: each severity has a symbol and a word.
SEVERITY_SYMBOLS = {Severity.PROBLEM: "✖", Severity.WARNING: "▲", Severity.NOTE: "ℹ"}
# The palette tone of each severity (ui/style.py).
_SEVERITY_TONES = {Severity.PROBLEM: "problem", Severity.WARNING: "warning",
                   Severity.NOTE: "note"}

Index = QModelIndex | QPersistentModelIndex


def severity_text(severity: Severity) -> str:
    """'✖ Problem': the symbol and the word, so no one has to tell colours apart."""
    return f"{SEVERITY_SYMBOLS[severity]} {severity.label}"


def severity_colour(severity: Severity) -> QColor:
    """A colour for the severity that stays readable on the current palette."""
    return tone(_SEVERITY_TONES[severity])


@dataclass(frozen=True)
class _Row:
    finding: Finding
    cells: tuple[str, str, str, str]
    sort_keys: tuple[str, str, str, str]


class FindingsModel(ReadOnlyTableModel):
    """One row per finding: severity, message, date (UK style) and what it concerns.

    The model sorts and filters by severity itself, on values worked out once per refresh:
    a sorting proxy would call back into Python for every comparison, which is slow with
    thousands of findings.
    """

    headers = HEADERS

    def row_count(self) -> int:
        return len(self._shown)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._all: list[_Row] = []
        self._shown: list[_Row] = []
        self._severity: Severity | None = None
        self._sort_column = COL_SEVERITY
        self._sort_order = Qt.SortOrder.AscendingOrder

    def set_findings(self, findings: Sequence[Finding],
                     task_titles: Mapping[int, str] | None = None) -> None:
        """Show these findings; task_titles names the task each one concerns."""
        titles = task_titles or {}
        days: dict[date, str] = {}
        rows = []
        for finding in findings:
            if finding.task_id is not None:
                concern = titles.get(finding.task_id, f"Task {finding.task_id}")
            else:
                concern = finding.subject or "The plan"
            when = ""
            if finding.day is not None:
                when = days.get(finding.day) or days.setdefault(finding.day,
                                                                uk_date(finding.day))
            cells = (severity_text(finding.severity), finding.message, when, concern)
            day = (finding.day or date.max).isoformat()
            # Severity sorts worst first, then soonest: the order a person works through them.
            keys = (f"{finding.severity.rank}{day}", finding.message.casefold(), day,
                    concern.casefold())
            rows.append(_Row(finding, cells, keys))
        self.beginResetModel()
        self._all = rows
        self._shown = self._arranged()
        self.endResetModel()

    def _arranged(self) -> list[_Row]:
        shown = [row for row in self._all
                 if self._severity is None or row.finding.severity == self._severity]
        column = self._sort_column
        # Ties keep the worst-first order, whichever way the column runs.
        shown.sort(key=lambda row: row.sort_keys[COL_SEVERITY])
        shown.sort(key=lambda row: row.sort_keys[column],
                   reverse=self._sort_order == Qt.SortOrder.DescendingOrder)
        return shown

    def finding(self, row: int) -> Finding:
        return self._shown[row].finding

    def findings(self) -> list[Finding]:
        """The findings shown, in the order shown."""
        return [row.finding for row in self._shown]

    @property
    def severity(self) -> Severity | None:
        return self._severity

    def set_severity(self, severity: Severity | None) -> None:
        """Show only findings of this severity; None shows them all."""
        if severity == self._severity:
            return
        self.beginResetModel()
        self._severity = severity
        self._shown = self._arranged()
        self.endResetModel()

    # Qt model interface

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(HEADERS):
            return
        self.layoutAboutToBeChanged.emit()
        old = {id(row): number for number, row in enumerate(self._shown)}
        self._sort_column, self._sort_order = column, order
        self._shown = self._arranged()
        new = {id(row): number for number, row in enumerate(self._shown)}
        moved = {old_row: new[key] for key, old_row in old.items()}
        persistent = self.persistentIndexList()
        self.changePersistentIndexList(
            persistent, [self.index(moved[index.row()], index.column()) for index in persistent])
        self.layoutChanged.emit()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        column = index.column()
        if (not index.isValid() or not 0 <= index.row() < len(self._shown)
                or not 0 <= column < len(HEADERS)):
            return None
        row = self._shown[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return row.cells[column]
        if role == FINDING_ROLE:
            return row.finding
        if role == SORT_ROLE:
            return row.sort_keys[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_SEVERITY:
                return f"{row.finding.severity.label} ({row.finding.code})"
            return row.cells[column] or None
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_SEVERITY:
            return severity_colour(row.finding.severity)
        return None
