"""Times printing to PDF: a day schedule with 200 tasks on the day (target: under a second),
and other printouts of larger plans, beside a baseline of an empty page written to PDF.

Run from the repository root:  .venv/bin/python benchmarks/bench_pdf.py [--repeat N]
Prints one table; every figure is the median of N runs (default 5) in milliseconds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtGui import QGuiApplication, QPainter, QPdfWriter, QTextDocument  # noqa: E402

from cutover_desktop.domain.keydates import KeyDate  # noqa: E402
from cutover_desktop.printing.output import write_pdf  # noqa: E402
from cutover_desktop.services.plan_files import memory_plan  # noqa: E402
from cutover_desktop.services.printouts import Printouts  # noqa: E402
from tests.conftest import TODAY, riverside  # noqa: E402
from tests.printing.plans import crowded_day, grow, staff_plan  # noqa: E402

TARGET_MS = 1000.0


def timed(action: Callable[[], object], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        runs.append((time.perf_counter() - start) * 1000)
    return statistics.median(runs)


def baseline(path: Path) -> None:
    """An empty QTextDocument printed to a PDF file: the fixed cost of any PDF."""
    writer = QPdfWriter(str(path))
    QTextDocument().print_(writer)
    del writer


def blank_page(path: Path) -> None:
    writer = QPdfWriter(str(path))
    painter = QPainter(writer)
    painter.drawText(100, 100, "x")
    painter.end()
    del writer


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 - fonts need it
    now = datetime(2026, 11, 28, 9, 0)
    rows: list[tuple[str, float, float]] = []
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        base = timed(lambda: baseline(out / "base.pdf"), args.repeat)
        blank = timed(lambda: blank_page(out / "blank.pdf"), args.repeat)

        plan = memory_plan(riverside(), today=lambda: TODAY)
        staff_plan(plan)
        day = plan.schedule().key_dates[KeyDate.BGL] + timedelta(days=2)
        crowded_day(plan, day, 200)
        printouts = Printouts(plan, now=lambda: now)
        build = timed(lambda: printouts.day(day), args.repeat)
        report = printouts.day(day)
        pages = write_pdf(report, out / "day.pdf")
        whole = timed(lambda: write_pdf(printouts.day(day), out / "day.pdf"), args.repeat)
        rows.append((f"Day schedule, 200 tasks on the day ({pages} pages)", whole, base))
        rows.append(("  of which building the content", build, base))

        for size in (400, 5000):
            big = memory_plan(riverside(), today=lambda: TODAY)
            grow(big, size)
            big_printouts = Printouts(big, now=lambda: now)
            bgl = big.schedule().key_dates[KeyDate.BGL]
            rows.append((f"Day schedule of BGL, plan of {size:,}",
                         timed(lambda p=big_printouts, d=bgl: write_pdf(p.day(d),
                                                                        out / "d.pdf"),
                               args.repeat), base))
            rows.append((f"Week at a glance, plan of {size:,}",
                         timed(lambda p=big_printouts, d=bgl: write_pdf(p.week(d),
                                                                        out / "w.pdf"),
                               args.repeat), base))
            if size <= 400:
                rows.append((f"Task list, plan of {size:,}",
                             timed(lambda p=big_printouts: write_pdf(p.task_list(),
                                                                     out / "l.pdf"),
                                   args.repeat), base))
                rows.append((f"Timeline, plan of {size:,}",
                             timed(lambda p=big_printouts: write_pdf(p.timeline(),
                                                                     out / "t.pdf"),
                                   args.repeat), base))
            big.close()
        plan.close()

    width = max(len(r[0]) for r in rows) + 2
    print(f"{'Printout':<{width}}{'ms':>9}{'baseline ms':>14}")
    for name, ms, base_ms in rows:
        print(f"{name:<{width}}{ms:>9.1f}{base_ms:>14.1f}")
    print(f"{'(a blank page drawn with QPainter)':<{width}}{blank:>9.1f}")
    day_ms = rows[0][1]
    verdict = "within" if day_ms < TARGET_MS else "OVER"
    print(f"\nDay schedule of 200 tasks: {day_ms:.0f} ms, {verdict} the {TARGET_MS:.0f} ms target.")
    return 0 if day_ms < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
