"""AuditTableModel: the audit trail, newest first, read a page at a time as the view scrolls."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from cutover_desktop.domain.formatting import uk_date
from cutover_desktop.services.audit import AuditQuery, AuditSummary, AuditTrail, kind_label
from cutover_desktop.ui.models.base import ReadOnlyTableModel

COL_ID, COL_WHEN, COL_ACTION, COL_KIND, COL_RECORD, COL_CHANGE, COL_LOGIN, COL_TYPED = range(8)
HEADERS = ("#", "When", "What was done", "Kind", "Record", "Change", "Computer login",
           "Name typed")
PAGE = 500
# The entry's id, for views that show it in full.
ENTRY_ID_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


def when_text(entry: AuditSummary) -> str:
    """'Sat 28 Nov 2026 13:57:23' in the computer's time zone."""
    if entry.at is None:
        return "(time unreadable)"
    local = entry.at.astimezone()
    return f"{uk_date(local.date())} {local:%H:%M:%S}"


def _cells(entry: AuditSummary) -> tuple[str, ...]:
    return (str(entry.id), when_text(entry), entry.action, kind_label(entry.entity),
            entry.entity_key, entry.change.capitalize(), entry.os_user, entry.typed_name)


class AuditTableModel(ReadOnlyTableModel):
    """Rows come from an AuditTrail query; more are fetched as the view reaches the end.

    Only the rows fetched so far are held (a page is 500), so a trail of 100,000 entries
    opens at once and holds little memory.
    """

    headers = HEADERS

    def row_count(self) -> int:
        return len(self._rows)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._trail: AuditTrail | None = None
        self._query = AuditQuery()
        self._rows: list[AuditSummary] = []
        self._cells: list[tuple[str, ...]] = []
        self._total = 0

    def set_source(self, trail: AuditTrail | None, query: AuditQuery | None = None) -> None:
        """Show the entries of this trail matching the query, from the newest."""
        self.beginResetModel()
        self._trail = trail
        if query is not None:
            self._query = query
        self._rows, self._cells = [], []
        self._total = trail.count(self._query) if trail is not None else 0
        if trail is not None:
            self._append(trail.page(self._query, None, PAGE))
        self.endResetModel()

    def set_query(self, query: AuditQuery) -> None:
        self.set_source(self._trail, query)

    def reload(self) -> None:
        """Read again from the start (new entries are at the top)."""
        self.set_source(self._trail)

    @property
    def query(self) -> AuditQuery:
        return self._query

    @property
    def total(self) -> int:
        """How many entries match the query (fetched or not)."""
        return self._total

    def entry(self, row: int) -> AuditSummary:
        return self._rows[row]

    def _append(self, page: list[AuditSummary]) -> None:
        self._rows += page
        self._cells += [_cells(e) for e in page]

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008 - Qt's signature
        return (not parent.isValid() and self._trail is not None
                and len(self._rows) < self._total)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent) or self._trail is None:
            return
        page = self._trail.page(self._query, self._rows[-1].id if self._rows else None, PAGE)
        if not page:
            self._total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._append(page)
        self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._cells[index.row()][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == COL_ACTION:
            return self._cells[index.row()][COL_ACTION]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == COL_ID:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ENTRY_ID_ROLE:
            return self._rows[index.row()].id
        return None
