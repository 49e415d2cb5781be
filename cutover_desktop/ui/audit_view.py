"""AuditView: the audit trail with filters, one entry in full, and whether the chain verifies."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta
from typing import Any

from PySide6.QtCore import QDate, QModelIndex, Qt, QTimer
from PySide6.QtGui import QFontDatabase, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cutover_desktop.domain.changes import Changes
from cutover_desktop.domain.formatting import plural
from cutover_desktop.services.audit import (
    AuditQuery,
    ChainCheck,
    field_changes,
    kind_label,
    verify,
)
from cutover_desktop.services.signoff import signoff_problems
from cutover_desktop.ui.models.audit_model import (
    COL_ACTION,
    COL_CHANGE,
    COL_ID,
    COL_KIND,
    COL_LOGIN,
    COL_RECORD,
    COL_TYPED,
    COL_WHEN,
    HEADERS,
    AuditTableModel,
)
from cutover_desktop.ui.qt_dates import UK_DATE_FORMAT, from_qdate
from cutover_desktop.ui.session import PlanSession

# The earliest date a filter offers stands for "any date" (shown as "Any").
_ANY_DATE = QDate(2000, 1, 1)
_GOOD_STYLE = "color: #1b5e20; font-weight: bold;"
_BAD_STYLE = "color: #b00020; font-weight: bold;"


def _value_text(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, str):
        return value if value else "(empty)"
    return json.dumps(value, ensure_ascii=False)


class AuditView(QWidget):
    """Every change to the plan, newest first, filtered by date, person and kind.

    The chain is verified when the view is first shown, after each change while it is
    shown, and when the person asks; the head hash is always on show so it can be written
    down or compared with a printout.
    """

    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._stale = True
        self._check: ChainCheck | None = None
        self._problems: list[str] = []

        self.from_edit = self._date_edit("Entries from this date")
        self.to_edit = self._date_edit("Entries up to this date")
        self.person_combo = QComboBox()
        self.person_combo.setAccessibleName("Person: computer login or typed name")
        self.person_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.person_combo.setMinimumContentsLength(14)
        self.kind_combo = QComboBox()
        self.kind_combo.setAccessibleName("Kind of record")
        self.kind_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.kind_combo.setMinimumContentsLength(14)
        self.clear_button = QPushButton("&Clear filters")
        self.clear_button.setAccessibleName("Clear the filters")
        filters = QHBoxLayout()
        for text, widget in (("Fro&m", self.from_edit), ("Unti&l", self.to_edit),
                             ("Perso&n", self.person_combo), ("&What kind", self.kind_combo)):
            label = QLabel(text)
            label.setBuddy(widget)
            filters.addWidget(label)
            filters.addWidget(widget)
        filters.addWidget(self.clear_button)
        filters.addStretch(1)

        self.chain_label = QLabel()
        self.chain_label.setAccessibleName("Whether the audit chain verifies")
        self.chain_label.setTextFormat(Qt.TextFormat.PlainText)
        self.chain_label.setWordWrap(True)
        self.chain_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.verify_button = QPushButton("Verif&y again")
        self.verify_button.setAccessibleName("Verify the audit chain again")
        chain_row = QHBoxLayout()
        chain_row.addWidget(self.chain_label, 1)
        chain_row.addWidget(self.verify_button)
        self.head_label = QLabel()
        self.head_label.setAccessibleName("Audit chain head")
        self.head_label.setTextFormat(Qt.TextFormat.PlainText)
        self.head_label.setWordWrap(True)
        self.head_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                                | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        fixed.setPointSizeF(self.font().pointSizeF())
        self.head_label.setFont(fixed)

        self.model = AuditTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Audit trail entries")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self._size_columns()
        self.count_label = QLabel()
        self.count_label.setAccessibleName("How many entries are shown")
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)

        self.detail = QPlainTextEdit()
        self.detail.setReadOnly(True)
        self.detail.setAccessibleName("The selected entry in full")
        self.detail.setTabChangesFocus(True)
        self.detail.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setAccessibleName("Entries and the selected entry")
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.addLayout(chain_row)
        layout.addWidget(self.head_label)
        layout.addLayout(filters)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.count_label)

        self._verify_timer = QTimer(self)
        self._verify_timer.setSingleShot(True)
        self._verify_timer.setInterval(250)
        self._verify_timer.timeout.connect(self.verify_chain)
        for edit in (self.from_edit, self.to_edit):
            edit.dateChanged.connect(self._on_filter_changed)
        self.person_combo.currentIndexChanged.connect(self._on_filter_changed)
        self.kind_combo.currentIndexChanged.connect(self._on_filter_changed)
        self.clear_button.clicked.connect(self.clear_filters)
        self.verify_button.clicked.connect(self.verify_chain)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.model.rowsInserted.connect(self._update_count)
        self.model.modelReset.connect(self._update_count)
        session.changed.connect(self._on_session_changed)
        session.plan_opened.connect(self._on_plan_opened)
        self._load_choices()
        self.model.set_source(session.service.audit_trail, AuditQuery())
        self._select_first()
        self._show_head()

    def _size_columns(self) -> None:
        """Widths from the font, wide enough for the longest usual value and the header."""
        metrics = self.table.fontMetrics()
        header = self.table.horizontalHeader()
        # What was done comes first and is wide; a narrow window scrolls sideways to the rest.
        samples = {COL_ID: "100,000", COL_WHEN: "Wed 30 Sep 2026 23:59:59",
                   COL_ACTION: "Withdraw the sign-off of “Clinical risk assessment”",
                   COL_LOGIN: "practice.manager", COL_TYPED: "Dr Asha Patel-Jones",
                   COL_KIND: "Sign-off withdrawal", COL_RECORD: "2027-03-16",
                   COL_CHANGE: "Changed"}
        padding = metrics.averageCharWidth() * 3
        for column, sample in samples.items():
            width = max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(
                HEADERS[column]))
            header.resizeSection(column, width + padding)
        header.setMinimumSectionSize(metrics.averageCharWidth() * 4)

    def _date_edit(self, name: str) -> QDateEdit:
        edit = QDateEdit()
        edit.setDisplayFormat(UK_DATE_FORMAT)
        edit.setCalendarPopup(True)
        edit.setDateRange(_ANY_DATE, QDate(2099, 12, 31))
        edit.setSpecialValueText("Any")
        edit.setDate(_ANY_DATE)
        edit.setAccessibleName(name)
        return edit

    # Filters

    def _load_choices(self) -> None:
        trail = self.session.service.audit_trail
        person, kind = self.person_combo.currentData(), self.kind_combo.currentData()
        for combo in (self.person_combo, self.kind_combo):
            combo.blockSignals(True)
            combo.clear()
        self.person_combo.addItem("Everyone", None)
        for name in trail.people():
            self.person_combo.addItem(name, name)
        self.kind_combo.addItem("All kinds", None)
        for value in trail.kinds():
            self.kind_combo.addItem(kind_label(value), value)
        self.person_combo.setCurrentIndex(max(0, self.person_combo.findData(person)))
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(kind)))
        for combo in (self.person_combo, self.kind_combo):
            combo.blockSignals(False)

    def query(self) -> AuditQuery:
        """The filters as a query: dates are whole local days."""
        since = until = None
        if self.from_edit.date() != _ANY_DATE:
            since = datetime.combine(from_qdate(self.from_edit.date()), time()).astimezone()
        if self.to_edit.date() != _ANY_DATE:
            end = from_qdate(self.to_edit.date()) + timedelta(days=1)
            until = datetime.combine(end, time()).astimezone()
        return AuditQuery(since, until, self.person_combo.currentData(),
                          self.kind_combo.currentData())

    def clear_filters(self) -> None:
        for widget in (self.from_edit, self.to_edit, self.person_combo, self.kind_combo):
            widget.blockSignals(True)
        self.from_edit.setDate(_ANY_DATE)
        self.to_edit.setDate(_ANY_DATE)
        self.person_combo.setCurrentIndex(0)
        self.kind_combo.setCurrentIndex(0)
        for widget in (self.from_edit, self.to_edit, self.person_combo, self.kind_combo):
            widget.blockSignals(False)
        self._on_filter_changed()

    # The chain

    def verify_chain(self) -> ChainCheck:
        """Walk the whole chain now and show the verdict."""
        self._verify_timer.stop()
        service = self.session.service
        self._check = verify(service)
        self._problems = signoff_problems(service) if self._check.ok else []
        check = self._check
        if check.ok and not self._problems:
            self.chain_label.setText(
                f"✔ The audit chain verifies: {plural(check.entries, 'entry', 'entries')}, "
                "none changed, removed, added or moved outside the program.")
            self.chain_label.setStyleSheet(_GOOD_STYLE)
        else:
            problem = check.problem if not check.ok else "; ".join(self._problems)
            self.chain_label.setText(
                f"✘ The audit chain does not verify: {problem}. The plan file was changed "
                "outside the program; keep a copy of it and tell whoever looks after it.")
            self.chain_label.setStyleSheet(_BAD_STYLE)
        self._show_head()
        self._stale = False
        return check

    @property
    def chain_check(self) -> ChainCheck | None:
        return self._check

    def _show_head(self) -> None:
        head_id, head_hash = self.session.service.audit_head()
        self.head_label.setText(f"Chain head (entry {head_id}): {head_hash}")

    # Slots

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._verify_timer.start(0)

    def _on_filter_changed(self, *_args: object) -> None:
        self.model.set_query(self.query())
        self._select_first()

    def _on_session_changed(self, changes: Changes) -> None:
        if not changes:
            return
        self._load_choices()
        self.model.reload()
        self._select_first()
        self._show_head()
        self._stale = True
        if self.isVisible():
            self._verify_timer.start()

    def _on_plan_opened(self) -> None:
        self._check = None
        self.chain_label.clear()
        self._load_choices()
        self.model.set_source(self.session.service.audit_trail, self.query())
        self._select_first()
        self._show_head()
        self._stale = True
        if self.isVisible():
            self._verify_timer.start(0)

    def _select_first(self) -> None:
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.model.index(0, COL_ID))
        self._show_entry()

    def _on_current_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_entry()

    def _update_count(self, *_args: object) -> None:
        shown, total = self.model.rowCount(), self.model.total
        more = " (scroll down for more)" if shown < total else ""
        self.count_label.setText(f"Showing {shown:,} of {plural(total, 'entry', 'entries')}"
                                 f"{more}.")

    def _show_entry(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            self.detail.setPlainText("No entry selected.")
            return
        summary = self.model.entry(index.row())
        entry = self.session.service.audit_trail.entry(summary.id)
        if entry is None:
            self.detail.setPlainText("That entry is no longer in the file.")
            return
        lines = [f"Entry {entry.id}: {entry.action}",
                 f"{kind_label(entry.entity)} {entry.entity_key}, {summary.change}, by "
                 f"computer login {entry.os_user}"
                 + (f" (name typed: {summary.typed_name})" if summary.typed_name else ""),
                 ""]
        changes = field_changes(entry)
        if summary.change == "changed":
            lines += [f"{c.field}: {_value_text(c.before)} → {_value_text(c.after)}"
                      for c in changes] or ["No field changed."]
        else:
            lines += [f"{c.field}: {_value_text(c.after if c.after is not None else c.before)}"
                      for c in changes]
        lines += ["", f"Hash: {entry.hash}", f"Follows: {entry.prev_hash}"]
        self.detail.setPlainText("\n".join(lines))
