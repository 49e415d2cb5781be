"""The registers tab, driven through its widgets: batches and re-entry, links, NHS numbers and
their purge, the issues log and its burn-down chart."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableView,
    QWidget,
)

from cutover_desktop.domain.nhs_number import NhsNumber, check_digit, format_nhs_number
from cutover_desktop.domain.registers import (
    Equipment,
    EquipmentKind,
    GoLiveIssue,
    IssueCategory,
    IssueStatus,
    Progress,
    ReentryBatch,
    ReentryNhsNumber,
    ReentryProgress,
    equipment,
    held_registrations,
    issues,
    links,
    mesh_partners,
    nhs_numbers,
)
from cutover_desktop.services.plan_files import memory_plan, open_plan
from cutover_desktop.services.planner import PlanService
from cutover_desktop.services.registers import RegistersService
from cutover_desktop.ui.forms import ConfirmDialog, FormDialog
from cutover_desktop.ui.models.registers_models import (
    SORT_ROLE,
    BatchesModel,
    BatchRow,
    EquipmentModel,
    HeldModel,
    IssuesModel,
    LinksModel,
    NhsNumbersModel,
    PartnersModel,
    ReentryRecordsModel,
    held_rows,
    link_rows,
)
from cutover_desktop.ui.registers import (
    HELD_TAB,
    ISSUES_TAB,
    LINKS_TAB,
    REENTRY_TAB,
    RegistersSummary,
    RegistersView,
)
from cutover_desktop.ui.session import PlanSession
from tests.conftest import GO_LIVE, riverside

LINK_OFF = date(2027, 3, 11)
COLLECTED = GO_LIVE - timedelta(days=3)
TARGET = GO_LIVE + timedelta(days=7)
LEFT = Qt.MouseButton.LeftButton


def nhs_test_number(serial: int) -> str:
    """A valid number from the 999 test range, computed (never a real patient's)."""
    while check_digit(f"999{serial:06d}") is None:
        serial += 1
    first_nine = f"999{serial:06d}"
    return first_nine + str(check_digit(first_nine))


@pytest.fixture
def make_view(qtbot) -> Iterator[Callable[[date], RegistersView]]:
    plans: list[PlanService] = []

    def make(today: date) -> RegistersView:
        plan = memory_plan(riverside(), today=lambda: today)
        plans.append(plan)
        session = PlanSession(plan)
        view = RegistersView(session)
        qtbot.addWidget(view)
        view.resize(1280, 800)
        view.show()
        return view

    yield make
    for plan in plans:
        plan.close()


def _dialog(panel) -> FormDialog:
    found = [d for d in panel.findChildren(FormDialog) if d.isVisible()]
    assert len(found) == 1, "expected one open form"
    return found[0]


def _confirm(panel) -> ConfirmDialog:
    found = [d for d in panel.findChildren(ConfirmDialog) if d.isVisible()]
    assert len(found) == 1, "expected one open confirmation"
    return found[0]


def _type(qtbot, widget, text: str) -> None:
    target = widget.lineEdit() if isinstance(widget, QComboBox) else widget
    target.selectAll()
    qtbot.keyClicks(target, text)


def _findings(view: RegistersView, code: str) -> list:
    return [f for f in view.session.service.findings() if f.code == code]


def _overall(view: RegistersView) -> str:
    return view.reentry.progress.texts()[0]


def test_record_a_batch_re_enter_part_of_it_and_undo(qtbot, make_view) -> None:
    view = make_view(TARGET + timedelta(days=1))  # the day after the target
    panel = view.reentry
    assert "No paper recorded yet" in panel.due_label.text()
    assert not _findings(view, "REENTRY_OVERDUE")

    qtbot.mouseClick(panel.add_button, LEFT)
    dialog = _dialog(panel)
    _type(qtbot, dialog.widget("category"), "consultations")
    _type(qtbot, dialog.widget("reference"), "folder A")
    _type(qtbot, dialog.widget("collected_by"), "Sam")
    dialog.set_value("collected_on", COLLECTED)
    spin = dialog.widget("count")
    assert isinstance(spin, QSpinBox)
    spin.selectAll()
    qtbot.keyClicks(spin, "37")
    qtbot.mouseClick(dialog.button_box.buttons()[0], LEFT)
    assert not dialog.isVisible()

    assert panel.batches_model.rowCount() == 1
    row = panel.batches_model.item(0)
    assert row.batch.category == "Consultations"  # spelt as the guide spells it
    assert _overall(view) == "Overall: 0 of 37 re-entered (0%), 37 to go"
    overdue = _findings(view, "REENTRY_OVERDUE")
    assert len(overdue) == 1 and "37 items" in overdue[0].message
    assert "▲ Overdue" in panel.due_label.text()

    panel.batches_table.selectRow(0)
    qtbot.mouseClick(panel.record_button, LEFT)
    dialog = _dialog(panel)
    assert dialog.value("count") == 37  # what is left, ready to change
    spin = dialog.widget("count")
    spin.selectAll()
    qtbot.keyClicks(spin, "10")
    _type(qtbot, dialog.widget("done_by"), "Ann")
    qtbot.mouseClick(dialog.button_box.buttons()[0], LEFT)
    assert not dialog.isVisible()

    assert _overall(view) == "Overall: 10 of 37 re-entered (27%), 27 to go"
    assert "Consultations: 10 of 37 re-entered (27%), 27 to go" in view.reentry.progress.texts()
    assert panel.records_model.rowCount() == 1
    overdue = _findings(view, "REENTRY_OVERDUE")
    assert len(overdue) == 1 and "27 items" in overdue[0].message

    view.session.edit(view.session.service.undo)
    assert _overall(view) == "Overall: 0 of 37 re-entered (0%), 37 to go"
    assert panel.records_model.rowCount() == 0
    assert "37 items" in _findings(view, "REENTRY_OVERDUE")[0].message
    view.session.edit(view.session.service.undo)
    assert panel.batches_model.rowCount() == 0
    assert not _findings(view, "REENTRY_OVERDUE")


def test_finishing_re_entry_clears_the_overdue_finding(qtbot, make_view) -> None:
    view = make_view(TARGET + timedelta(days=1))
    registers = RegistersService(view.session.service)
    view.session.edit(registers.add_batch, "Lab results", COLLECTED, 4, "tray 2")
    view.reentry.batches_table.selectRow(0)
    qtbot.mouseClick(view.reentry.record_button, LEFT)
    dialog = _dialog(view.reentry)
    _type(qtbot, dialog.widget("done_by"), "Priya")
    _type(qtbot, dialog.widget("checked_by"), "Dr Khan")
    qtbot.mouseClick(dialog.button_box.buttons()[0], LEFT)
    assert not _findings(view, "REENTRY_OVERDUE")
    assert view.reentry.due_label.text().startswith("✔ Done")
    assert view.reentry.progress.texts()[0].startswith("Overall: ✔ 4 of 4")


def test_a_refused_batch_is_explained_beside_the_field_and_nothing_changes(qtbot,
                                                                          make_view) -> None:
    view = make_view(GO_LIVE + timedelta(days=2))
    before = view.session.service.undo_status()
    qtbot.mouseClick(view.reentry.add_button, LEFT)
    dialog = _dialog(view.reentry)
    _type(qtbot, dialog.widget("category"), "Consultations")
    _type(qtbot, dialog.widget("reference"), format_nhs_number(nhs_test_number(5)))
    qtbot.mouseClick(dialog.button_box.buttons()[0], LEFT)
    assert dialog.isVisible()
    assert "looks like an NHS number" in dialog.error_text()
    assert view.reentry.batches_model.rowCount() == 0
    assert view.session.service.undo_status() == before
    # The message sits under the field, read out with it, and goes once the field is fixed.
    message = dialog._errors["reference"]
    assert message.isVisible()
    assert message.accessibleName().startswith("Problem with reference: ")
    _type(qtbot, dialog.widget("reference"), "Box 1")
    assert not message.isVisible() and dialog.error_text() == ""
    dialog.reject()


def test_enter_on_a_batch_opens_it_for_editing(qtbot, make_view) -> None:
    view = make_view(GO_LIVE + timedelta(days=2))
    registers = RegistersService(view.session.service)
    view.session.edit(registers.add_batch, "Prescriptions", COLLECTED, 60, "box 1")
    table = view.reentry.batches_table
    table.setFocus()
    table.selectRow(0)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    dialog = _dialog(view.reentry)
    assert dialog.windowTitle() == "Edit re-entry batch"
    assert dialog.value("count") == 60
    dialog.reject()


def test_delete_asks_first_and_undo_brings_the_batch_back(qtbot, make_view) -> None:
    view = make_view(GO_LIVE + timedelta(days=2))
    registers = RegistersService(view.session.service)
    view.session.edit(registers.add_batch, "Prescriptions", COLLECTED, 60, "box 1")
    view.reentry.batches_table.selectRow(0)
    qtbot.mouseClick(view.reentry.delete_button, LEFT)
    confirm = _confirm(view.reentry)
    assert "box 1" in confirm.message.text()
    qtbot.mouseClick(confirm.confirm_button, LEFT)
    assert view.reentry.batches_model.rowCount() == 0
    view.session.edit(view.session.service.undo)
    assert view.reentry.batches_model.rowCount() == 1


def test_the_target_can_be_moved_and_put_back(qtbot, make_view) -> None:
    view = make_view(GO_LIVE + timedelta(days=2))
    assert "Tue 23 Mar 2027 (the default" in view.reentry.target_label.text()
    qtbot.mouseClick(view.reentry.target_button, LEFT)
    dialog = _dialog(view.reentry)
    dialog.set_value("target", date(2027, 3, 30))
    qtbot.mouseClick(dialog.button_box.buttons()[0], LEFT)
    assert "Tue 30 Mar 2027 (chosen for this plan)" in view.reentry.target_label.text()
    view.session.edit(view.session.service.undo)
    assert "Tue 23 Mar 2027 (the default" in view.reentry.target_label.text()


# Links


def test_a_links_reminder_appears_as_a_finding_until_it_is_sent(qtbot, make_view) -> None:
    view = make_view(LINK_OFF - timedelta(days=7))
    view.show_register(LINKS_TAB)
    panel = view.links
    assert panel.model.rowCount() == 0
    qtbot.mouseClick(panel.usual_button, LEFT)
    assert panel.model.rowCount() == 10
    reminders = {f.subject for f in _findings(view, "LINK_REMINDER_DUE")}
    assert "Pathology (results and requests)" in reminders
    missing = {f.subject for f in _findings(view, "LINK_NO_NOTICE_PERIOD")}
    assert "SMS messaging" in missing and "Pharmacies and EPS" not in missing

    panel.table.selectRow(0)
    assert "▲ due now" in panel.detail.text()
    assert panel.reminded_button.isEnabled()
    qtbot.mouseClick(panel.reminded_button, LEFT)
    reminders = {f.subject for f in _findings(view, "LINK_REMINDER_DUE")}
    assert "Pathology (results and requests)" not in reminders
    assert "✔ sent" in panel.detail.text()
    assert not panel.reminded_button.isEnabled()


def test_a_missed_switch_on_is_a_finding_until_confirmed_back_on(qtbot, make_view) -> None:
    view = make_view(GO_LIVE + timedelta(days=2))
    view.show_register(LINKS_TAB)
    panel = view.links
    qtbot.mouseClick(panel.add_button, LEFT)
    dialog = _dialog(panel)
    _type(qtbot, dialog.widget("name"), "Pathology")
    dialog.set_value("notice_days", 5)
    qtbot.mouseClick(dialog.button_box.buttons()[0], LEFT)
    missed = _findings(view, "LINK_SWITCH_ON_MISSED")
    assert [f.subject for f in missed] == ["Pathology"]
    assert "▲ Still off" in panel.model.index(0, 7).data()

    panel.table.selectRow(0)
    qtbot.mouseClick(panel.back_on_button, LEFT)
    dialog = _dialog(panel)
    qtbot.mouseClick(dialog.button_box.buttons()[0], LEFT)
    assert dialog.isVisible() and "who confirmed" in dialog.error_text()
    _type(qtbot, dialog.widget("by"), "Lab manager")
    qtbot.mouseClick(dialog.button_box.buttons()[0], LEFT)
    assert not _findings(view, "LINK_SWITCH_ON_MISSED")
    assert panel.model.index(0, 7).data() == "✔ Back on"


# NHS numbers


def _opt_in(qtbot, view: RegistersView) -> None:
    qtbot.mouseClick(view.reentry.opt_in_button, LEFT)
    confirm = _confirm(view.reentry)
    assert "patient-identifiable" in confirm.message.text()
    assert not confirm.confirm_button.isEnabled()
    confirm.tick.setChecked(True)
    qtbot.mouseClick(confirm.confirm_button, LEFT)


def test_nhs_numbers_are_opt_in_checked_shown_3_3_4_and_purged(qtbot, make_view) -> None:
    view = make_view(GO_LIVE + timedelta(days=2))
    panel = view.reentry
    registers = RegistersService(view.session.service)
    view.session.edit(registers.add_batch, "Consultations", COLLECTED, 2, "folder A")
    panel.batches_table.selectRow(0)
    assert "Not recorded in this plan" in panel.numbers_status.text()
    assert not panel.number_edit.isVisibleTo(panel)

    _opt_in(qtbot, view)
    assert "holds NHS numbers" in panel.numbers_status.text()
    assert panel.number_edit.isVisibleTo(panel)

    good = nhs_test_number(12)
    wrong = good[:9] + str((int(good[9]) + 1) % 10)
    qtbot.keyClicks(panel.number_edit, wrong)
    qtbot.keyClick(panel.number_edit, Qt.Key.Key_Return)
    assert "not a valid NHS number" in panel.number_error.text()
    assert panel.numbers_model.rowCount() == 0
    panel.number_edit.clear()
    qtbot.keyClicks(panel.number_edit, good)
    qtbot.mouseClick(panel.add_number_button, LEFT)
    assert not panel.number_error.isVisibleTo(panel)
    assert panel.numbers_model.index(0, 0).data() == format_nhs_number(good)
    assert panel.purge_button.isVisibleTo(panel) and not panel.purge_button.isEnabled()
    assert "still to re-enter" in panel.purge_reason.text()

    view.session.edit(registers.record_reentry, 1, 2, "Ann", GO_LIVE, "Bea")
    panel.numbers_table.selectRow(0)
    qtbot.mouseClick(panel.number_done_button, LEFT)
    assert panel.numbers_model.index(0, 1).data() == "✔ Yes"
    assert panel.purge_button.isEnabled()

    qtbot.mouseClick(panel.purge_button, LEFT)
    confirm = _confirm(panel)
    assert "cannot be undone" in confirm.message.text()
    confirm.accept()  # refused until the tick box is ticked
    assert confirm.isVisible()
    confirm.tick.setChecked(True)
    qtbot.mouseClick(confirm.confirm_button, LEFT)
    assert nhs_numbers(view.session.service.state) == []
    assert panel.numbers_model.rowCount() == 0
    assert "purged on" in panel.numbers_status.text()
    assert view.session.service.undo_status().undo_label is None


def test_opting_in_on_a_read_only_plan_is_not_offered(qtbot, plan_file) -> None:
    service = open_plan(plan_file, read_only=True)
    try:
        view = RegistersView(PlanSession(service))
        qtbot.addWidget(view)
        view.show()
        assert not view.reentry.opt_in_button.isEnabled()
        assert not view.reentry.add_button.isEnabled()
        assert not view.links.usual_button.isEnabled()
    finally:
        service.close()


# Issues and the burn-down


def test_closing_an_issue_moves_the_burn_down(qtbot, make_view) -> None:
    view = make_view(GO_LIVE + timedelta(days=5))
    registers = RegistersService(view.session.service)
    for number in (1, 2, 3):
        view.session.edit(registers.save_issue, GoLiveIssue(
            number, f"Degraded codes {number}", IssueCategory.DEGRADED_CODES, GO_LIVE,
            "DQ team"))
    view.show_register(ISSUES_TAB)
    panel = view.issues
    chart = panel.chart.chart()
    assert chart is not None and chart.actual[-1] == (5, 3)
    assert {m.kind for m in chart.marks} == {"decision", "end", "today"}
    assert "Read-only ends Fri 30 Apr 2027" in panel.chart.accessibleDescription()
    assert "Extension decision Thu 15 Apr 2027" in panel.chart.accessibleDescription()

    panel.table.selectRow(0)
    qtbot.mouseClick(panel.close_button, LEFT)
    assert panel.chart.chart().actual[-1] == (5, 2)
    statuses = [panel.model.index(row, 4).data() for row in range(panel.model.rowCount())]
    assert sorted(statuses) == ["○ Open", "○ Open", "✔ Closed"]
    image = panel.chart.grab().toImage()
    assert image.width() > 300 and image.height() > 150
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7)
               for y in range(0, image.height(), 7)}
    assert len(colours) > 3  # something was drawn, not a blank panel


def test_the_chart_before_go_live_says_when_it_starts(qtbot, make_view) -> None:
    view = make_view(GO_LIVE - timedelta(days=10))
    view.show_register(ISSUES_TAB)
    chart = view.issues.chart.chart()
    assert chart is not None and chart.empty
    assert "starts at Business Go Live" in chart.caption


def test_every_register_screen_summarises_itself(qtbot, make_view) -> None:
    view = make_view(GO_LIVE + timedelta(days=2))
    registers = RegistersService(view.session.service)
    view.session.edit(registers.add_held, COLLECTED, 3, "sheet 1")
    view.session.edit(registers.add_partner, "PCSE")
    view.session.edit(registers.save_equipment, Equipment(1, EquipmentKind.SCANNER, "Scanner"))
    assert view.held.summary.text() == ("Held registrations: 3 patients held, 0 completed, "
                                        "3 overdue.")
    assert view.mesh.summary.text() == "Partner services told: 0 of 1."
    assert "1 device, 0 tested" in view.equipment.summary.text()
    assert view.tabs.count() == 6
    view.show_register(REENTRY_TAB)
    assert view.tabs.currentIndex() == REENTRY_TAB


def test_a_hidden_view_catches_up_when_shown(qtbot, make_view) -> None:
    view = make_view(GO_LIVE + timedelta(days=2))
    view.hide()
    registers = RegistersService(view.session.service)
    view.session.edit(registers.add_batch, "Consultations", COLLECTED, 5)
    assert view.reentry.batches_model.rowCount() == 0  # not redrawn while hidden
    view.show()
    assert view.reentry.batches_model.rowCount() == 1


# Models


def test_every_register_model_passes_the_model_tester(qtmodeltester, service) -> None:
    registers = RegistersService(service)
    state = service.state
    keys = state.schedule.key_dates
    registers.add_usual_links()
    registers.add_held(COLLECTED - timedelta(days=200), 2, "sheet")
    registers.add_partner("PCSE")
    registers.save_equipment(Equipment(1, EquipmentKind.PC, "PC 1"))
    registers.save_issue(GoLiveIssue(1, "Codes", IssueCategory.EPS, date(2026, 11, 1)))
    registers.set_issue_status(1, IssueStatus.CLOSED, date(2026, 11, 2))
    state = service.state
    batch = ReentryBatch(1, "Consultations", COLLECTED, 5, "A")
    cases = [
        (BatchesModel(), [BatchRow(batch, Progress(5, 2, 1, 1))]),
        (ReentryRecordsModel(), [ReentryProgress(1, 1, 2, "Ann", GO_LIVE, "Bea")]),
        (NhsNumbersModel(), [ReentryNhsNumber(1, 1, NhsNumber(nhs_test_number(3)))]),
        (HeldModel(), held_rows(held_registrations(state), keys[next(iter(keys))],
                                date(2026, 11, 28))),
        (LinksModel(), link_rows(links(state), keys, date(2026, 11, 28))),
        (PartnersModel(), mesh_partners(state)),
        (EquipmentModel(), equipment(state)),
        (IssuesModel(), issues(state)),
    ]
    for model, rows in cases:
        model.set_rows(rows)
        assert model.rowCount() == len(rows) > 0
        qtmodeltester.check(model)
        model.sort(1, Qt.SortOrder.DescendingOrder)
        qtmodeltester.check(model)


def test_dates_show_uk_style_and_sort_by_date(qtbot) -> None:
    model = BatchesModel()
    later = BatchRow(ReentryBatch(2, "Lab results", date(2027, 3, 14), 3), Progress(3))
    earlier = BatchRow(ReentryBatch(1, "Consultations", date(2027, 3, 5), 4), Progress(4))
    model.set_rows([later, earlier])
    assert model.index(0, 2).data() == "Sun 14 Mar 2027"
    assert model.index(0, 2).data(SORT_ROLE) == "2027-03-14"
    model.sort(2)
    assert [model.item(r).batch.id for r in range(2)] == [1, 2]
    assert model.index(0, 6).data() == "4"


def test_every_control_is_named_and_reachable_by_keyboard(qtbot, make_view) -> None:
    view = make_view(GO_LIVE + timedelta(days=2))
    for widget in view.findChildren(QWidget):
        if isinstance(widget, (QPushButton, QTableView, QLineEdit, QProgressBar)):
            assert widget.accessibleName(), f"{type(widget).__name__} has no accessible name"
        if isinstance(widget, QPushButton):
            assert widget.focusPolicy() & Qt.FocusPolicy.TabFocus
    panel = view.held
    chain = []
    widget = panel.add_button
    for _ in range(5):
        widget = widget.nextInFocusChain()
        chain.append(widget)
    assert chain[:4] == [panel.edit_button, panel.complete_button, panel.delete_button,
                         panel.table]


def test_space_on_a_button_opens_its_form(qtbot, make_view) -> None:
    view = make_view(GO_LIVE + timedelta(days=2))
    view.show_register(HELD_TAB)
    qtbot.keyClick(view.held.add_button, Qt.Key.Key_Space)
    dialog = _dialog(view.held)
    _type(qtbot, dialog.widget("reference"), "sheet 1")
    qtbot.keyClick(dialog.widget("reference"), Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert view.held.model.rowCount() == 1


def test_the_summary_for_the_dashboard_follows_edits_and_opens_a_register(qtbot,
                                                                          make_view) -> None:
    view = make_view(GO_LIVE + timedelta(days=2))
    summary = RegistersSummary(view.session)
    qtbot.addWidget(summary)
    assert summary.lines[0].text() == "No batches recorded."
    registers = RegistersService(view.session.service)
    view.session.edit(registers.add_link, "Pathology", 5)
    assert summary.lines[2].text() == "1 link, 0 confirmed back on."
    with qtbot.waitSignal(summary.register_requested) as signal:
        qtbot.mouseClick(summary.buttons[LINKS_TAB], LEFT)
    assert signal.args == [LINKS_TAB]
