"""Importing staff and absences: any header order, all rows or none, refusals say row and column."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from cutover_desktop.cli import main
from cutover_desktop.domain.absences import AbsenceKind
from cutover_desktop.domain.errors import ValidationError
from cutover_desktop.domain.staff_roles import Organisation
from cutover_desktop.services.import_files import RowError, import_file
from cutover_desktop.services.plan_files import memory_plan, open_plan
from cutover_desktop.services.planner import PlanService
from cutover_desktop.services.staff import StaffService
from tests.conftest import TODAY, riverside

STAFF_CSV = """\
Name,Role,Organisation,Working Days,Start Time,End_Time,Payroll number
Anna Patel,practice manager,Practice,,08:30,17:00,P1
Bob Jones,GP,practice,Tue Thu,8:30,13:00,P2
Cara Smith,CSU trainer,CSU,Mon-Fri,09:00,17:00,
"""
ABSENCE_CSV = """\
KIND,to,name,From,note
annual leave,2027-03-15,Anna Patel,2027-03-15,Booked
sick,2027-03-05,Bob Jones,2027-03-01,
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def tables(service: PlanService) -> dict[str, dict[object, object]]:
    return {k: dict(service.state.table(k)) for k in ("staff", "working_pattern", "absence")}


def test_a_staff_file_with_headers_in_any_order_and_extra_columns(service, tmp_path) -> None:
    result = import_file(service, write(tmp_path, "staff.csv", STAFF_CSV))
    assert (result.added, result.updated) == (3, 0)
    assert result.summary("staff.csv") == "Imported staff from staff.csv: 3 added."
    staff = StaffService(service)
    by_name = {p.name: p for p in staff.people()}
    assert by_name["Anna Patel"].role == "Practice manager"
    assert by_name["Cara Smith"].organisation is Organisation.CSU
    assert staff.patterns_of(by_name["Anna Patel"].id)[0].summary() == "Mon–Fri 08:30–17:00"
    assert staff.patterns_of(by_name["Bob Jones"].id)[0].summary() == "Tue, Thu 08:30–13:00"
    # The whole file is one undo step.
    assert service.undo_status().undo_label == "Import staff from staff.csv"
    service.undo()
    assert staff.people() == []


def test_importing_the_same_file_again_changes_nothing_and_an_edit_updates(service,
                                                                           tmp_path) -> None:
    path = write(tmp_path, "staff.csv", STAFF_CSV)
    import_file(service, path)
    again = import_file(service, path)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 3)
    changed = write(tmp_path, "staff2.csv", STAFF_CSV.replace("Tue Thu", "Wed"))
    result = import_file(service, changed)
    assert (result.updated, result.unchanged) == (1, 2)
    bob = StaffService(service).person_named("bob jones")
    assert bob is not None
    assert StaffService(service).patterns_of(bob.id)[0].summary() == "Wed 08:30–13:00"


def test_an_absence_file(service, tmp_path) -> None:
    import_file(service, write(tmp_path, "staff.csv", STAFF_CSV))
    result = import_file(service, write(tmp_path, "leave.csv", ABSENCE_CSV))
    assert result.added == 2
    absences = StaffService(service).absences()
    assert [(a.kind, a.first, a.last, a.note) for a in absences] == [
        (AbsenceKind.SICKNESS, date(2027, 3, 1), date(2027, 3, 5), ""),
        (AbsenceKind.ANNUAL_LEAVE, date(2027, 3, 15), date(2027, 3, 15), "Booked")]
    assert import_file(service, tmp_path / "leave.csv").unchanged == 2


@pytest.mark.parametrize(("text", "row", "column", "words"), [
    (STAFF_CSV + "Dan Brown,GP,the council,,,\n", 5, "Organisation", "not an organisation"),
    (STAFF_CSV + "Dan Brown,GP,practice,Mon Funday,,\n", 5, "Working Days", "Funday"),
    (STAFF_CSV + "Dan Brown,GP,practice,,25:00,\n", 5, "Start Time", "not a time"),
    (STAFF_CSV + "Dan Brown,GP,practice,,14:00,13:00\n", 5, "End_Time", "not after"),
    (STAFF_CSV + "anna patel,GP,practice,,,\n", 5, "Name", "already on row 2"),
    (STAFF_CSV + ",GP,practice,,,\n", 5, "Name", "name is needed"),
    (STAFF_CSV + "Dan Brown,,practice,,,\n", 5, "Role", "role is needed"),
])
def test_a_bad_staff_row_refuses_the_whole_file(service, tmp_path, text, row, column,
                                                words) -> None:
    before = tables(service)
    with pytest.raises(RowError) as caught:
        import_file(service, write(tmp_path, "staff.csv", text))
    message = str(caught.value)
    assert message.startswith(f"Row {row}, column “{column}”:") and words in message
    assert tables(service) == before
    assert service.undo_status().undo_label is None


@pytest.mark.parametrize(("text", "row", "column", "words"), [
    ("name,from,to,kind\nNobody,2027-03-01,2027-03-01,sick\n", 2, "name", "not in the staff"),
    ("name,from,to,kind\nAnna Patel,15/03/2027,,sick\n", 2, "from", "YYYY-MM-DD"),
    ("name,from,to,kind\nAnna Patel,2027-03-05,2027-03-01,sick\n", 2, "to", "before the first"),
    ("name,from,to,kind\nAnna Patel,2027-03-05,,jury\n", 2, "kind", "not a kind"),
    ("name,from,to,kind,start_time\nAnna Patel,2027-03-05,,sick,09:00\n", 2, "end_time",
     "both"),
    ("name,from,to,kind\nAnna Patel,2027-03-01,2027-03-05,sick\n"
     "Anna Patel,2027-03-04,2027-03-04,leave\n", 3, "from", "row 2"),
])
def test_a_bad_absence_row_refuses_the_whole_file(service, tmp_path, text, row, column,
                                                  words) -> None:
    import_file(service, write(tmp_path, "staff.csv", STAFF_CSV))
    before = tables(service)
    with pytest.raises(RowError) as caught:
        import_file(service, write(tmp_path, "leave.csv", text))
    assert str(caught.value).startswith(f"Row {row}, column “{column}”:")
    assert words in str(caught.value)
    assert tables(service) == before


@pytest.mark.parametrize(("name", "content", "words"), [
    ("plan.txt", "name,role\n", "not a CSV or XLSX"),
    ("empty.csv", "", "empty"),
    ("header.csv", "name,role,organisation,working_days,start_time,end_time\n", "no rows"),
    ("other.csv", "colour,size\nA,B\n", "does not name the columns"),  # title: a task file
    ("twice.csv", "name,Name,from,to,kind\n", "twice"),
])
def test_files_that_are_not_staff_or_absences_are_refused(service, tmp_path, name, content,
                                                          words) -> None:
    with pytest.raises(ValidationError, match=words):
        import_file(service, write(tmp_path, name, content))


def test_a_damaged_xlsx_is_refused(service, tmp_path) -> None:
    path = tmp_path / "staff.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(ValidationError, match="is not an Excel workbook"):
        import_file(service, path)


def test_an_xlsx_staff_and_absence_file_with_excel_cell_types(service, tmp_path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Organisation", "NAME", "role", "working days", "start time", "end time",
                  "trained", "smartcard activated"])
    sheet.append(["new supplier", "Sam Trainer", "Supplier trainer", "Tue", time(8, 0),
                  time(17, 0), datetime(2027, 1, 10), date(2027, 1, 11)])
    path = tmp_path / "staff.xlsx"
    book.save(path)
    import_file(service, path)
    sam = StaffService(service).person_named("Sam Trainer")
    assert sam is not None and sam.trained_on == date(2027, 1, 10)
    assert sam.smartcard_on == date(2027, 1, 11)
    leave = Workbook()
    leave.active.append(["name", "from", "to", "kind", "start_time", "end_time"])
    leave.active.append(["Sam Trainer", datetime(2027, 3, 16), None, "Training",
                         "13:00", "16:30"])
    leave_path = tmp_path / "leave.xlsx"
    leave.save(leave_path)
    import_file(service, leave_path)
    [absence] = StaffService(service).absences()
    assert (absence.first, absence.last, absence.start_time) == (date(2027, 3, 16),
                                                                 date(2027, 3, 16), time(13))


# Property: whatever valid people a file holds, they arrive as written; one bad cell stops all.

names = st.text("abcdefghij ", min_size=1, max_size=12).map(str.strip).filter(bool)
roles = st.sampled_from(["GP", "Nurse", "Receptionist", "Practice manager", "Phlebotomist"])
orgs = st.sampled_from(["practice", "CSU", "old supplier", "New Supplier"])
days = st.sets(st.sampled_from(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]), max_size=6)
hours = st.integers(6, 12).flatmap(lambda h: st.tuples(st.just(h), st.integers(h + 1, 20)))


@settings(max_examples=40, deadline=None, suppress_health_check=[
    HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(st.tuples(names, roles, orgs, days, hours), min_size=1, max_size=8,
                unique_by=lambda r: " ".join(r[0].split()).casefold()),
       st.data())
def test_staff_files_import_as_written_or_not_at_all(tmp_path_factory, rows, data) -> None:
    folder = tmp_path_factory.mktemp("import")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["end_time", "name", "working_days", "organisation", "role", "start_time"])
    for name, role, org, worked, (start, end) in rows:
        writer.writerow([f"{end:02d}:00", name, " ".join(sorted(worked)), org, role,
                         f"{start:02d}:00"])
    service = memory_plan(riverside(), today=lambda: TODAY)
    try:
        path = folder / "staff.csv"
        path.write_text(out.getvalue(), encoding="utf-8")
        spoil = data.draw(st.booleans())
        if spoil:
            bad_row = data.draw(st.integers(0, len(rows) - 1))
            lines = out.getvalue().splitlines()
            cells = lines[bad_row + 1].split(",")
            cells[0] = "99:99"
            lines[bad_row + 1] = ",".join(cells)
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            with pytest.raises(RowError, match=f"^Row {bad_row + 2}, column “end_time”"):
                import_file(service, path)
            assert StaffService(service).people() == []
            return
        import_file(service, path)
        staff = StaffService(service)
        assert len(staff.people()) == len(rows)
        for name, role, org, worked, (start, end) in rows:
            person = staff.person_named(name)
            assert person is not None and person.role == role
            assert person.organisation.label.casefold() == org.casefold()
            [pattern] = staff.patterns_of(person.id)
            shown = {d.weekday for d in pattern.shifts}
            expected = ({["Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].index(d) for d in worked}
                        or {0, 1, 2, 3, 4})
            assert shown == expected
            assert all((s.start.hour, s.end.hour) == (start, end) for s in pattern.shifts)
    finally:
        service.close()


# The command line


def test_the_import_command_and_show(plan_file, tmp_path, capsys) -> None:
    staff_path = write(tmp_path, "staff.csv", STAFF_CSV)
    assert main(["import", str(plan_file), str(staff_path)]) == 0
    assert "Imported staff from staff.csv: 3 added." in capsys.readouterr().out
    assert main(["import", str(plan_file), str(write(tmp_path, "leave.csv", ABSENCE_CSV))]) == 0
    capsys.readouterr()
    service = open_plan(plan_file)
    try:
        staff = StaffService(service)
        anna = staff.person_named("Anna Patel")
        assert anna is not None
        task = next(t.id for t in service.state.tasks.values() if "tgl" in t.tags)
        staff.assign(task, anna.id)
    finally:
        service.close()
    assert main(["show", str(plan_file), "--today", TODAY.isoformat()]) == 0
    out = capsys.readouterr().out
    assert "Staff: 3 (2 practice, 1 CSU); 2 absences booked; 1 task assignment." in out
    line = next(line for line in out.splitlines() if "STAFF_ABSENT" in line)
    assert "Anna Patel" in line and "Mon 15 Mar 2027" in line


def test_a_refused_import_names_row_and_column_on_stderr(plan_file, tmp_path, capsys) -> None:
    bad = write(tmp_path, "staff.csv", STAFF_CSV + "Dan Brown,GP,the council,,,\n")
    assert main(["import", str(plan_file), str(bad)]) == 1
    err = capsys.readouterr().err
    assert "Row 5, column “Organisation”" in err and "Traceback" not in err
    service = open_plan(plan_file, read_only=True)
    try:
        assert StaffService(service).people() == []
    finally:
        service.close()
