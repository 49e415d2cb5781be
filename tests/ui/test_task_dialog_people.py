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
