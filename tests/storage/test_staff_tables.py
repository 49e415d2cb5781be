"""Staff tables: every value survives the file, the defaults arrive, and bad rows are refused."""

from __future__ import annotations

import sqlite3
from datetime import date, time
from pathlib import Path

import pytest

from cutover_desktop.domain.absences import Absence, AbsenceKind
from cutover_desktop.domain.changes import Changes, EntityChange
from cutover_desktop.domain.ids import AbsenceId, PersonId, TaskId
from cutover_desktop.domain.staff import (
    DEFAULT_COVER_NEEDS,
    Assignment,
    CoverDay,
    CoverNeed,
    Person,
)
from cutover_desktop.domain.staff_roles import Organisation
from cutover_desktop.domain.working_hours import Shift, WorkingPattern
from cutover_desktop.services.plan_files import open_plan
from cutover_desktop.storage.database import memory_database
from cutover_desktop.storage.migrations import schema_version

ANNA = Person(PersonId(1), "Anna “Nan” O’Patel", "Practice manager", Organisation.CSU,
              contact="01632 960001", site="Branch", smartcard_on=date(2027, 3, 1),
              trained_on=date(2027, 2, 20), notes="Works from the branch on Mondays")
BOB = Person(PersonId(2), "Bob Jones", "Phlebotomist")
BASE = WorkingPattern(PersonId(1), None, (Shift(0, time(8), time(18, 30)),
                                          Shift(3, time(8, 30), time(13)),))
LATER = WorkingPattern(PersonId(1), date(2027, 3, 8), ())
BOB_PATTERN = WorkingPattern(PersonId(2), None, (Shift(4, time(9), time(17)),))
LEAVE = Absence(AbsenceId(7), PersonId(1), AbsenceKind.ANNUAL_LEAVE, date(2027, 3, 15),
                date(2027, 3, 19), note="Booked in 2026")
DENTIST = Absence(AbsenceId(8), PersonId(2), AbsenceKind.OTHER, date(2027, 3, 16),
                  date(2027, 3, 16), time(13), time(15, 30))
ON_TASK = Assignment(TaskId(52), PersonId(1), 90)
FOLLOWS = Assignment(TaskId(52), PersonId(2), None)
ALL = (ANNA, BOB, BASE, LATER, BOB_PATTERN, LEAVE, DENTIST, ON_TASK, FOLLOWS)


def test_every_staff_value_survives_the_file(plan_file: Path) -> None:
    service = open_plan(plan_file)
    try:
        service.apply(Changes("Add staff", tuple(EntityChange(None, e) for e in ALL)))
    finally:
        service.close()
    again = open_plan(plan_file, read_only=True)
    try:
        tables = again.state.tables
        assert tables["staff"] == {1: ANNA, 2: BOB}
        assert tables["working_pattern"] == {(1, "start"): BASE, (1, LATER.valid_from): LATER,
                                             (2, "start"): BOB_PATTERN}
        assert tables["absence"] == {7: LEAVE, 8: DENTIST}
        assert tables["assignment"] == {(52, 1): ON_TASK, (52, 2): FOLLOWS}
        assert again.verify_audit_chain().ok
    finally:
        again.close()


def test_a_new_plan_has_the_default_cover_needs(plan_file: Path) -> None:
    service = open_plan(plan_file, read_only=True)
    try:
        needs = set(service.state.table("cover_need").values())
        assert needs == set(DEFAULT_COVER_NEEDS)
        assert CoverNeed(CoverDay.BGL, "Trainer") in needs
        assert service.schema_version() == schema_version()
    finally:
        service.close()


@pytest.fixture
def db():  # type: ignore[no-untyped-def]
    database = memory_database()
    yield database
    database.close()


@pytest.mark.parametrize("sql", [
    "INSERT INTO staff (id, name, role, organisation) VALUES (1, ' ', 'GP', 'practice')",
    "INSERT INTO staff (id, name, role, organisation) VALUES (1, 'A', 'GP', 'the council')",
    "INSERT INTO absences (id, person_id, kind, first_day, last_day) "
    "VALUES (1, 99, 'annual_leave', '2027-03-01', '2027-03-01')",
    "INSERT INTO assignments (task_id, person_id) VALUES (99, 99)",
    "INSERT INTO cover_needs (day, role, count) VALUES ('BGL+9', 'GP', 1)",
    "INSERT INTO cover_needs (day, role, count) VALUES ('BGL', 'GP', 0)",
    "INSERT INTO working_patterns (person_id, valid_from, shifts) VALUES (99, '', '[]')",
])
def test_the_schema_refuses_rows_that_make_no_sense(db, sql: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(sqlite3.IntegrityError):
        db.execute(sql)


def test_the_schema_refuses_bad_absences_and_repeated_names(db) -> None:  # type: ignore[no-untyped-def]
    db.execute("INSERT INTO staff (id, name, role, organisation) VALUES (1, 'Ann', 'GP', "
               "'practice')")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO staff (id, name, role, organisation) VALUES (2, 'ANN', 'GP', "
                   "'practice')")
    for values in ("'2027-03-02', '2027-03-01', NULL, NULL",
                   "'2027-03-01', '2027-03-01', '13:00', NULL",
                   "'2027-03-01', '2027-03-01', '13:00', '09:00'"):
        with pytest.raises(sqlite3.IntegrityError):
            db.execute("INSERT INTO absences (id, person_id, kind, first_day, last_day, "
                       f"start_time, end_time) VALUES (1, 1, 'sickness', {values})")
