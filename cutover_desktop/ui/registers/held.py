"""The held registrations panel."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget

from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.registers import held_registrations
from cutover_desktop.ui.dialogs.register_forms import complete_held_dialog, held_dialog
from cutover_desktop.ui.forms import ConfirmDialog
from cutover_desktop.ui.models.registers_models import HeldModel, held_rows
from cutover_desktop.ui.registers.common import (
    RegisterPanel,
    RegisterTable,
    summary_text,
    text_label,
)
from cutover_desktop.ui.session import PlanSession

# Held registrations


class HeldPanel(RegisterPanel):
    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.summary = text_label(name="Held registrations summary")
        self.model = HeldModel(self)
        self.table = RegisterTable(self.model, "Held registrations")
        self.add_button = self._button("&Add…", self.add, "Add held registrations")
        self.edit_button = self._button("Ed&it…", self.edit, "Edit", needs_selection=True)
        self.complete_button = self._button("Record &completed…", self.complete,
                                            "Record completed", needs_selection=True)
        self.delete_button = self._button("De&lete…", self.delete, "Delete",
                                          needs_selection=True)
        layout = QVBoxLayout(self)
        layout.addWidget(text_label("New patients who came during the cut-over were asked to come "
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
        self.summary.setText(summary_text(state, service.today(), "Held registrations"))
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
