"""Plan files: refused files are left exactly as they were; good files get safe settings."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path, PurePosixPath, PureWindowsPath

import pytest

from cutover_desktop.domain.errors import PlanFileError, ReadOnlyPlanError
from cutover_desktop.paths import default_template_path
from cutover_desktop.services.plan_files import create_plan, open_plan
from cutover_desktop.storage.database import (
    create_database,
    open_database,
    read_only_connection,
    read_only_uri,
)
from cutover_desktop.storage.migrations import APPLICATION_ID, schema_version
from tests.conftest import TODAY, riverside

EXTRA_TASKS = 300


@pytest.fixture(scope="module")
def big_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A plan with enough tasks that the tasks table spans many pages."""
    path = tmp_path_factory.mktemp("big") / "big.cutover"
    service = create_plan(path, riverside(), today=lambda: TODAY)
    for number in range(EXTRA_TASKS):
        service.add_task(service.new_task(
            f"Extra task {number}: ring the pathology lab about the switch-over", "Lead-in",
            offset=-(number % 90), notes="A note long enough to take up some room. " * 3))
    service.close()
    return path


@pytest.fixture
def copy_of(big_plan: Path, tmp_path: Path) -> Iterator[Path]:
    target = tmp_path / "copy.cutover"
    shutil.copyfile(big_plan, target)
    yield target


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def listing(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


def assert_refused(path: Path, *words: str) -> str:
    """Open the file both ways; each time it is refused with one plain sentence and untouched."""
    before = digest(path) if path.is_file() else None
    folder_before = listing(path.parent)
    messages = set()
    for read_only in (True, False):
        with pytest.raises(PlanFileError) as refused:
            open_plan(path, read_only=read_only, today=lambda: TODAY)
        message = refused.value.message
        messages.add(message)
        assert "\n" not in message and message.endswith(".")
        assert message.count(". ") == 0 or message.count(". ") == message.count("; ")
        assert path.name in message
        for word in words:
            assert word in message
        if before is not None:
            assert digest(path) == before
        assert listing(path.parent) == folder_before  # no -journal, -wal or -shm left
    assert len(messages) == 1
    return messages.pop()


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.cutover"
    path.write_bytes(b"")
    assert_refused(path, "empty")


def test_a_text_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.cutover"
    path.write_text("Remember to ring the CSU about the go-live date.\n" * 50, encoding="utf-8")
    assert_refused(path, "not a plan file")


def test_another_programs_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.cutover"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('Pathology lab', '01234 567890')")
    conn.commit()
    conn.close()
    assert_refused(path, "another program")


@pytest.mark.parametrize("keep", [0.5, 0.25])
def test_a_plan_cut_short_is_refused(copy_of: Path, keep: float) -> None:
    data = copy_of.read_bytes()
    copy_of.write_bytes(data[: int(len(data) * keep)])
    assert_refused(copy_of, "damaged")


@pytest.mark.parametrize("length", [50, 4096 + 700])
def test_a_plan_cut_mid_page_or_mid_header_is_refused(copy_of: Path, length: int) -> None:
    copy_of.write_bytes(copy_of.read_bytes()[:length])
    assert_refused(copy_of, "damaged")


def _task_leaf_pages(path: Path) -> list[tuple[int, int]]:
    """(page number, first byte of cell content) for each leaf page of the tasks table."""
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        pages = [row[0] for row in conn.execute(
            "SELECT pageno FROM dbstat WHERE name = 'tasks' AND pagetype = 'leaf' "
            "ORDER BY pageno")]
    finally:
        conn.close()
    data = path.read_bytes()
    found = []
    for page in pages:
        start = (page - 1) * page_size
        content = int.from_bytes(data[start + 5:start + 7], "big")
        found.append((page, start + content))
    return found


def _scribble(path: Path, offset: int, length: int = 48) -> None:
    data = bytearray(path.read_bytes())
    data[offset:offset + length] = bytes([0xFF]) * length
    path.write_bytes(bytes(data))


def test_a_plan_with_a_corrupted_page_is_refused(copy_of: Path) -> None:
    page_size = 4096
    page, content = _task_leaf_pages(copy_of)[len(_task_leaf_pages(copy_of)) // 2]
    # The middle of the task records on that page.
    middle = content + (page * page_size - content) // 2
    _scribble(copy_of, middle)
    assert_refused(copy_of, "damaged")


def test_any_corrupted_task_page_is_refused_or_still_reads_whole(
    big_plan: Path, tmp_path: Path
) -> None:
    expected = open_plan(big_plan, read_only=True)
    whole = expected.state.tasks
    expected.close()
    for page, content in _task_leaf_pages(big_plan):
        for offset in (content, content + 700, page * 4096 - 60):
            path = tmp_path / f"page{page}-{offset}.cutover"
            shutil.copyfile(big_plan, path)
            _scribble(path, offset)
            try:
                service = open_plan(path, read_only=True)
            except PlanFileError as refused:
                assert "damaged" in refused.message
            else:
                # Nothing the program reads was hit: every task is still as it was.
                tasks = service.state.tasks
                service.close()
                assert tasks == whole
            path.unlink()


def test_a_plan_from_a_newer_version_is_refused(copy_of: Path) -> None:
    conn = sqlite3.connect(copy_of)
    conn.execute(f"PRAGMA user_version = {schema_version() + 1}")
    conn.commit()
    conn.close()
    assert_refused(copy_of, "newer version")


def test_a_plan_with_records_pointing_at_missing_ones_is_refused(copy_of: Path) -> None:
    conn = sqlite3.connect(copy_of)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("INSERT INTO dependencies (predecessor, successor) VALUES (9998, 9999)")
    conn.commit()
    conn.close()
    assert_refused(copy_of, "damaged")


def test_a_missing_file_is_refused_without_making_one(tmp_path: Path) -> None:
    message = assert_refused(tmp_path / "absent.cutover")
    assert "no file" in message
    assert not (tmp_path / "absent.cutover").exists()


def test_a_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "plans.cutover"
    folder.mkdir()
    assert_refused(folder, "folder")
    assert listing(folder) == []


def test_each_kind_of_refusal_has_its_own_sentence(
    tmp_path: Path, copy_of: Path
) -> None:
    empty = tmp_path / "a.cutover"
    empty.write_bytes(b"")
    text = tmp_path / "b.cutover"
    text.write_text("hello")
    newer = tmp_path / "c.cutover"
    shutil.copyfile(copy_of, newer)
    conn = sqlite3.connect(newer)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    other = tmp_path / "d.cutover"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    folder = tmp_path / "e.cutover"
    folder.mkdir()
    cut = tmp_path / "f.cutover"
    cut.write_bytes(copy_of.read_bytes()[:8192])
    messages = []
    for path in (empty, text, newer, other, folder, cut, tmp_path / "g.cutover"):
        with pytest.raises(PlanFileError) as refused:
            open_plan(path)
        messages.append(refused.value.message.replace(path.name, "FILE"))
    assert len(set(messages)) == len(messages), messages


# A good file's settings

def test_an_open_plan_has_foreign_keys_full_sync_and_its_marks(
    big_plan: Path, tmp_path: Path
) -> None:
    path = tmp_path / "plan.cutover"
    shutil.copyfile(big_plan, path)
    db = open_database(path)
    try:
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert db.execute("PRAGMA user_version").fetchone()[0] == schema_version()
        with pytest.raises(sqlite3.IntegrityError):
            db.execute("INSERT INTO dependencies (predecessor, successor) VALUES (9998, 9999)")
    finally:
        db.close()
    read_only = open_database(path, read_only=True)
    try:
        assert read_only.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            read_only.execute("DELETE FROM tasks")
    finally:
        read_only.close()


def test_a_new_plan_file_is_marked_and_private(tmp_path: Path) -> None:
    path = tmp_path / "new.cutover"
    create_database(path).close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema_version()
    conn.close()
    assert listing(tmp_path) == ["new.cutover"]
    if os.name == "posix":
        assert path.stat().st_mode & 0o777 == 0o600


def test_creating_over_an_existing_file_is_refused_and_leaves_it(big_plan: Path,
                                                                  tmp_path: Path) -> None:
    path = tmp_path / "plan.cutover"
    shutil.copyfile(big_plan, path)
    before = digest(path)
    with pytest.raises(PlanFileError, match="already exists"):
        create_plan(path, riverside())
    assert digest(path) == before
    assert listing(tmp_path) == ["plan.cutover"]
    with pytest.raises(PlanFileError, match="does not exist"):
        create_plan(tmp_path / "no-such-folder" / "plan.cutover", riverside())


def test_a_plan_opened_read_only_refuses_edits_and_stays_unchanged(big_plan: Path,
                                                                     tmp_path: Path) -> None:
    path = tmp_path / "plan.cutover"
    shutil.copyfile(big_plan, path)
    before = digest(path)
    service = open_plan(path, read_only=True)
    try:
        with pytest.raises(ReadOnlyPlanError):
            service.set_go_live(riverside().go_live.replace(day=23))
        assert service.details.go_live == riverside().go_live
    finally:
        service.close()
    assert digest(path) == before
    assert listing(tmp_path) == ["plan.cutover"]


# No patient data

PATIENT_DETAILS = re.compile(r"date_?of_?birth|\bdob\b|patient_?name|postcode|address|"
                             r"forename|surname|given_?name|family_?name", re.IGNORECASE)
NHS_NUMBER = re.compile(r"nhs_?numbers?", re.IGNORECASE)
# The one opt-in place (design.md §2): the re-entry register, with its on/off setting.
NHS_NUMBER_TABLES = {"reentry_nhs_numbers", "register_settings"}


def _columns(path: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return [(table, column[1])
                for (table,) in conn.execute("SELECT name FROM sqlite_master "
                                             "WHERE type = 'table'").fetchall()
                for column in conn.execute(f"PRAGMA table_info('{table}')").fetchall()]
    finally:
        conn.close()


def test_the_plan_file_has_nowhere_to_keep_patient_details(big_plan: Path) -> None:
    columns = _columns(big_plan)
    assert ("tasks", "title") in columns
    assert [c for c in columns if PATIENT_DETAILS.search(f"{c[0]}.{c[1]}")] == []
    # NHS numbers only in the re-entry register, which a practice has to switch on.
    assert [c for c in columns if NHS_NUMBER.search(f"{c[0]}.{c[1]}")
            and c[0] not in NHS_NUMBER_TABLES] == []


def test_a_new_plan_holds_no_nhs_number_anywhere(big_plan: Path) -> None:
    conn = sqlite3.connect(f"{big_plan.as_uri()}?mode=ro", uri=True)
    found = []
    try:
        for table, column in _columns(big_plan):
            if column.endswith("hash"):
                continue  # hex digests, not text a person wrote
            for (value,) in conn.execute(f"SELECT [{column}] FROM [{table}]"):
                for digits in re.findall(r"(?<![\w])(\d{3} ?\d{3} ?\d{4})(?!\w)", str(value)):
                    if _is_nhs_number(digits.replace(" ", "")):
                        found.append((table, column, digits))
    finally:
        conn.close()
    assert found == []


def _is_nhs_number(digits: str) -> bool:
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def test_the_shipped_template_holds_no_nhs_numbers() -> None:
    text = default_template_path().read_text(encoding="utf-8")
    numbers = re.findall(r"(?<!\d)(\d{3}\s?\d{3}\s?\d{4})(?!\d)", text)
    assert [n for n in numbers if _is_nhs_number(n.replace(" ", ""))] == []
    assert not PATIENT_DETAILS.search(text.replace("address", ""))  # "address issues" is fine


@pytest.mark.parametrize(("path", "uri"), [
    (PurePosixPath("/home/pm/Riverside surgery.cutover"),
     "file:///home/pm/Riverside%20surgery.cutover?mode=ro"),
    (PureWindowsPath(r"C:\Plans\Riverside #2.cutover"),
     "file:///C:/Plans/Riverside%20%232.cutover?mode=ro"),
    # A network share's file: SQLite's URIs take no host, and make //server one /server.
    (PureWindowsPath(r"\\practice-nas\plans\riverside.cutover"), None),
])
def test_a_plan_is_named_read_only_in_a_uri_sqlite_reads_as_meant(path, uri) -> None:
    assert read_only_uri(path) == uri


def test_a_plan_no_uri_can_name_is_still_opened_only_for_reading(
        plan_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cutover_desktop.storage import database

    monkeypatch.setattr(database, "read_only_uri", lambda _path: None)
    before = plan_file.read_bytes()
    conn = read_only_connection(plan_file)
    try:
        assert conn.execute("SELECT count(*) FROM tasks").fetchone()[0] > 0
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            conn.execute("DELETE FROM tasks")
    finally:
        conn.close()
    assert plan_file.read_bytes() == before
