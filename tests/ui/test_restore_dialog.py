"""Restore from backup: the list shows at once, each backup is checked off the GUI thread, and
a damaged one cannot be chosen."""

from __future__ import annotations

from pathlib import Path

from cutover_desktop.services.backups import list_backups
from cutover_desktop.services.plan_files import create_plan
from cutover_desktop.ui.dialogs.restore_dialog import RestoreDialog
from tests.conftest import TODAY, riverside


def test_backups_are_checked_in_the_background_and_a_damaged_one_cannot_be_chosen(
        qtbot, tmp_path: Path) -> None:
    path = tmp_path / "plan.cutover"
    plan = create_plan(path, riverside(), today=lambda: TODAY)
    try:
        plan.backup_now("manual")
        plan.backup_now("manual")
    finally:
        plan.close()
    newest = list_backups(path)[0]
    newest.path.write_bytes(b"not a plan")
    dialog = RestoreDialog(path)
    qtbot.addWidget(dialog)
    assert dialog.list.count() == len(list_backups(path)) >= 2
    qtbot.waitUntil(lambda: dialog.checked, timeout=30_000)
    assert dialog.list.item(0).text().startswith("✗ ")
    assert "damaged, cannot be used" in dialog.list.item(0).text()
    assert dialog.list.item(1).text().startswith("✓ ")
    chosen = dialog.chosen()
    assert chosen is not None and chosen.path != newest.path
