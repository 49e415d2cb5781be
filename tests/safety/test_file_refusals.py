"""A place a plan cannot be written or read is refused in one plain sentence that names the
file and says why, and nothing is changed: never SQLite's or the system's own words."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest

from cutover_desktop import cli
from cutover_desktop.domain.errors import CutoverError
from cutover_desktop.services.plan_files import open_plan, restore_plan
from cutover_desktop.storage.backups import backup_folder, list_backups
from tests.conftest import TODAY, refuse_replacing


def _one_backup(plan_file: Path) -> Path:
    open_plan(plan_file, today=lambda: TODAY).close()
    return list_backups(plan_file)[0].path


def _cli_refusal(capsys: pytest.CaptureFixture[str], *args: object) -> str:
    capsys.readouterr()
    assert cli.main([str(a) for a in args], out=io.StringIO()) == 1
    return capsys.readouterr().err.strip()


def test_restoring_over_a_folder_is_refused_and_the_folder_is_left_alone(
        plan_file: Path, tmp_path: Path) -> None:
    backup = _one_backup(plan_file)
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me")
    with pytest.raises(CutoverError) as refused:
        restore_plan(backup, folder)
    assert refused.value.message == "plans is a folder, not a plan file."
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plans", "riverside.cutover"]
    assert (folder / "notes.txt").read_text() == "keep me"


def test_restoring_into_a_missing_folder_says_so(plan_file: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    backup = _one_backup(plan_file)
    target = tmp_path / "gone" / "riverside.cutover"
    message = _cli_refusal(capsys, "restore", backup, target)
    assert message == (f"cutover-desktop: riverside.cutover was not restored from {backup.name}: "
                       f"the folder {target.parent} does not exist. Nothing was changed.")
    assert not target.parent.exists()


def test_a_backup_on_a_full_disk_says_so_and_leaves_no_partial_copy(
        plan_file: Path, capsys: pytest.CaptureFixture[str], monkeypatch) -> None:
    import sqlite3

    real_connect = sqlite3.connect

    def full(database: object, *args: object, **kw: object) -> sqlite3.Connection:
        if str(database).endswith(".partial"):
            error = sqlite3.OperationalError("database or disk is full")
            error.sqlite_errorcode = sqlite3.SQLITE_FULL  # as SQLite itself sets it
            raise error
        return real_connect(database, *args, **kw)  # type: ignore[arg-type]

    before = {b.path for b in list_backups(plan_file)}
    monkeypatch.setattr(sqlite3, "connect", full)
    message = _cli_refusal(capsys, "backup", plan_file)
    assert message == ("cutover-desktop: A backup of riverside.cutover could not be made, so "
                       "nothing was changed: the disk is full.")
    assert {b.path for b in list_backups(plan_file)} == before
    assert not list(backup_folder(plan_file).glob("*.partial"))


def _tasks_csv(folder: Path) -> Path:
    source = folder / "extra.csv"
    source.write_text("Title,Phase\nPrint the smartcard list,Preparation\n", encoding="utf-8")
    return source


@pytest.mark.parametrize("name", ["exports.csv", "exports.xml"])
def test_importing_a_folder_says_it_is_a_folder(plan_file: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str],
                                                name: str) -> None:
    folder = tmp_path / name
    folder.mkdir()
    before = plan_file.read_bytes()
    message = _cli_refusal(capsys, "import", plan_file, folder)
    assert message == f"cutover-desktop: {name} is a folder, not a file."
    assert plan_file.read_bytes() == before


@pytest.mark.parametrize("ending", [".csv", ".xlsx", ".xml"])
def test_importing_a_file_open_elsewhere_says_so_and_changes_nothing(
        plan_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch,
        ending: str) -> None:
    source = _tasks_csv(tmp_path).rename(tmp_path / f"extra{ending}")
    real_open = Path.open

    def locked(self: Path, *args: object, **kw: object) -> object:
        if self == source:  # how Windows refuses a file Excel holds open
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", locked)
    before = plan_file.read_bytes()
    message = _cli_refusal(capsys, "import", plan_file, source)
    assert message == (f"cutover-desktop: extra{ending} could not be read: it is open in "
                       "another program, or you do not have permission to read it.")
    assert plan_file.read_bytes() == before


def test_listing_backups_when_the_data_folder_cannot_be_made_finds_none(
        plan_file: Path, tmp_path: Path, monkeypatch, qtbot) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the data folder should be")
    monkeypatch.setenv("CUTOVER_DESKTOP_DATA_DIR", str(blocker / "data"))
    out = io.StringIO()
    assert cli.main(["backup", "--list", str(plan_file)], out=out) == 0
    assert out.getvalue() == "riverside.cutover has no backups yet.\n"

    from cutover_desktop.ui.dialogs.restore_dialog import RestoreDialog

    dialog = RestoreDialog(plan_file)
    qtbot.addWidget(dialog)
    assert dialog.empty.text() == "This plan has no backups yet."
    assert blocker.read_text() == "a file where the data folder should be"


def test_a_new_plan_whose_first_backup_fails_is_not_left_behind(
        tmp_path: Path, monkeypatch, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the data folder should be")
    monkeypatch.setenv("CUTOVER_DESKTOP_DATA_DIR", str(blocker / "data"))
    message = _cli_refusal(capsys, "new", tmp_path / "riverside", "--practice", "Riverside",
                           "--ods", "A81001", "--go-live", "2027-03-16")
    assert message == (f"cutover-desktop: A backup of the plan could not be made, so nothing was "
                       f"changed: the backup folder {blocker / 'data'} could not be made "
                       "(not a directory).")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blocker"]


def test_a_folder_given_as_the_template_is_called_a_folder(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    message = _cli_refusal(capsys, "new", tmp_path / "riverside", "--practice", "Riverside",
                           "--ods", "A81001", "--go-live", "2027-03-16", "--template", folder)
    assert message == "cutover-desktop: templates is a folder, not a template file."
    assert sorted(p.name for p in tmp_path.iterdir()) == ["templates"]


def test_a_plan_another_program_holds_locked_is_said_to_be_in_use_not_damaged(
        plan_file: Path, monkeypatch) -> None:
    import sqlite3

    holder = sqlite3.connect(plan_file, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # as a database tool holding the file mid-write
    real_connect = sqlite3.connect
    # The wait for the lock is cut from five seconds to a moment, so the test is quick.
    monkeypatch.setattr(sqlite3, "connect",
                        lambda *a, **kw: real_connect(*a, **{**kw, "timeout": 0.05}))
    try:
        for read_only in (True, False):
            with pytest.raises(CutoverError) as refused:
                open_plan(plan_file, read_only=read_only, today=lambda: TODAY)
            assert refused.value.message == (
                "riverside.cutover is in use by another program at this moment, so it was not "
                "opened; close it there, or try again shortly.")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    open_plan(plan_file, today=lambda: TODAY).close()  # and it opens once that is over


def test_a_damaged_plan_that_cannot_be_set_aside_is_left_as_it_was(
        plan_file: Path, capsys: pytest.CaptureFixture[str], monkeypatch) -> None:
    backup = _one_backup(plan_file)
    plan_file.write_bytes(b"this is not a plan any more")
    refuse_replacing(monkeypatch, plan_file, as_source=True)
    message = _cli_refusal(capsys, "restore", backup, plan_file)
    assert message == (f"cutover-desktop: riverside.cutover was not restored from {backup.name}: "
                       f"{plan_file} is open in another program or is read-only (close it there, "
                       "or choose another name). Nothing was changed.")
    assert plan_file.read_bytes() == b"this is not a plan any more"
    assert sorted(p.name for p in plan_file.parent.iterdir()) == ["riverside.cutover"]


def test_a_portfolio_folder_that_goes_away_while_it_is_read_is_said_so(
        plan_file: Path, capsys: pytest.CaptureFixture[str], monkeypatch) -> None:
    folder = plan_file.parent

    def gone(self: Path, pattern: str) -> object:
        # A network drive dropping out, or the folder moved, in the middle of the listing.
        raise FileNotFoundError(2, "No such file or directory", str(self / "sub"))
        yield  # pragma: no cover - makes this a generator, as rglob is

    monkeypatch.setattr(Path, "rglob", gone)
    message = _cli_refusal(capsys, "portfolio", folder)
    assert message == (f"cutover-desktop: The folder {folder} could not be read to the end (no "
                       "such file or directory); check that it is still there, and read it again.")


def test_a_plan_the_portfolio_cannot_read_is_not_called_damaged(plan_file: Path,
                                                               monkeypatch) -> None:
    from cutover_desktop.domain.portfolio import ReadState
    from cutover_desktop.services.portfolio import FolderSource

    real_open = Path.open

    def held(self: Path, *args: object, **kw: object) -> object:
        if self == plan_file:  # no permission to read it, or held by another program
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", held)
    row = FolderSource(plan_file.parent).read(str(plan_file), TODAY)
    assert row.read_state is ReadState.UNREADABLE
    assert row.message == ("riverside.cutover could not be read: it is open in another "
                           "program, or you do not have permission to read it.")


@pytest.mark.parametrize("command", [
    ("export", "--format", "csv"), ("export", "--format", "ics"),
    ("export", "--format", "msproject"), ("print-day", "--date", "2027-03-16")])
def test_an_export_never_replaces_a_plan_file(plan_file: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str],
                                              command: tuple[str, ...]) -> None:
    other = tmp_path / "branch.cutover"
    other.write_bytes(plan_file.read_bytes())
    before = other.read_bytes()
    message = _cli_refusal(capsys, command[0], plan_file, *command[1:], "--out", other)
    assert message == (f"cutover-desktop: branch.cutover was not written: {other} is a plan "
                       "file, which an export never replaces (choose another name). Nothing "
                       "was changed.")
    assert other.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["branch.cutover", "riverside.cutover"]


def test_a_copy_never_replaces_a_plan_someone_has_open(plan_file: Path, tmp_path: Path) -> None:
    from cutover_desktop.domain.errors import PlanFileError
    from cutover_desktop.services.plan_files import save_copy

    other = tmp_path / "branch.cutover"
    other.write_bytes(plan_file.read_bytes())
    elsewhere = open_plan(other, today=lambda: TODAY)  # as another copy of the program
    mine = open_plan(plan_file, today=lambda: TODAY)
    try:
        before = other.read_bytes()
        with pytest.raises(PlanFileError) as refused:
            save_copy(mine, other)
        assert refused.value.message.endswith(
            "has branch.cutover open; close it there first, or choose another name.")
        assert other.read_bytes() == before
    finally:
        mine.close()
        elsewhere.close()


def test_an_edit_in_a_folder_that_cannot_be_written_in_is_refused_in_words(
        plan_file: Path) -> None:
    import sqlite3
    from datetime import timedelta

    class FolderRefused:
        """The plan's connection, as SQLite answers when the folder beside the plan refuses
        its journal file (no permission there, or the drive gone)."""

        def __init__(self, db: sqlite3.Connection) -> None:
            self._db = db

        def __getattr__(self, name: str) -> object:
            return getattr(self._db, name)

        def execute(self, sql: str, *args: object) -> sqlite3.Cursor:
            if sql.lstrip().upper().startswith("BEGIN"):
                error = sqlite3.OperationalError("unable to open database file")
                error.sqlite_errorcode = sqlite3.SQLITE_CANTOPEN
                raise error
            return self._db.execute(sql, *args)

    service = open_plan(plan_file, today=lambda: TODAY)
    try:
        before = service.state
        service._repo.db = FolderRefused(service._repo.db)  # noqa: SLF001 - simulate the folder
        with pytest.raises(CutoverError) as refused:
            service.set_go_live(service.details.go_live + timedelta(days=7))
        assert refused.value.message == (
            "The folder the plan is in cannot be written in (no permission there, or the drive "
            "has gone), so the change was not saved.")
        assert service.state is before
    finally:
        service._repo.db = service._repo.db._db  # noqa: SLF001
        service.close()


def test_a_portfolio_row_that_cannot_be_read_never_shows_sqlites_words(
        plan_file: Path, monkeypatch) -> None:
    import sqlite3

    import cutover_desktop.services.portfolio as portfolio
    from cutover_desktop.domain.portfolio import ReadState

    def busy(_path: Path) -> object:  # as an older plan's upgraded copy meets a held lock
        error = sqlite3.OperationalError("database is locked")
        error.sqlite_errorcode = sqlite3.SQLITE_BUSY
        raise error

    monkeypatch.setattr(portfolio, "open_snapshot", busy)
    row = portfolio.FolderSource(plan_file.parent).read(str(plan_file), TODAY)
    assert row.read_state is ReadState.UNREADABLE
    assert row.message == ("riverside.cutover could not be read: it is in use by another "
                           "program at this moment; read the folder again shortly.")


def test_a_plan_damaged_while_it_is_open_refuses_an_edit_in_one_sentence(
        plan_file: Path) -> None:
    plan = open_plan(plan_file, today=lambda: TODAY, backup=False)
    try:
        go_live = plan.details.go_live
        data = bytearray(plan_file.read_bytes())
        page_size = int.from_bytes(data[16:18], "big")
        data[page_size:] = b"\xab" * (len(data) - page_size)  # every page but the first
        # A new change counter, as another program's write leaves: SQLite reads the file
        # again rather than trusting the pages it holds.
        counter = int.from_bytes(data[24:28], "big") + 1
        data[24:28] = counter.to_bytes(4, "big")
        plan_file.write_bytes(bytes(data))
        with pytest.raises(CutoverError) as refused:
            plan.set_go_live(go_live + timedelta(days=7))
        assert refused.value.message == (
            "The plan file has been damaged since it was opened (by another program, or the "
            "disk), so the change was not saved. Close the plan and open it again: the "
            "program will offer its newest good backup.")
        assert plan.details.go_live == go_live
    finally:
        plan.close()
