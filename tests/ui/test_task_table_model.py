"""TaskTableModel and TaskFilterProxy: what each cell says, filtering, sorting, editing."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QImage

from cutover_desktop.domain.formatting import uk_date
from cutover_desktop.domain.ids import TaskId
from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.model import Anchor, OffsetUnit, Priority, TaskStatus
from cutover_desktop.services.plan_files import default_template, memory_plan
from cutover_desktop.ui.models.task_table_model import (
    COL_ANCHOR,
    COL_DAYS,
    COL_END,
    COL_NUMBER,
    COL_OWNER,
    COL_PHASE,
    COL_PRIORITY,
    COL_SITE,
    COL_START,
    COL_STATUS,
    COL_TIME,
    COL_TITLE,
    COLUMN_COUNT,
    SORT_ROLE,
    TASK_ID_ROLE,
    TASK_ROLE,
    TaskFilterProxy,
    TaskTableModel,
)
from cutover_desktop.ui.session import PlanSession
from tests.conftest import TODAY, riverside

DISPLAY = Qt.ItemDataRole.DisplayRole


@pytest.fixture
def model(session):
    return TaskTableModel(session)


@pytest.fixture
def proxy(model):
    proxy = TaskFilterProxy()
    proxy.setSourceModel(model)
    return proxy


def cell(model, task_id: int, column: int, role=DISPLAY):
    return model.index(model.row_of(task_id), column).data(role)


def visible(proxy) -> list[int]:
    return [proxy.index(row, 0).data(TASK_ID_ROLE) for row in range(proxy.rowCount())]


def test_model_passes_the_model_tester(qtmodeltester, model):
    qtmodeltester.check(model)


def test_proxy_passes_the_model_tester_filtered_and_sorted(qtmodeltester, proxy):
    proxy.set_phase("Training")
    proxy.sort(COL_START, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(proxy)


def test_model_stays_consistent_through_edits(qtmodeltester, session, model):
    qtmodeltester.check(model)
    service = session.service
    model.sort(COL_TITLE)
    session.edit(service.add_task, service.new_task("Print spare rotas", "Final week"))
    session.edit(service.delete_tasks, [TaskId(3), TaskId(4), TaskId(10)])
    session.edit(service.set_go_live, date(2027, 4, 13))
    session.edit(service.undo)
    session.edit(service.undo)
    assert model.rowCount() == len(service.state.tasks) == 78
    session.edit(service.undo)
    assert model.rowCount() == 77
    assert [model.index(r, COL_TITLE).data() for r in range(77)] == sorted(
        (t.title for t in service.state.tasks.values()), key=str.casefold)


def test_every_cell_of_a_task_reads_as_the_plan_says(session, model):
    service = session.service
    task = service.task(TaskId(1))
    placed = service.schedule().dates[task.id]
    assert model.rowCount() == 77 and model.columnCount() == COLUMN_COUNT
    assert cell(model, 1, COL_NUMBER) == "1"
    assert cell(model, 1, COL_TITLE) == task.title
    assert cell(model, 1, COL_PHASE) == "Lead-in"
    # BGL Tue 16 Mar 2027 − 80 working days (16 weeks, less the Christmas bank holidays).
    assert placed.start == date(2026, 11, 19)
    assert cell(model, 1, COL_START) == "Thu 19 Nov 2026"
    assert cell(model, 1, COL_END) == "Thu 19 Nov 2026"
    assert cell(model, 1, COL_DAYS) == "1"
    assert cell(model, 1, COL_TIME) == ""
    assert cell(model, 1, COL_OWNER) == "Project Manager"
    assert cell(model, 1, COL_STATUS) == "Not started"
    assert cell(model, 1, COL_PRIORITY) == "Normal"
    assert cell(model, 1, COL_ANCHOR) == "80 working days before BGL"
    assert cell(model, 1, COL_START, SORT_ROLE) == date(2026, 11, 19)
    assert cell(model, 1, COL_DAYS, SORT_ROLE) == 1
    assert cell(model, 1, COL_TITLE, TASK_ID_ROLE) == 1
    assert cell(model, 1, COL_TITLE, TASK_ROLE) == task
    assert "Thu 19 Nov 2026" in cell(model, 1, COL_START, Qt.ItemDataRole.ToolTipRole)
    # Status is a word and an icon, not a colour.
    assert not cell(model, 1, COL_STATUS, Qt.ItemDataRole.DecorationRole).isNull()
    assert model.headerData(COL_START, Qt.Orientation.Horizontal) == "Start"


def test_anchor_column_names_what_the_date_hangs_from(session, model):
    service = session.service
    edit = session.edit
    edit(service.update_task, replace(service.task(TaskId(2)), anchor=Anchor.key(KeyDate.FDP),
                                      offset=0, offset_unit=OffsetUnit.WORKING_DAYS))
    edit(service.update_task, replace(service.task(TaskId(3)), anchor=Anchor.task(TaskId(1)),
                                      offset=2))
    edit(service.pin_task, TaskId(4), date(2027, 3, 12))
    edit(service.update_task, replace(service.task(TaskId(5)), start_time=None,
                                      end_time=None, anchor=Anchor.key(KeyDate.TGL), offset=-3))
    assert cell(model, 2, COL_ANCHOR) == "On FDP"
    # Template offsets are in working days, and the edits kept the unit.
    assert cell(model, 3, COL_ANCHOR) == "2 working days after task 1"
    assert cell(model, 4, COL_ANCHOR) == "Pinned Fri 12 Mar 2027"
    assert cell(model, 4, COL_START) == "Fri 12 Mar 2027"
    assert cell(model, 5, COL_ANCHOR) == "3 working days before TGL"


def test_times_show_as_a_range(session, model):
    from datetime import time as clock

    service = session.service
    session.edit(service.update_task, replace(service.task(TaskId(7)),
                                              start_time=clock(9, 0), end_time=clock(10, 30)))
    assert cell(model, 7, COL_TIME) == "09:00–10:30"


def test_each_status_has_its_own_word_and_icon_shape(session, model):
    service = session.service
    seen_words, seen_icons = set(), set()
    for status in TaskStatus:
        session.edit(service.set_status, [TaskId(6)], status, "Not needed here")
        seen_words.add(cell(model, 6, COL_STATUS))
        icon = cell(model, 6, COL_STATUS, Qt.ItemDataRole.DecorationRole)
        image = icon.pixmap(16, 16).toImage().convertToFormat(QImage.Format.Format_Mono)
        seen_icons.add(bytes(image.constBits()))
    assert seen_words == {status.label for status in TaskStatus}
    # Drawn in one colour each, the shapes alone still tell the five apart.
    assert len(seen_icons) == len(TaskStatus)


# Filtering


def test_phase_filter_keeps_only_that_phase(session, proxy):
    proxy.set_phase("Training")
    expected = {t.id for t in session.service.state.tasks.values() if t.phase == "Training"}
    assert set(visible(proxy)) == expected and 0 < len(expected) < 77
    proxy.set_phase(None)
    assert proxy.rowCount() == 77


def test_status_filter(session, proxy):
    session.edit(session.service.set_status, [TaskId(2), TaskId(9)], TaskStatus.DONE)
    proxy.set_status(TaskStatus.DONE)
    assert sorted(visible(proxy)) == [2, 9]


def test_owner_filter_matches_part_of_the_role_in_any_case(session, proxy):
    proxy.set_owner("  csu ")
    expected = {t.id for t in session.service.state.tasks.values()
                if "csu" in t.owner_role.lower()}
    assert set(visible(proxy)) == expected and 0 < len(expected) < 77


def test_date_range_keeps_tasks_overlapping_it(session, proxy):
    dates = session.service.schedule().dates
    start, end = date(2027, 3, 12), date(2027, 3, 16)
    proxy.set_date_range(start, end)
    expected = {tid for tid, d in dates.items() if d.start <= end and d.end >= start}
    assert set(visible(proxy)) == expected and 0 < len(expected) < 77
    # A task that starts before the range and ends inside it overlaps it.
    service = session.service
    session.edit(service.update_task, replace(service.task(TaskId(1)), duration_days=120))
    assert 1 in visible(proxy)
    proxy.set_date_range(None, date(2026, 12, 1))
    assert set(visible(proxy)) == {tid for tid, d in session.service.schedule().dates.items()
                                   if d.start <= date(2026, 12, 1)}


def test_text_search_looks_in_title_notes_owner_and_phase(session, proxy):
    service = session.service
    session.edit(service.update_task, replace(service.task(TaskId(5)), notes="Ring Zebedee"))
    proxy.set_text("zebedee")
    assert visible(proxy) == [5]
    proxy.set_text("KICK-OFF")
    assert set(visible(proxy)) == {t.id for t in service.state.tasks.values()
                                   if "kick-off" in (t.title + t.notes + t.owner_role
                                                     + t.phase).lower()}
    proxy.set_text("")
    assert proxy.rowCount() == 77


def test_filters_combine_and_clear(session, proxy):
    proxy.set_phase("Training")
    proxy.set_text("train")
    both = visible(proxy)
    assert all(session.service.task(TaskId(t)).phase == "Training" for t in both)
    proxy.clear_filters()
    assert proxy.rowCount() == 77 and not proxy.is_filtered()


def test_a_row_leaves_the_filter_when_its_data_changes(session, proxy):
    proxy.set_status(TaskStatus.NOT_STARTED)
    assert 8 in visible(proxy)
    session.edit(session.service.set_status, [TaskId(8)], TaskStatus.DONE)
    assert 8 not in visible(proxy) and proxy.rowCount() == 76


# Sorting


def test_sorting_by_start_orders_by_date(session, proxy):
    proxy.sort(COL_START, Qt.SortOrder.AscendingOrder)
    dates = session.service.schedule().dates
    starts = [dates[TaskId(t)].start for t in visible(proxy)]
    assert starts == sorted(starts) and starts[0] < starts[-1]
    proxy.sort(COL_START, Qt.SortOrder.DescendingOrder)
    starts = [dates[TaskId(t)].start for t in visible(proxy)]
    assert starts == sorted(starts, reverse=True)


def test_sorting_follows_date_changes(session, proxy):
    proxy.sort(COL_START)
    first = visible(proxy)[0]
    session.edit(session.service.move_task, TaskId(first), 400)
    assert visible(proxy)[-1] == first


@pytest.mark.parametrize("column", [COL_TITLE, COL_PRIORITY, COL_END, COL_NUMBER, COL_SITE])
def test_sorting_any_column_orders_by_its_sort_value(proxy, column):
    proxy.sort(column)
    values = [proxy.index(row, column).data(SORT_ROLE) for row in range(proxy.rowCount())]
    assert values == sorted(values)


def test_priority_sorts_by_rank_not_by_word(session, proxy):
    service = session.service
    session.edit(service.update_task, replace(service.task(TaskId(1)), priority=Priority.LOW))
    proxy.sort(COL_PRIORITY, Qt.SortOrder.DescendingOrder)
    assert proxy.index(0, COL_PRIORITY).data() == "High"
    assert proxy.index(proxy.rowCount() - 1, COL_PRIORITY).data() == "Low"


# Editing in place


def test_editing_the_title_in_place_changes_the_plan_and_undo_restores_it(session, model):
    service = session.service
    old = service.task(TaskId(4)).title
    index = model.index(model.row_of(4), COL_TITLE)
    assert model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert model.setData(index, "  Book the survey room  ")
    assert service.task(TaskId(4)).title == "Book the survey room"
    assert index.data() == "Book the survey room"
    session.edit(service.undo)
    assert service.task(TaskId(4)).title == old
    assert model.index(model.row_of(4), COL_TITLE).data() == old


@pytest.mark.parametrize(("column", "value", "field", "expected"), [
    (COL_DAYS, 3, "duration_days", 3),
    (COL_OWNER, "Reception lead", "owner_role", "Reception lead"),
    (COL_SITE, "Branch", "site", "Branch"),
    (COL_PRIORITY, "high", "priority", Priority.HIGH),
    (COL_STATUS, "in_progress", "status", TaskStatus.IN_PROGRESS),
])
def test_editable_columns_change_the_task(session, model, column, value, field, expected):
    assert model.setData(model.index(model.row_of(12), column), value)
    assert getattr(session.service.task(TaskId(12)), field) == expected


def test_a_refused_edit_leaves_the_cell_and_says_why(qtbot, session, model):
    index = model.index(model.row_of(12), COL_DAYS)
    undo_before = session.service.undo_status()
    with qtbot.waitSignal(model.edit_refused) as refused, \
            qtbot.waitSignal(session.refused):
        assert not model.setData(index, 0)
    assert "Duration must be 1 to 366 days" in refused.args[0]
    assert index.data() == "1" and session.service.task(TaskId(12)).duration_days == 1
    assert session.service.undo_status() == undo_before
    with qtbot.waitSignal(model.edit_refused) as refused:
        assert not model.setData(model.index(model.row_of(12), COL_TITLE), "   ")
    assert refused.args[0] == "A task needs a title."
    with qtbot.waitSignal(model.edit_refused) as refused:
        assert not model.setData(model.index(model.row_of(12), COL_STATUS), "skipped")
    assert "why" in refused.args[0]
    assert session.service.task(TaskId(12)).status is TaskStatus.NOT_STARTED


def test_a_read_only_plan_has_no_editable_cells(plan_file, qtbot):
    from cutover_desktop.services.plan_files import open_plan

    service = open_plan(plan_file, read_only=True, today=lambda: TODAY)
    try:
        model = TaskTableModel(PlanSession(service))
        assert not model.flags(model.index(0, COL_TITLE)) & Qt.ItemFlag.ItemIsEditable
    finally:
        service.close()


# Refreshing


def test_an_edit_repaints_only_the_rows_it_changed(qtbot, session, model):
    changed: list[tuple[int, int]] = []
    resets: list[bool] = []
    model.dataChanged.connect(lambda a, b, _roles=(): changed.append((a.row(), b.row())))
    model.modelReset.connect(lambda: resets.append(True))
    session.edit(session.service.set_status, [TaskId(20)], TaskStatus.DONE)
    assert changed == [(model.row_of(20), model.row_of(20))] and not resets
    changed.clear()
    session.edit(session.service.set_go_live, date(2027, 4, 13))
    rows = {row for first, last in changed for row in range(first, last + 1)}
    assert rows == set(range(77)) and not resets


def test_adding_and_deleting_tasks_inserts_and_removes_rows(qtbot, session, model):
    service = session.service
    new = service.new_task("Print spare rotas", "Final week")
    with qtbot.waitSignal(model.rowsInserted):
        session.edit(service.add_task, new)
    assert model.rowCount() == 78 and cell(model, new.id, COL_TITLE) == "Print spare rotas"
    with qtbot.waitSignal(model.rowsRemoved):
        session.edit(service.delete_tasks, [new.id, TaskId(1)])
    assert model.rowCount() == 76 and model.row_of(1) == -1


def test_a_different_plan_resets_the_model(qtbot, session, model):
    other = memory_plan(riverside(date(2027, 6, 15)), today=lambda: TODAY)
    with qtbot.waitSignal(model.modelReset):
        session.replace_service(other)
    assert cell(model, 1, COL_ANCHOR) == "80 working days before BGL"
    assert cell(model, 1, COL_START) == "Wed 17 Feb 2027"


# Size


def big_plan(count: int):
    template = default_template()
    tasks = []
    for number in range(count):
        base = template.tasks[number % len(template.tasks)]
        tasks.append(replace(base, key=f"{base.key}-{number}"))
    # The copies have new keys, so the template's links between tasks do not apply.
    return memory_plan(riverside(), replace(template, tasks=tuple(tasks), dependencies=()),
                       today=lambda: TODAY)


@pytest.mark.slow
def test_five_thousand_tasks_load_filter_and_sort(qtbot):
    service = big_plan(5000)
    try:
        session = PlanSession(service)
        started = time.perf_counter()
        model = TaskTableModel(session)
        proxy = TaskFilterProxy()
        proxy.setSourceModel(model)
        proxy.sort(COL_START)
        loaded = time.perf_counter() - started
        assert proxy.rowCount() == 5000
        proxy.set_text("kick-off")
        assert 0 < proxy.rowCount() < 5000
        print(f"5,000 tasks: model, proxy and sort by start in {loaded * 1000:.0f} ms")
        assert model.index(4999, COL_START).data()
    finally:
        service.close()


def test_invalid_indexes_have_no_data(model):
    assert model.data(QModelIndex()) is None
    assert model.rowCount(model.index(0, 0)) == 0


def test_no_anchor_on_a_fresh_plan_reads_as_a_code(model):
    """Every row of the template says its timing in words, not 'BGL−80 WD'."""
    for row in range(model.rowCount()):
        text = model.data(model.index(row, COL_ANCHOR))
        assert " WD" not in text and "+" not in text and "−" not in text, text
        assert text.startswith(("On ", "after task ", "Pinned ")) or " before " in text \
            or " after " in text, text


def test_moving_go_live_shows_every_rows_new_dates(session, model):
    dates_changed: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda a, b, _roles=(): dates_changed.append((a.column(),
                                                                            b.column())))
    session.edit(session.service.set_go_live, date(2027, 5, 4))
    dates = session.service.schedule().dates
    for row in range(model.rowCount()):
        placed = dates[model.task_id_at(row)]
        assert model.index(row, COL_START).data() == uk_date(placed.start)
        assert model.index(row, COL_END).data() == uk_date(placed.end)
    # Only the dates moved: the other columns are not repainted.
    assert dates_changed and set(dates_changed) == {(COL_START, COL_END)}


def test_a_date_filter_follows_a_go_live_move(session, proxy):
    start, end = date(2027, 3, 12), date(2027, 3, 16)
    proxy.set_date_range(start, end)
    before = set(visible(proxy))
    session.edit(session.service.set_go_live, date(2027, 5, 4))
    dates = session.service.schedule().dates
    expected = {tid for tid, d in dates.items() if d.start <= end and d.end >= start}
    assert set(visible(proxy)) == expected and expected != before


def test_two_filters_on_one_table_keep_their_own_rows(session, model, proxy):
    other = TaskFilterProxy()
    other.setSourceModel(model)
    proxy.set_phase("Training")
    other.set_status(TaskStatus.DONE)
    session.edit(session.service.set_status, [TaskId(8)], TaskStatus.DONE)
    tasks = session.service.state.tasks
    assert set(visible(proxy)) == {t.id for t in tasks.values() if t.phase == "Training"}
    assert visible(other) == [8]
    other.clear_filters()
    assert len(visible(other)) == 77 and len(visible(proxy)) < 77
