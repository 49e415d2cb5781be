"""FindingsModel: the plan's warnings as a sortable, filterable table."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QGuiApplication

from cutover_desktop.domain.formatting import uk_date
from cutover_desktop.domain.warnings import Finding, Severity

COL_SEVERITY, COL_MESSAGE, COL_DATE, COL_CONCERNS = range(4)
HEADERS = ("Severity", "Message", "Date", "Concerns")
# The finding itself, for views that act on it.
FINDING_ROLE = Qt.ItemDataRole.UserRole + 1
# A value that sorts the column the way a person expects (dates by date, severity by rank).
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

# Status is never colour alone: each severity has a symbol and a word.
SEVERITY_SYMBOLS = {Severity.PROBLEM: "✖", Severity.WARNING: "▲", Severity.NOTE: "ℹ"}
# (on a light background, on a dark one)
_SEVERITY_COLOURS = {
    Severity.PROBLEM: ("#b71c1c", "#ff8a80"),
    Severity.WARNING: ("#8a5300", "#ffd180"),
    Severity.NOTE: ("#0d47a1", "#82b1ff"),
}

Index = QModelIndex | QPersistentModelIndex


def severity_text(severity: Severity) -> str:
    """'✖ Problem': the symbol and the word, so no one has to tell colours apart."""
    return f"{SEVERITY_SYMBOLS[severity]} {severity.label}"


def severity_colour(severity: Severity) -> QColor:
    """A colour for the severity that stays readable on the current palette."""
    dark = QGuiApplication.palette().base().color().lightness() < 128
    return QColor(_SEVERITY_COLOURS[severity][1 if dark else 0])


class FindingsModel(QAbstractTableModel):
    """One row per finding: severity, message, date (UK style) and what it concerns."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._findings: list[Finding] = []
        self._concerns: list[str] = []

    def set_findings(self, findings: Sequence[Finding],
                     task_titles: Mapping[int, str] | None = None) -> None:
        """Show these findings; task_titles names the task each one concerns."""
        titles = task_titles or {}
        self.beginResetModel()
        self._findings = list(findings)
        self._concerns = [self._concern(finding, titles) for finding in self._findings]
        self.endResetModel()

    @staticmethod
    def _concern(finding: Finding, titles: Mapping[int, str]) -> str:
        if finding.task_id is not None:
            return titles.get(finding.task_id, f"Task {finding.task_id}")
        if finding.subject:
            return finding.subject
        return "The plan"

    def finding(self, row: int) -> Finding:
        return self._findings[row]

    def findings(self) -> list[Finding]:
        return list(self._findings)

    # Qt model interface

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._findings)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(HEADERS)):
            return HEADERS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._findings):
            return None
        finding = self._findings[index.row()]
        column = index.column()
        if role == FINDING_ROLE:
            return finding
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(finding, index.row(), column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_MESSAGE:
                return finding.message
            if column == COL_SEVERITY:
                return f"{finding.severity.label} ({finding.code})"
            return self._display(finding, index.row(), column)
        if role == SORT_ROLE:
            return self._sort_key(finding, index.row(), column)
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_SEVERITY:
            return severity_colour(finding.severity)
        return None

    def _display(self, finding: Finding, row: int, column: int) -> str:
        if column == COL_SEVERITY:
            return severity_text(finding.severity)
        if column == COL_MESSAGE:
            return finding.message
        if column == COL_DATE:
            return uk_date(finding.day) if finding.day else ""
        return self._concerns[row]

    def _sort_key(self, finding: Finding, row: int, column: int) -> Any:
        if column == COL_SEVERITY:
            # Worst first, then soonest: the order a person works through them.
            return f"{finding.severity.rank}{(finding.day or date.max).isoformat()}"
        if column == COL_DATE:
            return (finding.day or date.max).isoformat()
        return self._display(finding, row, column).casefold()


class FindingsFilter(QSortFilterProxyModel):
    """Sorts the findings and shows one severity, or all of them."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._severity: Severity | None = None
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)

    @property
    def severity(self) -> Severity | None:
        return self._severity

    def set_severity(self, severity: Severity | None) -> None:
        """Show only findings of this severity; None shows them all."""
        if severity == self._severity:
            return
        if hasattr(self, "beginFilterChange"):  # Qt 6.9 and later
            self.beginFilterChange()
            self._severity = severity
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._severity = severity
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if self._severity is None:
            return True
        model = self.sourceModel()
        index = model.index(source_row, COL_SEVERITY, source_parent)
        finding = model.data(index, FINDING_ROLE)
        return finding is not None and finding.severity == self._severity
