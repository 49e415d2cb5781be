"""Long read-only work off the GUI thread: the window stays responsive, the answer comes back
on the GUI thread.

Only work that reads files of its own (checking backups, say) belongs here: the open plan's
connection is used by the GUI thread alone.

A job ends with the widget that asked for it: when that widget is destroyed (or calls
`job.cancel()`, as a dialog does when it closes) the answer is dropped, and work done in steps
stops at the next step. Closing the main window calls `stop_background()`, so no job is left
reading when the program ends.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


class BackgroundJob(QObject):
    """One piece of background work. Lives on the GUI thread and is not owned by the widget
    that asked, so the answer has somewhere to arrive even if that widget has gone."""

    _finished = Signal(bool, object)  # (the work succeeded, its result)

    def __init__(self, done: Callable[[Any], None]) -> None:
        super().__init__()
        self._done = done
        self._cancelled = threading.Event()
        self._finished.connect(self._deliver)

    @property
    def cancelled(self) -> bool:
        """Whether the answer is no longer wanted (work in steps checks this between them)."""
        return self._cancelled.is_set()

    def cancel(self) -> None:
        self._cancelled.set()

    @Slot(bool, object)
    def _deliver(self, succeeded: bool, result: Any) -> None:
        _running.discard(self)
        if succeeded and not self.cancelled:
            self._done(result)
        self.deleteLater()


# Jobs not yet delivered: each is kept alive here, not by a widget that may close first.
_running: set[BackgroundJob] = set()


class _Runner(QRunnable):
    def __init__(self, work: Callable[[BackgroundJob], Any], job: BackgroundJob) -> None:
        super().__init__()
        self._work = work
        self._job = job

    def run(self) -> None:
        try:
            result = self._work(self._job)
        except Exception:  # a bug in read-only work: logged, and the view keeps what it shows
            log.exception("Background work failed")
            self._job._finished.emit(False, None)
            return
        self._job._finished.emit(True, result)


def run_in_background(work: Callable[[BackgroundJob], Any], done: Callable[[Any], None],
                      owner: QObject) -> BackgroundJob:
    """Run `work(job)` on a pool thread and `done(result)` on the GUI thread, unless the job
    was cancelled or `owner` (the widget that asked) was destroyed meanwhile."""
    job = BackgroundJob(done)
    _running.add(job)
    owner.destroyed.connect(job.cancel)
    QThreadPool.globalInstance().start(_Runner(work, job))
    return job


def stop_background(msecs: int = 30_000) -> bool:
    """Cancel every background job and wait for the ones still working (closing the window).
    False if some were still working after `msecs`."""
    for job in list(_running):
        job.cancel()
    return wait_for_background(msecs)


def wait_for_background(msecs: int = 30_000) -> bool:
    """Wait for every background job to finish its work."""
    return QThreadPool.globalInstance().waitForDone(msecs)
