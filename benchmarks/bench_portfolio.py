"""Times the portfolio reading folders of 100 and 300 plans, beside opening one plan.

Run from the repository root:  .venv/bin/python benchmarks/bench_portfolio.py [--repeat N]
Prints one table; every figure is the median of N runs (default 5) in milliseconds. The goal
is 100 plans in under 1,000 ms and 300 in under 3,000 ms; the script exits 1 if it misses.

The plans are made through the services, as a user's would be: one plan from the template
with 16 staff, then each practice a copy of it with its own name, ODS code, suppliers,
go-live (a week apart), progress and signed gates. Making 300 takes a while, so
`--folder DIR` keeps them for the next run.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_engine import timed_with_cpu  # noqa: E402

from cutover_desktop.services.plan_files import open_plan  # noqa: E402
from cutover_desktop.services.portfolio import FolderSource, read_portfolio  # noqa: E402
from cutover_desktop.services.portfolio_demo import (  # noqa: E402
    add_shared_trainer,
    copy_practice,
    make_base_plan,
)
from cutover_desktop.services.staff_demo import demonstration_staff  # noqa: E402

TODAY = date(2026, 11, 28)
FIRST_GO_LIVE = date(2026, 12, 8)
GOALS = {100: 1000.0, 300: 3000.0}


def make_folder(folder: Path, count: int) -> None:
    """`count` plans: the first 100 under `a/`, the rest under `b/` (made once, then kept)."""
    have = sorted(folder.rglob("*.cutover"))
    if len(have) >= count:
        return
    today = lambda: TODAY  # noqa: E731
    with tempfile.TemporaryDirectory() as scratch:
        base = make_base_plan(Path(scratch) / "base.cutover", FIRST_GO_LIVE, today)
        plan = open_plan(base, today=today, backup=False)
        try:
            demonstration_staff(plan, 16)
        finally:
            plan.close()
        for number in range(len(have), count):
            area = folder / ("a" if number < 100 else "b")
            area.mkdir(parents=True, exist_ok=True)
            go_live = FIRST_GO_LIVE + timedelta(weeks=number % 60, days=number // 60)
            copy_practice(base, area / f"practice-{number:03d}.cutover", number, go_live, today)
            if number in (1, 2):
                add_shared_trainer(area / f"practice-{number:03d}.cutover", today)
            if number % 50 == 49:
                print(f"  made {number + 1} plans", file=sys.stderr)


def window_time(folder: Path, repeat: int) -> tuple[float, float]:
    """The portfolio window offscreen: from choosing the folder to everything shown."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from cutover_desktop.ui.portfolio_window import PortfolioWindow

    app = QApplication.instance() or QApplication([])

    def run() -> None:
        window = PortfolioWindow(today=lambda: TODAY)
        window.show()
        window.open_folder(folder)
        while window.portfolio is None:
            app.processEvents()
            time.sleep(0.001)
        app.processEvents()
        window.close()
        window.deleteLater()

    return timed_with_cpu(run, repeat)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--folder", type=Path, help="keep the generated plans here")
    args = parser.parse_args()
    os.environ.setdefault("CUTOVER_DESKTOP_DATA_DIR", tempfile.mkdtemp(prefix="bench-data-"))
    holder = None
    if args.folder is None:
        holder = tempfile.TemporaryDirectory(prefix="bench-portfolio-")
        folder = Path(holder.name)
    else:
        folder = args.folder
        folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    make_folder(folder, 300)
    print(f"(plans ready in {time.perf_counter() - started:.1f} s)", file=sys.stderr)
    one = sorted((folder / "a").glob("*.cutover"))[0]

    def open_one() -> None:
        plan = open_plan(one, today=lambda: TODAY)  # as the window opens it: lock, backup
        plan.findings()
        plan.close()

    def read_one() -> None:
        plan = open_plan(one, read_only=True, today=lambda: TODAY)
        plan.findings()
        plan.close()

    rows: list[tuple[str, tuple[float, float], str]] = [
        ("Open one plan for editing (lock, backup) and its findings",
         timed_with_cpu(open_one, args.repeat), ""),
        ("Open one plan read-only and its findings", timed_with_cpu(read_one, args.repeat), ""),
    ]
    missed = False
    for count, where in ((100, folder / "a"), (300, folder)):
        source = FolderSource(where)
        found = len(source.plan_ids())
        # Each timed read starts with a fresh source: nothing kept from the run before.
        both = timed_with_cpu(lambda where=where: read_portfolio(FolderSource(where), TODAY),
                     args.repeat)
        goal = GOALS[count]
        verdict = "goal met" if both[0] < goal else "GOAL MISSED"
        missed |= both[0] >= goal
        rows.append((f"Portfolio of {found} plans ({both[0] / found:.1f} ms a plan)", both,
                     f"goal < {goal:,.0f} ms: {verdict}"))
        read_portfolio(source, TODAY)
        again = timed_with_cpu(lambda source=source: read_portfolio(source, TODAY), args.repeat)
        rows.append((f"  read again, no plan changed ({found} plans)", again, ""))
    rows.append(("Window: folder of 100 chosen to table, timeline and lists filled",
                 window_time(folder / "a", args.repeat), "read on the worker thread"))
    width = max(len(r[0]) for r in rows)
    print(f"{'median of ' + str(args.repeat) + ' runs':<{width}}  {'wall ms':>8}  {'CPU ms':>8}")
    for name, (wall, cpu), note in rows:
        print(f"{name:<{width}}  {wall:8.1f}  {cpu:8.1f}  {note}")
    if holder is not None:
        holder.cleanup()
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
