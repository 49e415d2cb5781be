"""Composition root: logging, the QApplication, the plan, the main window, the event loop.

Start-up order: parse the arguments; log to a file in the user data folder; make the
QApplication (names first, so QSettings knows where to keep settings); install the error
handler; open the plan named on the command line, or the demonstration plan; show the window.
"""

from __future__ import annotations

import argparse
import gc
import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType
from typing import cast

from cutover_desktop import APP_DISPLAY_NAME, APP_NAME, APP_ORG, __version__, pyside_support
from cutover_desktop.paths import default_plan_path, log_path, resources_dir
from cutover_desktop.system_libraries import check_display_libraries

log = logging.getLogger(__name__)
GC_HELD_AT_MOST_MS = 10_000
_open_error_boxes: list[object] = []


def _parse(args: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog=APP_NAME, add_help=True)
    parser.add_argument("file", nargs="?", type=Path, help="a plan file to open")
    parser.add_argument("--smoke-test", action="store_true",
                        help="build the window on an in-memory plan, print a summary, exit")
    return parser.parse_args(args)


def setup_logging() -> None:
    try:
        handler: logging.Handler = logging.FileHandler(log_path(), encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def install_error_handler() -> None:
    """A bug shows a plain dialog and goes to the log with its traceback, never to the user."""
    from PySide6.QtWidgets import QApplication

    def handle(kind: type[BaseException], value: BaseException,
               trace: TracebackType | None) -> None:
        from PySide6.QtWidgets import QMessageBox

        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        log.error("unexpected error:\n%s", "".join(traceback.format_exception(kind, value, trace)))
        if QApplication.instance() is None:
            return
        try:
            details = (f"The details were written to {log_path()}; please send that file "
                       "with a note of what you were doing.")
        except OSError:  # the data folder cannot be made: the dialog must still show
            details = ("The details could not be written to the log file, as the program's "
                       "data folder cannot be made.")
        box = QMessageBox(QMessageBox.Icon.Critical, "Something went wrong",
                          "Something went wrong inside the program, and that action may not "
                          "have finished. Every change that was reported as saved is safe in "
                          f"the plan file.\n\n{details}")
        box.setAccessibleName("Something went wrong")
        # Kept until closed: a box with no parent and no reference would vanish at once.
        _open_error_boxes.append(box)
        box.finished.connect(lambda _result: _open_error_boxes.remove(box))
        box.open()

    sys.excepthook = handle


def make_application(argv: list[str]):  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from cutover_desktop.ui.style import FUSION_GIVEN, apply_look

    app = cast(QApplication, QApplication.instance())
    if app is None:
        app = QApplication([sys.argv[0], "-style", "Fusion", *argv])
        app.setProperty(FUSION_GIVEN, True)
    app.setOrganizationName(APP_ORG)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_DISPLAY_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_NAME)  # matches the .desktop file the Linux package installs
    app.setWindowIcon(app_icon())
    apply_look(app)
    return app


def app_icon():  # type: ignore[no-untyped-def]
    """The program's icon at the sizes drawn by build_installer.py."""
    from PySide6.QtGui import QIcon

    icon = QIcon()
    for size in (16, 32, 48, 64, 128, 256):
        path = resources_dir() / "icons" / f"cutover-desktop-{size}.png"
        if path.exists():
            icon.addFile(str(path))
    return icon


def open_first_plan(window, file: Path | None) -> None:  # type: ignore[no-untyped-def]
    """The plan named on the command line, else the demonstration plan: the first time it is
    made, a welcome says what it is. A folder opens as a portfolio."""
    if file is not None and file.is_dir():
        window.show_portfolio(file)
        return
    if file is not None:
        window.open_plan_file(file)
        return
    try:
        first_run = not default_plan_path().exists()
    except OSError:
        first_run = False  # the window says why the demonstration plan cannot open
    if window.open_demonstration_plan() and first_run:
        window.offer_welcome()


def smoke_test() -> int:
    """Prove a build works: template, in-memory plan, main window offscreen; print a summary."""
    import os
    from datetime import date

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import tempfile

    from PySide6.QtCore import QSettings

    from cutover_desktop.domain.model import PlanDetails
    from cutover_desktop.services.demo import demonstration_go_live
    from cutover_desktop.services.plan_files import memory_plan
    from cutover_desktop.ui.main_window import MainWindow
    from cutover_desktop.ui.settings import UiSettings

    app = make_application([])
    service = memory_plan(PlanDetails("Smoke Test Surgery", "Y99999",
                                      demonstration_go_live(date.today())))
    # Throwaway settings: a smoke test must not change how the user's window opens.
    scratch = tempfile.TemporaryDirectory()
    settings = QSettings(f"{scratch.name}/settings.ini", QSettings.Format.IniFormat)
    window = MainWindow(UiSettings(settings))
    window.open_service(service)
    window.show()
    app.processEvents()
    tasks = len(service.state.tasks)
    window.close()
    scratch.cleanup()
    print(f"{APP_NAME} {__version__}: smoke test passed, {tasks} tasks, window built.")
    return 0


def load_plan_code_before_qt() -> None:
    """Load the code that reads and checks a plan (none of it uses Qt) before PySide6.

    Once PySide6 is loaded it reads the source of every module imported after it, looking for
    `from __feature__ import`, and keeps those sources in memory: for the plan engine, storage
    and their libraries that is about 35 MB and 40 ms of every start (measured with
    benchmarks/bench_launch.py).
    """
    import cutover_desktop.services.plan_files  # noqa: F401


def forget_module_sources() -> None:
    """Drop the module sources PySide6 read while the window's modules were loaded (see
    load_plan_code_before_qt); a traceback reads them again when it needs them."""
    import linecache

    linecache.clearcache()


def hold_garbage_collection() -> None:
    """No garbage collection while the window starts.

    A start makes some hundreds of thousands of objects that live as long as the plan, and
    almost no garbage; collecting them over and over took about 12 ms of a 0.4 s start
    (benchmarks/README.md, sixth round). See resume_garbage_collection_when_settled.
    """
    gc.disable()


def resume_garbage_collection_when_settled(window) -> None:  # type: ignore[no-untyped-def]
    """Collection resumes once the start is over: when the first plan's warnings are worked
    out; at once if no plan opened; and at the latest after GC_HELD_AT_MOST_MS.

    The objects made by then are set aside (`gc.freeze`) rather than collected in one long
    pause. They are handed back to the collector when that plan closes, so that the cycles
    it leaves are still freed; when another plan opens in its place, its session does that
    (`ui/session.keep_plan_out_of_full_collections`).
    """
    from PySide6.QtCore import QTimer

    def settled(_findings: object = None) -> None:
        window.plan_changed.disconnect(cut_short)
        if not gc.isenabled():
            gc.freeze()
            gc.enable()
            window.plan_changed.connect(hand_back)

    def hand_back() -> None:
        window.plan_changed.disconnect(hand_back)
        if window.session is None:
            gc.unfreeze()

    def cut_short() -> None:  # closed before its warnings came, or they failed
        gc.enable()

    if window.workspace is None:
        gc.enable()
        return
    window.workspace.findings_ready.connect(settled)
    window.plan_changed.connect(cut_short)
    QTimer.singleShot(GC_HELD_AT_MOST_MS, window, cut_short)


def run_gui(argv: list[str]) -> int:
    args = _parse(argv)
    if args.smoke_test:
        return smoke_test()
    hold_garbage_collection()
    setup_logging()
    log.info("starting %s %s", APP_NAME, __version__)
    # Before Qt: a missing X11 library would otherwise end in Qt's own abort.
    missing = check_display_libraries()
    if missing:
        log.error("%s", missing)
        print(missing, file=sys.stderr)
        return 1
    try:
        load_plan_code_before_qt()
    except ImportError as exc:
        # A damaged installation: before Qt there is no window to say it in.
        log.exception("the program's own code could not be loaded")
        print(f"The program is not installed completely ({exc}); please install it again. "
              f"The details are in {log_path()}.", file=sys.stderr)
        return 1
    unpack_pyside = pyside_support.unpack_wanted()
    app = make_application(argv)
    if unpack_pyside:
        pyside_support.unpack()  # for the next start
    install_error_handler()
    from cutover_desktop.ui.main_window import MainWindow
    from cutover_desktop.ui.settings import UiSettings

    forget_module_sources()
    window = MainWindow(UiSettings())
    window.show()
    open_first_plan(window, args.file)
    resume_garbage_collection_when_settled(window)
    return int(app.exec())
