"""What every register panel shares: a table, labels, buttons, confirmations and edits."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QWidget,
)

from cutover_desktop.domain.changes import Changes
from cutover_desktop.domain.registers import KINDS, Due
from cutover_desktop.reports.registers import summary_lines
from cutover_desktop.services.registers import RegistersService
from cutover_desktop.ui.forms import ConfirmDialog
from cutover_desktop.ui.models.registers_models import ROW_ROLE, RegisterModel
from cutover_desktop.ui.session import PlanSession

# Changes to these kinds can alter what the registers show (dates follow the key dates).
RELEVANT_KINDS = frozenset(KINDS) | {"plan", "task", "calendar_day"}


def text_label(text: str = "", name: str = "", wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(wrap)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setAccessibleName(name or text)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def due_text(due: Due) -> str:
    return f"{due.symbol} {due.label}"


class RegisterTable(QTableView):
    """A register's rows: sortable, one row selected at a time, Enter or double-click edits."""

    def __init__(self, model: RegisterModel, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setAccessibleName(name)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # Keep the register's own order until a person clicks a heading.
        self.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.setSortingEnabled(True)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().lineSpacing() + 8)

    def sizeHint(self) -> QSize:
        # A few rows by default: the panel grows the table into whatever room there is.
        hint = super().sizeHint()
        rows = self.verticalHeader().defaultSectionSize() * 5
        return QSize(hint.width(), self.horizontalHeader().sizeHint().height() + rows + 4)

    def register_model(self) -> RegisterModel:
        model = self.model()
        assert isinstance(model, RegisterModel)
        return model

    def current_item(self) -> Any:
        index = self.currentIndex()
        if not index.isValid() or not self.selectionModel().isSelected(index):
            return None
        return index.data(ROW_ROLE)

    def select_where(self, predicate: Callable[[Any], bool]) -> None:
        row = self.register_model().row_of(predicate)
        if row >= 0:
            self.selectRow(row)

    def fit_columns(self) -> None:
        """Columns as wide as their text (at the current font), the last one stretching."""
        self.resizeColumnsToContents()
        limit = self.fontMetrics().averageCharWidth() * 40
        for column in range(self.register_model().columnCount() - 1):
            if self.columnWidth(column) > limit:
                self.setColumnWidth(column, limit)


class RegisterPanel(QWidget):
    """Common parts of a register screen: a summary line, buttons and a table."""

    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._edit_buttons: list[QPushButton] = []
        self._needs_selection: list[QPushButton] = []

    @property
    def registers(self) -> RegistersService:
        return RegistersService(self.session.service)

    def _button(self, text: str, slot: Callable[[], object], name: str = "",
                needs_selection: bool = False) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name or text.replace("&", "").rstrip("…"))
        button.clicked.connect(lambda _checked=False: slot())
        self._edit_buttons.append(button)
        if needs_selection:
            self._needs_selection.append(button)
        return button

    def _row_of_buttons(self, *buttons: QPushButton) -> QHBoxLayout:
        row = QHBoxLayout()
        for button in buttons:
            row.addWidget(button)
        row.addStretch(1)
        return row

    @staticmethod
    def _tab_order(*widgets: QWidget) -> None:
        """Tab moves through the screen in reading order: buttons, then the table below."""
        for first, second in zip(widgets, widgets[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def _update_buttons(self, has_selection: bool) -> None:
        read_only = self.session.service.read_only
        for button in self._edit_buttons:
            button.setEnabled(not read_only)
        for button in self._needs_selection:
            button.setEnabled(not read_only and has_selection)

    def _open(self, dialog: QDialog) -> QDialog:
        dialog.open()
        return dialog

    def _confirm(self, title: str, text: str, confirm_text: str,
                 action: Callable[[], object], tick_text: str = "") -> ConfirmDialog:
        dialog = ConfirmDialog(title, text, confirm_text, self, tick_text)
        dialog.accepted.connect(lambda: action())
        dialog.open()
        return dialog

    def _edit(self, method: Callable[..., Changes], *args: Any) -> Changes | None:
        return self.session.edit(method, *args)

    def refresh(self) -> None:
        raise NotImplementedError


def summary_text(state: Any, today: date, name: str) -> str:
    for register, text in summary_lines(state, today):
        if register == name:
            return f"{register}: {text}."
    return ""
