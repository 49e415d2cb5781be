"""The today view: a cut-over day's tasks in time order, ticked off with undoable edits."""

from __future__ import annotations

from datetime import date, time

import pytest
from PySide6.QtCore import Qt

from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.model import TaskStatus
from cutover_desktop.ui.today_view import (
    COL_STATUS,
    COL_TASK,
    COL_TIME,
    DayTasksModel,
    TodayView,
    tasks_on_day,
)
from tests.conftest import TODAY

TGL = date(2027, 3, 15)


def _on_day(service, day):
    dates = service.schedule().dates
    return {t.id for t in service.state.tasks.values()
            if dates[t.id].start <= day <= dates[t.id].end}


@pytest.fixture
def timed(service):
    """Three TGL tasks given times, out of order: 52 at 08:00, 58 at 14:00, 55 at 10:30."""
    for task_id, start, end in ((58, time(14), time(15)), (52, time(8), time(9)),
                                (55, time(10, 30), None)):
        task = service.task(task_id)
        service.update_task(task.with_changes(start_time=start, end_time=end))
    return [52, 55, 58]


@pytest.fixture
def view(qtbot, session, timed):
    widget = TodayView(session)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    qtbot.mouseClick(widget.key_buttons[KeyDate.TGL], Qt.MouseButton.LeftButton)
    return widget


def _shown_ids(view: TodayView) -> list[int]:
    model = view.tasks_model
    return [model.item(row).task.id for row in range(model.rowCount())]


def _select(qtbot, view: TodayView, task_id: int) -> None:
    row = view.tasks_model.row_of(task_id)
    assert row is not None
    rect = view.tasks_view.visualRect(view.tasks_model.index(row, COL_TASK))
    qtbot.mouseClick(view.tasks_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.selected_task_ids() == [task_id]


def test_opens_on_today(qtbot, session):
    widget = TodayView(session)
    qtbot.addWidget(widget)
    assert widget.day() == TODAY
    assert widget.date_edit.date().toPython() == TODAY
    assert widget.day_label.text() == "Today, Sat 28 Nov 2026"


def test_tgl_lists_exactly_the_days_tasks_in_time_order(view, service, timed):
    assert view.day() == TGL
    assert view.date_edit.date().toPython() == TGL
    assert view.key_date_label.text() == "Technical Go Live"
    shown = _shown_ids(view)
    assert set(shown) == _on_day(service, TGL)
    assert len(shown) == len(set(shown))
    # Timed tasks first, by start time (the template times most of TGL's tasks too); the
    # rest after them, labelled "Any time".
    model = view.tasks_model
    times = [model.index(r, COL_TIME).data() for r in range(model.rowCount())]
    count = sum(1 for text in times if not text.startswith("Any time"))
    assert count >= 3 and all(text.startswith("Any time") for text in times[count:])
    starts = [service.task(task_id).start_time for task_id in shown[:count]]
    assert None not in starts and starts == sorted(starts)  # type: ignore[type-var]
    assert [times[shown.index(task_id)] for task_id in timed] == [
        "08:00–09:00", "from 10:30", "14:00–15:00"]
    # A task of several days says which of its days this is.
    row = view.tasks_model.row_of(48)  # manual processes: FDP to TGL, four days
    assert model.index(row, COL_TIME).data() == "Any time · day 4 of 4"


def test_each_row_shows_status_as_words_and_symbol_with_owner(view, service):
    model = view.tasks_model
    row = model.row_of(52)
    assert model.index(row, COL_STATUS).data() == "○ Not started"
    assert model.index(row, COL_TASK).data() == service.task(52).title
    assert model.index(row, 3).data() == service.task(52).owner_role


def test_day_buttons_move_the_day(qtbot, view, service):
    qtbot.mouseClick(view.next_button, Qt.MouseButton.LeftButton)
    assert view.day() == date(2027, 3, 16)
    assert view.key_date_label.text() == "Business Go Live"
    assert set(_shown_ids(view)) == _on_day(service, date(2027, 3, 16))
    qtbot.mouseClick(view.previous_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.previous_button, Qt.MouseButton.LeftButton)
    assert view.day() == date(2027, 3, 14)
    assert "not a working day" in view.note_label.text()
    qtbot.mouseClick(view.key_buttons[KeyDate.FDP], Qt.MouseButton.LeftButton)
    assert view.day() == date(2027, 3, 12)
    qtbot.mouseClick(view.today_button, Qt.MouseButton.LeftButton)
    assert view.day() == TODAY
    view.date_edit.setDate(TGL)
    assert view.day() == TGL


def test_complete_marks_done_and_undo_restores(qtbot, view, session, service):
    _select(qtbot, view, 52)
    qtbot.mouseClick(view.complete_button, Qt.MouseButton.LeftButton)
    assert service.task(52).status is TaskStatus.DONE
    model = view.tasks_model
    assert model.index(model.row_of(52), COL_STATUS).data() == "✔ Done"
    assert view.selected_task_ids() == [52]  # the selection survives the refresh
    session.edit(service.undo)
    assert service.task(52).status is TaskStatus.NOT_STARTED
    assert model.index(model.row_of(52), COL_STATUS).data() == "○ Not started"


def test_start_block_and_reopen(qtbot, view, service):
    _select(qtbot, view, 55)
    qtbot.mouseClick(view.start_button, Qt.MouseButton.LeftButton)
    assert service.task(55).status is TaskStatus.IN_PROGRESS
    qtbot.mouseClick(view.block_button, Qt.MouseButton.LeftButton)
    assert service.task(55).status is TaskStatus.BLOCKED
    qtbot.mouseClick(view.reopen_button, Qt.MouseButton.LeftButton)
    assert service.task(55).status is TaskStatus.NOT_STARTED
    service.undo()
    assert service.task(55).status is TaskStatus.BLOCKED


def test_actions_apply_to_every_selected_task_in_one_step(view, service):
    view.select_tasks([52, 55, 58])
    view.complete_selected()
    assert {service.task(i).status for i in (52, 55, 58)} == {TaskStatus.DONE}
    service.undo()
    assert {service.task(i).status for i in (52, 55, 58)} == {TaskStatus.NOT_STARTED}


def test_buttons_wait_for_a_selection(view):
    view.tasks_view.clearSelection()
    assert not view.complete_button.isEnabled()
    view.select_tasks([52])
    assert view.complete_button.isEnabled()


def test_keys_space_toggles_done_and_s_starts(qtbot, view, service):
    _select(qtbot, view, 58)
    qtbot.keyClick(view.tasks_view, Qt.Key.Key_Space)
    assert service.task(58).status is TaskStatus.DONE
    qtbot.keyClick(view.tasks_view, Qt.Key.Key_Space)
    assert service.task(58).status is TaskStatus.NOT_STARTED
    qtbot.keyClick(view.tasks_view, Qt.Key.Key_S)
    assert service.task(58).status is TaskStatus.IN_PROGRESS


def test_skip_with_a_reason(qtbot, view, session, service):
    _select(qtbot, view, 56)
    qtbot.keyClick(view.tasks_view, Qt.Key.Key_K)
    dialog = view.skip_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.reason_edit, "Supplier ran it last week")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    task = service.task(56)
    assert task.status is TaskStatus.SKIPPED
    assert task.skip_reason == "Supplier ran it last week"
    assert view.skip_dialog is None
    model = view.tasks_model
    assert model.index(model.row_of(56), COL_STATUS).data() == "↷ Skipped"
    assert model.index(model.row_of(56), COL_STATUS).data(
        Qt.ItemDataRole.ToolTipRole) == "Skipped: Supplier ran it last week"
    session.edit(service.undo)
    assert service.task(56).status is TaskStatus.NOT_STARTED
    assert service.task(56).skip_reason == ""


def test_skip_without_a_reason_is_refused_and_changes_nothing(qtbot, view, service):
    before = service.undo_status()
    _select(qtbot, view, 56)
    qtbot.mouseClick(view.skip_button, Qt.MouseButton.LeftButton)
    dialog = view.skip_dialog
    qtbot.keyClicks(dialog.reason_edit, "   ")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.message_label.isVisible()
    assert "reason" in dialog.message_label.text()
    assert service.task(56).status is TaskStatus.NOT_STARTED
    assert service.undo_status() == before
    dialog.reject()
    assert view.skip_dialog is None
    assert service.task(56).status is TaskStatus.NOT_STARTED


def test_rag_per_phase_changes_as_tasks_are_done(view, session, service):
    phase = "Technical Go Live"
    on_tgl = [i for i in _shown_ids(view) if service.task(i).phase == phase]
    assert view.rag_texts()[phase] == f"Amber — {len(on_tgl)} to do"

    session.edit(service.set_status, on_tgl[:1], TaskStatus.BLOCKED)
    assert view.rag_texts()[phase] == "Red — 1 overdue/blocked"

    session.edit(service.set_status, on_tgl, TaskStatus.DONE)
    assert view.rag_texts()[phase] == "Green — all done"
    # Only phases with tasks that day are rated.
    phases_on_day = {service.task(i).phase for i in _shown_ids(view)}
    assert set(view.rag_texts()) == phases_on_day


def test_rag_counts_overdue_tasks_as_red(qtbot, session, service):
    widget = TodayView(session)
    qtbot.addWidget(widget)
    widget.set_day(date(2026, 11, 19))  # before today: open tasks that ended then are overdue
    overdue = [t for t in (service.task(i) for i in _shown_ids(widget))
               if service.schedule().dates[t.id].end < TODAY]
    assert overdue
    assert widget.rag_texts()[overdue[0].phase].startswith("Red — ")


def test_next_key_date_is_seen_from_the_day_shown(view):
    # Shown on TGL: the next key date is the day after, not a meeting months from today.
    assert view.countdown_label.text() == (
        "Next key date after this day: Business Go Live, 1 day later — Tue 16 Mar 2027")
    view.set_day(TODAY)
    assert view.countdown_label.text() == (
        "Next key date: Cut-over planning meeting in 76 days — Fri 12 Feb 2027")


def test_the_day_shows_who_is_assigned(qtbot, session, service):
    from cutover_desktop.domain.staff import Person
    from cutover_desktop.services.staff import StaffService
    from cutover_desktop.ui.today_view import COL_ASSIGNED

    staff = StaffService(service)
    task_id = sorted(_on_day(service, TGL))[0]
    for name in ("Sam Jones", "Asha Patel"):
        staff.add_person(Person(id=staff.next_person_id(), name=name, role="Receptionist"))
    for person in staff.people():
        staff.assign(task_id, person.id)
    widget = TodayView(session)
    qtbot.addWidget(widget)
    widget.set_day(TGL)
    row = widget.tasks_model.row_of(task_id)
    assert row is not None
    cell = widget.tasks_model.index(row, COL_ASSIGNED).data()
    assert cell == "Asha Patel, Sam Jones"
    assert widget.tasks_model.headerData(COL_ASSIGNED, Qt.Orientation.Horizontal) == "Assigned"


def test_double_click_activates_a_task(qtbot, view, session):
    row = view.tasks_model.row_of(55)
    rect = view.tasks_view.visualRect(view.tasks_model.index(row, COL_TASK))
    with qtbot.waitSignal(view.task_activated) as activated, \
            qtbot.waitSignal(session.task_selected):
        qtbot.mouseClick(view.tasks_view.viewport(), Qt.MouseButton.LeftButton,
                         pos=rect.center())
        qtbot.mouseDClick(view.tasks_view.viewport(), Qt.MouseButton.LeftButton,
                          pos=rect.center())
    assert activated.args == [55]


def test_follows_a_task_selected_elsewhere(view, session):
    session.select_task(58, object())
    assert view.selected_task_ids() == [58]


def test_a_day_with_nothing_planned_says_so(qtbot, session):
    widget = TodayView(session)
    qtbot.addWidget(widget)
    widget.set_day(date(2030, 1, 1))
    assert widget.tasks_model.rowCount() == 0
    assert widget.summary_label.text() == "No tasks are planned for this day."
    assert widget.rag_texts() == {}


def test_day_model_passes_the_model_tester(qtmodeltester, service, timed):
    model = DayTasksModel()
    model.set_items(tasks_on_day(service.state, TGL))
    assert model.rowCount() > 5
    qtmodeltester.check(model)


def test_typing_today_in_the_day_box_means_the_plans_today(qtbot, view):
    view.date_edit.line_edit.selectAll()
    qtbot.keyClicks(view.date_edit.line_edit, "today")
    qtbot.keyClick(view.date_edit.line_edit, Qt.Key.Key_Return)
    assert view.day() == TODAY
    view.date_edit.line_edit.selectAll()
    qtbot.keyClicks(view.date_edit.line_edit, "15/3/27")
    qtbot.keyClick(view.date_edit.line_edit, Qt.Key.Key_Return)
    assert view.day() == TGL

