"""An edit's impact names exactly the tasks and key dates it moved."""

from __future__ import annotations

from datetime import timedelta

from cutover_desktop.domain.impact import impact_of
from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.model import TaskStatus


def test_moving_go_live_touches_every_task_it_moves_and_the_key_dates(service) -> None:
    before = service.state
    changes = service.set_go_live(service.details.go_live + timedelta(days=7))
    impact = impact_of(changes, before, service.state, source="key dates")
    moved = {t for t, placed in service.schedule().dates.items()
             if before.schedule.dates[t] != placed}
    assert moved and impact.task_ids == moved
    assert KeyDate.BGL in impact.key_dates and impact.moves_anything
    assert impact.source == "key dates" and "plan" in impact.kinds


def test_a_status_change_touches_only_its_task(service) -> None:
    before = service.state
    task_id = service.state.ordered_tasks()[5].id
    changes = service.set_status([task_id], TaskStatus.IN_PROGRESS)
    impact = impact_of(changes, before, service.state)
    assert impact.task_ids == {task_id}
    assert not impact.key_dates and impact.source is None


def test_a_deleted_task_is_touched(service) -> None:
    before = service.state
    task_id = service.state.ordered_tasks()[-1].id
    changes = service.delete_tasks([task_id])
    assert task_id in impact_of(changes, before, service.state).task_ids
