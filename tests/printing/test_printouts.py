"""Each printout rendered to PDF and read back: the right tasks on the right pages, the frame and
the table headings on every page, user text printed as typed, nothing cut off."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from PySide6.QtGui import QPdfWriter

from cutover_desktop.domain.changes import Changes, EntityChange
from cutover_desktop.domain.errors import ValidationError
from cutover_desktop.domain.ids import TaskId
from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.model import Anchor, Task, TaskStatus
from cutover_desktop.printing.layout import paginate
from cutover_desktop.printing.measure import Metrics
from cutover_desktop.printing.output import write_pdf
from cutover_desktop.printing.pages import page_layout
from cutover_desktop.printing.table_flow import TableFlow
from cutover_desktop.reports.day_schedule import tasks_on_day
from cutover_desktop.reports.document import Cell, Column, GroupRow, Orientation, Row, Table
from cutover_desktop.services.planner import PlanService
from cutover_desktop.services.printouts import Printouts
from tests.conftest import GO_LIVE
from tests.printing.conftest import pdf_pages
from tests.printing.plans import MARKUP_TITLE, crowded_day, sign_a_gate, staff_plan

NOW = datetime(2026, 11, 28, 9, 30)
FRAME = ("Riverside Surgery (A81001)", "Printed Sat 28 Nov 2026 at 09:30")
DAY_HEADINGS = "Done Time Task Owner role Site Initials Notes"


def printouts(service: PlanService) -> Printouts:
    return Printouts(service, now=lambda: NOW)


def add_tasks(service: PlanService, *tasks: Task) -> None:
    service.apply(Changes("Add test tasks", tuple(EntityChange(None, t) for t in tasks)))


def marker(service: PlanService, number: int, title: str, day: date, **fields: object) -> Task:
    task_id = TaskId(max(service.state.tasks) + number)
    return Task(id=task_id, title=title, phase="Final week", anchor=Anchor.key(KeyDate.BGL),
                offset=(day - GO_LIVE).days, pinned_date=day, position=int(task_id),
                **fields)  # type: ignore[arg-type]


def render(tmp_path: Path, printable: object, name: str = "out.pdf") -> list[str]:
    path = tmp_path / name
    write_pdf(printable, path)  # type: ignore[arg-type]
    return pdf_pages(path)


def test_the_day_schedule_has_the_days_tasks_in_time_order_and_none_from_other_days(
        service: PlanService, tmp_path: Path) -> None:
    day = GO_LIVE
    add_tasks(
        service,
        marker(service, 1, "Zebra marker at eleven", day, start_time=time(11, 0),
               end_time=time(11, 30)),
        marker(service, 2, "Yak marker at nine", day, start_time=time(9, 0),
               end_time=time(9, 45), site="Branch"),
        marker(service, 3, "Xerus marker any time", day),
        marker(service, 4, "Walrus marker the day before", day - timedelta(days=1)),
        marker(service, 5, "Vole marker the day after", day + timedelta(days=1)),
        marker(service, 6, "Urchin marker over three days", day - timedelta(days=1),
               duration_days=3),
    )
    pages = render(tmp_path, printouts(service).day(day))
    text = " ".join(pages)
    for title in ("Zebra marker at eleven", "Yak marker at nine", "Xerus marker any time",
                  "Urchin marker over three days"):
        assert text.count(title) == 1, title
    assert "Walrus marker" not in text and "Vole marker" not in text
    # Timed tasks first, by time; then the rest under their own heading.
    assert (text.index("At set times") < text.index("09:00–09:45 Yak marker")
            < text.index("11:00–11:30 Zebra marker") < text.index("Any time during the day")
            < text.index("Xerus marker"))
    assert "day 2 of 3" in text
    assert "Business Go Live" in text and "Key date:" in text
    # Every template task on the day is there; those of other days are not.
    on_day = {e.task.id for e in tasks_on_day(service.state, day)}
    for task in service.state.tasks.values():
        if task.id in on_day:
            assert task.title in text, task.title
        elif not any(task.title in service.state.tasks[t].title + service.state.tasks[t].notes
                     for t in on_day):
            assert task.title not in text, task.title


def test_a_long_day_repeats_the_frame_and_the_table_headings_on_every_page(
        service: PlanService, tmp_path: Path) -> None:
    day = GO_LIVE + timedelta(days=2)
    crowded_day(service, day, 200)
    pages = render(tmp_path, printouts(service).day(day), "long-day.pdf")
    assert len(pages) >= 5
    for number, page in enumerate(pages, start=1):
        assert all(part in page for part in FRAME), number
        assert "plan not saved to a file" in page
        assert f"Page {number} of {len(pages)}" in page
        assert DAY_HEADINGS in page, f"page {number} has no table headings"
    text = " ".join(pages)
    for n in range(1, 201):
        assert text.count(f"Crowded task {n:03d}:") == 1, n


def test_a_plan_file_name_is_on_every_page(plan_file: Path, tmp_path: Path) -> None:
    from cutover_desktop.services.plan_files import open_plan

    service = open_plan(plan_file, read_only=True)
    try:
        pages = render(tmp_path, printouts(service).task_list())
    finally:
        service.close()
    assert len(pages) > 3
    assert all("riverside.cutover" in page and FRAME[1] in page for page in pages)


def test_text_typed_by_a_person_prints_as_typed_never_as_markup(
        service: PlanService, tmp_path: Path) -> None:
    task = service.state.tasks[TaskId(1)]
    service.update_task(task.with_changes(title=MARKUP_TITLE, notes="Tom & Jerry <br> &amp;"))
    day = service.schedule().dates[task.id].start
    text = " ".join(render(tmp_path, printouts(service).day(day)))
    assert MARKUP_TITLE in text
    assert "Tom & Jerry <br> &amp;" in text


def test_a_row_taller_than_a_page_is_continued_not_cut_off(service: PlanService,
                                                          tmp_path: Path) -> None:
    words = " ".join(f"w{n}" for n in range(1, 2001))
    task = service.state.tasks[TaskId(1)]
    service.update_task(task.with_changes(notes=words))
    day = service.schedule().dates[task.id].start
    pages = render(tmp_path, printouts(service).day(day))
    assert len(pages) >= 2
    text = " ".join(pages)
    found = [f"w{n}" for n in range(1, 2001) if f" w{n} " in f" {text} "]
    assert len(found) == 2000
    assert "(continued)" in text


def test_a_group_heading_never_ends_a_page(qapp, tmp_path: Path) -> None:
    writer = QPdfWriter(str(tmp_path / "unused.pdf"))
    writer.setPageLayout(page_layout(Orientation.PORTRAIT))
    metrics = Metrics(writer)
    rows: list[Row | GroupRow] = []
    for group in range(30):
        rows.append(GroupRow(f"Group {group}", "detail"))
        rows += [Row((Cell.text(f"row {group}.{n} " * (1 + n % 4)), Cell.text("x")))
                 for n in range(group % 5 + 1)]
    table = TableFlow.build(metrics, Table((Column("A", 3), Column("B", 1)), tuple(rows)),
                            metrics.mm(180), 0)
    for height_mm in (60, 77, 93, 120, 250):
        pages = paginate([table], metrics.mm(height_mm))
        for page in pages:
            for flow, _y in page:
                assert isinstance(flow, TableFlow)
                assert not flow.rows[-1].group, f"page ends on a heading at {height_mm} mm"
        placed = [r for page in pages for flow, _y in page for r in flow.rows]  # type: ignore[attr-defined]
        assert len(placed) == len(table.rows)


def test_one_persons_day_lists_only_their_tasks_and_says_if_they_are_in(
        service: PlanService, tmp_path: Path) -> None:
    staff_plan(service)
    tgl = service.schedule().key_dates[KeyDate.TGL]
    report = printouts(service).day(tgl, "sam okafor")  # any case
    text = " ".join(render(tmp_path, report))
    assert "Day schedule for Sam Okafor" in text
    assert "Sam Okafor is working, 08:00–16:30." in text
    from cutover_desktop.reports.staff_info import staff_info_of

    mine = staff_info_of(service.state).tasks_of("Sam Okafor")
    for entry in tasks_on_day(service.state, tgl):
        if entry.task.id in mine:
            assert entry.task.title in text
        else:
            assert entry.task.title not in text


def test_the_day_schedule_says_who_is_in_and_who_is_off(service: PlanService,
                                                        tmp_path: Path) -> None:
    staff_plan(service)
    tgl = service.schedule().key_dates[KeyDate.TGL]
    text = " ".join(render(tmp_path, printouts(service).day(tgl)))
    assert "Who is in and who is off" in text
    assert "Jo Brennan (Receptionist, Annual leave)" in text
    assert "Sam Okafor (Practice manager, 08:00–16:30)" in text
    # Someone assigned while away is marked beside the task, so the gap shows on paper.
    assert "Jo Brennan (off: Annual leave)" in text


def test_a_persons_fortnight_has_a_heading_per_day_with_their_tasks(
        service: PlanService, tmp_path: Path) -> None:
    staff_plan(service)
    text = " ".join(render(tmp_path, printouts(service).person("Jo Brennan")))
    assert "Schedule for Jo Brennan" in text
    assert "Mon 15 Mar 2027 · TGL" in text and "is off this day: Annual leave." in text


def test_a_person_not_in_the_register_is_refused(service: PlanService) -> None:
    with pytest.raises(ValidationError, match="no staff register"):
        printouts(service).day(GO_LIVE, "Nobody")
    staff_plan(service)
    with pytest.raises(ValidationError, match="No one called “Nobody”"):
        printouts(service).day(GO_LIVE, "Nobody")


def test_the_week_shows_the_tasks_starting_in_it_and_lists_those_carrying_on(
        service: PlanService, tmp_path: Path) -> None:
    monday = GO_LIVE - timedelta(days=GO_LIVE.weekday())
    add_tasks(service,
              marker(service, 1, "Quokka marker on Wednesday", monday + timedelta(days=2)),
              marker(service, 2, "Puffin marker the Sunday before", monday - timedelta(days=1)),
              marker(service, 3, "Otter marker from last week", monday - timedelta(days=3),
                     duration_days=5))
    text = " ".join(render(tmp_path, printouts(service).week(GO_LIVE + timedelta(days=3))))
    assert "Week at a glance: Mon 15 Mar 2027 to Sun 21 Mar 2027" in text
    assert "Quokka marker on Wednesday" in text
    assert "Puffin marker" not in text
    assert "Carrying on from earlier weeks" in text
    assert text.index("Carrying on from earlier weeks") < text.index("Otter marker")


def test_the_task_list_prints_the_filtered_tasks_in_screen_order(service: PlanService,
                                                                 tmp_path: Path) -> None:
    tasks = service.state.tasks
    ids = [TaskId(5), TaskId(3), TaskId(9)]
    report = printouts(service).task_list(ids, "phase Lead-in")
    text = " ".join(render(tmp_path, report))
    assert "Showing 3 of 77 tasks." in text and "Filtered by: phase Lead-in" in text
    positions = [text.index(tasks[t].title) for t in ids]
    assert positions == sorted(positions)
    assert tasks[TaskId(4)].title not in text


def test_the_timeline_prints_every_task_with_names_on_each_page(service: PlanService,
                                                                tmp_path: Path) -> None:
    service.set_status([TaskId(1)], TaskStatus.DONE)
    pages = render(tmp_path, printouts(service).timeline())
    assert len(pages) > 1
    text = " ".join(pages)
    for task in service.state.tasks.values():
        assert task.title.split(";")[0][:40] in text, task.title
    for page in pages:
        assert page.count("Task Status") >= 1 and FRAME[0] in page
    assert "BGL" in text and "FDP" in text and "Done" in text


def test_the_coverage_grid_and_the_evidence_pack_print(service: PlanService,
                                                       tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="no staff register"):
        printouts(service).coverage()
    staff_plan(service)
    text = " ".join(render(tmp_path, printouts(service).coverage(), "coverage.pdf"))
    assert "Staff coverage" in text and "At work" in text and "Jo Brennan" in text
    assert "Leave" in text and "Training" in text
    sign_a_gate(service)
    text = " ".join(render(tmp_path, printouts(service).evidence_pack(), "pack.pdf"))
    head_id, head_hash = service.audit_head()
    assert "Go-live data sign-off" in text and "Dr Asha Patel, Lead GP" in text
    assert "I accept the go-live data <as checked>." in text
    assert head_hash[:32] in text.replace(" ", "")
