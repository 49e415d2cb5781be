"""The working-day calendar: England and Wales bank holidays, closures and extra working days."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cutover_desktop.domain.calendar import WorkingCalendar, bank_holiday_name, is_bank_holiday

NATIONAL = WorkingCalendar()


@pytest.mark.parametrize(("day", "name_part"), [
    # Easter moves every year.
    (date(2027, 3, 26), "Good Friday"),
    (date(2027, 3, 29), "Easter Monday"),
    (date(2024, 3, 29), "Good Friday"),
    (date(2024, 4, 1), "Easter Monday"),
    (date(2025, 4, 18), "Good Friday"),
    (date(2025, 4, 21), "Easter Monday"),
    # Christmas on a Saturday: substitute days on Monday and Tuesday.
    (date(2027, 12, 27), "Christmas"),
    (date(2027, 12, 28), "Boxing"),
    # Christmas on a Sunday: Boxing Day Monday, Christmas substitute Tuesday.
    (date(2022, 12, 26), "Boxing"),
    (date(2022, 12, 27), "Christmas"),
    # New Year's Day on a Saturday.
    (date(2022, 1, 3), "New Year"),
    # Proclaimed one-off days.
    (date(2022, 9, 19), "Funeral"),
    (date(2023, 5, 8), "Coronation"),
    (date(2022, 6, 3), "Jubilee"),
    (date(2020, 5, 8), "May"),
    # The ordinary ones.
    (date(2026, 5, 4), "May"),
    (date(2026, 5, 25), "Spring"),
    (date(2026, 8, 31), "Summer"),
    (date(2026, 12, 25), "Christmas"),
    (date(2026, 12, 28), "Boxing"),
])
def test_bank_holidays_of_england_and_wales_are_known_offline(day: date, name_part: str) -> None:
    name = bank_holiday_name(day)
    assert name is not None and name_part.lower() in name.lower()
    assert is_bank_holiday(day)
    if day.weekday() < 5:
        assert not NATIONAL.is_working_day(day)
        assert "bank holiday" in (NATIONAL.why_not_working(day) or "")


@pytest.mark.parametrize("day", [
    date(2020, 5, 4),    # the first Monday of May 2020, moved to Friday 8th for VE day
    date(2022, 5, 30),   # the late May bank holiday 2022, moved to Thursday 2 June
    date(2027, 3, 25),   # Maundy Thursday
    date(2027, 3, 30),   # Tuesday after Easter
    date(2022, 12, 28),  # the working day after the substitute days
    date(2026, 3, 17),   # St Patrick's Day is a holiday in Northern Ireland only
    date(2026, 11, 30),  # St Andrew's Day is a holiday in Scotland only
    date(2026, 1, 2),    # 2 January is a holiday in Scotland only
    date(2026, 8, 3),    # first Monday of August is a holiday in Scotland only
])
def test_ordinary_weekdays_and_other_nations_holidays_are_working_days(day: date) -> None:
    assert bank_holiday_name(day) is None
    assert NATIONAL.is_working_day(day)
    assert NATIONAL.why_not_working(day) is None


def test_weekends_are_not_working_days() -> None:
    saturday, sunday = date(2027, 3, 13), date(2027, 3, 14)
    assert not NATIONAL.is_working_day(saturday)
    assert not NATIONAL.is_working_day(sunday)
    assert NATIONAL.why_not_working(saturday) == "a weekend"


def test_closure_days_are_not_working_and_say_why() -> None:
    ptl = date(2027, 3, 10)  # a Wednesday afternoon of protected learning time
    calendar = WorkingCalendar.of(closures=[ptl])
    assert not calendar.is_working_day(ptl)
    assert calendar.why_not_working(ptl) == "a practice closure day"
    assert calendar.is_working_day(ptl + timedelta(days=1))


def test_extra_working_days_count_even_on_a_weekend_or_bank_holiday() -> None:
    saturday, good_friday = date(2027, 3, 13), date(2027, 3, 26)
    calendar = WorkingCalendar.of(extra=[saturday, good_friday])
    assert calendar.is_working_day(saturday)
    assert calendar.is_working_day(good_friday)
    assert calendar.why_not_working(saturday) is None
    assert calendar.next_working_day(date(2027, 3, 12)) == saturday


def test_next_and_previous_working_day_skip_easter() -> None:
    assert NATIONAL.next_working_day(date(2027, 3, 25)) == date(2027, 3, 30)
    assert NATIONAL.previous_working_day(date(2027, 3, 30)) == date(2027, 3, 25)


@pytest.mark.parametrize(("start", "count", "expected"), [
    (date(2027, 3, 25), 1, date(2027, 3, 30)),    # Thu before Easter + 1 WD = Tue after
    (date(2027, 3, 30), -1, date(2027, 3, 25)),   # and back
    (date(2027, 3, 24), 2, date(2027, 3, 30)),
    (date(2027, 12, 23), 1, date(2027, 12, 24)),  # Christmas Eve is a working day
    (date(2027, 12, 24), 1, date(2027, 12, 29)),  # over Christmas substitute days
    (date(2027, 12, 29), -1, date(2027, 12, 24)),
    (date(2022, 12, 23), 1, date(2022, 12, 28)),
    (date(2021, 12, 31), 1, date(2022, 1, 4)),    # over the New Year substitute day
    (date(2022, 9, 16), 1, date(2022, 9, 20)),    # over the state funeral
    (date(2027, 3, 15), 5, date(2027, 3, 22)),    # an ordinary week
    (date(2027, 3, 15), -5, date(2027, 3, 8)),
    (date(2027, 3, 13), 1, date(2027, 3, 15)),    # Saturday + 1 WD = Monday
    (date(2027, 3, 13), -1, date(2027, 3, 12)),   # Saturday − 1 WD = Friday
])
def test_add_working_days_steps_over_holidays_and_weekends(
    start: date, count: int, expected: date
) -> None:
    assert NATIONAL.add_working_days(start, count) == expected


def test_zero_working_days_keeps_a_working_day_and_rolls_a_non_working_day_forward() -> None:
    assert NATIONAL.add_working_days(date(2027, 3, 16), 0) == date(2027, 3, 16)
    assert NATIONAL.add_working_days(date(2027, 3, 13), 0) == date(2027, 3, 15)  # Saturday
    assert NATIONAL.add_working_days(date(2027, 3, 26), 0) == date(2027, 3, 30)  # Good Friday


def test_add_working_days_honours_closures_and_extra_days() -> None:
    calendar = WorkingCalendar.of(closures=[date(2027, 3, 16)], extra=[date(2027, 3, 13)])
    assert calendar.add_working_days(date(2027, 3, 12), 1) == date(2027, 3, 13)
    assert calendar.add_working_days(date(2027, 3, 15), 1) == date(2027, 3, 17)


def test_working_days_between_counts_inclusively() -> None:
    # Mon 22 Mar to Fri 2 Apr 2027: ten weekdays less Good Friday and Easter Monday.
    assert NATIONAL.working_days_between(date(2027, 3, 22), date(2027, 4, 2)) == 8
    assert NATIONAL.working_days_between(date(2027, 3, 16), date(2027, 3, 16)) == 1
    assert NATIONAL.working_days_between(date(2027, 3, 13), date(2027, 3, 14)) == 0
    assert NATIONAL.working_days_between(date(2027, 3, 17), date(2027, 3, 16)) == 0
    # Christmas fortnight 2027: 20 Dec to 31 Dec less 27 and 28 Dec.
    assert NATIONAL.working_days_between(date(2027, 12, 20), date(2027, 12, 31)) == 8


def test_england_and_wales_has_eight_bank_holidays_in_an_ordinary_year() -> None:
    for year in (2019, 2021, 2024, 2025, 2026, 2027, 2028):
        days = [date(year, 1, 1) + timedelta(days=n) for n in range(366)]
        weekday_holidays = {d for d in days if d.year == year and d.weekday() < 5
                            and is_bank_holiday(d)}
        assert len(weekday_holidays) == 8, year


days_2000_2099 = st.dates(min_value=date(2000, 1, 10), max_value=date(2099, 12, 20))


@settings(max_examples=150, deadline=None)
@given(start=days_2000_2099, count=st.integers(min_value=-30, max_value=30))
def test_adding_working_days_lands_on_a_working_day_the_right_count_away(
    start: date, count: int
) -> None:
    landed = NATIONAL.add_working_days(start, count)
    assert NATIONAL.is_working_day(landed)
    if count > 0:
        assert landed > start
        assert NATIONAL.working_days_between(start + timedelta(days=1), landed) == count
    elif count < 0:
        assert landed < start
        assert NATIONAL.working_days_between(landed, start - timedelta(days=1)) == -count
    if count != 0 and NATIONAL.is_working_day(start):
        assert NATIONAL.add_working_days(landed, -count) == start


def _walk(calendar: WorkingCalendar, day: date, count: int) -> date:
    """add_working_days the slow way, a day at a time."""
    step = timedelta(days=-1 if count < 0 else 1)
    if count == 0:
        while not calendar.is_working_day(day):
            day += step
        return day
    for _ in range(abs(count)):
        day += step
        while not calendar.is_working_day(day):
            day += step
    return day


def test_the_schedulers_ordinal_mover_agrees_with_a_walk_near_and_far() -> None:
    calendar = WorkingCalendar.of({date(2027, 3, 19), date(2027, 4, 1)}, {date(2027, 3, 20)})
    move = calendar.ordinal_mover()
    # Far away first and last, so the shared index has to widen in between.
    for day in (date(2027, 3, 16), date(2031, 6, 2), date(2019, 1, 7), date(2027, 3, 20)):
        for count in (-400, -31, -1, 0, 1, 5, 62, 900):
            expected = _walk(calendar, day, count)
            assert move(day.toordinal(), count) == expected.toordinal()
            assert calendar.add_working_days(day, count) == expected
