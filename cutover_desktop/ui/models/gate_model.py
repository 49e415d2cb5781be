"""GateTableModel: the sign-off gates, one row each, with their state in words and a symbol."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from cutover_desktop.domain.formatting import uk_date
from cutover_desktop.domain.signoff import GateState, GateStatus
from cutover_desktop.ui.models.base import ReadOnlyTableModel
from cutover_desktop.ui.style import tone

COL_GATE, COL_DATE, COL_STATE, COL_TASKS, COL_SIGNED_BY, COL_SIGNED_AT = range(6)
HEADERS = ("Gate", "Date", "State", "Its tasks", "Signed by", "Signed")
# The gate's key, for views that act on the row.
GATE_KEY_ROLE = Qt.ItemDataRole.UserRole + 1
# The whole GateStatus.
STATUS_ROLE = Qt.ItemDataRole.UserRole + 2

# A state is never colour alone: each has a symbol and words.
STATE_SYMBOLS = {
    GateState.NOT_DUE: "○",
    GateState.DUE: "●",
    GateState.OVERDUE: "▲",
    GateState.SIGNED: "✔",
    GateState.CHANGED: "≠",
    GateState.WITHDRAWN: "✘",
}
# The palette tone of each state (ui/style.py); None keeps the palette's text colour.
_STATE_TONES: dict[GateState, str | None] = {
    GateState.NOT_DUE: None, GateState.DUE: "note", GateState.OVERDUE: "problem",
    GateState.SIGNED: "good", GateState.CHANGED: "warning", GateState.WITHDRAWN: "key_date_line",
}

Index = QModelIndex | QPersistentModelIndex


def state_text(state: GateState) -> str:
    """'✔ Signed': the symbol and the words."""
    return f"{STATE_SYMBOLS[state]} {state.label}"


def state_colour(state: GateState) -> QColor | None:
    name = _STATE_TONES[state]
    return None if name is None else tone(name)


def _cells(status: GateStatus) -> tuple[str, ...]:
    gate, current = status.gate, status.current
    if current is None:
        signed_by = signed_at = ""
    else:
        signed_by = f"{current.signed_by} ({current.role})"
        signed_at = uk_date(current.signed_at.astimezone().date())
    open_count, count = len(status.open_tasks), len(gate.task_ids)
    if not count:
        tasks = "None left in the plan"
    elif count == 1:
        tasks = "Not done" if open_count else "Done"
    else:
        tasks = f"{open_count} of {count} not done" if open_count else f"All {count} done"
    return (gate.title, uk_date(gate.day) if gate.day else "–", state_text(status.state),
            tasks, signed_by, signed_at)


class GateTableModel(ReadOnlyTableModel):
    """One row per gate, in date order; `set_rows` is the only way to load it."""

    headers = HEADERS

    def row_count(self) -> int:
        return len(self._rows)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[GateStatus] = []
        self._cells: list[tuple[str, ...]] = []

    def set_rows(self, statuses: Sequence[GateStatus]) -> None:
        self.beginResetModel()
        self._rows = list(statuses)
        self._cells = [_cells(s) for s in self._rows]
        self.endResetModel()

    def status(self, row: int) -> GateStatus:
        return self._rows[row]

    def row_of(self, gate_key: str) -> int:
        """The row of a gate, or -1."""
        return next((i for i, s in enumerate(self._rows) if s.gate.key == gate_key), -1)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        status = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._cells[index.row()][column]
        if role == Qt.ItemDataRole.ToolTipRole:
            if status.changes:
                return "Changed since signed:\n" + "\n".join(status.changes)
            if column == COL_GATE and status.gate.day is None:
                return "Its tasks were removed from the plan; its sign-offs are kept."
            return None
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_STATE:
            return state_colour(status.state)
        if role == GATE_KEY_ROLE:
            return status.gate.key
        if role == STATUS_ROLE:
            return status
        return None
