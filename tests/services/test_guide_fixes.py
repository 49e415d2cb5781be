"""Applying what a finding offers: a suggested go-live date or a task's nearest good day,
each one undo step."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta

import pytest

from cutover_desktop.domain.errors import ValidationError
from cutover_desktop.domain.model import OffsetUnit, PlanDetails
from cutover_desktop.domain.suggestions import key_date_problems
from cutover_desktop.services.plan_files import memory_plan
from cutover_desktop.services.planner import PlanService

TODAY = date(2026, 11, 2)


def details(go_live: date) -> PlanDetails:
    return PlanDetails(practice_name="Riverside Surgery", ods_code="A81001", go_live=go_live)


@pytest.fixture
def easter() -> Iterator[PlanService]:
    service = memory_plan(details(date(2027, 3, 30)), today=lambda: TODAY)
    yield service
    service.close()


def test_applying_a_suggested_go_live_is_one_undo_step_that_clears_the_problems(
    easter: PlanService
) -> None:
    assert key_date_problems(easter.findings())
    [first] = easter.suggested_go_live(1)
    assert first.day == date(2027, 4, 6)
    easter.set_go_live(first.day)
    assert key_date_problems(easter.findings()) == []
    assert easter.undo_status().undo_label == "Move go-live to Tue 6 Apr 2027"
    easter.undo()
    assert easter.details.go_live == date(2027, 3, 30)
    assert easter.undo_status().undo_label is None


def test_suggestions_leave_time_to_plan_when_nothing_has_started() -> None:
    # Six weeks ahead is too close to plan for; the earliest suggestion is 12 weeks away.
    service = memory_plan(details(date(2026, 12, 15)), today=lambda: TODAY)
    try:
        [too_close] = [f for f in service.findings() if f.code == "GO_LIVE_TOO_CLOSE"]
        assert not [f for f in service.findings() if f.code == "TASK_OVERDUE"]
        assert "6 weeks away" in too_close.message
        days = [s.day for s in service.suggested_go_live(3)]
        assert days and min(days) >= date(2027, 1, 25)
    finally:
        service.close()


def test_a_task_fix_moves_it_to_the_offered_day_in_one_undo_step(easter: PlanService) -> None:
    sign_off = next(t for t in easter.state.tasks.values()
                    if t.template_key == "data-checking-sign-off")
    # Put it on a Saturday by hand, as a person might.
    easter.update_task(replace(sign_off, offset=-24, offset_unit=OffsetUnit.CALENDAR_DAYS))
    [finding] = [f for f in easter.findings() if f.code == "MILESTONE_ON_CLOSED_DAY"]
    assert finding.fix_date is not None and finding.fix_date.weekday() == 4
    steps = easter.undo_status().undo_label
    easter.apply_fix(finding)
    assert easter.schedule().dates[sign_off.id].start == finding.fix_date
    assert not [f for f in easter.findings() if f.code == "MILESTONE_ON_CLOSED_DAY"]
    easter.undo()
    assert easter.undo_status().undo_label == steps
    assert [f.code for f in easter.findings() if f.code == "MILESTONE_ON_CLOSED_DAY"]


def test_a_finding_with_no_date_to_apply_is_refused_in_words(easter: PlanService) -> None:
    finding = next(f for f in easter.findings() if f.fix_date is None)
    with pytest.raises(ValidationError, match="no date to apply"):
        easter.apply_fix(finding)


def test_a_go_live_too_close_offers_a_date_twelve_weeks_on_in_one_undo_step() -> None:
    service = memory_plan(details(date(2026, 12, 15)), today=lambda: TODAY)
    try:
        [too_close] = [f for f in service.findings() if f.code == "GO_LIVE_TOO_CLOSE"]
        assert too_close.task_id is None and too_close.fix_date == date(2027, 1, 26)
        service.apply_fix(too_close)
        assert service.details.go_live == date(2027, 1, 26)
        assert not [f for f in service.findings() if f.code == "GO_LIVE_TOO_CLOSE"]
        assert service.undo_status().undo_label == "Move go-live to Tue 26 Jan 2027"
    finally:
        service.close()


def test_a_go_live_long_past_still_gets_suggestions_from_today_on() -> None:
    # A plan whose go-live passed years ago (a copy of an old plan): the dates on offer
    # start 12 weeks from today, not around the old date where every day is in the past.
    service = memory_plan(details(date(2020, 5, 8)), today=lambda: TODAY)
    try:
        days = [s.day for s in service.suggested_go_live(3)]
        assert len(days) == 3
        assert min(days) >= TODAY + timedelta(weeks=12)
    finally:
        service.close()
