"""CoverNeedsDialog: how many people of each role each key day needs at work, per plan."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cutover_desktop.domain.staff import CoverDay, CoverNeed
from cutover_desktop.domain.staff_roles import ROLE_GROUPS, canonical_role
from cutover_desktop.services.staff import StaffService
from cutover_desktop.ui.dialogs.person_dialog import ok_cancel
from cutover_desktop.ui.forms import FieldErrors
from cutover_desktop.ui.session import PlanSession

_GROUP_NOTES = {group: f"{group} (any of {', '.join(members)})"
                for group, members in ROLE_GROUPS.items()}


class CoverNeedsDialog(QDialog):
    """A grid of numbers: roles down, key days across; 0 means not needed.

    Signals:
        saved(): the needs were saved.
    """

    saved = Signal()

    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        staff = StaffService(session.service)
        self.setWindowTitle("Roles needed on key days")
        self.setAccessibleName(self.windowTitle())
        intro = QLabel("How many people of each role must be at work on each key day. "
                       "A clinician is a GP, lead GP, nurse or HCA; a trainer is a CSU or "
                       "supplier trainer. 0 means not needed.")
        intro.setWordWrap(True)
        self.grid = QGridLayout()
        for column, day in enumerate(CoverDay, start=1):
            header = QLabel(day.value)
            header.setToolTip(day.label)
            self.grid.addWidget(header, 0, column)
        self.spins: dict[tuple[str, CoverDay], QSpinBox] = {}
        self._roles: list[str] = []
        needs = staff.cover_needs()
        roles = list(dict.fromkeys(["Practice manager", "Clinician", "Receptionist", "Trainer",
                                    *(n.role for n in needs)]))
        for role in roles:
            self._add_role_row(role)
        for need in needs:
            self.spins[(need.role, need.day)].setValue(need.count)
        self.role_combo = QComboBox()
        self.role_combo.setEditable(True)
        self.role_combo.setAccessibleName("Another role to add")
        self.role_combo.addItems([r for r in (*ROLE_GROUPS, *staff.roles()) if r not in roles])
        self.role_combo.setEditText("")
        self.add_button = QPushButton("&Add role")
        self.add_button.setAccessibleName("Add the role as a row")
        self.add_button.clicked.connect(self._on_add_button_clicked)
        add_row = QHBoxLayout()
        add_row.addWidget(self.role_combo, 1)
        add_row.addWidget(self.add_button)
        self._errors = FieldErrors()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(self.grid)
        layout.addLayout(add_row)
        layout.addWidget(self._errors.add("role", self.role_combo, "Another role to add"))
        self.error = self._errors.general
        layout.addWidget(self.error)
        self.button_box = ok_cancel(self)
        layout.addWidget(self.button_box)
        self.fields = {"role": self.role_combo}

    def _add_role_row(self, role: str) -> None:
        row = len(self._roles) + 1
        self._roles.append(role)
        label = QLabel(_GROUP_NOTES.get(role, role))
        self.grid.addWidget(label, row, 0)
        for column, day in enumerate(CoverDay, start=1):
            spin = QSpinBox()
            spin.setRange(0, 99)
            spin.setAccessibleName(f"{role} needed on {day.value}")
            self.grid.addWidget(spin, row, column)
            self.spins[(role, day)] = spin

    def _on_add_button_clicked(self) -> None:
        role = canonical_role(self.role_combo.currentText())
        if not role:
            self._errors.show("role", "Type or choose a role to add.")
            return
        if role in self._roles:
            self._errors.show("role", f"{role} already has a row.")
            return
        self._add_role_row(role)
        self.spins[(role, CoverDay.BGL)].setFocus()
        self.role_combo.setEditText("")

    def value(self) -> list[CoverNeed]:
        return [CoverNeed(day, role, spin.value())
                for (role, day), spin in self.spins.items() if spin.value() > 0]

    def accept(self) -> None:
        staff = StaffService(self._session.service)
        if not self._errors.attempt(lambda: self._session.try_edit(staff.set_cover_needs,
                                                                   self.value())):
            return
        self.saved.emit()
        super().accept()
