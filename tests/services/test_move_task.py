"""Moving a task moves it from where it is, in its own unit, never before what it waits for."""

from __future__ import annotations

from datetime import timedelta

import pytest

from cutover_desktop.domain.errors import ValidationError
from cutover_desktop.domain.keydates import KeyDate, KeyDateRules
from cutover_desktop.domain.model import Anchor, OffsetUnit
from cutover_desktop.services.planner import PlanService


def _task(service: PlanService, title: str, offset: int, **fields: object) -> int:
    task = service.new_task(title, service.details.phases[0], Anchor.key(KeyDate.BGL), offset,
                            **fields)
    service.add_task(task)
    return task.id


def test_a_task_pushed_by_what_it_waits_for_moves_from_where_it_is_shown(
        service: PlanService) -> None:
    first = _task(service, "Long job", -20, duration_days=10)
    second = _task(service, "Follow-up", -25)
    service.add_dependency(first, second)
    dates = service.schedule().dates
    shown = dates[second].start
    assert dates[second].pushed_by == first
    service.move_task(second, 3)
    assert service.schedule().dates[second].start == shown + timedelta(days=3)
    assert service.schedule().dates[second].pushed_by is None


def test_a_task_cannot_be_moved_before_what_it_waits_for_finishes(service: PlanService) -> None:
    first = _task(service, "Load the data", -10, duration_days=3)
    second = _task(service, "Check the data", -6)
    service.add_dependency(first, second)
    before = service.state
    with pytest.raises(ValidationError, match="waits for “Load the data”"):
        service.move_task(second, -3)
    assert service.state is before
    assert service.undo_status().undo_label == "Make “Check the data” wait for “Load the data”"


def test_working_day_offsets_move_by_working_days(service: PlanService) -> None:
    # Thu 25 Mar 2027; the next working day is Tue 30 Mar (Good Friday, Easter Monday).
    task_id = _task(service, "Count in working days", -7, offset_unit=OffsetUnit.WORKING_DAYS)
    start = service.schedule().dates[task_id].start
    service.move_task(task_id, 1)
    moved = service.schedule().dates[task_id].start
    assert moved > start
    assert service.state.calendar.is_working_day(moved)
    assert service.task(task_id).offset == -6
    service.undo()
    assert service.schedule().dates[task_id].start == start


def test_moving_onto_a_weekend_by_working_days_lands_on_a_working_day(
        service: PlanService) -> None:
    task_id = _task(service, "Friday job", -2, offset_unit=OffsetUnit.WORKING_DAYS)
    start = service.schedule().dates[task_id].start
    assert start.weekday() == 4  # Fri 12 Mar 2027, two working days before Tue 16 Mar
    service.move_task(task_id, 1)  # dropped on the Saturday
    moved = service.schedule().dates[task_id].start
    assert moved == start + timedelta(days=3)  # Monday, the next working day
    assert service.task(task_id).offset == -1


def test_key_date_rules_refuse_an_unknown_go_live_rule() -> None:
    with pytest.raises(ValidationError, match="working day or the calendar day"):
        KeyDateRules(tgl_rule="the day after")  # type: ignore[arg-type]
    assert KeyDateRules(tgl_rule="calendar_day_before").tgl_rule.value == \
        "calendar_day_before"  # type: ignore[arg-type]
