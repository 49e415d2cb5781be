"""Times what issue 19 adds to every edit, beside the scheduler in the same run: the check for
a signed gate the edit would change, and the names for the Assigned column.

Run from the repository root:  .venv/bin/python benchmarks/bench_edit_checks.py [--repeat N]
Prints one table; every figure is the median of N runs in milliseconds.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_engine import (  # noqa: E402
    SIZES,
    TODAY,
    generated_dependencies,
    generated_template,
    make_plan,
    timed,
)

from cutover_desktop.domain.scheduling import schedule  # noqa: E402
from cutover_desktop.domain.signoff import SignOffInput, gates_an_edit_changes  # noqa: E402
from cutover_desktop.services.plan_files import open_plan  # noqa: E402
from cutover_desktop.services.signoff import SignoffService  # noqa: E402
from cutover_desktop.services.staff_demo import demonstration_staff  # noqa: E402
from cutover_desktop.ui.assigned_names import assigned_names  # noqa: E402


def bench(size: int, folder: Path, repeat: int) -> dict[str, float]:
    path = folder / f"plan-{size}.cutover"
    make_plan(path, generated_template(size), generated_dependencies(size))
    service = open_plan(path, today=lambda: TODAY)
    try:
        demonstration_staff(service, 16)
        state = service.state
        found = {"gate check, nothing signed": timed(
            lambda: gates_an_edit_changes(state, state, TODAY), repeat)}
        SignoffService(service).sign("final", SignOffInput("Dr A. Example", "Lead GP",
                                                           "Signed.", "All of it."),
                                     confirm_not_done=True)
        state = service.state
        found["gate check, one gate signed"] = timed(
            lambda: gates_an_edit_changes(state, state, TODAY), repeat)
        found["Assigned column names"] = timed(lambda: assigned_names(service), repeat)
        found["baseline: bare schedule()"] = timed(
            lambda: schedule(state.details.go_live, state.details.rules, state.calendar,
                             state.tasks.values(), state.dependencies), repeat)
        return found
    finally:
        service.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        results = {size: bench(size, Path(folder), args.repeat) for size in SIZES}
    rows = list(next(iter(results.values())))
    print("| median ms | " + " | ".join(f"{size:,}" for size in SIZES) + " |")
    print("|---|" + "---|" * len(SIZES))
    for row in rows:
        print(f"| {row} | " + " | ".join(f"{results[s][row]:.1f}" for s in SIZES) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
