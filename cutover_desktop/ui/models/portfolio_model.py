"""The portfolio's table: one practice a row, with a proxy that searches and filters."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor

from cutover_desktop.domain.formatting import uk_date
from cutover_desktop.domain.portfolio import PlanSummary, Rag
from cutover_desktop.domain.portfolio_overview import Portfolio
from cutover_desktop.reports.portfolio import days_text, gate_text, state_text
from cutover_desktop.ui.models.base import Index, ReadOnlyTableModel

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

# Who has a plan open is rarely needed at a glance, so it comes after the plan's state.
RAG_COLUMN, ODS, PRACTICE, SUPPLIERS, BGL, NEXT_KEY, DAYS, PROGRESS, PROBLEMS, WARNINGS, \
    GATE, SIGNED, OPEN_BY, WHY = range(14)
HEADERS = ("RAG", "ODS", "Practice", "Old → new", "BGL", "Next key date", "Days to it",
           "Progress", "Problems", "Warnings", "Next gate", "Gate signed", "Open by",
           "Why this RAG")
# Light backgrounds behind the RAG word: the word itself says the status.
RAG_BACKGROUND = {Rag.RED: "#f8d0d0", Rag.AMBER: "#fde3b5", Rag.GREEN: "#cfe8d0",
                  Rag.UNKNOWN: "#e0e0e0"}


class PortfolioModel(ReadOnlyTableModel):
    headers = HEADERS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: tuple[PlanSummary, ...] = ()
        self._today = date.today()
        # Every cell's text, worked out once: views ask for them many times.
        self._texts: list[tuple[str, ...]] = []

    def row_count(self) -> int:
        return len(self._rows)

    def set_portfolio(self, portfolio: Portfolio) -> None:
        self.beginResetModel()
        self._rows = portfolio.rows
        self._today = portfolio.today
        self._texts = [tuple(self._text(row, column) for column in range(len(HEADERS)))
                       for row in self._rows]
        self.endResetModel()

    def summary(self, row: int) -> PlanSummary:
        return self._rows[row]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts[index.row()][column]
        if role == SORT_ROLE:
            return self._sort_value(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column in (RAG_COLUMN, WHY):
                return row.rag_reason
            if column == PRACTICE:
                return row.source if row.readable else row.message
            if column == GATE and row.next_gate is not None:
                return row.next_gate.describe()
            return None
        if role == Qt.ItemDataRole.BackgroundRole and column == RAG_COLUMN:
            return QColor(RAG_BACKGROUND[row.rag])
        if role == Qt.ItemDataRole.ForegroundRole and column == RAG_COLUMN:
            return QColor("#000000")
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (DAYS, PROBLEMS, WARNINGS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, row: PlanSummary, column: int) -> str:
        if column == RAG_COLUMN:
            return row.rag.label
        if column == OPEN_BY:
            return row.locked_by
        if column == WHY:
            return row.rag_reason
        if not row.readable:
            return state_text(row) if column == PRACTICE else ""
        found = row.next_key_date(self._today)
        if column == ODS:
            return row.ods_code
        if column == PRACTICE:
            return row.practice
        if column == SUPPLIERS:
            return row.suppliers_text
        if column == BGL:
            return uk_date(row.go_live) if row.go_live else ""
        if column == NEXT_KEY:
            return f"{found[0].short} {uk_date(found[1])}" if found else "All passed"
        if column == DAYS:
            return days_text((found[1] - self._today).days) if found else ""
        if column == PROGRESS:
            return row.progress_text
        if column == PROBLEMS:
            return str(row.problems) + (f" (+{row.shared_problems} shared)"
                                        if row.shared_problems else "")
        if column == WARNINGS:
            return str(row.warnings)
        if column == GATE:
            return gate_text(row)[0]
        if column == SIGNED:
            gate = row.next_gate
            return "" if gate is None else "Signed" if gate.signed else f"No ({gate.state.label})"
        return ""

    def _sort_value(self, row: PlanSummary, column: int) -> Any:
        """Numbers (dates as day numbers: Qt cannot compare Python dates), else the text."""
        found = row.next_key_date(self._today) if row.readable else None
        last = date.max.toordinal()
        values: dict[int, Any] = {
            RAG_COLUMN: row.rag.rank,
            BGL: row.go_live.toordinal() if row.go_live else last,
            NEXT_KEY: found[1].toordinal() if found else last,
            DAYS: (found[1] - self._today).days if found else last,
            PROGRESS: row.progress if row.readable else -1.0,
            PROBLEMS: row.problems + row.shared_problems,
            WARNINGS: row.warnings,
            GATE: row.next_gate.day.toordinal() if row.next_gate and row.next_gate.day
            else last,
        }
        if column in values:
            return values[column]
        return self._text(row, column).casefold()


class PortfolioFilter(StrEnum):
    ALL = "All practices"
    RED = "Red"
    AMBER = "Amber"
    GREEN = "Green"
    UNKNOWN = "Not known (could not be read)"
    OPEN_ELSEWHERE = "Open by someone"
    NEXT_30_DAYS = "Go-live in the next 30 days"
    SHARED_PROBLEMS = "Shared-people Problems"


class PortfolioProxy(QSortFilterProxyModel):
    """Search (practice, ODS code, suppliers, file) and one filter, sorted by native values."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self._search = ""
        self._filter = PortfolioFilter.ALL
        self.today = date.today()

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self._search = text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_filter(self, which: PortfolioFilter) -> None:
        self.beginFilterChange()
        self._filter = which
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int,
                         source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        model = self.sourceModel()
        row = model.index(source_row, 0, source_parent).data(ROW_ROLE)
        if not isinstance(row, PlanSummary):
            return False
        return self._matches_search(row) and self._matches_filter(row)

    def _matches_search(self, row: PlanSummary) -> bool:
        if not self._search:
            return True
        words = " ".join((row.practice, row.ods_code, row.old_supplier, row.new_supplier,
                          row.source, row.locked_by)).casefold()
        return all(part in words for part in self._search.split())

    def _matches_filter(self, row: PlanSummary) -> bool:
        which = self._filter
        by_rag = {PortfolioFilter.RED: Rag.RED, PortfolioFilter.AMBER: Rag.AMBER,
                  PortfolioFilter.GREEN: Rag.GREEN, PortfolioFilter.UNKNOWN: Rag.UNKNOWN}
        if which in by_rag:
            return row.rag is by_rag[which]
        if which is PortfolioFilter.OPEN_ELSEWHERE:
            return bool(row.locked_by)
        if which is PortfolioFilter.NEXT_30_DAYS:
            return (row.go_live is not None
                    and self.today <= row.go_live <= self.today + timedelta(days=30))
        if which is PortfolioFilter.SHARED_PROBLEMS:
            return row.shared_problems > 0
        return True
