"""StaffView: the staff register with each person's working patterns, absences and tasks."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cutover_desktop.domain.absences import Absence
from cutover_desktop.domain.availability import StaffBook
from cutover_desktop.domain.changes import Changes
from cutover_desktop.domain.errors import CutoverError
from cutover_desktop.domain.formatting import plural
from cutover_desktop.domain.ids import AbsenceId, PersonId
from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.staff import Assignment, Person
from cutover_desktop.domain.working_hours import WorkingPattern
from cutover_desktop.services.staff import StaffService
from cutover_desktop.ui.dialogs.absence_dialog import AbsenceDialog
from cutover_desktop.ui.dialogs.cover_needs_dialog import CoverNeedsDialog
from cutover_desktop.ui.dialogs.person_dialog import PatternDialog, PersonDialog, buddy_label
from cutover_desktop.ui.imports import ImportResult, import_filter, import_into
from cutover_desktop.ui.models.staff_model import (
    SORT_ROLE,
    STAFF_CONFLICTS,
    STAFF_NAME,
    VALUE_ROLE,
    AbsenceModel,
    AssignedTasksModel,
    PatternModel,
    StaffTableModel,
)
from cutover_desktop.ui.session import PlanSession
from cutover_desktop.ui.style import set_tone

STAFF_KINDS = frozenset({"staff", "working_pattern", "absence", "assignment", "cover_need",
                         "task", "plan", "calendar_day"})


def _table(name: str) -> QTableView:
    table = QTableView()
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)
    table.verticalHeader().hide()
    table.setWordWrap(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return table


def _fit_rows(table: QTableView, fewest: int = 1, most: int = 5) -> None:
    """Make a table as tall as its rows (within fewest..most), so no empty space is left."""
    rows = min(max(table.model().rowCount(), fewest), most)
    row_height = table.verticalHeader().defaultSectionSize()
    height = (table.horizontalHeader().sizeHint().height() + rows * row_height
              + 2 * table.frameWidth() + table.horizontalScrollBar().sizeHint().height())
    table.setFixedHeight(height)


def _button(text: str, name: str) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(name)
    return button


class StaffView(QWidget):
    """The staff register (left) and the selected person's details (right).

    Signals:
        task_requested(int): the user asked to open one of the person's tasks.
        person_selected(int): the selected person changed (their id).
    """

    task_requested = Signal(int)
    person_selected = Signal(int)

    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        # The dialog opened last (window-modal, not blocking), for the window and tests.
        self.open_dialog: object | None = None
        self._sized = False
        self._stale = False
        self.setAccessibleName("Staff")
        self._build()
        session.changed.connect(self._on_session_changed)
        session.plan_opened.connect(self.refresh)
        session.refused.connect(self._on_session_refused)
        self.refresh()

    # Building

    def _build(self) -> None:
        self.add_button = _button("&Add person…", "Add a person to the staff register")
        self.edit_button = _button("Edi&t…", "Edit the selected person")
        self.remove_button = _button("Re&move", "Remove the selected person")
        self.import_button = _button("&Import…", "Import staff or absences from a CSV or "
                                     "XLSX file")
        self.needs_button = _button("Ro&les needed on key days…",
                                    "Choose the roles each key day needs")
        self.find_edit = QLineEdit()
        self.find_edit.setPlaceholderText("Find a person or role")
        self.find_edit.setAccessibleName("Find a person or role")
        self.find_edit.setClearButtonEnabled(True)
        self.find_edit.setMinimumWidth(self.fontMetrics().horizontalAdvance("x" * 26))
        bar = QHBoxLayout()
        for widget in (self.add_button, self.edit_button, self.remove_button,
                       self.import_button, self.needs_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(buddy_label("Fi&nd:", self.find_edit))
        bar.addWidget(self.find_edit)

        self.model = StaffTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.staff_table = _table("Staff register")
        self.staff_table.setModel(self.proxy)
        self.staff_table.setSortingEnabled(True)
        self.staff_table.sortByColumn(STAFF_NAME, Qt.SortOrder.AscendingOrder)
        # Conflicts beside the name, where a short number is seen; the widest columns last,
        # none stretched, so none is cut short beside an empty one.
        register_header = self.staff_table.horizontalHeader()
        register_header.moveSection(register_header.visualIndex(STAFF_CONFLICTS), 1)
        register_header.setStretchLastSection(False)

        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setAccessibleName("Selected person")
        heading_font = self.heading.font()
        heading_font.setBold(True)
        self.heading.setFont(heading_font)

        self.pattern_model = PatternModel(self)
        self.pattern_table = _table("Working patterns")
        self.pattern_table.setModel(self.pattern_model)
        self.pattern_add_button = _button("&Change from a date…",
                                          "Add a change of working pattern from a date")
        self.pattern_edit_button = _button("Edit pattern…", "Edit the selected pattern")
        self.pattern_remove_button = _button("Remove pattern", "Remove the selected pattern")
        patterns = self._group("Working pattern", self.pattern_table, self.pattern_add_button,
                               self.pattern_edit_button, self.pattern_remove_button)

        self.absence_model = AbsenceModel(self)
        self.absence_table = _table("Absences")
        self.absence_table.setModel(self.absence_model)
        self.absence_add_button = _button("&Book absence…", "Book an absence for the person")
        self.absence_edit_button = _button("Change absence…", "Change the selected absence")
        self.absence_remove_button = _button("Cancel absence", "Cancel the selected absence")
        absences = self._group("Absences", self.absence_table, self.absence_add_button,
                               self.absence_edit_button, self.absence_remove_button)

        self.assigned_model = AssignedTasksModel(self)
        self.assigned_table = _table("Assigned tasks")
        self.assigned_table.setModel(self.assigned_model)
        # Long titles take what room there is; the date and hours always show in full.
        assigned_header = self.assigned_table.horizontalHeader()
        assigned_header.setStretchLastSection(False)
        assigned_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            assigned_header.setSectionResizeMode(column,
                                                 QHeaderView.ResizeMode.ResizeToContents)
        self.assigned_table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.assigned_table.setMinimumHeight(self.fontMetrics().lineSpacing() * 6)
        self.open_task_button = _button("&Jump to task", "Open the selected task in the plan")
        assigned = self._group("Assigned tasks", self.assigned_table, self.open_task_button)

        details = QWidget()
        detail_layout = QVBoxLayout(details)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.heading)
        # Patterns and absences are as tall as their rows; the task list takes the rest.
        detail_layout.addWidget(patterns)
        detail_layout.addWidget(absences)
        detail_layout.addWidget(assigned, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setAccessibleName("Staff register and the selected person")
        self.splitter.addWidget(self.staff_table)
        # Scrolls on a short screen (a laptop at 150%) rather than pushing the window taller.
        details_scroll = QScrollArea()
        details_scroll.setWidgetResizable(True)
        details_scroll.setFrameShape(QFrame.Shape.NoFrame)
        details_scroll.setWidget(details)
        details.setMinimumHeight(self.fontMetrics().lineSpacing() * 28)
        self.splitter.addWidget(details_scroll)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([600, 400])

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Staff messages")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.message)

        self.add_button.clicked.connect(self.add_person)
        self.edit_button.clicked.connect(self.edit_person)
        self.remove_button.clicked.connect(self.remove_person)
        self.import_button.clicked.connect(self._on_import_button_clicked)
        self.needs_button.clicked.connect(self.edit_cover_needs)
        self.find_edit.textChanged.connect(self._on_find_edit_text_changed)
        self.staff_table.selectionModel().currentRowChanged.connect(
            self._on_staff_table_current_changed)
        self.staff_table.doubleClicked.connect(self.edit_person)
        self.staff_table.activated.connect(self.edit_person)
        self.pattern_add_button.clicked.connect(self.add_pattern)
        self.pattern_edit_button.clicked.connect(self.edit_pattern)
        self.pattern_table.activated.connect(self.edit_pattern)
        self.pattern_remove_button.clicked.connect(self.remove_pattern)
        self.absence_add_button.clicked.connect(self.book_absence)
        self.absence_edit_button.clicked.connect(self.edit_absence)
        self.absence_table.activated.connect(self.edit_absence)
        self.absence_remove_button.clicked.connect(self.cancel_absence)
        self.open_task_button.clicked.connect(self._on_open_task_button_clicked)
        self.assigned_table.activated.connect(self._on_open_task_button_clicked)
        for table in (self.pattern_table, self.absence_table, self.assigned_table):
            table.selectionModel().selectionChanged.connect(self._update_buttons)

    @staticmethod
    def _group(title: str, table: QTableView, *buttons: QPushButton) -> QGroupBox:
        box = QGroupBox(title)
        layout = QVBoxLayout(box)
        layout.addWidget(table, 1)
        row = QHBoxLayout()
        for button in buttons:
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        return box

    # Reading

    def _staff(self) -> StaffService:
        return StaffService(self._session.service)

    def selected_person_id(self) -> int | None:
        index = self.staff_table.currentIndex()
        if not index.isValid():
            return None
        value = index.data(VALUE_ROLE)
        return int(value.id) if isinstance(value, Person) else None

    def select_person(self, person_id: int) -> None:
        row = self.model.row_of(self._staff().person(PersonId(person_id))) \
            if person_id in self._session.service.state.table("staff") else None
        if row is None:
            return
        index = self.proxy.mapFromSource(self.model.index(row, STAFF_NAME))
        if not index.isValid():
            self.find_edit.clear()
            index = self.proxy.mapFromSource(self.model.index(row, STAFF_NAME))
        self.staff_table.setCurrentIndex(index)
        self.staff_table.scrollTo(index)

    @staticmethod
    def _selected_value(table: QTableView) -> object:
        rows = table.selectionModel().selectedRows()
        if not rows:
            index = table.currentIndex()
            return index.data(VALUE_ROLE) if index.isValid() else None
        return rows[0].data(VALUE_ROLE)

    # Refreshing

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        """Reload the register now (a hidden view waits until it is shown)."""
        self._stale = False
        service = self._session.service
        staff = self._staff()
        kept = self.selected_person_id()
        book = StaffBook.of(service.state.tables, service.state.calendar)
        counts: dict[int, int] = {}
        for conflict in staff.conflicts():
            if conflict.person_id is not None:
                counts[conflict.person_id] = counts.get(conflict.person_id, 0) + 1
        tgl = service.schedule().key_dates[KeyDate.TGL]
        people = staff.people()
        self.model.set_staff(people, book, service.today(), tgl, counts)
        if people and not self._sized:
            # Once: after that the widths are the user's.
            self.staff_table.resizeColumnsToContents()
            self._sized = True
        if kept is not None and kept in service.state.table("staff"):
            self.select_person(kept)
        elif people and not self.staff_table.currentIndex().isValid():
            self.staff_table.setCurrentIndex(self.proxy.index(0, STAFF_NAME))
        self._show_person()
        read_only = service.read_only
        for button in (self.add_button, self.import_button, self.needs_button):
            button.setEnabled(not read_only)

    def _show_person(self) -> None:
        service = self._session.service
        person_id = self.selected_person_id()
        staff = self._staff()
        if person_id is None:
            total = len(staff.people())
            self.heading.setText("No one in the staff register yet: add people or import a "
                                 "staff file." if total == 0 else "Choose a person.")
            self.pattern_model.set_rows([])
            self.absence_model.set_rows([])
            self.assigned_model.set_rows([])
        else:
            person = staff.person(PersonId(person_id))
            extra = f", {person.site}" if person.site else ""
            self.heading.setText(f"{person.name}: {person.role}, "
                                 f"{person.organisation.label}{extra}")
            self._keep(self.pattern_table, self.pattern_model,
                       lambda: self.pattern_model.set_patterns(staff.patterns_of(person.id)))
            self._keep(self.absence_table, self.absence_model,
                       lambda: self.absence_model.set_absences(staff.absences_of(person.id)))
            schedule = service.schedule()
            self._keep(self.assigned_table, self.assigned_model,
                       lambda: self.assigned_model.set_assignments(
                           staff.assignments_for_person(person.id), service.state.tasks,
                           schedule.dates))
            for table in (self.pattern_table, self.absence_table):
                table.resizeColumnsToContents()
        for table in (self.pattern_table, self.absence_table):
            _fit_rows(table)
        self._update_buttons()

    def _keep(self, table: QTableView, model, fill) -> None:  # type: ignore[no-untyped-def]
        """Refill a table, keeping the same value selected when it is still there."""
        value = self._selected_value(table)
        fill()
        row = model.row_of(value) if value is not None else None
        if row is not None:
            table.selectRow(row)

    def _update_buttons(self, *_: object) -> None:
        writable = not self._session.service.read_only
        person = self.selected_person_id() is not None
        self.edit_button.setEnabled(person and writable)
        self.remove_button.setEnabled(person and writable)
        self.pattern_add_button.setEnabled(person and writable)
        self.absence_add_button.setEnabled(person and writable)
        has_pattern = isinstance(self._selected_value(self.pattern_table), WorkingPattern)
        self.pattern_edit_button.setEnabled(has_pattern and writable)
        self.pattern_remove_button.setEnabled(has_pattern and writable
                                              and self.pattern_model.rowCount() > 1)
        has_absence = isinstance(self._selected_value(self.absence_table), Absence)
        self.absence_edit_button.setEnabled(has_absence and writable)
        self.absence_remove_button.setEnabled(has_absence and writable)
        self.open_task_button.setEnabled(
            isinstance(self._selected_value(self.assigned_table), Assignment))

    # Actions (each dialog opens window-modal and is returned, so tests can fill it)

    def _open(self, dialog):  # type: ignore[no-untyped-def]
        self.open_dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def add_person(self) -> PersonDialog:
        dialog = PersonDialog(self._session, None, self)
        dialog.saved.connect(self._on_person_saved)
        return self._open(dialog)

    def edit_person(self, *_: object) -> PersonDialog | None:
        person_id = self.selected_person_id()
        if person_id is None or self._session.service.read_only:
            return None
        dialog = PersonDialog(self._session, person_id, self)
        return self._open(dialog)

    def remove_person(self) -> None:
        person_id = self.selected_person_id()
        if person_id is None:
            return
        staff = self._staff()
        name = staff.person(PersonId(person_id)).name
        if self._session.edit(staff.delete_person, PersonId(person_id)):
            set_tone(self.message, "")
            self.message.setText(f"Removed {name} with their patterns, absences and "
                                 "assignments. Undo brings them back.")

    def add_pattern(self) -> PatternDialog | None:
        person_id = self.selected_person_id()
        if person_id is None:
            return None
        return self._open(PatternDialog(self._session, person_id, None, self))

    def edit_pattern(self, *_: object) -> PatternDialog | None:
        person_id = self.selected_person_id()
        pattern = self._selected_value(self.pattern_table)
        if person_id is None or not isinstance(pattern, WorkingPattern):
            return None
        return self._open(PatternDialog(self._session, person_id, pattern, self))

    def remove_pattern(self) -> None:
        pattern = self._selected_value(self.pattern_table)
        if isinstance(pattern, WorkingPattern):
            self._session.edit(self._staff().remove_pattern, pattern.person_id,
                               pattern.valid_from)

    def book_absence(self) -> AbsenceDialog | None:
        person_id = self.selected_person_id()
        if person_id is None:
            return None
        return self._open(AbsenceDialog(self._session, person_id, None, self))

    def edit_absence(self, *_: object) -> AbsenceDialog | None:
        absence = self._selected_value(self.absence_table)
        if not isinstance(absence, Absence):
            return None
        return self._open(AbsenceDialog(self._session, None, int(absence.id), self))

    def cancel_absence(self) -> None:
        absence = self._selected_value(self.absence_table)
        if isinstance(absence, Absence):
            self._session.edit(self._staff().delete_absences, [AbsenceId(absence.id)])

    def edit_cover_needs(self) -> CoverNeedsDialog:
        return self._open(CoverNeedsDialog(self._session, self))

    def import_path(self, path: Path) -> ImportResult | None:
        """Import a staff or absence file (one undo step); say what happened either way."""
        try:
            result = import_into(self._session, path)
        except CutoverError as exc:
            set_tone(self.message, "problem")
            self.message.setText(f"⚠ {exc.message}")
            return None
        set_tone(self.message, "")
        self.message.setText(result.summary(path.name))
        return result

    # Slots

    def _on_import_button_clicked(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Import staff or absences", "",
            import_filter())
        if name:
            self.import_path(Path(name))

    def _on_person_saved(self, person_id: int) -> None:
        self.find_edit.clear()
        self.select_person(person_id)

    def _on_find_edit_text_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        count = self.proxy.rowCount()
        self.staff_table.setAccessibleDescription(plural(count, "person", "people") + " shown")

    def _on_staff_table_current_changed(self, current: QModelIndex, _previous: object) -> None:
        self._show_person()
        person_id = self.selected_person_id()
        if person_id is not None:
            self.person_selected.emit(person_id)

    def _on_open_task_button_clicked(self, *_: object) -> None:
        assignment = self._selected_value(self.assigned_table)
        if isinstance(assignment, Assignment):
            self.task_requested.emit(int(assignment.task_id))

    def _on_session_changed(self, changes: Changes) -> None:
        if changes.kinds & STAFF_KINDS:
            if self.isVisible():
                self.refresh()
            else:
                self._stale = True

    def _on_session_refused(self, message: str) -> None:
        if self.isVisible():
            set_tone(self.message, "problem")
            self.message.setText(f"⚠ {message}")
