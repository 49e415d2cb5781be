"""The bank holidays loaded from the United Kingdom calendar alone are the package's own."""

from __future__ import annotations

from datetime import date

import holidays
import pytest

from cutover_desktop.domain import bank_holidays


@pytest.fixture(autouse=True)
def _nothing_remembered():
    """Each test asks the package itself, not years worked out or kept before."""
    bank_holidays.forget()
    yield
    bank_holidays.forget()


@pytest.mark.parametrize("year", range(2018, 2036))
def test_the_same_days_and_names_as_the_holidays_package(year: int) -> None:
    expected = {day: str(name) for day, name
                in holidays.country_holidays("GB", subdiv="ENG", years=year).items()}
    assert bank_holidays.england_bank_holidays(year) == expected


def test_the_united_kingdom_module_is_loaded_alone() -> None:
    assert bank_holidays._maker() is not bank_holidays._from_package


def test_without_the_module_file_the_package_is_used(monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(holidays, "__file__", str(tmp_path / "__init__.py"))
    bank_holidays._maker.cache_clear()
    try:
        assert bank_holidays._maker() is bank_holidays._from_package
        found = bank_holidays.england_bank_holidays(2027)
        assert found[date(2027, 3, 26)] == "Good Friday" and date(2027, 12, 27) in found
    finally:
        monkeypatch.undo()
        bank_holidays._maker.cache_clear()

