"""Times on screen and in printouts: a task's hours in the fewest words."""

from __future__ import annotations

from datetime import time

from cutover_desktop.domain.formatting import time_range


def test_a_task_s_hours_read_as_a_range_or_a_single_bound() -> None:
    assert time_range(time(9, 0), time(10, 30)) == "09:00–10:30"
    assert time_range(time(9, 0), None) == "from 09:00"
    assert time_range(None, time(17, 0)) == "by 17:00"
    assert time_range(None, None) == ""

def test_days_from_bgl_reads_as_words_in_the_window() -> None:
    from cutover_desktop.domain.formatting import days_from_bgl

    assert days_from_bgl(0) == "On BGL"
    assert days_from_bgl(-1) == "1 day before BGL"
    assert days_from_bgl(45) == "45 days after BGL"


def test_dates_read_uk_style_in_english_on_every_day_of_a_year() -> None:
    from datetime import date, timedelta

    from cutover_desktop.domain.formatting import uk_date

    assert uk_date(date(2027, 3, 16)) == "Tue 16 Mar 2027"
    assert uk_date(date(2028, 2, 29)) == "Tue 29 Feb 2028"
    days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    day = date(2027, 1, 1)
    while day.year == 2027:
        assert uk_date(day) == f"{days[day.weekday()]} {day.day} {months[day.month - 1]} 2027"
        day += timedelta(days=1)


def test_a_date_spelt_out_reads_in_english_whatever_the_computers_language() -> None:
    # Not strftime's %A and %B, which follow the language Qt sets at start.
    from datetime import date, timedelta

    from cutover_desktop.domain.formatting import long_date

    assert long_date(date(2027, 6, 13)) == "Sunday 13 June 2027"
    assert long_date(date(2028, 2, 29)) == "Tuesday 29 February 2028"
    days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    months = ["January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"]
    day = date(2027, 1, 1)
    while day.year == 2027:
        assert long_date(day) == f"{days[day.weekday()]} {day.day} {months[day.month - 1]} 2027"
        day += timedelta(days=1)
