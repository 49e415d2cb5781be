"""RegistersView: the cut-over registers in one tab, one sub-tab per register.

Paper re-entry (batches, progress per category and overall, the target for zero outstanding,
and optional NHS numbers with their purge), held registrations, third-party links, the MESH
mailbox change, equipment, and the post-go-live issues log with its burn-down chart.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cutover_desktop.domain.changes import Changes
from cutover_desktop.domain.errors import CutoverError
from cutover_desktop.domain.formatting import plural, uk_date
from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.registers import (
    KINDS,
    OPT_IN_EXPLANATION,
    REENTRY_TARGET_DAYS,
    Due,
    IssueStatus,
    Progress,
    batches,
    equipment,
    held_registrations,
    issues,
    links,
    mesh_change_day,
    mesh_of,
    mesh_partners,
    nhs_numbers,
    overall_progress,
    progress_by_batch,
    progress_by_category,
    progress_entries,
    reentry_due,
    reentry_target,
)
from cutover_desktop.printing.charts import ChartColours, paint_burn_down
from cutover_desktop.reports.registers import (
    BurnDownChart,
    burn_down_chart,
    progress_text,
    summary_lines,
)
from cutover_desktop.services.registers import RegistersService
from cutover_desktop.ui.dialogs.registers_dialogs import (
    ConfirmDialog,
    Field,
    FormDialog,
    Kind,
    back_on_dialog,
    batch_dialog,
    checked_dialog,
    complete_held_dialog,
    equipment_dialog,
    held_dialog,
    issue_dialog,
    link_dialog,
    partner_dialog,
    partner_told_dialog,
    reentry_dialog,
    tested_dialog,
)
from cutover_desktop.ui.models.registers_models import (
    ROW_ROLE,
    BatchesModel,
    BatchRow,
    EquipmentModel,
    HeldModel,
    IssuesModel,
    LinksModel,
    NhsNumbersModel,
    PartnersModel,
    ReentryRecordsModel,
    RegisterModel,
    held_rows,
    link_rows,
)
from cutover_desktop.ui.session import PlanSession

REENTRY_TAB, HELD_TAB, LINKS_TAB, MESH_TAB, EQUIPMENT_TAB, ISSUES_TAB = range(6)
# Changes to these kinds can alter what the registers show (dates follow the key dates).
_RELEVANT = frozenset(KINDS) | {"plan", "task", "calendar_day"}
ERROR_STYLE = "color: #b00020;"


def _label(text: str = "", name: str = "", wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(wrap)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setAccessibleName(name or text)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _due_text(due: Due) -> str:
    return f"{due.symbol} {due.label}"


class RegisterTable(QTableView):
    """A register's rows: sortable, one row selected at a time, Enter or double-click edits."""

    def __init__(self, model: RegisterModel, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setAccessibleName(name)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # Keep the register's own order until a person clicks a heading.
        self.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.setSortingEnabled(True)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().lineSpacing() + 8)

    def sizeHint(self) -> QSize:
        # A few rows by default: the panel grows the table into whatever room there is.
        hint = super().sizeHint()
        rows = self.verticalHeader().defaultSectionSize() * 5
        return QSize(hint.width(), self.horizontalHeader().sizeHint().height() + rows + 4)

    def register_model(self) -> RegisterModel:
        model = self.model()
        assert isinstance(model, RegisterModel)
        return model

    def current_item(self) -> Any:
        index = self.currentIndex()
        if not index.isValid() or not self.selectionModel().isSelected(index):
            return None
        return index.data(ROW_ROLE)

    def select_where(self, predicate: Callable[[Any], bool]) -> None:
        row = self.register_model().row_of(predicate)
        if row >= 0:
            self.selectRow(row)

    def fit_columns(self) -> None:
        """Columns as wide as their text (at the current font), the last one stretching."""
        self.resizeColumnsToContents()
        limit = self.fontMetrics().averageCharWidth() * 40
        for column in range(self.register_model().columnCount() - 1):
            if self.columnWidth(column) > limit:
                self.setColumnWidth(column, limit)


class _Panel(QWidget):
    """Common parts of a register screen: a summary line, buttons and a table."""

    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._edit_buttons: list[QPushButton] = []
        self._needs_selection: list[QPushButton] = []

    @property
    def registers(self) -> RegistersService:
        return RegistersService(self.session.service)

    def _button(self, text: str, slot: Callable[[], object], name: str = "",
                needs_selection: bool = False) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name or text.replace("&", "").rstrip("…"))
        button.clicked.connect(lambda _checked=False: slot())
        self._edit_buttons.append(button)
        if needs_selection:
            self._needs_selection.append(button)
        return button

    def _row_of_buttons(self, *buttons: QPushButton) -> QHBoxLayout:
        row = QHBoxLayout()
        for button in buttons:
            row.addWidget(button)
        row.addStretch(1)
        return row

    @staticmethod
    def _tab_order(*widgets: QWidget) -> None:
        """Tab moves through the screen in reading order: buttons, then the table below."""
        for first, second in zip(widgets, widgets[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def _update_buttons(self, has_selection: bool) -> None:
        read_only = self.session.service.read_only
        for button in self._edit_buttons:
            button.setEnabled(not read_only)
        for button in self._needs_selection:
            button.setEnabled(not read_only and has_selection)

    def _open(self, dialog: QDialog) -> QDialog:
        dialog.open()
        return dialog

    def _confirm(self, title: str, text: str, confirm_text: str,
                 action: Callable[[], object], tick_text: str = "") -> ConfirmDialog:
        dialog = ConfirmDialog(title, text, confirm_text, self, tick_text)
        dialog.accepted.connect(lambda: action())
        dialog.open()
        return dialog

    def _edit(self, method: Callable[..., Changes], *args: Any) -> Changes | None:
        return self.session.edit(method, *args)

    def refresh(self) -> None:
        raise NotImplementedError


# Paper re-entry


class ProgressGrid(QWidget):
    """Progress per category and overall: a bar, the words, and nothing by colour alone."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setColumnStretch(1, 1)
        self._grid.setColumnStretch(2, 2)
        self._rows: list[tuple[QLabel, QProgressBar, QLabel]] = []

    def set_progress(self, overall: Progress, by_category: dict[str, Progress]) -> None:
        entries = [("Overall", overall), *by_category.items()]
        while len(self._rows) < len(entries):
            number = len(self._rows)
            name = _label(wrap=False)
            bar = QProgressBar()
            bar.setRange(0, 100)
            bar.setTextVisible(True)
            bar.setFormat("%p%")
            words = _label(wrap=False)
            self._grid.addWidget(name, number, 0)
            self._grid.addWidget(bar, number, 1)
            self._grid.addWidget(words, number, 2)
            self._rows.append((name, bar, words))
        for number, (name, bar, words) in enumerate(self._rows):
            shown = number < len(entries)
            for widget in (name, bar, words):
                widget.setVisible(shown)
            if not shown:
                continue
            title, progress = entries[number]
            text = progress_text(progress)
            # A full bar for "nothing collected" would say the opposite of the truth.
            bar.setFormat("%p%" if progress.collected else "–")
            if progress.complete and progress.collected:
                text = "✔ " + text + ("" if progress.verified else ", not all checked")
            name.setText(title)
            font = name.font()
            font.setBold(number == 0)
            name.setFont(font)
            bar.setValue(progress.percent if progress.collected else 0)
            bar.setAccessibleName(f"Re-entry progress: {title}")
            bar.setAccessibleDescription(text)
            words.setText(text)
            words.setAccessibleName(f"{title}: {text}")

    def texts(self) -> list[str]:
        """What each visible row says, for tests and screen readers."""
        return [f"{name.text()}: {words.text()}" for name, _bar, words in self._rows
                if name.isVisible() or not name.isHidden()]


class ReentryPanel(_Panel):
    """Paper collected during the cut-over, re-entered after go-live."""

    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.target_label = _label(name="Re-entry target")
        self.due_label = _label(name="Re-entry status")
        self.target_button = self._button("Change &target…", self.change_target,
                                          "Change the re-entry target")
        target_row = QHBoxLayout()
        target_row.addWidget(self.target_label, 1)
        target_row.addWidget(self.target_button)

        self.progress = ProgressGrid()
        progress_box = QGroupBox("Progress")
        QVBoxLayout(progress_box).addWidget(self.progress)

        self.batches_model = BatchesModel(self)
        self.batches_table = RegisterTable(self.batches_model, "Re-entry batches")
        self.add_button = self._button("&Add batch…", self.add_batch, "Add a batch")
        self.edit_button = self._button("Ed&it…", self.edit_batch, "Edit the batch",
                                        needs_selection=True)
        self.record_button = self._button("Record re-e&ntry…", self.record_reentry,
                                          "Record re-entry", needs_selection=True)
        self.delete_button = self._button("De&lete…", self.delete_batch, "Delete the batch",
                                          needs_selection=True)
        batches_box = QWidget()
        batches_layout = QVBoxLayout(batches_box)
        batches_layout.setContentsMargins(0, 0, 0, 0)
        batches_layout.addLayout(self._row_of_buttons(
            self.add_button, self.edit_button, self.record_button, self.delete_button))
        batches_layout.addWidget(self.batches_table)

        # The selected batch: its re-entry records and (when opted in) its NHS numbers.
        self.detail_title = _label(name="Selected batch")
        font = self.detail_title.font()
        font.setBold(True)
        self.detail_title.setFont(font)
        self.records_model = ReentryRecordsModel(self)
        self.records_table = RegisterTable(self.records_model, "Re-entry records of the batch")
        self.checked_button = self._button("Record &checked…", self.record_checked,
                                           "Record who checked the re-entry",
                                           needs_selection=True)
        self.remove_record_button = self._button("Re&move record", self.remove_record,
                                                 "Remove the re-entry record",
                                                 needs_selection=True)
        self.numbers_box = self._build_numbers_box()
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.detail_title)
        detail_layout.addWidget(self.records_table, 1)
        detail_layout.addLayout(self._row_of_buttons(self.checked_button,
                                                     self.remove_record_button))
        detail_layout.addWidget(self.numbers_box, 1)
        self._detail_layout = detail_layout

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setAccessibleName("Batches and the selected batch")
        self.splitter.addWidget(batches_box)
        self.splitter.addWidget(detail)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.addLayout(target_row)
        layout.addWidget(self.due_label)
        layout.addWidget(progress_box)
        layout.addWidget(self.splitter, 1)

        self.batches_table.selectionModel().selectionChanged.connect(
            self._on_batches_selection_changed)
        self.batches_table.activated.connect(lambda _index: self.edit_batch())
        self.records_table.selectionModel().selectionChanged.connect(
            lambda *_args: self._update_detail_buttons())
        self.numbers_table.selectionModel().selectionChanged.connect(
            lambda *_args: self._update_detail_buttons())
        self._tab_order(self.target_button, self.add_button, self.edit_button,
                        self.record_button, self.delete_button, self.batches_table,
                        self.records_table, self.checked_button, self.remove_record_button,
                        self.opt_in_button, self.opt_out_button, self.numbers_table,
                        self.number_edit, self.add_number_button, self.number_done_button,
                        self.remove_number_button, self.purge_button)

    def _build_numbers_box(self) -> QGroupBox:
        box = QGroupBox("NHS numbers (optional)")
        box.setAccessibleName("NHS numbers")
        self.numbers_status = _label(name="NHS numbers status")
        self.opt_in_button = self._button("Record NHS n&umbers…", self.opt_in,
                                          "Record NHS numbers in this plan")
        self.opt_out_button = self._button("Stop recording numbers", self.opt_out,
                                           "Stop recording NHS numbers")
        self.numbers_model = NhsNumbersModel(self)
        self.numbers_table = RegisterTable(self.numbers_model, "NHS numbers of the batch")
        self.number_edit = QLineEdit()
        self.number_edit.setAccessibleName("NHS number to add")
        self.number_edit.setPlaceholderText("NHS number, e.g. 999 123 4551")
        self.number_edit.setMaxLength(14)
        self.number_edit.returnPressed.connect(self.add_number)
        self.add_number_button = self._button("Add num&ber", self.add_number,
                                              "Add the NHS number", needs_selection=True)
        self.number_error = _label(name="NHS number problem")
        self.number_error.setStyleSheet(ERROR_STYLE)
        self.number_error.hide()
        self.number_done_button = self._button("Mark re-entered", self.mark_number_done,
                                               "Mark the NHS number re-entered",
                                               needs_selection=True)
        self.remove_number_button = self._button("Remove number", self.remove_number,
                                                 "Remove the NHS number",
                                                 needs_selection=True)
        self.purge_button = self._button("Purge all numbers…", self.purge,
                                         "Purge all NHS numbers from the plan file")
        self.purge_reason = _label(name="Why the numbers cannot be purged yet")
        entry = QHBoxLayout()
        entry.addWidget(self.number_edit, 1)
        entry.addWidget(self.add_number_button)
        layout = QVBoxLayout(box)
        layout.addWidget(self.numbers_status)
        layout.addLayout(self._row_of_buttons(self.opt_in_button, self.opt_out_button))
        layout.addWidget(self.numbers_table, 1)
        layout.addLayout(entry)
        layout.addWidget(self.number_error)
        layout.addLayout(self._row_of_buttons(self.number_done_button,
                                              self.remove_number_button, self.purge_button))
        layout.addWidget(self.purge_reason)
        return box

    # Reading

    def selected_batch_id(self) -> int | None:
        row = self.batches_table.current_item()
        return row.batch.id if isinstance(row, BatchRow) else None

    def refresh(self) -> None:
        state = self.session.service.state
        today = self.session.service.today()
        registers = self.registers
        settings = registers.settings
        target = reentry_target(state)
        bgl = state.schedule.key_dates[KeyDate.BGL]
        how = (f"the default, go-live + {REENTRY_TARGET_DAYS} days"
               if settings.reentry_target is None else "chosen for this plan")
        self.target_label.setText(f"Target: zero outstanding by {uk_date(target)} ({how}).")
        overall = overall_progress(state)
        due = reentry_due(state, today)
        if not state.table("reentry_batch"):
            self.due_label.setText("No paper recorded yet. Add each batch as it is collected "
                                   "during the cut-over: a category, a reference, a count.")
        elif due is Due.OVERDUE:
            self.due_label.setText(f"{_due_text(due)}: the target was {uk_date(target)} and "
                                   f"{plural(overall.outstanding, 'item')} are still to "
                                   "re-enter.")
        elif due is Due.DONE:
            self.due_label.setText(f"{_due_text(due)}: everything collected is re-entered"
                                   + ("." if overall.verified else ", but not all checked."))
        else:
            days = (target - today).days
            self.due_label.setText(f"{_due_text(due)}: {plural(overall.outstanding, 'item')} "
                                   f"to re-enter, {plural(days, 'day')} to the target."
                                   if days >= 0 else _due_text(due))
        if target < bgl:
            self.due_label.setText(self.due_label.text() + " ▲ The target is before go-live.")
        self.progress.set_progress(overall, progress_by_category(state))
        selected = self.selected_batch_id()
        by_batch = progress_by_batch(state)
        counts: dict[int, int] = {}
        for number in nhs_numbers(state):
            counts[number.batch_id] = counts.get(number.batch_id, 0) + 1
        self.batches_model.set_rows([BatchRow(b, by_batch[b.id], counts.get(b.id, 0))
                                     for b in batches(state)])
        self.batches_table.fit_columns()
        if selected is not None:
            self.batches_table.select_where(lambda row: row.batch.id == selected)
        elif self.batches_model.rowCount() and not self.batches_table.current_item():
            self.batches_table.selectRow(0)
        self._refresh_detail()

    def _refresh_detail(self) -> None:
        state = self.session.service.state
        registers = self.registers
        batch_id = self.selected_batch_id()
        if batch_id is None:
            self.detail_title.setText("Select a batch to see its re-entry records.")
            self.records_model.set_rows([])
            self.numbers_model.set_rows([])
        else:
            batch = registers.batch(batch_id)
            self.detail_title.setText(batch.label)
            self.records_model.set_rows(progress_entries(state, batch_id))
            self.records_table.fit_columns()
            self.numbers_model.set_rows(nhs_numbers(state, batch_id))
            self.numbers_table.fit_columns()
        settings = registers.settings
        recorded = nhs_numbers(state)
        opted = settings.record_nhs_numbers
        if opted or recorded:
            self.numbers_status.setText(
                f"▲ This plan file holds NHS numbers: {plural(len(recorded), 'number')} "
                "recorded. Purge them once re-entry is complete and checked.")
        else:
            purged = (f" Numbers were purged on {uk_date(settings.numbers_purged_on)}."
                      if settings.numbers_purged_on else "")
            self.numbers_status.setText(
                "Not recorded in this plan (the default): the registers hold counts, batch "
                f"references and dates only.{purged}")
        self.opt_in_button.setVisible(not opted)
        self.opt_out_button.setVisible(opted and not recorded)
        for widget in (self.numbers_table, self.number_edit, self.add_number_button,
                       self.number_done_button, self.remove_number_button):
            widget.setVisible(opted or bool(recorded))
        self.purge_button.setVisible(bool(recorded))
        # Without the numbers table the box needs only its words and a button.
        self._detail_layout.setStretchFactor(self.numbers_box, 1 if opted or recorded else 0)
        blocker = registers.purge_blocker() if recorded else None
        self.purge_reason.setVisible(blocker is not None)
        self.purge_reason.setText(f"The numbers can be purged once re-entry is complete and "
                                  f"checked. {blocker}" if blocker else "")
        self._update_detail_buttons()

    def _update_detail_buttons(self) -> None:
        has_batch = self.selected_batch_id() is not None
        self._update_buttons(has_batch)
        read_only = self.session.service.read_only
        self.checked_button.setEnabled(not read_only and
                                       self.records_table.current_item() is not None)
        self.remove_record_button.setEnabled(self.checked_button.isEnabled())
        number = self.numbers_table.current_item()
        self.number_done_button.setEnabled(not read_only and number is not None)
        self.remove_number_button.setEnabled(not read_only and number is not None)
        self.add_number_button.setEnabled(not read_only and has_batch)
        self.purge_button.setEnabled(not read_only and self.purge_reason.text() == "")
        if number is not None:
            self.number_done_button.setText("Mark not re-entered" if number.re_entered
                                            else "Mark re-entered")

    def _on_batches_selection_changed(self, *_args: object) -> None:
        self.number_error.hide()
        self._refresh_detail()

    # Actions

    def add_batch(self) -> QDialog:
        dialog = batch_dialog(self.session, parent=self)
        dialog.saved.connect(lambda _changes: self.batches_table.select_where(
            lambda row: row.batch.id == max(r.batch.id for r in self.batches_model.rows())))
        return self._open(dialog)

    def edit_batch(self) -> QDialog | None:
        batch_id = self.selected_batch_id()
        return None if batch_id is None else self._open(
            batch_dialog(self.session, batch_id, self))

    def record_reentry(self) -> QDialog | None:
        batch_id = self.selected_batch_id()
        if batch_id is None:
            return None
        if self.registers.batch_progress(batch_id).outstanding == 0:
            self.session.refused.emit("Everything in this batch is already re-entered.")
            return None
        return self._open(reentry_dialog(self.session, batch_id, self))

    def delete_batch(self) -> ConfirmDialog | None:
        batch_id = self.selected_batch_id()
        if batch_id is None:
            return None
        batch = self.registers.batch(batch_id)
        return self._confirm(
            "Delete batch", f"Delete “{batch.label}” with its re-entry records? "
            "Undo brings it back.", "Delete",
            lambda: self._edit(self.registers.delete_batch, batch_id))

    def record_checked(self) -> QDialog | None:
        entry = self.records_table.current_item()
        return None if entry is None else self._open(
            checked_dialog(self.session, [entry.id], self))

    def remove_record(self) -> Changes | None:
        entry = self.records_table.current_item()
        return None if entry is None else self._edit(self.registers.delete_reentry, entry.id)

    def change_target(self) -> QDialog:
        state = self.session.service.state
        bgl = state.schedule.key_dates[KeyDate.BGL]
        current = self.registers.settings.reentry_target
        default = reentry_target(state) if current is None else current
        fields = [Field("target", "&Zero outstanding by", Kind.OPTIONAL_DATE, current,
                        none_text=f"Default: go-live + {REENTRY_TARGET_DAYS} days",
                        extra={"default": default},
                        help=f"Business Go Live is {uk_date(bgl)}.")]
        dialog = FormDialog(self.session, "Re-entry target", fields,
                            lambda values: self.registers.set_reentry_target(values["target"]),
                            self)
        return self._open(dialog)

    def opt_in(self) -> ConfirmDialog:
        return self._confirm("Record NHS numbers in this plan?", OPT_IN_EXPLANATION,
                             "Record NHS numbers",
                             lambda: self._edit(self.registers.set_record_nhs_numbers, True),
                             tick_text="I understand what this means for the plan file")

    def opt_out(self) -> Changes | None:
        return self._edit(self.registers.set_record_nhs_numbers, False)

    def add_number(self) -> Changes | None:
        batch_id = self.selected_batch_id()
        if batch_id is None:
            return None
        try:
            changes = self.session.try_edit(self.registers.add_nhs_number, batch_id,
                                            self.number_edit.text())
        except CutoverError as exc:
            self.number_error.setText(exc.message)
            self.number_error.setAccessibleName(f"Problem: {exc.message}")
            self.number_error.show()
            return None
        self.number_error.hide()
        self.number_edit.clear()
        return changes

    def mark_number_done(self) -> Changes | None:
        number = self.numbers_table.current_item()
        if number is None:
            return None
        changes = self._edit(self.registers.set_nhs_number_re_entered, number.id,
                             not number.re_entered)
        self.numbers_table.select_where(lambda n: n.id == number.id)
        return changes

    def remove_number(self) -> Changes | None:
        number = self.numbers_table.current_item()
        return None if number is None else self._edit(self.registers.remove_nhs_number,
                                                      number.id)

    def purge(self) -> ConfirmDialog | None:
        count = len(nhs_numbers(self.session.service.state))
        if not count:
            return None
        text = (f"Purge all {plural(count, 'NHS number')} from this plan file?\n\n"
                "This cannot be undone: the numbers are removed for good and the file is "
                "rebuilt so no trace of them is left in it. The audit trail records that "
                "they were purged, never the numbers themselves. The undo history is "
                "cleared, so earlier edits can no longer be undone either.\n\n"
                "The plan's backups, which may hold the numbers, are deleted too, and one "
                "fresh backup is made without them.")
        return self._confirm("Purge NHS numbers", text, "Purge the numbers",
                             lambda: self._edit(self.registers.purge_nhs_numbers),
                             tick_text="I understand the numbers cannot be brought back")


# Held registrations


class HeldPanel(_Panel):
    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.summary = _label(name="Held registrations summary")
        self.model = HeldModel(self)
        self.table = RegisterTable(self.model, "Held registrations")
        self.add_button = self._button("&Add…", self.add, "Add held registrations")
        self.edit_button = self._button("Ed&it…", self.edit, "Edit", needs_selection=True)
        self.complete_button = self._button("Record &completed…", self.complete,
                                            "Record completed", needs_selection=True)
        self.delete_button = self._button("De&lete…", self.delete, "Delete",
                                          needs_selection=True)
        layout = QVBoxLayout(self)
        layout.addWidget(_label("New patients who came during the cut-over were asked to come "
                                "back: count them here, with the day to follow up, and record "
                                "them completed from go-live.", "About held registrations"))
        layout.addWidget(self.summary)
        layout.addLayout(self._row_of_buttons(self.add_button, self.edit_button,
                                              self.complete_button, self.delete_button))
        layout.addWidget(self.table, 1)
        self.table.selectionModel().selectionChanged.connect(
            lambda *_args: self._update_buttons(self.table.current_item() is not None))
        self.table.activated.connect(lambda _index: self.edit())
        self._tab_order(self.add_button, self.edit_button, self.complete_button,
                        self.delete_button, self.table)

    def refresh(self) -> None:
        service = self.session.service
        state = service.state
        bgl = state.schedule.key_dates[KeyDate.BGL]
        selected = self.table.current_item()
        self.model.set_rows(held_rows(held_registrations(state), bgl, service.today()))
        self.table.fit_columns()
        if selected is not None:
            self.table.select_where(lambda row: row.id == selected.id)
        self.summary.setText(_summary(state, service.today(), "Held registrations"))
        self._update_buttons(self.table.current_item() is not None)

    def _selected_id(self) -> int | None:
        row = self.table.current_item()
        return None if row is None else row.id

    def add(self) -> QDialog:
        return self._open(held_dialog(self.session, parent=self))

    def edit(self) -> QDialog | None:
        held_id = self._selected_id()
        return None if held_id is None else self._open(held_dialog(self.session, held_id, self))

    def complete(self) -> QDialog | None:
        held_id = self._selected_id()
        return None if held_id is None else self._open(
            complete_held_dialog(self.session, held_id, self))

    def delete(self) -> ConfirmDialog | None:
        held_id = self._selected_id()
        if held_id is None:
            return None
        return self._confirm("Delete held registrations",
                             "Delete these held registrations? Undo brings them back.",
                             "Delete", lambda: self._edit(self.registers.delete_held, held_id))


def _summary(state: Any, today: date, name: str) -> str:
    for register, text in summary_lines(state, today):
        if register == name:
            return f"{register}: {text}."
    return ""


# Third-party links


class LinksPanel(_Panel):
    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.summary = _label(name="Links summary")
        self.model = LinksModel(self)
        self.table = RegisterTable(self.model, "Third-party links")
        self.usual_button = self._button("Add the &usual links", self.add_usual,
                                         "Add the usual links from the guide")
        self.add_button = self._button("&Add link…", self.add, "Add a link")
        self.edit_button = self._button("Ed&it…", self.edit, "Edit the link",
                                        needs_selection=True)
        self.reminded_button = self._button("Re&minders sent", self.mark_reminders_sent,
                                            "Record the due reminders sent",
                                            needs_selection=True)
        self.back_on_button = self._button("Confirm &back on…", self.confirm_back_on,
                                           "Confirm the link back on", needs_selection=True)
        self.delete_button = self._button("De&lete…", self.delete, "Delete the link",
                                          needs_selection=True)
        self.detail = _label(name="Selected link's reminders")
        layout = QVBoxLayout(self)
        layout.addWidget(_label("Every link goes off before the cut-over and back on after "
                                "it. Remind each third party a week before, and again on the "
                                "day, each change is needed.", "About links"))
        layout.addWidget(self.summary)
        layout.addLayout(self._row_of_buttons(
            self.usual_button, self.add_button, self.edit_button, self.reminded_button,
            self.back_on_button, self.delete_button))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.table.activated.connect(lambda _index: self.edit())
        self._tab_order(self.usual_button, self.add_button, self.edit_button,
                        self.reminded_button, self.back_on_button, self.delete_button,
                        self.table)

    def refresh(self) -> None:
        service = self.session.service
        state = service.state
        selected = self.table.current_item()
        self.model.set_rows(link_rows(links(state), state.schedule.key_dates, service.today()))
        self.table.fit_columns()
        if selected is not None:
            self.table.select_where(lambda row: row.id == selected.id)
        self.summary.setText(_summary(state, service.today(), "Third-party links"))
        self._on_table_selection_changed()

    def _on_table_selection_changed(self, *_args: object) -> None:
        row = self.table.current_item()
        self._update_buttons(row is not None)
        if row is None:
            self.detail.setText("")
            self.detail.hide()
            return
        parts = []
        for reminder, day in row.dates.reminders.items():
            mark = ("✔ sent" if reminder in row.link.reminders_sent
                    else "▲ due now" if reminder.label in row.due else "○ not yet")
            parts.append(f"{reminder.label} {uk_date(day)}: {mark}")
        self.detail.setText(f"{row.link.name} — reminders: " + "; ".join(parts) + ".")
        self.detail.show()
        self.reminded_button.setEnabled(self.reminded_button.isEnabled() and bool(row.due))

    def _selected_id(self) -> int | None:
        row = self.table.current_item()
        return None if row is None else row.id

    def add_usual(self) -> Changes | None:
        return self._edit(self.registers.add_usual_links)

    def add(self) -> QDialog:
        return self._open(link_dialog(self.session, parent=self))

    def edit(self) -> QDialog | None:
        link_id = self._selected_id()
        return None if link_id is None else self._open(link_dialog(self.session, link_id, self))

    def mark_reminders_sent(self) -> Changes | None:
        row = self.table.current_item()
        if row is None or not row.due:
            return None
        registers = self.registers
        due = [r for r in row.dates.reminders if r.label in row.due]
        last = None
        for reminder in due:
            last = self._edit(registers.set_reminder_sent, row.id, reminder)
        return last

    def confirm_back_on(self) -> QDialog | None:
        link_id = self._selected_id()
        return None if link_id is None else self._open(
            back_on_dialog(self.session, link_id, self))

    def delete(self) -> ConfirmDialog | None:
        row = self.table.current_item()
        if row is None:
            return None
        return self._confirm("Delete link", f"Delete the link “{row.link.name}”? Undo brings "
                             "it back.", "Delete",
                             lambda: self._edit(self.registers.delete_link, row.id))


# MESH mailbox change


class MeshPanel(_Panel):
    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.mailbox_label = _label(name="MESH mailboxes")
        self.mailbox_button = self._button("Change &mailboxes…", self.edit_mailboxes,
                                           "Change the MESH mailboxes")
        self.model = PartnersModel(self)
        self.table = RegisterTable(self.model, "Partner services to tell")
        self.add_button = self._button("&Add partner…", self.add, "Add a partner service")
        self.edit_button = self._button("Ed&it…", self.edit, "Edit the partner",
                                        needs_selection=True)
        self.told_button = self._button("Record &told…", self.record_told,
                                        "Record the partner told", needs_selection=True)
        self.delete_button = self._button("De&lete…", self.delete, "Delete the partner",
                                          needs_selection=True)
        self.summary = _label(name="MESH summary")
        box = QGroupBox("Mailboxes")
        box_layout = QHBoxLayout(box)
        box_layout.addWidget(self.mailbox_label, 1)
        box_layout.addWidget(self.mailbox_button)
        layout = QVBoxLayout(self)
        layout.addWidget(_label("The practice's MESH mailbox changes with the new system: "
                                "every partner that sends to it must be told the new one.",
                                "About the MESH change"))
        layout.addWidget(box)
        layout.addWidget(self.summary)
        layout.addLayout(self._row_of_buttons(self.add_button, self.edit_button,
                                              self.told_button, self.delete_button))
        layout.addWidget(self.table, 1)
        self.table.selectionModel().selectionChanged.connect(
            lambda *_args: self._update_buttons(self.table.current_item() is not None))
        self.table.activated.connect(lambda _index: self.edit())
        self._tab_order(self.mailbox_button, self.add_button, self.edit_button,
                        self.told_button, self.delete_button, self.table)

    def refresh(self) -> None:
        service = self.session.service
        state = service.state
        mesh = mesh_of(state)
        old = (mesh.old_mailbox if mesh else "") or "not recorded"
        new = (mesh.new_mailbox if mesh else "") or "not recorded"
        self.mailbox_label.setText(f"Old mailbox: {old}\nNew mailbox: {new}\n"
                                   f"New mailbox takes over: {uk_date(mesh_change_day(state))}")
        selected = self.table.current_item()
        self.model.set_rows(mesh_partners(state))
        self.table.fit_columns()
        if selected is not None:
            self.table.select_where(lambda p: p.id == selected.id)
        partners = mesh_partners(state)
        told = sum(1 for p in partners if p.told)
        self.summary.setText(f"Partner services told: {told} of {len(partners)}."
                             if partners else "Add each partner service that sends to the "
                             "practice's mailbox (PCSE, the lab, out-of-hours, ...).")
        self._update_buttons(self.table.current_item() is not None)

    def edit_mailboxes(self) -> QDialog:
        state = self.session.service.state
        mesh = mesh_of(state)
        bgl = state.schedule.key_dates[KeyDate.BGL]
        fields = [
            Field("old", "&Old mailbox", Kind.TEXT, mesh.old_mailbox if mesh else "",
                  "e.g. A81001OT001"),
            Field("new", "&New mailbox", Kind.TEXT, mesh.new_mailbox if mesh else "",
                  "from the new supplier"),
            Field("change_on", "&Takes over on", Kind.OPTIONAL_DATE,
                  mesh.change_on if mesh else None, none_text=f"At go-live ({uk_date(bgl)})",
                  extra={"default": bgl}),
        ]
        dialog = FormDialog(
            self.session, "MESH mailbox change", fields,
            lambda v: self.registers.set_mesh_mailboxes(v["old"], v["new"], v["change_on"]),
            self)
        return self._open(dialog)

    def add(self) -> QDialog:
        return self._open(partner_dialog(self.session, parent=self))

    def edit(self) -> QDialog | None:
        partner = self.table.current_item()
        return None if partner is None else self._open(
            partner_dialog(self.session, partner.id, self))

    def record_told(self) -> QDialog | None:
        partner = self.table.current_item()
        return None if partner is None else self._open(
            partner_told_dialog(self.session, partner.id, self))

    def delete(self) -> ConfirmDialog | None:
        partner = self.table.current_item()
        if partner is None:
            return None
        return self._confirm("Delete partner", f"Delete “{partner.name}”? Undo brings it "
                             "back.", "Delete",
                             lambda: self._edit(self.registers.delete_partner, partner.id))


# Equipment


class EquipmentPanel(_Panel):
    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.summary = _label(name="Equipment summary")
        self.model = EquipmentModel(self)
        self.table = RegisterTable(self.model, "Equipment")
        self.add_button = self._button("&Add device…", self.add, "Add a device")
        self.edit_button = self._button("Ed&it…", self.edit, "Edit the device",
                                        needs_selection=True)
        self.tested_button = self._button("Record &tested…", self.tested,
                                          "Record the device configured and tested",
                                          needs_selection=True)
        self.delete_button = self._button("De&lete…", self.delete, "Delete the device",
                                          needs_selection=True)
        self.about = _label(name="About equipment")
        layout = QVBoxLayout(self)
        layout.addWidget(self.about)
        layout.addWidget(self.summary)
        layout.addLayout(self._row_of_buttons(self.add_button, self.edit_button,
                                              self.tested_button, self.delete_button))
        layout.addWidget(self.table, 1)
        self.table.selectionModel().selectionChanged.connect(
            lambda *_args: self._update_buttons(self.table.current_item() is not None))
        self.table.activated.connect(lambda _index: self.edit())
        self._tab_order(self.add_button, self.edit_button, self.tested_button,
                        self.delete_button, self.table)

    def refresh(self) -> None:
        service = self.session.service
        state = service.state
        tgl = state.schedule.key_dates[KeyDate.TGL]
        self.about.setText("Scanners, check-in kiosks, call boards, dispensary label printers "
                           "and scanners, PCs: replace what the survey found incompatible, "
                           f"and configure and test everything on Technical Go Live "
                           f"({uk_date(tgl)}).")
        selected = self.table.current_item()
        self.model.set_rows(equipment(state))
        self.table.fit_columns()
        if selected is not None:
            self.table.select_where(lambda e: e.id == selected.id)
        self.summary.setText(_summary(state, service.today(), "Equipment"))
        self._update_buttons(self.table.current_item() is not None)

    def add(self) -> QDialog:
        return self._open(equipment_dialog(self.session, parent=self))

    def edit(self) -> QDialog | None:
        device = self.table.current_item()
        return None if device is None else self._open(
            equipment_dialog(self.session, device.id, self))

    def tested(self) -> QDialog | None:
        device = self.table.current_item()
        return None if device is None else self._open(
            tested_dialog(self.session, device.id, self))

    def delete(self) -> ConfirmDialog | None:
        device = self.table.current_item()
        if device is None:
            return None
        return self._confirm("Delete device", f"Delete “{device.name}”? Undo brings it back.",
                             "Delete",
                             lambda: self._edit(self.registers.delete_equipment, device.id))


# Post-go-live issues and the burn-down chart


class BurnDownChartWidget(QWidget):
    """The burn-down chart, painted: legible at any font size, marks labelled in words."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._chart: BurnDownChart | None = None
        self.setAccessibleName("Burn-down chart of open post-go-live issues")
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_chart(self, chart: BurnDownChart) -> None:
        self._chart = chart
        marks = "; ".join(mark.label for mark in chart.marks)
        self.setAccessibleDescription(f"{chart.title}. {chart.caption} {marks}.")
        self.setToolTip(f"{chart.caption}\n{marks}")
        self.update()

    def chart(self) -> BurnDownChart | None:
        return self._chart

    def minimumSizeHint(self) -> QSize:
        fm = self.fontMetrics()
        return QSize(fm.averageCharWidth() * 60, fm.lineSpacing() * 14)

    def sizeHint(self) -> QSize:
        fm = self.fontMetrics()
        return QSize(fm.averageCharWidth() * 100, fm.lineSpacing() * 20)

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._chart is None:
            return
        painter = QPainter(self)
        paint_burn_down(painter, QRectF(self.rect()), self._chart, self.font(),
                        ChartColours(self.palette()))
        painter.end()


class IssuesPanel(_Panel):
    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.summary = _label(name="Issues summary")
        self.model = IssuesModel(self)
        self.table = RegisterTable(self.model, "Post-go-live issues")
        self.add_button = self._button("&Log issue…", self.add, "Log an issue")
        self.edit_button = self._button("Ed&it…", self.edit, "Edit the issue",
                                        needs_selection=True)
        self.start_button = self._button("Start &work",
                                         lambda: self.set_status(IssueStatus.IN_PROGRESS),
                                         "Mark the issue in progress", needs_selection=True)
        self.close_button = self._button("&Close", lambda: self.set_status(IssueStatus.CLOSED),
                                         "Close the issue today", needs_selection=True)
        self.reopen_button = self._button("Reope&n", lambda: self.set_status(IssueStatus.OPEN),
                                          "Reopen the issue", needs_selection=True)
        self.delete_button = self._button("Dele&te…", self.delete, "Delete the issue",
                                          needs_selection=True)
        self.chart = BurnDownChartWidget()
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(_label("Degraded codes, QOF markers, dm+d mapping and EPS "
                                    "problems, links and equipment found after go-live: who "
                                    "owns each, and whether it is closed.", "About issues"))
        top_layout.addWidget(self.summary)
        top_layout.addLayout(self._row_of_buttons(
            self.add_button, self.edit_button, self.start_button, self.close_button,
            self.reopen_button, self.delete_button))
        top_layout.addWidget(self.table, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setAccessibleName("Issues and burn-down")
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.chart)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.table.activated.connect(lambda _index: self.edit())
        self._tab_order(self.add_button, self.edit_button, self.start_button,
                        self.close_button, self.reopen_button, self.delete_button, self.table,
                        self.chart)

    def refresh(self) -> None:
        service = self.session.service
        state = service.state
        selected = self.table.current_item()
        self.model.set_rows(issues(state))
        self.table.fit_columns()
        if selected is not None:
            self.table.select_where(lambda i: i.id == selected.id)
        self.summary.setText(_summary(state, service.today(), "Post-go-live issues"))
        self.chart.set_chart(burn_down_chart(state, service.today()))
        self._on_table_selection_changed()

    def _on_table_selection_changed(self, *_args: object) -> None:
        issue = self.table.current_item()
        self._update_buttons(issue is not None)
        if issue is not None:
            self.start_button.setEnabled(self.start_button.isEnabled()
                                         and issue.status is IssueStatus.OPEN)
            self.close_button.setEnabled(self.close_button.isEnabled()
                                         and issue.status is not IssueStatus.CLOSED)
            self.reopen_button.setEnabled(self.reopen_button.isEnabled()
                                          and issue.status is IssueStatus.CLOSED)

    def add(self) -> QDialog:
        return self._open(issue_dialog(self.session, parent=self))

    def edit(self) -> QDialog | None:
        issue = self.table.current_item()
        return None if issue is None else self._open(issue_dialog(self.session, issue.id, self))

    def set_status(self, status: IssueStatus) -> Changes | None:
        issue = self.table.current_item()
        if issue is None:
            return None
        return self._edit(self.registers.set_issue_status, issue.id, status)

    def delete(self) -> ConfirmDialog | None:
        issue = self.table.current_item()
        if issue is None:
            return None
        return self._confirm("Delete issue", f"Delete the issue “{issue.title}”? Undo brings "
                             "it back.", "Delete",
                             lambda: self._edit(self.registers.delete_issue, issue.id))


# A summary for the dashboard


class RegistersSummary(QGroupBox):
    """One line per register, each with a button that opens it: for the dashboard.

    Signals:
        register_requested(int): open this register (REENTRY_TAB ... ISSUES_TAB).
    """

    register_requested = Signal(int)

    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__("Cut-over registers", parent)
        self.session = session
        self.setAccessibleName("Cut-over registers summary")
        grid = QGridLayout(self)
        grid.setColumnStretch(1, 1)
        self.lines: list[QLabel] = []
        self.buttons: list[QPushButton] = []
        names = [name for name, _text in summary_lines(session.service.state,
                                                        session.service.today())]
        for index, name in enumerate(names):
            title = _label(name, wrap=False)
            font = title.font()
            font.setBold(True)
            title.setFont(font)
            text = _label(name=name)
            button = QPushButton("Open")
            button.setAccessibleName(f"Open the {name.lower()} register")
            button.clicked.connect(lambda _checked=False, i=index: self.register_requested.emit(i))
            grid.addWidget(title, index, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(text, index, 1, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(button, index, 2, Qt.AlignmentFlag.AlignTop)
            self.lines.append(text)
            self.buttons.append(button)
        session.changed.connect(self._on_session_changed)
        session.plan_opened.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        service = self.session.service
        for label, (name, text) in zip(self.lines, summary_lines(service.state,
                                                                  service.today()),
                                       strict=True):
            label.setText(text[:1].upper() + text[1:] + ".")
            label.setAccessibleName(f"{name}: {text}")

    def _on_session_changed(self, changes: Changes) -> None:
        if changes.kinds & _RELEVANT:
            self.refresh()


# The whole tab


class RegistersView(QWidget):
    """The cut-over registers, one sub-tab each.

    Signals:
        register_shown(int): the sub-tab now showing (REENTRY_TAB ... ISSUES_TAB).
    """

    register_shown = Signal(int)

    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.reentry = ReentryPanel(session)
        self.held = HeldPanel(session)
        self.links = LinksPanel(session)
        self.mesh = MeshPanel(session)
        self.equipment = EquipmentPanel(session)
        self.issues = IssuesPanel(session)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Cut-over registers")
        self.tabs.setDocumentMode(True)
        self.tabs.setUsesScrollButtons(True)
        for panel, title in ((self.reentry, "Paper re-entry"),
                             (self.held, "Held registrations"),
                             (self.links, "Third-party links"),
                             (self.mesh, "MESH mailbox"),
                             (self.equipment, "Equipment"),
                             (self.issues, "Post-go-live issues")):
            panel.setAccessibleName(title)
            self.tabs.addTab(_scrolling(panel), title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self._dirty = True
        self.tabs.currentChanged.connect(self.register_shown)
        session.changed.connect(self._on_session_changed)
        session.plan_opened.connect(self._on_session_plan_opened)
        self.refresh()

    def panels(self) -> Sequence[_Panel]:
        return (self.reentry, self.held, self.links, self.mesh, self.equipment, self.issues)

    def show_register(self, index: int) -> None:
        """Bring one register forward (REENTRY_TAB ... ISSUES_TAB)."""
        self.tabs.setCurrentIndex(index)

    def refresh(self) -> None:
        for panel in self.panels():
            panel.refresh()
        self._dirty = False

    def _on_session_changed(self, changes: Changes) -> None:
        if not changes.kinds & _RELEVANT:
            return
        # A hidden tab refreshes when it is next shown, so edits elsewhere stay quick.
        if self.isVisible():
            self.refresh()
        else:
            self._dirty = True

    def _on_session_plan_opened(self) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._dirty = True

    def showEvent(self, event: QShowEvent) -> None:
        if self._dirty:
            self.refresh()
        super().showEvent(event)


def _scrolling(panel: QWidget) -> QScrollArea:
    """The panel in a scroll area, so nothing is cut off at large font sizes."""
    area = QScrollArea()
    area.setWidget(panel)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setAccessibleName(panel.accessibleName())
    return area

