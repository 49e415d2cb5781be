"""Undo and redo history, kept below the UI and free of Qt."""

from __future__ import annotations

from typing import NamedTuple

from cutover_desktop.domain.changes import Changes

HISTORY_LIMIT = 500


class UndoStatus(NamedTuple):
    """What Undo and Redo would do now; None when there is nothing to do."""

    undo_label: str | None
    redo_label: str | None
    # Why there is nothing to undo, when the last step cannot be undone (a sign-off).
    undo_note: str | None = None


class UndoHistory:
    def __init__(self, limit: int = HISTORY_LIMIT) -> None:
        self._done: list[Changes] = []
        self._undone: list[Changes] = []
        self._limit = limit
        self._barrier: str | None = None

    def record(self, changes: Changes) -> None:
        """A new edit: it can be undone, and nothing undone can be redone any more."""
        self._done.append(changes)
        del self._done[: max(0, len(self._done) - self._limit)]
        self._undone.clear()

    def record_irreversible(self, changes: Changes, note: str) -> None:
        """An edit that cannot be undone (signing): nothing before it can be undone either.

        Undo stops here, and `status().undo_note` says why, until a new edit is recorded
        (which can be undone back to this point, and no further).
        """
        self._done.clear()
        self._undone.clear()
        self._barrier = note

    def next_undo(self) -> Changes | None:
        return self._done[-1] if self._done else None

    def next_redo(self) -> Changes | None:
        return self._undone[-1] if self._undone else None

    def mark_undone(self) -> None:
        self._undone.append(self._done.pop())

    def mark_redone(self) -> None:
        self._done.append(self._undone.pop())

    def clear(self) -> None:
        self._done.clear()
        self._undone.clear()
        self._barrier = None

    def status(self) -> UndoStatus:
        undo, redo = self.next_undo(), self.next_redo()
        return UndoStatus(undo.label if undo else None, redo.label if redo else None,
                          self._barrier if undo is None else None)
