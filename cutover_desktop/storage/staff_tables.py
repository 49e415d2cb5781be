"""How staff, working patterns, absences, assignments and cover needs map to their tables."""

from __future__ import annotations

import json
from datetime import date, time
from typing import Any

from cutover_desktop.domain.absences import Absence, AbsenceKind
from cutover_desktop.domain.ids import AbsenceId, PersonId, TaskId
from cutover_desktop.domain.staff import Assignment, CoverDay, CoverNeed, Person
from cutover_desktop.domain.staff_roles import Organisation
from cutover_desktop.domain.working_hours import Shift, WorkingPattern
from cutover_desktop.storage.iso_values import iso_text, optional_date, optional_time
from cutover_desktop.storage.tables import EntityTable, register_table

# The pattern a person starts with has no date; the key column cannot be NULL.
FROM_THE_START = ""





def person_record(person: Person) -> dict[str, Any]:
    return {
        "id": person.id,
        "name": person.name,
        "role": person.role,
        "organisation": person.organisation.value,
        "contact": person.contact,
        "site": person.site,
        "smartcard_on": iso_text(person.smartcard_on),
        "trained_on": iso_text(person.trained_on),
        "notes": person.notes,
    }


def person_from(row: dict[str, Any]) -> Person:
    return Person(
        id=PersonId(row["id"]),
        name=row["name"],
        role=row["role"],
        organisation=Organisation(row["organisation"]),
        contact=row["contact"],
        site=row["site"],
        smartcard_on=optional_date(row["smartcard_on"]),
        trained_on=optional_date(row["trained_on"]),
        notes=row["notes"],
    )


def pattern_record(pattern: WorkingPattern) -> dict[str, Any]:
    return {
        "person_id": pattern.person_id,
        "valid_from": iso_text(pattern.valid_from) or FROM_THE_START,
        "shifts": json.dumps([[s.weekday, s.start.isoformat(timespec="minutes"),
                               s.end.isoformat(timespec="minutes")] for s in pattern.shifts]),
    }


def pattern_from(row: dict[str, Any]) -> WorkingPattern:
    shifts = tuple(Shift(int(day), time.fromisoformat(start), time.fromisoformat(end))
                   for day, start, end in json.loads(row["shifts"]))
    return WorkingPattern(PersonId(row["person_id"]), optional_date(row["valid_from"]), shifts)


def absence_record(absence: Absence) -> dict[str, Any]:
    return {
        "id": absence.id,
        "person_id": absence.person_id,
        "kind": absence.kind.value,
        "first_day": absence.first.isoformat(),
        "last_day": absence.last.isoformat(),
        "start_time": iso_text(absence.start_time),
        "end_time": iso_text(absence.end_time),
        "note": absence.note,
    }


def absence_from(row: dict[str, Any]) -> Absence:
    return Absence(
        id=AbsenceId(row["id"]),
        person_id=PersonId(row["person_id"]),
        kind=AbsenceKind(row["kind"]),
        first=date.fromisoformat(row["first_day"]),
        last=date.fromisoformat(row["last_day"]),
        start_time=optional_time(row["start_time"]),
        end_time=optional_time(row["end_time"]),
        note=row["note"],
    )


def assignment_record(assignment: Assignment) -> dict[str, Any]:
    return {"task_id": assignment.task_id, "person_id": assignment.person_id,
            "minutes": assignment.minutes}


def assignment_from(row: dict[str, Any]) -> Assignment:
    return Assignment(TaskId(row["task_id"]), PersonId(row["person_id"]), row["minutes"])


def need_record(need: CoverNeed) -> dict[str, Any]:
    return {"day": need.day.value, "role": need.role, "count": need.count}


def need_from(row: dict[str, Any]) -> CoverNeed:
    return CoverNeed(CoverDay(row["day"]), row["role"], row["count"])


register_table(EntityTable("staff", "staff", ("id",), person_record, person_from, "id"))
register_table(EntityTable("working_pattern", "working_patterns", ("person_id", "valid_from"),
                           pattern_record, pattern_from, "person_id, valid_from"))
register_table(EntityTable("absence", "absences", ("id",), absence_record, absence_from,
                           "first_day, id"))
register_table(EntityTable("assignment", "assignments", ("task_id", "person_id"),
                           assignment_record, assignment_from, "task_id, person_id"))
register_table(EntityTable("cover_need", "cover_needs", ("day", "role"), need_record,
                           need_from, "rowid"))
