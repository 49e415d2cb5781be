"""Times MS Project XML export and import of plans of 400 and 5,000 tasks, beside the XLSX
export and import of the same plans in the same run.

Run from the repository root:  .venv/bin/python benchmarks/bench_msproject.py [--repeat N]
Prints one table; every figure is the median of N runs (default 5) in milliseconds.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_engine import (  # noqa: E402
    SIZES,
    TODAY,
    details,
    generated_dependencies,
    generated_template,
    make_plan,
    timed,
)

from cutover_desktop.domain.template import Template  # noqa: E402
from cutover_desktop.services.exchange import ExchangeService  # noqa: E402
from cutover_desktop.services.plan_files import (  # noqa: E402
    default_template,
    memory_plan,
    open_plan,
)
from cutover_desktop.services.project_exchange import export_project, import_project  # noqa: E402
from cutover_desktop.services.project_preview import preview_project  # noqa: E402

# An empty plan with the template's phases, which a task file names but cannot add.
EMPTY = Template("Empty", "", default_template().phases, ())


def bench(size: int, folder: Path, repeat: int) -> dict[str, float]:
    path = folder / f"plan-{size}.cutover"
    make_plan(path, generated_template(size), generated_dependencies(size))
    xml, xlsx = folder / f"plan-{size}.xml", folder / f"plan-{size}.xlsx"
    service = open_plan(path, today=lambda: TODAY)
    try:
        service.schedule()
        results = {
            "export_xml": timed(lambda: export_project(service, xml), repeat),
            "export_xlsx": timed(lambda: ExchangeService(service).export(xlsx, "xlsx"), repeat),
        }
    finally:
        service.close()

    def import_xml() -> None:
        target = memory_plan(details(), EMPTY, today=lambda: TODAY)
        import_project(target, preview_project(xml))
        assert len(target.state.tasks) == size
        target.close()

    def import_xlsx() -> None:
        target = memory_plan(details(), EMPTY, today=lambda: TODAY)
        ExchangeService(target).import_file(xlsx)
        assert len(target.state.tasks) == size
        target.close()

    results["import_xml"] = timed(import_xml, repeat)
    results["import_xlsx"] = timed(import_xlsx, repeat)
    results["xml_kb"] = xml.stat().st_size / 1024
    results["xlsx_kb"] = xlsx.stat().st_size / 1024
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure (median)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        figures = {size: bench(size, Path(tmp), args.repeat) for size in SIZES}
    small, large = figures[SIZES[0]], figures[SIZES[1]]
    print(f"MS Project XML benchmark (median of {args.repeat} runs, milliseconds)")
    print(f"Files for {SIZES[1]:,} tasks: MS Project XML {large['xml_kb']:.0f} KB, "
          f"XLSX {large['xlsx_kb']:.0f} KB")
    print()
    head = f"{'Measure':<46}{SIZES[0]:>10,}{SIZES[1]:>10,}"
    print(head)
    print("-" * len(head))
    for label, key in (("Export as MS Project XML", "export_xml"),
                       ("  baseline: export the tasks as XLSX", "export_xlsx"),
                       ("Import MS Project XML into an empty plan", "import_xml"),
                       ("  baseline: import the XLSX into an empty plan", "import_xlsx")):
        print(f"{label:<46}{small[key]:>10.1f}{large[key]:>10.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
