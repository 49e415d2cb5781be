"""MS Project XML checked with MPXJ, the library ProjectLibre's and GanttProject's Project file
support is built on: what we write, it reads as the same plan; what it writes, we read.

MPXJ runs in a Java virtual machine, started once for the whole test session."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest

from cutover_desktop.domain.model import TaskStatus
from cutover_desktop.services.planner import PlanService
from cutover_desktop.services.project_exchange import export_project, import_project
from cutover_desktop.services.project_preview import preview_project
from tests.conftest import GO_LIVE
from tests.printing.plans import staff_plan
from tests.services.project_plans import empty_plan, links_by_title, plan_lines, project_plan

pytestmark = [
    pytest.mark.skipif(
        shutil.which("java") is None,
        reason="No Java runtime here (install default-jre-headless), so MPXJ cannot run."),
    pytest.mark.slow,  # a Java virtual machine starts (about 6 s): CI runs it
]


@pytest.fixture(scope="session")
def mpxj() -> Iterator[SimpleNamespace]:
    """MPXJ's reader and writer classes; the JVM starts once and stays up for the session."""
    import jpype
    import mpxj  # noqa: F401 - puts MPXJ's jars on the class path

    if not jpype.isJVMStarted():
        jpype.startJVM()
    from java.time import LocalDateTime
    from org.mpxj import Duration, ProjectFile, Relation, RelationType, TimeUnit
    from org.mpxj.mspdi import MSPDIWriter
    from org.mpxj.reader import UniversalProjectReader

    yield SimpleNamespace(read=lambda path: UniversalProjectReader().read(str(path)),
                          ProjectFile=ProjectFile, Duration=Duration, TimeUnit=TimeUnit,
                          Relation=Relation, RelationType=RelationType,
                          MSPDIWriter=MSPDIWriter, LocalDateTime=LocalDateTime)


def _python(moment: object) -> datetime:
    return datetime.fromisoformat(str(moment))


def test_mpxj_reads_our_file_as_the_plan_and_it_imports_back_the_same(
        mpxj: SimpleNamespace, service: PlanService, tmp_path: Path) -> None:
    project_plan(service)
    staff_plan(service)
    path = tmp_path / "plan.xml"
    export_project(service, path, datetime(2026, 11, 28, 10, 0))
    project = mpxj.read(path)
    state = service.state
    read = {str(t.getName()): t for t in project.getTasks()
            if not t.getSummary() and not str(t.getName()).startswith("Key date: ")}
    assert len(read) == len(state.tasks) == 77
    for task in state.tasks.values():
        placed = state.schedule.dates[task.id]
        other = read[task.title]
        start, finish = _python(other.getStart()), _python(other.getFinish())
        assert start.date() == placed.start, task.title
        assert start.time() == (task.start_time or time(9, 0)), task.title
        assert bool(other.getMilestone()) == task.milestone, task.title
        if task.milestone and task.end_time is None:
            assert finish == start, task.title
        else:
            assert finish.date() == placed.end, task.title
            assert finish.time() == (task.end_time or time(17, 0)), task.title
        done = {TaskStatus.DONE: 100, TaskStatus.IN_PROGRESS: 50}.get(task.status, 0)
        assert int(other.getPercentageComplete().intValue()) == done
        assert str(other.getNotes() or "") == task.notes
    links = {(str(r.getPredecessorTask().getName()), str(r.getSuccessorTask().getName()),
              str(r.getType())) for t in project.getTasks() for r in t.getPredecessors()}
    assert links == {(a, b, "FS") for a, b in links_by_title(state)}
    phases = [str(t.getName()) for t in project.getTasks() if t.getSummary()
              and t.getOutlineLevel().intValue() == 1]
    assert phases == ["Key dates", *state.details.phases]
    key_dates = {str(t.getName()): _python(t.getStart()).date() for t in project.getTasks()
                 if str(t.getName()).startswith("Key date: ")}
    assert key_dates["Key date: Business Go Live"] == GO_LIVE
    calendar = project.getDefaultCalendar()
    assert not calendar.isWorkingDate(mpxj.LocalDateTime.of(2027, 3, 26, 0, 0).toLocalDate())
    assert not calendar.isWorkingDate(
        mpxj.LocalDateTime.of(2027, 3, 8, 0, 0).toLocalDate())  # the practice closure
    assert calendar.isWorkingDate(mpxj.LocalDateTime.of(2027, 3, 9, 0, 0).toLocalDate())
    saturday = mpxj.LocalDateTime.of(2027, 3, 13, 0, 0).toLocalDate()  # the extra working day
    assert calendar.isWorkingDate(saturday)
    assert not calendar.isWorkingDate(saturday.plusDays(7))
    people = {str(r.getName()) for r in project.getResources() if r.getName() is not None}
    assert "Dr Asha Patel" in people
    assert project.getResourceAssignments().size() == len(state.table("assignment"))

    # And back: MPXJ writes the file out again, and that imports as the same plan.
    again = tmp_path / "again.xml"
    mpxj.MSPDIWriter().write(project, str(again))
    target = empty_plan()
    import_project(target, preview_project(again))
    assert plan_lines(target.state) == plan_lines(state)
    assert links_by_title(target.state) == links_by_title(state)


def test_a_file_written_by_mpxj_imports_with_its_phases_links_and_milestone(
        mpxj: SimpleNamespace, tmp_path: Path) -> None:
    at = mpxj.LocalDateTime.of
    project = mpxj.ProjectFile()
    project.setDefaultCalendar(project.addDefaultBaseCalendar())
    project.getProjectProperties().setName("Supplier go-live plan")

    def add(parent: object, name: str, start: object, finish: object, days: int,
            milestone: bool = False) -> object:
        task = parent.addTask()  # type: ignore[attr-defined]
        task.setName(name)
        task.setStart(start)
        task.setFinish(finish)
        task.setDuration(mpxj.Duration.getInstance(days, mpxj.TimeUnit.DAYS))
        task.setMilestone(milestone)
        return task

    prepare = project.addTask()
    prepare.setName("Preparation")
    extract = add(prepare, "Extract the data", at(2027, 3, 11, 8, 0), at(2027, 3, 12, 17, 0), 2)
    load = add(prepare, "Load the data", at(2027, 3, 15, 8, 0), at(2027, 3, 15, 17, 0), 1)
    live = project.addTask()
    live.setName("Go live")
    go_live = add(live, "Business Go Live", at(2027, 3, 16, 8, 0), at(2027, 3, 16, 8, 0), 0,
                  milestone=True)
    check = add(live, "Check the appointment book", at(2027, 3, 16, 13, 30),
                at(2027, 3, 16, 15, 0), 0)
    load.addPredecessor(mpxj.Relation.Builder().predecessorTask(extract)
                        .type(mpxj.RelationType.FINISH_START))
    go_live.addPredecessor(mpxj.Relation.Builder().predecessorTask(load)
                           .type(mpxj.RelationType.FINISH_START))
    check.addPredecessor(mpxj.Relation.Builder().predecessorTask(go_live)
                         .type(mpxj.RelationType.START_START))
    path = tmp_path / "supplier.xml"
    mpxj.MSPDIWriter().write(project, str(path))

    preview = preview_project(path)
    assert preview.anchor is not None and preview.anchor.name == "Business Go Live"
    assert preview.phases == ("Preparation", "Go live")
    assert any("1 start-to-start link" in line for line in preview.lost)
    later = GO_LIVE + timedelta(days=7)
    target = empty_plan(later)
    import_project(target, preview)
    state = target.state
    tasks = {t.title: t for t in state.tasks.values()}
    placed = {title: state.schedule.dates[t.id] for title, t in tasks.items()}
    # Measured from the file's go-live, so a week later in a plan going live a week later.
    assert placed["Extract the data"].start == date(2027, 3, 18)
    assert placed["Extract the data"].end == date(2027, 3, 19)
    assert placed["Business Go Live"].start == later
    assert tasks["Business Go Live"].milestone
    assert tasks["Extract the data"].phase == "Preparation"
    assert (tasks["Check the appointment book"].start_time,
            tasks["Check the appointment book"].end_time) == (time(13, 30), time(15, 0))
    assert links_by_title(state) == {("Extract the data", "Load the data"),
                                     ("Load the data", "Business Go Live")}
