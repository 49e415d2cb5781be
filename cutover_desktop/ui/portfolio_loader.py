"""Reading a portfolio on a worker thread, so the window never waits for the disk."""

from __future__ import annotations

import logging
import threading
import time
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal

from cutover_desktop.domain.errors import CutoverError
from cutover_desktop.services.portfolio import FolderSource, PortfolioSource, read_portfolio

log = logging.getLogger(__name__)
PROGRESS_EVERY = 0.1  # seconds between progress updates


class _Worker(QObject):
    """Runs on the worker thread: opens its own read-only connections there and closes them."""

    progress = Signal(int, int)
    done = Signal(object)  # a Portfolio
    failed = Signal(str)

    def __init__(self, source: PortfolioSource, today: date) -> None:
        super().__init__()
        self._source = source
        self._today = today
        self._stop = threading.Event()

    def stop(self) -> None:
        self._stop.set()

    def run(self) -> None:
        last = 0.0

        def told(done: int, total: int) -> bool:
            nonlocal last
            # A few updates a second are enough for the eye; more would only slow the read.
            now = time.monotonic()
            if done == 1 or done == total or now - last >= PROGRESS_EVERY:
                last = now
                self.progress.emit(done, total)
            return not self._stop.is_set()

        try:
            self.done.emit(read_portfolio(self._source, self._today, told))
        except CutoverError as exc:
            self.failed.emit(exc.message)
        except Exception:  # a bug: logged, and the window says so in one sentence
            log.exception("reading the portfolio failed")
            self.failed.emit("Something went wrong inside the program while reading the "
                             "plans; the details are in its log file.")


class PortfolioLoader(QObject):
    """Starts a read, reports progress, and hands back the portfolio on the GUI thread.

    Signals:
        progress(done, total): after each plan is read.
        loaded(portfolio): the read finished (or was stopped: `portfolio.complete` says).
        failed(message): the folder could not be read at all.
    """

    progress = Signal(int, int)
    loaded = Signal(object)
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: QThread | None = None
        self._worker: _Worker | None = None
        self._folder_source: FolderSource | None = None

    @property
    def busy(self) -> bool:
        return self._thread is not None

    def start_folder(self, folder: Path, today: date) -> None:
        # The same folder keeps its source, so rows of unchanged plans are not read again.
        if self._folder_source is None or self._folder_source.folder != folder:
            self._folder_source = FolderSource(folder)
        self.start(self._folder_source, today)

    def start(self, source: PortfolioSource, today: date) -> None:
        self.stop()
        thread = QThread()
        worker = _Worker(source, today)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.progress.connect(self.progress)
        worker.done.connect(self._finish_ok)
        worker.failed.connect(self._finish_failed)
        self._thread, self._worker = thread, worker
        thread.start()

    def stop(self) -> None:
        """Ask the read to stop after the plan it is reading, and wait for it."""
        if self._worker is not None:
            self._worker.stop()
        self._wind_up()

    def _finish_ok(self, portfolio: object) -> None:
        self._wind_up()
        self.loaded.emit(portfolio)

    def _finish_failed(self, message: str) -> None:
        self._wind_up()
        self.failed.emit(message)

    def _wind_up(self) -> None:
        thread, worker = self._thread, self._worker
        self._thread = self._worker = None
        if thread is not None:
            if worker is not None:
                worker.done.disconnect(self._finish_ok)
                worker.failed.disconnect(self._finish_failed)
            thread.quit()
            thread.wait()
            if worker is not None:
                worker.deleteLater()
            thread.deleteLater()
