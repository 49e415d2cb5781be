"""TaskDialog: adding, editing, pinning, dependencies and refusals, driven through its widgets."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, QSize, Qt, QTime
from PySide6.QtWidgets import QDialog, QGroupBox, QScrollArea

from cutover_desktop.domain.ids import TaskId
from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.model import (
    Anchor,
    Dependency,
    OffsetUnit,
    Priority,
    TaskStatus,
)
from cutover_desktop.domain.plain_words import plain_source, plain_why
from cutover_desktop.ui.dialogs.skip_reason_dialog import SkipReasonDialog
from cutover_desktop.ui.dialogs.task_dialog import TaskDialog

# In the test plan BGL is Tue 16 Mar 2027, so FDP (BGL−4) is Fri 12 Mar 2027.
FDP = date(2027, 3, 12)


@pytest.fixture
def open_dialog(qtbot, session):
    def make(task_id: int | None = None, **kwargs) -> TaskDialog:
        dialog = TaskDialog(session, task_id, **kwargs)
        qtbot.addWidget(dialog)
        dialog.open()
        return dialog
    return make


def choose(combo, data) -> None:
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def anchor_key(dialog: TaskDialog, key: KeyDate) -> None:
    choose(dialog.anchor_combo, f"key:{key.value}")


def test_adds_a_task_with_every_field(qtbot, session, open_dialog):
    service = session.service
    dialog = open_dialog()
    assert dialog.windowTitle() == "Add a task"
    qtbot.keyClicks(dialog.title_edit, "Print the day schedules for the cut-over")
    dialog.phase_combo.setCurrentText("Final week")
    anchor_key(dialog, KeyDate.FDP)
    dialog.offset_spin.setValue(-2)
    dialog.duration_spin.setValue(2)
    dialog.start_time_check.setChecked(True)
    dialog.start_time_edit.setTime(QTime(9, 30))
    dialog.owner_combo.setEditText("Practice Manager")
    choose(dialog.site_combo, "Branch")
    choose(dialog.priority_combo, "high")
    dialog.milestone_check.setChecked(True)
    dialog.notes_edit.setPlainText("Two copies per site.")
    assert "Wed 10 Mar 2027" in dialog.dates_label.text()
    before = len(service.state.tasks)
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    task = service.task(TaskId(dialog.saved_task_id))
    assert len(service.state.tasks) == before + 1
    assert (task.title, task.phase, task.anchor, task.offset) == (
        "Print the day schedules for the cut-over", "Final week", Anchor.key(KeyDate.FDP), -2)
    assert (task.duration_days, task.start_time, task.end_time) == (2, QTime(9, 30).toPython(),
                                                                     None)
    assert (task.owner_role, task.site, task.priority, task.milestone, task.notes) == (
        "Practice Manager", "Branch", Priority.HIGH, True, "Two copies per site.")
    placed = service.schedule().dates[task.id]
    assert (placed.start, placed.end) == (date(2027, 3, 10), date(2027, 3, 11))
    assert service.undo_status().undo_label.startswith("Add task")


def test_a_new_task_starts_in_the_phase_asked_for_with_normal_priority(open_dialog):
    dialog = open_dialog(phase="Training")
    assert dialog.phase_combo.currentText() == "Training"
    assert dialog.priority_combo.currentData() == Priority.NORMAL.value
    assert not dialog.about_box.isVisibleTo(dialog)


def test_a_task_without_a_title_is_refused_beside_the_title(qtbot, session, open_dialog):
    dialog = open_dialog()
    before = len(session.service.state.tasks)
    dialog.accept()
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert "A task needs a title." in dialog.error_text()
    assert dialog._errors["title"].isVisibleTo(dialog)
    assert len(session.service.state.tasks) == before
    # Typing a title takes the message away before OK is pressed again.
    dialog.title_edit.setText("Check the smartcards")
    assert not dialog._errors["title"].isVisibleTo(dialog) and dialog.error_text() == ""


def test_editing_the_anchor_to_fdp_minus_two_moves_the_dates(qtbot, session, open_dialog):
    service = session.service
    dialog = open_dialog(12)
    assert dialog.windowTitle() == "Edit task"
    assert dialog.title_edit.text() == service.task(TaskId(12)).title
    anchor_key(dialog, KeyDate.FDP)
    dialog.offset_spin.setValue(-2)
    # The dates follow before anything is saved.
    assert "On Wed 10 Mar 2027" in dialog.dates_label.text()
    assert service.task(TaskId(12)).anchor == Anchor.key(KeyDate.LINK_OFF)  # not yet saved
    dialog.unit_combo.setCurrentIndex(dialog.unit_combo.findData(OffsetUnit.WORKING_DAYS.value))
    dialog.offset_spin.setValue(1)
    assert "On Mon 15 Mar 2027" in dialog.dates_label.text()  # the weekend is skipped
    dialog.accept()
    task = service.task(TaskId(12))
    assert (task.anchor, task.offset, task.offset_unit) == (
        Anchor.key(KeyDate.FDP), 1, OffsetUnit.WORKING_DAYS)
    assert service.schedule().dates[task.id].start == date(2027, 3, 15)


def test_anchoring_to_another_task_found_by_typing(qtbot, session, open_dialog):
    service = session.service
    dialog = open_dialog(13)  # waits for no other task, so only its anchor places it
    dialog.anchor_combo.setEditText("")
    dialog.anchor_combo.setFocus()
    target = service.task(TaskId(3))
    qtbot.keyClicks(dialog.anchor_combo.lineEdit(), f"#3 {target.title}")
    dialog.offset_spin.setValue(2)
    dialog.accept()
    task = service.task(TaskId(13))
    assert task.anchor == Anchor.task(TaskId(3)) and task.offset == 2
    assert task.offset_unit is OffsetUnit.WORKING_DAYS  # the template's unit is kept
    end_of_3 = service.schedule().dates[TaskId(3)].end
    assert service.schedule().dates[task.id].start == \
        service.state.calendar.add_working_days(end_of_3, 2)


def test_an_anchor_that_matches_nothing_is_refused(qtbot, session, open_dialog):
    dialog = open_dialog(20)
    dialog.anchor_combo.setEditText("nothing like this")
    assert "Choose a key date or a task" in dialog.dates_label.text()
    dialog.accept()
    assert dialog.isVisible()
    assert dialog._errors["anchor"].text().startswith("⚠ Choose a key date or a task")
    assert session.service.task(TaskId(20)).anchor == Anchor.key(KeyDate.BGL)


def test_pins_a_task_to_a_fixed_date_and_unpins_it(qtbot, session, open_dialog):
    service = session.service
    dialog = open_dialog(30)
    assert not dialog.pinned_date_edit.isEnabled()
    dialog.pinned_radio.setChecked(True)
    assert dialog.pinned_date_edit.isEnabled() and not dialog.offset_spin.isEnabled()
    # Pinning proposes the day the task is on now.
    start = service.schedule().dates[TaskId(30)].start
    assert dialog.pinned_date_edit.date().toPython() == start
    assert dialog.pinned_date_edit.displayFormat() == "dd/MM/yyyy"
    dialog.pinned_date_edit.setDate(QDate(2027, 3, 5))
    assert "On Fri 5 Mar 2027" in dialog.dates_label.text()
    dialog.accept()
    task = service.task(TaskId(30))
    assert task.pinned_date == date(2027, 3, 5)
    assert service.schedule().dates[task.id].start == date(2027, 3, 5)
    # Moving go-live leaves a pinned task where it is.
    session.edit(service.set_go_live, date(2027, 3, 23))
    assert service.schedule().dates[task.id].start == date(2027, 3, 5)

    again = open_dialog(30)
    assert again.pinned_radio.isChecked()
    again.timed_radio.setChecked(True)
    again.accept()
    assert service.task(TaskId(30)).pinned_date is None
    assert service.schedule().dates[TaskId(30)].start == date(2027, 3, 5)


def test_adds_a_dependency_that_pushes_the_task(qtbot, session, open_dialog):
    service = session.service
    dates = service.schedule().dates
    dialog = open_dialog(1)
    later = service.task(TaskId(40))
    assert dates[later.id].end > dates[TaskId(1)].start
    qtbot.keyClicks(dialog.predecessor_picker.lineEdit(), f"#40 {later.title[:60]}")
    # Typing part of a title is not a choice until it matches an entry.
    dialog.add_selected_predecessor()
    assert dialog.predecessors() == [] and "Choose a task" in dialog.error_text()
    choose(dialog.predecessor_picker, 40)
    qtbot.mouseClick(dialog.add_predecessor_button, Qt.MouseButton.LeftButton)
    assert dialog.predecessors() == [40]
    assert "waits for" in dialog.dates_label.text()
    dialog.accept()
    assert Dependency(TaskId(40), TaskId(1)) in service.state.dependencies
    assert service.schedule().dates[TaskId(1)].start == dates[later.id].end
    # And removing it in the dialog removes it from the plan.
    again = open_dialog(1)
    assert again.predecessors() == [40]
    again.predecessor_list.item(0).setSelected(True)
    qtbot.mouseClick(again.remove_predecessor_button, Qt.MouseButton.LeftButton)
    again.accept()
    assert Dependency(TaskId(40), TaskId(1)) not in service.state.dependencies


def test_a_loop_of_dependencies_is_refused_naming_the_tasks(qtbot, session, open_dialog):
    service = session.service
    session.edit(service.add_dependency, TaskId(5), TaskId(6))
    session.edit(service.add_dependency, TaskId(6), TaskId(7))
    undo_before = service.undo_status()
    state_before = service.state
    dialog = open_dialog(5)
    choose(dialog.predecessor_picker, 7)
    dialog.add_selected_predecessor()
    assert "loop" in dialog.dates_label.text()
    dialog.accept()
    assert dialog.isVisible()
    message = dialog.error_label.text()
    for task_id in (5, 6, 7):
        assert service.task(TaskId(task_id)).title in message
    assert service.state is state_before and service.undo_status() == undo_before


def test_a_task_cannot_wait_for_itself(open_dialog):
    dialog = open_dialog(5)
    assert dialog.predecessor_picker.findData(5) < 0
    before = dialog.predecessors()  # the template's: it waits for the survey
    dialog.add_predecessor(5)
    assert dialog.predecessors() == before and "cannot wait for itself" in dialog.error_text()


def test_skipping_needs_a_reason(qtbot, session, open_dialog):
    dialog = open_dialog(9)
    assert not dialog.skip_reason_edit.isEnabled()
    choose(dialog.status_combo, TaskStatus.SKIPPED.value)
    assert dialog.skip_reason_edit.isEnabled()
    dialog.accept()
    assert dialog.isVisible() and dialog._errors["skip_reason"].isVisibleTo(dialog)
    assert session.service.task(TaskId(9)).status is TaskStatus.NOT_STARTED
    qtbot.keyClicks(dialog.skip_reason_edit, "Single-site practice")
    dialog.accept()
    task = session.service.task(TaskId(9))
    assert (task.status, task.skip_reason) == (TaskStatus.SKIPPED, "Single-site practice")


def test_an_end_time_before_the_start_is_refused_beside_it(qtbot, session, open_dialog):
    assert session.service.task(TaskId(8)).duration_days == 1
    dialog = open_dialog(8)
    dialog.start_time_check.setChecked(True)
    dialog.start_time_edit.setTime(QTime(14, 0))
    dialog.end_time_check.setChecked(True)
    dialog.end_time_edit.setTime(QTime(13, 0))
    dialog.accept()
    assert dialog.isVisible()
    assert "end time must be after" in dialog._errors["end_time"].text()
    assert session.service.task(TaskId(8)).start_time is None


def test_shows_why_it_matters_and_the_source_read_only(open_dialog, session):
    task = session.service.task(TaskId(1))
    dialog = open_dialog(1)
    assert dialog.about_box.isVisibleTo(dialog)
    # In plain words: the template's shorthand ('[G] seed guide/…', '≤ 2 WD') stays off screen.
    assert dialog.why_label.text() == plain_why(task.why)
    assert dialog.source_label.text() == plain_source(task.source)
    assert dialog.source_label.text().startswith("From the GP IT migration guide")
    assert "[G]" not in dialog.source_label.text()
    assert not dialog.why_label.textInteractionFlags() & Qt.TextInteractionFlag.TextEditable


def test_keeps_what_the_dialog_does_not_show(open_dialog, session):
    before = session.service.task(TaskId(4))
    dialog = open_dialog(4)
    dialog.title_edit.setText("Book the technical survey")
    dialog.accept()
    after = session.service.task(TaskId(4))
    assert (after.why, after.source, after.tags, after.position, after.template_key) == (
        before.why, before.source, before.tags, before.position, before.template_key)


def test_saving_a_task_deleted_meanwhile_is_refused(qtbot, session, open_dialog):
    dialog = open_dialog(4)
    session.edit(session.service.delete_tasks, [TaskId(4)])
    dialog.accept()
    assert dialog.isVisible() and "no longer in the plan" in dialog.error_text()
    assert TaskId(4) not in session.service.state.tasks


def test_saving_without_changes_adds_no_undo_step(open_dialog, session):
    undo_before = session.service.undo_status()
    dialog = open_dialog(4)
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert session.service.undo_status() == undo_before


def test_every_control_has_an_accessible_name(open_dialog):
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractSpinBox,
        QComboBox,
        QLineEdit,
        QListWidget,
        QPlainTextEdit,
    )

    dialog = open_dialog(4)
    kinds = (QAbstractButton, QAbstractSpinBox, QComboBox, QListWidget, QPlainTextEdit)
    controls = [w for kind in kinds for w in dialog.findChildren(kind)]
    controls += [w for w in dialog.findChildren(QLineEdit)
                 if not isinstance(w.parent(), (QComboBox, QAbstractSpinBox))]
    unnamed = [w for w in controls if w.isVisibleTo(dialog) and not w.accessibleName()]
    assert not unnamed


def test_skip_reason_dialog_refuses_an_empty_reason(qtbot):
    dialog = SkipReasonDialog(3)
    qtbot.addWidget(dialog)
    dialog.open()
    from PySide6.QtWidgets import QLabel

    assert any("these 3 tasks" in label.text() for label in dialog.findChildren(QLabel))
    qtbot.keyClicks(dialog.reason_edit, "   ")
    dialog.accept()
    assert dialog.isVisible() and "Say why" in dialog.message_label.text()
    assert "the tasks are skipped" in dialog.message_label.text()  # three of them
    label = dialog.message_label
    assert label.height() >= label.heightForWidth(label.width())  # the message is not cut off
    qtbot.keyClicks(dialog.reason_edit, "Not at this practice")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.reason() == "Not at this practice"


def test_a_read_only_plan_cannot_be_saved_from_the_dialog(qtbot, plan_file):
    from PySide6.QtWidgets import QDialogButtonBox

    from cutover_desktop.services.plan_files import open_plan
    from cutover_desktop.ui.session import PlanSession
    from tests.conftest import TODAY

    service = open_plan(plan_file, read_only=True, today=lambda: TODAY)
    try:
        dialog = TaskDialog(PlanSession(service), 3)
        qtbot.addWidget(dialog)
        assert not dialog.button_box.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
        assert "read-only" in dialog.error_text()
    finally:
        service.close()


def _groups(dialog: TaskDialog) -> dict[str, QGroupBox]:
    return {box.title().replace("&", ""): box for box in dialog.findChildren(QGroupBox)}


def test_on_a_narrow_screen_the_fields_scroll_down_never_sideways(qtbot, open_dialog):
    # The test screen is 800 pixels wide, too narrow for the two columns side by side.
    dialog = open_dialog(3)
    qtbot.waitExposed(dialog)
    scroll = dialog.findChild(QScrollArea)
    assert not scroll.horizontalScrollBar().isVisible()
    assert scroll.widget().width() <= scroll.viewport().width()
    groups = _groups(dialog)
    assert groups["When"].y() > groups["Notes"].y() > groups["Details"].y()


def test_on_a_wide_screen_the_two_columns_stand_side_by_side(qtbot, open_dialog, monkeypatch):
    import cutover_desktop.ui.dialogs.task_dialog as task_dialog

    monkeypatch.setattr(task_dialog, "screen_room", lambda _widget: QSize(1560, 940))
    groups = _groups(open_dialog(3))
    assert groups["When"].x() > groups["Details"].x()
    assert groups["When"].y() == groups["Details"].y()
