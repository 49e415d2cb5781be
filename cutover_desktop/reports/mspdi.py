"""A plan written as MS Project XML (MSPDI), the file Microsoft Project, ProjectLibre and
GanttProject all read: phases as summary tasks, tasks with their dates and times, milestones,
finish-to-start links, the practice's working days, the staff as resources, the key dates."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from cutover_desktop.domain.calendar import bank_holiday_name
from cutover_desktop.domain.ids import TaskId
from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.model import CalendarDayKind, Priority, Task, TaskStatus
from cutover_desktop.domain.plan import PlanState
from cutover_desktop.domain.staff import Assignment, Person

NAMESPACE = "http://schemas.microsoft.com/project"
# The practice day as the file's calendar has it: tasks without times run all of it.
DAY_START = time(9, 0)
DAY_FINISH = time(17, 0)
TIMES_FIELD_ID = 188743731  # MS Project's Text1 field: a task's one time of day
MINUTES_PER_DAY = 8 * 60
CALENDAR_UID = 1
KEY_DATES_SUMMARY = "Key dates"
# Key dates go out as milestones named so; the import knows them by this and leaves them out.
KEY_DATE_PREFIX = "Key date: "
PERCENT_DONE = {TaskStatus.DONE: 100, TaskStatus.SKIPPED: 100, TaskStatus.IN_PROGRESS: 50}
PRIORITY_NUMBER = {Priority.LOW: 300, Priority.NORMAL: 500, Priority.HIGH: 700}
# MSPDI codes: task type fixed duration, constraint "start no earlier than", link finish-to-start.
FIXED_DURATION = 1
START_NO_EARLIER_THAN = 4
MUST_START_ON = 2
FINISH_TO_START = 1
DAYS_FORMAT = 7


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


def duration_text(minutes: int) -> str:
    return f"PT{minutes // 60}H{minutes % 60}M0S"


@dataclass(frozen=True)
class _Row:
    """One line of the Gantt chart as the file lists it."""

    uid: int
    name: str
    level: int
    outline: str
    start: datetime
    finish: datetime
    summary: bool = False
    milestone: bool = False
    task: Task | None = None


class _Writer:
    def __init__(self, state: PlanState, saved_at: datetime) -> None:
        self.state = state
        self.saved_at = saved_at.replace(tzinfo=None, microsecond=0)
        self.dates = state.schedule.dates
        self.calendar = state.calendar
        self.waits_for: dict[TaskId, list[TaskId]] = {}
        for dep in state.dependencies:
            self.waits_for.setdefault(dep.successor, []).append(dep.predecessor)

    # Where each task sits in time

    def span(self, task: Task) -> tuple[datetime, datetime]:
        placed = self.dates[task.id]
        start = datetime.combine(placed.start, task.start_time or DAY_START)
        if task.milestone and task.end_time is None:
            return start, start
        finish = datetime.combine(placed.end, task.end_time or DAY_FINISH)
        if finish <= start:  # a start time late in the day and no end time
            finish = min(start + timedelta(hours=1), datetime.combine(placed.end, time(23, 59)))
        return start, finish

    def working_minutes(self, task: Task, start: datetime, finish: datetime) -> int:
        if finish == start:
            return 0
        if start.date() == finish.date() and (task.start_time or task.end_time):
            return max(1, int((finish - start).total_seconds() // 60))
        days = self.calendar.working_days_between(start.date(), finish.date())
        return max(1, days) * MINUTES_PER_DAY

    def rows(self) -> list[_Row]:
        rows: list[_Row] = []
        next_uid = max(self.state.tasks, default=0) + 1
        keys = self.state.schedule.key_dates
        if keys:
            outline = str(len(rows) + 1)
            days = sorted(keys.values())
            rows.append(_Row(next_uid, KEY_DATES_SUMMARY, 1, outline,
                             datetime.combine(days[0], DAY_START),
                             datetime.combine(days[-1], DAY_START), summary=True))
            next_uid += 1
            for number, key in enumerate(KeyDate, start=1):
                moment = datetime.combine(keys[key], DAY_START)
                rows.append(_Row(next_uid, KEY_DATE_PREFIX + key.label, 2,
                                 f"{outline}.{number}", moment, moment, milestone=True))
                next_uid += 1
        by_phase: dict[str, list[Task]] = {}
        for task in self.state.ordered_tasks():
            by_phase.setdefault(task.phase, []).append(task)
        phases = [p for p in self.state.details.phases if p in by_phase]
        phases += [p for p in by_phase if p not in phases]
        for phase in phases:
            outline = str(sum(1 for r in rows if r.level == 1) + 1)
            spans = [self.span(t) for t in by_phase[phase]]
            rows.append(_Row(next_uid, phase, 1, outline, min(s for s, _ in spans),
                             max(f for _, f in spans), summary=True))
            next_uid += 1
            for number, (task, (start, finish)) in enumerate(zip(by_phase[phase], spans,
                                                                 strict=True), start=1):
                rows.append(_Row(int(task.id), task.title, 2, f"{outline}.{number}", start,
                                 finish, milestone=task.milestone, task=task))
        return rows

    # The document

    def document(self) -> ET.Element:
        rows = self.rows()
        details = self.state.details
        first = min((r.start for r in rows), default=datetime.combine(details.go_live,
                                                                       DAY_START))
        last = max((r.finish for r in rows), default=first)
        root = ET.Element("Project", xmlns=NAMESPACE)
        title = f"{details.practice_name} ({details.ods_code}) cut-over"
        _texts(root, SaveVersion=14, Name=title, Title=title, Company=details.practice_name,
               CreationDate=stamp(self.saved_at), LastSaved=stamp(self.saved_at),
               ScheduleFromStart=1, StartDate=stamp(first), FinishDate=stamp(last),
               CalendarUID=CALENDAR_UID, DefaultStartTime=f"{DAY_START:%H:%M:%S}",
               DefaultFinishTime=f"{DAY_FINISH:%H:%M:%S}", MinutesPerDay=MINUTES_PER_DAY,
               MinutesPerWeek=5 * MINUTES_PER_DAY, DaysPerMonth=20, DurationFormat=DAYS_FORMAT,
               WeekStartDay=1)
        field = ET.SubElement(ET.SubElement(root, "ExtendedAttributes"), "ExtendedAttribute")
        _texts(field, FieldID=TIMES_FIELD_ID, FieldName="Text1", Alias="Times of day")
        self.write_calendar(ET.SubElement(root, "Calendars"), first.date(), last.date())
        tasks = ET.SubElement(root, "Tasks")
        self.write_task(tasks, _Row(0, title, 0, "0", first, last, summary=True), 0)
        for row_id, row in enumerate(rows, start=1):
            self.write_task(tasks, row, row_id)
        self.write_staff(ET.SubElement(root, "Resources"), ET.SubElement(root, "Assignments"))
        return root

    def write_calendar(self, parent: ET.Element, first: date, last: date) -> None:
        calendar = ET.SubElement(parent, "Calendar")
        _texts(calendar, UID=CALENDAR_UID, Name="Practice working days", IsBaseCalendar=1,
               BaseCalendarUID=-1)
        week = ET.SubElement(calendar, "WeekDays")
        for day_type in range(1, 8):  # 1 is Sunday
            working = 2 <= day_type <= 6
            weekday = ET.SubElement(week, "WeekDay")
            _texts(weekday, DayType=day_type, DayWorking=int(working))
            if working:
                _working_times(weekday)
        exceptions = ET.SubElement(calendar, "Exceptions")
        for day, name, working in self.exceptions(first, last):
            item = ET.SubElement(exceptions, "Exception")
            _texts(item, EnteredByOccurrences=0)
            period = ET.SubElement(item, "TimePeriod")
            _texts(period, FromDate=stamp(datetime.combine(day, time(0, 0))),
                   ToDate=stamp(datetime.combine(day, time(23, 59))))
            _texts(item, Occurrences=1, Name=name, Type=1, DayWorking=int(working))
            if working:
                _working_times(item)

    def exceptions(self, first: date, last: date) -> list[tuple[date, str, bool]]:
        """Bank holidays of every year the plan touches, closures and extra working days."""
        found: dict[date, tuple[str, bool]] = {}
        day = date(first.year, 1, 1)
        while day <= date(last.year, 12, 31):
            name = bank_holiday_name(day)
            if name and day.weekday() < 5:
                found[day] = (name, False)
            day += timedelta(days=1)
        for entry in self.state.calendar_days.values():
            closed = entry.kind is CalendarDayKind.CLOSURE
            label = entry.kind.label + (f": {entry.note}" if entry.note else "")
            found[entry.day] = (label, not closed)
        return [(day, name, working) for day, (name, working) in sorted(found.items())]

    def write_task(self, parent: ET.Element, row: _Row, row_id: int) -> None:
        task = row.task
        element = ET.SubElement(parent, "Task")
        if task is not None:
            minutes = self.working_minutes(task, row.start, row.finish)
        elif row.summary:  # the working days the phase spans
            days = self.calendar.working_days_between(row.start.date(), row.finish.date())
            minutes = days * MINUTES_PER_DAY
        else:
            minutes = 0
        _texts(element, UID=row.uid, ID=row_id, Name=row.name, Type=FIXED_DURATION, IsNull=0,
               CreateDate=stamp(self.saved_at), WBS=row.outline, OutlineNumber=row.outline,
               OutlineLevel=row.level,
               Priority=PRIORITY_NUMBER[task.priority] if task else 500,
               Start=stamp(row.start), Finish=stamp(row.finish), Duration=duration_text(minutes),
               DurationFormat=DAYS_FORMAT, Milestone=int(row.milestone),
               Summary=int(row.summary),
               PercentComplete=PERCENT_DONE.get(task.status, 0) if task else 0)
        if not row.summary:
            # Keeps each task on its day when the other program recalculates the plan.
            pinned = task is not None and task.is_pinned
            _texts(element, ConstraintType=MUST_START_ON if pinned else START_NO_EARLIER_THAN,
                   ConstraintDate=stamp(row.start))
        if task and task.notes:
            _texts(element, Notes=task.notes)
        if task:
            for predecessor in sorted(self.waits_for.get(task.id, ())):
                link = ET.SubElement(element, "PredecessorLink")
                _texts(link, PredecessorUID=int(predecessor), Type=FINISH_TO_START,
                       CrossProject=0, LinkLag=0, LagFormat=DAYS_FORMAT)
        if task and not task.milestone and (task.start_time is None) != (task.end_time is None):
            # Start and Finish must both be moments; this keeps which one the plan really set.
            _texts(ET.SubElement(element, "ExtendedAttribute"), FieldID=TIMES_FIELD_ID,
                   Value=times_of_day_text(task.start_time, task.end_time))

    def write_staff(self, resources: ET.Element, assignments: ET.Element) -> None:
        people = sorted((p for p in self.state.table("staff").values()
                         if isinstance(p, Person)), key=lambda p: (p.name.casefold(), p.id))
        for number, person in enumerate(people, start=1):
            element = ET.SubElement(resources, "Resource")
            _texts(element, UID=int(person.id), ID=number, Name=person.name, Type=1, IsNull=0,
                   Initials=_initials(person.name), Group=person.role, MaxUnits="1.00")
            if person.notes or person.organisation:
                _texts(element, Notes="\n".join(filter(None, (person.organisation.label,
                                                               person.notes))))
        known = {p.id for p in people}
        links: Iterable[object] = self.state.table("assignment").values()
        chosen = sorted((a for a in links if isinstance(a, Assignment)
                         and a.person_id in known and a.task_id in self.state.tasks),
                        key=lambda a: (a.task_id, a.person_id))
        for uid, assignment in enumerate(chosen, start=1):
            task = self.state.tasks[TaskId(assignment.task_id)]
            start, finish = self.span(task)
            element = ET.SubElement(assignments, "Assignment")
            _texts(element, UID=uid, TaskUID=int(task.id), ResourceUID=int(assignment.person_id),
                   Finish=stamp(finish), Start=stamp(start), Units="1",
                   Work=duration_text(self.working_minutes(task, start, finish)))


def times_of_day_text(start: time | None, end: time | None) -> str:
    """'from 08:00', 'until 17:00': the times a task has when it has only one of them."""
    return f"from {start:%H:%M}" if start is not None else f"until {end:%H:%M}"


# Characters XML 1.0 does not allow: a file holding one is unreadable to every program.
# Word's Shift+Enter (vertical tab) and page breaks (form feed) become line breaks.
_NOT_XML = re.compile("[\x00-\x08\x0e-\x1f\ufffe\uffff]")
_LINE_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})


def xml_text(value: object) -> str:
    return _NOT_XML.sub("", str(value).translate(_LINE_BREAKS))


def _texts(parent: ET.Element, **fields: object) -> None:
    """Child elements in the order given: MSPDI readers expect the schema's order."""
    for name, value in fields.items():
        text = xml_text(value)
        ET.SubElement(parent, name).text = " ".join(text.split()) if name == "Name" else text


def _working_times(parent: ET.Element) -> None:
    times = ET.SubElement(ET.SubElement(parent, "WorkingTimes"), "WorkingTime")
    _texts(times, FromTime=f"{DAY_START:%H:%M:%S}", ToTime=f"{DAY_FINISH:%H:%M:%S}")


def _initials(name: str) -> str:
    return "".join(word[0] for word in name.split() if word[:1].isalpha()).upper()[:4]


def mspdi_bytes(state: PlanState, saved_at: datetime) -> bytes:
    """The whole plan as an MSPDI document (UTF-8)."""
    root = _Writer(state, saved_at).document()
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
