"""The timeline's content for printing: phases, task bars, key dates and non-working days."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from cutover_desktop.domain.days import day_count
from cutover_desktop.domain.ids import TaskId
from cutover_desktop.domain.model import TaskStatus
from cutover_desktop.domain.plan import PlanState
from cutover_desktop.reports.document import PageFrame


@dataclass(frozen=True)
class TimelinePhase:
    name: str
    count: int


@dataclass(frozen=True)
class TimelineTask:
    task_id: TaskId
    title: str
    start: date
    end: date
    status: TaskStatus
    milestone: bool

    @property
    def status_text(self) -> str:
        return self.status.label


@dataclass(frozen=True)
class TimelineKeyDate:
    short: str
    label: str
    day: date


@dataclass(frozen=True)
class TimelineReport:
    frame: PageFrame
    title: str
    rows: tuple[TimelinePhase | TimelineTask, ...]
    first_day: date
    last_day: date
    key_dates: tuple[TimelineKeyDate, ...]
    # Days that are not working days, with why: "weekend", "bank holiday", "closed".
    non_working: Mapping[date, str]
    today: date | None = None

    @property
    def day_count(self) -> int:
        return day_count(self.first_day, self.last_day)


def timeline_report(state: PlanState, frame: PageFrame,
                    today: date | None = None) -> TimelineReport:
    """Every task under its phase, from the first day anything happens to the last."""
    schedule = state.schedule
    dates = schedule.dates
    first, last = schedule.span()
    # Whole weeks, Monday to Sunday, so the page edges fall on week lines.
    first -= timedelta(days=first.weekday())
    last += timedelta(days=6 - last.weekday())
    by_phase: dict[str, list[TimelineTask]] = {}
    for task in state.ordered_tasks():
        placed = dates[task.id]
        by_phase.setdefault(task.phase, []).append(TimelineTask(
            task.id, task.title, placed.start, placed.end, task.status, task.milestone))
    phases = [p for p in state.details.phases if p in by_phase]
    phases += sorted(p for p in by_phase if p not in phases)
    rows: list[TimelinePhase | TimelineTask] = []
    for phase in phases:
        rows.append(TimelinePhase(phase, len(by_phase[phase])))
        rows += by_phase[phase]
    calendar = state.calendar
    non_working: dict[date, str] = {}
    day = first
    while day <= last:
        reason = calendar.why_not_working(day)
        if reason:
            non_working[day] = ("closed" if "closure" in reason
                                else "bank holiday" if "bank holiday" in reason else "weekend")
        day += timedelta(days=1)
    keys = tuple(TimelineKeyDate(k.short, k.label, when)
                 for k, when in schedule.key_dates.items())
    return TimelineReport(frame, "Timeline", tuple(rows), first, last, keys, non_working,
                          today if today and first <= today <= last else None)
