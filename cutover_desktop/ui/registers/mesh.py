"""The MESH mailbox change panel: the mailboxes and the partners to tell."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QGroupBox, QHBoxLayout, QVBoxLayout, QWidget

from cutover_desktop.domain.formatting import uk_date
from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.registers import mesh_change_day, mesh_of, mesh_partners
from cutover_desktop.ui.dialogs.register_forms import partner_dialog, partner_told_dialog
from cutover_desktop.ui.forms import ConfirmDialog, Field, FormDialog, Kind
from cutover_desktop.ui.models.registers_models import PartnersModel
from cutover_desktop.ui.registers.common import RegisterPanel, RegisterTable, text_label
from cutover_desktop.ui.session import PlanSession

# MESH mailbox change


class MeshPanel(RegisterPanel):
    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.mailbox_label = text_label(name="MESH mailboxes")
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
        self.summary = text_label(name="MESH summary")
        box = QGroupBox("Mailboxes")
        box_layout = QHBoxLayout(box)
        box_layout.addWidget(self.mailbox_label, 1)
        box_layout.addWidget(self.mailbox_button)
        layout = QVBoxLayout(self)
        layout.addWidget(text_label("The practice's MESH mailbox changes with the new system: "
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
