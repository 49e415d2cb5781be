"""England and Wales bank holidays, from the holidays package's United Kingdom calendar.

`holidays.country_holidays` first imports the module of every country the package knows
(about 120 ms and 8 MB at every start of the program, measured with
benchmarks/bench_launch.py); loading the one module file the program needs avoids that. When
the file cannot be loaded on its own (a frozen build keeps it inside an archive), the
package's own function is used. A test checks both give the same days and names.

Even the one module costs about 40 ms and 9 MB to load, so the package is loaded only when a
year is asked for that nobody has worked out before: the years worked out by an earlier run
of the same holidays release are handed back with `remember` (the services keep them in a
file), and `newly_worked_out` says which years this run added.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Mapping
from datetime import date
from functools import lru_cache
from pathlib import Path

_PRIVATE_NAME = "cutover_desktop.domain._united_kingdom_holidays"
Maker = Callable[[int], Mapping[date, str]]

# Years known without the package: remembered from an earlier run, or worked out in this one.
_known: dict[int, dict[date, str]] = {}
_new_years: set[int] = set()


def _from_package(year: int) -> Mapping[date, str]:
    import holidays

    return holidays.country_holidays("GB", subdiv="ENG", years=year)


@lru_cache(maxsize=1)
def _maker() -> Maker:
    import holidays

    source = Path(holidays.__file__).parent / "countries" / "united_kingdom.py"
    spec = importlib.util.spec_from_file_location(_PRIVATE_NAME, source)
    if spec is None or spec.loader is None or not source.is_file():
        return _from_package
    try:
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        kingdom = module.UnitedKingdom
    except (ImportError, OSError, AttributeError, SyntaxError):
        return _from_package
    return lambda year: kingdom(subdiv="ENG", years=year)


def england_bank_holidays(year: int) -> dict[date, str]:
    """The bank holidays of one year in England and Wales, with their names."""
    found = _known.get(year)
    if found is None:
        found = _known[year] = {day: str(name) for day, name in _maker()(year).items()}
        _new_years.add(year)
    return dict(found)


def remember(years: Mapping[int, Mapping[date, str]]) -> None:
    """Take years worked out by an earlier run (of the same holidays release)."""
    for year, days in years.items():
        if year not in _known:
            _known[year] = dict(days)


def newly_worked_out() -> dict[int, dict[date, str]]:
    """Every year known now, when this run worked out any that were not remembered (else
    nothing): what the services write back for the next run."""
    if not _new_years:
        return {}
    _new_years.clear()
    # A copy first: the portfolio reads plans on a worker thread, which may add a year.
    return {year: dict(days) for year, days in _known.copy().items()}


def forget() -> None:
    """Drop every year known (tests use it to start again from the package)."""
    _known.clear()
    _new_years.clear()
