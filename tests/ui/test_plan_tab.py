"""The Plan tab at a laptop's size: a fitted header, the main columns in sight, today in view."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.services.plan_files import memory_plan
from cutover_desktop.ui.models.task_table_model import (
    COL_END,
    COL_NUMBER,
    COL_OWNER,
    COL_START,
    COL_STATUS,
    COL_TITLE,
)
from cutover_desktop.ui.session import PlanSession
from cutover_desktop.ui.workspace import PlanWorkspace
from tests.conftest import TODAY, riverside


def _workspace(qtbot, session: PlanSession) -> PlanWorkspace:
    workspace = PlanWorkspace(session)
    qtbot.addWidget(workspace)
    workspace.resize(1280, 720)
    workspace.show()
    qtbot.waitExposed(workspace)
    qtbot.wait(20)
    return workspace


def test_the_table_header_is_not_much_taller_than_its_words(qtbot, session) -> None:
    workspace = _workspace(qtbot, session)
    header = workspace.task_list.table_view().horizontalHeader()
    # The filters above the table take up part of the timeline's tall header.
    assert header.height() <= workspace.timeline.header_height() // 2


def test_table_rows_stay_level_with_timeline_rows(qtbot, session) -> None:
    workspace = _workspace(qtbot, session)
    table = workspace.task_list.table_view()
    table_rows_top = table.viewport().mapTo(workspace, table.viewport().rect().topLeft()).y()
    timeline = workspace.timeline
    timeline_rows_top = timeline.viewport().mapTo(
        workspace, timeline.viewport().rect().topLeft()).y()
    assert table_rows_top == timeline_rows_top


def test_the_list_pane_shows_title_dates_status_and_owner(qtbot, session) -> None:
    workspace = _workspace(qtbot, session)
    table = workspace.task_list.table_view()
    header = table.horizontalHeader()
    visible_right = table.viewport().width()
    for column in (COL_NUMBER, COL_TITLE, COL_START, COL_END, COL_STATUS, COL_OWNER):
        right = header.sectionViewportPosition(column) + header.sectionSize(column)
        assert right <= visible_right, header.model().headerData(column, header.orientation())
    assert workspace.timeline.width() >= 400


def test_the_timeline_opens_at_today(qtbot, session) -> None:
    workspace = _workspace(qtbot, session)
    timeline = workspace.timeline
    middle = timeline.centre_date()
    assert abs((middle - TODAY).days) <= 30


def test_a_plan_not_yet_started_opens_at_its_nearest_key_date(qtbot) -> None:
    early = date(2025, 1, 6)
    plan = memory_plan(riverside(), today=lambda: early)
    try:
        workspace = _workspace(qtbot, PlanSession(plan))
        first_key = min(plan.schedule().key_dates.values())
        assert first_key > plan.schedule().span()[0]
        left = workspace.timeline.centre_date() - timedelta(days=60)
        right = workspace.timeline.centre_date() + timedelta(days=60)
        assert left <= first_key <= right
        assert plan.schedule().key_dates[KeyDate.BGL] > early
    finally:
        plan.close()


@pytest.mark.parametrize("width", [1280, 1024])
def test_the_plan_tab_has_room_for_the_timeline(qtbot, session, width: int) -> None:
    workspace = _workspace(qtbot, session)
    workspace.resize(width, 700)
    workspace.fit_list_pane()
    sizes = workspace.splitter.sizes()
    assert sizes[0] <= sum(sizes) * 2 // 3 + 1


def test_the_plan_shows_who_is_assigned_beside_the_owner(qtbot, session, service) -> None:
    from cutover_desktop.domain.ids import TaskId
    from cutover_desktop.domain.staff import Person
    from cutover_desktop.services.staff import StaffService
    from cutover_desktop.ui.models.task_table_model import COL_ASSIGNED

    workspace = _workspace(qtbot, session)
    table = workspace.task_list.table_view()
    header = table.horizontalHeader()
    assert header.visualIndex(COL_ASSIGNED) == header.visualIndex(COL_OWNER) + 1
    model = workspace.task_list.model
    assert model.headerData(COL_ASSIGNED, header.orientation()) == "Assigned"
    staff = StaffService(service)
    session.edit(staff.add_person, Person(id=staff.next_person_id(), name="Sam Jones",
                                          role="Receptionist"))
    person = staff.people()[0]
    session.edit(staff.assign, TaskId(1), person.id)
    row = model.index(0, 0)
    rows = [r for r in range(model.rowCount())
            if model.index(r, COL_NUMBER).data() == "1"]
    assert row.isValid() and rows
    assert model.index(rows[0], COL_ASSIGNED).data() == "Sam Jones"
