"""The main window's actions, menus and toolbar, and the start page shown with no plan."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMenu, QPushButton, QToolBar, QVBoxLayout, QWidget

from cutover_desktop import APP_DISPLAY_NAME
from cutover_desktop.ui.window_fit import UNDO_TEXT_CHARS, fix_button_widths
from cutover_desktop.ui.window_icons import set_toolbar_icons
from cutover_desktop.ui.workspace import TAB_TITLES

if TYPE_CHECKING:
    from cutover_desktop.ui.main_window import MainWindow


class StartPage(QWidget):
    """Shown when no plan is open."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel(f"<h2>{APP_DISPLAY_NAME}</h2>"
                       "<p>Plan a practice's move from one clinical system to another.</p>")
        title.setWordWrap(True)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.new_button = QPushButton("&New migration…")
        self.open_button = QPushButton("&Open a plan…")
        self.demo_button = QPushButton("Open the &demonstration plan")
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(title)
        for button in (self.new_button, self.open_button, self.demo_button):
            button.setAccessibleName(button.text().replace("&", "").rstrip("…"))
            button.setMinimumWidth(260)
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)


class WindowMenus:
    """What the main window's menus and toolbar hold (MainWindow's base, for its types):
    built once by the functions below, enabled as the plan allows."""

    new_action: QAction
    open_action: QAction
    portfolio_action: QAction
    save_copy_action: QAction
    close_action: QAction
    restore_action: QAction
    quit_action: QAction
    print_day_action: QAction
    print_week_action: QAction
    print_tasks_action: QAction
    print_timeline_action: QAction
    print_coverage_action: QAction
    print_registers_action: QAction
    print_evidence_action: QAction
    export_ics_action: QAction
    export_csv_action: QAction
    export_xlsx_action: QAction
    export_staff_action: QAction
    export_absences_action: QAction
    import_action: QAction
    export_msproject_action: QAction
    import_msproject_action: QAction
    save_template_action: QAction
    undo_action: QAction
    redo_action: QAction
    new_task_action: QAction
    edit_task_action: QAction
    zoom_in_action: QAction
    zoom_out_action: QAction
    go_today_action: QAction
    user_guide_action: QAction
    about_action: QAction
    tab_actions: list[QAction]
    recent_menu: QMenu
    toolbar: QToolBar


def add_action(window: MainWindow, text: str, slot: Callable[[], object],
               shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
               tip: str = "") -> QAction:
    """An action of the window, with its shortcut and a tip for the status bar."""
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    window.addAction(action)
    return action


def make_actions(window: MainWindow) -> None:
    """Every action of the menus and toolbar, each set on the window by name."""
    key = QKeySequence.StandardKey
    action = partial(add_action, window)
    window.new_action = action("&New migration…", window.new_migration, key.New,
                               "Make a new plan for a practice")
    window.open_action = action("&Open…", window.choose_plan_to_open, key.Open,
                                "Open a plan file")
    window.portfolio_action = action(
        "Open &portfolio folder…", window.choose_portfolio_folder, "Ctrl+Shift+O",
        "See every plan in a folder side by side, read-only")
    window.save_copy_action = action("Save a &copy as…", window.save_a_copy, key.SaveAs,
                                     "Write a copy of this plan to another file")
    window.close_action = action("&Close", window.close_plan, key.Close, "Close this plan")
    window.restore_action = action("&Restore from backup…", window.choose_backup_to_restore,
                                   tip="Put one of this plan's backups in its place")
    window.quit_action = action("&Quit", window.close, key.Quit)
    window.print_day_action = action("Print a &day schedule…", window._print_day, key.Print,
                                     "Print the tasks of a day, for everyone or one person")
    window.print_week_action = action("Print the &week", window._print_week,
                                      tip="Print the week of the day shown in Today")
    window.print_tasks_action = action("Print the task &list", window._print_task_list,
                                       tip="Print the task list as filtered on screen")
    exchange = partial(exchange_action, window)
    window.print_timeline_action = exchange("Print the time&line", "print_timeline")
    window.print_coverage_action = action("Print staff &coverage", window._print_coverage,
                                          tip="Print the coverage grid for the days "
                                          "shown on the Coverage tab")
    window.print_registers_action = exchange("Print the cut-over &registers", "print_registers")
    window.print_evidence_action = exchange("Print the sign-off &evidence pack",
                                            "print_evidence_pack")
    window.export_ics_action = exchange("&Calendar (iCalendar)…", "export_ics",
                                        tip="Tasks as calendar events for Outlook")
    window.export_csv_action = exchange("Tasks as C&SV…", "export_csv")
    window.export_xlsx_action = exchange("Tasks as &Excel…", "export_xlsx")
    window.export_staff_action = exchange("S&taff…", "export_people", "staff")
    window.export_absences_action = exchange("&Absences…", "export_people", "absences")
    window.import_action = exchange("&Import tasks, staff or absences…", "import_file",
                                    tip="Read a CSV or Excel file into the plan")
    window.export_msproject_action = exchange(
        "&MS Project XML…", "export_msproject",
        tip="The whole plan for Microsoft Project, ProjectLibre or GanttProject")
    window.import_msproject_action = exchange(
        "Import from MS Pro&ject XML…", "import_msproject",
        tip="Add the tasks of a Microsoft Project, ProjectLibre or GanttProject file")
    window.save_template_action = exchange("Save as &template…", "save_template",
                                           tip="Save the plan's tasks as a template file")
    window.undo_action = action("&Undo", window.undo, key.Undo)
    window.redo_action = action("&Redo", window.redo, key.Redo)
    window.new_task_action = action("New &task…", window.new_task, "Ctrl+Shift+N",
                                    "Add a task to the plan")
    window.edit_task_action = action("&Edit selected task…", window.edit_selected_task,
                                     "Ctrl+E")
    window.zoom_in_action = action("Zoom &in", window._zoom_in, key.ZoomIn,
                                   "Show fewer days across the timeline")
    window.zoom_out_action = action("Zoom &out", window._zoom_out, key.ZoomOut,
                                    "Show more days across the timeline")
    window.go_today_action = action("Go to &today", window._go_to_today, "Ctrl+T",
                                    "Scroll the timeline to today")
    window.tab_actions = [
        action(title, lambda index=index: window._show_tab(index),  # type: ignore[misc]
               f"Ctrl+{index + 1}")
        for index, title in enumerate(TAB_TITLES)
    ]
    window.user_guide_action = action("&User guide", window.show_user_guide, "F1",
                                      "Open the user guide")
    window.about_action = action("&About", window.show_about)


def make_menus(window: MainWindow) -> None:
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    file_menu.addAction(window.new_action)
    file_menu.addAction(window.open_action)
    window.recent_menu = file_menu.addMenu("Open &recent")
    window.recent_menu.aboutToShow.connect(window._fill_recent_menu)
    file_menu.addAction(window.portfolio_action)
    file_menu.addSeparator()
    print_menu = file_menu.addMenu("&Print")
    for action in (window.print_day_action, window.print_week_action, window.print_tasks_action,
                   window.print_timeline_action, window.print_coverage_action,
                   window.print_registers_action, window.print_evidence_action):
        print_menu.addAction(action)
    export_menu = file_menu.addMenu("&Export")
    for action in (window.export_ics_action, window.export_csv_action, window.export_xlsx_action,
                   window.export_staff_action, window.export_absences_action,
                   window.export_msproject_action):
        export_menu.addAction(action)
    file_menu.addAction(window.import_action)
    file_menu.addAction(window.import_msproject_action)
    file_menu.addAction(window.save_template_action)
    file_menu.addSeparator()
    file_menu.addAction(window.save_copy_action)
    file_menu.addAction(window.restore_action)
    file_menu.addAction(window.close_action)
    file_menu.addSeparator()
    file_menu.addAction(window.quit_action)
    edit_menu = bar.addMenu("&Edit")
    edit_menu.addAction(window.undo_action)
    edit_menu.addAction(window.redo_action)
    edit_menu.addSeparator()
    edit_menu.addAction(window.new_task_action)
    edit_menu.addAction(window.edit_task_action)
    view_menu = bar.addMenu("&View")
    for action in window.tab_actions:
        view_menu.addAction(action)
    view_menu.addSeparator()
    view_menu.addAction(window.zoom_in_action)
    view_menu.addAction(window.zoom_out_action)
    view_menu.addAction(window.go_today_action)
    help_menu = bar.addMenu("&Help")
    help_menu.addAction(window.user_guide_action)
    help_menu.addSeparator()
    help_menu.addAction(window.about_action)


def make_toolbar(window: MainWindow) -> None:
    toolbar = QToolBar("Main toolbar")
    toolbar.setObjectName("main_toolbar")
    toolbar.setAccessibleName("Main toolbar")
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    toolbar.setMovable(False)
    set_toolbar_icons(window)
    for action in (window.undo_action, window.redo_action, None, window.new_task_action, None,
                   window.zoom_in_action, window.zoom_out_action, window.go_today_action):
        if action is None:
            toolbar.addSeparator()
        else:
            toolbar.addAction(action)
    window.addToolBar(toolbar)
    window.toolbar = toolbar
    fix_button_widths(toolbar, [window.undo_action, window.redo_action], UNDO_TEXT_CHARS)


def exchange_action(window: MainWindow, text: str, method: str, *args: object,
                    tip: str = "") -> QAction:
    """An action that runs one of PrintActions' print, export or import methods."""
    def run() -> None:
        if window.print_actions is not None:
            getattr(window.print_actions, method)(*args)

    return add_action(window, text, run, tip=tip)
