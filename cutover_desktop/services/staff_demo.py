"""A fictional staff list for the demonstration plan, screenshots and benchmarks."""

from __future__ import annotations

import random
from datetime import time, timedelta

from cutover_desktop.domain.absences import Absence, AbsenceKind
from cutover_desktop.domain.changes import Changes, EntityChange
from cutover_desktop.domain.ids import AbsenceId, PersonId, TaskId
from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.staff import Assignment, Person
from cutover_desktop.domain.staff_roles import Organisation
from cutover_desktop.domain.working_hours import WorkingPattern, weekday_shifts
from cutover_desktop.services.planner import PlanService
from cutover_desktop.services.staff import StaffService

_FIRST = ("Amira", "Ben", "Chloe", "Dev", "Ellie", "Farid", "Grace", "Harry", "Isla", "Jamal",
          "Kate", "Liam", "Maya", "Nate", "Olu", "Priya", "Quinn", "Rosa", "Sam", "Tara",
          "Umar", "Vera", "Will", "Xena", "Yusuf", "Zoe")
_LAST = ("Adams", "Begum", "Clarke", "Desai", "Evans", "Fraser", "Green", "Hughes", "Iqbal",
         "Jones", "Khan", "Lewis", "Morgan", "Nowak", "Owen", "Patel", "Quayle", "Reid",
         "Shah", "Turner", "Usman", "Vaughan", "Walsh", "Young")
# The make-up of a practice of 30, repeated for larger lists.
_ROLES = (
    ("Practice manager", Organisation.PRACTICE), ("Lead GP", Organisation.PRACTICE),
    ("GP", Organisation.PRACTICE), ("GP", Organisation.PRACTICE), ("GP", Organisation.PRACTICE),
    ("GP", Organisation.PRACTICE), ("Nurse", Organisation.PRACTICE),
    ("Nurse", Organisation.PRACTICE), ("Nurse", Organisation.PRACTICE),
    ("HCA", Organisation.PRACTICE), ("HCA", Organisation.PRACTICE),
    ("Receptionist", Organisation.PRACTICE), ("Receptionist", Organisation.PRACTICE),
    ("Receptionist", Organisation.PRACTICE), ("Receptionist", Organisation.PRACTICE),
    ("Receptionist", Organisation.PRACTICE), ("Receptionist", Organisation.PRACTICE),
    ("Administrator", Organisation.PRACTICE), ("Administrator", Organisation.PRACTICE),
    ("Administrator", Organisation.PRACTICE), ("Registrations clerk", Organisation.PRACTICE),
    ("Dispensary", Organisation.PRACTICE), ("Dispensary", Organisation.PRACTICE),
    ("Project manager", Organisation.CSU), ("CSU engineer", Organisation.CSU),
    ("CSU trainer", Organisation.CSU), ("RA agent", Organisation.CSU),
    ("Supplier trainer", Organisation.NEW_SUPPLIER),
    ("Supplier trainer", Organisation.NEW_SUPPLIER), ("Receptionist", Organisation.PRACTICE),
)
_PART_TIME = ((1, 3), (0, 1, 2), (2, 3, 4), (0, 2, 4))


def demonstration_staff(plan: PlanService, count: int = 30, seed: int = 7) -> Changes:
    """Add `count` fictional people with patterns, leave and go-live tasks, as one step.

    One receptionist has leave on Technical Go Live while assigned a task that day, so the
    grid and the dashboard have a conflict to show.
    """
    rng = random.Random(seed)
    staff = StaffService(plan)
    keys = plan.schedule().key_dates
    tgl, bgl, fdp = keys[KeyDate.TGL], keys[KeyDate.BGL], keys[KeyDate.FDP]
    next_person = int(staff.next_person_id())
    next_absence = int(staff.next_absence_id())
    used: set[str] = {p.name for p in staff.people()}
    items: list[EntityChange] = []
    people: list[Person] = []
    for number in range(count):
        role, organisation = _ROLES[number % len(_ROLES)]
        name = _name(rng, used)
        pid = PersonId(next_person + number)
        ready = rng.random() < 0.85
        person = Person(pid, name, role, organisation,
                        contact=f"{name.lower().replace(' ', '.')}@example.nhs.uk",
                        site="Riverside branch" if rng.random() < 0.2 else "Main surgery",
                        trained_on=tgl - timedelta(days=rng.randint(3, 20)) if ready else None,
                        smartcard_on=tgl - timedelta(days=rng.randint(1, 10)) if ready else None)
        people.append(person)
        items.append(EntityChange(None, person))
        part_time = rng.random() < 0.3 and role not in ("Practice manager", "Project manager")
        days = rng.choice(_PART_TIME) if part_time else (0, 1, 2, 3, 4)
        start = rng.choice((time(8), time(8, 30), time(9)))
        end = time(13) if part_time and rng.random() < 0.5 else rng.choice(
            (time(16, 30), time(17), time(18, 30)))
        items.append(EntityChange(None, WorkingPattern(pid, None, weekday_shifts(days, start,
                                                                                  end))))
        if rng.random() < 0.1:
            # A change of hours from the week of go-live.
            items.append(EntityChange(None, WorkingPattern(
                pid, bgl - timedelta(days=bgl.weekday()), weekday_shifts((0, 1, 2, 3), start,
                                                                         time(16)))))
        if rng.random() < 0.35:
            first = fdp + timedelta(days=rng.randint(-20, 25))
            kind = rng.choice((AbsenceKind.ANNUAL_LEAVE, AbsenceKind.ANNUAL_LEAVE,
                               AbsenceKind.TRAINING, AbsenceKind.SICKNESS))
            part = kind is AbsenceKind.TRAINING and rng.random() < 0.5
            items.append(EntityChange(None, Absence(
                AbsenceId(next_absence), pid, kind, first,
                first + timedelta(days=0 if part else rng.randint(0, 6)),
                time(13) if part else None, time(17) if part else None)))
            next_absence += 1
    go_live_tasks = [t for t in plan.state.ordered_tasks()
                     if fdp <= plan.schedule().dates[t.id].start <= bgl + timedelta(days=2)]
    for task in go_live_tasks:
        for person in rng.sample(people, k=min(len(people), rng.randint(1, 3))):
            items.append(EntityChange(None, Assignment(TaskId(task.id), person.id)))
    # The conflict the demonstration shows: a receptionist on leave on TGL with a TGL task.
    desk = next((p for p in people if p.role == "Receptionist"), None)
    tgl_task = next((t for t in go_live_tasks if "tgl" in t.tags), None)
    if desk is not None and tgl_task is not None:
        items = [i for i in items if not (isinstance(i.after, Absence)
                                          and i.after.person_id == desk.id)]
        items.append(EntityChange(None, Absence(AbsenceId(next_absence), desk.id,
                                                AbsenceKind.ANNUAL_LEAVE, tgl, tgl,
                                                note="Booked before the date was set")))
        if (tgl_task.id, desk.id) not in {(i.after.task_id, i.after.person_id) for i in items
                                          if isinstance(i.after, Assignment)}:
            items.append(EntityChange(None, Assignment(tgl_task.id, desk.id, 60)))
    return plan.apply(Changes(f"Add {count} demonstration staff", tuple(items)))


def _name(rng: random.Random, used: set[str]) -> str:
    while True:
        name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
        if name not in used:
            used.add(name)
            return name
        if len(used) >= len(_FIRST) * len(_LAST):
            name = f"{name} {len(used)}"
            used.add(name)
            return name

