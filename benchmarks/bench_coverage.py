"""Times the coverage grid at 30 and 400 staff over 20 weeks, beside baselines.

Run from the repository root:  .venv/bin/python benchmarks/bench_coverage.py [--repeat N]
Prints one table; every figure is the median of N runs (default 5) in milliseconds.
Qt runs offscreen unless QT_QPA_PLATFORM says otherwise.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench_engine import timed  # noqa: E402
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QTableView, QWidget  # noqa: E402

from cutover_desktop.domain.changes import Changes, EntityChange  # noqa: E402
from cutover_desktop.domain.coverage import build_coverage  # noqa: E402
from cutover_desktop.domain.keydates import KeyDate  # noqa: E402
from cutover_desktop.domain.model import PlanDetails  # noqa: E402
from cutover_desktop.domain.staff_rules import staff_conflicts  # noqa: E402
from cutover_desktop.services.plan_files import memory_plan  # noqa: E402
from cutover_desktop.services.planner import PlanService  # noqa: E402
from cutover_desktop.services.staff_demo import demonstration_staff  # noqa: E402
from cutover_desktop.ui.coverage_view import CoverageView  # noqa: E402
from cutover_desktop.ui.models.coverage_model import CoverageModel  # noqa: E402
from cutover_desktop.ui.session import PlanSession  # noqa: E402

GO_LIVE = date(2027, 3, 16)
TODAY = date(2026, 11, 28)
SIZES = (30, 400)
WEEKS = 20
VIEW_SIZE = (1600, 1000)


def plan_with_staff(count: int) -> PlanService:
    details = PlanDetails(practice_name="Benchmark Surgery", ods_code="A81001", go_live=GO_LIVE)
    service = memory_plan(details, today=lambda: TODAY)
    demonstration_staff(service, count)
    return service


def window(service: PlanService) -> tuple[date, date]:
    """Twenty weeks, from ten weeks before go-live."""
    bgl = service.schedule().key_dates[KeyDate.BGL]
    first = bgl - timedelta(weeks=WEEKS // 2)
    return first, first + timedelta(weeks=WEEKS) - timedelta(days=1)


def nudge(service: PlanService) -> Callable[[], object]:
    """A tiny edit (a note on a task, and back) so each run meets a fresh plan state."""
    task = next(iter(service.state.tasks.values()))
    flip = [False]

    def run() -> object:
        flip[0] = not flip[0]
        current = service.state.tasks[task.id]
        changed = current.with_changes(notes="benchmark" if flip[0] else "")
        return service.set_up(Changes("nudge", (EntityChange(current, changed),)))

    return run


class _PlainModel(QAbstractTableModel):
    """The baseline: the same number of cells, each a fixed two-line string."""

    def __init__(self, rows: int, columns: int) -> None:
        super().__init__()
        self._rows, self._columns = rows, columns

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._columns

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        return "✓ In\n7.5h" if role == Qt.ItemDataRole.DisplayRole else None


def repaint(view: QWidget) -> None:
    """Paint the whole widget with every child (a repaint() of the parent alone would not)."""
    view.grab()


def scroll_through(table: QTableView, steps: int = 10) -> float:
    """Median milliseconds to scroll one page (right, then down) and paint it."""
    runs = []
    for axis in (table.horizontalScrollBar(), table.verticalScrollBar()):
        axis.setValue(0)
        for _ in range(steps):
            start = time.perf_counter()
            axis.setValue(axis.value() + axis.pageStep())
            table.viewport().repaint()
            QApplication.processEvents()
            runs.append((time.perf_counter() - start) * 1000)
    return statistics.median(runs)


def bench(size: int, repeat: int) -> dict[str, float]:
    service = plan_with_staff(size)
    first, last = window(service)
    before = nudge(service)
    results: dict[str, float] = {}
    results["conflicts"] = timed(lambda: staff_conflicts(service.state), repeat, before)
    results["grid_data"] = timed(lambda: build_coverage(service.state, first, last), repeat,
                                 before)
    coverage = build_coverage(service.state, first, last)
    model = CoverageModel()
    results["model_reset"] = timed(lambda: model.set_coverage(coverage), repeat)
    session = PlanSession(service)
    view = CoverageView(session)
    view.resize(*VIEW_SIZE)
    view.show()
    view.show_days(first, last)
    QApplication.processEvents()
    results["view_refresh"] = timed(view.refresh, repeat, before)
    results["full_repaint"] = timed(lambda: repaint(view), repeat)
    results["scroll_page"] = scroll_through(view.grid)
    results["cells"] = len(coverage.rows) * len(coverage.days)
    view.close()
    service.close()
    return results


def baselines(rows: int, columns: int, repeat: int) -> dict[str, float]:
    bare = QWidget()
    bare.resize(*VIEW_SIZE)
    bare.show()
    QApplication.processEvents()
    results = {"bare_window": timed(lambda: repaint(bare), repeat)}
    bare.close()
    table = QTableView()
    table.setModel(_PlainModel(rows, columns))
    table.verticalHeader().setDefaultSectionSize(38)
    table.resize(*VIEW_SIZE)
    table.show()
    QApplication.processEvents()
    results["plain_table"] = timed(lambda: repaint(table), repeat)
    results["plain_scroll"] = scroll_through(table)
    table.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    QApplication.instance() or QApplication(sys.argv)
    rows = [(size, bench(size, args.repeat)) for size in SIZES]
    base = baselines(max(SIZES), WEEKS * 7, args.repeat)
    print(f"Coverage grid, {WEEKS} weeks, view {VIEW_SIZE[0]}×{VIEW_SIZE[1]}, "
          f"median of {args.repeat} runs, milliseconds")
    print(f"{'':34}" + "".join(f"{f'{size} staff':>14}" for size, _ in rows) + f"{'baseline':>12}")
    lines = (
        ("Staff conflicts (all rules)", "conflicts", ""),
        ("Grid data (build_coverage)", "grid_data", ""),
        ("Model reset", "model_reset", ""),
        ("View refresh (data + model)", "view_refresh", ""),
        ("Full repaint of the view", "full_repaint", "plain_table"),
        ("Scroll one page and paint", "scroll_page", "plain_scroll"),
    )
    for label, key, base_key in lines:
        figures = "".join(f"{result[key]:>14.1f}" for _, result in rows)
        baseline = f"{base[base_key]:>12.1f}" if base_key else f"{'':>12}"
        print(f"{label:<34}{figures}{baseline}")
    print(f"{'Cells':<34}" + "".join(f"{int(r['cells']):>14,}" for _, r in rows))
    print(f"Baseline: a plain QTableView of {max(SIZES)}×{WEEKS * 7} fixed two-line strings, "
          f"same size; an empty {VIEW_SIZE[0]}×{VIEW_SIZE[1]} window paints in "
          f"{base['bare_window']:.1f} ms.")


if __name__ == "__main__":
    main()
