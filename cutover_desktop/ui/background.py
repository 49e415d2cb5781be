"""Long read-only work off the GUI thread: the window stays responsive, the answer comes back
on the GUI thread.

Only work that reads files of its own (checking backups, say) belongs here: the open plan's
connection is used by the GUI thread alone.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


class _Relay(QObject):
    """Lives on the GUI thread, so a signal sent to it from a pool thread is queued there."""

    finished = Signal(object)

    def __init__(self, done: Callable[[Any], None], owner: QObject) -> None:
        super().__init__(owner)
        self._done = done
        self.finished.connect(self._deliver)

    @Slot(object)
    def _deliver(self, result: Any) -> None:
        self._done(result)
        self.deleteLater()


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._work = work
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._work()
        except Exception:  # a bug in read-only work: logged, and the view keeps what it shows
            log.exception("Background work failed")
            return
        # RuntimeError: the window that asked has closed meanwhile.
        with contextlib.suppress(RuntimeError):
            self._relay.finished.emit(result)


def run_in_background(work: Callable[[], Any], done: Callable[[Any], None],
                      owner: QObject) -> None:
    """Run `work` on a pool thread and `done(result)` on the GUI thread, unless `owner` (the
    widget that asked) has gone by then."""
    QThreadPool.globalInstance().start(_Job(work, _Relay(done, owner)))


def wait_for_background(msecs: int = 30_000) -> bool:
    """Wait for every background job (closing the window, and in tests)."""
    return QThreadPool.globalInstance().waitForDone(msecs)
