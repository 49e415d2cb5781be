"""Bank holidays carried from one run to the next: read before a plan is scheduled, written
back when a run had to work out a year the file did not have. A start then schedules its
plan without loading the holidays package (about 40 ms and 9 MB)."""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

from cutover_desktop.domain import bank_holidays
from cutover_desktop.paths import user_data_dir
from cutover_desktop.storage.holiday_cache import (
    FILE_NAME,
    package_stamp,
    read_years,
    write_years,
)

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def _stamp() -> str | None:
    return package_stamp()


def _kept_file(doing: str) -> Path | None:
    """The file the years are kept in; None (logged) when the data folder cannot be reached,
    which only means the holidays package is asked instead."""
    try:
        return user_data_dir() / FILE_NAME
    except OSError as exc:
        log.info("bank holidays not %s: the data folder cannot be reached (%s)", doing, exc)
        return None


@lru_cache(maxsize=1)
def recall() -> None:
    """Hand the years kept by earlier runs to the plan engine (once a run)."""
    stamp = _stamp()
    path = _kept_file("read") if stamp is not None else None
    if stamp is not None and path is not None:
        bank_holidays.remember(read_years(path, stamp))


def keep_new() -> None:
    """Write the years back when this run worked out any the file did not have; a failure
    loses nothing (the next run asks the package again)."""
    stamp = _stamp()
    years = bank_holidays.newly_worked_out()
    path = _kept_file("kept") if stamp is not None and years else None
    if stamp is not None and path is not None and not write_years(path, stamp, years):
        log.info("bank holidays could not be kept in %s", path)
