"""The working-day index gives the same dates as walking the calendar a day at a time."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from cutover_desktop.domain.calendar import WorkingCalendar

ONE_DAY = timedelta(days=1)
days_near_go_live = st.dates(min_value=date(2025, 6, 1), max_value=date(2028, 6, 1))


def walked(calendar: WorkingCalendar, day: date, count: int) -> date:
    """The meaning of add_working_days, one day at a time."""
    if count == 0:
        while not calendar.is_working_day(day):
            day += ONE_DAY
        return day
    step = ONE_DAY if count > 0 else -ONE_DAY
    for _ in range(abs(count)):
        day += step
        while not calendar.is_working_day(day):
            day += step
    return day


def counted(calendar: WorkingCalendar, start: date, end: date) -> int:
    total, day = 0, start
    while day <= end:
        total += calendar.is_working_day(day)
        day += ONE_DAY
    return total


calendars = st.builds(
    WorkingCalendar.of,
    st.frozensets(days_near_go_live, max_size=60),
    st.frozensets(days_near_go_live, max_size=30))


@settings(max_examples=300, deadline=None)
@given(calendars, days_near_go_live, st.integers(min_value=-700, max_value=700))
def test_moving_by_working_days_matches_walking_day_by_day(
        calendar: WorkingCalendar, day: date, count: int) -> None:
    assert calendar.add_working_days(day, count) == walked(calendar, day, count)


@settings(max_examples=150, deadline=None)
@given(calendars, days_near_go_live, st.integers(min_value=-400, max_value=400))
def test_counting_working_days_matches_walking(calendar: WorkingCalendar, start: date,
                                                span: int) -> None:
    end = start + timedelta(days=span)
    assert calendar.working_days_between(start, end) == counted(calendar, start, end)


@settings(max_examples=100, deadline=None)
@given(calendars, st.lists(st.tuples(days_near_go_live,
                                     st.integers(min_value=-300, max_value=300)),
                           min_size=2, max_size=12))
def test_one_calendar_asked_many_questions_stays_right(
        calendar: WorkingCalendar, questions: list[tuple[date, int]]) -> None:
    # The index widens as questions reach further; earlier answers must not change.
    for day, count in questions:
        assert calendar.add_working_days(day, count) == walked(calendar, day, count)


def test_a_long_closure_is_stepped_over() -> None:
    closed = {date(2027, 1, 1) + timedelta(days=n) for n in range(800)}
    calendar = WorkingCalendar.of(closed)
    after = calendar.next_working_day(date(2026, 12, 31))
    assert after == walked(calendar, date(2026, 12, 31), 1)
    assert after > date(2029, 3, 1)


def test_the_index_is_not_part_of_the_calendars_value() -> None:
    used, fresh = WorkingCalendar.of([date(2027, 3, 1)]), WorkingCalendar.of([date(2027, 3, 1)])
    used.add_working_days(date(2027, 3, 16), 40)
    assert used == fresh and hash(used) == hash(fresh)
