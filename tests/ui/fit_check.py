"""Opens every window and dialog on a given screen, in the program's own look, and prints what
does not fit or is cut short (one line each; nothing printed means all fit).

Run by tests/ui/test_fits_the_screen.py in a fresh process per screen, with an offscreen
screen of the logical size a laptop has (its pixels divided by its scaling, less a taskbar):

    QT_QPA_PLATFORM=offscreen:configfile=screen.json python -m tests.ui.fit_check
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

TODAY = date(2027, 1, 26)


def _problems_in(name: str, window, available) -> Iterator[str]:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QAbstractButton, QLabel

    least = window.minimumSizeHint().expandedTo(window.minimumSize())
    if least.width() > available.width() or least.height() > available.height():
        yield (f"{name}: needs at least {least.width()}x{least.height()}, the screen has "
               f"{available.width()}x{available.height()}")
    frame = window.frameGeometry()
    if frame.width() > available.width() or frame.height() > available.height():
        yield f"{name}: opens at {frame.width()}x{frame.height()}, larger than the screen"
    for child in [*window.findChildren(QLabel), *window.findChildren(QAbstractButton)]:
        if not child.isVisibleTo(window) or not child.text().strip():
            continue
        if isinstance(child, QLabel) and child.wordWrap():
            wanted = child.heightForWidth(child.width())
            if wanted > child.height() + 1:
                yield f"{name}: “{child.text()[:40]}” cut off at the bottom"
            continue
        hint = child.minimumSizeHint()
        if child.width() + 1 < hint.width() or child.height() + 1 < hint.height():
            yield (f"{name}: “{child.text()[:40]}” is {child.width()}x{child.height()}, "
                   f"needs {hint.width()}x{hint.height()}")


def main() -> int:
    data = tempfile.mkdtemp(prefix="fit-check-")
    os.environ["CUTOVER_DESKTOP_DATA_DIR"] = data
    from PySide6.QtCore import QSettings

    from cutover_desktop.app import make_application
    from cutover_desktop.domain.model import CalendarDayKind
    from cutover_desktop.services.staff import StaffService
    from cutover_desktop.ui.dialogs.absence_dialog import AbsenceDialog
    from cutover_desktop.ui.dialogs.calendar_day_dialog import CalendarDayDialog
    from cutover_desktop.ui.dialogs.cover_needs_dialog import CoverNeedsDialog
    from cutover_desktop.ui.dialogs.person_dialog import PatternDialog, PersonDialog
    from cutover_desktop.ui.dialogs.practice_dialog import PracticeDialog
    from cutover_desktop.ui.dialogs.print_day_dialog import PrintDayDialog
    from cutover_desktop.ui.dialogs.restore_dialog import RestoreDialog
    from cutover_desktop.ui.dialogs.signoff_dialog import AddGateDialog, SignoffDialog
    from cutover_desktop.ui.dialogs.skip_reason_dialog import SkipReasonDialog
    from cutover_desktop.ui.dialogs.task_dialog import TaskDialog
    from cutover_desktop.ui.help_dialog import HelpWindow
    from cutover_desktop.ui.main_window import MainWindow
    from cutover_desktop.ui.new_plan_wizard import NewPlanWizard
    from cutover_desktop.ui.settings import UiSettings
    from cutover_desktop.ui.welcome_dialog import WelcomeDialog

    app = make_application([])
    screen = app.primaryScreen()
    available = screen.availableGeometry()
    settings = UiSettings(QSettings(f"{data}/settings.ini", QSettings.Format.IniFormat))
    window = MainWindow(settings, today=lambda: TODAY)
    window.show()
    window.open_demonstration_plan()
    if window.welcome_dialog is not None:
        window.welcome_dialog.close()
    session = window.session
    assert session is not None and window.workspace is not None
    problems: list[str] = []
    for index in range(window.workspace.tabs.count()):
        window.workspace.tabs.setCurrentIndex(index)
        app.processEvents()
        title = window.workspace.tabs.tabText(index).replace("&", "")
        problems += _problems_in(f"Main window, {title} tab", window, available)

    staff = StaffService(session.service)
    person = staff.people()[0].id
    task = next(iter(session.service.state.tasks))
    gate = "final"
    plan_path = session.service.path or Path(data) / "none.cutover"
    dialogs: list[tuple[str, Callable[[], object]]] = [
        ("New task", lambda: TaskDialog(session, None, window)),
        ("Edit task", lambda: TaskDialog(session, task, window)),
        ("Skip reason", lambda: SkipReasonDialog(1, parent=window)),
        ("Book absence", lambda: AbsenceDialog(session, int(person), parent=window)),
        ("Person", lambda: PersonDialog(session, int(person), window)),
        ("Working pattern", lambda: PatternDialog(session, int(person), parent=window)),
        ("Practice closed", lambda: CalendarDayDialog(session, CalendarDayKind.CLOSURE,
                                                      parent=window)),
        ("Roles needed", lambda: CoverNeedsDialog(session, window)),
        ("Practice details", lambda: PracticeDialog(session, window)),
        ("Print a day", lambda: PrintDayDialog(TODAY + timedelta(days=40),
                                               tuple(p.name for p in staff.people()), window)),
        ("Restore", lambda: RestoreDialog(plan_path, window)),
        ("Sign off", lambda: SignoffDialog(session, gate, window)),
        ("Add a gate", lambda: AddGateDialog(session, window)),
        ("New migration", lambda: NewPlanWizard(TODAY, window)),
        ("Welcome", lambda: WelcomeDialog(window)),
        ("User guide", lambda: HelpWindow(window)),
    ]
    for name, make in dialogs:
        dialog = make()
        dialog.show()  # type: ignore[attr-defined]
        app.processEvents()
        problems += _problems_in(name, dialog, available)
        dialog.close()  # type: ignore[attr-defined]
        dialog.deleteLater()  # type: ignore[attr-defined]
    window.close()
    for line in problems:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
