"""TaskListWidget: filters, sorting, bulk status, skip, delete, in-place edits, selection sync."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from cutover_desktop.domain.ids import TaskId
from cutover_desktop.domain.model import TaskStatus
from cutover_desktop.ui.models.task_table_model import (
    COL_DAYS,
    COL_END,
    COL_NUMBER,
    COL_START,
    COL_STATUS,
    COL_TITLE,
)
from cutover_desktop.ui.task_list import TaskListWidget


@pytest.fixture
def widget(qtbot, session):
    w = TaskListWidget(session)
    qtbot.addWidget(w)
    w.resize(1200, 700)
    w.show()
    qtbot.waitExposed(w)
    return w


def tasks(session):
    return session.service.state.tasks.values()


def click_row(qtbot, widget, task_id: int, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    table = widget.table_view()
    row = widget.proxy.row_of(task_id)
    table.scrollTo(widget.proxy.index(row, COL_TITLE))
    rect = table.visualRect(widget.proxy.index(row, COL_TITLE))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def test_shows_every_task_sorted_by_start(widget, session):
    assert widget.proxy.rowCount() == 77 and widget.count_label.text() == "77 tasks"
    dates = session.service.schedule().dates
    starts = [dates[TaskId(t)].start for t in widget.visible_task_ids()]
    assert starts == sorted(starts)
    header = widget.table_view().horizontalHeader()
    assert header.sortIndicatorSection() == COL_START


# Filters, through the filter bar


def test_search_box_filters_and_row_order_follows(qtbot, widget, session):
    with qtbot.waitSignal(widget.row_order_changed) as order:
        qtbot.keyClicks(widget.search_edit, "kick-off")
    expected = {t.id for t in tasks(session)
                if "kick-off" in (t.title + t.notes + t.owner_role + t.phase).lower()}
    assert set(order.args[0]) == expected and order.args[0] == widget.visible_task_ids()
    assert widget.count_label.text() == f"Showing {len(expected)} of 77 tasks"


def test_phase_and_status_filters(qtbot, widget, session):
    widget.phase_filter.setCurrentIndex(widget.phase_filter.findData("Training"))
    assert {widget.proxy.task_id_at(r) for r in range(widget.proxy.rowCount())} == {
        t.id for t in tasks(session) if t.phase == "Training"}
    widget.phase_filter.setCurrentIndex(0)
    session.edit(session.service.set_status, [TaskId(3), TaskId(4)], TaskStatus.BLOCKED)
    widget.status_filter.setCurrentIndex(widget.status_filter.findData("blocked"))
    assert sorted(widget.visible_task_ids()) == [3, 4]


def test_owner_filter_matches_part_of_the_role(qtbot, widget, session):
    qtbot.keyClicks(widget.owner_filter, "lead gp")
    assert set(widget.visible_task_ids()) == {
        t.id for t in tasks(session) if "lead gp" in t.owner_role.lower()}


def test_date_filters_start_as_any_date_and_narrow_to_overlapping_tasks(qtbot, widget, session):
    assert widget.from_date.text() == "any date" and widget.to_date.text() == "any date"
    widget.from_date.set_value(date(2027, 3, 12))
    widget.to_date.set_value(date(2027, 3, 16))
    dates = session.service.schedule().dates
    expected = {t for t, d in dates.items()
                if d.start <= date(2027, 3, 16) and d.end >= date(2027, 3, 12)}
    assert set(widget.visible_task_ids()) == expected and 0 < len(expected) < 77
    assert widget.from_date.text() == "12/03/2027"


def test_stepping_from_any_date_goes_to_a_useful_date(qtbot, widget, session):
    widget.from_date.setFocus()
    qtbot.keyClick(widget.from_date, Qt.Key.Key_Up)
    # The test plan's "today" is 28 Nov 2026.
    assert widget.from_date.value() == date(2026, 11, 28)


def test_clear_button_shows_everything_again(qtbot, widget):
    with qtbot.waitSignal(widget.row_order_changed):
        qtbot.keyClicks(widget.search_edit, "data")
        widget.phase_filter.setCurrentIndex(2)
        widget.from_date.set_value(date(2027, 1, 1))
    assert widget.proxy.rowCount() < 77
    with qtbot.waitSignal(widget.row_order_changed):
        qtbot.mouseClick(widget.clear_button, Qt.MouseButton.LeftButton)
    assert widget.proxy.rowCount() == 77
    assert widget.search_edit.text() == "" and widget.phase_filter.currentIndex() == 0
    assert widget.from_date.value() is None


def test_clicking_a_header_sorts_by_that_column(qtbot, widget, session):
    header = widget.table_view().horizontalHeader()
    x = header.sectionViewportPosition(COL_END) + header.sectionSize(COL_END) // 2
    with qtbot.waitSignal(widget.row_order_changed) as order:
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                         pos=QPoint(x, header.height() // 2))
    dates = session.service.schedule().dates
    ends = [dates[TaskId(t)].end for t in order.args[0]]
    assert header.sortIndicatorSection() == COL_END
    assert ends in (sorted(ends), sorted(ends, reverse=True))


def test_row_order_follows_a_date_change(qtbot, widget, session):
    first = widget.visible_task_ids()[0]
    with qtbot.waitSignal(widget.row_order_changed) as order:
        session.edit(session.service.move_task, TaskId(first), 300)
    assert order.args[0][-1] == first


# Actions on the selection


def test_bulk_status_of_three_rows_is_one_undo_step(qtbot, widget, session):
    service = session.service
    click_row(qtbot, widget, 20)
    click_row(qtbot, widget, 21, Qt.KeyboardModifier.ControlModifier)
    click_row(qtbot, widget, 22, Qt.KeyboardModifier.ControlModifier)
    assert sorted(widget.selected_task_ids()) == [20, 21, 22]
    widget.status_actions[TaskStatus.DONE].trigger()
    assert all(service.task(TaskId(t)).status is TaskStatus.DONE for t in (20, 21, 22))
    assert service.undo_status().undo_label == "Mark 3 tasks done"
    session.edit(service.undo)
    assert all(service.task(TaskId(t)).status is TaskStatus.NOT_STARTED for t in (20, 21, 22))
    assert service.undo_status().undo_label is None


def test_skipping_asks_for_a_reason_and_refuses_an_empty_one(qtbot, widget, session):
    service = session.service
    widget.select_tasks([30, 31])
    widget.status_actions[TaskStatus.SKIPPED].trigger()
    dialog = widget.skip_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.accept()
    assert dialog.isVisible() and "Say why" in dialog.message_label.text()
    assert service.task(TaskId(30)).status is TaskStatus.NOT_STARTED
    qtbot.keyClicks(dialog.reason_edit, "Done by the CSU instead")
    dialog.accept()
    for task_id in (30, 31):
        task = service.task(TaskId(task_id))
        assert (task.status, task.skip_reason) == (TaskStatus.SKIPPED, "Done by the CSU instead")
    assert service.undo_status().undo_label == "Mark 2 tasks skipped"


def test_cancelling_the_skip_dialog_changes_nothing(qtbot, widget, session):
    widget.select_tasks([30])
    widget.status_actions[TaskStatus.SKIPPED].trigger()
    widget.skip_dialog.reject()
    assert session.service.task(TaskId(30)).status is TaskStatus.NOT_STARTED


def test_delete_key_asks_then_deletes_the_selected_tasks(qtbot, widget, session):
    service = session.service
    widget.select_tasks([40, 41])
    widget.table_view().setFocus()
    qtbot.keyClick(widget.table_view(), Qt.Key.Key_Delete)
    box = widget.delete_box
    assert isinstance(box, QMessageBox) and box.text() == "Delete 2 tasks?"
    delete = next(b for b in box.buttons() if b.text() == "Delete")
    qtbot.mouseClick(delete, Qt.MouseButton.LeftButton)
    assert TaskId(40) not in service.state.tasks and TaskId(41) not in service.state.tasks
    assert widget.proxy.rowCount() == 75
    session.edit(service.undo)
    assert widget.proxy.rowCount() == 77


def test_cancelling_delete_keeps_the_tasks(qtbot, widget, session):
    widget.select_tasks([40])
    widget.delete_selected()
    box = widget.delete_box
    assert "“" in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert TaskId(40) in session.service.state.tasks


def test_actions_need_a_selection(qtbot, widget):
    widget.table_view().clearSelection()
    assert not widget.delete_button.isEnabled() and not widget.status_button.isEnabled()
    widget.select_tasks([5])
    assert widget.delete_button.isEnabled() and widget.status_button.isEnabled()


def test_context_menu_offers_status_and_delete(qtbot, widget):
    widget.select_tasks([5])
    widget._on_table_context_menu(widget.table_view().viewport().rect().center())
    texts = [a.text() for a in widget.context_menu.actions()]
    assert {"&Open…", "Set &status", "&Add task…", "&Delete…"} <= set(texts)
    widget.context_menu.close()


# Editing in place


def edit_cell(qtbot, widget, task_id: int, column: int):
    table = widget.table_view()
    index = widget.proxy.index(widget.proxy.row_of(task_id), column)
    table.setFocus()
    table.setCurrentIndex(index)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert editor is not None and editor is not table
    return editor


def test_f2_edits_the_title_in_place_and_undo_restores_it(qtbot, widget, session):
    service = session.service
    old = service.task(TaskId(12)).title
    editor = edit_cell(qtbot, widget, 12, COL_TITLE)
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "Warn the out-of-hours service")
    # The delegate commits on Return through a queued call.
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: service.task(TaskId(12)).title == "Warn the out-of-hours service")
    session.edit(service.undo)
    assert service.task(TaskId(12)).title == old
    row = widget.proxy.row_of(12)
    assert widget.proxy.index(row, COL_TITLE).data() == old


def test_a_refused_edit_leaves_the_cell_and_shows_why(qtbot, widget, session):
    old = session.service.task(TaskId(12)).title
    editor = edit_cell(qtbot, widget, 12, COL_TITLE)
    editor.clear()
    with qtbot.waitSignal(session.refused):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not widget.table_view().findChildren(QLineEdit))
    assert session.service.task(TaskId(12)).title == old
    assert widget.proxy.index(widget.proxy.row_of(12), COL_TITLE).data() == old
    assert widget.message_label.isVisibleTo(widget)
    assert widget.message_label.text() == "⚠ A task needs a title."
    # The next successful edit clears the message.
    session.edit(session.service.set_status, [TaskId(12)], TaskStatus.DONE)
    assert not widget.message_label.isVisibleTo(widget)


def test_duration_edits_with_a_spin_box(qtbot, widget, session):
    editor = edit_cell(qtbot, widget, 12, COL_DAYS)
    editor.setValue(4)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: session.service.task(TaskId(12)).duration_days == 4)


def test_choosing_skipped_in_the_status_cell_asks_why(qtbot, widget, session):
    editor = edit_cell(qtbot, widget, 12, COL_STATUS)
    editor.setCurrentIndex(editor.findData(TaskStatus.SKIPPED.value))
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: widget.skip_dialog is not None)
    dialog = widget.skip_dialog
    assert dialog.isVisible()
    qtbot.keyClicks(dialog.reason_edit, "Not used here")
    dialog.accept()
    task = session.service.task(TaskId(12))
    assert (task.status, task.skip_reason) == (TaskStatus.SKIPPED, "Not used here")


# Opening tasks


def test_enter_opens_the_task_dialog_when_no_one_else_does(qtbot, widget, session):
    widget.select_task(7)
    widget.table_view().setFocus()
    qtbot.keyClick(widget.table_view(), Qt.Key.Key_Return)
    dialog = widget.task_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.title_edit.text() == session.service.task(TaskId(7)).title
    dialog.reject()


def test_double_click_announces_the_task_when_connected(qtbot, widget):
    opened: list[int] = []
    widget.task_activated.connect(opened.append)
    table = widget.table_view()
    row = widget.proxy.row_of(9)
    rect = table.visualRect(widget.proxy.index(row, COL_TITLE))
    # A real double-click: a click, then the double-click event.
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened == [9] and widget.task_dialog is None


def test_add_task_opens_the_dialog_and_selects_the_new_task(qtbot, widget, session):
    qtbot.mouseClick(widget.add_button, Qt.MouseButton.LeftButton)
    dialog = widget.task_dialog
    qtbot.keyClicks(dialog.title_edit, "Collect the old smartcards")
    dialog.accept()
    new_id = dialog.saved_task_id
    assert session.service.task(TaskId(new_id)).title == "Collect the old smartcards"
    assert widget.selected_task_ids() == [new_id]
    assert widget.proxy.rowCount() == 78


# Selection kept in step with other views


def test_selecting_a_row_tells_the_session(qtbot, widget, session):
    with qtbot.waitSignal(session.task_selected) as selected:
        click_row(qtbot, widget, 15)
    assert selected.args == [15, widget]


def test_a_selection_elsewhere_selects_the_row(qtbot, widget, session):
    other = object()
    session.select_task(60, other)
    assert widget.selected_task_ids() == [60] and widget.current_task_id() == 60


# Remembering the header


def test_header_state_round_trips(qtbot, session, widget):
    header = widget.table_view().horizontalHeader()
    header.resizeSection(COL_TITLE, 333)
    header.moveSection(header.visualIndex(COL_END), 1)
    widget.table_view().sortByColumn(COL_TITLE, Qt.SortOrder.DescendingOrder)
    saved = widget.state()
    other = TaskListWidget(session)
    qtbot.addWidget(other)
    assert other.restore_state(saved)
    other_header = other.table_view().horizontalHeader()
    assert other_header.sectionSize(COL_TITLE) == 333
    assert other_header.visualIndex(COL_END) == 1
    assert other.visible_task_ids() == widget.visible_task_ids()
    assert not other.restore_state(b"") and not other.restore_state(b"nonsense")


def test_rows_have_one_height_that_follows_the_font(qtbot, widget):
    table = widget.table_view()
    height = widget.row_height()
    assert table.rowHeight(0) == table.rowHeight(50) == height
    font = widget.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)
    widget.setFont(font)
    assert widget.row_height() > height


def test_selection_survives_a_change_to_another_task(qtbot, widget, session):
    widget.select_tasks([10, 11])
    session.edit(session.service.set_go_live, date(2027, 4, 13))
    assert sorted(widget.selected_task_ids()) == [10, 11]


def test_rows_use_a_model_not_item_widgets(widget):
    assert widget.table_view().model() is widget.proxy
    assert widget.table_view().selectionModel().model() is widget.proxy
    table = widget.table_view()
    assert table.selectionMode() == table.SelectionMode.ExtendedSelection
    assert table.selectionBehavior() == table.SelectionBehavior.SelectRows


def test_every_control_has_an_accessible_name(widget):
    from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox

    kinds = (QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit)
    controls = [w for kind in kinds for w in widget.findChildren(kind)
                if w.isVisibleTo(widget) and not isinstance(w.parent(), QAbstractSpinBox)]
    assert controls and not [w for w in controls if not w.accessibleName()]


def test_a_read_only_plan_offers_no_edits(qtbot, plan_file):
    from cutover_desktop.services.plan_files import open_plan
    from cutover_desktop.ui.session import PlanSession
    from tests.conftest import TODAY

    service = open_plan(plan_file, read_only=True, today=lambda: TODAY)
    try:
        w = TaskListWidget(PlanSession(service))
        qtbot.addWidget(w)
        w.select_tasks([3])
        assert not w.add_button.isEnabled() and not w.delete_button.isEnabled()
        assert not w.status_button.isEnabled()
    finally:
        service.close()


def test_dates_and_status_come_first_beside_the_timeline(widget):
    header = widget.table_view().horizontalHeader()
    order = [header.logicalIndex(place) for place in range(5)]
    assert order == [COL_NUMBER, COL_TITLE, COL_START, COL_END, COL_STATUS]
