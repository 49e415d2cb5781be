"""A restore that is refused changes nothing the person can see: the plan that was open is
open again, and the refusal is one plain sentence."""

from __future__ import annotations

from pathlib import Path

from cutover_desktop.services.backups import list_backups
from cutover_desktop.services.plan_files import open_plan
from cutover_desktop.ui.main_window import MainWindow
from tests.conftest import TODAY


def test_a_backup_deleted_after_it_was_listed_is_refused_and_the_plan_stays_open(
        window: MainWindow, plan_file: Path) -> None:
    open_plan(plan_file, today=lambda: TODAY).close()  # a backup to choose
    backup = list_backups(plan_file)[0].path
    assert window.open_plan_file(plan_file)
    backup.unlink()  # deleted (say, by a clean-up) between the listing and the choice
    before = plan_file.read_bytes()
    assert not window.restore_from(backup, plan_file)
    assert window.last_message == f"There is no file called {backup.name} in {backup.parent}."
    assert window.session is not None and window.session.service.path == plan_file
    assert plan_file.read_bytes() == before
