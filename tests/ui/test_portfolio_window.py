"""The portfolio window: read on a worker thread, search, filter, sort, open, print, export."""

from __future__ import annotations

import csv
import hashlib
import shutil
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt

from cutover_desktop.domain.portfolio import Rag
from cutover_desktop.services.portfolio_demo import copy_practice, practice_name
from cutover_desktop.ui.main_window import MainWindow
from cutover_desktop.ui.models.portfolio_model import (
    BGL,
    PRACTICE,
    RAG_COLUMN,
    PortfolioFilter,
)
from cutover_desktop.ui.portfolio_window import PortfolioWindow
from cutover_desktop.ui.settings import UiSettings
from tests.conftest import GO_LIVE, TODAY
from tests.services.portfolio_plans import base_plan, copy_with_shared_trainer


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("portfolio-ui")
    with base_plan(tmp_path_factory) as (base, today):
        copy_practice(base, root / "late.cutover", 1, GO_LIVE + timedelta(weeks=6), today)
        for number in (2, 3):
            copy_with_shared_trainer(base, root / "area" / f"p{number}.cutover", number, GO_LIVE,
                                     today)
        shutil.copy(root / "late.cutover", root / "damaged.cutover")
        with (root / "damaged.cutover").open("r+b") as handle:
            handle.truncate(3000)
        yield root


def _hashes(folder: Path) -> dict[str, str]:
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def window(qtbot, folder: Path) -> PortfolioWindow:
    win = PortfolioWindow(today=lambda: TODAY)
    qtbot.addWidget(win)
    win.show()
    win.open_folder(folder)
    assert not win.progress_area.isHidden()  # the progress bar shows while the worker reads
    qtbot.waitUntil(lambda: win.portfolio is not None, timeout=20000)
    return win


def _column(win: PortfolioWindow, column: int) -> list[str]:
    proxy = win.proxy
    return [proxy.index(r, column).data() for r in range(proxy.rowCount())]


def test_reading_fills_the_table_and_changes_no_file(qtbot, folder: Path) -> None:
    before = _hashes(folder)
    win = PortfolioWindow(today=lambda: TODAY)
    qtbot.addWidget(win)
    win.show()
    with qtbot.waitSignal(win.loader.loaded, timeout=20000):
        win.open_folder(folder)
    assert win.progress_area.isHidden()
    assert _hashes(folder) == before
    practices = _column(win, PRACTICE)
    assert len(practices) == 4
    assert {practice_name(1), practice_name(2), practice_name(3)} <= set(practices)
    assert any(text.startswith("Damaged:") for text in practices)
    assert "4 practices" in win.counts_label.text()


def test_search_filter_and_sort(window: PortfolioWindow) -> None:
    # Opened in go-live order.
    assert _column(window, PRACTICE)[2:] == [practice_name(1), _column(window, PRACTICE)[3]]
    window.search.setText(practice_name(1).split()[0].lower())
    assert _column(window, PRACTICE) == [practice_name(1)]
    window.search.clear()
    window.filter.setCurrentIndex(list(PortfolioFilter).index(PortfolioFilter.RED))
    reds = _column(window, PRACTICE)
    assert {practice_name(2), practice_name(3)} <= set(reds)
    assert all(t == Rag.RED.label for t in _column(window, RAG_COLUMN))
    assert "shown" in window.counts_label.text()
    window.filter.setCurrentIndex(0)
    window.table.sortByColumn(BGL, Qt.SortOrder.AscendingOrder)
    ordered = _column(window, PRACTICE)
    assert ordered[2] == practice_name(1) and ordered[3].startswith("Damaged:")
    window.table.sortByColumn(BGL, Qt.SortOrder.DescendingOrder)
    assert _column(window, PRACTICE)[:2] == ordered[:1:-1]


def test_shared_trainer_and_clashing_week_are_listed(window: PortfolioWindow) -> None:
    problems = [window.problems_list.item(i).text()
                for i in range(window.problems_list.count())]
    assert any("Jo Marsh" in text and "key days of two practices" in text for text in problems)
    assert any(text.startswith("Go-lives in the same week") for text in problems)
    assert window.timeline.timeline is not None
    assert len(window.timeline.timeline.clash_weeks) == 1
    # What the timeline shows, in words, for a screen reader.
    described = window.timeline.accessibleDescription()
    assert f"{practice_name(2)}: FDP" in described and "More than one go-live" in described


def test_double_click_asks_to_open_that_plan(qtbot, window: PortfolioWindow,
                                             folder: Path) -> None:
    window.search.setText(practice_name(1))
    index = window.proxy.index(0, PRACTICE)
    with qtbot.waitSignal(window.open_plan_requested) as signal:
        window._on_double_click(index)
    assert signal.args == [folder / "late.cutover"]


def test_a_portfolio_pdf_that_cannot_be_written_names_the_file_and_why(
        window: PortfolioWindow, tmp_path: Path) -> None:
    target = tmp_path / "portfolio.pdf"
    target.mkdir()  # a folder stands where the PDF would go
    assert not window.save_pdf(target)
    assert window.last_message == (f"portfolio.pdf was not written: {target} is a folder. "
                                   "Nothing was changed.")
    assert target.is_dir() and list(tmp_path.iterdir()) == [target]


def test_print_and_export(window: PortfolioWindow, tmp_path: Path) -> None:
    assert window.save_pdf(tmp_path / "portfolio.pdf")
    assert (tmp_path / "portfolio.pdf").read_bytes().startswith(b"%PDF")
    assert window.export_to(tmp_path / "portfolio.csv", "csv")
    with (tmp_path / "portfolio.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 4 and {r["rag"] for r in rows} >= {"Red", "Not known"}
    assert window.export_to(tmp_path / "portfolio.xlsx", "xlsx")
    assert (tmp_path / "portfolio.xlsx").read_bytes()[:2] == b"PK"


def test_model_passes_the_model_tester(qtmodeltester, window: PortfolioWindow) -> None:
    qtmodeltester.check(window.model)
    qtmodeltester.check(window.proxy)


def test_a_missing_folder_is_said_plainly(qtbot, tmp_path: Path) -> None:
    win = PortfolioWindow(today=lambda: TODAY)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.loader.failed, timeout=10000):
        win.open_folder(tmp_path / "gone")
    assert "no folder" in win.last_message


def test_main_window_opens_a_portfolio_plan_with_its_lock(qtbot, folder: Path,
                                                         tmp_path: Path) -> None:
    settings = UiSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    main = MainWindow(settings, today=lambda: TODAY)
    qtbot.addWidget(main)
    portfolio = main.show_portfolio(folder)
    qtbot.waitUntil(lambda: portfolio.portfolio is not None, timeout=20000)
    portfolio.search.setText(practice_name(1))
    portfolio._on_double_click(portfolio.proxy.index(0, PRACTICE))
    assert main.session is not None
    assert main.session.service.path == folder / "late.cutover"
    assert (folder / "late.cutover.lock").exists()
    assert not main.session.service.read_only
    main.close_plan()
    assert not (folder / "late.cutover.lock").exists()
    portfolio.close()


class SlowSource:
    """Any PortfolioSource will do (here, one that takes its time over each plan)."""

    def __init__(self, count: int, each: float = 0.05) -> None:
        self.count, self.each = count, each

    def describe(self) -> str:
        return "a slow test source"

    def plan_ids(self) -> list[str]:
        return [f"plan-{n}" for n in range(self.count)]

    def read(self, plan_id: str, today):  # noqa: ANN001, ANN201
        import time

        from cutover_desktop.domain.portfolio import PlanSummary, with_rag

        time.sleep(self.each)
        return with_rag(PlanSummary(plan_id, practice=plan_id.title(), ods_code="Y90001",
                                    go_live=GO_LIVE, tasks_total=77), today)


def test_the_window_keeps_working_while_plans_are_read(qtbot) -> None:
    win = PortfolioWindow(today=lambda: TODAY)
    qtbot.addWidget(win)
    win.show()
    ticks: list[int] = []
    from PySide6.QtCore import QTimer

    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(win.progress.value()))
    timer.start(20)
    with qtbot.waitSignal(win.loader.loaded, timeout=10000):
        win.progress_area.show()
        win.loader.start(SlowSource(20), TODAY)
    timer.stop()
    assert len(ticks) >= 10  # the event loop ran all along (20 plans x 50 ms)
    assert len(set(ticks)) > 3  # and the progress bar moved
    assert win.portfolio is not None and len(win.portfolio.rows) == 20
    assert win.proxy.rowCount() == 20 and win.progress_area.isHidden()


def test_stop_reading_keeps_the_window_and_says_so(qtbot) -> None:
    win = PortfolioWindow(today=lambda: TODAY)
    qtbot.addWidget(win)
    win.loader.start(SlowSource(200, each=0.02), TODAY)
    qtbot.wait(100)
    win.stop_reading()
    assert not win.loader.busy
    assert win.status_label.text() == "Reading stopped."


def test_a_folder_on_the_command_line_opens_the_portfolio(qtbot, folder: Path,
                                                           tmp_path: Path) -> None:
    from cutover_desktop.app import open_first_plan

    settings = UiSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    main = MainWindow(settings, today=lambda: TODAY)
    qtbot.addWidget(main)
    open_first_plan(main, folder)
    assert main.portfolio_window is not None and main.session is None
    qtbot.waitUntil(lambda: main.portfolio_window.portfolio is not None, timeout=20000)
    assert len(main.portfolio_window.portfolio.rows) == 4
    main.portfolio_window.close()


def test_the_state_of_each_plan_shows_without_scrolling_sideways(qtbot, folder: Path,
                                                                tmp_path: Path) -> None:
    import json

    from cutover_desktop.ui.models.portfolio_model import PROBLEMS, PROGRESS

    # A plan someone else has open: who has it is a long text, and not what matters most.
    shutil.copy(folder / "late.cutover", tmp_path / "late.cutover")
    shutil.copy(folder / "damaged.cutover", tmp_path / "damaged.cutover")  # a long row
    (tmp_path / "late.cutover.lock").write_text(json.dumps(
        {"host": "reception-pc-upstairs", "user": "j.smith", "pid": 4242,
         "since": "2026-11-28T08:15:00+00:00"}), encoding="utf-8")
    win = PortfolioWindow(today=lambda: TODAY)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    with qtbot.waitSignal(win.loader.loaded, timeout=20000):
        win.open_folder(tmp_path)
    table = win.table
    for column in (PRACTICE, BGL, PROGRESS, PROBLEMS):
        right = table.columnViewportPosition(column) + table.columnWidth(column)
        assert table.columnViewportPosition(column) >= 0 and right <= table.viewport().width()
