"""England and Wales bank holidays, from the holidays package's United Kingdom calendar.

`holidays.country_holidays` first imports the module of every country the package knows
(about 120 ms and 8 MB at every start of the program, measured with
benchmarks/bench_launch.py); loading the one module file the program needs avoids that. When
the file cannot be loaded on its own (a frozen build keeps it inside an archive), the
package's own function is used. A test checks both give the same days and names.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Mapping
from datetime import date
from functools import lru_cache
from pathlib import Path

import holidays

_PRIVATE_NAME = "cutover_desktop.domain._united_kingdom_holidays"
Maker = Callable[[int], Mapping[date, str]]


def _from_package(year: int) -> Mapping[date, str]:
    return holidays.country_holidays("GB", subdiv="ENG", years=year)


@lru_cache(maxsize=1)
def _maker() -> Maker:
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
    return {day: str(name) for day, name in _maker()(year).items()}
