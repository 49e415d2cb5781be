"""The paper re-entry panel: batches, progress, the target and optional NHS numbers."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cutover_desktop.domain.changes import Changes
from cutover_desktop.domain.formatting import plural, uk_date
from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.registers import (
    OPT_IN_EXPLANATION,
    REENTRY_TARGET_DAYS,
    Due,
    Progress,
    batches,
    nhs_numbers,
    overall_progress,
    progress_by_batch,
    progress_by_category,
    progress_entries,
    reentry_due,
    reentry_target,
)
from cutover_desktop.reports.registers import progress_text
from cutover_desktop.ui.dialogs.register_forms import batch_dialog, checked_dialog, reentry_dialog
from cutover_desktop.ui.forms import ConfirmDialog, Field, FieldErrors, FormDialog, Kind
from cutover_desktop.ui.models.registers_models import (
    BatchesModel,
    BatchRow,
    NhsNumbersModel,
    ReentryRecordsModel,
)
from cutover_desktop.ui.registers.common import (
    RegisterPanel,
    RegisterTable,
    due_text,
    text_label,
)
from cutover_desktop.ui.session import PlanSession

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
            name = text_label(wrap=False)
            bar = QProgressBar()
            bar.setRange(0, 100)
            bar.setTextVisible(True)
            bar.setFormat("%p%")
            words = text_label(wrap=False)
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


class ReentryPanel(RegisterPanel):
    """Paper collected during the cut-over, re-entered after go-live."""

    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.target_label = text_label(name="Re-entry target")
        self.due_label = text_label(name="Re-entry status")
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
        self.detail_title = text_label(name="Selected batch")
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
        self.numbers_status = text_label(name="NHS numbers status")
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
        self._number_errors = FieldErrors("NHS number problem")
        self._number_errors.watch({"number": self.number_edit})
        self.number_error = self._number_errors.general
        self.number_done_button = self._button("Mark re-entered", self.mark_number_done,
                                               "Mark the NHS number re-entered",
                                               needs_selection=True)
        self.remove_number_button = self._button("Remove number", self.remove_number,
                                                 "Remove the NHS number",
                                                 needs_selection=True)
        self.purge_button = self._button("Purge all numbers…", self.purge,
                                         "Purge all NHS numbers from the plan file")
        self.purge_reason = text_label(name="Why the numbers cannot be purged yet")
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
            self.due_label.setText(f"{due_text(due)}: the target was {uk_date(target)} and "
                                   f"{plural(overall.outstanding, 'item')} are still to "
                                   "re-enter.")
        elif due is Due.DONE:
            self.due_label.setText(f"{due_text(due)}: everything collected is re-entered"
                                   + ("." if overall.verified else ", but not all checked."))
        else:
            days = (target - today).days
            self.due_label.setText(f"{due_text(due)}: {plural(overall.outstanding, 'item')} "
                                   f"to re-enter, {plural(days, 'day')} to the target."
                                   if days >= 0 else due_text(due))
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
        self._number_errors.clear()
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
        added: list[Changes] = []
        if not self._number_errors.attempt(lambda: added.append(self.session.try_edit(
                self.registers.add_nhs_number, batch_id, self.number_edit.text()))):
            return None
        self.number_edit.clear()
        return added[0]

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
