"""The scheduler: anchors, offsets, durations, dependencies, pins and loops."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cutover_desktop.domain.calendar import WorkingCalendar
from cutover_desktop.domain.errors import CycleError
from cutover_desktop.domain.ids import TaskId
from cutover_desktop.domain.keydates import KeyDate, KeyDateRules
from cutover_desktop.domain.model import Anchor, Dependency, OffsetUnit, Task
from cutover_desktop.domain.scheduling import find_cycle, schedule
from cutover_desktop.services.plan_files import default_template, template_tasks

NATIONAL = WorkingCalendar()
RULES = KeyDateRules()
BGL = date(2027, 3, 16)  # a Tuesday: TGL Mon 15, FDP Fri 12 Mar 2027


def task(task_id: int, title: str = "", *, key: KeyDate | None = KeyDate.BGL,
         after: int | None = None, **fields: object) -> Task:
    anchor = Anchor.task(TaskId(after)) if after is not None else Anchor.key(key or KeyDate.BGL)
    return Task(id=TaskId(task_id), title=title or f"Task {task_id}", phase="Lead-in",
                anchor=anchor, **fields)  # type: ignore[arg-type]


def dep(first: int, then: int) -> Dependency:
    return Dependency(TaskId(first), TaskId(then))


def place(tasks: list[Task], deps: list[Dependency] = (), go_live: date = BGL,  # type: ignore[assignment]
          calendar: WorkingCalendar = NATIONAL):
    return schedule(go_live, RULES, calendar, tasks, deps)


def test_tasks_hang_from_key_dates_by_calendar_days() -> None:
    placed = place([task(1, key=KeyDate.FDP, offset=-2), task(2, key=KeyDate.BGL, offset=0),
                    task(3, key=KeyDate.READ_ONLY_END, offset=-15),
                    task(4, key=KeyDate.TGL, offset=1)])
    assert placed.dates[TaskId(1)].start == date(2027, 3, 10)
    assert placed.dates[TaskId(2)].start == BGL
    assert placed.dates[TaskId(3)].start == date(2027, 4, 15)
    assert placed.dates[TaskId(4)].start == date(2027, 3, 16)
    assert placed.issues == ()


def test_duration_sets_the_finish_day() -> None:
    placed = place([task(1, offset=-40, duration_days=7), task(2, duration_days=1)])
    assert placed.dates[TaskId(1)].start == date(2027, 2, 4)
    assert placed.dates[TaskId(1)].end == date(2027, 2, 10)
    assert placed.dates[TaskId(2)].end == placed.dates[TaskId(2)].start


def test_a_task_anchored_to_another_starts_the_offset_after_it_finishes() -> None:
    placed = place([task(1, "Data check", offset=-40, duration_days=7),
                    task(2, "Supplier fixes", after=1, offset=1, duration_days=5),
                    task(3, "Recheck", after=2, offset=2)])
    assert placed.dates[TaskId(2)].start == date(2027, 2, 11)
    assert placed.dates[TaskId(2)].end == date(2027, 2, 15)
    assert placed.dates[TaskId(3)].start == date(2027, 2, 17)


def test_anchor_chains_move_when_go_live_moves() -> None:
    tasks = [task(1, offset=-40, duration_days=7), task(2, after=1, offset=1),
             task(3, after=2, offset=3)]
    first, later = place(tasks), place(tasks, go_live=BGL + timedelta(days=14))
    for task_id in (1, 2, 3):
        assert (later.dates[TaskId(task_id)].start - first.dates[TaskId(task_id)].start).days == 14


def test_working_day_offsets_step_over_easter() -> None:
    # Thu 25 Mar 2027 + 1 working day is Tue 30 Mar (Good Friday, weekend, Easter Monday).
    go_live = date(2027, 3, 25)
    placed = place([task(1, offset=1, offset_unit=OffsetUnit.WORKING_DAYS),
                    task(2, offset=-1, offset_unit=OffsetUnit.WORKING_DAYS, key=KeyDate.BGL),
                    task(3, offset=1)], go_live=go_live)
    assert placed.dates[TaskId(1)].start == date(2027, 3, 30)
    assert placed.dates[TaskId(2)].start == date(2027, 3, 24)
    assert placed.dates[TaskId(3)].start == date(2027, 3, 26)  # calendar days do not skip


def test_working_day_offsets_honour_practice_closures() -> None:
    calendar = WorkingCalendar.of(closures=[date(2027, 3, 17)])
    placed = place([task(1, offset=1, offset_unit=OffsetUnit.WORKING_DAYS)], calendar=calendar)
    assert placed.dates[TaskId(1)].start == date(2027, 3, 18)


def test_a_dependency_pushes_the_successor_later_and_says_by_whom() -> None:
    tasks = [task(1, "Supplier fixes", offset=-33, duration_days=10),
             task(2, "Recheck records", offset=-28)]
    alone = place(tasks)
    assert alone.dates[TaskId(2)].start == date(2027, 2, 16)
    placed = place(tasks, [dep(1, 2)])
    first = placed.dates[TaskId(1)]
    assert first.end == date(2027, 2, 20)
    assert placed.dates[TaskId(2)].start == first.end
    assert placed.dates[TaskId(2)].pushed_by == TaskId(1)
    assert placed.issues == ()


def test_a_dependency_that_does_not_delay_leaves_pushed_by_empty() -> None:
    placed = place([task(1, offset=-10), task(2, offset=-2)], [dep(1, 2)])
    assert placed.dates[TaskId(2)].start == date(2027, 3, 14)
    assert placed.dates[TaskId(2)].pushed_by is None


def test_the_latest_of_several_predecessors_wins() -> None:
    placed = place([task(1, offset=-10, duration_days=3), task(2, offset=-9, duration_days=6),
                    task(3, offset=-20)], [dep(1, 3), dep(2, 3)])
    assert placed.dates[TaskId(3)].start == date(2027, 3, 12)
    assert placed.dates[TaskId(3)].pushed_by == TaskId(2)


def test_a_pushed_task_pushes_its_own_successors() -> None:
    placed = place([task(1, offset=-5, duration_days=5), task(2, offset=-30),
                    task(3, offset=-30)], [dep(1, 2), dep(2, 3)])
    assert placed.dates[TaskId(3)].start == placed.dates[TaskId(1)].end


def test_a_pinned_task_stays_when_go_live_moves() -> None:
    pinned = task(1, "Book the trainers", key=KeyDate.FDP, offset=-10,
                  pinned_date=date(2027, 3, 2))
    free = task(2, key=KeyDate.FDP, offset=-10)
    later = place([pinned, free], go_live=BGL + timedelta(days=7))
    assert later.dates[TaskId(1)].start == date(2027, 3, 2)
    assert later.dates[TaskId(2)].start == date(2027, 3, 9)
    assert later.issues == ()


def test_a_pinned_task_that_no_longer_fits_is_reported_by_name() -> None:
    pinned = task(1, "Back up local databases", key=KeyDate.FDP, offset=-3,
                  pinned_date=date(2027, 3, 9))
    # Go-live brought forward three weeks: FDP is now Fri 19 Feb, before the pinned day.
    placed = place([pinned], go_live=BGL - timedelta(days=21))
    assert len(placed.issues) == 1
    issue = placed.issues[0]
    assert issue.task_id == TaskId(1)
    assert issue.day == date(2027, 3, 9)
    assert "Back up local databases" in issue.message
    assert "after" in issue.message and "Final Data Production" in issue.message
    assert "Tue 9 Mar 2027" in issue.message


def test_a_pinned_task_before_its_predecessor_finishes_is_reported() -> None:
    placed = place([task(1, "Import the final extract", key=KeyDate.FDP, duration_days=3),
                    task(2, "Recheck live data", offset=-3, pinned_date=date(2027, 3, 13))],
                   [dep(1, 2)])
    assert placed.dates[TaskId(2)].start == date(2027, 3, 13)  # the pin is kept
    messages = [issue.message for issue in placed.issues if issue.task_id == TaskId(2)]
    assert len(messages) == 1
    assert "Recheck live data" in messages[0] and "Import the final extract" in messages[0]
    assert "Sun 14 Mar 2027" in messages[0]


def test_a_task_whose_anchor_task_is_missing_falls_back_to_go_live() -> None:
    placed = place([task(2, after=99, offset=3)])
    assert placed.dates[TaskId(2)].start == BGL + timedelta(days=3)


def test_dependency_loop_is_refused_naming_the_tasks_in_order() -> None:
    tasks = [task(1, "Alpha"), task(2, "Bravo"), task(3, "Charlie"), task(4, "Delta")]
    with pytest.raises(CycleError) as refused:
        place(tasks, [dep(1, 2), dep(2, 3), dep(3, 1), dep(3, 4)])
    titles = refused.value.titles
    assert sorted(titles) == ["Alpha", "Bravo", "Charlie"]
    # Each title is followed by the one that waits for it.
    start = titles.index("Alpha")
    assert titles[start:] + titles[:start] == ["Alpha", "Bravo", "Charlie"]
    message = refused.value.message
    assert "loop" in message
    chain = " → ".join(titles + titles[:1])
    assert chain in message


def test_anchor_loop_is_refused_naming_the_tasks() -> None:
    tasks = [task(1, "Order kit", after=2), task(2, "Survey", after=1), task(3, "Other")]
    with pytest.raises(CycleError) as refused:
        place(tasks)
    assert sorted(refused.value.titles) == ["Order kit", "Survey"]
    assert "Order kit" in refused.value.message and "Survey" in refused.value.message


def test_a_loop_mixing_anchors_and_dependencies_is_refused() -> None:
    tasks = [task(1, "Alpha", after=3), task(2, "Bravo"), task(3, "Charlie")]
    with pytest.raises(CycleError) as refused:
        place(tasks, [dep(1, 2), dep(2, 3)])
    titles = refused.value.titles
    start = titles.index("Alpha")
    assert titles[start:] + titles[:start] == ["Alpha", "Bravo", "Charlie"]


def test_find_cycle_is_empty_without_a_loop() -> None:
    tasks = {TaskId(n): task(n) for n in (1, 2, 3)}
    assert find_cycle(tasks, [dep(1, 2), dep(1, 3), dep(2, 3)]) == []


def test_span_covers_key_dates_and_tasks() -> None:
    placed = place([task(1, offset=-120), task(2, offset=100, duration_days=5)])
    first, last = placed.span()
    assert first == BGL - timedelta(days=120)
    assert last == BGL + timedelta(days=104)


# Properties

TEMPLATE_TASKS = template_tasks(default_template())
go_live_days = st.dates(min_value=date(2001, 1, 1), max_value=date(2098, 12, 31))


@settings(max_examples=40, deadline=None)
@given(first=go_live_days, second=go_live_days)
def test_moving_go_live_and_back_restores_every_template_date(first: date, second: date) -> None:
    # Pin a few tasks and hang one from another, as a real plan would.
    tasks = list(TEMPLATE_TASKS)
    tasks[5] = tasks[5].with_changes(pinned_date=first - timedelta(days=70))
    tasks[20] = tasks[20].with_changes(anchor=Anchor.task(tasks[19].id), offset=1)
    tasks[30] = tasks[30].with_changes(offset_unit=OffsetUnit.WORKING_DAYS)
    deps = [Dependency(tasks[40].id, tasks[41].id)]
    before = schedule(first, RULES, NATIONAL, tasks, deps)
    schedule(second, RULES, NATIONAL, tasks, deps)
    again = schedule(first, RULES, NATIONAL, tasks, deps)
    assert again == before
    assert len(before.dates) == 77


@st.composite
def task_graphs(draw: st.DrawFn) -> tuple[list[Task], list[Dependency]]:
    count = draw(st.integers(2, 25))
    tasks: list[Task] = []
    for number in range(1, count + 1):
        # Anchors and dependencies only point back to lower numbers, so there is no loop.
        hang = number > 1 and draw(st.booleans())
        tasks.append(task(
            number,
            key=draw(st.sampled_from(list(KeyDate))),
            after=draw(st.integers(1, number - 1)) if hang else None,
            offset=draw(st.integers(-60, 60)),
            offset_unit=draw(st.sampled_from(list(OffsetUnit))),
            duration_days=draw(st.integers(1, 10)),
            pinned_date=draw(st.none() | st.dates(
                min_value=date(2027, 1, 1), max_value=date(2027, 6, 30))),
        ))
    pairs = draw(st.lists(st.tuples(st.integers(1, count), st.integers(1, count)), max_size=40))
    deps = sorted({dep(min(a, b), max(a, b)) for a, b in pairs if a != b},
                  key=lambda d: (d.predecessor, d.successor))
    return tasks, deps


@settings(max_examples=60, deadline=None)
@given(graph=task_graphs(), go_live=st.dates(min_value=date(2020, 1, 1),
                                             max_value=date(2035, 12, 31)))
def test_unpinned_tasks_respect_every_dependency_and_anchor(
    graph: tuple[list[Task], list[Dependency]], go_live: date
) -> None:
    tasks, deps = graph
    placed = schedule(go_live, RULES, NATIONAL, tasks, deps)
    dates = placed.dates
    assert set(dates) == {t.id for t in tasks}
    for one in tasks:
        here = dates[one.id]
        assert (here.end - here.start).days == one.duration_days - 1
        if one.is_pinned:
            assert here.start == one.pinned_date
            continue
        pred_ends = [dates[d.predecessor].end for d in deps if d.successor == one.id]
        assert all(here.start >= end for end in pred_ends)
        # Otherwise it sits exactly where its anchor and offset put it.
        reference = (dates[one.anchor.task_id].end if one.anchor.task_id is not None
                     else placed.key_dates[one.anchor.key_date or KeyDate.BGL])
        planned = (NATIONAL.add_working_days(reference, one.offset)
                   if one.offset_unit is OffsetUnit.WORKING_DAYS
                   else reference + timedelta(days=one.offset))
        assert here.start == max([planned, *pred_ends])
        if here.pushed_by is not None:
            assert Dependency(here.pushed_by, one.id) in deps
            assert here.start == dates[here.pushed_by].end
    # A pinned task that starts before a predecessor finishes is always reported.
    reported = {issue.task_id for issue in placed.issues}
    for d in deps:
        successor = next(t for t in tasks if t.id == d.successor)
        if successor.is_pinned and dates[d.successor].start < dates[d.predecessor].end:
            assert d.successor in reported
