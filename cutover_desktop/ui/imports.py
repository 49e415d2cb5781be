"""Importing a file from anywhere in the window (File ▸ Import, the Staff tab): one path, one
backup rule and the same words, through `services.import_files`."""

from __future__ import annotations

from pathlib import Path

from cutover_desktop.domain.changes import Changes
from cutover_desktop.domain.errors import CutoverError
from cutover_desktop.services.import_files import (
    REFUSED,
    ImportResult,
    import_file,
    importable_suffixes,
    refusal_text,
)
from cutover_desktop.ui.session import PlanSession

__all__ = ["REFUSED", "ImportResult", "import_into", "import_filter"]


def import_into(session: PlanSession, path: Path) -> ImportResult:
    """Import the file as one edit the views hear about.

    Raises:
        CutoverError: refused; its message is the one every import place shows.
    """
    found: list[ImportResult] = []

    def run() -> Changes:
        found.append(import_file(session.service, path))
        return found[-1].changes

    try:
        session.try_edit(run)
    except CutoverError as exc:
        raise CutoverError(refusal_text(path.name, exc)) from None
    return found[-1]


def import_filter() -> str:
    """The open-file dialog's filter: every file some importer takes."""
    patterns = " ".join(f"*{suffix}" for suffix in importable_suffixes())
    return f"Files to import ({patterns});;All files (*)"
