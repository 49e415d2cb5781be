"""AuditView: the audit trail with filters, one entry in full, and whether the chain verifies."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from PySide6.QtCore import QDate, QModelIndex, Qt, QTimer
from PySide6.QtGui import QFont, QFontDatabase, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cutover_desktop.domain.changes import Changes
from cutover_desktop.domain.formatting import plural
from cutover_desktop.services.audit import (
    AuditQuery,
    AuditRecord,
    ChainCheck,
    kind_label,
    verify,
)
from cutover_desktop.services.signoff import signoff_problems
from cutover_desktop.ui.date_entry import DateEntry
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
    FieldChangesModel,
    when_text,
)
from cutover_desktop.ui.qt_dates import UK_DATE_FORMAT, from_qdate
from cutover_desktop.ui.session import PlanSession
from cutover_desktop.ui.style import set_tone

# The earliest date a filter offers stands for "any date" (shown as "Any").
_ANY_DATE = QDate(2000, 1, 1)


def exact_record_text(entry: AuditRecord) -> str:
    """The entry exactly as the chain hashes it, with its hash and the one it follows."""
    return "\n".join([
        f"Entry {entry.id} exactly as recorded: its hash is the SHA-256 of the text between "
        "the blank lines below, as UTF-8.",
        "",
        entry.exact_text,
        "",
        f"Hash:    {entry.hash}",
        f"Follows: {entry.prev_hash}",
    ])


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

        self.detail = self._build_detail(fixed)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setAccessibleName("Entries and the selected entry")
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
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
        self.exact_check.toggled.connect(self._on_exact_check_toggled)
        self.model.rowsInserted.connect(self._update_count)
        self.model.modelReset.connect(self._update_count)
        session.changed.connect(self._on_session_changed)
        session.plan_opened.connect(self._on_plan_opened)
        self._load_choices()
        self.model.set_source(session.service.audit_trail, AuditQuery())
        self._select_first()
        self._show_head()

    def _build_detail(self, fixed_font: QFont) -> QWidget:
        """The selected entry: what it did to which record, its fields in words, and (on
        request) the exact text the hash covers."""
        pane = QWidget()
        pane.setAccessibleName("The selected entry in full")
        self.entry_label = QLabel()
        self.entry_label.setAccessibleName("The selected entry")
        self.entry_label.setTextFormat(Qt.TextFormat.PlainText)
        self.entry_label.setWordWrap(True)
        self.entry_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.fields_model = FieldChangesModel(self)
        self.fields_view = QTableView()
        self.fields_view.setModel(self.fields_model)
        self.fields_view.setAccessibleName("Fields of the selected entry, in words")
        self.fields_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.fields_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.fields_view.setTabKeyNavigation(False)
        self.fields_view.setWordWrap(True)
        self.fields_view.verticalHeader().hide()
        self.fields_view.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        fields_header = self.fields_view.horizontalHeader()
        fields_header.setHighlightSections(False)
        self.exact_check = QCheckBox("Show the e&xact record (the text the hash covers)")
        self.exact_check.setAccessibleName("Show the exact record the hash covers")
        self.exact_text = QPlainTextEdit()
        self.exact_text.setReadOnly(True)
        self.exact_text.setAccessibleName("The exact record the hash covers")
        self.exact_text.setTabChangesFocus(True)
        self.exact_text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.exact_text.setFont(fixed_font)
        self.detail_stack = QStackedWidget()
        self.detail_stack.addWidget(self.fields_view)
        self.detail_stack.addWidget(self.exact_text)
        layout = QVBoxLayout(pane)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.entry_label)
        layout.addWidget(self.detail_stack, 1)
        layout.addWidget(self.exact_check)
        return pane

    def _size_fields_columns(self) -> None:
        """The field names as wide as they need (up to a third); the values share the rest."""
        header = self.fields_view.horizontalHeader()
        metrics = self.fields_view.fontMetrics()
        width = max(self.fields_view.viewport().width(), metrics.averageCharWidth() * 60)
        label_width = max((metrics.horizontalAdvance(r[0]) for r in self.fields_model.rows()),
                          default=metrics.horizontalAdvance("Field"))
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, min(width // 3, label_width + metrics.averageCharWidth() * 3))
        for column in range(1, self.fields_model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)

    def _size_columns(self) -> None:
        """Widths from the font, wide enough for the longest usual value and the header."""
        metrics = self.table.fontMetrics()
        header = self.table.horizontalHeader()
        # What was done comes first and is wide; a narrow window scrolls sideways to the rest.
        samples = {COL_ID: "100,000", COL_WHEN: "Wed 30 Sep 2026 23:59:59",
                   COL_ACTION: "Withdraw the sign-off of “Clinical risk assessment”",
                   COL_LOGIN: "practice.manager", COL_TYPED: "Dr Asha Patel-Jones",
                   COL_KIND: "Sign-off withdrawal",
                   COL_RECORD: "Dependency: task 12 waits for task 52",
                   COL_CHANGE: "Changed"}
        padding = metrics.averageCharWidth() * 3
        for column, sample in samples.items():
            width = max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(
                HEADERS[column]))
            header.resizeSection(column, width + padding)
        header.setMinimumSectionSize(metrics.averageCharWidth() * 4)

    def _date_edit(self, name: str) -> DateEntry:
        edit = DateEntry(words=False)
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
            set_tone(self.chain_label, "good")
        else:
            problem = check.problem if not check.ok else "; ".join(self._problems)
            self.chain_label.setText(
                f"✘ The audit chain does not verify: {problem}. The plan file was changed "
                "outside the program; keep a copy of it and tell whoever looks after it.")
            set_tone(self.chain_label, "problem")
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
        entry = None
        if not index.isValid():
            words = "No entry selected."
        else:
            summary = self.model.entry(index.row())
            entry = self.session.service.audit_trail.entry(summary.id)
            if entry is None:
                words = "That entry is no longer in the file."
            else:
                typed = f" (name typed: {summary.typed_name})" if summary.typed_name else ""
                words = (f"Entry {entry.id}, {when_text(summary)}: {entry.action}\n"
                         f"{self.model.record(index.row())} was {summary.change}, by "
                         f"computer login {entry.os_user}{typed}.")
        self.fields_model.set_entry(entry)
        if entry is not None and self.fields_model.change == "changed" \
                and not self.fields_model.rowCount():
            words += "\nNo field changed."
        self.entry_label.setText(words)
        self._size_fields_columns()
        self.exact_text.setPlainText(exact_record_text(entry) if entry is not None else "")
        self.exact_check.setEnabled(entry is not None)

    def shown_fields(self) -> list[tuple[str, ...]]:
        """The rows the fields table shows for the selected entry, as text."""
        return self.fields_model.rows()

    def _on_exact_check_toggled(self, shown: bool) -> None:
        self.detail_stack.setCurrentWidget(self.exact_text if shown else self.fields_view)
