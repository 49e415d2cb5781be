"""MS Project XML in the window: File ▸ Export ▸ MS Project XML…, the import preview that
shows what cannot come over before anything changes, and the wizard's 'From an MS Project
file…'."""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from cutover_desktop.services.plan_files import open_plan
from cutover_desktop.services.planner import PlanService
from cutover_desktop.services.project_exchange import export_project
from cutover_desktop.ui.print_actions import PrintActions
from cutover_desktop.ui.project_preview import KEEP_DATES, ProjectImportDialog
from cutover_desktop.ui.qt_dates import to_qdate
from cutover_desktop.ui.session import PlanSession
from tests.services.project_plans import plan_lines, project_plan
from tests.ui.wizard_steps import shown_wizard, to_go_live_page

SUPPLIER_FILE = """<?xml version='1.0' encoding='UTF-8'?>
<Project xmlns='http://schemas.microsoft.com/project'><Title>Supplier go-live plan</Title>
<DefaultStartTime>08:00:00</DefaultStartTime><DefaultFinishTime>17:00:00</DefaultFinishTime>
<Tasks>
<Task><UID>1</UID><Name>Data migration</Name><OutlineLevel>1</OutlineLevel>
 <Summary>1</Summary></Task>
<Task><UID>2</UID><Name>Extract the data</Name><OutlineLevel>2</OutlineLevel>
 <Start>2027-03-11T08:00:00</Start><Finish>2027-03-12T17:00:00</Finish></Task>
<Task><UID>3</UID><Name>Load the data</Name><OutlineLevel>2</OutlineLevel>
 <Start>2027-03-15T08:00:00</Start><Finish>2027-03-15T17:00:00</Finish><ConstraintType>7</ConstraintType>
 <PredecessorLink><PredecessorUID>2</PredecessorUID><Type>1</Type></PredecessorLink></Task>
<Task><UID>4</UID><Name>Switch over</Name><OutlineLevel>2</OutlineLevel><Milestone>1</Milestone>
 <Start>2027-03-16T08:00:00</Start><Finish>2027-03-16T08:00:00</Finish>
 <PredecessorLink><PredecessorUID>3</PredecessorUID><Type>3</Type></PredecessorLink></Task>
</Tasks>
<Resources><Resource><UID>1</UID><Name>Engineer</Name><StandardRate>45</StandardRate></Resource></Resources>
</Project>"""


def grab(widget: QWidget, name: str) -> None:
    """Keep a picture to look at when CUTOVER_GRAB_DIR is set."""
    folder = os.environ.get("CUTOVER_GRAB_DIR")
    if folder:
        widget.grab().save(str(Path(folder) / name))


@pytest.fixture
def supplier_file(tmp_path: Path) -> Path:
    path = tmp_path / "supplier.xml"
    path.write_text(SUPPLIER_FILE, encoding="utf-8")
    return path


@pytest.fixture
def actions(qtbot, session: PlanSession) -> PrintActions:
    window = QWidget()
    qtbot.addWidget(window)
    return PrintActions(session, window)


def test_the_import_preview_lists_losses_and_changes_nothing_until_accepted(
        actions: PrintActions, session: PlanSession, supplier_file: Path, qtbot) -> None:
    before = session.service.state
    dialog = actions.import_msproject(supplier_file)
    assert isinstance(dialog, ProjectImportDialog)
    dialog.show()
    panel = dialog.panel
    assert panel.anchor_combo.currentText() == KEEP_DATES  # no milestone named go-live
    lost = [panel.lost.item(i).text() for i in range(panel.lost.count())]
    assert any("start-to-start link" in line for line in lost)
    assert any("date constraint" in line for line in lost)
    assert "Costs (1 resource with rates): a plan holds no money." in lost
    assert "pinned" in panel.summary.text()
    assert session.service.state is before  # nothing yet
    # The combo lists "Switch over (Tue 16 Mar 2027)".
    panel.anchor_combo.setCurrentIndex(panel.anchor_combo.findText(
        "Switch over", flags=Qt.MatchFlag.MatchStartsWith))
    assert "measured from “Switch over”" in panel.summary.text()
    grab(dialog, "project-import-preview.png")
    with qtbot.waitSignal(session.changed):
        dialog.accept()
    tasks = {t.title: t for t in session.service.state.tasks.values()}
    load = tasks["Load the data"]
    assert load.pinned_date is None and load.offset == -1 and load.phase == "Data migration"
    assert actions.last_message is not None
    assert actions.last_message.text() == "Import 3 tasks from supplier.xml."
    session.service.undo()
    assert session.service.state == before


def test_cancelling_the_preview_changes_nothing(actions: PrintActions, session: PlanSession,
                                                supplier_file: Path) -> None:
    before = session.service.state
    dialog = actions.import_msproject(supplier_file)
    assert dialog is not None
    dialog.reject()
    assert session.service.state is before


def test_a_hostile_file_is_refused_with_a_message(actions: PrintActions, session: PlanSession,
                                                  tmp_path: Path) -> None:
    path = tmp_path / "bad.xml"
    path.write_text('<!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]><Project>&x;'
                    "</Project>", encoding="utf-8")
    before = session.service.state
    assert actions.import_msproject(path) is None
    assert actions.last_message is not None
    assert actions.last_message.icon() == QMessageBox.Icon.Warning
    assert "external entity" in actions.last_message.text()
    assert session.service.state is before


def test_export_writes_the_file_and_says_so(actions: PrintActions, tmp_path: Path) -> None:
    path = actions.export_msproject(tmp_path / "plan.xml")
    assert path == tmp_path / "plan.xml" and path.stat().st_size > 10_000
    assert actions.last_message is not None
    assert actions.last_message.text().startswith("Wrote 77 tasks to plan.xml")


def test_the_wizard_makes_a_plan_from_an_ms_project_file(qtbot, tmp_path: Path,
                                                         service: PlanService) -> None:
    project_plan(service)
    source = tmp_path / "csu-plan.xml"
    export_project(service, source, datetime(2026, 11, 28, 10, 0))
    wizard = shown_wizard(qtbot, today=date(2026, 11, 28))
    to_go_live_page(wizard, "Hillside Practice", "B82002")
    wizard.go_live_page.date_edit.setDate(to_qdate(date(2027, 3, 16)))
    wizard.go_live_page.project_radio.setChecked(True)
    wizard.go_live_page.project_edit.setText(str(source))
    grab(wizard, "wizard-go-live-page.png")
    wizard.next()
    assert wizard.currentPage() is wizard.project_page
    panel = wizard.project_page.panel
    assert panel.anchor_combo.currentText() == "Key date: Business Go Live (Tue 16 Mar 2027)"
    grab(wizard, "wizard-project-page.png")
    wizard.next()
    assert wizard.currentPage() is wizard.file_page
    assert "77 tasks from csu-plan.xml" in wizard.file_page.summary.text()
    wizard.file_page.path_edit.setText(str(tmp_path / "hillside"))
    wizard.accept()
    assert wizard.created is not None
    wizard.created.close()
    made = open_plan(tmp_path / "hillside.cutover")
    try:
        assert plan_lines(made.state) == plan_lines(service.state)
        assert made.details.practice_name == "Hillside Practice"
    finally:
        made.close()


def test_the_wizard_explains_a_file_it_cannot_read(qtbot, tmp_path: Path) -> None:
    wizard = shown_wizard(qtbot, today=date(2026, 11, 28))
    to_go_live_page(wizard, "Hillside Practice", "B82002")
    wizard.go_live_page.date_edit.setDate(to_qdate(date(2027, 3, 16)))
    wizard.go_live_page.project_radio.setChecked(True)
    wizard.go_live_page.project_edit.setText(str(tmp_path / "missing.xml"))
    wizard.next()
    assert wizard.currentPage() is wizard.go_live_page
    assert "There is no file called missing.xml" in wizard.go_live_page.message.text()


def test_the_file_menu_offers_ms_project_export_and_import(qtbot, tmp_path: Path,
                                                          plan_file: Path,
                                                          supplier_file: Path) -> None:
    from PySide6.QtCore import QSettings

    from cutover_desktop.ui.main_window import MainWindow
    from cutover_desktop.ui.settings import UiSettings

    settings = UiSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings, today=lambda: date(2026, 11, 28))
    qtbot.addWidget(window)
    window.show()
    assert not window.export_msproject_action.isEnabled()
    assert not window.import_msproject_action.isEnabled()
    window.open_plan_file(plan_file)
    file_menu = window.menuBar().actions()[0].menu()
    export_menu = next(a.menu() for a in file_menu.actions() if a.text() == "&Export")
    assert window.export_msproject_action in export_menu.actions()
    assert window.import_msproject_action in file_menu.actions()
    assert window.export_msproject_action.isEnabled()
    assert window.import_msproject_action.isEnabled()
    # The general import hands an .xml file to the MS Project preview.
    assert window.print_actions is not None
    assert window.print_actions.import_file(supplier_file)
    dialogs = window.findChildren(ProjectImportDialog)
    assert len(dialogs) == 1 and dialogs[0].isVisible()
    dialogs[0].reject()
