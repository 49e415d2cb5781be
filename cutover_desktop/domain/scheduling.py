"""The scheduler: places every task from its anchor, offset, pin and dependencies."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from cutover_desktop.domain.calendar import WorkingCalendar
from cutover_desktop.domain.errors import CycleError
from cutover_desktop.domain.formatting import uk_date
from cutover_desktop.domain.ids import TaskId
from cutover_desktop.domain.keydates import KeyDate, KeyDateRules, derive_key_dates
from cutover_desktop.domain.model import Dependency, OffsetUnit, Task


@dataclass(frozen=True, slots=True)
class TaskDates:
    """Where the scheduler put a task. `pushed_by` names a predecessor that delayed it."""

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
        days = list(self.key_dates.values())
        for placed in self.dates.values():
            days.append(placed.start)
            days.append(placed.end)
        return min(days), max(days)


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


def _shift(day: date, offset: int, unit: OffsetUnit, calendar: WorkingCalendar) -> date:
    if unit is OffsetUnit.WORKING_DAYS:
        return calendar.add_working_days(day, offset)
    return day + timedelta(days=offset)


def _side(days: int) -> str:
    if days < 0:
        return "before"
    if days > 0:
        return "after"
    return "on"


def schedule(
    go_live: date,
    rules: KeyDateRules,
    calendar: WorkingCalendar,
    tasks: Iterable[Task],
    deps: Iterable[Dependency] = (),
) -> Schedule:
    """Place every task.

    Raises:
        CycleError: anchors or dependencies form a loop.
    """
    by_id = {task.id: task for task in tasks}
    dep_list = list(deps)
    key_dates = derive_key_dates(go_live, rules, calendar)
    before = _edges(by_id, dep_list)
    order = _topological_order(before)
    if len(order) != len(by_id):
        check_no_cycle(by_id, dep_list)
    dates: dict[TaskId, TaskDates] = {}
    issues: list[PlacementIssue] = []
    predecessors: dict[TaskId, list[TaskId]] = {task_id: [] for task_id in by_id}
    for dep in dep_list:
        if dep.predecessor in by_id and dep.successor in by_id:
            predecessors[dep.successor].append(dep.predecessor)

    for task_id in order:
        task = by_id[task_id]
        if task.anchor.key_date is not None:
            reference = key_dates[task.anchor.key_date]
            reference_name = task.anchor.key_date.label
        else:
            anchor_id = task.anchor.task_id
            if anchor_id is None or anchor_id not in dates:
                # The anchor task is gone; fall back to Business Go Live as the reference.
                reference, reference_name = key_dates[KeyDate.BGL], KeyDate.BGL.label
            else:
                reference = dates[anchor_id].end
                reference_name = f"the end of “{by_id[anchor_id].title}”"
        planned = _shift(reference, task.offset, task.offset_unit, calendar)
        latest_pred = max(predecessors[task_id], key=lambda p: dates[p].end, default=None)
        pushed_by = None
        if task.pinned_date is not None:
            start = task.pinned_date
            planned_side = _side(task.offset)
            actual_side = _side((start - reference).days)
            if planned_side != actual_side:
                issues.append(PlacementIssue(task_id, start, (
                    f"“{task.title}” is pinned to {uk_date(start)}, which is now {actual_side} "
                    f"{reference_name} ({uk_date(reference)}); it was planned {planned_side} it.")))
        else:
            start = planned
            if latest_pred is not None and dates[latest_pred].end > start:
                start = dates[latest_pred].end
                pushed_by = latest_pred
        if latest_pred is not None and dates[latest_pred].end > start:
            issues.append(PlacementIssue(task_id, start, (
                f"“{task.title}” is pinned to {uk_date(start)}, before "
                f"“{by_id[latest_pred].title}” finishes on {uk_date(dates[latest_pred].end)}.")))
        end = start + timedelta(days=task.duration_days - 1)
        dates[task_id] = TaskDates(start, end, pushed_by)
    issues.sort(key=lambda issue: (issue.day, issue.task_id))
    return Schedule(key_dates, dates, tuple(issues))
