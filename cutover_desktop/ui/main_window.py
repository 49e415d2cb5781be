"""The main window: the open plan's workspace, opening, saving and closing plans (its menus,
toolbar and start page are built in main_menus)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cutover_desktop import APP_DISPLAY_NAME, __version__
from cutover_desktop.domain.changes import Changes
from cutover_desktop.domain.errors import CutoverError
from cutover_desktop.domain.formatting import plural, uk_date
from cutover_desktop.paths import default_plan_path
from cutover_desktop.services.plan_files import open_plan, restore_plan, save_copy
from cutover_desktop.services.planner import PlanService
from cutover_desktop.ui.main_menus import (
    StartPage,
    WindowMenus,
    make_actions,
    make_menus,
    make_toolbar,
)
from cutover_desktop.ui.session import PlanSession
from cutover_desktop.ui.settings import UiSettings
from cutover_desktop.ui.style import set_tone
from cutover_desktop.ui.window_fit import place_window, set_edit_text
from cutover_desktop.ui.workspace import PLAN_TAB, PlanWorkspace

if TYPE_CHECKING:
    # Dialogs, backups and the demonstration plan are loaded when first used, so that
    # starting the program loads only what showing a plan needs.
    from PySide6.QtWidgets import QMessageBox

    from cutover_desktop.services.backups import Backup
    from cutover_desktop.ui.dialogs.restore_dialog import RestoreDialog
    from cutover_desktop.ui.help_dialog import HelpWindow
    from cutover_desktop.ui.new_plan_wizard import NewPlanWizard
    from cutover_desktop.ui.portfolio_window import PortfolioWindow
    from cutover_desktop.ui.print_actions import PrintActions
    from cutover_desktop.ui.welcome_dialog import WelcomeDialog

log = logging.getLogger(__name__)
Today = Callable[[], date]
# How long the on-open backup may take before the status bar says it is being made.
BACKUP_NOTICE_MS = 300


class MainWindow(WindowMenus, QMainWindow):
    """Signals:
    plan_changed(): a different plan (or none) is now open.
    """

    plan_changed = Signal()

    def __init__(self, settings: UiSettings, today: Today = date.today,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self._today = today
        self.session: PlanSession | None = None
        self.workspace: PlanWorkspace | None = None
        self._print_actions: PrintActions | None = None
        self.last_message = ""
        self.pending_box: QMessageBox | None = None
        self.help_window: HelpWindow | None = None
        self.about_box: QMessageBox | None = None
        self.welcome_dialog: WelcomeDialog | None = None
        self.portfolio_window: PortfolioWindow | None = None
        self._dialogs: list[QWidget] = []
        self.setAccessibleName("Cut-over planner")
        self.stack = QStackedWidget()
        self._start_page: StartPage | None = None
        self.notice_label = QLabel()
        self.notice_label.setWordWrap(True)
        self.notice_label.setAccessibleName("Notice about this plan")
        set_tone(self.notice_label, "notice")
        self.notice_label.hide()
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        central_layout.addWidget(self.notice_label)
        central_layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.backup_timer = QTimer(self)
        self.backup_timer.setInterval(60 * 60 * 1000)
        self.backup_timer.timeout.connect(self.backup_if_due)
        self.backup_timer.start()
        make_actions(self)
        make_menus(self)
        make_toolbar(self)
        self.status_label = QLabel()
        self.status_label.setAccessibleName("Status")
        self.statusBar().addWidget(self.status_label, 1)
        restored = settings.geometry is not None and self.restoreGeometry(settings.geometry)
        if restored and (self.width() < 700 or self.height() < 450):
            restored = False
        place_window(self, restored)
        if settings.window_state is not None:
            self.restoreState(settings.window_state)
        self._refresh_title()
        self._refresh_actions()

    # The start page, shown when no plan is open

    @property
    def start_page(self) -> StartPage:
        """Made the first time no plan is open: a start on a plan never needs it."""
        if self._start_page is None:
            page = self._start_page = StartPage()
            page.new_button.clicked.connect(self.new_migration)
            page.open_button.clicked.connect(self.choose_plan_to_open)
            page.demo_button.clicked.connect(self.open_demonstration_plan)
            self.stack.insertWidget(0, page)
        return self._start_page

    def _start_page_unless_a_plan_is_open(self) -> None:
        if self.workspace is None:
            self.stack.setCurrentWidget(self.start_page)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.workspace is None:
            # After the plan named at start, if any, has been opened (app.run_gui).
            QTimer.singleShot(0, self._start_page_unless_a_plan_is_open)

    # Opening and closing plans

    def open_service(self, service: PlanService) -> None:
        """Show a plan. Opening is not an edit: the undo history starts empty."""
        self._drop_plan()
        self.session = PlanSession(service, self)
        self.session.changed.connect(self._on_session_changed)
        self.session.refused.connect(self.show_refusal)
        self.workspace = PlanWorkspace(self.session)
        self.workspace.task_activated.connect(self.edit_task)
        self.workspace.first_painted.connect(self._take_opening_backup)
        self.workspace.findings_ready.connect(self._on_findings_ready)
        if self.settings.task_header is not None:
            self.workspace.task_list.restore_state(self.settings.task_header)
        if self.settings.plan_splitter is not None:
            self.workspace.splitter.restoreState(self.settings.plan_splitter)
        self.stack.addWidget(self.workspace)
        self.stack.setCurrentWidget(self.workspace)
        if service.path is not None:
            self.settings.add_recent_file(service.path)
        message = f"Opened {service.path.name}" if service.path else "Opened the plan"
        if service.read_only:
            message += " read-only: changes cannot be made"
        self.set_status(message + ".")
        self.notice_label.setText("⚠ " + " ".join(service.notices) if service.notices else "")
        self.notice_label.setVisible(bool(service.notices))
        self._refresh_title()
        self._refresh_actions()
        self.plan_changed.emit()

    def open_plan_file(self, path: Path) -> bool:
        try:
            # The on-open backup waits until the plan is on screen (and is taken before the
            # first edit at the latest).
            service = open_plan(path, today=self._today, backup_later=True)
        except CutoverError as exc:
            from cutover_desktop.services.backups import newest_good_backup

            backup = newest_good_backup(path) if "damaged" in exc.message else None
            self._start_page_unless_a_plan_is_open()
            if backup is None:
                self.show_refusal(exc.message, title="The plan could not be opened")
            else:
                self._offer_restore(path, exc.message, backup)
            return False
        self.open_service(service)
        return True

    def _take_opening_backup(self) -> None:
        """The on-open backup, copied on another thread once the plan is on screen."""
        from cutover_desktop.ui.background import run_in_background

        if self.session is None or self.workspace is None:
            return
        work = self.session.service.pending_backup_work()
        if work is not None:
            session = self.session
            run_in_background(lambda _job: work(),
                              lambda _result: self._opening_backup_taken(session),
                              self.workspace)
            # Said only when the copy takes a while (a big plan, a slow or network disk).
            QTimer.singleShot(BACKUP_NOTICE_MS, lambda: self._say_backing_up(session))

    def _say_backing_up(self, session: PlanSession) -> None:
        if session is self.session and session.service.backup_running:
            self.statusBar().showMessage("Backing up the plan…")

    def _opening_backup_taken(self, session: PlanSession) -> None:
        self.statusBar().clearMessage()
        if session is not self.session:
            return  # that plan was closed meanwhile (which waited for the copy)
        try:
            session.service.take_pending_backup()
        except CutoverError as exc:
            self.show_refusal(exc.message, title="The plan could not be backed up")

    def _on_findings_ready(self, findings: list[object]) -> None:
        if findings:
            found = plural(len(findings), "warning")
            self.set_status(f"{self.status_label.text()} {found} on the Dashboard.")

    def _offer_restore(self, path: Path, problem: str, backup: Backup) -> None:
        """A damaged plan: say what is wrong and offer the newest backup that verifies."""
        from PySide6.QtWidgets import QMessageBox

        from cutover_desktop.ui.dialogs.restore_dialog import describe

        text = (f"{problem}\n\nThe newest backup that checks out was taken "
                f"{describe(backup)}.\n\nRestore it? The damaged file is kept beside it "
                "under a new name; nothing is deleted.")
        box = QMessageBox(QMessageBox.Icon.Warning, "The plan is damaged", text,
                          QMessageBox.StandardButton.Cancel, self)
        restore = box.addButton("Restore the backup", QMessageBox.ButtonRole.AcceptRole)
        box.setAccessibleName("The plan is damaged")
        box.setWindowModality(Qt.WindowModality.WindowModal)
        self.last_message = problem
        self.pending_box = box
        box.buttonClicked.connect(
            lambda button: self.restore_from(backup.path, path) if button is restore else None)
        self._keep(box)
        box.open()

    def choose_backup_to_restore(self) -> None:
        if not self._has_file():
            return
        assert self.session is not None and self.session.service.path is not None
        plan = self.session.service.path
        from cutover_desktop.ui.dialogs.restore_dialog import RestoreDialog

        dialog = RestoreDialog(plan, self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.accepted.connect(lambda: self._on_restore_chosen(dialog, plan))
        self._keep(dialog)
        dialog.open()

    def _on_restore_chosen(self, dialog: RestoreDialog, plan: Path) -> None:
        chosen = dialog.chosen()
        if chosen is not None:
            self.restore_from(chosen.path, plan)

    def restore_from(self, backup: Path, plan: Path) -> bool:
        """Close the plan if it is open, put the backup in its place, and open it."""
        was_open = self.session is not None and self.session.service.path == plan
        if was_open:
            self.close_plan()
        try:
            aside = restore_plan(backup, plan)
        except CutoverError as exc:
            if was_open:  # refused: the plan is as it was, so it is shown as it was
                self.open_plan_file(plan)
            self.show_refusal(exc.message, title="The backup was not restored")
            return False
        opened = self.open_plan_file(plan)
        if opened:
            kept = f" The damaged file was kept as {aside.name}." if aside else ""
            self.set_status(f"Restored {plan.name} from the backup.{kept}")
        return opened

    def backup_if_due(self) -> None:
        if self.session is None:
            return
        try:
            made = self.session.service.backup_if_due(datetime.now())
        except CutoverError as exc:
            self.set_status(exc.message)
            return
        if made is not None:
            self.set_status(f"Backed up the plan ({made.taken_at:%H:%M}).")

    def open_demonstration_plan(self) -> bool:
        try:
            path = default_plan_path()
        except OSError as exc:  # the data folder cannot be made (a file in its place, say)
            self.show_refusal(
                "The demonstration plan was not opened: the program's data folder "
                f"{exc.filename or ''} could not be made ({(exc.strerror or str(exc)).lower()}). "
                "Open a plan, or make a new one, from the File menu.",
                title="The demonstration plan could not be made")
            return False
        if path.exists():
            return self.open_plan_file(path)
        from cutover_desktop.services.demo import create_demonstration_plan

        try:
            service = create_demonstration_plan(path, self._today)
        except CutoverError as exc:
            self.show_refusal(exc.message, title="The demonstration plan could not be made")
            return False
        self.open_service(service)
        return True

    def choose_plan_to_open(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path = self.session.service.path if self.session is not None and self._has_file() else None
        folder = str(path.parent) if path is not None else str(Path.home())
        name, _filter = QFileDialog.getOpenFileName(
            self, "Open a plan", folder, "Cut-over plans (*.cutover);;All files (*)")
        if name:
            self.open_plan_file(Path(name))

    def choose_portfolio_folder(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        folder = QFileDialog.getExistingDirectory(self, "Open a portfolio folder",
                                                  str(Path.home()))
        if folder:
            self.show_portfolio(Path(folder))

    def show_portfolio(self, folder: Path) -> PortfolioWindow:
        """The portfolio window on a folder (one window, reused); it reads on its own thread."""
        from cutover_desktop.ui.portfolio_window import PortfolioWindow

        if self.portfolio_window is None:
            self.portfolio_window = PortfolioWindow(self._today)
            self.portfolio_window.open_plan_requested.connect(self._open_from_portfolio)
        self.portfolio_window.open_folder(folder)
        self.portfolio_window.show()
        self.portfolio_window.raise_()
        return self.portfolio_window

    def _open_from_portfolio(self, path: Path) -> None:
        # Opened as any plan is: its lock taken, or read-only when someone else has it.
        self.open_plan_file(path)
        self.raise_()
        self.activateWindow()

    def new_migration(self) -> None:
        from cutover_desktop.ui.new_plan_wizard import NewPlanWizard

        wizard = NewPlanWizard(parent=self)
        wizard.setWindowModality(Qt.WindowModality.WindowModal)
        wizard.accepted.connect(lambda: self._on_wizard_accepted(wizard))
        self._keep(wizard)
        wizard.open()

    def _on_wizard_accepted(self, wizard: NewPlanWizard) -> None:
        if wizard.created is not None:
            self.open_service(wizard.created)

    def save_a_copy(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        if not self._has_file():
            return
        assert self.session is not None and self.session.service.path is not None
        suggested = self.session.service.path.with_name(
            self.session.service.path.stem + " copy.cutover")
        name, _filter = QFileDialog.getSaveFileName(
            self, "Save a copy of the plan as", str(suggested), "Cut-over plans (*.cutover)")
        if name:
            self.save_copy_to(Path(name))

    def save_copy_to(self, target: Path) -> bool:
        assert self.session is not None
        try:
            written = save_copy(self.session.service, target)
        except CutoverError as exc:
            self.show_refusal(exc.message, title="The copy was not saved")
            return False
        self.set_status(f"Saved a copy as {written}.")
        return True

    def close_plan(self) -> None:
        self._drop_plan()
        self.stack.setCurrentWidget(self.start_page)
        self.set_status("No plan is open.")
        self.notice_label.hide()
        self._refresh_title()
        self._refresh_actions()
        self.plan_changed.emit()

    def _drop_plan(self) -> None:
        if self.workspace is not None:
            self.settings.task_header = self.workspace.task_list.state()
            self.settings.plan_splitter = self.workspace.splitter.saveState()
            self.stack.removeWidget(self.workspace)
            self.workspace.deleteLater()
            self.workspace = None
        if self._print_actions is not None:
            self._print_actions.deleteLater()
            self._print_actions = None
        if self.session is not None:
            self.session.service.close()  # waits for an on-open backup being copied
            self.session.deleteLater()
            self.session = None
        self.statusBar().clearMessage()  # "Backing up the plan…", if it was said

    def _has_file(self) -> bool:
        return self.session is not None and self.session.service.path is not None

    # Edits

    def undo(self) -> None:
        if self.session is not None:
            self.session.edit(self.session.service.undo)

    def redo(self) -> None:
        if self.session is not None:
            self.session.edit(self.session.service.redo)

    def new_task(self) -> None:
        if self.session is not None:
            self._open_task_dialog(None)

    def edit_task(self, task_id: int) -> None:
        if self.session is not None:
            self._open_task_dialog(task_id)

    def edit_selected_task(self) -> None:
        if self.workspace is None:
            return
        selected = self.workspace.task_list.selected_task_ids()
        if selected:
            self.edit_task(selected[0])

    def _open_task_dialog(self, task_id: int | None) -> None:
        assert self.session is not None
        from cutover_desktop.ui.dialogs.task_dialog import TaskDialog

        dialog = TaskDialog(self.session, task_id, self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self._keep(dialog)
        dialog.open()

    def _keep(self, dialog: QWidget) -> None:
        """Keep a window-modal dialog alive until it closes."""
        self._dialogs.append(dialog)
        dialog.finished.connect(lambda _result: self._forget(dialog))  # type: ignore[attr-defined]

    def _forget(self, dialog: QWidget) -> None:
        if dialog in self._dialogs:
            self._dialogs.remove(dialog)
        dialog.deleteLater()

    # Reacting

    def _on_session_changed(self, changes: Changes) -> None:
        self.set_status(f"{changes.label}. Saved.")
        self._refresh_actions()
        self._refresh_title()

    def show_refusal(self, message: str, title: str = "That change was not made") -> None:
        """Tell the user, in a window-modal box, why something was refused."""
        from PySide6.QtWidgets import QMessageBox

        self.last_message = message
        self.set_status(message)
        box = QMessageBox(QMessageBox.Icon.Warning, title, message,
                          QMessageBox.StandardButton.Ok, self)
        box.setAccessibleName(title)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        self._keep(box)
        box.open()

    def set_status(self, text: str) -> None:
        self.status_label.setText(text)

    def _refresh_title(self) -> None:
        if self.session is None:
            self.setWindowTitle(APP_DISPLAY_NAME)
            return
        service = self.session.service
        details = service.details
        name = service.path.name if service.path else "in memory"
        read_only = " [read-only]" if service.read_only else ""
        self.setWindowTitle(f"{details.practice_name} — BGL {uk_date(details.go_live)} — "
                            f"{name}{read_only} — {APP_DISPLAY_NAME}")

    def _refresh_actions(self) -> None:
        has_plan = self.session is not None
        editable = has_plan and not self.session.service.read_only  # type: ignore[union-attr]
        for action in (self.save_copy_action, self.restore_action, self.close_action,
                       self.print_day_action, self.print_week_action, self.print_tasks_action,
                       self.print_timeline_action, self.print_coverage_action,
                       self.print_registers_action, self.print_evidence_action,
                       self.export_ics_action,
                       self.export_csv_action, self.export_xlsx_action,
                       self.export_staff_action, self.export_absences_action,
                       self.export_msproject_action, self.save_template_action, self.zoom_in_action,
                       self.zoom_out_action, self.go_today_action, self.edit_task_action,
                       *self.tab_actions):
            action.setEnabled(has_plan)
        self.new_task_action.setEnabled(editable)
        self.import_action.setEnabled(editable)
        self.import_msproject_action.setEnabled(editable)
        self.save_copy_action.setEnabled(self._has_file())
        self.restore_action.setEnabled(self._has_file())
        status = self.session.service.undo_status() if self.session else None
        undo_label = status.undo_label if status else None
        redo_label = status.redo_label if status else None
        self.undo_action.setEnabled(editable and undo_label is not None)
        self.redo_action.setEnabled(editable and redo_label is not None)
        metrics = self.toolbar.fontMetrics()
        set_edit_text(self.undo_action, "&Undo", undo_label, metrics)
        set_edit_text(self.redo_action, "&Redo", redo_label, metrics)
        note = getattr(status, "undo_note", None) if status else None
        self.undo_action.setToolTip(f"Undo: {undo_label}" if undo_label
                                    else note or "Nothing to undo")
        self.undo_action.setStatusTip(self.undo_action.toolTip())
        self.redo_action.setToolTip(f"Redo: {redo_label}" if redo_label else "Nothing to redo")

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.recent_files
        if not recent:
            empty = self.recent_menu.addAction("No recent plans")
            empty.setEnabled(False)
            return
        for number, path in enumerate(recent, start=1):
            action = self.recent_menu.addAction(f"&{number} {path.name} — {path.parent}")
            action.triggered.connect(lambda _checked=False, p=path: self._open_recent(p))

    def _open_recent(self, path: Path) -> None:
        if not path.exists():
            self.settings.remove_recent_file(path)
            self.show_refusal(f"{path.name} is no longer at {path.parent}.",
                              title="The plan could not be opened")
            return
        self.open_plan_file(path)

    def _show_tab(self, index: int) -> None:
        if self.workspace is not None:
            self.workspace.tabs.setCurrentIndex(index)

    def _zoom_in(self) -> None:
        if self.workspace is not None:
            self.workspace.timeline.zoom_in()

    def _zoom_out(self) -> None:
        if self.workspace is not None:
            self.workspace.timeline.zoom_out()

    def _go_to_today(self) -> None:
        if self.workspace is not None and self.session is not None:
            self.workspace.tabs.setCurrentIndex(PLAN_TAB)
            self.workspace.timeline.scroll_to_date(self.session.service.today())

    # Printing and exchange (the work is in PrintActions)

    @property
    def print_actions(self) -> PrintActions | None:
        """The open plan's printing, export and import, made when first used (its dialogs'
        Qt classes cost PySide6 time to build, which a start need not spend)."""
        if self._print_actions is None and self.session is not None:
            from cutover_desktop.ui.print_actions import PrintActions

            self._print_actions = PrintActions(self.session, self)
        return self._print_actions

    def _print_day(self) -> None:
        if self.print_actions is not None and self.workspace is not None:
            self.print_actions.choose_day(self.workspace.today_view.day())

    def _print_week(self) -> None:
        if self.print_actions is not None and self.workspace is not None:
            self.print_actions.print_week(self.workspace.today_view.day())

    def _print_task_list(self) -> None:
        from cutover_desktop.ui.print_actions import describe_task_filter

        if self.print_actions is not None and self.workspace is not None:
            proxy = self.workspace.task_list.proxy
            self.print_actions.print_task_list(proxy.visible_task_ids(),
                                               describe_task_filter(proxy))

    def _print_coverage(self) -> None:
        if self.print_actions is not None and self.workspace is not None:
            self.print_actions.print_coverage(*self.workspace.coverage_view.days_shown())

    def show_about(self) -> None:
        """Version, data, backup and log locations (the log is what a problem report needs)."""
        from PySide6.QtWidgets import QMessageBox

        from cutover_desktop.ui.help_dialog import about_html

        box = QMessageBox(QMessageBox.Icon.Information, f"About {APP_DISPLAY_NAME}",
                          about_html(), QMessageBox.StandardButton.Ok, self)
        box.setAccessibleName(f"About {APP_DISPLAY_NAME} {__version__}")
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        self.about_box = box
        self._keep(box)
        box.open()

    def show_user_guide(self) -> None:
        """Open the user guide beside the plan (one window, brought forward if open)."""
        if self.help_window is None:
            from cutover_desktop.ui.help_dialog import HelpWindow

            self.help_window = HelpWindow(self)
        self.help_window.show()
        self.help_window.raise_()
        self.help_window.activateWindow()

    def offer_welcome(self) -> bool:
        """First start: say what the demonstration plan is, once, and offer a plan of one's own."""
        if self.settings.welcome_shown:
            return False
        from cutover_desktop.ui.welcome_dialog import WelcomeDialog

        dialog = WelcomeDialog(self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.new_migration_chosen.connect(self.new_migration)
        self.settings.welcome_shown = True
        self.welcome_dialog = dialog
        self._keep(dialog)
        dialog.open()
        return True

    def closeEvent(self, event: QCloseEvent) -> None:
        from cutover_desktop.ui.background import stop_background

        stop_background()  # a backup check still reading ends before the window does
        self.settings.geometry = self.saveGeometry()
        self.settings.window_state = self.saveState()
        self._drop_plan()
        if self.portfolio_window is not None:
            self.portfolio_window.close()
        self.settings.save()
        event.accept()
