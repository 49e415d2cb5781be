"""The scheduler: places every task from its anchor, offset, pin and dependencies."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from operator import attrgetter
from typing import NamedTuple

from cutover_desktop.domain.calendar import WorkingCalendar
from cutover_desktop.domain.errors import CycleError
from cutover_desktop.domain.formatting import uk_date
from cutover_desktop.domain.ids import TaskId
from cutover_desktop.domain.keydates import KeyDate, KeyDateRules, derive_key_dates
from cutover_desktop.domain.model import Dependency, OffsetUnit, Task


class TaskDates(NamedTuple):
    """Where the scheduler put a task. `pushed_by` names a predecessor that delayed it.

    A named tuple, not a dataclass: a plan of 10,000 tasks makes 10,000 of them per edit,
    and views compare them all."""

    start: date
    end: date
    pushed_by: TaskId | None = None


@dataclass(frozen=True)
class PlacementIssue:
    """A task whose placement needs a person's attention."""

    task_id: TaskId
    day: date
    message: str


@dataclass(frozen=True)
class Schedule:
    key_dates: Mapping[KeyDate, date]
    dates: Mapping[TaskId, TaskDates]
    issues: tuple[PlacementIssue, ...]

    def span(self) -> tuple[date, date]:
        """The first and last day anything happens on, key dates included."""
        return self._span

    @cached_property
    def _span(self) -> tuple[date, date]:
        days = list(self.key_dates.values())
        if self.dates:
            days.append(min(map(attrgetter("start"), self.dates.values())))
            days.append(max(map(attrgetter("end"), self.dates.values())))
        return min(days), max(days)


# How one task is placed, read from it once (a go-live move places every task): its id, the
# value of the key date it hangs from (or None), the task it hangs from when that is in the
# plan (or None), its offset, whether that is in working days, its duration less one, the
# ordinal of its pinned day (or None) and its predecessors in link order. Plain tuples of
# plain values, which the garbage collector stops tracking (a named tuple it tracks always).
_Step = tuple[TaskId, str | None, TaskId | None, int, bool, int, int | None, tuple[TaskId, ...]]


@dataclass(frozen=True)
class PlacementOrder:
    """The tasks in the order they are placed (anchors and predecessors first), each with
    what places it. It depends only on the tasks and the links, so a plan state keeps it
    across edits that change neither (moving go-live, a calendar day, a staff edit)."""

    steps: tuple[_Step, ...]


def placement_order(tasks: Mapping[TaskId, Task], deps: Sequence[Dependency]) -> PlacementOrder:
    """Anchor tasks and predecessors before the tasks that follow them.

    Raises:
        CycleError: anchors or dependencies form a loop.
    """
    order = _topological_order(_edges(tasks, deps))
    if len(order) != len(tasks):
        check_no_cycle(tasks, deps)
    waits_for: dict[TaskId, list[TaskId]] = {}
    for dep in deps:
        if dep.predecessor in tasks and dep.successor in tasks:
            waits_for.setdefault(dep.successor, []).append(dep.predecessor)
    steps = []
    for task_id in order:
        task = tasks[task_id]
        anchor = task.anchor
        anchor_task = anchor.task_id if anchor.task_id in tasks else None
        key = anchor.key_date.value if anchor.key_date is not None else None
        steps.append((task_id, key, anchor_task, task.offset,
                      task.offset_unit is OffsetUnit.WORKING_DAYS, task.duration_days - 1,
                      task.pinned_date.toordinal() if task.pinned_date else None,
                      tuple(waits_for.get(task_id, ()))))
    return PlacementOrder(tuple(steps))


def _edges(tasks: Mapping[TaskId, Task], deps: Iterable[Dependency]) -> dict[TaskId, list[TaskId]]:
    """Who must be placed before whom: anchor tasks and predecessors come first."""
    before: dict[TaskId, list[TaskId]] = {task_id: [] for task_id in tasks}
    for task in tasks.values():
        if task.anchor.task_id is not None and task.anchor.task_id in tasks:
            before[task.id].append(task.anchor.task_id)
    for dep in deps:
        if dep.predecessor in tasks and dep.successor in tasks:
            before[dep.successor].append(dep.predecessor)
    return before


def find_cycle(tasks: Mapping[TaskId, Task], deps: Iterable[Dependency]) -> list[TaskId]:
    """Task ids forming a loop of anchors or dependencies, in order; empty when there is none."""
    before = _edges(tasks, deps)
    white, grey, black = 0, 1, 2
    colour = dict.fromkeys(before, white)
    for root in before:
        if colour[root] != white:
            continue
        path: list[TaskId] = [root]
        iterators = [iter(before[root])]
        colour[root] = grey
        while iterators:
            nxt = next(iterators[-1], None)
            if nxt is None:
                colour[path.pop()] = black
                iterators.pop()
            elif colour[nxt] == grey:
                cycle = path[path.index(nxt):]
                cycle.reverse()  # predecessors first reads naturally
                return cycle
            elif colour[nxt] == white:
                colour[nxt] = grey
                path.append(nxt)
                iterators.append(iter(before[nxt]))
    return []


def check_no_cycle(tasks: Mapping[TaskId, Task], deps: Iterable[Dependency]) -> None:
    """Raise CycleError naming the tasks when anchors or dependencies form a loop."""
    cycle = find_cycle(tasks, deps)
    if cycle:
        raise CycleError([tasks[task_id].title for task_id in cycle])


def _topological_order(before: Mapping[TaskId, list[TaskId]]) -> list[TaskId]:
    waiting = {task_id: len(preds) for task_id, preds in before.items()}
    after: dict[TaskId, list[TaskId]] = {task_id: [] for task_id in before}
    for task_id, preds in before.items():
        for pred in preds:
            after[pred].append(task_id)
    ready = [task_id for task_id, count in waiting.items() if count == 0]
    order: list[TaskId] = []
    while ready:
        task_id = ready.pop()
        order.append(task_id)
        for nxt in after[task_id]:
            waiting[nxt] -= 1
            if waiting[nxt] == 0:
                ready.append(nxt)
    return order


def _side(days: int) -> str:
    if days < 0:
        return "before"
    if days > 0:
        return "after"
    return "on"


def _reference_name(task: Task, by_id: Mapping[TaskId, Task], placed: Mapping[TaskId, int]) -> str:
    if task.anchor.key_date is not None:
        return task.anchor.key_date.label
    anchor_id = task.anchor.task_id
    if anchor_id is None or anchor_id not in placed:
        return KeyDate.BGL.label  # the anchor task is gone: Business Go Live stands in
    return f"the end of “{by_id[anchor_id].title}”"


def schedule(
    go_live: date,
    rules: KeyDateRules,
    calendar: WorkingCalendar,
    tasks: Iterable[Task],
    deps: Iterable[Dependency] = (),
    order: PlacementOrder | None = None,
) -> Schedule:
    """Place every task. `order`, when given, is placement_order() of these tasks and links.

    Raises:
        CycleError: anchors or dependencies form a loop.
    """
    by_id: dict[TaskId, Task] = {}
    if order is None:
        by_id = {task.id: task for task in tasks}
        order = placement_order(by_id, list(deps))

    def task_of(task_id: TaskId) -> Task:  # only for the words of an issue
        if not by_id:
            by_id.update((task.id, task) for task in tasks)
        return by_id[task_id]

    key_dates = derive_key_dates(go_live, rules, calendar)
    key_days = {key.value: day.toordinal() for key, day in key_dates.items()}
    go_live_day = key_days[KeyDate.BGL.value]
    move = calendar.ordinal_mover()
    from_ordinal = date.fromordinal
    # Day ordinals while placing (plain integers); dates only for the result.
    ends: dict[TaskId, int] = {}
    dates: dict[TaskId, TaskDates] = {}
    issues: list[PlacementIssue] = []

    for task_id, key, anchor_task, offset, in_working_days, extra_days, pinned, waits_for \
            in order.steps:
        # Without a key date or an anchor task in the plan, Business Go Live stands in.
        reference = key_days[key] if key is not None else ends.get(anchor_task, go_live_day)  # type: ignore[arg-type]
        latest, latest_end = None, 0
        for pred in waits_for:
            if latest is None or ends[pred] > latest_end:
                latest, latest_end = pred, ends[pred]
        pushed_by = None
        if pinned is None:
            start = move(reference, offset) if in_working_days else reference + offset
            if latest is not None and latest_end > start:
                start, pushed_by = latest_end, latest
        else:
            start = pinned
            planned_side, actual_side = _side(offset), _side(start - reference)
            if planned_side != actual_side:
                task = task_of(task_id)
                issues.append(PlacementIssue(task_id, from_ordinal(start), (
                    f"“{task.title}” is pinned to {uk_date(from_ordinal(start))}, which is now "
                    f"{actual_side} {_reference_name(task, by_id, ends)} "
                    f"({uk_date(from_ordinal(reference))}); it was planned {planned_side} it.")))
        if latest is not None and latest_end > start:
            issues.append(PlacementIssue(task_id, from_ordinal(start), (
                f"“{task_of(task_id).title}” is pinned to {uk_date(from_ordinal(start))}, "
                f"before “{task_of(latest).title}” finishes on "
                f"{uk_date(from_ordinal(latest_end))}.")))
        end = start + extra_days
        ends[task_id] = end
        dates[task_id] = TaskDates(from_ordinal(start), from_ordinal(end), pushed_by)
    issues.sort(key=lambda issue: (issue.day, issue.task_id))
    return Schedule(key_dates, dates, tuple(issues))
