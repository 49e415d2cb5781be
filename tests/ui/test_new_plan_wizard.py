"""The New migration wizard: valid input makes a plan; bad input is explained and makes nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QWizard

from cutover_desktop.services.plan_files import open_plan
from cutover_desktop.ui.new_plan_wizard import NewPlanWizard
from cutover_desktop.ui.qt_dates import to_qdate
from tests.ui.wizard_steps import shown_wizard

TODAY = date(2026, 11, 28)


def _fill_first_pages(wizard: NewPlanWizard, ods: str = "A81001") -> None:
    wizard.practice_page.name_edit.setText("Riverside Surgery")
    wizard.practice_page.ods_edit.setText(ods)


def _at_the_file_page(qtbot) -> NewPlanWizard:
    """A wizard with the practice, no systems and go-live Tue 16 Mar 2027, on the file page."""
    wizard = shown_wizard(qtbot, TODAY)
    _fill_first_pages(wizard)
    wizard.next()
    wizard.next()
    wizard.go_live_page.date_edit.setDate(to_qdate(date(2027, 3, 16)))
    wizard.next()
    return wizard


def test_valid_input_makes_the_plan_file(qtbot, tmp_path: Path) -> None:
    wizard = shown_wizard(qtbot, TODAY)
    _fill_first_pages(wizard, ods="a81001")
    wizard.next()
    wizard.systems_page.old_combo.setCurrentText("EMIS Web")
    wizard.systems_page.new_combo.setCurrentText("TPP SystmOne")
    wizard.systems_page.sites_edit.setPlainText("Main surgery\nBranch\n\nBranch")
    wizard.next()
    wizard.go_live_page.date_edit.setDate(to_qdate(date(2027, 3, 16)))
    wizard.next()
    assert wizard.currentPage() is wizard.file_page
    wizard.file_page.path_edit.setText(str(tmp_path / "riverside"))
    wizard.accept()

    assert wizard.created is not None
    made = tmp_path / "riverside.cutover"
    assert made.exists()
    wizard.created.close()
    service = open_plan(made)
    details = service.details
    assert (details.practice_name, details.ods_code) == ("Riverside Surgery", "A81001")
    assert details.go_live == date(2027, 3, 16)
    assert details.sites == ("Main surgery", "Branch")
    assert (details.old_supplier, details.new_supplier) == ("EMIS Web", "TPP SystmOne")
    assert len(service.state.tasks) == 77
    service.close()


def test_bad_ods_code_is_explained_and_the_wizard_stays(qtbot) -> None:
    wizard = shown_wizard(qtbot, TODAY)
    _fill_first_pages(wizard, ods="81001A")
    wizard.next()
    assert wizard.currentPage() is wizard.practice_page
    assert "one letter and five digits" in wizard.practice_page.message.text()


def test_missing_practice_name_is_explained(qtbot) -> None:
    wizard = shown_wizard(qtbot, TODAY)
    wizard.practice_page.ods_edit.setText("A81001")
    wizard.next()
    assert wizard.currentPage() is wizard.practice_page
    assert "practice's name" in wizard.practice_page.message.text()


def test_same_old_and_new_system_is_refused(qtbot) -> None:
    wizard = shown_wizard(qtbot, TODAY)
    _fill_first_pages(wizard)
    wizard.next()
    wizard.systems_page.old_combo.setCurrentText("Vision")
    wizard.systems_page.new_combo.setCurrentText("vision")
    wizard.next()
    assert wizard.currentPage() is wizard.systems_page
    assert "the same" in wizard.systems_page.message.text()


def test_a_weekend_or_past_go_live_is_explained_before_the_plan_is_made(qtbot) -> None:
    wizard = shown_wizard(qtbot, TODAY)
    _fill_first_pages(wizard)
    wizard.next()
    wizard.next()
    page = wizard.go_live_page
    page.date_edit.setDate(to_qdate(date(2027, 3, 20)))  # a Saturday
    assert "not a working day" in page.explanation.text()
    assert page.confirm_box.isVisibleTo(wizard)
    wizard.next()
    assert wizard.currentPage() is page
    assert "Use this date anyway" in page.message.text()

    page.date_edit.setDate(to_qdate(date(2026, 11, 3)))  # a Tuesday in the past
    assert "in the past" in page.explanation.text()
    page.confirm_box.setChecked(True)
    wizard.next()
    assert wizard.currentPage() is wizard.file_page


def test_bank_holiday_go_live_names_the_holiday(qtbot) -> None:
    wizard = shown_wizard(qtbot, TODAY)
    wizard.go_live_page.date_edit.setDate(to_qdate(date(2027, 3, 29)))
    assert "Easter Monday" in wizard.go_live_page.explanation.text()


def test_a_bad_template_file_is_refused_with_its_reason(qtbot, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    wizard = shown_wizard(qtbot, TODAY)
    _fill_first_pages(wizard)
    wizard.next()
    wizard.next()
    page = wizard.go_live_page
    page.date_edit.setDate(to_qdate(date(2027, 3, 16)))
    page.file_radio.setChecked(True)
    page.template_edit.setText(str(bad))
    wizard.next()
    assert wizard.currentPage() is page
    assert "not valid JSON" in page.message.text()


def test_an_existing_file_is_not_overwritten(qtbot, tmp_path: Path) -> None:
    existing = tmp_path / "taken.cutover"
    existing.write_bytes(b"precious")
    wizard = _at_the_file_page(qtbot)
    wizard.file_page.path_edit.setText(str(existing))
    wizard.accept()
    assert wizard.created is None
    assert "already exists" in wizard.file_page.message.text()
    assert existing.read_bytes() == b"precious"
    assert wizard.result() != QWizard.DialogCode.Accepted


def test_a_folder_without_permission_is_named_and_no_plan_is_made(qtbot, tmp_path: Path,
                                                                   monkeypatch) -> None:
    import os
    import sqlite3

    folder = tmp_path / "shared"
    folder.mkdir()
    real_access, real_connect = os.access, sqlite3.connect
    # The tests may run as root, whom permissions do not stop: the folder is said to be
    # read-only for everyone, and SQLite is refused a file in it as it would be.
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: Path(p) != folder
                        and real_access(p, mode, **kw))

    def refused(database: object, *args: object, **kw: object) -> sqlite3.Connection:
        if Path(str(database)).parent == folder:
            raise sqlite3.OperationalError("unable to open database file")
        return real_connect(database, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(sqlite3, "connect", refused)
    wizard = _at_the_file_page(qtbot)
    wizard.file_page.path_edit.setText(str(folder / "riverside"))
    wizard.accept()
    assert wizard.created is None
    assert wizard.file_page.message.text() == (
        "⚠ riverside.cutover was not made: you do not have permission to save files in the "
        f"folder {folder}. Nothing was changed.")
    assert list(folder.iterdir()) == []
    assert wizard.result() != QWizard.DialogCode.Accepted


def test_a_file_where_the_folder_should_be_is_named(tmp_path: Path) -> None:
    from cutover_desktop.domain.errors import CutoverError
    from cutover_desktop.services.plan_files import create_plan
    from tests.conftest import riverside

    in_the_way = tmp_path / "plans"
    in_the_way.write_text("a file, not a folder")
    try:
        create_plan(in_the_way / "riverside.cutover", riverside()).close()
    except CutoverError as exc:
        message = exc.message
    assert message == (f"riverside.cutover was not made: {in_the_way} is a file, not a folder. "
                       "Nothing was changed.")
    assert in_the_way.read_text() == "a file, not a folder"
