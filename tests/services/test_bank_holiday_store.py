"""Bank holidays are carried from one run to the next, so that a start schedules its plan
without loading the holidays package; a kept file from another holidays release, or a
damaged one, is never believed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import holidays
import pytest

from cutover_desktop.domain import bank_holidays, calendar
from cutover_desktop.domain.calendar import WorkingCalendar
from cutover_desktop.services import bank_holiday_store
from cutover_desktop.services.plan_files import open_plan
from cutover_desktop.storage.holiday_cache import (
    FILE_NAME,
    QUESTION,
    package_stamp,
    read_years,
    write_years,
)

# One run of the program: open the plan, schedule it, work out its warnings, and say
# whether the holidays package was loaded and what Easter Monday 2027 is called.
ONE_RUN = """
import json, sys
from datetime import date
from pathlib import Path
from cutover_desktop.domain.calendar import bank_holiday_name
from cutover_desktop.services.plan_files import open_plan
plan = open_plan(Path(sys.argv[1]), read_only=True, backup=False)
plan.schedule()
plan.findings()
print(json.dumps({"loaded": "holidays" in sys.modules,
                  "easter_2027": bank_holiday_name(date(2027, 3, 29))}))
"""


def _run(plan: Path, data: Path) -> dict[str, object]:
    env = {**os.environ, "CUTOVER_DESKTOP_DATA_DIR": str(data)}
    done = subprocess.run([sys.executable, "-c", ONE_RUN, str(plan)], env=env,
                          capture_output=True, text=True, timeout=120, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _package_days(year: int) -> dict[date, str]:
    return {day: str(name) for day, name
            in holidays.country_holidays("GB", subdiv="ENG", years=year).items()}


@pytest.fixture
def fresh_holidays():
    """The plan engine knows no year, and the store reads its file again."""
    for clear in (bank_holidays.forget, bank_holiday_store.recall.cache_clear,
                  calendar._bank_holidays_for_year.cache_clear):
        clear()
    yield
    for clear in (bank_holidays.forget, bank_holiday_store.recall.cache_clear,
                  calendar._bank_holidays_for_year.cache_clear):
        clear()


def test_the_second_start_schedules_without_loading_the_holidays_package(
        plan_file: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = _run(plan_file, data)
    assert first == {"loaded": True, "easter_2027": "Easter Monday"}
    assert (data / FILE_NAME).is_file()
    second = _run(plan_file, data)
    assert second == {"loaded": False, "easter_2027": "Easter Monday"}


def test_the_days_kept_are_the_packages_own(plan_file: Path, fresh_holidays,
                                            _isolated_data_dir: Path) -> None:
    for year in (2027, 2028):
        calendar.bank_holiday_name(date(year, 1, 1))
    bank_holiday_store.keep_new()
    stamp = package_stamp()
    assert stamp is not None
    kept = read_years(_isolated_data_dir / FILE_NAME, stamp)
    assert {2027, 2028} <= set(kept)
    for year, days in kept.items():
        assert days == _package_days(year)


def test_a_file_from_another_holidays_release_is_not_believed(
        fresh_holidays, _isolated_data_dir: Path) -> None:
    # It claims 3 March 2027 (a Wednesday) is a bank holiday, for a release not installed.
    made_up = {2027: {date(2027, 3, 3): "Made-up day"}}
    assert write_years(_isolated_data_dir / FILE_NAME, "another release", made_up)
    bank_holiday_store.recall()
    assert WorkingCalendar.of().is_working_day(date(2027, 3, 3))
    assert bank_holidays.england_bank_holidays(2027) == _package_days(2027)


@pytest.mark.parametrize("text", ["", "{not json", '{"stamp": 1}', "[]",
                                  '{"stamp": "S", "years": {"2027": {"03-03": "x"}}}'])
def test_a_damaged_file_is_ignored(tmp_path: Path, text: str) -> None:
    path = tmp_path / FILE_NAME
    path.write_text(text.replace('"S"', json.dumps("S")), encoding="utf-8")
    assert read_years(path, "S") == {}


def test_a_file_that_cannot_be_written_loses_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "no such folder" / FILE_NAME
    assert not write_years(missing, "S", {2027: {date(2027, 3, 29): "Easter Monday"}})
    assert not missing.exists() and not missing.parent.exists()


def test_remembered_years_are_used_before_the_package(fresh_holidays) -> None:
    bank_holidays.remember({2031: {date(2031, 6, 4): "A day remembered"}})
    assert bank_holidays.england_bank_holidays(2031) == {date(2031, 6, 4): "A day remembered"}
    assert bank_holidays.newly_worked_out() == {}


def test_a_data_folder_that_cannot_be_reached_still_opens_and_closes_plans(
        plan_file: Path, tmp_path: Path, monkeypatch, fresh_holidays) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("CUTOVER_DESKTOP_DATA_DIR", str(blocker / "data"))
    plan = open_plan(plan_file, read_only=True, backup=False)
    try:
        assert plan.schedule().key_dates
    finally:
        plan.close()
    assert bank_holidays.england_bank_holidays(2027) == _package_days(2027)


def test_a_kept_year_without_christmas_is_not_believed(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    real = _package_days(2027)
    short = {day: name for day, name in real.items() if day.month != 12}
    assert write_years(path, "S", {2027: short, 2028: _package_days(2028)})
    assert read_years(path, "S") == {2028: _package_days(2028)}


def test_a_frozen_build_keeps_years_by_its_own_version(monkeypatch) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    stamp = package_stamp()
    assert stamp is not None and "frozen" in stamp and QUESTION in stamp
    assert stamp != _unfrozen_stamp(monkeypatch)


def _unfrozen_stamp(monkeypatch) -> str | None:
    monkeypatch.delattr(sys, "frozen")
    return package_stamp()
