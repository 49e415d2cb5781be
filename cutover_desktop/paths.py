"""Where the program finds its resources and keeps its data. Qt-free; any layer may use it."""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path

import platformdirs

from cutover_desktop import APP_NAME

DATA_DIR_ENV = "CUTOVER_DESKTOP_DATA_DIR"
_SQLITE_FULL = 13  # sqlite3.SQLITE_FULL, without loading sqlite3 into the layers that use no SQL


def resources_dir() -> Path:
    """The resources folder, inside the bundle when frozen by PyInstaller."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def default_template_path() -> Path:
    return resources_dir() / "templates" / "default.json"


def user_data_dir() -> Path:
    """The user's data folder (created if missing); the environment variable overrides it."""
    override = os.environ.get(DATA_DIR_ENV)
    folder = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, False))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def default_plan_path() -> Path:
    return user_data_dir() / "demonstration.cutover"


def log_path() -> Path:
    return user_data_dir() / "cutover-desktop.log"


def safe_file_stem(title: str, fallback: str = "export") -> str:
    """A title as a file name every system accepts: 'Day schedule: Mon 15 Mar 2027' ->
    'Day schedule - Mon 15 Mar 2027' (Windows refuses : / \\ * ? " < > |)."""
    text = "".join(c if c.isalnum() or c in " -_.()" else " - " if c == ":" else "-"
                   for c in title)
    text = " ".join(text.split()).strip(" .-")
    return text or fallback


def why_not_replaced(path: Path) -> str | None:
    """Why an export must not replace the file at `path`, or None when it may: a plan (or
    any database) is never overwritten by a spreadsheet, calendar or PDF of itself."""
    try:
        with path.open("rb") as handle:
            is_database = handle.read(16) == b"SQLite format 3\x00"
    except OSError:
        return None  # not there, or not readable: writing says why if it fails
    if not is_database:
        return None
    return f"{path} is a plan file, which an export never replaces (choose another name)"


def why_not_read(error: OSError) -> str:
    """Why a file could not be read, in plain words that finish 'tasks.csv could not be
    read: {why}.'"""
    if isinstance(error, PermissionError):
        # Windows refuses to read a file another program (Excel, Project) holds open.
        return "it is open in another program, or you do not have permission to read it"
    return (error.strerror or str(error)).lower()


def why_not_written(path: Path, error: Exception | None = None) -> str:
    """Why a file cannot be written at `path`, in plain words that finish a sentence such as
    'day.pdf was not written: {why}.'; `error` is what writing it raised, if anything: an
    OSError, or SQLite's error (whose own words, "unable to open database file", are not for
    the user; only its disk-full code says more than the folder checks below)."""
    if not isinstance(error, OSError):
        full = (getattr(error, "sqlite_errorcode", 0) & 0xFF) == _SQLITE_FULL
        error = OSError(errno.ENOSPC, "disk full") if full else None
    folder = path.parent
    if folder.exists() and not folder.is_dir():
        return f"{folder} is a file, not a folder"
    if not folder.exists():
        return f"the folder {folder} does not exist"
    if path.is_dir():
        return f"{path} is a folder"
    no_permission = f"you do not have permission to save files in the folder {folder}"
    if not os.access(folder, os.W_OK):
        return no_permission
    if isinstance(error, PermissionError):
        # Windows refuses to replace a file another program holds open (a PDF viewer, Excel).
        if path.exists():
            return (f"{path} is open in another program or is read-only (close it there, "
                    "or choose another name)")
        return no_permission
    if error is not None and error.errno == errno.ENOSPC:
        return "the disk is full"
    if error is not None and error.errno == errno.EROFS:
        return f"the disk holding {folder} is read-only"
    if error is not None:
        return f"{(error.strerror or str(error)).lower()} ({path})"
    return f"{path} could not be made"
