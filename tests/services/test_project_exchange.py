"""MS Project XML: a plan exported and imported back is the same plan; a file's dates hang
from its Business Go Live milestone or stay pinned; what cannot come over is listed first;
hostile or huge XML is refused with nothing changed."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from defusedxml.ElementTree import parse as safe_parse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cutover_desktop import cli
from cutover_desktop.domain.errors import CutoverError, ValidationError
from cutover_desktop.domain.model import OffsetUnit, TaskStatus
from cutover_desktop.reports.mspdi_read import parse_mspdi
from cutover_desktop.services.backups import list_backups
from cutover_desktop.services.exchange import ExchangeService
from cutover_desktop.services.plan_files import create_plan
from cutover_desktop.services.planner import PlanService
from cutover_desktop.services.project_exchange import (
    create_plan_from_project,
    export_project,
    import_project,
)
from cutover_desktop.services.project_preview import build_preview, preview_project
from tests.conftest import GO_LIVE, TODAY, riverside
from tests.printing.plans import staff_plan
from tests.services.project_plans import (
    empty_plan,
    links_by_title,
    plan_lines,
    project_plan,
)

NS = {"p": "http://schemas.microsoft.com/project"}
SAVED_AT = datetime(2026, 11, 28, 10, 0)


def exported(service: PlanService, folder: Path) -> Path:
    path = folder / "plan.xml"
    export_project(service, path, SAVED_AT)
    return path


def test_a_plan_exported_and_imported_back_is_the_same_plan(service: PlanService,
                                                            tmp_path: Path) -> None:
    project_plan(service)
    path = exported(service, tmp_path)
    target = empty_plan()
    preview = preview_project(path)
    assert preview.anchor is not None and preview.anchor.day == GO_LIVE
    changes = import_project(target, preview)
    assert changes.label == "Import 77 tasks from plan.xml"
    assert plan_lines(target.state) == plan_lines(service.state)
    assert links_by_title(target.state) == links_by_title(service.state)
    # The template's own links (46) and the three project_plan adds all come over.
    assert len(target.state.dependencies) == len(service.state.dependencies) == 49
    # Phases come over in the plan's order, after the empty plan's own.
    assert target.state.details.phases[1:] == service.state.details.phases


def test_the_file_holds_phases_times_calendar_staff_and_key_dates(service: PlanService,
                                                                 tmp_path: Path) -> None:
    project_plan(service)
    staff_plan(service)
    root = safe_parse(exported(service, tmp_path)).getroot()
    tasks = {t.findtext("p:Name", namespaces=NS): t for t in root.iterfind(".//p:Task", NS)}
    lead_in = tasks["Lead-in"]
    assert lead_in.findtext("p:Summary", namespaces=NS) == "1"
    assert lead_in.findtext("p:OutlineLevel", namespaces=NS) == "1"
    timed = tasks[service.state.tasks[11].title]  # type: ignore[index]
    assert timed.findtext("p:OutlineLevel", namespaces=NS) == "2"
    placed = service.state.schedule.dates[11]  # type: ignore[index]
    assert timed.findtext("p:Start", namespaces=NS) == f"{placed.start}T08:30:00"
    assert timed.findtext("p:Finish", namespaces=NS) == f"{placed.start}T09:15:00"
    assert timed.findtext("p:Duration", namespaces=NS) == "PT0H45M0S"
    three_days = tasks[service.state.tasks[16].title]  # type: ignore[index]
    assert three_days.findtext("p:PercentComplete", namespaces=NS) == "50"
    link_uids = {int(link.findtext("p:PredecessorUID", namespaces=NS) or 0)
                 for link in three_days.iterfind("p:PredecessorLink", NS)}
    assert link_uids == {11, 14, 15}  # 15 (test system opened) is the template's own link
    bgl = tasks["Key date: Business Go Live"]
    assert bgl.findtext("p:Milestone", namespaces=NS) == "1"
    assert bgl.findtext("p:Start", namespaces=NS) == f"{GO_LIVE}T09:00:00"
    exceptions = {e.findtext("p:Name", namespaces=NS):
                  (e.findtext("p:TimePeriod/p:FromDate", namespaces=NS),
                   e.findtext("p:DayWorking", namespaces=NS))
                  for e in root.iterfind(".//p:Exception", NS)}
    assert exceptions["Good Friday"] == ("2027-03-26T00:00:00", "0")
    closed = GO_LIVE - timedelta(days=8)
    assert exceptions["Practice closed: Protected learning time"] == (f"{closed}T00:00:00",
                                                                       "0")
    saturday = GO_LIVE - timedelta(days=3)
    assert exceptions["Extra working day: Go-live Saturday"] == (f"{saturday}T00:00:00", "1")
    names = {r.findtext("p:Name", namespaces=NS) for r in root.iterfind(".//p:Resource", NS)}
    assert "Dr Asha Patel" in names
    assignments = list(root.iterfind(".//p:Assignment", NS))
    assert len(assignments) == len(service.state.table("assignment")) > 0


def test_tasks_measured_from_go_live_move_with_the_new_plans_go_live(
        service: PlanService, tmp_path: Path) -> None:
    project_plan(service)
    path = exported(service, tmp_path)
    later = GO_LIVE + timedelta(days=28)
    target = empty_plan(later)
    import_project(target, preview_project(path))
    before = {t.title: service.state.schedule.dates[t.id] for t in service.state.tasks.values()}
    after = {t.title: target.state.schedule.dates[t.id] for t in target.state.tasks.values()}
    pinned_title = service.state.tasks[10].title  # type: ignore[index]
    assert after[pinned_title].start == before[pinned_title].start  # pinned stays
    # The rest keep their working days to go-live, as the template's tasks do (four weeks
    # later takes in Easter, so that is 18 working days, not 28 calendar days, later).
    calendar = target.state.calendar

    def working_days_to(start: date, go_live: date) -> int:
        return calendar.working_days_between(start, go_live - timedelta(days=1))

    unpushed = [title for title, dates in after.items()
                if dates.pushed_by is None and before[title].pushed_by is None
                and title != pinned_title and calendar.is_working_day(before[title].start)
                and before[title].start < GO_LIVE]
    assert len(unpushed) > 30
    for title in unpushed:
        assert working_days_to(after[title].start, later) == \
            working_days_to(before[title].start, GO_LIVE), title


def test_imported_tasks_on_working_days_stay_on_working_days_when_go_live_moves(
        service: PlanService, tmp_path: Path) -> None:
    path = exported(project_plan(service), tmp_path)
    target = empty_plan()
    import_project(target, preview_project(path))
    calendar = target.state.calendar
    was_working = {t.id for t in target.state.tasks.values() if not t.is_pinned
                   and calendar.is_working_day(target.state.schedule.dates[t.id].start)}
    assert len(was_working) > 70
    # A week later, then into the week after Easter (Good Friday 26, Easter Monday 29 Mar).
    for go_live in (GO_LIVE + timedelta(days=7), GO_LIVE + timedelta(days=14)):
        target.set_go_live(go_live)
        dates = target.state.schedule.dates
        closed = sorted((dates[t].start, target.state.tasks[t].title) for t in was_working
                        if not calendar.is_working_day(dates[t].start))
        assert closed == [], go_live


def test_a_supplier_task_keeps_its_working_days_to_go_live(tmp_path: Path) -> None:
    path = tmp_path / "supplier.xml"
    path.write_text(_project_xml(
        _task(1, "Business Go Live", "2027-03-16T08:00:00", "2027-03-16T08:00:00",
              milestone=True),
        _task(2, "Check the reports", "2027-03-19T09:00:00", "2027-03-19T17:00:00"),
        _task(3, "Weekend data load", "2027-03-13T09:00:00", "2027-03-13T17:00:00")),
        encoding="utf-8")
    target = empty_plan()
    import_project(target, preview_project(path))
    tasks = {t.title: t.id for t in target.state.tasks.values()}
    dates = target.state.schedule.dates
    assert dates[tasks["Check the reports"]].start == date(2027, 3, 19)  # Fri, as in the file
    assert dates[tasks["Weekend data load"]].start == date(2027, 3, 13)  # Sat, as in the file
    target.set_go_live(GO_LIVE + timedelta(days=7))  # Tue 23 Mar, before Easter
    dates = target.state.schedule.dates
    # Three working days after go-live: Wed, Thu, then past Good Friday and Easter Monday.
    assert dates[tasks["Check the reports"]].start == date(2027, 3, 30)
    # Deliberately on a closed day in the file: it moves by calendar days, still a Saturday.
    assert dates[tasks["Weekend data load"]].start == date(2027, 3, 20)


def test_without_a_go_live_milestone_every_task_is_pinned_to_its_date(tmp_path: Path) -> None:
    path = tmp_path / "supplier.xml"
    path.write_text(_project_xml(_task(1, "Install", "2027-02-01T08:00:00",
                                       "2027-02-02T17:00:00")), encoding="utf-8")
    preview = preview_project(path)
    assert preview.anchor is None
    target = empty_plan()
    import_project(target, preview)
    (task,) = target.state.tasks.values()
    assert task.pinned_date == date(2027, 2, 1)
    assert target.state.schedule.dates[task.id].end == date(2027, 2, 2)
    assert task.start_time is None and task.end_time is None  # the file's ordinary day
    assert task.phase == "Tasks from MS Project"


def test_a_milestone_chosen_in_the_preview_stands_for_go_live(tmp_path: Path) -> None:
    path = tmp_path / "supplier.xml"
    path.write_text(_project_xml(
        _task(1, "Switch over", "2027-02-10T08:00:00", "2027-02-10T08:00:00", milestone=True),
        _task(2, "Check the data", "2027-02-08T10:00:00", "2027-02-08T12:30:00")),
        encoding="utf-8")
    preview = preview_project(path).with_anchor(1)
    target = empty_plan()
    import_project(target, preview)
    tasks = {t.title: t for t in target.state.tasks.values()}
    check = tasks["Check the data"]
    assert (check.offset, check.offset_unit, check.pinned_date) == (
        -2, OffsetUnit.WORKING_DAYS, None)
    # Two working days before go-live (Tue 16 Mar): Fri 12 Mar, not Sunday the 14th.
    assert target.state.schedule.dates[check.id].start == date(2027, 3, 12)
    assert (check.start_time.isoformat(), check.end_time.isoformat()) == (  # type: ignore[union-attr]
        "10:00:00", "12:30:00")
    assert tasks["Switch over"].milestone


def test_what_cannot_come_over_is_listed_before_anything_changes(tmp_path: Path) -> None:
    path = tmp_path / "supplier.xml"
    path.write_text(_project_xml(
        _summary(1, "Build"),
        _task(2, "Order kit", "2027-02-01T08:00:00", "2027-02-01T17:00:00", level=2,
              extra="<Cost>250</Cost><ConstraintType>7</ConstraintType>"),
        _task(3, "Fit kit", "2027-02-02T08:00:00", "2027-02-02T17:00:00", level=2,
              extra=_link(2, 3) + _link(2, 1)),
        _task(4, "Test kit", "2027-02-03T08:00:00", "2027-02-03T17:00:00", level=2,
              extra=_link(3, 1)),
        resources="<Resource><UID>1</UID><Name>Engineer</Name>"
                  "<StandardRate>45</StandardRate></Resource>"), encoding="utf-8")
    preview = preview_project(path)
    lost = "\n".join(preview.lost)
    assert "1 start-to-start link" in lost
    assert "1 date constraint" in lost and "“Order kit”" in lost
    assert "Costs (1 resource with rates, 1 task with costs)" in lost
    assert "1 resource and 0 assignments" in lost
    assert preview.links == ((2, 3), (3, 4))
    assert preview.phases == ("Build",)
    assert "3 tasks in 1 phase, 2 finish-to-start links" in preview.summary()


def test_an_import_is_one_undo_step_after_a_backup(tmp_path: Path,
                                                   service: PlanService) -> None:
    path = exported(project_plan(service), tmp_path)
    plan = create_plan(tmp_path / "target.cutover", riverside(), today=lambda: TODAY)
    try:
        before = plan.state
        import_project(plan, preview_project(path))
        assert len(plan.state.tasks) == 154
        assert "before-import" in [b.reason for b in list_backups(plan.path)]  # type: ignore
        plan.undo()
        assert plan.state == before
    finally:
        plan.close()


def test_a_file_with_a_loop_of_links_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "loop.xml"
    path.write_text(_project_xml(
        _task(1, "A", "2027-02-01T08:00:00", "2027-02-01T17:00:00", extra=_link(2, 1)),
        _task(2, "B", "2027-02-02T08:00:00", "2027-02-02T17:00:00", extra=_link(1, 1))),
        encoding="utf-8")
    target = empty_plan()
    before = target.state
    with pytest.raises(CutoverError, match="Nothing was imported from loop.xml: .*loop"):
        import_project(target, preview_project(path))
    assert target.state == before
    with pytest.raises(ValidationError, match="loop"):
        create_plan_from_project(tmp_path / "new.cutover", riverside(), preview_project(path))
    assert not (tmp_path / "new.cutover").exists()


def test_a_new_plan_made_from_a_project_file(service: PlanService, tmp_path: Path) -> None:
    path = exported(project_plan(service), tmp_path)
    made = create_plan_from_project(tmp_path / "new.cutover", riverside(), preview_project(path),
                                    today=lambda: TODAY)
    try:
        assert plan_lines(made.state) == plan_lines(service.state)
        assert made.state.details.phases == service.state.details.phases
        assert made.undo_status().undo_label is None  # making a plan is not an edit
    finally:
        made.close()


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE Project [
 <!ENTITY a "aaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
]>
<Project xmlns="http://schemas.microsoft.com/project"><Name>&d;</Name><Tasks/></Project>"""
EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE Project [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<Project xmlns="http://schemas.microsoft.com/project"><Name>&secret;</Name><Tasks/></Project>"""


def _refused_import(plan: Path, path: Path, content: str,
                    capsys: pytest.CaptureFixture[str]) -> str:
    """Import a file holding `content` from the command line: it must be refused, with the
    plan left byte for byte as it was; what it wrote to standard error."""
    path.write_text(content, encoding="utf-8")
    before = plan.read_bytes()
    assert cli.main(["import", str(plan), str(path)], out=io.StringIO()) == 1
    assert plan.read_bytes() == before
    return capsys.readouterr().err.strip()


@pytest.mark.parametrize(("content", "message"), [
    (BILLION_LAUGHS, r"^hostile.xml was not read: it defines entities that expand into more "
                     r"text \(the “billion laughs” trick\), which an MS Project file never "
                     r"does\.$"),
    (EXTERNAL_ENTITY, r"^hostile.xml was not read: it asks to pull in another file or web "
                      r"address \(an external entity\), which an MS Project file never does\.$"),
    ("<Project><Tasks>", r"^hostile.xml is not a well-formed XML file"),
    ("<Workbook/>", r"^hostile.xml is XML but not an MS Project file"),
])
def test_hostile_xml_is_refused_in_one_sentence_and_nothing_changes(
        plan_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str,
        message: str) -> None:
    error = _refused_import(plan_file, tmp_path / "hostile.xml", content, capsys)
    error = error.removeprefix("cutover-desktop: ")
    assert "\n" not in error and "Traceback" not in error
    assert re.search(message, error)


def test_dates_far_outside_a_migration_change_nothing(tmp_path: Path) -> None:
    path = tmp_path / "old.xml"
    path.write_text(_project_xml(_task(1, "Y2K check", "1999-12-31T08:00:00",
                                       "1999-12-31T17:00:00")), encoding="utf-8")
    target = empty_plan()
    before = target.state
    with pytest.raises(ValidationError, match="“Y2K check” has dates outside 2000 to 2099"):
        import_project(target, preview_project(path))
    assert target.state is before


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from([
    "<Task>", "</Task>", "<UID>7</UID>", "<UID>x</UID>", "<Name>A &amp; B</Name>",
    "<OutlineLevel>2</OutlineLevel>", "<Summary>1</Summary>", "<Milestone>1</Milestone>",
    "<Start>2027-03-16T08:00:00</Start>", "<Start>not a date</Start>",
    "<Finish>2027-03-15T17:00:00</Finish>", "<Finish>2027-03-17T00:00:00</Finish>",
    "<PredecessorLink><PredecessorUID>7</PredecessorUID><Type>9</Type></PredecessorLink>",
    "<PercentComplete>250</PercentComplete>", "<Duration>PTxH</Duration>", "&", "<"]),
    max_size=30))
def test_any_scrap_of_a_project_file_is_imported_whole_or_refused_in_words(
        parts: list[str]) -> None:
    data = ("<Project xmlns='http://schemas.microsoft.com/project'><Tasks>"
            + "".join(parts) + "</Tasks></Project>").encode()
    target = empty_plan()
    before = target.state
    try:
        preview = build_preview(parse_mspdi(data, "scrap.xml"), "scrap.xml")
        import_project(target, preview)
    except CutoverError as exc:
        assert "\n" not in exc.message and exc.message.endswith((".", ")"))
        assert target.state is before
    else:
        assert len(target.state.tasks) == len(preview.tasks)
    finally:
        target.close()


def test_a_50_mb_file_is_refused_unread(plan_file: Path, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    huge = tmp_path / "huge.xml"
    with huge.open("wb") as handle:
        handle.write(b"<Project xmlns='http://schemas.microsoft.com/project'><Tasks>")
        handle.truncate(50 * 1024 * 1024)
    before = plan_file.read_bytes()
    assert cli.main(["import", str(plan_file), str(huge)], out=io.StringIO()) == 1
    assert capsys.readouterr().err.strip() == (
        "cutover-desktop: huge.xml was not read: it is larger than 20 MB, far more than a "
        "migration plan needs.")
    assert plan_file.read_bytes() == before


def test_the_command_line_exports_and_imports_ms_project_files(
        plan_file: Path, tmp_path: Path) -> None:
    out = io.StringIO()
    xml = tmp_path / "out.xml"
    assert cli.main(["export", str(plan_file), "--format", "msproject", "--out", str(xml)],
                    out=out) == 0
    assert out.getvalue() == f"Wrote {xml} with 77 tasks.\n"
    target = tmp_path / "target.cutover"
    create_plan(target, riverside(), today=lambda: TODAY).close()
    out = io.StringIO()
    assert cli.main(["import", str(target), str(xml)], out=out) == 0
    lines = out.getvalue().splitlines()
    assert lines[0] == "Imported tasks from out.xml: 77 added."
    assert lines[1].startswith("77 tasks in 11 phases, 46 finish-to-start links. Dates are "
                               "measured from “Key date: Business Go Live”")


def test_the_command_line_refuses_a_person_for_an_ms_project_file(
        plan_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["export", str(plan_file), "--format", "msproject", "--person", "Sam",
                     "--out", str(tmp_path / "x.xml")], out=io.StringIO()) == 1
    assert "holds the whole plan" in capsys.readouterr().err
    assert not (tmp_path / "x.xml").exists()


def test_the_exchange_service_writes_ms_project_by_name(service: PlanService,
                                                         tmp_path: Path) -> None:
    count = ExchangeService(service).export(tmp_path / "plan.xml")
    assert count == 77
    assert b"<Project xmlns=\"http://schemas.microsoft.com/project\">" in \
        (tmp_path / "plan.xml").read_bytes()
    done = replace(service.state.tasks[1], status=TaskStatus.DONE)  # type: ignore[index]
    service.update_task(done)
    ExchangeService(service).export(tmp_path / "plan.xml", "msproject")
    target = empty_plan()
    import_project(target, preview_project(tmp_path / "plan.xml"))
    titles = {t.title: t.status for t in target.state.tasks.values()}
    assert titles[done.title] is TaskStatus.DONE


# Small MSPDI files, written as a supplier's tool would.


def _project_xml(*tasks: str, resources: str = "") -> str:
    return ("<?xml version='1.0' encoding='UTF-8'?>"
            "<Project xmlns='http://schemas.microsoft.com/project'><Name>Supplier plan</Name>"
            "<DefaultStartTime>08:00:00</DefaultStartTime>"
            "<DefaultFinishTime>17:00:00</DefaultFinishTime>"
            f"<Tasks>{''.join(tasks)}</Tasks><Resources>{resources}</Resources></Project>")


def _task(uid: int, name: str, start: str, finish: str, *, level: int = 1,
          milestone: bool = False, extra: str = "") -> str:
    return (f"<Task><UID>{uid}</UID><Name>{name}</Name><OutlineLevel>{level}</OutlineLevel>"
            f"<Start>{start}</Start><Finish>{finish}</Finish>"
            f"<Milestone>{int(milestone)}</Milestone><Summary>0</Summary>{extra}</Task>")


def _summary(uid: int, name: str) -> str:
    return (f"<Task><UID>{uid}</UID><Name>{name}</Name><OutlineLevel>1</OutlineLevel>"
            "<Summary>1</Summary></Task>")


def _link(predecessor: int, kind: int) -> str:
    return (f"<PredecessorLink><PredecessorUID>{predecessor}</PredecessorUID>"
            f"<Type>{kind}</Type></PredecessorLink>")


def test_text_with_characters_xml_forbids_still_exports_a_file_others_can_read(
        service: PlanService, tmp_path: Path) -> None:
    # Word's Shift+Enter pastes a vertical tab; a form feed or a stray control character can
    # come the same way. XML 1.0 allows none of them, so a file holding them is unreadable.
    task = service.state.tasks[sorted(service.state.tasks)[0]]
    service.edit_task(replace(task, title="Kick-off\x0bmeeting", notes="Agenda\x0cnotes\x01"))
    path = exported(service, tmp_path)
    names = {t.findtext("p:Name", namespaces=NS): t.findtext("p:Notes", namespaces=NS)
             for t in safe_parse(path).getroot().iterfind(".//p:Task", NS)}
    assert names["Kick-off meeting"] == "Agenda\nnotes"
    target = empty_plan()
    import_project(target, preview_project(path))
    assert "Kick-off meeting" in {t.title for t in target.state.tasks.values()}


@pytest.mark.parametrize(("content", "message"), [
    ("<?xml version='1.0'?><Project xmlns='http://schemas.microsoft.com/project'>"
     "<Name>Empty</Name><Tasks/></Project>", "supplier.xml has no tasks with dates to import."),
    ("<?xml version='1.0'?><Project xmlns='http://schemas.microsoft.com/project'><Tasks>"
     "<Task><Name>No number</Name><Start>2027-03-16T08:00:00</Start></Task></Tasks></Project>",
     "supplier.xml has a task without a number (UID), so its links cannot be followed."),
])
def test_an_ms_project_file_with_nothing_usable_is_refused_in_words(
        plan_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str,
        message: str) -> None:
    error = _refused_import(plan_file, tmp_path / "supplier.xml", content, capsys)
    assert error == f"cutover-desktop: {message}"


def test_an_export_into_a_folder_that_is_not_there_is_refused_in_words(
        plan_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere" / "plan.xml"
    assert cli.main(["export", str(plan_file), "--format", "msproject", "--out", str(missing)],
                    out=io.StringIO()) == 1
    assert capsys.readouterr().err.strip() == (
        f"cutover-desktop: The folder {missing.parent} does not exist, so plan.xml cannot be "
        "written there.")
    # A file standing where the folder should be is said to be a file.
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    assert cli.main(["export", str(plan_file), "--format", "msproject", "--out",
                     str(tmp_path / "notes.txt" / "plan.xml")], out=io.StringIO()) == 1
    assert capsys.readouterr().err.strip() == (
        f"cutover-desktop: {tmp_path / 'notes.txt'} is a file, not a folder, so plan.xml "
        "cannot be written there.")
