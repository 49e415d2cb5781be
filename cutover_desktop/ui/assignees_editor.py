"""AssigneesEditor: who does a task, and for how many hours a day, for embedding in a dialog."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cutover_desktop.domain.availability import StaffBook
from cutover_desktop.domain.changes import Changes
from cutover_desktop.domain.ids import PersonId, TaskId
from cutover_desktop.domain.staff import Assignment, Person
from cutover_desktop.domain.staff_rules import StaffContext, describe_conflict, staff_conflicts
from cutover_desktop.domain.working_hours import hours_text
from cutover_desktop.services.staff import StaffService
from cutover_desktop.ui.models.staff_model import (
    VALUE_ROLE,
    RowsModel,
    TableRow,
    assigned_hours_text,
)
from cutover_desktop.ui.session import PlanSession

_KINDS = frozenset({"staff", "working_pattern", "absence", "assignment", "task", "plan",
                    "calendar_day"})


class AssigneesEditor(QWidget):
    """The people assigned to one task: add, remove, and set hours a day.

    Each change is its own undo step through the session, so it takes effect at once. For a
    task not saved yet the people are kept here (`pending()`) and saved with the task.
    """

    def __init__(self, session: PlanSession, task_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._task_id: TaskId | None = None
        # People chosen for a task not saved yet: person id -> minutes a day (None: its times).
        self._pending: dict[PersonId, int | None] = {}
        self.setAccessibleName("People assigned to the task")
        self.model = RowsModel(("Person", "Role", "Hours a day", "On the day"),
                               ("Who", "Their role", "Hours a day they give the task",
                                "Whether they are free to do it"), self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Assigned people")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(False)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)

        self.person_combo = QComboBox()
        self.person_combo.setEditable(True)
        self.person_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.person_combo.setAccessibleName("Person to assign")
        self.hours_spin = QDoubleSpinBox()
        self.hours_spin.setRange(0, 24)
        self.hours_spin.setSingleStep(0.25)
        self.hours_spin.setDecimals(2)
        self.hours_spin.setSuffix(" h a day")
        self.hours_spin.setSpecialValueText("Task’s times")
        self.hours_spin.setAccessibleName("Hours a day (lowest value: from the task's times)")
        self.assign_button = QPushButton("Assi&gn")
        self.assign_button.setAccessibleName("Assign the person, or set their hours")
        self.assign_button.clicked.connect(self._on_assign_button_clicked)
        self.remove_button = QPushButton("Ta&ke off")
        self.remove_button.setAccessibleName("Take the selected person off the task")
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Assignment notes")

        controls = QHBoxLayout()
        controls.addWidget(self.person_combo, 2)
        controls.addWidget(self.hours_spin, 1)
        controls.addWidget(self.assign_button)
        controls.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(controls)
        layout.addWidget(self.message)
        session.changed.connect(self._on_session_changed)
        session.plan_opened.connect(self.refresh)
        self.set_task_id(task_id)

    # Public

    def task_id(self) -> int | None:
        return self._task_id

    def set_task_id(self, task_id: int | None) -> None:
        """Edit the assignees of this task (None: a task not saved yet, nothing to edit)."""
        self._task_id = TaskId(task_id) if task_id is not None else None
        self.refresh()

    def assigned_people(self) -> list[int]:
        return [int(row.value.person_id) for row in self.model.rows()
                if isinstance(row.value, Assignment)]

    def pending(self) -> list[tuple[PersonId, int | None]]:
        """The people chosen for a task not saved yet, to save with it."""
        return list(self._pending.items())

    def refresh(self) -> None:
        service = self._session.service
        staff = StaffService(service)
        task = service.state.tasks.get(self._task_id) if self._task_id is not None else None
        people = staff.people()
        current = self.person_combo.currentData()
        self.person_combo.clear()
        for person in people:
            self.person_combo.addItem(f"{person.name} ({person.role})", int(person.id))
        if current is not None:
            self.person_combo.setCurrentIndex(max(0, self.person_combo.findData(current)))
        usable = bool(people) and not service.read_only
        for widget in (self.person_combo, self.hours_spin, self.assign_button):
            widget.setEnabled(usable)
        if task is None:
            self._show_pending(people)
            return
        if not people:
            self.message.setText("Add people in the Staff tab to assign them.")
        else:
            self.message.setText("")
        names = {p.id: p for p in people}
        book = StaffBook.of(service.state.tables, service.state.calendar)
        start = service.schedule().dates[task.id].start
        ctx = StaffContext.of(service.state)
        clashes = [c for c in staff_conflicts(service.state) if c.task_id == task.id]
        rows = []
        for assignment in staff.assignments_for_task(task.id):
            who = names.get(assignment.person_id)
            if who is None:
                continue
            # The worst first: absent or not working before training or smartcard.
            mine = sorted((c for c in clashes if c.person_id == who.id),
                          key=lambda c: c.severity.rank)
            if mine:
                reason = mine[0].reason
                state = f"⚠ {reason[:1].upper()}{reason[1:]}"
                tip = " ".join(describe_conflict(ctx, c) for c in mine)
            else:
                tip = ""
                state = ("✓ Free" if book.availability(who.id, start).state.at_work
                         else "–")
            rows.append(TableRow(assignment, (who.name, who.role,
                                              assigned_hours_text(assignment, task), state),
                                 (who.name.casefold(), who.role, assignment.minutes or 0,
                                  state), ("", "", "", tip)))
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        self._on_table_selection_changed()

    def _show_pending(self, people: list[Person]) -> None:
        names = {p.id: p for p in people}
        rows = []
        for person_id, minutes in self._pending.items():
            who = names.get(person_id)
            if who is None:
                continue
            assignment = Assignment(TaskId(0), person_id, minutes)
            hours = hours_text(minutes) if minutes else "From the task’s times"
            rows.append(TableRow(assignment, (who.name, who.role, hours,
                                              "Saved with the task"),
                                 (who.name.casefold(), who.role, minutes or 0, "")))
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        self.message.setText("Add people in the Staff tab to assign them." if not people
                             else "They are assigned when the task is saved.")
        self._on_table_selection_changed()

    # Actions

    def _on_assign_button_clicked(self) -> None:
        person = self.person_combo.currentData()
        if person is None:
            return
        hours = self.hours_spin.value()
        minutes = round(hours * 60) if hours > 0 else None
        if self._task_id is None:
            self._pending[PersonId(person)] = minutes
            self.refresh()
            return
        staff = StaffService(self._session.service)
        self._session.edit(staff.assign, self._task_id, PersonId(person), minutes)

    def _on_remove_button_clicked(self) -> None:
        selected = self._selected()
        if selected is None:
            return
        if self._task_id is None:
            self._pending.pop(selected.person_id, None)
            self.refresh()
            return
        staff = StaffService(self._session.service)
        self._session.edit(staff.unassign, self._task_id, selected.person_id)

    def _selected(self) -> Assignment | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        value = rows[0].data(VALUE_ROLE)
        return value if isinstance(value, Assignment) else None

    def _on_table_selection_changed(self, *_: object) -> None:
        selected = self._selected()
        self.remove_button.setEnabled(selected is not None
                                      and not self._session.service.read_only)
        if selected is not None:
            self.person_combo.setCurrentIndex(self.person_combo.findData(
                int(selected.person_id)))
            self.hours_spin.setValue((selected.minutes or 0) / 60)
            self.hours_spin.setToolTip(hours_text(selected.minutes) if selected.minutes
                                       else "From the task's times")

    def _on_session_changed(self, changes: Changes) -> None:
        if changes.kinds & _KINDS:
            self.refresh()

