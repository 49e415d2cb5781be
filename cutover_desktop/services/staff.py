"""StaffService: the staff register, patterns, absences, assignments and cover needs as edits."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from cutover_desktop.domain.absences import Absence
from cutover_desktop.domain.changes import Changes, EntityChange
from cutover_desktop.domain.errors import ValidationError
from cutover_desktop.domain.formatting import plural, uk_date
from cutover_desktop.domain.ids import AbsenceId, PersonId, TaskId
from cutover_desktop.domain.model import Task
from cutover_desktop.domain.staff import (
    Assignment,
    CoverDay,
    CoverNeed,
    Person,
    assignments_of,
    people_of,
)
from cutover_desktop.domain.staff_roles import STANDARD_ROLES, Organisation, canonical_role
from cutover_desktop.domain.staff_rules import (
    Conflict,
    person_cleanup,
    staff_conflicts,
    staff_findings,
)
from cutover_desktop.domain.working_hours import WorkingPattern, weekday_shifts
from cutover_desktop.services.planner import NO_CHANGE, PlanService

if TYPE_CHECKING:
    from cutover_desktop.domain.coverage import Coverage

DEFAULT_WEEKDAYS = (0, 1, 2, 3, 4)


class StaffService:
    """Every staff action on one plan; each edit is one undo step of the PlanService."""

    def __init__(self, plan: PlanService) -> None:
        self.plan = plan

    # Reading

    def people(self) -> list[Person]:
        return people_of(self.plan.state)

    def person(self, person_id: PersonId) -> Person:
        found = self.plan.state.table("staff").get(person_id)
        if not isinstance(found, Person):
            raise ValidationError("That person is no longer in the staff register.")
        return found

    def person_named(self, name: str) -> Person | None:
        wanted = " ".join(name.split()).casefold()
        for person in self.plan.state.table("staff").values():
            if isinstance(person, Person) and person.name.casefold() == wanted:
                return person
        return None

    def patterns_of(self, person_id: PersonId) -> list[WorkingPattern]:
        found = [p for p in self.plan.state.table("working_pattern").values()
                 if isinstance(p, WorkingPattern) and p.person_id == person_id]
        return sorted(found, key=lambda p: p.valid_from or date.min)

    def absences(self) -> list[Absence]:
        found = [a for a in self.plan.state.table("absence").values() if isinstance(a, Absence)]
        return sorted(found, key=lambda a: (a.first, a.id))

    def absences_of(self, person_id: PersonId) -> list[Absence]:
        return [a for a in self.absences() if a.person_id == person_id]

    def absence(self, absence_id: AbsenceId) -> Absence:
        found = self.plan.state.table("absence").get(absence_id)
        if not isinstance(found, Absence):
            raise ValidationError("That absence is no longer in the plan.")
        return found

    def assignments(self) -> list[Assignment]:
        return assignments_of(self.plan.state)

    def assignments_for_task(self, task_id: TaskId) -> list[Assignment]:
        names = {p.id: p.name.casefold() for p in self.people()}
        found = [a for a in self.assignments() if a.task_id == task_id]
        return sorted(found, key=lambda a: names.get(a.person_id, ""))

    def assignments_for_person(self, person_id: PersonId) -> list[Assignment]:
        starts = {tid: placed.start for tid, placed in self.plan.schedule().dates.items()}
        found = [a for a in self.assignments() if a.person_id == person_id]
        return sorted(found, key=lambda a: (starts.get(a.task_id, date.max), a.task_id))

    def cover_needs(self) -> list[CoverNeed]:
        order = list(CoverDay)
        found = [n for n in self.plan.state.table("cover_need").values()
                 if isinstance(n, CoverNeed)]
        return sorted(found, key=lambda n: (order.index(n.day), n.role.casefold()))

    def roles(self) -> list[str]:
        """The standard roles, then any other role someone in the register has."""
        extra = sorted({p.role for p in self.people()} - set(STANDARD_ROLES), key=str.casefold)
        return [*STANDARD_ROLES, *extra]

    # The coverage grid is loaded when first asked for: the task table, which needs only
    # names, starts without it.
    def default_window(self) -> tuple[date, date]:
        from cutover_desktop.domain.coverage import default_window

        return default_window(self.plan.state)

    def coverage(self, first: date, last: date) -> Coverage:
        from cutover_desktop.domain.coverage import build_coverage

        return build_coverage(self.plan.state, first, last)

    def conflicts(self) -> list[Conflict]:
        return staff_conflicts(self.plan.state)

    def next_person_id(self) -> PersonId:
        ids = [int(p.id) for p in self.plan.state.table("staff").values() if isinstance(p, Person)]
        return PersonId(max(ids, default=0) + 1)

    def next_absence_id(self) -> AbsenceId:
        ids = [int(a.id) for a in self.plan.state.table("absence").values()
               if isinstance(a, Absence)]
        return AbsenceId(max(ids, default=0) + 1)

    def new_person(self, name: str, role: str, organisation: Organisation = Organisation.PRACTICE,
                   **fields: object) -> Person:
        """A person ready to add (not yet in the register), with the next free number."""
        return Person(id=self.next_person_id(), name=" ".join(name.split()),
                      role=canonical_role(role), organisation=organisation,
                      **fields)  # type: ignore[arg-type]

    def standard_pattern(self, person_id: PersonId) -> WorkingPattern:
        return WorkingPattern(person_id, None, weekday_shifts(DEFAULT_WEEKDAYS))

    # People

    def _check_person(self, person: Person) -> Person:
        person = replace(person, name=" ".join(person.name.split()),
                         role=canonical_role(person.role), contact=person.contact.strip(),
                         site=person.site.strip(), notes=person.notes.strip())
        person.validate()
        other = self.person_named(person.name)
        if other is not None and other.id != person.id:
            raise ValidationError(f"{other.name} is already in the staff register; give "
                                  "each person a different name.", "name")
        return person

    def add_person(self, person: Person, pattern: WorkingPattern | None = None) -> Changes:
        """Add someone with their working pattern (Monday to Friday, 09:00 to 17:00 if none)."""
        if person.id in self.plan.state.table("staff"):
            raise ValidationError("Someone with that number is already in the register.")
        person = self._check_person(person)
        pattern = replace(pattern or self.standard_pattern(person.id), person_id=person.id)
        pattern.validate()
        return self.plan.apply(Changes(f"Add {person.name} to the staff",
                                       (EntityChange(None, person), EntityChange(None, pattern))))

    def update_person(self, person: Person) -> Changes:
        old = self.person(person.id)
        person = self._check_person(person)
        if person == old:
            return NO_CHANGE
        return self.plan.apply(Changes(f"Change {person.name}’s details",
                                       (EntityChange(old, person),)))

    def delete_person(self, person_id: PersonId) -> Changes:
        """Remove someone with their patterns, absences and assignments, as one step."""
        person = self.person(person_id)
        items = person_cleanup(self.plan.state, person)
        items.append(EntityChange(person, None))
        return self.plan.apply(Changes(f"Remove {person.name} from the staff", tuple(items)))

    # Working patterns

    def set_pattern(self, pattern: WorkingPattern) -> Changes:
        """Add a pattern from a date (or from the start), or replace the one from that date."""
        person = self.person(pattern.person_id)
        pattern = replace(pattern, shifts=tuple(sorted(pattern.shifts, key=lambda s: s.weekday)))
        pattern.validate()
        old = self.plan.state.table("working_pattern").get(
            (pattern.person_id, pattern.valid_from or "start"))
        if old == pattern:
            return NO_CHANGE
        when = f"from {uk_date(pattern.valid_from)}" if pattern.valid_from else "from the start"
        verb = "Change" if old is not None else "Set"
        return self.plan.apply(Changes(f"{verb} {person.name}’s working pattern {when}",
                                       (EntityChange(old, pattern),)))

    def move_pattern(self, old: WorkingPattern, new: WorkingPattern) -> Changes:
        """Change a pattern including the date it starts from, as one step."""
        if (old.person_id, old.valid_from) == (new.person_id, new.valid_from):
            return self.set_pattern(new)
        person = self.person(new.person_id)
        current = self.plan.state.table("working_pattern").get(
            (old.person_id, old.valid_from or "start"))
        if current is None:
            raise ValidationError("That working pattern is no longer in the plan.")
        new = replace(new, shifts=tuple(sorted(new.shifts, key=lambda s: s.weekday)))
        new.validate()
        if (new.person_id, new.valid_from or "start") in self.plan.state.table("working_pattern"):
            when = uk_date(new.valid_from) if new.valid_from else "the start"
            raise ValidationError(f"{person.name} already has a pattern from {when}; "
                                  "change that one instead.", "valid_from")
        return self.plan.apply(Changes(f"Change {person.name}’s working pattern",
                                       (EntityChange(current, None), EntityChange(None, new))))

    def remove_pattern(self, person_id: PersonId, valid_from: date | None) -> Changes:
        person = self.person(person_id)
        patterns = self.patterns_of(person_id)
        old = next((p for p in patterns if p.valid_from == valid_from), None)
        if old is None:
            return NO_CHANGE
        if len(patterns) == 1:
            raise ValidationError(f"{person.name} needs a working pattern; change this one "
                                  "instead of removing it.")
        when = f"from {uk_date(valid_from)}" if valid_from else "from the start"
        return self.plan.apply(Changes(f"Remove {person.name}’s working pattern {when}",
                                       (EntityChange(old, None),)))

    # Absences

    def new_absence(self, person_id: PersonId, **fields: object) -> Absence:
        return Absence(id=self.next_absence_id(), person_id=person_id,
                       **fields)  # type: ignore[arg-type]

    def _check_absence(self, absence: Absence) -> tuple[Person, Absence]:
        person = self.person(absence.person_id)
        absence = replace(absence, note=absence.note.strip())
        absence.validate()
        for other in self.absences_of(absence.person_id):
            if other.id != absence.id and other.overlaps(absence):
                raise ValidationError(f"{person.name} is already away at that time "
                                      f"({other.describe()}).", "first")
        return person, absence

    def check_absence(self, absence: Absence) -> None:
        """Raise ValidationError if the absence could not be saved as it is; change nothing."""
        self._check_absence(absence)

    def add_absence(self, absence: Absence) -> Changes:
        if absence.id in self.plan.state.table("absence"):
            raise ValidationError("An absence with that number is already in the plan.")
        person, absence = self._check_absence(absence)
        return self.plan.apply(Changes(f"Book {absence.kind.label.lower()} for {person.name}",
                                       (EntityChange(None, absence),)))

    def update_absence(self, absence: Absence) -> Changes:
        old = self.absence(absence.id)
        person, absence = self._check_absence(absence)
        if absence == old:
            return NO_CHANGE
        return self.plan.apply(Changes(f"Change {person.name}’s {absence.kind.label.lower()}",
                                       (EntityChange(old, absence),)))

    def delete_absences(self, absence_ids: Iterable[AbsenceId]) -> Changes:
        doomed = [self.absence(a) for a in dict.fromkeys(absence_ids)]
        if not doomed:
            return NO_CHANGE
        if len(doomed) == 1:
            label = (f"Cancel {self.person(doomed[0].person_id).name}’s "
                     f"{doomed[0].kind.label.lower()}")
        else:
            label = f"Cancel {plural(len(doomed), 'absence')}"
        return self.plan.apply(Changes(label, tuple(EntityChange(a, None) for a in doomed)))

    # Assignments

    def _check_assignment(self, assignment: Assignment) -> tuple[Person, str]:
        person = self.person(assignment.person_id)
        task = self.plan.task(assignment.task_id)
        assignment.validate()
        return person, task.title

    def assign(self, task_id: TaskId, person_id: PersonId, minutes: int | None = None) -> Changes:
        """Give a task to a person; `minutes` a day, or None to follow the task's times."""
        assignment = Assignment(task_id, person_id, minutes)
        person, title = self._check_assignment(assignment)
        old = self.plan.state.table("assignment").get((task_id, person_id))
        if old == assignment:
            return NO_CHANGE
        if old is not None:
            return self.plan.apply(Changes(f"Change {person.name}’s hours on “{title}”",
                                           (EntityChange(old, assignment),)))
        return self.plan.apply(Changes(f"Assign {person.name} to “{title}”",
                                       (EntityChange(None, assignment),)))

    def unassign(self, task_id: TaskId, person_id: PersonId) -> Changes:
        old = self.plan.state.table("assignment").get((task_id, person_id))
        if old is None:
            return NO_CHANGE
        person = self.person(person_id)
        title = self.plan.task(task_id).title
        return self.plan.apply(Changes(f"Take {person.name} off “{title}”",
                                       (EntityChange(old, None),)))

    def add_task_with_people(self, task: Task, predecessors: Iterable[TaskId],
                             people: Iterable[tuple[PersonId, int | None]]) -> Changes:
        """Add a new task with the people chosen for it before it was saved, as one step."""
        assignments = []
        for person_id, minutes in people:
            assignment = Assignment(task.id, person_id, minutes)
            self.person(person_id)
            assignment.validate()
            assignments.append(EntityChange(None, assignment))
        return self.plan.edit_task(task, predecessors, also=assignments)

    def set_assignees(self, task_id: TaskId,
                      wanted: Iterable[tuple[PersonId, int | None]]) -> Changes:
        """Make a task's assignees exactly these people (with hours), as one step."""
        task = self.plan.task(task_id)
        target = {}
        for person_id, minutes in wanted:
            assignment = Assignment(task_id, person_id, minutes)
            self._check_assignment(assignment)
            target[person_id] = assignment
        current = {a.person_id: a for a in self.assignments_for_task(task_id)}
        items = [EntityChange(a, None) for pid, a in current.items() if pid not in target]
        items += [EntityChange(current.get(pid), a) for pid, a in target.items()
                  if current.get(pid) != a]
        if not items:
            return NO_CHANGE
        return self.plan.apply(Changes(f"Change who does “{task.title}”", tuple(items)))

    # Key-day cover

    def set_cover_needs(self, needs: Iterable[CoverNeed]) -> Changes:
        """Replace the roles each key day needs, as one step."""
        target: dict[tuple[str, str], CoverNeed] = {}
        for need in needs:
            need = replace(need, role=canonical_role(need.role))
            need.validate()
            key = (need.day.value, need.role)
            if key in target:
                raise ValidationError(f"{need.role} is listed twice for {need.day.value}.",
                                      "role")
            target[key] = need
        current = {(n.day.value, n.role): n for n in self.cover_needs()}
        items = [EntityChange(n, None) for key, n in current.items() if key not in target]
        items += [EntityChange(current.get(key), n) for key, n in target.items()
                  if current.get(key) != n]
        if not items:
            return NO_CHANGE
        return self.plan.apply(Changes("Change the roles needed on key days", tuple(items)))



def staff_summary(plan: PlanService) -> list[str]:
    """Lines for `show`: who is in the register, absences booked and the staff conflicts."""
    staff = StaffService(plan)
    people = staff.people()
    if not people:
        return ["Staff: none in the register yet."]
    by_org = Counter(p.organisation for p in people)
    orgs = ", ".join(f"{n} {org.label if org is not Organisation.PRACTICE else 'practice'}"
                     for org, n in by_org.items())
    findings = staff_findings(plan.state, plan.today())
    people_hit = {f.subject for f in findings if f.subject in {p.name for p in people}}
    return [f"Staff: {len(people)} ({orgs}); {plural(len(staff.absences()), 'absence')} "
            f"booked; {plural(len(staff.assignments()), 'task assignment')}.",
            f"Staff conflicts: {len(findings)}, about "
            f"{plural(len(people_hit), 'person', 'people')} (listed below)."]
