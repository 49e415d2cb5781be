"""The equipment panel."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget

from cutover_desktop.domain.formatting import uk_date
from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.registers import equipment
from cutover_desktop.ui.dialogs.register_forms import equipment_dialog, tested_dialog
from cutover_desktop.ui.forms import ConfirmDialog
from cutover_desktop.ui.models.registers_models import EquipmentModel
from cutover_desktop.ui.registers.common import (
    RegisterPanel,
    RegisterTable,
    summary_text,
    text_label,
)
from cutover_desktop.ui.session import PlanSession

# Equipment


class EquipmentPanel(RegisterPanel):
    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.summary = text_label(name="Equipment summary")
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
        self.about = text_label(name="About equipment")
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
        self.summary.setText(summary_text(state, service.today(), "Equipment"))
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
