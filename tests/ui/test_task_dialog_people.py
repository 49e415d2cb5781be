"""Assigning people from inside the task dialog, each as one undo step."""

from __future__ import annotations

from cutover_desktop.services.staff_demo import demonstration_staff
from cutover_desktop.ui.dialogs.task_dialog import TaskDialog


def test_people_are_assigned_from_the_task_dialog_and_undone(qtbot, session) -> None:
    demonstration_staff(session.service, 6)
    task_id = next(iter(session.service.state.tasks))
    dialog = TaskDialog(session, task_id)
    qtbot.addWidget(dialog)
    dialog.show()
    editor = dialog.assignees
    before = editor.assigned_people()
    combo = editor.person_combo
    candidate = next(i for i in range(combo.count()) if combo.itemData(i) not in before)
    combo.setCurrentIndex(candidate)
    person_id = combo.itemData(candidate)
    editor.assign_button.click()
    assert person_id in editor.assigned_people()
    session.edit(session.service.undo)
    assert editor.assigned_people() == before


def test_a_new_task_is_saved_before_people_are_assigned(qtbot, session) -> None:
    dialog = TaskDialog(session, None)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.assignees.assign_button.isEnabled()


def test_a_new_task_takes_people_before_it_is_saved(qtbot, session) -> None:
    from cutover_desktop.services.staff import StaffService

    demonstration_staff(session.service, 6)
    tasks_before = set(session.service.state.tasks)
    dialog = TaskDialog(session, None)
    qtbot.addWidget(dialog)
    dialog.show()
    editor = dialog.assignees
    assert editor.assign_button.isEnabled()
    combo = editor.person_combo
    combo.setCurrentIndex(1)
    chosen = combo.itemData(1)
    editor.assign_button.click()
    assert editor.assigned_people() == [chosen]
    assert "when the task is saved" in editor.message.text()
    assert StaffService(session.service).assignments() == [] or all(
        a.task_id in tasks_before for a in StaffService(session.service).assignments())
    qtbot.keyClicks(dialog.title_edit, "Ring the pharmacy about repeat prescriptions")
    dialog.accept()
    [new_id] = set(session.service.state.tasks) - tasks_before
    people = StaffService(session.service).assignments_for_task(new_id)
    assert [int(a.person_id) for a in people] == [chosen]
    # One step: one undo takes away the task and its people together.
    session.edit(session.service.undo)
    assert new_id not in session.service.state.tasks
    assert StaffService(session.service).assignments_for_task(new_id) == []


def test_a_new_task_starts_at_the_next_key_date_in_its_phase(qtbot, session) -> None:
    from cutover_desktop.domain.keydates import KeyDate

    service = session.service
    keys = service.schedule().key_dates
    upcoming = min((day, key) for key, day in keys.items() if day >= service.today())
    dialog = TaskDialog(session, None)
    qtbot.addWidget(dialog)
    assert upcoming[1] is not KeyDate.BGL  # months before go-live, BGL is not next
    assert upcoming[1].label in dialog.anchor_combo.currentText()
    assert dialog.phase_combo.currentText() != service.details.phases[0]  # not Lead-in
    near = [t.phase for t in service.state.tasks.values()
            if service.schedule().dates[t.id].start == upcoming[0]]
    assert not near or dialog.phase_combo.currentText() in near
