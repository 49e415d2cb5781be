"""Exchange: CSV and XLSX round trips give back the same plan; bad files are refused whole,
naming row and column; formula cells are neutralised; calendars keep their times across the
clock changes; a plan saved as a template makes the same plan again."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from openpyxl import Workbook, load_workbook

from cutover_desktop.domain.changes import Changes, EntityChange
from cutover_desktop.domain.errors import CutoverError, TemplateError
from cutover_desktop.domain.ids import TaskId
from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.model import (
    Anchor,
    Dependency,
    OffsetUnit,
    Priority,
    Task,
    TaskStatus,
)
from cutover_desktop.domain.plan import PlanState
from cutover_desktop.domain.template import load_template
from cutover_desktop.services.exchange import ExchangeService, ImportRefused
from cutover_desktop.services.import_files import import_file
from cutover_desktop.services.plan_files import create_plan, memory_plan
from cutover_desktop.services.planner import PlanService
from cutover_desktop.services.staff import StaffService
from tests.conftest import GO_LIVE, TODAY, riverside
from tests.printing.plans import staff_plan

EXPORTED_AT = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)
NASTY = ("=HYPERLINK(\"http://example.invalid\",\"click\")", "+44 20 7946 0000",
         "-5 days before go-live", "@risk register", "\tindented", "\rcarriage",
         "'=already quoted", "Commas, \"quotes\" and\nnew lines", "Café – naïve ✓")


def exchange(service: PlanService) -> ExchangeService:
    return ExchangeService(service, now=lambda: EXPORTED_AT)


def rich_plan(service: PlanService) -> PlanService:
    """The template plan with every kind of field set somewhere, and awkward text."""
    tasks = dict(service.state.tasks)
    items: list[EntityChange] = []

    def change(task_id: int, **fields: object) -> None:
        old = tasks[TaskId(task_id)]
        new = replace(old, **fields)  # type: ignore[arg-type]
        tasks[new.id] = new
        items.append(EntityChange(old, new))

    for number, text in enumerate(NASTY, start=1):
        change(number, title=text.strip() or "x", notes=text)
    change(10, pinned_date=GO_LIVE - timedelta(days=20), offset=-20,
           offset_unit=OffsetUnit.CALENDAR_DAYS)  # as pinning leaves it
    change(11, start_time=time(8, 30), end_time=time(9, 15), site="Branch")
    change(12, status=TaskStatus.SKIPPED, skip_reason="Not needed here, see minutes")
    change(13, status=TaskStatus.DONE, priority=Priority.HIGH, milestone=True,
           tags=("go-live", "it"))
    change(14, offset_unit=OffsetUnit.WORKING_DAYS, offset=-3)
    change(15, anchor=Anchor.task(TaskId(14)), offset=2, duration_days=3)
    change(16, status=TaskStatus.IN_PROGRESS, owner_role="")
    items.append(EntityChange(None, Dependency(TaskId(14), TaskId(16))))
    items.append(EntityChange(None, Dependency(TaskId(11), TaskId(16))))
    service.apply(Changes("Make the plan rich", tuple(items)))
    return service


def same_plan(a: PlanState, b: PlanState, xlsx: bool = False) -> None:
    """Same tasks field by field (positions aside), same dependencies, same reading order.
    XLSX is XML, which keeps a line break as a line feed: a lone carriage return in notes
    comes back as a line feed."""
    def fields(state: PlanState) -> dict[TaskId, Task]:
        return {k: replace(v, position=0,
                           notes=v.notes.replace("\r", "\n") if xlsx else v.notes)
                for k, v in state.tasks.items()}
    assert fields(a) == fields(b)
    assert set(a.dependencies) == set(b.dependencies)
    assert [t.id for t in a.ordered_tasks()] == [t.id for t in b.ordered_tasks()]
    assert a.schedule.dates == b.schedule.dates


@pytest.fixture
def empty_plan() -> PlanService:
    plan = memory_plan(riverside(), today=lambda: TODAY)
    plan.delete_tasks(list(plan.state.tasks))
    assert not plan.state.tasks
    yield plan
    plan.close()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_file_round_trip_gives_back_the_same_plan(service: PlanService, empty_plan: PlanService,
                                                    tmp_path: Path, fmt: str) -> None:
    rich_plan(service)
    path = tmp_path / f"tasks.{fmt}"
    assert exchange(service).export(path) == 77
    changes = exchange(empty_plan).import_file(path)
    assert changes.label == f"Import tasks.{fmt}: add 77 tasks"
    same_plan(service.state, empty_plan.state, xlsx=fmt == "xlsx")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_importing_an_export_undoes_later_edits_in_one_undo_step(service: PlanService,
                                                                 tmp_path: Path,
                                                                 fmt: str) -> None:
    rich_plan(service)
    path = tmp_path / f"tasks.{fmt}"
    exchange(service).export(path)
    exported = service.state
    service.set_status([TaskId(20), TaskId(21)], TaskStatus.DONE)
    service.move_task(TaskId(22), 3)
    service.remove_dependency(TaskId(14), TaskId(16))
    service.update_task(replace(service.state.tasks[TaskId(23)], title="Renamed"))
    edited = service.state
    changes = exchange(service).import_file(path)
    # (XLSX also turns the lone carriage return of one task's notes into a line feed.)
    assert f"update {4 if fmt == 'csv' else 5} tasks" in changes.label
    same_plan(exported, service.state, xlsx=fmt == "xlsx")
    service.undo()
    assert service.state.tasks == edited.tasks
    assert set(service.state.dependencies) == set(edited.dependencies)


def test_import_through_the_command_lines_importer_registry(service: PlanService,
                                                            empty_plan: PlanService,
                                                            tmp_path: Path) -> None:
    path = tmp_path / "tasks.csv"
    exchange(service).export(path)
    result = import_file(empty_plan, path)
    assert (result.kind, result.added) == ("tasks", 77)
    same_plan(service.state, empty_plan.state)


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    out = io.StringIO(newline="")
    csv.writer(out).writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


HEADER = ["Title", "PHASE", "start", "anchor", "offset", "status", "owner role"]


def test_a_minimal_file_adds_tasks_with_columns_in_any_order(service: PlanService,
                                                             tmp_path: Path) -> None:
    path = write_csv(tmp_path / "new.csv", [
        ["Owner Role", "offset", "anchor", "Phase", "TITLE", "notes"],
        ["Practice manager", "-2", "tgl", "final week", "Print the day sheets", "Two copies"],
        ["", "", "", "Final week", "Pinned to a date", ""],
    ])
    with pytest.raises(ImportRefused) as refused:
        exchange(service).import_file(path)
    assert "Row 3, column “anchor”: give a start date" in refused.value.message
    path = write_csv(tmp_path / "new.csv", [
        ["Owner Role", "offset", "anchor", "Phase", "TITLE", "start"],
        ["Practice manager", "-2", "tgl", "final week", "Print the day sheets", ""],
        ["", "", "", "Final week", "Pinned to a date", "2027-03-01"],
    ])
    changes = exchange(service).import_file(path)
    assert changes.label == "Import new.csv: add 2 tasks"
    added = [t for t in service.state.tasks.values() if t.id > 77]
    by_title = {t.title: t for t in added}
    sheets = by_title["Print the day sheets"]
    assert (sheets.phase, sheets.anchor.key_date, sheets.offset, sheets.owner_role) == (
        "Final week", KeyDate.TGL, -2, "Practice manager")
    pinned = by_title["Pinned to a date"]
    assert pinned.pinned_date == date(2027, 3, 1)
    assert service.schedule().dates[pinned.id].start == date(2027, 3, 1)
    assert pinned.offset == (date(2027, 3, 1) - GO_LIVE).days


BAD_ROWS = [
    (["A", "Final week", "2027-13-01", "", "", "", ""], "Row 2, column “start”: “2027-13-01” is "
     "not a date in the form YYYY-MM-DD."),
    (["A", "Nowhere", "", "BGL", "0", "", ""], "Row 2, column “PHASE”: “Nowhere” is not a phase"),
    (["A", "Final week", "", "BGL", "0", "finished", ""], "Row 2, column “status”: “finished” "
     "is not a status"),
    (["A", "Final week", "", "BLG", "0", "", ""], "Row 2, column “anchor”: “BLG” is not a key "
     "date"),
    (["A", "Final week", "", "BGL", "two", "", ""], "Row 2, column “offset”: “two” is not a "
     "whole number"),
    (["A", "Final week", "", "task 999", "0", "", ""], "Row 2, column “anchor”: there is no "
     "task 999"),
    (["", "Final week", "", "BGL", "0", "", ""], "Row 2, column “Title”: a task needs a title"),
    (["A", "Final week", "", "BGL", "0", "skipped", ""], "Row 2, column “skip_reason”: Say why"),
    (["A", "Final week", "", "BGL", "5000", "", ""], "Row 2, column “offset”: 5000 is outside"),
]


@pytest.mark.parametrize(("bad", "message"), BAD_ROWS)
def test_a_bad_row_refuses_the_whole_file_and_changes_nothing(
        service: PlanService, tmp_path: Path, bad: list[str], message: str) -> None:
    good = ["Fine task", "Final week", "", "BGL", "-1", "", ""]
    path = write_csv(tmp_path / "bad.csv", [HEADER, bad, good, good])
    before, undo = service.state, service.undo_status()
    with pytest.raises(CutoverError) as refused:
        exchange(service).import_file(path)
    assert message in refused.value.message
    assert service.state is before and service.undo_status() == undo


def test_every_problem_is_listed_with_its_row_and_column(service: PlanService,
                                                         tmp_path: Path) -> None:
    path = write_csv(tmp_path / "bad.csv", [
        ["id", "title", "phase", "anchor", "depends_on", "assigned"],
        ["5", "Edited", "Lead-in", "BGL", "", ""],
        ["5", "Twice", "Lead-in", "BGL", "", ""],
        ["", "Waits for a ghost", "Lead-in", "BGL", "4; 9999", ""],
        ["", "Given to a ghost", "Lead-in", "BGL", "", "Jo Bloggs"],
    ])
    before = service.state
    with pytest.raises(ImportRefused) as refused:
        exchange(service).import_file(path)
    problems = [str(p) for p in refused.value.problems]
    assert problems == [
        "Row 3, column “id”: task 5 is also on row 2.",
    ]
    path = write_csv(tmp_path / "bad.csv", [
        ["id", "title", "phase", "anchor", "depends_on", "assigned"],
        ["", "Waits for a ghost", "Lead-in", "BGL", "4; 9999", ""],
        ["", "Given to a ghost", "Lead-in", "BGL", "", "Jo Bloggs"],
        ["", "Waits for itself", "Lead-in", "BGL", "80", ""],
    ])
    with pytest.raises(ImportRefused) as refused:
        exchange(service).import_file(path)
    assert [str(p) for p in refused.value.problems] == [
        "Row 2, column “depends_on”: there is no task 9999.",
        "Row 3, column “assigned”: this plan has no staff register yet, so no one can be "
        "assigned; add the staff first or leave the column empty.",
        "Row 4, column “depends_on”: a task cannot wait for itself.",
    ]
    assert "Nothing was imported from bad.csv: it has 3 problems." in refused.value.message
    assert service.state is before


def test_a_loop_of_dependencies_in_a_file_is_refused(service: PlanService,
                                                     tmp_path: Path) -> None:
    path = write_csv(tmp_path / "loop.csv", [
        ["id", "title", "phase", "anchor", "depends_on"],
        ["1", "First", "Lead-in", "BGL", "2"],
        ["2", "Second", "Lead-in", "BGL", "1"],
    ])
    before = service.state
    with pytest.raises(CutoverError, match="Nothing was imported from loop.csv: .*loop"):
        exchange(service).import_file(path)
    assert service.state is before


def test_assigned_names_become_assignments_in_the_same_undo_step(service: PlanService,
                                                                 tmp_path: Path) -> None:
    staff_plan(service)
    staff = StaffService(service)
    path = write_csv(tmp_path / "assign.csv", [
        ["id", "title", "phase", "anchor", "assigned"],
        ["3", service.state.tasks[TaskId(3)].title, "Lead-in", "BGL", "sam okafor; Jo Brennan"],
    ])
    before = service.state
    exchange(service).import_file(path)
    people = {staff.person(a.person_id).name for a in staff.assignments_for_task(TaskId(3))}
    assert people == {"Sam Okafor", "Jo Brennan"}
    assert service.state.tasks[TaskId(3)] == before.tasks[TaskId(3)]  # only people changed
    service.undo()
    assert service.state.tasks == before.tasks
    assert service.state.table("assignment") == before.table("assignment")


def test_export_neutralises_cells_a_spreadsheet_would_run(service: PlanService,
                                                          tmp_path: Path) -> None:
    rich_plan(service)
    csv_path, xlsx_path = tmp_path / "t.csv", tmp_path / "t.xlsx"
    exchange(service).export(csv_path)
    exchange(service).export(xlsx_path)
    rows = list(csv.reader(io.StringIO(csv_path.read_text(encoding="utf-8-sig"),
                                       newline="")))
    header = rows[0]
    titles = {int(r[0]): r[header.index("title")] for r in rows[1:]}
    notes = {int(r[0]): r[header.index("notes")] for r in rows[1:]}
    for cell in [*titles.values(), *notes.values()]:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert titles[1] == "'=HYPERLINK(\"http://example.invalid\",\"click\")"
    assert notes[5] == "'\tindented"
    assert titles[7] == "''=already quoted"
    book = load_workbook(xlsx_path)
    for row in book.active.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f", cell.value
            if isinstance(cell.value, str):
                assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r"))
    # Numbers stay numbers, negative offsets included.
    offsets = [r[header.index("offset")] for r in rows[1:]]
    assert "-80" in offsets  # the first template task: 80 working days before go-live


def test_an_xlsx_with_typed_dates_and_numbers_imports(service: PlanService,
                                                      tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["title", "phase", "start", "start_time", "duration", "milestone"])
    sheet.append(["From Excel", "Final week", datetime(2027, 3, 2), time(14, 0), 2.0, True])
    path = tmp_path / "typed.xlsx"
    book.save(path)
    exchange(service).import_file(path)
    task = next(t for t in service.state.tasks.values() if t.title == "From Excel")
    assert (task.pinned_date, task.start_time, task.duration_days, task.milestone) == (
        date(2027, 3, 2), time(14, 0), 2, True)


def test_a_staff_file_imports_through_the_same_action(service: PlanService,
                                                      tmp_path: Path) -> None:
    path = write_csv(tmp_path / "staff.csv", [
        ["name", "role", "organisation", "working_days", "start_time", "end_time"],
        ["Kim Lowe", "Receptionist", "practice", "Mon Tue", "08:00", "12:00"],
    ])
    changes = exchange(service).import_file(path)
    assert "staff" in changes.kinds and changes.label == "Import staff from staff.csv"
    assert StaffService(service).person_named("kim lowe") is not None


# iCalendar


def events(data: bytes) -> dict[str, object]:
    cal = Calendar.from_ical(data)
    return {str(e["summary"]): e for e in cal.walk("VEVENT")}


@pytest.mark.parametrize(("day", "utc_hour"), [
    (date(2027, 3, 27), 9),   # Saturday before the clocks go forward: GMT
    (date(2027, 3, 28), 8),   # the day they change (01:00 GMT becomes 02:00 BST)
    (date(2027, 3, 29), 8),   # BST
    (date(2027, 10, 30), 8),  # last BST day
    (date(2027, 10, 31), 9),  # the clocks go back: GMT again
])
def test_calendar_times_stay_right_across_the_clock_changes(service: PlanService,
                                                            tmp_path: Path, day: date,
                                                            utc_hour: int) -> None:
    task = service.new_task("Clock check", "Post go-live", start_time=time(9, 0),
                            end_time=time(10, 30), pinned_date=day,
                            offset=(day - GO_LIVE).days)
    service.add_task(task)
    path = tmp_path / "plan.ics"
    exchange(service).export(path)
    event = events(path.read_bytes())["Clock check"]
    start, end = event["dtstart"].dt, event["dtend"].dt
    assert str(start.tzinfo) == "Europe/London"
    assert (start.hour, start.minute, end.hour, end.minute) == (9, 0, 10, 30)
    assert start.astimezone(UTC).hour == utc_hour
    assert start.date() == day
    assert b"BEGIN:VTIMEZONE" in path.read_bytes() and b"TZID:Europe/London" in path.read_bytes()


def test_untimed_tasks_are_all_day_events_and_uids_are_stable(service: PlanService,
                                                              tmp_path: Path) -> None:
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    exchange(service).export(first)
    service.move_task(TaskId(2), 1)
    ExchangeService(service, now=lambda: EXPORTED_AT + timedelta(days=1)).export(second)
    a, b = events(first.read_bytes()), events(second.read_bytes())
    assert len(a) == 77
    task = service.state.tasks[TaskId(2)]
    placed = service.schedule().dates[task.id]
    old, new = a[task.title], b[task.title]
    assert old["uid"] == new["uid"] == "a81001-task-2@cutover-desktop"
    assert new["dtstart"].dt == placed.start and not isinstance(new["dtstart"].dt, datetime)
    assert new["dtend"].dt == placed.end + timedelta(days=1)
    assert int(new["sequence"]) > int(old["sequence"])
    assert len({str(e["uid"]) for e in a.values()}) == 77


def test_one_persons_calendar_and_file_hold_only_their_tasks(service: PlanService,
                                                             tmp_path: Path) -> None:
    with pytest.raises(CutoverError, match="no staff register"):
        exchange(service).export(tmp_path / "x.ics", person="Sam Okafor")
    staff_plan(service)
    staff = StaffService(service)
    sam = staff.person_named("Sam Okafor")
    assert sam is not None
    mine = {a.task_id for a in staff.assignments_for_person(sam.id)}
    count = exchange(service).export(tmp_path / "sam.ics", person="SAM OKAFOR")
    assert count == len(mine) > 0
    titles = set(events((tmp_path / "sam.ics").read_bytes()))
    assert titles == {service.state.tasks[t].title for t in mine}
    exchange(service).export(tmp_path / "sam.csv", person="Sam Okafor")
    rows = list(csv.DictReader(io.StringIO((tmp_path / "sam.csv").read_text("utf-8-sig"))))
    assert {int(r["id"]) for r in rows} == mine
    assert all("Sam Okafor" in r["assigned"] for r in rows)


# Templates


def test_a_plan_saved_as_a_template_makes_the_same_plan_again(service: PlanService,
                                                              tmp_path: Path) -> None:
    rich_plan(service)
    path = exchange(service).save_template(tmp_path / "ours", "Riverside <way>")
    assert path.name == "ours.json"
    template = load_template(path)
    assert template.name == "Riverside <way>"
    again = create_plan(tmp_path / "again.cutover", riverside(), template, today=lambda: TODAY)
    try:
        old, new = service.state, again.state
        by_title = {t.title: t for t in new.tasks.values()}
        for task in old.tasks.values():
            copy = by_title[task.title]
            placed = old.schedule.dates[task.id]
            if placed.pushed_by is None:  # the template format holds no dependencies
                assert new.schedule.dates[copy.id].start == placed.start, task.title
            # The template format keeps notes trimmed.
            assert (copy.phase, copy.owner_role, copy.notes, copy.duration_days,
                    copy.milestone, copy.priority) == (task.phase, task.owner_role,
                                                       task.notes.strip(),
                                                       task.duration_days, task.milestone,
                                                       task.priority)
    finally:
        again.close()


def test_a_bad_template_file_is_refused_with_a_message(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"format": "cutover-template", "format_version": 1,
                                "phases": ["A"], "tasks": [{"key": "x", "phase": "B",
                                                            "title": "t", "offset": 0}]}))
    with pytest.raises(TemplateError, match="phase “B”, which is not listed"):
        load_template(path)


def test_a_failed_write_leaves_no_partial_file(service: PlanService, tmp_path: Path) -> None:
    target = tmp_path / "missing-folder" / "t.csv"
    with pytest.raises(CutoverError) as refused:
        exchange(service).export(target)
    assert refused.value.message == (f"t.csv was not written: the folder {target.parent} "
                                     "does not exist. Nothing was changed.")
    assert not list(tmp_path.rglob("*.partial"))


# Any text survives the round trip


# Printable text of any script, with tabs and line breaks (XML, so XLSX, cannot hold other
# control characters).
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\t\n"),
               max_size=60)
# Text that a spreadsheet might run as a formula, or that starts with the quote used against it.
RISKY = st.builds(lambda start, rest: start + rest,
                  st.sampled_from(["", "=", "+", "-", "@", "'", "'=", "''", "-1"]), TEXT)


@pytest.mark.slow
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(titles=st.lists(RISKY.filter(lambda t: t.strip() == t and t), min_size=1,
                       max_size=6),
       notes=st.lists(RISKY, min_size=6, max_size=6),
       offsets=st.lists(st.integers(-200, 200), min_size=6, max_size=6),
       fmt=st.sampled_from(["csv", "xlsx"]))
def test_any_titles_notes_and_offsets_round_trip(tmp_path: Path, titles: list[str],
                                                 notes: list[str], offsets: list[int],
                                                 fmt: str) -> None:
    source = memory_plan(riverside(), today=lambda: TODAY)
    target = memory_plan(riverside(), today=lambda: TODAY)
    try:
        items = []
        for number, title in enumerate(titles, start=1):
            old = source.state.tasks[TaskId(number)]
            items.append(EntityChange(old, replace(old, title=title.strip(),
                                                   notes=notes[number - 1],
                                                   offset=offsets[number - 1])))
        source.apply(Changes("Awkward text", tuple(items)))
        path = tmp_path / f"any.{fmt}"
        exchange(source).export(path)
        target.delete_tasks(list(target.state.tasks))
        exchange(target).import_file(path)
        expected = {k: replace(v, position=0) for k, v in source.state.tasks.items()}
        assert {k: replace(v, position=0) for k, v in target.state.tasks.items()} == expected
    finally:
        source.close()
        target.close()


# Staff and absences


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_staff_and_absences_round_trip_through_their_files(service: PlanService,
                                                           empty_plan: PlanService,
                                                           tmp_path: Path, fmt: str) -> None:
    staff_plan(service)
    staff = StaffService(service)
    sam = staff.person_named("Sam Okafor")
    assert sam is not None
    staff.update_person(replace(sam, notes="-Keys holder; =not a formula",
                                smartcard_on=date(2027, 2, 1)))
    people_file, absence_file = tmp_path / f"staff.{fmt}", tmp_path / f"absences.{fmt}"
    assert exchange(service).export(people_file, kind="staff") == 8
    assert exchange(service).export(absence_file, kind="absences") == 2
    exchange(empty_plan).import_file(people_file)
    exchange(empty_plan).import_file(absence_file)
    copy = StaffService(empty_plan)

    def register(s: StaffService) -> list[tuple[object, ...]]:
        return [(p.name, p.role, p.organisation, p.smartcard_on, p.notes,
                 [(sh.weekday, sh.start, sh.end) for pat in s.patterns_of(p.id)
                  for sh in pat.shifts],
                 [(a.kind, a.first, a.last) for a in s.absences_of(p.id)])
                for p in s.people()]

    assert register(copy) == register(staff)
    with pytest.raises(CutoverError, match="CSV or XLSX"):
        exchange(service).export(tmp_path / "staff.ics", kind="staff")


def test_an_import_into_a_plan_file_backs_it_up_first(tmp_path: Path) -> None:
    from cutover_desktop.services.backups import list_backups

    plan = create_plan(tmp_path / "plan.cutover", riverside(), today=lambda: TODAY)
    try:
        exported = tmp_path / "tasks.csv"
        ExchangeService(plan).export(exported, "csv")
        ExchangeService(plan).import_file(exported)
        reasons = [b.reason for b in list_backups(plan.path)]  # type: ignore[arg-type]
        assert "before-import" in reasons
    finally:
        plan.close()


def test_a_saved_template_keeps_times_of_day_and_dependencies(service: PlanService,
                                                              tmp_path: Path) -> None:
    from dataclasses import replace as changed

    first, second = sorted(service.state.tasks)[:2]
    service.update_task(changed(service.task(first), start_time=time(8, 30),
                                end_time=time(10, 0)))
    service.add_dependency(first, second)
    path = ExchangeService(service).save_template(tmp_path / "ours.json", "Our way")
    template = load_template(path)
    new_plan = memory_plan(riverside(), template, today=lambda: TODAY)
    try:
        by_key = {t.template_key: t for t in new_plan.state.tasks.values()}
        old_first, old_second = service.task(first), service.task(second)
        made_first = by_key[old_first.template_key]
        assert (made_first.start_time, made_first.end_time) == (time(8, 30), time(10, 0))
        made_second = by_key[old_second.template_key]
        assert made_first.id in new_plan.state.predecessors_of(made_second.id)
    finally:
        new_plan.close()


@pytest.mark.parametrize(("dependencies", "expected"), [
    ([{"before": "a", "after": "zz"}], "“zz”, which is not a task"),
    ([{"before": "a"}], "needs the task keys"),
    ([{"before": "a", "after": "a"}], "wait for itself"),
    ([{"before": "a", "after": "b"}, {"before": "b", "after": "a"}], "in a loop"),
    ("a,b", "not a list"),
])
def test_bad_template_dependencies_are_refused(dependencies: object, expected: str) -> None:
    from cutover_desktop.domain.template import parse_template

    data = {"format": "cutover-template", "format_version": 1, "name": "t", "phases": ["P"],
            "tasks": [{"key": "a", "phase": "P", "title": "A", "offset": 0},
                      {"key": "b", "phase": "P", "title": "B", "offset": 1,
                       "start_time": "08:30"}],
            "dependencies": dependencies}
    with pytest.raises(TemplateError, match=expected):
        parse_template(data)


def test_a_template_time_must_be_a_time() -> None:
    from cutover_desktop.domain.template import parse_template

    data = {"format": "cutover-template", "format_version": 1, "name": "t", "phases": ["P"],
            "tasks": [{"key": "a", "phase": "P", "title": "A", "offset": 0,
                       "start_time": "half eight"}]}
    with pytest.raises(TemplateError, match="not a time such as 08:30"):
        parse_template(data)
