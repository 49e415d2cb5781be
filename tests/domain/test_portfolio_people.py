"""People shared between plans: matched by name and role or by shared id, and their clashes."""

from __future__ import annotations

from datetime import date

from cutover_desktop.domain.portfolio import Booking, PlanSummary, shared_id_of
from cutover_desktop.domain.portfolio_people import (
    DOUBLE_BOOKED,
    OVER_HOURS,
    cross_plan_problems,
    shared_people,
)

DAY = date(2027, 3, 15)


def _plan(source: str, *bookings: Booking) -> PlanSummary:
    return PlanSummary(source, practice=source.title(), bookings=bookings)


def _booking(name: str = "Jo Marsh", role: str = "trainer", minutes: int | None = 240,
             key_day: str = "", shared_id: str = "", available: int = 450) -> Booking:
    return Booking(name, role, shared_id, "CSU", DAY, minutes, available, key_day, ("Task",))


def test_hours_over_a_day_across_plans_is_a_problem_naming_both() -> None:
    rows = [_plan("abbey", _booking(minutes=300)), _plan("beacon", _booking(minutes=240))]
    (problem,) = cross_plan_problems(rows)
    assert problem.code == OVER_HOURS
    assert set(problem.sources) == {"abbey", "beacon"}
    assert "booked for 9 h" in problem.message and "works 7.5 h" in problem.message


def test_hours_within_the_day_are_no_problem() -> None:
    rows = [_plan("abbey", _booking(minutes=200)), _plan("beacon", _booking(minutes=200))]
    assert cross_plan_problems(rows) == []


def test_key_days_of_two_practices_on_one_day_is_a_problem_even_within_hours() -> None:
    rows = [_plan("abbey", _booking(minutes=60, key_day="TGL")),
            _plan("beacon", _booking(minutes=60, key_day="BGL"))]
    (problem,) = cross_plan_problems(rows)
    assert problem.code == DOUBLE_BOOKED
    assert "Abbey (TGL)" in problem.message and "Beacon (BGL)" in problem.message


def test_a_key_day_in_one_plan_only_is_not_double_booking() -> None:
    rows = [_plan("abbey", _booking(minutes=60, key_day="TGL")),
            _plan("beacon", _booking(minutes=60))]
    assert cross_plan_problems(rows) == []


def test_different_role_is_a_different_person_unless_the_shared_id_says_so() -> None:
    rows = [_plan("abbey", _booking(role="trainer", key_day="TGL")),
            _plan("beacon", _booking(role="nurse", key_day="TGL"))]
    assert cross_plan_problems(rows) == [] and shared_people(rows) == []
    rows = [_plan("abbey", _booking(name="Jo Marsh", key_day="TGL", shared_id="jo@x.nhs.uk")),
            _plan("beacon", _booking(name="Joanne Marsh", key_day="TGL",
                                     shared_id="jo@x.nhs.uk"))]
    assert [p.code for p in cross_plan_problems(rows)] == [DOUBLE_BOOKED]
    (person,) = shared_people(rows)
    assert person.practices == ("Abbey", "Beacon")


def test_name_matching_ignores_case_and_spacing() -> None:
    rows = [_plan("abbey", _booking(name="jo  marsh", key_day="TGL")),
            _plan("beacon", _booking(name="Jo Marsh", key_day="FDP"))]
    assert len(cross_plan_problems(rows)) == 1


def test_shared_id_written_in_the_notes_comes_first() -> None:
    assert shared_id_of("jo@x.nhs.uk", "Floorwalker. Shared id: CSU-T-014.") == "csu-t-014"


def test_shared_id_is_the_email_in_the_contact_details() -> None:
    assert shared_id_of("07700 900123, Jo.Marsh@NHS.net") == "jo.marsh@nhs.net"
    assert shared_id_of("07700 900123") == ""
    assert shared_id_of("jo@localhost") == ""
