"""Nothing is lost when start-up shows the plan first and does the rest afterwards:
the warnings reach the Dashboard, the on-open backup is taken before the first edit is
written, and a view that was hidden during an edit is right when it is shown."""

from __future__ import annotations

import gc
import shutil
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QStatusBar

import cutover_desktop.app as app_module
from cutover_desktop.app import resume_garbage_collection_when_settled
from cutover_desktop.domain.formatting import uk_date
from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.model import TaskStatus
from cutover_desktop.reports.day_schedule import tasks_on_day
from cutover_desktop.services.backups import list_backups
from cutover_desktop.services.plan_files import open_plan
from cutover_desktop.ui.main_window import MainWindow
from cutover_desktop.ui.settings import UiSettings
from cutover_desktop.ui.today_view import TodayView
from cutover_desktop.ui.workspace import (
    AUDIT_TAB,
    DASHBOARD_TAB,
    KEY_DATES_TAB,
    PLAN_TAB,
    TODAY_TAB,
)
from tests.conftest import TODAY, change_plan


@pytest.fixture
def plan_file(plan_file: Path) -> Path:
    """The plan, changed since the backup that making it took: opening it backs it up."""
    change_plan(plan_file)
    return plan_file


@pytest.fixture
def window(qtbot, tmp_path: Path) -> MainWindow:
    settings = UiSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    main = MainWindow(settings, today=lambda: TODAY)
    qtbot.addWidget(main)
    return main


def _shown_ids(view: TodayView) -> list[int]:
    model = view.tasks_model
    return [int(model.item(row).task.id) for row in range(model.rowCount())]


def blocked_task(plan_file: Path) -> str:
    """Block a task in the file: the plan then has a warning about it. Returns its title."""
    service = open_plan(plan_file, today=lambda: TODAY, backup=False)
    try:
        task = service.state.ordered_tasks()[3]
        service.set_status([task.id], TaskStatus.BLOCKED)
        return task.title
    finally:
        service.close()


def test_a_warning_worked_out_after_the_first_paint_appears_on_the_dashboard(
        qtbot, window: MainWindow, plan_file: Path) -> None:
    title = blocked_task(plan_file)
    window.show()
    assert window.open_plan_file(plan_file)
    workspace = window.workspace
    assert workspace is not None
    # Opening shows the plan; the Dashboard has not been built, nor the plan checked.
    assert workspace.tabs.currentIndex() == PLAN_TAB
    assert not workspace.is_built(DASHBOARD_TAB)
    assert workspace.findings is None
    qtbot.waitUntil(lambda: workspace.findings is not None, timeout=5000)
    shown = workspace.dashboard.findings_model.findings()
    blocked = [f for f in shown if f.code == "TASK_BLOCKED"]
    assert len(blocked) == 1 and title in blocked[0].message
    assert "warning" in window.status_label.text() and "Dashboard" in window.status_label.text()
    workspace.tabs.setCurrentIndex(DASHBOARD_TAB)
    assert workspace.tabs.currentWidget() is workspace.dashboard
    assert any(f.code == "TASK_BLOCKED" for f in workspace.dashboard.findings_model.findings())


def test_the_backup_on_open_is_taken_once_the_plan_is_on_screen(
        qtbot, window: MainWindow, plan_file: Path) -> None:
    made_before = set(list_backups(plan_file))
    window.show()
    assert window.open_plan_file(plan_file)
    qtbot.waitUntil(lambda: set(list_backups(plan_file)) != made_before, timeout=5000)
    new = [b for b in list_backups(plan_file) if b not in made_before]
    assert [b.reason for b in new] == ["on-open"]


def test_the_backup_on_open_exists_before_the_first_edit_is_saved(
        window: MainWindow, plan_file: Path) -> None:
    # Never shown, so never painted: the first edit itself must take the backup first.
    made_before = set(list_backups(plan_file))  # making the file took one
    assert window.open_plan_file(plan_file)
    session = window.session
    assert session is not None
    assert set(list_backups(plan_file)) == made_before
    go_live = session.service.details.go_live
    assert session.edit(session.service.set_go_live, go_live + timedelta(days=7))
    new = [b for b in list_backups(plan_file) if b not in made_before]
    assert [b.reason for b in new] == ["on-open"]
    # The backup holds the plan as it was opened, before the edit.
    kept = open_plan(new[0].path, read_only=True, today=lambda: TODAY, backup=False)
    try:
        assert kept.details.go_live == go_live
    finally:
        kept.close()
    session.edit(session.service.set_go_live, go_live + timedelta(days=14))
    assert len([b for b in list_backups(plan_file) if b not in made_before]) == 1


def test_views_hidden_during_an_edit_are_right_when_shown(
        qtbot, window: MainWindow, plan_file: Path) -> None:
    window.show()
    assert window.open_plan_file(plan_file)
    workspace, session = window.workspace, window.session
    assert workspace is not None and session is not None
    qtbot.waitUntil(lambda: workspace.findings is not None, timeout=5000)
    # Working out the warnings built no tab. The Dashboard, Today and Audit tabs are built
    # now, hidden; Key dates is never built before the edit.
    assert not workspace.is_built(DASHBOARD_TAB)
    audit, today, _dashboard = workspace.audit_view, workspace.today_view, workspace.dashboard
    old_bgl = session.service.schedule().key_dates[KeyDate.BGL]
    today.set_day(old_bgl)
    on_old_bgl = [int(e.task.id) for e in tasks_on_day(session.service.state, old_bgl)]
    assert _shown_ids(today) == on_old_bgl
    assert workspace.is_built(DASHBOARD_TAB) and not workspace.is_built(KEY_DATES_TAB)
    moved = session.service.details.go_live + timedelta(days=7)
    assert session.edit(session.service.set_go_live, moved)
    bgl = session.service.schedule().key_dates[KeyDate.BGL]
    now_on_old_bgl = [int(e.task.id) for e in tasks_on_day(session.service.state, old_bgl)]
    assert now_on_old_bgl != on_old_bgl

    workspace.tabs.setCurrentIndex(TODAY_TAB)
    qtbot.waitUntil(lambda: today.isVisible())
    assert _shown_ids(today) == now_on_old_bgl

    workspace.tabs.setCurrentIndex(DASHBOARD_TAB)
    qtbot.waitUntil(lambda: workspace.dashboard.isVisible())
    _marker, _name, when, _away = workspace.dashboard._key_rows[KeyDate.BGL]
    assert when.text() == uk_date(bgl)

    workspace.tabs.setCurrentIndex(KEY_DATES_TAB)
    panel = workspace.key_dates
    model = panel.key_dates_model
    texts = [str(model.index(row, column).data()) for row in range(model.rowCount())
             for column in range(model.columnCount())]
    assert uk_date(bgl) in texts

    workspace.tabs.setCurrentIndex(AUDIT_TAB)
    qtbot.waitUntil(lambda: audit.isVisible())
    newest = audit.model.index(0, 0)
    described = " ".join(str(audit.model.index(0, column).data())
                         for column in range(audit.model.columnCount()))
    assert newest.isValid() and "go-live" in described.lower()


class _ReleasedWhenWaitedOn(threading.Event):
    """The copy's end, which releases the held copy when the window's thread waits for it,
    and notes that it did."""

    def __init__(self, hold: threading.Event) -> None:
        super().__init__()
        self.hold = hold

    def wait(self, timeout: float | None = None) -> bool:
        if not self.is_set():
            self.hold.waited_while_copying = True  # type: ignore[attr-defined]
            self.hold.set()
        return super().wait(timeout)


@pytest.fixture
def slow_backups(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Backups held, as copying a big plan off a slow disk is, until the event is set (or
    the window's thread waits for the copy); the threads they ran on are kept in
    `event.threads`."""
    from cutover_desktop.services import planner
    from cutover_desktop.storage import backups, repository

    hold = threading.Event()
    hold.threads = []  # type: ignore[attr-defined]
    hold.waited_while_copying = False  # type: ignore[attr-defined]
    real = backups.write_backup

    def write_backup(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        hold.threads.append(threading.current_thread())  # type: ignore[attr-defined]
        assert hold.wait(10)
        return real(*args, **kwargs)

    class HeldBackup(planner._BackupElsewhere):
        def __init__(self, path: Path) -> None:
            super().__init__(path)
            self.finished = _ReleasedWhenWaitedOn(hold)

    monkeypatch.setattr(backups, "write_backup", write_backup)
    monkeypatch.setattr(repository, "write_backup", write_backup)
    monkeypatch.setattr(planner, "_BackupElsewhere", HeldBackup)
    return hold


def _open_while_the_copy_waits(qtbot, window: MainWindow, plan_file: Path,
                               slow_backups: threading.Event) -> set[object]:
    """Show the plan and wait until its on-open backup has started; the backups before."""
    made_before = set(list_backups(plan_file))
    window.show()
    assert window.open_plan_file(plan_file)
    qtbot.waitUntil(lambda: slow_backups.threads != [], timeout=5000)
    return made_before


def test_the_window_is_not_held_up_while_the_backup_on_open_is_copied(
        qtbot, window: MainWindow, plan_file: Path, slow_backups: threading.Event) -> None:
    made_before = _open_while_the_copy_waits(qtbot, window, plan_file, slow_backups)
    workspace = window.workspace
    assert workspace is not None
    # The copy has started, off the window's thread, and the window goes on working.
    assert slow_backups.threads[0] is not threading.main_thread()
    qtbot.waitUntil(lambda: workspace.findings is not None, timeout=5000)
    assert set(list_backups(plan_file)) == made_before
    slow_backups.set()
    qtbot.waitUntil(lambda: set(list_backups(plan_file)) != made_before, timeout=5000)
    assert [b.reason for b in list_backups(plan_file) if b not in made_before] == ["on-open"]


def test_an_edit_made_while_the_backup_on_open_is_copied_waits_for_it(
        qtbot, window: MainWindow, plan_file: Path, slow_backups: threading.Event) -> None:
    made_before = _open_while_the_copy_waits(qtbot, window, plan_file, slow_backups)
    session = window.session
    assert session is not None
    go_live = session.service.details.go_live
    assert session.edit(session.service.set_go_live, go_live + timedelta(days=7))
    assert slow_backups.waited_while_copying  # type: ignore[attr-defined]
    new = [b for b in list_backups(plan_file) if b not in made_before]
    assert [b.reason for b in new] == ["on-open"]
    kept = open_plan(new[0].path, read_only=True, today=lambda: TODAY, backup=False)
    try:
        assert kept.details.go_live == go_live  # the plan as it was opened
    finally:
        kept.close()


def test_a_backup_on_open_that_cannot_be_made_is_said_plainly(
        qtbot, window: MainWindow, plan_file: Path, monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> None:
    blocked = tmp_path / "data-is-a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("CUTOVER_DESKTOP_DATA_DIR", str(blocked / "inside"))
    window.show()
    assert window.open_plan_file(plan_file)
    qtbot.waitUntil(lambda: "could not be made" in str(window.last_message), timeout=5000)
    assert "backup" in str(window.last_message)
    assert window.session is not None and window.session.service.backup_pending


def test_closing_the_plan_while_the_backup_on_open_is_copied_finishes_the_copy_first(
        qtbot, window: MainWindow, plan_file: Path, slow_backups: threading.Event) -> None:
    made_before = _open_while_the_copy_waits(qtbot, window, plan_file, slow_backups)
    window.close_plan()
    assert slow_backups.waited_while_copying  # type: ignore[attr-defined]
    assert [b.reason for b in list_backups(plan_file) if b not in made_before] == ["on-open"]
    # The plan was let go only after the copy: it opens for writing again.
    again = open_plan(plan_file, today=lambda: TODAY, backup=False)
    try:
        assert not again.read_only
    finally:
        again.close()


def _open_until_backing_up_is_said(qtbot, window: MainWindow, plan_file: Path,
                                   slow_backups: threading.Event) -> QStatusBar:
    _open_while_the_copy_waits(qtbot, window, plan_file, slow_backups)
    status = window.statusBar()
    qtbot.waitUntil(lambda: status.currentMessage() == "Backing up the plan…", timeout=5000)
    return status


def test_a_slow_backup_on_open_is_said_in_the_status_bar_until_it_is_made(
        qtbot, window: MainWindow, plan_file: Path, slow_backups: threading.Event) -> None:
    status = _open_until_backing_up_is_said(qtbot, window, plan_file, slow_backups)
    slow_backups.set()
    qtbot.waitUntil(lambda: status.currentMessage() == "", timeout=5000)
    assert window.session is not None and not window.session.service.backup_pending


def test_a_backup_on_open_that_fails_on_its_thread_is_taken_again(
        qtbot, window: MainWindow, plan_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cutover_desktop.services import planner

    def broken(_plan: Path, _reason: str) -> None:
        raise RuntimeError("a bug in the copy")

    monkeypatch.setattr(planner, "write_backup_through_own_connection", broken)
    made_before = set(list_backups(plan_file))
    window.show()
    assert window.open_plan_file(plan_file)
    qtbot.waitUntil(lambda: set(list_backups(plan_file)) != made_before, timeout=5000)
    assert [b.reason for b in list_backups(plan_file) if b not in made_before] == ["on-open"]
    assert window.session is not None and not window.session.service.backup_pending


def test_closing_the_plan_during_a_slow_backup_on_open_leaves_no_backing_up_message(
        qtbot, window: MainWindow, plan_file: Path, slow_backups: threading.Event) -> None:
    status = _open_until_backing_up_is_said(qtbot, window, plan_file, slow_backups)
    window.close_plan()
    qtbot.wait(50)
    assert status.currentMessage() == "" and window.status_label.text() == "No plan is open."


# Garbage collection is held while the window starts


@pytest.fixture
def collection_held():
    """The collector as run_gui leaves it while a start is under way; put back afterwards."""
    gc.disable()
    yield
    gc.unfreeze()
    gc.enable()


@pytest.mark.usefixtures("collection_held")
def test_collection_resumes_once_the_plans_warnings_are_in_and_the_start_is_set_aside(
        qtbot, window: MainWindow, plan_file: Path) -> None:
    window.show()
    assert window.open_plan_file(plan_file)
    resume_garbage_collection_when_settled(window)
    assert not gc.isenabled()
    qtbot.waitUntil(lambda: window.workspace.findings is not None, timeout=5000)
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0
    window.close_plan()
    # The first plan's objects go back to the collector, so the cycles it left are freed.
    assert gc.get_freeze_count() == 0
    assert gc.isenabled()


@pytest.mark.usefixtures("collection_held")
def test_a_long_plan_opened_in_place_of_the_first_stays_out_of_full_collections(
        qtbot, window: MainWindow, plan_file: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from cutover_desktop.ui import session as session_module

    other = tmp_path / "other.cutover"
    shutil.copy(plan_file, other)
    window.show()
    assert window.open_plan_file(plan_file)
    resume_garbage_collection_when_settled(window)
    qtbot.waitUntil(lambda: window.workspace.findings is not None, timeout=5000)
    # Every plan counts as long here: its session keeps it out of the full passes.
    monkeypatch.setattr(session_module, "FREEZE_FROM_TASKS", 1)
    assert window.open_plan_file(other)
    assert gc.get_freeze_count() > 0
    assert gc.isenabled()


@pytest.mark.usefixtures("collection_held")
def test_collection_resumes_at_once_when_no_plan_opened(window: MainWindow,
                                                        tmp_path: Path) -> None:
    not_a_plan = tmp_path / "notes.cutover"
    not_a_plan.write_text("shopping list")
    assert not window.open_plan_file(not_a_plan)
    resume_garbage_collection_when_settled(window)
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


@pytest.mark.usefixtures("collection_held")
def test_collection_resumes_when_the_plan_closes_before_its_warnings_are_in(
        window: MainWindow, plan_file: Path) -> None:
    assert window.open_plan_file(plan_file)
    resume_garbage_collection_when_settled(window)
    window.close_plan()
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


@pytest.mark.usefixtures("collection_held")
def test_collection_resumes_in_the_end_even_if_the_warnings_never_come(
        qtbot, window: MainWindow, plan_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app_module, "GC_HELD_AT_MOST_MS", 50)
    assert window.open_plan_file(plan_file)  # not shown: never painted, so no warnings
    resume_garbage_collection_when_settled(window)
    qtbot.waitUntil(gc.isenabled, timeout=2000)
    assert window.workspace.findings is None
