"""The change broadcast: every edit is announced as `changed` (as before) and then as
`touched`, naming who started it and what it moved."""

from __future__ import annotations

from datetime import timedelta

from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.model import TaskStatus


def test_an_edit_is_announced_as_changed_then_touched_with_what_it_moved(session) -> None:
    heard: list[tuple[str, object]] = []
    session.changed.connect(lambda changes: heard.append(("changed", changes)))
    session.touched.connect(lambda impact: heard.append(("touched", impact)))
    before = session.service.schedule()
    view = object()
    changes = session.edit_from(view, session.service.set_go_live,
                                session.service.details.go_live + timedelta(days=7))
    assert [name for name, _ in heard] == ["changed", "touched"]
    assert heard[0][1] is changes
    impact = heard[1][1]
    after = session.service.schedule()
    assert impact.source is view and impact.changes is changes
    assert impact.task_ids == {t for t, placed in after.dates.items()
                               if before.dates[t] != placed}
    assert KeyDate.BGL in impact.key_dates


def test_an_edit_from_a_menu_names_no_source_and_only_its_task(session) -> None:
    impacts = []
    session.touched.connect(impacts.append)
    task_id = session.service.state.ordered_tasks()[2].id
    session.edit(session.service.set_status, [task_id], TaskStatus.DONE)
    assert len(impacts) == 1
    assert impacts[0].source is None and impacts[0].task_ids == {task_id}
    assert not impacts[0].key_dates


def test_a_refused_edit_from_a_view_is_reported_and_announces_nothing(session) -> None:
    refusals, impacts = [], []
    session.refused.connect(refusals.append)
    session.touched.connect(impacts.append)
    assert session.edit_from(object(), session.service.move_task, 99999, 3) is None
    assert refusals and not impacts
