"""Plans for the printing and exchange tests: staff, times, long notes, markup, big plans."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

from cutover_desktop.domain.absences import AbsenceKind
from cutover_desktop.domain.changes import Changes, EntityChange
from cutover_desktop.domain.ids import PersonId, TaskId
from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.model import Anchor, Task, TaskStatus
from cutover_desktop.domain.signoff import SignOffInput, SupplierContact
from cutover_desktop.domain.staff import Assignment
from cutover_desktop.domain.working_hours import WorkingPattern, weekday_shifts
from cutover_desktop.services.planner import PlanService
from cutover_desktop.services.signoff import SignoffService
from cutover_desktop.services.staff import StaffService

# Made-up people; no real patient or staff data.
PEOPLE = (
    ("Sam Okafor", "Practice manager", (0, 1, 2, 3, 4), time(8, 0), time(16, 30)),
    ("Dr Asha Patel", "Lead GP", (0, 1, 2, 3, 4), time(8, 0), time(18, 30)),
    ("Jo Brennan", "Receptionist", (1, 3), time(8, 30), time(13, 0)),
    ("Priya Shah", "Nurse", (0, 1, 2, 3), time(9, 0), time(17, 0)),
    ("Tom Walsh", "Registrations clerk", (0, 1, 2, 3, 4), time(9, 0), time(17, 0)),
    ("Lee Carter", "CSU trainer", (0, 1, 2, 3, 4), time(9, 0), time(17, 0)),
    ("Ana Costa", "Administrator", (0, 2, 4), time(9, 0), time(15, 0)),
    ("Chris Dunn", "Project manager", (0, 1, 2, 3, 4), time(8, 30), time(17, 0)),
)
MARKUP_TITLE = "<b>Check</b> the A&E letters & <i>lab</i> results <script>x</script>"


def staff_plan(service: PlanService) -> dict[str, PersonId]:
    """Add the people above with their patterns, leave on TGL for Jo, times on the go-live
    tasks, and assign people to the tasks of the cut-over days. Returns names to ids."""
    staff = StaffService(service)
    ids: dict[str, PersonId] = {}
    for name, role, days, start, end in PEOPLE:
        person = staff.new_person(name, role)
        staff.add_person(person, WorkingPattern(person.id, None, weekday_shifts(days, start, end)))
        ids[name] = person.id
    keys = service.schedule().key_dates
    tgl = keys[KeyDate.TGL]
    staff.add_absence(staff.new_absence(ids["Jo Brennan"], kind=AbsenceKind.ANNUAL_LEAVE,
                                        first=tgl, last=tgl))
    staff.add_absence(staff.new_absence(ids["Ana Costa"], kind=AbsenceKind.TRAINING,
                                        first=tgl - timedelta(days=1),
                                        last=tgl + timedelta(days=1)))
    # Times and people on every task of FDP to BGL+1.
    dates = service.schedule().dates
    first, last = keys[KeyDate.FDP], keys[KeyDate.BGL] + timedelta(days=1)
    names = list(ids)
    items: list[EntityChange] = []
    assignments: list[EntityChange] = []
    for number, task in enumerate(sorted(service.state.tasks.values(), key=lambda t: t.id)):
        placed = dates[task.id]
        if not (first <= placed.start <= last):
            continue
        if number % 3 != 2 and placed.start == placed.end:
            hour = 8 + number % 9
            items.append(EntityChange(task, replace(task, start_time=time(hour, 0),
                                                    end_time=time(hour, 45))))
        for person in (names[number % len(names)], names[(number + 3) % len(names)]):
            assignments.append(EntityChange(None, Assignment(task.id, ids[person])))
    service.apply(Changes("Set times", tuple(items)))
    service.apply(Changes("Assign people", tuple(assignments)))
    return ids


def sign_a_gate(service: PlanService) -> None:
    SignoffService(service, now=lambda: datetime(2026, 11, 28, 11, 0, tzinfo=UTC)).sign(
        "go_live_data",
        SignOffInput("Dr Asha Patel", "Lead GP", "I accept the go-live data <as checked>.",
                     "20 sample records & random records rechecked; QOF report compared",
                     "Two degraded codes", SupplierContact.EMAIL, "INC-7", date(2026, 11, 27)),
        confirm_not_done=True)


def grow(service: PlanService, total: int, seed: int = 7) -> None:
    """Add tasks until the plan has `total`: spread over the plan's span, some timed, some long,
    some with long notes, a few pinned or done."""
    rng = random.Random(seed)
    phases = service.details.phases
    next_id = max(service.state.tasks) + 1
    items = []
    words = ("check", "record", "confirm", "switch", "train", "review", "book", "tell",
             "registrations", "pathology", "scanning", "workflow", "smartcards", "EPS",
             "dispensary", "letters", "appointments", "reports")
    while len(service.state.tasks) + len(items) < total:
        title = " ".join(rng.choice(words) for _ in range(rng.randint(3, 14))).capitalize()
        notes = " ".join(rng.choice(words) for _ in range(rng.choice((0, 0, 8, 40, 120))))
        start = time(rng.randint(7, 17), rng.choice((0, 30))) if rng.random() < 0.3 else None
        task = Task(
            id=TaskId(next_id), title=title, phase=rng.choice(phases),
            anchor=Anchor.key(KeyDate.BGL), offset=rng.randint(-110, 60),
            duration_days=rng.choice((1, 1, 1, 2, 5, 20)), start_time=start,
            end_time=(time(start.hour + 1, start.minute) if start else None),
            owner_role=rng.choice(("Practice manager", "Lead GP", "Receptionist", "")),
            site=rng.choice(("", "Main surgery", "Branch")), notes=notes,
            status=rng.choice((TaskStatus.NOT_STARTED,) * 4 + (TaskStatus.DONE,)),
            position=next_id)
        items.append(EntityChange(None, task))
        next_id += 1
    service.apply(Changes("Grow the plan", tuple(items)))


def crowded_day(service: PlanService, day: date, count: int) -> list[TaskId]:
    """Add `count` tasks pinned to one day (for the long-table and benchmark cases)."""
    next_id = max(service.state.tasks) + 1
    phases = service.details.phases
    items = []
    for n in range(count):
        start = time(7 + (n % 12), (n * 5) % 60) if n % 4 else None
        task = Task(
            id=TaskId(next_id + n), title=f"Crowded task {n + 1:03d}: check batch {n + 1}",
            phase=phases[n % len(phases)], anchor=Anchor.key(KeyDate.BGL),
            offset=(day - service.details.go_live).days, pinned_date=day,
            start_time=start, end_time=(time(start.hour, 55) if start else None),
            owner_role="Receptionist", notes="Count the batch and initial it." * (n % 3),
            position=next_id + n)
        items.append(EntityChange(None, task))
    service.apply(Changes("Crowd a day", tuple(items)))
    return [TaskId(next_id + n) for n in range(count)]
