"""Plan warnings: each checkable rule of the migration guide as a finding with a severity."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from cutover_desktop.domain.calendar import ONE_DAY, WorkingCalendar, bank_holiday_name
from cutover_desktop.domain.days import each_day
from cutover_desktop.domain.formatting import plural, uk_date
from cutover_desktop.domain.ids import TaskId
from cutover_desktop.domain.keydates import KeyDate, derive_key_dates, fdp_by_rule
from cutover_desktop.domain.model import PlanDetails, Task, TaskStatus
from cutover_desktop.domain.scheduling import Schedule

CUTOVER_LIMIT_HOURS = 72
CUTOVER_MIN_DAYS = 3
PLAN_WEEKS_NEEDED = 12
RECONFIRM_EVERY_DAYS = 14
RECONFIRM_FROM_DAYS_BEFORE = 28
READ_ONLY_ALERT_DAYS = 14
# Registering patients, as opposed to tasks about the registration link or a test record.
_REGISTRATION = re.compile(
    r"(?<![-\w])register(ing)?\s+(new\s+)?patients?\b|\b(new|patient|held)\s+registrations?\b",
    re.IGNORECASE)


def _about_registering(title: str) -> bool:
    # Every such title has "regist" in it: the pattern is only tried on those (it is slow
    # next to a plain search, and a plan can have thousands of titles).
    return "regist" in title.casefold() and _REGISTRATION.search(title) is not None


class Severity(StrEnum):
    PROBLEM = "problem"
    WARNING = "warning"
    NOTE = "note"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def rank(self) -> int:
        return {"problem": 0, "warning": 1, "note": 2}[self.value]


@dataclass(frozen=True)
class Finding:
    """One thing in the plan that needs a person's attention.

    Attributes:
        code: a stable rule code, such as ``DMD_WINDOW``, for scripts and tests.
        task_id: the task it concerns, if any, so a view can jump there.
        subject: the person or other thing it concerns, when it is not a task.
    """

    code: str
    severity: Severity
    message: str
    day: date | None = None
    task_id: TaskId | None = None
    subject: str = ""
    # The nearest day that satisfies the rule: the task's new start, or (with no task) a
    # new go-live date. None when the fix is not a date.
    fix_date: date | None = None


def _tagged(tasks: Iterable[Task], tag: str) -> list[Task]:
    return [task for task in tasks if tag in task.tags]


def plan_findings(
    details: PlanDetails,
    calendar: WorkingCalendar,
    tasks: Iterable[Task],
    schedule: Schedule,
    today: date,
) -> list[Finding]:
    """Every finding the plan engine can make without staff or sign-off data, worst first."""
    task_list = list(tasks)
    keys = schedule.key_dates
    findings: list[Finding] = []
    findings += _key_date_findings(details, calendar, keys)
    findings += _cutover_findings(details, calendar, keys, task_list)
    findings += _timing_findings(task_list, schedule, calendar)
    findings += _closed_day_findings(task_list, schedule, calendar)
    findings += _progress_findings(details, task_list, schedule, today)
    findings += [Finding("PLACEMENT", Severity.WARNING, issue.message, issue.day, issue.task_id)
                 for issue in schedule.issues]
    findings.sort(key=lambda f: (f.severity.rank, f.day or date.max, f.code))
    return findings


def key_date_findings(details: PlanDetails, calendar: WorkingCalendar) -> list[Finding]:
    """The findings about the key dates alone, as a go-live date would give them."""
    keys = derive_key_dates(details.go_live, details.rules, calendar)
    return _key_date_findings(details, calendar, keys) + \
        _cutover_findings(details, calendar, keys, [])


def _key_date_findings(
    details: PlanDetails, calendar: WorkingCalendar, keys: dict[KeyDate, date] | object
) -> list[Finding]:
    assert isinstance(keys, dict)
    found: list[Finding] = []
    for key in (KeyDate.FDP, KeyDate.TGL, KeyDate.BGL):
        day = keys[key]
        holiday = bank_holiday_name(day)
        if holiday:
            found.append(Finding("KEY_DATE_BANK_HOLIDAY", Severity.PROBLEM,
                                 f"{key.label} falls on a bank holiday ({holiday}).", day))
    for key in (KeyDate.TGL, KeyDate.BGL):
        day = keys[key]
        reason = calendar.why_not_working(day)
        if reason and not bank_holiday_name(day):
            found.append(Finding("KEY_DATE_NOT_WORKING", Severity.PROBLEM,
                                 f"{key.label} is on {uk_date(day)}, {reason}.", day))
    fdp, tgl, bgl = keys[KeyDate.FDP], keys[KeyDate.TGL], keys[KeyDate.BGL]
    by_rule = fdp_by_rule(bgl, details.rules)
    if by_rule >= tgl:
        holiday = bank_holiday_name(by_rule)
        on = f"{uk_date(by_rule)}" + (f" ({holiday})" if holiday else "")
        found.append(Finding("KEY_DATE_ORDER", Severity.PROBLEM,
                             f"Final Data Production, {details.rules.fdp_days_before_bgl} days "
                             f"before Business Go Live, would be on {on}, not before Technical "
                             f"Go Live on {uk_date(tgl)}; the plan puts it on {uk_date(fdp)}, "
                             "leaving no real cut-over. Choose another go-live date or change "
                             "the key-date rules.", fdp))
    inside = [day for day in each_day(fdp + ONE_DAY, bgl - ONE_DAY) if bank_holiday_name(day)]
    if inside:
        names = ", ".join(f"{bank_holiday_name(d)} ({uk_date(d)})" for d in inside)
        found.append(Finding("BANK_HOLIDAY_IN_CUTOVER", Severity.PROBLEM,
                             f"The bank {'holidays' if len(inside) > 1 else 'holiday'} "
                             f"{names} {'fall' if len(inside) > 1 else 'falls'} between "
                             f"Final Data Production ({uk_date(fdp)}) and Business Go Live "
                             f"({uk_date(bgl)}): suppliers and staff are off, and the "
                             "cut-over runs longer than planned.", inside[0]))
    if keys[KeyDate.SUPPORT_END] < keys[KeyDate.READ_ONLY_END]:
        found.append(Finding("SUPPORT_BEFORE_READ_ONLY", Severity.WARNING,
                             "Old-system support ends before read-only access does; "
                             "confirm both dates with the old supplier.",
                             keys[KeyDate.SUPPORT_END]))
    bgl = keys[KeyDate.BGL]
    if bgl.month in (10, 11, 12):
        found.append(Finding("BGL_FLU_SEASON", Severity.NOTE,
                             "Business Go Live is in the flu season (October to December), "
                             "when practices are at their busiest.", bgl))
    qof_year_end = date(bgl.year, 3, 31)
    if abs((bgl - qof_year_end).days) <= 21:
        found.append(Finding("BGL_QOF_YEAR_END", Severity.WARNING,
                             "Business Go Live is within three weeks of the QOF year-end "
                             f"({uk_date(qof_year_end)}); QOF reports may suffer.", bgl))
    period = holiday_period_near(keys, calendar)
    if period:
        first, last, names = period
        span = uk_date(first) if first == last else f"{uk_date(first)} to {uk_date(last)}"
        found.append(Finding("BGL_NEAR_HOLIDAY", Severity.NOTE,
                             f"The holiday period {span} ({names}) falls in the final week, "
                             "the cut-over or the first two working days after Business Go "
                             "Live, when the guide asks for a quiet, fully staffed practice.",
                             first))
    rules = details.rules
    if rules.planning_days_before_fdp < 28:
        found.append(Finding("PLANNING_MEETING_LATE", Severity.WARNING,
                             "The cut-over planning meeting should be at least 28 days before "
                             f"Final Data Production; it is {rules.planning_days_before_fdp}.",
                             keys[KeyDate.PLANNING_MEETING]))
    if not 1 <= rules.link_off_days_before_fdp <= 2:
        found.append(Finding("LINK_OFF_TIMING", Severity.WARNING,
                             "Third-party links should be switched off 1 to 2 days before "
                             f"Final Data Production; the plan says "
                             f"{plural(rules.link_off_days_before_fdp, 'day')}.",
                             keys[KeyDate.LINK_OFF]))
    return found


def _cutover_findings(
    details: PlanDetails, calendar: WorkingCalendar, keys: dict[KeyDate, date] | object,
    tasks: list[Task],
) -> list[Finding]:
    assert isinstance(keys, dict)
    found: list[Finding] = []
    fdp, tgl, bgl = keys[KeyDate.FDP], keys[KeyDate.TGL], keys[KeyDate.BGL]
    days = (tgl - fdp).days
    length = (f"{plural(days, 'day')} ({days * 24} hours), from Final Data Production on "
              f"{uk_date(fdp)} to Technical Go Live on {uk_date(tgl)}")
    holidays_inside = [name for d in each_day(fdp, tgl) if (name := bank_holiday_name(d))]
    if days * 24 > CUTOVER_LIMIT_HOURS:
        has_report = bool(_tagged(tasks, "ccio_report"))
        extra = "" if has_report else " Add a task to report it to the CCIO within 5 days."
        over = f"; it takes in {', '.join(holidays_inside)}" if holidays_inside else ""
        found.append(Finding("CUTOVER_OVER_72H", Severity.WARNING,
                             f"The cut-over runs {length}, more than "
                             f"{CUTOVER_LIMIT_HOURS} hours{over}.{extra}", fdp))
    elif 0 < days < CUTOVER_MIN_DAYS:
        found.append(Finding("CUTOVER_TOO_SHORT", Severity.WARNING,
                             f"The cut-over runs only {length}, under the guide's minimum of "
                             f"{CUTOVER_MIN_DAYS} days for the final extract to be loaded "
                             "and checked.", fdp))
    if (bgl - fdp).days > 14:
        found.append(Finding("CUTOVER_OVER_2_WEEKS", Severity.PROBLEM,
                             "The cut-over is longer than two weeks.", fdp))
    core_days = [fdp + timedelta(days=n) for n in range(1, (tgl - fdp).days)
                 if calendar.is_working_day(fdp + timedelta(days=n))]
    if core_days:
        found.append(Finding("CUTOVER_CORE_HOURS", Severity.WARNING,
                             f"The cut-over takes in {plural(len(core_days), 'working day')} "
                             f"(first {uk_date(core_days[0])}), so the practice works on paper "
                             "in core hours.", core_days[0]))
    return found


def _closed_day_findings(tasks: list[Task], schedule: Schedule,
                         calendar: WorkingCalendar) -> list[Finding]:
    """A milestone or sign-off gate on a day the practice is closed cannot happen as planned."""
    found: list[Finding] = []
    for task in tasks:
        is_gate = any(tag.startswith("gate:") for tag in task.tags)
        if not (task.milestone or is_gate) or task.status.is_closed:
            continue
        if "closed_day" in task.tags:  # the guide allows it (a weekend cut-over is fine)
            continue
        placed = schedule.dates[task.id]
        day = placed.start
        reason = calendar.why_not_working(day)
        if reason:
            # A task a predecessor pushed here cannot move earlier.
            fix = (calendar.next_working_day(day) if placed.pushed_by is not None
                   else nearest_working_day(day, calendar))
            found.append(Finding("MILESTONE_ON_CLOSED_DAY", Severity.WARNING,
                                 f"“{task.title}” falls on {uk_date(day)}, {reason}; move it to "
                                 "a working day, or mark the day as an extra working day.",
                                 day, task.id, fix_date=fix))
    return found


def _timing_findings(tasks: list[Task], schedule: Schedule,
                     calendar: WorkingCalendar) -> list[Finding]:
    found: list[Finding] = []
    keys = schedule.key_dates
    fdp, bgl = keys[KeyDate.FDP], keys[KeyDate.BGL]
    dmd_tasks = _tagged(tasks, "dmd_check")
    if not dmd_tasks:
        found.append(Finding("DMD_MISSING", Severity.PROBLEM,
                             "No dm+d mapping check is planned; EPS fails after go-live if it "
                             "is not checked on day −2 or −1.", bgl - timedelta(days=2)))
    first_day = calendar.add_working_days(bgl, -2)
    last_day = calendar.add_working_days(bgl, -1)
    for task in dmd_tasks:
        placed = schedule.dates[task.id]
        if placed.start < first_day or placed.end > last_day:
            fix = last_day - timedelta(days=task.duration_days - 1)
            found.append(Finding("DMD_WINDOW", Severity.PROBLEM,
                                 f"“{task.title}” must fall on the last two working days "
                                 f"before Business Go Live ({uk_date(first_day)} or "
                                 f"{uk_date(last_day)}); it is planned for "
                                 f"{uk_date(placed.start)}.", placed.start, task.id,
                                 fix_date=max(fix, first_day)))
    for task in tasks:
        if "registration_hold" in task.tags:
            continue
        if "registration_complete" not in task.tags and not _about_registering(task.title):
            continue
        placed = schedule.dates[task.id]
        if fdp <= placed.start < bgl and not task.status.is_closed:
            found.append(Finding("REGISTRATION_IN_CUTOVER", Severity.PROBLEM,
                                 f"“{task.title}” is planned during the cut-over "
                                 f"({uk_date(placed.start)}), when patients cannot be "
                                 "registered; move it to Business Go Live or later.",
                                 placed.start, task.id, fix_date=bgl))
    return found


def _progress_findings(
    details: PlanDetails, tasks: list[Task], schedule: Schedule, today: date
) -> list[Finding]:
    found: list[Finding] = []
    keys = schedule.key_dates
    bgl = keys[KeyDate.BGL]
    days_to_bgl = (bgl - today).days
    if 0 <= days_to_bgl <= RECONFIRM_FROM_DAYS_BEFORE:
        confirmed = details.go_live_confirmed_on
        if confirmed is None or (today - confirmed).days > RECONFIRM_EVERY_DAYS:
            message = (f"The go-live date has not been re-confirmed with the new supplier "
                       f"in the last {RECONFIRM_EVERY_DAYS} days." if confirmed is None else
                       f"The go-live date was last re-confirmed with the new supplier on "
                       f"{uk_date(confirmed)}, more than {RECONFIRM_EVERY_DAYS} days ago.")
            found.append(Finding("GO_LIVE_NOT_RECONFIRMED", Severity.WARNING, message, today))
    read_only_end = keys[KeyDate.READ_ONLY_END]
    if 0 <= (read_only_end - today).days <= READ_ONLY_ALERT_DAYS:
        found.append(Finding("READ_ONLY_ENDING", Severity.WARNING,
                             f"Read-only access to the old system ends on "
                             f"{uk_date(read_only_end)}: export what you still need, or agree "
                             "an extension with the commissioner.", read_only_end))
    overdue = [task for task in tasks if not task.status.is_closed
               and task.status is not TaskStatus.BLOCKED
               and schedule.dates[task.id].end < today]
    too_close = go_live_too_close(bgl, today, has_started(tasks), len(overdue))
    if too_close is not None:  # one finding, not a list of every task already late
        found.append(too_close)
        overdue = []
    for task in tasks:
        placed = schedule.dates[task.id]
        if task.status is TaskStatus.BLOCKED:
            found.append(Finding("TASK_BLOCKED", Severity.WARNING,
                                 f"“{task.title}” is blocked.", placed.start, task.id))
    for task in overdue:
        placed = schedule.dates[task.id]
        found.append(Finding("TASK_OVERDUE", Severity.WARNING,
                             f"“{task.title}” was due by {uk_date(placed.end)} and is "
                             f"{task.status.label.lower()}.", placed.end, task.id))
    return found


def has_started(tasks: Iterable[Task]) -> bool:
    """Whether work on the plan has begun: some task has moved on from Not started."""
    return any(task.status is not TaskStatus.NOT_STARTED for task in tasks)


def earliest_go_live(today: date, started: bool) -> date:
    """The earliest go-live worth suggesting: from today once work has started, otherwise
    after the guide's weeks of planning."""
    return today if started else today + timedelta(weeks=PLAN_WEEKS_NEEDED)


def go_live_too_close(go_live: date, today: date, started: bool,
                      overdue: int = 0) -> Finding | None:
    """The one rule for a go-live too close to plan for: nothing has started and go-live is
    sooner than the guide's weeks of planning (or has passed). `overdue` counts the tasks
    already past their dates. The date to move to is the first suggestion (the service adds
    it), so checking a plan never searches for dates."""
    if started or go_live >= earliest_go_live(today, started):
        return None
    if go_live < today:
        when = f"Business Go Live ({uk_date(go_live)}) has passed"
    else:
        weeks = (go_live - today).days // 7
        when = f"Business Go Live ({uk_date(go_live)}) is only {plural(weeks, 'week')} away"
    late = (f", and {plural(overdue, 'task')} would already be past their dates" if overdue
            else "")
    return Finding("GO_LIVE_TOO_CLOSE", Severity.PROBLEM,
                   f"{when} and work has not started: the guide plans a migration "
                   f"over {PLAN_WEEKS_NEEDED} to 16 weeks{late}. Choose a later go-live date.",
                   today)


def nearest_working_day(day: date, calendar: WorkingCalendar) -> date:
    """The working day closest to a day (the earlier one when two are as close)."""
    if calendar.is_working_day(day):
        return day
    before, after = calendar.previous_working_day(day), calendar.next_working_day(day)
    return before if (day - before) <= (after - day) else after


def _closed_run(day: date, calendar: WorkingCalendar) -> tuple[date, date]:
    first = last = day
    while not calendar.is_working_day(first - ONE_DAY):
        first -= ONE_DAY
    while not calendar.is_working_day(last + ONE_DAY):
        last += ONE_DAY
    return first, last


def _holiday_run(day: date, calendar: WorkingCalendar) -> tuple[date, date]:
    """The closed days around a bank holiday, Christmas and New Year taken as one period."""
    first, last = _closed_run(day, calendar)
    if (first.month, first.day) >= (12, 20):
        new_year = date(first.year + 1, 1, 1)
        while not bank_holiday_name(new_year):
            new_year += ONE_DAY
        last = max(last, _closed_run(new_year, calendar)[1])
    elif last.month == 1 and last.day <= 4:
        first = min(first, _closed_run(date(last.year - 1, 12, 25), calendar)[0])
    return first, last


def holiday_period_near(
    keys: dict[KeyDate, date] | object, calendar: WorkingCalendar
) -> tuple[date, date, str] | None:
    """A bank-holiday period in the final week, the cut-over or the two working days after
    go-live, unless its bank holidays are inside the cut-over (a Problem of its own)."""
    assert isinstance(keys, dict)
    fdp, bgl = keys[KeyDate.FDP], keys[KeyDate.BGL]
    start = calendar.add_working_days(fdp, -5)
    end = calendar.add_working_days(bgl, 2)
    for day in each_day(start - timedelta(days=14), end):
        if not bank_holiday_name(day) or fdp < day < bgl:
            continue
        first, last = _holiday_run(day, calendar)
        if last >= start and first <= end:
            names = dict.fromkeys(n for d in each_day(first, last) if (n := bank_holiday_name(d)))
            return first, last, ", ".join(names)
    return None
