"""Times start-up to a shown window: the program run from source and the frozen bundle, each
beside a bare PySide6 window started the same way.

Run from the repository root, after `python build_installer.py` (for the bundle):

    .venv/bin/python benchmarks/bench_startup.py              # 5 runs each
    .venv/bin/python benchmarks/bench_startup.py --repeat 9

Two measures, each the median (and range) of N runs after one warm-up run, in milliseconds:

- shown: from starting the process to its window being mapped on an X display with the
  demonstration plan open (the title names it), found by polling `xdotool` every 10 ms.
  Needs Xvfb (started on a free display when DISPLAY is not set) and xdotool.
- smoke: the whole `--smoke-test` process offscreen (start, template plan in memory, window
  built and shown, exit), beside a bare window that shows itself and exits. No display needed.

The bare-window baseline is frozen with the same PyInstaller options as the program (its
bundle is made once under build/bench-startup/). The goal (issue 9) is that the frozen
program starts no slower than twice the program run from source; the script exits 1 if it
does not.
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
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from processes import start_xvfb, stop  # noqa: E402

import build_installer as bi  # noqa: E402

WORK = ROOT / "build" / "bench-startup"
BARE_TITLE = "Bare PySide6 window"
BARE_WINDOW = f'''"""A bare PySide6 window: the floor for any Qt program's start-up."""
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(sys.argv)
window = QMainWindow()
window.setWindowTitle("{BARE_TITLE}")
window.resize(1280, 800)
window.show()
if "--smoke-test" in sys.argv:
    app.processEvents()
    print("bare window: smoke test passed")
    sys.exit(0)
sys.exit(app.exec())
'''
SHOWN_TIMEOUT = 60.0


@dataclass(frozen=True)
class Program:
    label: str
    command: list[str]
    title: str          # a word of the shown window's title


def programs(python: Path) -> list[Program]:
    source_bare = WORK / "bare_window.py"
    _, frozen_exe = bi.bundle_paths(sys.platform, ROOT / "dist")
    frozen_bare = bare_exe()
    return [
        Program("From source", [str(python), "-m", "cutover_desktop"], "demonstration.cutover"),
        Program("  bare PySide6 window (source)", [str(python), str(source_bare)], BARE_TITLE),
        Program("Frozen bundle", [str(frozen_exe)], "demonstration.cutover"),
        Program("  bare PySide6 window (frozen)", [str(frozen_bare)], BARE_TITLE),
    ]


def make_bare_bundle(python: Path) -> Path:
    """Freeze the bare window once, with the options the program is frozen with."""
    WORK.mkdir(parents=True, exist_ok=True)
    script = WORK / "bare_window.py"
    if not script.exists() or script.read_text(encoding="utf-8") != BARE_WINDOW:
        script.write_text(BARE_WINDOW, encoding="utf-8")
    exe = bare_exe()
    if exe.exists():
        return exe
    print("Freezing the bare-window baseline (once) ...", flush=True)
    args = bi.pyinstaller_args(platform=sys.platform, version="0", hidden=[], datas=[],
                               icon=None, dist=WORK / "dist", work=WORK / "work", entry=script)
    args[args.index("--name") + 1] = "bare-window"
    subprocess.run([str(python), "-m", "PyInstaller", *args], check=True, cwd=ROOT,
                   capture_output=True)
    return exe


def bare_exe() -> Path:
    """The frozen bare window: its folder and executable are both named bare-window."""
    return WORK / "dist" / "bare-window" / ("bare-window.exe" if sys.platform == "win32"
                                            else "bare-window")


# Measuring


def time_shown(program: Program, env: dict[str, str]) -> float:
    """Milliseconds from starting the process to its window being visible on the display."""
    with tempfile.TemporaryFile() as errors:
        return _time_shown(program, env, errors)


def _time_shown(program: Program, env: dict[str, str], errors: IO[bytes]) -> float:
    started = time.perf_counter()
    process = subprocess.Popen(program.command, env=env, stdout=subprocess.DEVNULL,
                               stderr=errors, cwd=ROOT)
    try:
        while time.perf_counter() - started < SHOWN_TIMEOUT:
            found = subprocess.run(["xdotool", "search", "--onlyvisible", "--name",
                                    program.title], env=env, capture_output=True, text=True)
            if found.stdout.strip():
                return (time.perf_counter() - started) * 1000
            if process.poll() is not None:
                errors.seek(0)
                raise RuntimeError(f"{program.label} exited ({process.returncode}) before "
                                   f"showing its window: {errors.read()[-1500:].decode()}")
            time.sleep(0.01)
        raise RuntimeError(f"{program.label} showed no window in {SHOWN_TIMEOUT:.0f} s")
    finally:
        stop(process)


def time_smoke(program: Program, env: dict[str, str]) -> float:
    """Milliseconds for the whole --smoke-test process, offscreen."""
    started = time.perf_counter()
    result = subprocess.run([*program.command, "--smoke-test"], env=env, capture_output=True,
                            text=True, cwd=ROOT, timeout=120)
    elapsed = (time.perf_counter() - started) * 1000
    if result.returncode != 0 or "smoke test passed" not in result.stdout:
        raise RuntimeError(f"{program.label}: smoke test failed\n{result.stderr[-2000:]}")
    return elapsed


@dataclass(frozen=True)
class Figures:
    median: float
    low: float
    high: float


def measure(run: Callable[[], float], repeat: int) -> Figures:
    run()  # warm-up: the files are in the page cache, the demonstration plan exists
    times = [run() for _ in range(repeat)]
    return Figures(statistics.median(times), min(times), max(times))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    python = bi.project_python()
    everything = programs(python)
    make_bare_bundle(python)
    missing = [p for p in everything if not Path(p.command[0]).exists()]
    if missing:
        print(f"Not found: {missing[0].command[0]}. Build the bundle first: "
              "python build_installer.py --no-package", file=sys.stderr)
        return 2
    rows: dict[str, dict[str, Figures]] = {p.label: {} for p in everything}
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as scratch:
        base_env = {**os.environ, "CUTOVER_DESKTOP_DATA_DIR": str(Path(scratch) / "data"),
                    "XDG_CONFIG_HOME": str(Path(scratch) / "config")}
        smoke_env = {**base_env, "QT_QPA_PLATFORM": "offscreen"}
        for program in everything:
            rows[program.label]["smoke"] = measure(lambda p=program: time_smoke(p, smoke_env),
                                                   args.repeat)
        server, display = start_xvfb("1440x900x24")
        try:
            if display and shutil.which("xdotool"):
                shown_env = {**base_env, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
                for program in everything:
                    rows[program.label]["shown"] = measure(
                        lambda p=program: time_shown(p, shown_env), args.repeat)
            else:
                print("No X display (Xvfb) or no xdotool: the 'shown' column is left out.")
        finally:
            if server is not None:
                server.terminate()
                server.wait()
    print_table(rows, args.repeat)
    return check_goal(rows)


def print_table(rows: dict[str, dict[str, Figures]], repeat: int) -> None:
    columns = [c for c in ("shown", "smoke") if any(c in r for r in rows.values())]
    titles = {"shown": "window shown (ms)", "smoke": "smoke test, whole process (ms)"}
    print(f"\nStart-up, median of {repeat} runs after a warm-up (min–max)")
    header = f"{'':34}" + "".join(f"{titles[c]:>34}" for c in columns)
    print(header)
    print("-" * len(header))
    for label, figures in rows.items():
        cells = "".join(
            f"{f'{figures[c].median:7.0f}  ({figures[c].low:.0f}–{figures[c].high:.0f})':>34}"
            if c in figures else f"{'–':>34}" for c in columns)
        print(f"{label:34}{cells}")
    source, frozen = rows["From source"], rows["Frozen bundle"]
    ratios = "   ".join(f"{c}: {frozen[c].median / source[c].median:.2f}×" for c in columns)
    print(f"\nFrozen ÷ source: {ratios}   (goal: at most 2×)")


def check_goal(rows: dict[str, dict[str, Figures]]) -> int:
    source, frozen = rows["From source"], rows["Frozen bundle"]
    slow = [c for c in frozen if frozen[c].median > 2 * source[c].median]
    if slow:
        print(f"Goal missed: the frozen program is more than twice as slow ({', '.join(slow)}).")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
