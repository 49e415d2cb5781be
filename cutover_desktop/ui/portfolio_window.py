"""The portfolio window: every practice in a folder side by side, read-only, never frozen."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QModelIndex, QRectF, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cutover_desktop.domain.errors import CutoverError
from cutover_desktop.domain.formatting import plural, uk_date
from cutover_desktop.domain.portfolio import RAG_RULE, PlanSummary, Rag
from cutover_desktop.domain.portfolio_overview import Portfolio, go_live_clashes
from cutover_desktop.printing.charts import ChartColours
from cutover_desktop.printing.output import write_pdf
from cutover_desktop.printing.portfolio_timeline import paint_portfolio_timeline, timeline_height
from cutover_desktop.reports.portfolio import (
    PortfolioTimeline,
    portfolio_timeline,
    timeline_words,
)
from cutover_desktop.services.portfolio import export_portfolio, portfolio_printout
from cutover_desktop.ui.models.portfolio_model import (
    BGL,
    OPEN_BY,
    PRACTICE,
    ROW_ROLE,
    WHY,
    PortfolioFilter,
    PortfolioModel,
    PortfolioProxy,
)
from cutover_desktop.ui.portfolio_loader import PortfolioLoader

Today = Callable[[], date]


class PortfolioTimelineView(QWidget):
    """The combined timeline on screen, painted by the same code as the printout."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.timeline: PortfolioTimeline | None = None
        self.setAccessibleName("Combined timeline of every practice")
        self.setMinimumWidth(900)

    def set_timeline(self, timeline: PortfolioTimeline) -> None:
        self.timeline = timeline
        self.setMinimumHeight(int(timeline_height(timeline, self.font())) + 8)
        self.setAccessibleDescription(timeline_words(timeline))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        if self.timeline is None:
            return
        painter = QPainter(self)
        try:
            paint_portfolio_timeline(painter, QRectF(self.rect()), self.timeline, self.font(),
                                     ChartColours(self.palette()))
        finally:
            painter.end()


class PortfolioWindow(QMainWindow):
    """Signals:
    open_plan_requested(path): the user asked to open a plan in the main window (which
        takes its lock as usual); the portfolio itself never takes one.
    """

    open_plan_requested = Signal(Path)

    def __init__(self, today: Today = date.today, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = today
        self.folder: Path | None = None
        self.portfolio: Portfolio | None = None
        self.last_message = ""
        self.setWindowTitle("Portfolio")
        self.loader = PortfolioLoader(self)
        self.loader.progress.connect(self._on_progress)
        self.loader.loaded.connect(self._on_loaded)
        self.loader.failed.connect(self._on_failed)
        self._build()
        self._make_actions()
        self.resize(1280, 760)

    # Building

    def _build(self) -> None:
        central = QWidget(self)
        layout = QVBoxLayout(central)
        top = QHBoxLayout()
        self.folder_label = QLabel("No folder chosen.")
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top.addWidget(self.folder_label, 1)
        self.choose_button = QPushButton("Choose folder…")
        self.choose_button.clicked.connect(self.choose_folder)
        self.refresh_button = QPushButton("Read again")
        self.refresh_button.clicked.connect(self.refresh)
        top.addWidget(self.choose_button)
        top.addWidget(self.refresh_button)
        layout.addLayout(top)

        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search practice, ODS code, supplier or file")
        self.search.setAccessibleName("Search the practices")
        self.search.setClearButtonEnabled(True)
        self.filter = QComboBox()
        self.filter.setAccessibleName("Show")
        self.filter.addItems([f.value for f in PortfolioFilter])
        show = QLabel("&Show:")
        show.setBuddy(self.filter)
        bar.addWidget(self.search, 2)
        bar.addWidget(show)
        bar.addWidget(self.filter, 1)
        self.counts_label = QLabel("")
        bar.addWidget(self.counts_label, 2)
        layout.addLayout(bar)

        progress_row = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Plans read")
        self.progress.setFormat("Reading plan %v of %m")
        self.stop_button = QPushButton("Stop")
        self.stop_button.clicked.connect(self.stop_reading)
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.stop_button)
        self.progress_area = QWidget()
        self.progress_area.setLayout(progress_row)
        self.progress_area.hide()
        layout.addWidget(self.progress_area)

        self.model = PortfolioModel(self)
        self.proxy = PortfolioProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName("Practices")
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(BGL, Qt.SortOrder.AscendingOrder)  # in go-live order
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setResizeContentsPrecision(60)  # columns fit the first 60 rows, fast at 300
        header.setStretchLastSection(True)
        self.table.doubleClicked.connect(self._on_double_click)
        self.search.textChanged.connect(self._on_search)
        self.filter.currentIndexChanged.connect(self._on_filter)

        self.timeline = PortfolioTimelineView()
        scroll = QScrollArea()
        scroll.setWidget(self.timeline)
        scroll.setWidgetResizable(True)

        self.problems_list = QListWidget()
        self.problems_list.setAccessibleName("Problems across plans")
        self.problems_list.setWordWrap(True)
        self.people_list = QListWidget()
        self.people_list.setAccessibleName("People in more than one plan")
        people = QSplitter(Qt.Orientation.Vertical)
        people.addWidget(_titled("Problems across plans", self.problems_list))
        people.addWidget(_titled("People in more than one plan", self.people_list))

        self.tabs = QTabWidget()
        self.tabs.addTab(self.table, "&Practices")
        self.tabs.addTab(scroll, "&Timeline")
        self.tabs.addTab(people, "Shared p&eople")
        layout.addWidget(self.tabs, 1)

        self.rule_label = QLabel(f"RAG rule. {RAG_RULE}")
        self.rule_label.setWordWrap(True)
        self.rule_label.setAccessibleName("How the RAG status is worked out")
        layout.addWidget(self.rule_label)
        self.status_label = QLabel("")
        self.statusBar().addWidget(self.status_label, 1)
        self.setCentralWidget(central)

    def _make_actions(self) -> None:
        menu = self.menuBar().addMenu("&Portfolio")

        def add(text: str, slot: Callable[[], object],
                shortcut: QKeySequence.StandardKey | str | None = None) -> QAction:
            action = QAction(text, self)
            if shortcut is not None:
                action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(lambda _checked=False: slot())
            menu.addAction(action)
            self.addAction(action)
            return action

        self.choose_action = add("Open portfolio &folder…", self.choose_folder,
                                 QKeySequence.StandardKey.Open)
        self.refresh_action = add("&Read again", self.refresh, QKeySequence.StandardKey.Refresh)
        self.open_action = add("&Open the selected plan", self.open_selected, "Return")
        # Enter opens a plan only from the table, so it still works in the search box.
        self.removeAction(self.open_action)
        self.table.addAction(self.open_action)
        self.open_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        menu.addSeparator()
        self.pdf_action = add("Print to &PDF…", self.choose_pdf, QKeySequence.StandardKey.Print)
        self.csv_action = add("Export as &CSV…", lambda: self.choose_export("csv"))
        self.xlsx_action = add("Export as &Excel…", lambda: self.choose_export("xlsx"))
        menu.addSeparator()
        add("&Close", self.close, QKeySequence.StandardKey.Close)
        self._refresh_actions()

    # Reading

    def open_folder(self, folder: Path) -> None:
        """Read every plan under the folder on the worker thread; the window stays usable."""
        self.folder = folder
        self.folder_label.setText(f"Folder: {folder}")
        self.setWindowTitle(f"Portfolio — {folder.name or folder}")
        self.progress.setRange(0, 0)
        self.progress_area.show()
        self.set_status(f"Reading the plans in {folder}…")
        self.loader.start_folder(folder, self._today())
        self._refresh_actions()

    def refresh(self) -> None:
        if self.folder is not None:
            self.open_folder(self.folder)

    def stop_reading(self) -> None:
        self.loader.stop()
        self.progress_area.hide()
        self.set_status("Reading stopped.")
        self._refresh_actions()

    def choose_folder(self) -> None:
        start = str(self.folder or Path.home())
        name = QFileDialog.getExistingDirectory(self, "Open a portfolio folder", start)
        if name:
            self.open_folder(Path(name))

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _on_loaded(self, portfolio: Portfolio) -> None:
        self.progress_area.hide()
        self.set_portfolio(portfolio)

    def _on_failed(self, message: str) -> None:
        self.progress_area.hide()
        self._refresh_actions()
        self.show_message(message, "The folder could not be read")

    def set_portfolio(self, portfolio: Portfolio) -> None:
        self.portfolio = portfolio
        self.proxy.today = portfolio.today
        self.model.set_portfolio(portfolio)
        self.table.resizeColumnsToContents()
        for column in (PRACTICE, OPEN_BY, WHY):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), 240))
        self.timeline.set_timeline(portfolio_timeline(portfolio))
        self.problems_list.clear()
        for problem in portfolio.problems:
            self.problems_list.addItem(f"Problem: {problem.message}")
        for monday, names in go_live_clashes(portfolio.rows).items():
            self.problems_list.addItem(f"Go-lives in the same week (from {uk_date(monday)}): "
                                       f"{', '.join(names)}.")
        if self.problems_list.count() == 0:
            self.problems_list.addItem("No clashes between plans.")
        self.people_list.clear()
        for person in portfolio.people:
            self.people_list.addItem(f"{person.name} ({person.role}): "
                                     f"{', '.join(person.practices)}")
        if not portfolio.people:
            self.people_list.addItem("Nobody is booked in more than one plan.")
        self._show_counts()
        stopped = "" if portfolio.complete else " Reading was stopped before the end."
        self.set_status(f"Read {plural(len(portfolio.rows), 'plan')} on "
                        f"{uk_date(portfolio.today)}; nothing was changed.{stopped}")
        self._refresh_actions()

    def _show_counts(self) -> None:
        portfolio = self.portfolio
        if portfolio is None:
            return
        counts = ", ".join(f"{portfolio.counts[rag]} {rag.label.lower()}" for rag in Rag
                           if portfolio.counts.get(rag))
        shown = self.proxy.rowCount()
        self.counts_label.setText(
            f"{plural(len(portfolio.rows), 'practice')}: {counts}"
            + (f" · {shown} shown" if shown != len(portfolio.rows) else ""))

    # Acting on rows

    def _on_search(self, text: str) -> None:
        self.proxy.set_search(text)
        self._show_counts()

    def _on_filter(self, index: int) -> None:
        self.proxy.set_filter(list(PortfolioFilter)[index])
        self._show_counts()

    def selected_summary(self) -> PlanSummary | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            index = self.table.currentIndex()
            return index.data(ROW_ROLE) if index.isValid() else None
        return rows[0].data(ROW_ROLE)

    def _on_double_click(self, index: QModelIndex) -> None:
        summary = index.data(ROW_ROLE)
        if isinstance(summary, PlanSummary):
            self.open_plan_requested.emit(Path(summary.source))

    def open_selected(self) -> None:
        summary = self.selected_summary()
        if summary is not None:
            self.open_plan_requested.emit(Path(summary.source))

    # Printing and export

    def choose_pdf(self) -> None:
        if self.portfolio is None:
            return
        name, _ = QFileDialog.getSaveFileName(self, "Print the portfolio to PDF",
                                              str(Path.home() / "portfolio.pdf"), "PDF (*.pdf)")
        if name:
            self.save_pdf(Path(name))

    def save_pdf(self, path: Path, printed_at: datetime | None = None) -> bool:
        if self.portfolio is None:
            return False
        try:
            pages = write_pdf(portfolio_printout(self.portfolio, printed_at), path)
        except CutoverError as exc:
            self.show_message(exc.message, "The PDF was not written")
            return False
        self.set_status(f"Wrote {path} ({plural(pages, 'page')}).")
        return True

    def choose_export(self, fmt: str) -> None:
        if self.portfolio is None:
            return
        name, _ = QFileDialog.getSaveFileName(
            self, "Export the portfolio", str(Path.home() / f"portfolio.{fmt}"),
            "CSV (*.csv)" if fmt == "csv" else "Excel (*.xlsx)")
        if name:
            self.export_to(Path(name), fmt)

    def export_to(self, path: Path, fmt: str) -> bool:
        if self.portfolio is None:
            return False
        try:
            count = export_portfolio(self.portfolio, path, fmt)
        except CutoverError as exc:
            self.show_message(exc.message, "The file was not written")
            return False
        self.set_status(f"Wrote {path} with {plural(count, 'practice')}.")
        return True

    # Window

    def set_status(self, text: str) -> None:
        self.status_label.setText(text)

    def show_message(self, message: str, title: str) -> None:
        self.last_message = message
        self.set_status(message)
        box = QMessageBox(QMessageBox.Icon.Warning, title, message,
                          QMessageBox.StandardButton.Ok, self)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def _refresh_actions(self) -> None:
        have = self.portfolio is not None
        for action in (self.pdf_action, self.csv_action, self.xlsx_action, self.open_action):
            action.setEnabled(have)
        self.refresh_action.setEnabled(self.folder is not None)
        self.refresh_button.setEnabled(self.folder is not None)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self.loader.stop()
        super().closeEvent(event)


def _titled(title: str, widget: QWidget) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    label = QLabel(f"<b>{title}</b>")
    label.setTextFormat(Qt.TextFormat.RichText)
    layout.addWidget(label)
    layout.addWidget(widget)
    return box
