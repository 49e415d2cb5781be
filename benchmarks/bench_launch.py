"""Times a fresh process from launch to a settled window, imports and interpreter included,
beside a bare PySide6 window and (when installed) GNOME Planner on the same plans.

Run from the repository root:  .venv/bin/python benchmarks/bench_launch.py [--repeat N]

The plans of 500 and 5,000 tasks are made through the program's own services (the engine
benchmark's generator: working-day offsets, about one finish-to-start link a task, 30 staff
assigned to the go-live tasks), and written as a Planner file with the same tasks, dates,
links, people and assignments. Each program is started on an X display (a private Xvfb at
1600x1000 when DISPLAY is not set; offscreen is not used, because Planner needs X) and timed
from starting the process until it is settled: its window is visible and the process has used
no CPU for QUIET seconds; the time taken is the last moment it was still working, and the CPU
time is what the process had used by then (steadier than the time on a machine shared with
other work: waiting for the CPU does not count in it). Peak memory
is the process's high-water resident set (VmHWM) just before it is stopped. Every figure is
the median of N runs after one warm-up run, so the files are in the page cache.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import quoteattr

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_engine import (  # noqa: E402
    SIZES,
    TODAY,
    generated_dependencies,
    generated_template,
    make_plan,
)
from processes import start_xvfb, stop  # noqa: E402

from cutover_desktop.domain.staff import Assignment, Person  # noqa: E402
from cutover_desktop.services.plan_files import open_plan  # noqa: E402

STAFF = 30
QUIET = 0.3
TIMEOUT = 90.0
SCREEN = "1600x1000x24"
BARE_WINDOW = '''import sys
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.setWindowTitle("Bare PySide6 window")
window.resize(1280, 800)
window.show()
sys.exit(app.exec())
'''


@dataclass(frozen=True)
class Run:
    seconds: float
    cpu_seconds: float
    peak_mb: float


def cpu_ticks(pid: int) -> int | None:
    """User and system CPU time of the whole process, in clock ticks; None once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(fields[11]) + int(fields[12])


def peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def window_visible(pid: int, env: dict[str, str]) -> bool:
    found = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid", str(pid)],
                           env=env, capture_output=True, text=True)
    return bool(found.stdout.strip())


@dataclass(frozen=True, eq=False)
class Launch:
    """One program on one plan: a row and column of the table."""

    row: str
    column: str
    command: list[str]
    cwd: Path = ROOT


def launch(command: list[str], env: dict[str, str], cwd: Path = ROOT) -> Run:
    """Start, wait until the window is visible and the process quiet, then stop it."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, cwd=cwd)
    try:
        shown = False
        last_ticks, last_busy = -1, started
        ticks_per_second = os.sysconf("SC_CLK_TCK")
        while time.perf_counter() - started < TIMEOUT:
            now = time.perf_counter()
            ticks = cpu_ticks(process.pid)
            if ticks is None or process.poll() is not None:
                raise RuntimeError(f"{command[0]} exited early: "
                                   f"{process.stderr.read()[-1500:].decode()}")  # type: ignore[union-attr]
            if ticks != last_ticks:
                last_ticks, last_busy = ticks, now
            if not shown:
                shown = window_visible(process.pid, env)
                if shown:
                    last_busy = max(last_busy, time.perf_counter())
            elif now - last_busy >= QUIET:
                return Run(last_busy - started, last_ticks / ticks_per_second,
                           peak_mb(process.pid))
            time.sleep(0.01)
        raise RuntimeError(f"{command[0]} did not settle in {TIMEOUT:.0f} s")
    finally:
        stop(process)


def measure(launches: list[Launch], env: dict[str, str], repeat: int) -> dict[Launch, Run]:
    """Each launch once as a warm-up, then `repeat` rounds taking each in turn, so that a
    change in the machine's load falls on every program alike; medians."""
    for item in launches:
        launch(item.command, env, item.cwd)
    runs: dict[Launch, list[Run]] = {item: [] for item in launches}
    for _ in range(repeat):
        for item in launches:
            runs[item].append(launch(item.command, env, item.cwd))
    return {item: Run(statistics.median(r.seconds for r in found),
                      statistics.median(r.cpu_seconds for r in found),
                      statistics.median(r.peak_mb for r in found))
            for item, found in runs.items()}


# The same plan as a GNOME Planner file


def _stamp(day: date, hour: int = 0) -> str:
    return datetime(day.year, day.month, day.day, hour).strftime("%Y%m%dT%H%M%SZ")


def write_planner_file(plan: Path, target: Path) -> None:
    """The plan's tasks (at their scheduled dates), links, people and assignments."""
    service = open_plan(plan, read_only=True, today=lambda: TODAY, backup=False)
    try:
        state, placed = service.state, service.schedule().dates
        first = min(d.start for d in placed.values())
        people = [p for table in state.tables.values() for p in table.values()
                  if isinstance(p, Person)]
        assignments = [a for table in state.tables.values() for a in table.values()
                       if isinstance(a, Assignment)]
        waits: dict[int, list[int]] = {}
        for dep in state.dependencies:
            waits.setdefault(int(dep.successor), []).append(int(dep.predecessor))
        lines = ['<?xml version="1.0"?>',
                 f'<project name={quoteattr(service.details.practice_name)} company="" '
                 f'manager="" phase="" project-start="{_stamp(first)}" '
                 'mrproject-version="2" calendar="1">',
                 "<properties/><phases/><calendars><day-types>",
                 '<day-type id="0" name="Working" description="A default working day"/>',
                 '<day-type id="1" name="Nonworking" description="A default non working day"/>',
                 '<day-type id="2" name="Use base" description="Use day from base calendar"/>',
                 '</day-types><calendar id="1" name="Default">',
                 '<default-week mon="0" tue="0" wed="0" thu="0" fri="0" sat="1" sun="1"/>',
                 '<overridden-day-types><overridden-day-type id="0">',
                 '<interval start="0800" end="1200"/><interval start="1300" end="1700"/>',
                 "</overridden-day-type></overridden-day-types><days/></calendar></calendars>",
                 "<tasks>"]
        for task in state.ordered_tasks():
            where = placed[task.id]
            end = where.end + timedelta(days=1)
            lines.append(
                f'<task id="{task.id}" name={quoteattr(task.title)} note="" '
                f'work="{28800 * task.duration_days}" start="{_stamp(where.start)}" '
                f'end="{_stamp(end)}" work-start="{_stamp(where.start, 8)}" '
                'percent-complete="0" priority="0" type="normal" scheduling="fixed-work">')
            lines.append('<constraint type="start-no-earlier-than" '
                         f'time="{_stamp(where.start)}"/>')
            if task.id in waits:
                lines.append("<predecessors>" + "".join(
                    f'<predecessor id="{n}" predecessor-id="{pred}" type="FS"/>'
                    for n, pred in enumerate(waits[task.id], 1)) + "</predecessors>")
            lines.append("</task>")
        lines.append("</tasks><resource-groups/><resources>")
        lines += [f'<resource id="{p.id}" name={quoteattr(p.name)} short-name="" type="1" '
                  'units="0" email="" note="" std-rate="0"/>' for p in people]
        lines.append("</resources><allocations>")
        lines += [f'<allocation task-id="{a.task_id}" resource-id="{a.person_id}" units="100"/>'
                  for a in assignments]
        lines.append("</allocations></project>")
    finally:
        service.close()
    target.write_text("\n".join(lines), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--also", type=Path, default=None,
                        help="another checkout of the program (an earlier version, say) to "
                             "launch in the same rounds, from its own folder")
    args = parser.parse_args()
    if not shutil.which("xdotool"):
        print("This benchmark needs xdotool and an X display (Xvfb).", file=sys.stderr)
        return 2
    server, display = start_xvfb(SCREEN)
    if display is None:
        print("No X display and no Xvfb: install xvfb.", file=sys.stderr)
        return 2
    planner = shutil.which("planner")
    try:
        with tempfile.TemporaryDirectory(prefix="bench-launch-") as scratch:
            folder = Path(scratch)
            # Byte code is written by the warm-up run and used after it, as an installed
            # program's is (a shell with PYTHONDONTWRITEBYTECODE set would compile every
            # module at every launch).
            env = {key: value for key, value in os.environ.items()
                   if key != "PYTHONDONTWRITEBYTECODE"}
            env |= {"DISPLAY": display, "QT_QPA_PLATFORM": "xcb",
                    "CUTOVER_DESKTOP_DATA_DIR": str(folder / "data"),
                    "XDG_CONFIG_HOME": str(folder / "config"), "NO_AT_BRIDGE": "1"}
            bare = folder / "bare_window.py"
            bare.write_text(BARE_WINDOW, encoding="utf-8")
            launches = [Launch("bare PySide6 window", "", [sys.executable, str(bare)])]
            for size in SIZES:
                plan = folder / f"plan-{size}.cutover"
                make_plan(plan, generated_template(size), generated_dependencies(size),
                          staff=STAFF)
                program = [sys.executable, "-m", "cutover_desktop", str(plan)]
                launches.append(Launch("cutover-desktop", str(size), program))
                if args.also is not None:
                    launches.append(Launch(f"cutover-desktop at {args.also.name}", str(size),
                                           program, args.also.resolve()))
                if planner:
                    other = folder / f"plan-{size}.planner"
                    write_planner_file(plan, other)
                    launches.append(Launch("GNOME Planner", str(size), [planner, str(other)]))
            figures = measure(launches, env, args.repeat)
    finally:
        if server is not None:
            server.terminate()
            server.wait()
    print(f"Launch to a settled window on X ({'Xvfb ' + SCREEN if server else display}), "
          f"median of {args.repeat} rounds: seconds, CPU seconds, peak resident MB")
    rows: dict[str, list[str]] = {}
    for item, run in figures.items():
        rows.setdefault(item.row, []).append(
            f"{item.column or 'no plan':>7}: {run.seconds:5.2f} s (CPU {run.cpu_seconds:4.2f})"
            f" {run.peak_mb:4.0f} MB")
    for label, cells in rows.items():
        print(f"  {label:<34}" + "   ".join(cells))
    if not planner:
        print("  GNOME Planner is not installed (apt-get install planner): not measured.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
