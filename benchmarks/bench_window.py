"""Times the window on generated plans of 500 and 5,000 tasks, beside a bare PySide6 window,
and moving Business Go Live with every view refreshed at 500 to 10,000 tasks.

Run from the repository root:  .venv/bin/python benchmarks/bench_window.py [--repeat N]
Qt runs offscreen. Prints one table; every figure is the median of N runs in milliseconds.
With --moves-only it times only the go-live move, wall-clock and CPU time of the process
(CPU time is steadier on a machine shared with other work).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_engine import (  # noqa: E402
    GROWTH_SIZES,
    SIZES,
    TODAY,
    generated_dependencies,
    generated_template,
    make_plan,
    timed,
    timed_with_cpu,
)
from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QTableView  # noqa: E402

from cutover_desktop.services.plan_files import open_plan  # noqa: E402
from cutover_desktop.ui.main_window import MainWindow  # noqa: E402
from cutover_desktop.ui.settings import UiSettings  # noqa: E402


def settle(app: QApplication) -> None:
    for _ in range(3):
        app.processEvents()


def bare_window(app: QApplication) -> None:
    """The baseline: a plain main window with a label and an empty table, shown."""
    window = QMainWindow()
    window.setCentralWidget(QTableView())
    window.statusBar().addWidget(QLabel("ready"))
    window.resize(1280, 800)
    window.show()
    settle(app)
    window.close()
    window.deleteLater()


STAFF = 30
RESCHEDULE = "reschedule (BGL moved) and repaint"
RESCHEDULE_CPU = "the same, CPU time"


def bench(app: QApplication, size: int, folder: Path, repeat: int,
          only_reschedule: bool = False) -> dict[str, float]:
    path = folder / f"window-{size}.cutover"
    make_plan(path, generated_template(size), generated_dependencies(size), staff=STAFF)
    settings = UiSettings(QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat))
    results: dict[str, float] = {}

    def start_up() -> None:
        window = MainWindow(settings, today=lambda: TODAY)
        window.show()
        window.open_service(open_plan(path, today=lambda: TODAY, backup=False))
        settle(app)
        window.close()
        window.deleteLater()
        settle(app)

    if not only_reschedule:
        results["start-up to a shown window"] = timed(start_up, repeat)

    window = MainWindow(settings, today=lambda: TODAY)
    window.resize(1280, 800)
    window.show()
    window.open_service(open_plan(path, today=lambda: TODAY, backup=False))
    settle(app)
    workspace, session = window.workspace, window.session
    assert workspace is not None and session is not None
    timeline = workspace.timeline
    if not only_reschedule:
        timings(app, timeline, results, repeat)
    go_live = session.service.details.go_live
    step = [1]

    def reschedule() -> None:
        step[0] = -step[0]
        session.edit(session.service.set_go_live, go_live + timedelta(days=7 * (step[0] > 0)))
        settle(app)

    results[RESCHEDULE], results[RESCHEDULE_CPU] = timed_with_cpu(reschedule, repeat)
    window.close()
    return results


def timings(app: QApplication, timeline, results: dict[str, float],  # type: ignore[no-untyped-def]
            repeat: int) -> None:
    results["timeline: full repaint"] = timed(timeline.render_image, repeat)
    results["timeline: one zoom step"] = timed(
        lambda: (timeline.zoom_in(), settle(app)), repeat, before=timeline.zoom_out)
    bar = timeline.vertical_scroll_bar()
    results["plan tab: scroll a page"] = timed(
        lambda: (bar.setValue(bar.value() + bar.pageStep()), settle(app)), repeat,
        before=lambda: bar.setValue(0))


def moves_only(app: QApplication, repeat: int) -> int:
    with tempfile.TemporaryDirectory() as scratch:
        os.environ["CUTOVER_DESKTOP_DATA_DIR"] = scratch
        moves = {size: bench(app, size, Path(scratch), repeat, only_reschedule=True)
                 for size in GROWTH_SIZES}
    print(f"BGL moved, every view refreshed ({STAFF} staff), median of {repeat}, ms:")
    print(f"{'tasks':>8}  {'wall':>7}  {'CPU':>7}")
    for size, figures in moves.items():
        print(f"{size:>8,}  {figures[RESCHEDULE]:7.1f}  {figures[RESCHEDULE_CPU]:7.1f}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--moves-only", action="store_true",
                        help="time only moving Business Go Live, wall-clock and CPU time")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    if args.moves_only:
        return moves_only(app, args.repeat)
    with tempfile.TemporaryDirectory() as scratch:
        os.environ["CUTOVER_DESKTOP_DATA_DIR"] = scratch
        folder = Path(scratch)
        baseline = timed(lambda: bare_window(app), args.repeat)
        figures = {size: bench(app, size, folder, args.repeat) for size in SIZES}
        moves = {size: figures[size][RESCHEDULE] if size in figures
                 else bench(app, size, folder, args.repeat, only_reschedule=True)[RESCHEDULE]
                 for size in GROWTH_SIZES}
    rows = list(figures[SIZES[0]])
    width = max(len(row) for row in rows)
    print(f"{'median ms':<{width}}  " + "  ".join(f"{size:>8}" for size in SIZES)
          + "  bare window")
    for row in rows:
        values = "  ".join(f"{figures[size][row]:8.1f}" for size in SIZES)
        extra = f"  {baseline:8.1f}" if row.startswith("start-up") else ""
        print(f"{row:<{width}}  {values}{extra}")
    print()
    print(f"BGL moved, every view refreshed ({STAFF} staff on the go-live tasks), median ms:")
    print("  ".join(f"{size:>6,} tasks {moves[size]:7.1f}" for size in GROWTH_SIZES))
    return 0


if __name__ == "__main__":
    sys.exit(main())
