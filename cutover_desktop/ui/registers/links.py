"""The third-party links panel: notice periods and reminders."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget

from cutover_desktop.domain.changes import Changes
from cutover_desktop.domain.formatting import uk_date
from cutover_desktop.domain.registers import links
from cutover_desktop.ui.dialogs.register_forms import back_on_dialog, link_dialog
from cutover_desktop.ui.forms import ConfirmDialog
from cutover_desktop.ui.models.registers_models import LinksModel, link_rows
from cutover_desktop.ui.registers.common import (
    RegisterPanel,
    RegisterTable,
    summary_text,
    text_label,
)
from cutover_desktop.ui.session import PlanSession

# Third-party links


class LinksPanel(RegisterPanel):
    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.summary = text_label(name="Links summary")
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
        self.detail = text_label(name="Selected link's reminders")
        layout = QVBoxLayout(self)
        layout.addWidget(text_label("Every link goes off before the cut-over and back on after "
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
        self.summary.setText(summary_text(state, service.today(), "Third-party links"))
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
