"""A go-live move re-places every task from what the plan state keeps (its placement order,
calendar and tie order): the result must be the plan a fresh load would give, and later
edits of links and tasks must still be checked and placed in full."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from cutover_desktop.domain.errors import CycleError
from cutover_desktop.domain.ids import TaskId
from cutover_desktop.domain.model import CalendarDayKind
from cutover_desktop.domain.plan import PlanState


def fresh(state: PlanState) -> PlanState:
    """The same plan as a new state, as opening the file would give it: nothing kept."""
    return PlanState(state.details, dict(state.tasks), state.dependencies,
                     dict(state.calendar_days), state.tables)


def test_after_moving_go_live_the_plan_reads_as_a_freshly_opened_one(service) -> None:
    service.schedule()
    service.state.ordered_tasks()
    for day in (date(2027, 4, 13), date(2027, 5, 4), date(2027, 3, 23)):
        service.set_go_live(day)
        again = fresh(service.state)
        assert service.schedule() == again.schedule
        assert service.state.ordered_tasks() == again.ordered_tasks()
        assert service.state.ordered_task_ids() == [t.id for t in again.ordered_tasks()]


def test_a_link_added_after_a_go_live_move_pushes_its_task_and_a_loop_is_refused(
        service) -> None:
    service.set_go_live(date(2027, 4, 13))
    first, later = service.state.ordered_tasks()[0], service.state.ordered_tasks()[-1]
    service.add_dependency(later.id, first.id)
    dates = service.schedule().dates
    assert dates[first.id].start == dates[later.id].end
    assert dates[first.id].pushed_by == later.id
    with pytest.raises(CycleError):
        service.add_dependency(first.id, later.id)
    assert service.schedule() == fresh(service.state).schedule


def test_a_closure_day_after_a_go_live_move_moves_working_day_tasks(service) -> None:
    service.set_go_live(date(2027, 4, 13))
    before = service.schedule().dates
    service.set_calendar_day(date(2027, 4, 12), CalendarDayKind.CLOSURE, "Training")
    assert service.schedule() == fresh(service.state).schedule
    assert service.schedule().dates != before


def test_a_retitled_task_after_a_go_live_move_keeps_the_reading_order_right(service) -> None:
    service.set_go_live(date(2027, 4, 13))
    task = service.task(TaskId(5))
    service.update_task(replace(task, position=10_000, title="Moved to the end of its day"))
    again = fresh(service.state)
    assert service.state.ordered_tasks() == again.ordered_tasks()
    assert service.schedule() == again.schedule
