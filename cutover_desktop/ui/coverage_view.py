"""CoverageView: who is at work on each day around go-live, hours against availability, gaps."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPen, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cutover_desktop.domain.absences import Absence
from cutover_desktop.domain.changes import Changes
from cutover_desktop.domain.coverage import MAX_WINDOW_DAYS
from cutover_desktop.domain.formatting import plural
from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.staff_roles import ROLE_GROUPS, STANDARD_ROLES
from cutover_desktop.domain.staff_rules import StaffContext, describe_conflict
from cutover_desktop.services.staff import StaffService
from cutover_desktop.ui.date_entry import DateEntry
from cutover_desktop.ui.dialogs.absence_dialog import AbsenceDialog
from cutover_desktop.ui.dialogs.person_dialog import buddy_label
from cutover_desktop.ui.models.coverage_model import (
    CELL_ROLE,
    LEGEND,
    CoverageModel,
)
from cutover_desktop.ui.qt_dates import UK_DATE_FORMAT, from_qdate, to_qdate
from cutover_desktop.ui.session import PlanSession

KEY_DAY_LINE = "#1f3f8f"
Index = QModelIndex | QPersistentModelIndex


class _KeyDayDelegate(QStyledItemDelegate):
    """Draws the cell, then a line down each side of the key-date columns."""

    def __init__(self, model: CoverageModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self._pen = QPen(QColor(KEY_DAY_LINE), 2)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        super().paint(painter, option, index)
        coverage = self._model.coverage
        if coverage is None or coverage.days[index.column()] not in coverage.marks:
            return
        painter.save()
        painter.setPen(self._pen)
        rect = option.rect  # type: ignore[attr-defined]
        painter.drawLine(rect.left() + 1, rect.top(), rect.left() + 1, rect.bottom())
        painter.drawLine(rect.right(), rect.top(), rect.right(), rect.bottom())
        painter.restore()


class CoverageView(QWidget):
    """People down, days across, for a window the user picks (default: two weeks before
    Final Data Production to two weeks after Business Go Live).

    Signals:
        person_requested(int): the user asked to see a person in the staff register.
    """

    person_requested = Signal(int)

    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._window_is_default = True
        self._stale = False
        self._go_live_pending = True
        # The dialog opened last (window-modal, not blocking), for the window and tests.
        self.open_dialog: AbsenceDialog | None = None
        self.setAccessibleName("Staff coverage")
        self._build()
        session.changed.connect(self._on_session_changed)
        session.plan_opened.connect(self._on_session_plan_opened)
        session.date_requested.connect(self._on_session_date_requested)
        self._set_default_window()

    # Building

    def _build(self) -> None:
        self.first_edit = self._date_edit("First day shown")
        self.last_edit = self._date_edit("Last day shown")
        self.default_button = QPushButton("Defa&ult window")
        self.default_button.setAccessibleName("Show two weeks before FDP to two weeks after BGL")
        self.role_combo = QComboBox()
        self.role_combo.setAccessibleName("Show people of a role")
        self.role_combo.addItem("Everyone", None)
        for group, members in ROLE_GROUPS.items():
            self.role_combo.addItem(f"{group}s ({', '.join(members)})", group)
        for role in STANDARD_ROLES:
            self.role_combo.addItem(role, role)
        self.summary = QLabel()
        self.summary.setAccessibleName("Coverage summary")
        bar = QHBoxLayout()
        for text, widget in (("Fro&m", self.first_edit), ("&To", self.last_edit)):
            bar.addWidget(buddy_label(text, widget))
            bar.addWidget(widget)
        bar.addWidget(self.default_button)
        bar.addStretch(1)
        # Who is shown, and the counts, on a line of their own: the row above fits a laptop.
        self.role_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.role_combo.setMinimumContentsLength(24)
        show_row = QHBoxLayout()
        show_row.addWidget(buddy_label("Sho&w", self.role_combo))
        show_row.addWidget(self.role_combo)
        show_row.addSpacing(self.fontMetrics().averageCharWidth() * 2)
        show_row.addWidget(self.summary)
        show_row.addStretch(1)

        # Lines break between entries of the key, never inside one.
        self.legend = QLabel("   ".join(f"{mark} {words}".replace(" ", "\u00a0")
                                        for mark, words in LEGEND))
        self.legend.setWordWrap(True)
        self.legend.setAccessibleName("Key to the grid")

        self.model = CoverageModel(self)
        self.grid = QTableView()
        self.grid.setModel(self.model)
        self.grid.setAccessibleName("Coverage grid: people down, days across")
        self.grid.setAccessibleDescription(
            "Each cell says whether the person is in, away (and why), off, or it is a bank "
            "holiday, with hours assigned against hours available. Arrow keys move; Enter "
            "books or changes an absence for the cell.")
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setTabKeyNavigation(False)
        self.grid.setWordWrap(False)
        self.grid.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.grid.setItemDelegate(_KeyDayDelegate(self.model, self.grid))
        horizontal = self.grid.horizontalHeader()
        horizontal.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        horizontal.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        horizontal.setHighlightSections(True)
        vertical = self.grid.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        vertical.setHighlightSections(True)

        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setAccessibleName("Selected day")
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setMinimumHeight(self.fontMetrics().lineSpacing() * 3)
        self.absence_button = QPushButton("&Book absence…")
        self.absence_button.setAccessibleName("Book or change an absence for the selected days")
        self.person_button = QPushButton("Show person &in register")
        self.person_button.setAccessibleName("Show the person in the staff register")
        actions = QHBoxLayout()
        actions.addWidget(self.detail, 1)
        actions.addWidget(self.absence_button, 0, Qt.AlignmentFlag.AlignTop)
        actions.addWidget(self.person_button, 0, Qt.AlignmentFlag.AlignTop)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(show_row)
        layout.addWidget(self.legend)
        layout.addWidget(self.grid, 1)
        layout.addLayout(actions)

        self.first_edit.dateChanged.connect(self._on_window_edit_date_changed)
        self.last_edit.dateChanged.connect(self._on_window_edit_date_changed)
        self.default_button.clicked.connect(self._set_default_window)
        self.role_combo.currentIndexChanged.connect(self._on_role_combo_changed)
        self.grid.selectionModel().currentChanged.connect(self._on_grid_current_changed)
        self.grid.activated.connect(self._on_grid_activated)
        self.grid.customContextMenuRequested.connect(self._on_grid_context_menu)
        self.absence_button.clicked.connect(self.book_absence)
        self.person_button.clicked.connect(self._on_person_button_clicked)
        self._size_cells()

    def _date_edit(self, name: str) -> DateEntry:
        edit = DateEntry()
        edit.set_today_source(lambda: self._session.service.today())
        edit.setDisplayFormat(UK_DATE_FORMAT)
        edit.setCalendarPopup(True)
        edit.setAccessibleName(name)
        return edit

    def _size_cells(self) -> None:
        """Cells wide enough for their words at the current font (it scales with the system)."""
        metrics = self.grid.fontMetrics()
        bold = self.grid.font()
        bold.setBold(True)
        bold_metrics = QFontMetrics(bold)
        samples = ("⚠2 Training", "12.5/12.5h", "★BGL+1 ⚠2", "Wed", "30 Sep")
        width = (max(bold_metrics.horizontalAdvance(s) for s in samples)
                 + metrics.averageCharWidth() * 2)
        lines = metrics.lineSpacing()
        self.grid.horizontalHeader().setDefaultSectionSize(width)
        self.grid.horizontalHeader().setMinimumSectionSize(width)
        self.grid.verticalHeader().setDefaultSectionSize(lines * 2 + lines // 2 + 4)
        self.grid.horizontalHeader().setFixedHeight(lines * 4 + lines // 2 + 6)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._size_cells()

    # The window of days

    def days_shown(self) -> tuple[date, date]:
        return from_qdate(self.first_edit.date()), from_qdate(self.last_edit.date())

    def show_days(self, first: date, last: date, *, default: bool = False) -> None:
        """Show the days first..last (at most two years)."""
        if last < first:
            first, last = last, first
        last = min(last, first + timedelta(days=MAX_WINDOW_DAYS - 1))
        self._window_is_default = default
        for edit, day in ((self.first_edit, first), (self.last_edit, last)):
            edit.blockSignals(True)
            edit.setDate(to_qdate(day))
            edit.blockSignals(False)
        self.refresh()

    def _set_default_window(self, *_: object) -> None:
        first, last = StaffService(self._session.service).default_window()
        self.show_days(first, last, default=True)
        self._go_live_pending = True
        self.show_go_live()

    def show_go_live(self) -> None:
        """Scroll so Technical and Business Go Live are in view, side by side."""
        keys = self._session.service.schedule().key_dates
        tgl, bgl = (self.model.column_of(keys[KeyDate.TGL]),
                    self.model.column_of(keys[KeyDate.BGL]))
        if tgl is None or bgl is None or not self.grid.isVisible():
            return
        self._go_live_pending = False
        if self.model.rowCount():
            row = max(self.grid.currentIndex().row(), 0)
            self.grid.scrollTo(self.model.index(row, min(tgl, bgl)),
                               QAbstractItemView.ScrollHint.PositionAtCenter)

    # Refreshing

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._on_session_changed(Changes(""))
        if self._go_live_pending:
            # After the first layout, when the columns have their widths.
            QTimer.singleShot(0, self.show_go_live)

    def refresh(self) -> None:
        """Rebuild the grid now (a hidden view waits until it is shown)."""
        self._stale = False
        service = self._session.service
        staff = StaffService(service)
        current = self._current_key()
        first, last = self.days_shown()
        coverage = staff.coverage(first, last)
        ctx = StaffContext.of(service.state)
        titles = {tid: f"#{tid} {task.title}" for tid, task in service.state.tasks.items()}
        self.model.set_coverage(coverage, titles, lambda c: describe_conflict(ctx, c))
        people = len(coverage.rows)
        clashes = sum(len(cell.conflicts) for row in coverage.rows for cell in row.cells)
        gaps = sum(len(found) for found in coverage.gaps.values())
        self.summary.setText(f"{plural(people, 'person', 'people')} · "
                             f"{plural(clashes, 'conflict')} · "
                             f"{plural(gaps, 'key-day gap')}")
        self._restore(current)
        self._show_detail()
        self.absence_button.setEnabled(people > 0 and not service.read_only)
        self.person_button.setEnabled(people > 0)

    def _current_key(self) -> tuple[int, date] | None:
        index = self.grid.currentIndex()
        if not index.isValid():
            return None
        return int(self.model.person_at(index.row()).id), self.model.day_at(index.column())

    def _restore(self, key: tuple[int, date] | None) -> None:
        if key is None or self.model.rowCount() == 0:
            return
        row = self.model.row_of_person(key[0])
        column = self.model.column_of(key[1])
        if row is not None and column is not None:
            self.grid.setCurrentIndex(self.model.index(row, column))

    def show_cell(self, person_id: int, day: date) -> bool:
        """Select a person's cell for a day (moving the window if needed); False if not shown."""
        if self.model.column_of(day) is None:
            first, last = self.days_shown()
            span = (last - first).days
            self.show_days(day - timedelta(days=span // 2),
                            day + timedelta(days=span - span // 2))
        row = self.model.row_of_person(person_id)
        column = self.model.column_of(day)
        if row is None or column is None:
            return False
        index = self.model.index(row, column)
        self.grid.setCurrentIndex(index)
        self.grid.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        return True

    def show_finding_subject(self, subject: str, day: date | None) -> bool:
        """Select the cell of the person a finding names (its `subject`) on its day.

        False when the subject is not a person in the register (a role, for example); then
        the day alone is shown, if there is one.
        """
        person = StaffService(self._session.service).person_named(subject)
        if person is None:
            if day is not None:
                self.show_day(day)
            return False
        return self.show_cell(int(person.id), day or self._session.service.today())

    def show_day(self, day: date) -> None:
        column = self.model.column_of(day)
        if column is None:
            return
        row = max(self.grid.currentIndex().row(), 0)
        if self.model.rowCount():
            index = self.model.index(row, column)
            self.grid.setCurrentIndex(index)
            self.grid.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)

    def _show_detail(self) -> None:
        index = self.grid.currentIndex()
        if self.model.rowCount() == 0:
            self.detail.setText("No one is in the staff register yet: add people in the Staff "
                                "tab, or import a staff file.")
            return
        if not index.isValid():
            self.detail.setText("Choose a cell to see the person's day.")
            return
        text = f"{self.model.describe(index)}\n{self.model.day_description(index.column())}"
        self.detail.setText(text)

    # Actions

    def book_absence(self) -> AbsenceDialog | None:
        """Book an absence for the selected cells (or change the one in the current cell)."""
        index = self.grid.currentIndex()
        if not index.isValid() or self._session.service.read_only:
            return None
        person = self.model.person_at(index.row())
        cell = index.data(CELL_ROLE)
        away: list[Absence] = list(cell.absences) if cell is not None else []
        if away:
            dialog = AbsenceDialog(self._session, None, int(away[0].id), self)
        else:
            columns = sorted({i.column() for i in self.grid.selectionModel().selectedIndexes()
                              if i.row() == index.row()} | {index.column()})
            dialog = AbsenceDialog(self._session, int(person.id), None, self,
                                   first=self.model.day_at(columns[0]),
                                   last=self.model.day_at(columns[-1]))
        self.open_dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _on_person_button_clicked(self) -> None:
        index = self.grid.currentIndex()
        if index.isValid():
            self.person_requested.emit(int(self.model.person_at(index.row()).id))

    # Slots

    def _on_window_edit_date_changed(self, *_: object) -> None:
        first, last = self.days_shown()
        if last < first:
            return  # wait until both ends make sense
        self._window_is_default = False
        self.refresh()

    def _on_role_combo_changed(self, _index: int) -> None:
        current = self._current_key()
        self.model.set_role(self.role_combo.currentData())
        self._restore(current)
        self._show_detail()

    def _on_grid_current_changed(self, *_: object) -> None:
        self._show_detail()

    def _on_grid_activated(self, _index: QModelIndex) -> None:
        self.book_absence()

    def _on_grid_context_menu(self, point: QPoint) -> None:
        index = self.grid.indexAt(point)
        if not index.isValid():
            return
        if not self.grid.selectionModel().isSelected(index):
            self.grid.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        menu = QMenu(self)
        menu.addAction("Book or change an absence…", self.book_absence)
        menu.addAction("Show the person", self._on_person_button_clicked)
        menu.popup(self.grid.viewport().mapToGlobal(point))

    def _on_session_changed(self, _changes: Changes) -> None:
        if not self.isVisible():
            self._stale = True  # rebuilt when next shown: a hidden grid costs nothing
            return
        if self._window_is_default:
            # BGL may have moved: the default window moves with it.
            first, last = StaffService(self._session.service).default_window()
            if (first, last) != self.days_shown():
                self.show_days(first, last, default=True)
                return
        self.refresh()

    def _on_session_plan_opened(self) -> None:
        self._set_default_window()

    def _on_session_date_requested(self, day: object) -> None:
        if isinstance(day, date):
            self.show_day(day)

