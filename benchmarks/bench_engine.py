"""Times the plan engine on generated plans of 400 and 5,000 tasks, beside baselines.

Run from the repository root:  .venv/bin/python benchmarks/bench_engine.py [--repeat N]
Prints one table; every figure is the median of N runs (default 5) in milliseconds.
"""

from __future__ import annotations

import argparse
import bisect
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cutover_desktop.domain.calendar import WorkingCalendar  # noqa: E402
from cutover_desktop.domain.changes import Changes, EntityChange  # noqa: E402
from cutover_desktop.domain.keydates import KeyDateRules  # noqa: E402
from cutover_desktop.domain.model import (  # noqa: E402
    MAX_OFFSET_DAYS,
    Dependency,
    OffsetUnit,
    PlanDetails,
)
from cutover_desktop.domain.scheduling import schedule  # noqa: E402
from cutover_desktop.domain.template import Template  # noqa: E402
from cutover_desktop.services.plan_files import (  # noqa: E402
    create_plan,
    default_template,
    memory_plan,
    open_plan,
    template_tasks,
)
from cutover_desktop.services.planner import PlanService  # noqa: E402
from cutover_desktop.services.staff_demo import demonstration_staff  # noqa: E402

GO_LIVE = date(2027, 3, 16)
TODAY = date(2026, 11, 28)
SIZES = (500, 5000)
# Moving Business Go Live at these sizes shows how the cost grows.
GROWTH_SIZES = (500, 2000, 5000, 10000)


def details() -> PlanDetails:
    return PlanDetails(practice_name="Benchmark Surgery", ods_code="A81001", go_live=GO_LIVE,
                       old_supplier="EMIS Web", new_supplier="TPP SystmOne",
                       sites=("Main", "Branch"))


def generated_template(count: int) -> Template:
    """The default template repeated, offsets varied and counted in working days (as a real
    plan's are); every 10th task hangs from the one before."""
    base = default_template()
    tasks = []
    for number in range(count):
        entry = base.tasks[number % len(base.tasks)]
        round_ = number // len(base.tasks)
        offset = max(-MAX_OFFSET_DAYS, min(MAX_OFFSET_DAYS, entry.offset + round_ % 9 - 4))
        anchor_task = ""
        if number % 10 == 3:
            anchor_task, offset = tasks[-1].key, 1 + number % 3
        else:
            offset = offset * 5 // 7  # about the same dates, in working days
        tasks.append(replace(entry, key=f"{entry.key}-{round_}", offset=offset,
                             offset_unit=OffsetUnit.WORKING_DAYS, anchor_task=anchor_task))
    return Template(f"Benchmark {count}", "", base.phases, tuple(tasks))


def generated_dependencies(count: int) -> list[Dependency]:
    """About one finish-to-start link a task, as a real plan has: each task waits for the task
    that finishes last before it starts (so the links hold the plan together without pushing
    it years out). Ids follow template order from 1."""
    tasks = template_tasks(generated_template(count))
    placed = schedule(GO_LIVE, KeyDateRules(), WorkingCalendar(), tasks).dates
    by_end = sorted(tasks, key=lambda t: (placed[t.id].end, t.id))
    ends = [placed[t.id].end for t in by_end]
    deps = []
    for task in tasks:
        before = bisect.bisect_left(ends, placed[task.id].start) - 1
        if before >= 0 and by_end[before].id != task.id:
            deps.append(Dependency(by_end[before].id, task.id))
    return deps


def timed_with_cpu(action: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median wall-clock and median CPU milliseconds of `action` (CPU time shows the work
    itself on a machine that is busy with other things)."""
    walls, cpus = [], []
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append((time.perf_counter() - start) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return statistics.median(walls), statistics.median(cpus)


def timed(action: Callable[[], object], repeat: int,
          before: Callable[[], object] | None = None) -> float:
    """Median milliseconds of `action`, with `before` run untimed ahead of each run."""
    runs = []
    for _ in range(repeat):
        if before is not None:
            before()
        start = time.perf_counter()
        action()
        runs.append((time.perf_counter() - start) * 1000)
    return statistics.median(runs)


def make_plan(path: Path, template: Template, deps: list[Dependency], staff: int = 0) -> None:
    """A plan file made through the program's own services; `staff` fictional people are
    assigned to the go-live tasks when asked for."""
    if path.exists():
        os.remove(path)
    service = create_plan(path, details(), template, today=lambda: TODAY)
    try:
        service.set_up(Changes("Add the benchmark's dependencies",
                               tuple(EntityChange(None, dep) for dep in deps)))
        if staff:
            demonstration_staff(service, staff)
    finally:
        service.close()


def go_live_mover(service: PlanService) -> Callable[[], object]:
    """Each call moves Business Go Live a week one way or the other and schedules."""
    days = iter(range(1, 10_000))
    return lambda: service.set_go_live(GO_LIVE + timedelta(weeks=next(days) % 2 + 1)) \
        and service.schedule()


def growth(folder: Path, repeat: int) -> dict[int, float]:
    """Milliseconds to move Business Go Live (engine and file) at each of GROWTH_SIZES."""
    found = {}
    for size in GROWTH_SIZES:
        path = folder / f"growth-{size}.cutover"
        make_plan(path, generated_template(size), generated_dependencies(size))
        service = open_plan(path, today=lambda: TODAY, backup=False)
        try:
            service.schedule()
            found[size] = timed(go_live_mover(service), repeat)
        finally:
            service.close()
    return found


def bench(size: int, folder: Path, repeat: int) -> dict[str, float]:
    template = generated_template(size)
    deps = generated_dependencies(size)
    path = folder / f"plan-{size}.cutover"
    results: dict[str, float] = {}

    results["create"] = timed(lambda: make_plan(path, template, deps), repeat)

    def open_and_schedule() -> None:
        service = open_plan(path, today=lambda: TODAY)
        service.schedule()
        service.close()

    results["open"] = timed(open_and_schedule, repeat)

    service = open_plan(path, today=lambda: TODAY)
    try:
        service.schedule()
        results["reschedule"] = timed(go_live_mover(service), repeat)
        days = iter(range(1, 10_000))
        # Findings on a fresh state each time (the schedule is cached per state).
        results["findings"] = timed(
            service.findings, repeat,
            before=lambda: service.set_go_live(GO_LIVE + timedelta(weeks=next(days) % 2 + 1)))
        results["bare_schedule"] = timed(
            lambda: schedule(GO_LIVE, KeyDateRules(), WorkingCalendar(),
                             list(service.state.tasks.values()), service.state.dependencies),
            repeat)
        tasks, dep_count = len(service.state.tasks), len(service.state.dependencies)
    finally:
        service.close()
    results["tasks"], results["deps"] = tasks, dep_count
    results["size_kb"] = path.stat().st_size / 1024
    return results


def baselines(folder: Path, repeat: int) -> dict[str, float]:
    empty = folder / "empty.sqlite"
    sqlite3.connect(empty).close()

    def open_empty() -> None:
        conn = sqlite3.connect(empty)
        conn.execute("PRAGMA user_version").fetchone()
        conn.close()

    def create_empty() -> None:
        target = folder / "empty-new.sqlite"
        if target.exists():
            os.remove(target)
        conn = sqlite3.connect(target)
        conn.execute("CREATE TABLE t (x INTEGER)")
        conn.commit()
        conn.close()

    template_list = template_tasks(default_template())
    calendar = WorkingCalendar()
    schedule(GO_LIVE, KeyDateRules(), calendar, template_list)  # warm the holiday cache
    template_plan = memory_plan(details(), today=lambda: TODAY)
    try:
        template_findings = timed(lambda: template_plan.state.findings(TODAY), repeat)
    finally:
        template_plan.close()
    return {
        "create": timed(create_empty, repeat),
        "open": timed(open_empty, repeat),
        "schedule77": timed(lambda: schedule(GO_LIVE, KeyDateRules(), calendar, template_list),
                            repeat),
        "findings77": template_findings,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure (median)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        figures = {size: bench(size, folder, args.repeat) for size in SIZES}
        base = baselines(folder, args.repeat)
        grown = growth(folder, args.repeat)
    small, large = figures[SIZES[0]], figures[SIZES[1]]
    print(f"Plan engine benchmark (median of {args.repeat} runs, milliseconds)")
    print(f"Plans: {small['tasks']:.0f} tasks / {small['deps']:.0f} dependencies "
          f"({small['size_kb']:.0f} KB) and {large['tasks']:.0f} tasks / "
          f"{large['deps']:.0f} dependencies ({large['size_kb']:.0f} KB)")
    print()
    rows = [
        ("Create the plan file (template + deps)", "create",
         f"{base['create']:.2f}  (empty SQLite file + 1 table)"),
        ("Open it: check, load, schedule", "open",
         f"{base['open']:.2f}  (open an empty SQLite db)"),
        ("Reschedule after a BGL change", "reschedule",
         f"{base['schedule77']:.2f}  (bare schedule() of 77 tasks)"),
        ("Findings (warnings) of a fresh state", "findings",
         f"{base['findings77']:.2f}  (findings of the 77-task template plan)"),
        ("Bare schedule() of the whole plan", "bare_schedule",
         f"{base['schedule77']:.2f}  (bare schedule() of 77 tasks)"),
    ]
    head = f"{'Measure':<42}{SIZES[0]:>12,}{SIZES[1]:>12,}   Baseline"
    print(head)
    print("-" * (len(head) + 40))
    for label, key, baseline in rows:
        print(f"{label:<42}{small[key]:>12.1f}{large[key]:>12.1f}   {baseline}")
    print()
    print("Move Business Go Live (set_go_live and schedule), by plan size:")
    print("  ".join(f"{size:>6,} tasks {grown[size]:7.1f} ms" for size in GROWTH_SIZES))
    return 0


if __name__ == "__main__":
    sys.exit(main())
