"""Opening and creating plan files: checks before anything is written, safe settings after."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path, PurePath

from cutover_desktop.domain.errors import PlanFileError, StorageUnavailable
from cutover_desktop.paths import why_not_read, why_not_written
from cutover_desktop.storage.migrations import APPLICATION_ID, apply_migrations, schema_version

SQLITE_HEADER = b"SQLite format 3\x00"
PLAN_SUFFIX = ".cutover"


# Pages SQLite keeps in memory for each connection (negative: KiB): a plan is read once into
# memory, the checks on open read every page once, and an edit writes a few pages, so the
# default 2 MB a connection would only cost memory.
CACHE_SIZE_KIB = 512
# A copy reads each page once and writes it once: a cache would only hold pages already done.
COPY_CACHE_KIB = 64


def read_only_uri(path: PurePath) -> str | None:
    """The SQLite URI that opens a file read-only (mode=ro: it never creates, writes or
    journals it); None for a Windows network share's file (\\\\server\\share\\plan.cutover),
    which a SQLite URI cannot name: it takes no host, and runs of slashes become one."""
    uri = path.as_uri()
    return f"{uri}?mode=ro" if uri.startswith("file:///") else None


def read_only_connection(path: Path, cache_kib: int = CACHE_SIZE_KIB) -> sqlite3.Connection:
    """A connection that only reads the file."""
    uri = read_only_uri(path.resolve())
    if uri is not None:
        conn = sqlite3.connect(uri, uri=True)
    else:
        conn = sqlite3.connect(path)
        conn.execute("PRAGMA query_only = ON")
    conn.execute(f"PRAGMA cache_size = -{cache_kib}")
    return conn


def check_plan_header(path: Path) -> bytes:
    """The first 100 bytes of a file that looks like a whole SQLite database, read only.

    Raises:
        PlanFileError: missing, a folder, empty, not a database, or cut short.
    """
    name = path.name
    if not path.exists():
        raise PlanFileError(f"There is no file called {name} in {path.parent.resolve()}.")
    if path.is_dir():
        raise PlanFileError(f"{name} is a folder, not a plan file.")
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as exc:  # whole, as far as anyone knows: not to be called damaged
        raise PlanBusyError(f"{name} could not be read: {why_not_read(exc)}.") from None
    if size == 0:
        raise PlanFileError(f"{name} is empty, so it is not a plan.")
    if not header.startswith(SQLITE_HEADER):
        raise PlanFileError(f"{name} is not a plan file (it is not a database at all).")
    if len(header) < 100:
        raise PlanFileError(f"{name} is damaged: it has been cut short.")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    page_count = int.from_bytes(header[28:32], "big")
    if page_size < 512 or size % page_size != 0 or (page_count and size < page_count * page_size):
        raise PlanFileError(f"{name} is damaged: it has been cut short.")
    return header


def inspect_plan_file(path: Path) -> int:
    """Check that a file is a plan this program can open; return its schema version.

    Nothing is written to the file.

    Raises:
        PlanFileError: with one plain sentence saying what is wrong.
    """
    name = path.name
    # A save cut short leaves the file ragged beside the journal that puts it back: roll it
    # back before the file's length is judged, or a crash would look like damage.
    if _is_ours(path):
        _recover_interrupted_write(path)
    check_plan_header(path)
    conn = open_read_only(path)
    try:
        return check_plan_connection(conn, name, links=True)
    finally:
        conn.close()


class NewerPlanError(PlanFileError):
    """A plan made by a newer version of the program."""


def open_read_only(path: Path) -> sqlite3.Connection:
    """A connection that can only read the file (opening it writes nothing)."""
    try:
        return read_only_connection(path)
    except sqlite3.Error as exc:
        if is_busy(exc):
            raise _in_use(path.name) from None
        raise PlanFileError(f"{path.name} could not be opened as a database.") from None


class PlanBusyError(PlanFileError):
    """A plan in the middle of a save, left mid-save by a crash, held by another program, or
    that cannot be read at this moment: not damaged, as far as anyone can tell."""


def is_busy(error: sqlite3.Error) -> bool:
    """Whether SQLite refused because another connection holds the file (not damage)."""
    return (getattr(error, "sqlite_errorcode", 0) & 0xFF) in (sqlite3.SQLITE_BUSY,
                                                               sqlite3.SQLITE_LOCKED)


def _in_use(name: str) -> PlanBusyError:
    # Not "damaged": a plan another program holds is whole, and no backup should replace it.
    return PlanBusyError(f"{name} is in use by another program at this moment, so it was not "
                         "opened; close it there, or try again shortly.")


def check_plan_connection(conn: sqlite3.Connection, name: str, *, links: bool) -> int:
    """Check that an open file is a sound plan this program can read; return its schema
    version. `links` also checks that no record points at a missing one (a full open does;
    a quick read need not, as a broken link still reads).

    Raises:
        NewerPlanError: made by a newer version of the program.
        PlanFileError: not a plan, or damaged, with one plain sentence saying so.
    """
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if app_id != APPLICATION_ID:
            raise PlanFileError(f"{name} is a database made by another program, not a plan.")
        if version > schema_version():
            raise NewerPlanError(
                f"{name} was made by a newer version of this program; "
                "install the newer version to open it.")
        problems = [row[0] for row in conn.execute("PRAGMA quick_check").fetchall()]
        if problems != ["ok"]:
            raise PlanFileError(f"{name} is damaged: the database check found faults.")
        if links and conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
            raise PlanFileError(f"{name} is damaged: some of its records point at missing ones.")
    except sqlite3.DatabaseError as exc:
        if is_busy(exc):
            raise _in_use(name) from None
        raise PlanFileError(f"{name} is damaged and cannot be read as a plan.") from None
    return int(version)


def _is_ours(path: Path) -> bool:
    """Whether the file starts as one of our plans does (a database with our application
    id); nothing else is ever written to by the roll-back below."""
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError:
        return False
    return (header.startswith(SQLITE_HEADER) and len(header) == 100
            and int.from_bytes(header[68:72], "big") == APPLICATION_ID)


def _recover_interrupted_write(path: Path) -> None:
    """Roll back a write cut short by a crash, as SQLite does on any normal open.

    A read-only connection cannot roll back the journal left beside the plan, and would
    see a half-written file; a plan of ours is recovered first, so a crash never makes a
    plan look damaged.
    """
    journal = path.with_name(path.name + "-journal")
    try:
        if not journal.exists() or journal.stat().st_size == 0:
            return
    except OSError:
        return
    try:
        conn = sqlite3.connect(path)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        pass  # the checks that follow say what is wrong


def configure(db: sqlite3.Connection, *, on_disk: bool) -> None:
    """Settings every connection needs, checked to have taken effect."""
    db.execute("PRAGMA recursive_triggers = ON")
    db.execute("PRAGMA foreign_keys = ON")
    if db.execute("PRAGMA foreign_keys").fetchone()[0] != 1:
        raise StorageUnavailable("This computer's SQLite cannot enforce the plan's links.")
    if on_disk:
        # A rollback journal works on every disk, network drives included; every commit
        # reaches the disk before the program says it is done.
        db.execute("PRAGMA journal_mode = DELETE")
        db.execute("PRAGMA synchronous = FULL")
    db.execute("PRAGMA busy_timeout = 5000")
    # A small cache, never spilled into the file before a commit (it grows for a big edit
    # instead), so a refused write still leaves the file byte for byte as it was.
    db.execute(f"PRAGMA cache_size = -{CACHE_SIZE_KIB}")
    db.execute("PRAGMA cache_spill = OFF")
    # Deleted records are overwritten, not just unlinked: a removed NHS number (registers)
    # leaves no trace in the file even before the register's purge compacts it.
    db.execute("PRAGMA secure_delete = ON")


def open_database(
    path: Path,
    *,
    read_only: bool = False,
    before_upgrade: Callable[[sqlite3.Connection], object] | None = None,
    checked_version: int | None = None,
) -> sqlite3.Connection:
    """Open an existing plan file after checking it, bringing its schema up to date.

    Args:
        before_upgrade: called with a read-only connection before a schema migration
            changes the file (to back it up).
        checked_version: the schema version `inspect_plan_file` gave, when the caller has
            just checked the file (the check reads the whole file; once is enough).

    Raises:
        PlanFileError: the file is not a plan we can open (it is left untouched).
    """
    version = inspect_plan_file(path) if checked_version is None else checked_version
    if version < schema_version() and not read_only and before_upgrade is not None:
        source = read_only_connection(path)
        try:
            before_upgrade(source)
        finally:
            source.close()
    if read_only:
        if version < schema_version():
            return _upgraded_copy_in_memory(path)
        db = read_only_connection(path)
        db.execute("PRAGMA recursive_triggers = ON")
        db.execute("PRAGMA foreign_keys = ON")
        return db
    try:
        db = sqlite3.connect(path)
    except sqlite3.Error as exc:
        raise PlanFileError(f"{path.name} could not be opened: {exc}.") from None
    configure(db, on_disk=True)
    if version < schema_version():
        with translate_errors():
            apply_migrations(db)
    return db


def _upgraded_copy_in_memory(path: Path) -> sqlite3.Connection:
    """A plan from an older version, read without changing it: upgraded in a copy in memory."""
    source = read_only_connection(path)
    memory = sqlite3.connect(":memory:")
    try:
        source.backup(memory)
    finally:
        source.close()
    configure(memory, on_disk=False)
    with translate_errors():
        apply_migrations(memory)
    return memory


def create_database(path: Path, fill: Callable[[sqlite3.Connection], object] | None = None
                    ) -> sqlite3.Connection:
    """Make a new plan file; `fill` writes its first contents before the file appears.

    The file is built under a temporary name and renamed into place only when complete, so
    it appears whole or not at all. A refusal from `fill` (a CutoverError) is passed on.
    """
    if path.exists():
        raise PlanFileError(f"{path.name} already exists; choose another name.")
    if not path.parent.is_dir():
        raise PlanFileError(f"{path.name} was not made: {why_not_written(path)}. "
                            "Nothing was changed.")
    partial = path.with_name(path.name + ".partial")
    with contextlib.suppress(FileNotFoundError):
        partial.unlink()
    try:
        db = sqlite3.connect(partial)
        configure(db, on_disk=True)
        try:
            apply_migrations(db)
            if fill is not None:
                fill(db)
        finally:
            db.close()
        os.replace(partial, path)
        _owner_only(path)
    except (OSError, sqlite3.Error) as exc:
        with contextlib.suppress(OSError):
            partial.unlink()
        why = why_not_written(path, exc)
        raise StorageUnavailable(f"{path.name} was not made: {why}. Nothing was changed.") \
            from None
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise
    return open_database(path)


def memory_database() -> sqlite3.Connection:
    """An in-memory plan database, for tests and the smoke test."""
    db = sqlite3.connect(":memory:")
    configure(db, on_disk=False)
    apply_migrations(db)
    return db


def _owner_only(path: Path) -> None:
    with contextlib.suppress(OSError, NotImplementedError):
        path.chmod(0o600)


_PLAIN_MESSAGES = (
    ("full", "The disk is full, so the change was not saved. Free some space and try again."),
    ("disk i/o", "The disk could not be written, so the change was not saved."),
    ("locked", "Another program is using the plan file, so the change was not saved."),
    ("readonly", "The plan file is read-only, so the change was not saved."),
    ("read-only", "The plan file is read-only, so the change was not saved."),
    # SQLite cannot make its journal beside the plan.
    ("unable to open", "The folder the plan is in cannot be written in (no permission there, "
                       "or the drive has gone), so the change was not saved."),
)


# SQLITE_CORRUPT and SQLITE_NOTADB: the file changed under the program into something broken.
_DAMAGE_CODES = (11, 26)
_DAMAGED_WHILE_OPEN = ("The plan file has been damaged since it was opened (by another program, "
                       "or the disk), so the change was not saved. Close the plan and open it "
                       "again: the program will offer its newest good backup.")


@contextlib.contextmanager
def atomic(conn: sqlite3.Connection) -> Iterator[None]:
    """One transaction: everything inside is written, or nothing is. Inside another, a
    savepoint, so the inner part can fail alone (as sqlite-utils' `atomic` does)."""
    if conn.in_transaction:
        conn.execute("SAVEPOINT inner_edit")
        try:
            yield
        except BaseException:
            # A trigger's RAISE(ROLLBACK) ends the whole transaction, savepoint included.
            if conn.in_transaction:
                conn.execute("ROLLBACK TO SAVEPOINT inner_edit")
                conn.execute("RELEASE SAVEPOINT inner_edit")
            raise
        conn.execute("RELEASE SAVEPOINT inner_edit")
        return
    conn.execute("BEGIN")
    try:
        yield
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    try:
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


@contextlib.contextmanager
def translate_errors() -> Iterator[None]:
    """Turn environment failures (disk full, locked, I/O) into StorageUnavailable."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        text = str(exc).lower()
        for fragment, message in _PLAIN_MESSAGES:
            if fragment in text:
                raise StorageUnavailable(message) from exc
        raise
    except sqlite3.DatabaseError as exc:
        if (getattr(exc, "sqlite_errorcode", 0) & 0xFF) in _DAMAGE_CODES:
            raise StorageUnavailable(_DAMAGED_WHILE_OPEN) from exc
        raise
