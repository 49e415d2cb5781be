"""PrintActions through the window's eyes: previews with pages, exports and imports with their
messages, refusals that change nothing, the day dialog."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from cutover_desktop.domain.formatting import uk_date
from cutover_desktop.domain.ids import TaskId
from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.model import TaskStatus
from cutover_desktop.domain.template import load_template
from cutover_desktop.ui.coverage_view import CoverageView
from cutover_desktop.ui.dialogs.print_day_dialog import DayPrintout, PrintDayDialog
from cutover_desktop.ui.print_actions import PrintActions, describe_task_filter
from cutover_desktop.ui.session import PlanSession
from tests.conftest import GO_LIVE
from tests.printing.plans import staff_plan


@pytest.fixture
def window(qtbot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def actions(session: PlanSession, window: QWidget) -> PrintActions:
    return PrintActions(session, window)


def page_count(dialog: QPrintPreviewDialog) -> int:
    preview = dialog.findChild(QPrintPreviewWidget)
    assert preview is not None
    preview.updatePreview()
    return preview.pageCount()


def close_all(actions: PrintActions) -> None:
    for dialog in list(actions.open_dialogs):
        dialog.reject()


def test_each_printout_opens_a_preview_with_its_pages(actions: PrintActions, qtbot) -> None:
    for name, show in (("Day schedule: Tue 16 Mar 2027", lambda: actions.print_day(GO_LIVE)),
                       ("Week at a glance", lambda: actions.print_week(GO_LIVE)),
                       ("Task list", lambda: actions.print_task_list([1, 2, 3])),
                       ("Timeline", actions.print_timeline),
                       ("Sign-off evidence", actions.print_evidence_pack),
                       ("Cut-over registers", actions.print_registers),
                       ("Post-go-live issues log", lambda: actions.print_registers("issues"))):
        dialog = show()
        assert isinstance(dialog, QPrintPreviewDialog), name
        qtbot.waitExposed(dialog)
        assert dialog.windowTitle().startswith(f"Print preview: {name}")
        assert page_count(dialog) >= 1, name
        close_all(actions)


def test_a_refused_printout_says_why_and_opens_no_preview(actions: PrintActions) -> None:
    assert actions.print_day(GO_LIVE, "Jo Brennan") is None
    assert actions.print_coverage() is None
    box = actions.last_message
    assert isinstance(box, QMessageBox)
    assert "no staff register" in box.text()
    assert not any(isinstance(d, QPrintPreviewDialog) for d in actions.open_dialogs)


def test_an_unknown_register_is_refused_with_a_message(actions: PrintActions) -> None:
    assert actions.print_registers("nonsense") is None
    assert "no register called “nonsense”" in actions.last_message.text()


def test_coverage_prints_the_days_the_coverage_tab_shows(
        actions: PrintActions, session: PlanSession, qtbot,
        monkeypatch: pytest.MonkeyPatch) -> None:
    staff_plan(session.service)
    view = CoverageView(session)
    qtbot.addWidget(view)
    tgl = session.service.schedule().key_dates[KeyDate.TGL]
    view.show_days(tgl - timedelta(days=1), tgl + timedelta(days=2))
    printed: list[object] = []
    monkeypatch.setattr(actions, "preview", lambda printable: printed.append(printable))
    # What File › Print staff coverage calls in the main window.
    actions.print_coverage(*view.days_shown())
    (report,) = printed
    assert report.subtitle.startswith(  # type: ignore[attr-defined]
        f"{uk_date(tgl - timedelta(days=1))} to {uk_date(tgl + timedelta(days=2))}")
    text = report.plain_text()  # type: ignore[attr-defined]
    assert "Sat 13\u00a0Mar" not in text and "Thu 18\u00a0Mar" not in text
    assert "Sun\n14\u00a0Mar" in text and "Wed\n17\u00a0Mar" in text


def test_the_day_dialog_offers_a_persons_fortnight_only_for_one_person(
        actions: PrintActions, session: PlanSession, qtbot) -> None:
    dialog = actions.choose_day(GO_LIVE)
    assert isinstance(dialog, PrintDayDialog)
    assert not dialog.person_combo.isEnabled()
    assert not dialog.fortnight_radio.isEnabled()
    dialog.reject()
    staff_plan(session.service)
    dialog = actions.choose_day(GO_LIVE)
    assert dialog.person_combo.isEnabled()
    dialog.person_combo.setCurrentText("Jo Brennan")
    assert dialog.fortnight_radio.isEnabled()
    qtbot.mouseClick(dialog.fortnight_radio, Qt.MouseButton.LeftButton)
    choice = dialog.choice()
    assert (choice.kind, choice.person, choice.day) == (DayPrintout.PERSON_FORTNIGHT,
                                                         "Jo Brennan", GO_LIVE)
    dialog.accept()
    previews = [d for d in actions.open_dialogs if isinstance(d, QPrintPreviewDialog)]
    assert len(previews) == 1 and "Schedule for Jo Brennan" in previews[0].windowTitle()
    close_all(actions)
    dialog = actions.choose_day(GO_LIVE)
    dialog.week_radio.setChecked(True)
    dialog.person_combo.setCurrentIndex(0)
    assert dialog.choice().kind is DayPrintout.WEEK
    dialog.accept()
    assert any("Week at a glance" in d.windowTitle() for d in actions.open_dialogs)
    close_all(actions)


def test_export_writes_the_file_and_says_so(actions: PrintActions, tmp_path: Path) -> None:
    for export, suffix in ((actions.export_csv, "csv"), (actions.export_xlsx, "xlsx"),
                           (actions.export_ics, "ics")):
        path = export(tmp_path / f"tasks.{suffix}")
        assert path is not None and path.stat().st_size > 0
        assert actions.last_message is not None
        assert actions.last_message.text() == f"Wrote 77 tasks to tasks.{suffix}."


def test_staff_and_absences_export(actions: PrintActions, session: PlanSession,
                                   tmp_path: Path) -> None:
    staff_plan(session.service)
    assert actions.export_people("staff", tmp_path / "staff.csv") is not None
    assert actions.last_message.text() == "Wrote 8 people to staff.csv."
    assert actions.export_people("absences", tmp_path / "away.xlsx") is not None
    assert actions.last_message.text() == "Wrote 2 absences to away.xlsx."


def test_an_import_is_one_undo_step_and_refreshes_the_views(actions: PrintActions,
                                                            session: PlanSession,
                                                            tmp_path: Path, qtbot) -> None:
    path = actions.export_csv(tmp_path / "tasks.csv")
    assert path is not None
    service = session.service
    service.set_status([TaskId(1), TaskId(2)], TaskStatus.DONE)
    with qtbot.waitSignal(session.changed) as changed:
        assert actions.import_file(path)
    assert changed.args[0].task_ids == {1, 2}
    assert service.state.tasks[TaskId(1)].status is TaskStatus.NOT_STARTED
    # The same words as the Staff tab and the command line use.
    assert actions.last_message.text() == ("Imported tasks from tasks.csv: 0 added, 2 updated, "
                                           "75 already there.")
    service.undo()
    assert service.state.tasks[TaskId(1)].status is TaskStatus.DONE


def test_a_refused_import_lists_the_problems_and_changes_nothing(
        actions: PrintActions, session: PlanSession, tmp_path: Path, qtbot) -> None:
    out = io.StringIO(newline="")
    csv.writer(out).writerows([["title", "phase", "start"], ["Good", "Lead-in", "2027-01-04"],
                               ["Bad", "Lead-in", "tomorrow"]])
    path = tmp_path / "bad.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    before = session.service.state
    with qtbot.assertNotEmitted(session.changed):
        assert not actions.import_file(path)
    assert session.service.state is before
    box = actions.last_message
    assert box is not None and box.windowTitle() == "Nothing was imported"
    assert "Row 3, column “start”: “tomorrow” is not a date" in box.text()


def test_save_as_template_writes_a_template_a_new_plan_can_use(actions: PrintActions,
                                                               tmp_path: Path) -> None:
    saved = actions.save_template(tmp_path / "ours.json", "Our way")
    assert saved is not None
    template = load_template(saved)
    assert template.name == "Our way" and len(template.tasks) == 77
    assert "Our way" in actions.last_message.text()


def test_the_task_filter_is_described_in_words(qtbot, session: PlanSession) -> None:
    from cutover_desktop.ui.models.task_table_model import TaskFilterProxy, TaskTableModel

    model = TaskTableModel(session)
    proxy = TaskFilterProxy()
    proxy.setSourceModel(model)
    assert describe_task_filter(proxy) == ""
    proxy.set_phase("Final week")
    proxy.set_status(TaskStatus.DONE)
    proxy.set_text("smartcard")
    assert describe_task_filter(proxy) == ("phase Final week; status done; "
                                           "text “smartcard”")


@pytest.mark.parametrize("scale", [1.0, 1.5])
def test_look_at_the_day_dialog(actions: PrintActions, session: PlanSession, qtbot,
                                scale: float) -> None:
    staff_plan(session.service)
    app = QApplication.instance()
    font = app.font()
    size = font.pointSizeF()
    font.setPointSizeF(size * scale)
    app.setFont(font)
    try:
        dialog = actions.choose_day(session.service.schedule().key_dates[KeyDate.TGL]
                                    + timedelta(days=0))
        qtbot.waitExposed(dialog)
        dialog.adjustSize()
        shots = Path("/tmp/shots")
        shots.mkdir(exist_ok=True)
        dialog.grab().save(str(shots / f"print_day_dialog_{int(scale * 100)}.png"))
        for child in (dialog.date_edit, dialog.person_combo, dialog.day_radio,
                      dialog.fortnight_radio, dialog.week_radio):
            assert child.accessibleName()
            assert child.width() >= child.sizeHint().width() - 1
        dialog.reject()
    finally:
        font.setPointSizeF(size)
        app.setFont(font)


def test_the_preview_offers_a_pdf_name_windows_accepts(actions: PrintActions, qtbot) -> None:
    actions.print_day(GO_LIVE)
    [preview] = [d for d in actions.open_dialogs if isinstance(d, QPrintPreviewDialog)]
    assert "Day schedule:" in preview.windowTitle()
    printer = actions._printers[preview]
    name = printer.docName()
    assert name.startswith("Day schedule - ")
    assert not set(name) & set(':/\\*?"<>|')
    screen = preview.screen().availableGeometry()
    assert preview.width() <= screen.width() and preview.height() <= screen.height()
    close_all(actions)


def test_a_pdf_that_cannot_be_saved_names_the_file_and_why(actions: PrintActions,
                                                            tmp_path: Path) -> None:
    target = tmp_path / "gone" / "week.pdf"
    printable = actions.printouts().week(GO_LIVE)
    assert actions.save_pdf(printable, target) is None
    text = actions.last_message.text()
    assert text.startswith("week.pdf was not written: ")
    assert f"the folder {target.parent} does not exist" in text and "Nothing was changed" in text
    assert list(tmp_path.iterdir()) == []


def test_printing_to_a_file_never_replaces_a_plan(actions: PrintActions, plan_file: Path) -> None:
    # The print dialog's "print to file" can be pointed at anything, a plan included.
    dialog = actions.print_day(GO_LIVE)
    assert dialog is not None
    printer = actions._printers[dialog]
    before = plan_file.read_bytes()
    printer.setOutputFileName(str(plan_file))
    dialog.paintRequested.emit(printer)
    assert plan_file.read_bytes() == before
    assert actions.last_message.text() == (
        "The printout was not saved: riverside.cutover is a plan, and printing never replaces "
        "a plan. Choose another file name. Nothing was changed.")
    # The preview still draws (the printer no longer points at the plan).
    assert printer.outputFileName() == "" and page_count(dialog) >= 1
    close_all(actions)
