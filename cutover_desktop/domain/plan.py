"""PlanState: a whole plan in memory, and how a set of changes turns one state into the next."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from cutover_desktop.domain.calendar import WorkingCalendar
from cutover_desktop.domain.changes import EntityChange
from cutover_desktop.domain.entities import entity_identity
from cutover_desktop.domain.features import feature_findings
from cutover_desktop.domain.ids import TaskId
from cutover_desktop.domain.model import (
    CalendarDay,
    CalendarDayKind,
    Dependency,
    PlanDetails,
    Task,
)
from cutover_desktop.domain.scheduling import Schedule, schedule
from cutover_desktop.domain.warnings import Finding, plan_findings


@dataclass(frozen=True)
class PlanState:
    details: PlanDetails
    tasks: Mapping[TaskId, Task] = field(default_factory=dict)
    dependencies: tuple[Dependency, ...] = ()
    calendar_days: Mapping[date, CalendarDay] = field(default_factory=dict)
    # Every other kind of entity (staff, sign-offs, registers), by kind, then by identity.
    tables: Mapping[str, Mapping[Hashable, object]] = field(default_factory=dict)

    def table(self, kind: str) -> Mapping[Hashable, object]:
        """The entities of one feature kind, by identity (empty when there are none)."""
        return self.tables.get(kind, {})

    @cached_property
    def calendar(self) -> WorkingCalendar:
        days = self.calendar_days.values()
        return WorkingCalendar.of(
            (d.day for d in days if d.kind is CalendarDayKind.CLOSURE),
            (d.day for d in days if d.kind is CalendarDayKind.EXTRA_WORKING))

    @cached_property
    def schedule(self) -> Schedule:
        return schedule(self.details.go_live, self.details.rules, self.calendar,
                        self.tasks.values(), self.dependencies)

    def findings(self, today: date) -> list[Finding]:
        """Every finding of the plan engine and of each feature, worst first.

        Worked out once per state and day: the window, the Dashboard and the Key dates tab
        each ask for them after the same edit.
        """
        known = self._findings_by_day
        if today not in known:
            found = plan_findings(self.details, self.calendar, self.tasks.values(),
                                  self.schedule, today)
            found += feature_findings(self, today)
            found.sort(key=lambda f: (f.severity.rank, f.day or date.max, f.code))
            known.clear()
            known[today] = tuple(found)
        return list(known[today])

    @cached_property
    def _findings_by_day(self) -> dict[date, tuple[Finding, ...]]:
        return {}

    def ordered_tasks(self) -> list[Task]:
        """Tasks in the order a person reads the plan: by start date, then position."""
        return list(self._reading_order)

    @cached_property
    def _reading_order(self) -> tuple[Task, ...]:
        # Sorted once per state: the task list and the timeline both ask after every edit.
        dates = self.schedule.dates
        return tuple(sorted(self.tasks.values(),
                            key=lambda t: (dates[t.id].start, t.start_time is None,
                                           t.start_time or 0, t.position, t.id)))

    def predecessors_of(self, task_id: TaskId) -> list[TaskId]:
        return [d.predecessor for d in self.dependencies if d.successor == task_id]

    def successors_of(self, task_id: TaskId) -> list[TaskId]:
        return [d.successor for d in self.dependencies if d.predecessor == task_id]

    def with_changes(self, items: Iterable[EntityChange]) -> PlanState:
        details = self.details
        tasks = dict(self.tasks)
        deps = list(self.dependencies)
        days = dict(self.calendar_days)
        tables = dict(self.tables)
        copied: set[str] = set()
        for item in items:
            before, after = item.before, item.after
            if isinstance(item.entity, Task):
                if isinstance(before, Task):
                    tasks.pop(before.id, None)
                if isinstance(after, Task):
                    tasks[after.id] = after
            elif isinstance(item.entity, Dependency):
                if isinstance(before, Dependency) and before in deps:
                    deps.remove(before)
                if isinstance(after, Dependency) and after not in deps:
                    deps.append(after)
            elif isinstance(item.entity, CalendarDay):
                if isinstance(before, CalendarDay):
                    days.pop(before.day, None)
                if isinstance(after, CalendarDay):
                    days[after.day] = after
            elif isinstance(item.entity, PlanDetails):
                if isinstance(after, PlanDetails):
                    details = after
            else:
                kind = item.kind
                if kind not in copied:
                    tables[kind] = dict(tables.get(kind, {}))
                    copied.add(kind)
                rows = tables[kind]
                assert isinstance(rows, dict)
                if before is not None:
                    rows.pop(entity_identity(before), None)
                if after is not None:
                    rows[entity_identity(after)] = after
        # Dependencies in one fixed order, so a state after undo equals the one before.
        deps.sort(key=lambda d: (d.predecessor, d.successor))
        return PlanState(details, tasks, tuple(deps), days, tables)
