"""The main window end to end: start-up, files, undo and redo, tabs, refusals, accessibility."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QGraphicsView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from cutover_desktop.domain.model import TaskStatus
from cutover_desktop.paths import default_plan_path
from cutover_desktop.services.backups import list_backups
from cutover_desktop.services.plan_files import open_plan
from cutover_desktop.ui.main_window import MainWindow
from cutover_desktop.ui.settings import UiSettings
from cutover_desktop.ui.workspace import (
    DASHBOARD_TAB,
    KEY_DATES_TAB,
    PLAN_TAB,
    TAB_TITLES,
    TODAY_TAB,
)
from tests.conftest import TODAY


def test_first_start_shows_the_demonstration_plan(window: MainWindow) -> None:
    assert window.open_demonstration_plan()
    assert default_plan_path().exists()
    assert window.workspace is not None and window.session is not None
    assert "Demonstration Surgery" in window.windowTitle()
    assert len(window.workspace.task_list.visible_task_ids()) == 77
    assert window.workspace.timeline.row_order()[:5] == \
        window.workspace.task_list.visible_task_ids()[:5]
    # Work already past is done, so the newcomer sees a plan under way.
    statuses = {t.status for t in window.session.service.state.tasks.values()}
    assert TaskStatus.DONE in statuses and TaskStatus.NOT_STARTED in statuses


def test_second_start_opens_the_same_demonstration_file(qtbot, settings: UiSettings) -> None:
    first = MainWindow(settings, today=lambda: TODAY)
    qtbot.addWidget(first)
    first.open_demonstration_plan()
    task_id = next(iter(first.session.service.state.tasks))  # type: ignore[union-attr]
    first.session.edit(first.session.service.set_status, [task_id], TaskStatus.BLOCKED)  # type: ignore[union-attr]
    first.close()
    second = MainWindow(settings, today=lambda: TODAY)
    qtbot.addWidget(second)
    second.open_demonstration_plan()
    assert second.session.service.task(task_id).status is TaskStatus.BLOCKED  # type: ignore[union-attr]


def test_undo_and_redo_say_what_they_will_do(window: MainWindow, plan_file: Path, qtbot) -> None:
    window.open_plan_file(plan_file)
    assert not window.undo_action.isEnabled()
    service = window.session.service  # type: ignore[union-attr]
    new_day = service.details.go_live + timedelta(days=7)
    window.session.edit(service.set_go_live, new_day)  # type: ignore[union-attr]
    assert window.undo_action.isEnabled()
    assert "Move go-live" in window.undo_action.text()
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert service.details.go_live == new_day - timedelta(days=7)
    assert "Move go-live" in window.redo_action.text()
    window.redo_action.trigger()
    assert service.details.go_live == new_day
    assert "Saved" in window.status_label.text()


def test_undo_covers_edits_made_in_any_view(window: MainWindow, plan_file: Path) -> None:
    window.open_plan_file(plan_file)
    workspace = window.workspace
    assert workspace is not None
    service = window.session.service  # type: ignore[union-attr]
    task_id = workspace.task_list.visible_task_ids()[0]
    before = service.schedule().dates[task_id].start
    # The first task is a Thursday; a day later is a Friday (a working day).
    window.session.edit(service.move_task, task_id, 1)  # type: ignore[union-attr]
    assert service.schedule().dates[task_id].start == before + timedelta(days=1)
    window.undo_action.trigger()
    assert service.schedule().dates[task_id].start == before


def test_opening_a_file_is_not_an_edit(window: MainWindow, plan_file: Path) -> None:
    window.open_plan_file(plan_file)
    assert not window.undo_action.isEnabled()
    assert window.undo_action.text().replace("&", "") == "Undo"


def test_a_window_with_no_plan_shows_the_start_page(qtbot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.stack.currentWidget() is not None)
    assert window.stack.currentWidget() is window.start_page
    assert window.start_page.isVisible()
    assert window.start_page.open_button.text().replace("&", "") == "Open a plan…"


def test_a_start_on_a_plan_never_makes_the_start_page(
        qtbot, settings: UiSettings, plan_file: Path) -> None:
    main = MainWindow(settings, today=lambda: TODAY)
    qtbot.addWidget(main)
    main.show()
    assert main.open_plan_file(plan_file)  # as app.run_gui opens the plan named at start
    qtbot.waitUntil(lambda: main.workspace is not None and main.workspace.findings is not None)
    assert main._start_page is None
    main.close_plan()
    assert main.stack.currentWidget() is main.start_page


def test_a_refused_file_is_explained_and_left_alone(window: MainWindow, tmp_path: Path) -> None:
    text_file = tmp_path / "notes.cutover"
    text_file.write_text("shopping list")
    assert not window.open_plan_file(text_file)
    assert "not a plan file" in window.last_message
    assert text_file.read_text() == "shopping list"
    assert window.session is None
    assert window.stack.currentWidget() is window.start_page


def test_a_damaged_plan_offers_its_newest_backup(window: MainWindow, plan_file: Path) -> None:
    open_plan(plan_file, today=lambda: TODAY).close()  # makes an on-open backup
    assert list_backups(plan_file)
    plan_file.write_bytes(plan_file.read_bytes()[:4096])  # cut short
    assert not window.open_plan_file(plan_file)
    box = window.pending_box
    assert box is not None and "cut short" in box.text()
    assert "newest backup" in box.text()
    restore = next(b for b in box.buttons() if "Restore" in b.text())
    restore.click()
    assert window.session is not None
    assert len(window.session.service.state.tasks) == 77
    assert any(p.name.startswith("riverside.damaged-") for p in plan_file.parent.iterdir())


def test_save_a_copy_writes_a_plan_that_opens(window: MainWindow, plan_file: Path,
                                               tmp_path: Path) -> None:
    window.open_plan_file(plan_file)
    target = tmp_path / "copy"
    assert window.save_copy_to(target)
    copy = open_plan(tmp_path / "copy.cutover", read_only=True)
    try:
        assert len(copy.state.tasks) == 77
    finally:
        copy.close()
    assert not window.save_copy_to(plan_file)
    assert "already open" in window.last_message


def test_a_copy_that_cannot_be_written_says_where_and_why(window: MainWindow, plan_file: Path,
                                                          tmp_path: Path) -> None:
    window.open_plan_file(plan_file)
    target = tmp_path / "no such folder" / "copy.cutover"
    assert not window.save_copy_to(target)
    assert window.last_message == (f"copy.cutover was not written: the folder {target.parent} "
                                   "does not exist. Nothing was changed.")
    assert not target.parent.exists()


def test_close_returns_to_the_start_page_and_recent_files_remember(
        window: MainWindow, plan_file: Path, settings: UiSettings) -> None:
    window.open_plan_file(plan_file)
    window.close_action.trigger()
    assert window.session is None
    assert window.stack.currentWidget() is window.start_page
    assert not window.undo_action.isEnabled()
    assert plan_file.resolve() in settings.recent_files
    window._fill_recent_menu()
    assert any(plan_file.name in a.text() for a in window.recent_menu.actions())


def test_a_second_window_on_the_same_plan_is_read_only(qtbot, window: MainWindow,
                                                       settings: UiSettings,
                                                       plan_file: Path) -> None:
    window.open_plan_file(plan_file)
    other = MainWindow(settings, today=lambda: TODAY)
    qtbot.addWidget(other)
    other.show()
    other.open_plan_file(plan_file)
    assert other.session is not None and other.session.service.read_only
    assert other.notice_label.isVisible()
    assert "read-only" in other.notice_label.text()
    assert "[read-only]" in other.windowTitle()
    assert not other.new_task_action.isEnabled()


def test_a_dashboard_finding_jumps_to_its_task(window: MainWindow, plan_file: Path) -> None:
    window.open_plan_file(plan_file)
    workspace = window.workspace
    assert workspace is not None
    workspace.tabs.setCurrentIndex(DASHBOARD_TAB)
    service = window.session.service  # type: ignore[union-attr]
    task_id = workspace.task_list.visible_task_ids()[3]
    workspace.dashboard.task_requested.emit(task_id)
    assert workspace.tabs.currentIndex() == PLAN_TAB
    assert workspace.task_list.selected_task_ids() == [task_id]
    assert workspace.timeline.selected_task() == task_id
    assert service.task(task_id)


def test_every_tab_is_reachable_from_the_keyboard(window: MainWindow, plan_file: Path,
                                                  qtbot) -> None:
    window.open_plan_file(plan_file)
    workspace = window.workspace
    assert workspace is not None
    assert workspace.tabs.count() == len(TAB_TITLES) == 9
    for index in [*range(1, 9), 0]:
        qtbot.keyClick(window, getattr(Qt.Key, f"Key_{index + 1}"),
                       Qt.KeyboardModifier.ControlModifier)
        assert workspace.tabs.currentIndex() == index
        assert workspace.tabs.tabText(index) == TAB_TITLES[index]


def test_a_finding_about_a_person_opens_their_day_on_the_coverage_grid(
        window: MainWindow, plan_file: Path) -> None:
    from cutover_desktop.domain.keydates import KeyDate
    from cutover_desktop.domain.warnings import Finding, Severity
    from cutover_desktop.services.staff_demo import demonstration_staff

    window.open_plan_file(plan_file)
    workspace = window.workspace
    assert workspace is not None and window.session is not None
    window.session.edit(demonstration_staff, window.session.service, 8)
    tgl = window.session.service.schedule().key_dates[KeyDate.TGL]
    someone = next(iter(window.session.service.state.table("staff").values()))
    person = someone.name
    workspace.dashboard.open_finding(Finding("TEST", Severity.WARNING, "about a person", tgl,
                                             None, subject=person))
    grid = workspace.coverage_view
    assert workspace.tabs.currentWidget() is grid
    current = grid.grid.currentIndex()
    assert current.row() == grid.model.row_of_person(someone.id)
    assert current.column() == grid.model.column_of(tgl)


def test_new_task_action_opens_the_task_dialog(window: MainWindow, plan_file: Path) -> None:
    window.open_plan_file(plan_file)
    window.new_task_action.trigger()
    dialogs = [w for w in QApplication.topLevelWidgets()
               if w.isVisible() and type(w).__name__ == "TaskDialog"]
    assert len(dialogs) == 1
    dialogs[0].reject()


def _needs_a_name(widget: QWidget, main: QWidget) -> bool:
    # Parts of a named control (a spin box's editor, a combo box's pop-up list) share its name.
    if widget.window() is not main or isinstance(widget.parent(), (QAbstractSpinBox, QComboBox)):
        return False
    if widget.focusPolicy() == Qt.FocusPolicy.NoFocus or not widget.isVisibleTo(main):
        return False
    return isinstance(widget, (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox,
                               QAbstractItemView, QGraphicsView, QPlainTextEdit, QTextEdit))


def _has_a_name(widget: QWidget) -> bool:
    if widget.accessibleName().strip():
        return True
    if isinstance(widget, QAbstractButton) and widget.text().replace("&", "").strip():
        return True
    labels = widget.window().findChildren(QLabel)
    return any(label.buddy() is widget for label in labels)


@pytest.mark.parametrize("tab", [PLAN_TAB, DASHBOARD_TAB, TODAY_TAB, KEY_DATES_TAB])
def test_every_control_has_an_accessible_name(window: MainWindow, plan_file: Path,
                                              tab: int) -> None:
    window.open_plan_file(plan_file)
    assert window.workspace is not None
    window.workspace.tabs.setCurrentIndex(tab)
    nameless = [f"{type(w).__name__} {w.objectName()}" for w in window.findChildren(QWidget)
                if _needs_a_name(w, window) and not _has_a_name(w)]
    assert nameless == [], nameless


def test_refusals_reach_the_user_in_plain_words(window: MainWindow, plan_file: Path) -> None:
    window.open_plan_file(plan_file)
    service = window.session.service  # type: ignore[union-attr]
    window.session.edit(service.set_go_live, date(1999, 1, 1))  # type: ignore[union-attr]
    assert "between 2000 and 2099" in window.last_message
    boxes = [box for box in window.findChildren(QMessageBox) if box.isVisible()]
    assert len(boxes) == 1 and "between 2000 and 2099" in boxes[0].text()
    assert service.details.go_live != date(1999, 1, 1)


def test_print_menu_opens_previews_of_what_is_on_screen(window: MainWindow,
                                                       plan_file: Path) -> None:
    from PySide6.QtPrintSupport import QPrintPreviewDialog

    from cutover_desktop.services.staff_demo import demonstration_staff

    window.open_plan_file(plan_file)
    assert window.print_actions is not None and window.session is not None
    window.session.edit(demonstration_staff, window.session.service, 6)
    for action in (window.print_tasks_action, window.print_timeline_action,
                   window.print_week_action, window.print_coverage_action,
                   window.print_registers_action, window.print_evidence_action):
        before = len(window.findChildren(QPrintPreviewDialog))
        action.trigger()
        previews = window.findChildren(QPrintPreviewDialog)
        assert len(previews) == before + 1, action.text()
        previews[-1].reject()


def test_exchange_actions_follow_the_plan(window: MainWindow, plan_file: Path,
                                          settings: UiSettings, qtbot) -> None:
    assert not window.export_csv_action.isEnabled()
    window.open_plan_file(plan_file)
    assert window.export_csv_action.isEnabled() and window.import_action.isEnabled()
    other = MainWindow(settings, today=lambda: TODAY)
    qtbot.addWidget(other)
    other.open_plan_file(plan_file)  # read-only: someone has it open
    assert other.export_csv_action.isEnabled()
    assert not other.import_action.isEnabled()
