"""PracticeDialog: the practice name, ODS code, systems and sites, after the plan is made."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from cutover_desktop.domain.errors import CutoverError, ValidationError
from cutover_desktop.domain.model import check_ods_code
from cutover_desktop.ui.dialogs.person_dialog import buddy_label, ok_cancel
from cutover_desktop.ui.forms import error_label, fit_height
from cutover_desktop.ui.new_plan_wizard import SUPPLIERS
from cutover_desktop.ui.session import PlanSession

MAX_SITE = 100


def _field_error(name: str) -> QLabel:
    return error_label(f"Problem with the {name}")


class PracticeDialog(QDialog):
    """The practice details as one form; OK saves them as one undo step.

    A refusal is shown under the field at fault, and the cursor goes there.
    """

    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        details = session.service.details
        self.setWindowTitle("Edit practice details")
        self.setAccessibleName(self.windowTitle())

        self.name_edit = QLineEdit(details.practice_name)
        self.name_edit.setAccessibleName("Practice name")
        self.name_edit.setMaxLength(250)  # over the limit of 200, so the limit is explained
        self.ods_edit = QLineEdit(details.ods_code)
        self.ods_edit.setAccessibleName("ODS code")
        self.ods_edit.setPlaceholderText("one letter and five digits, e.g. A81001")
        self.ods_edit.setMaxLength(12)
        self.old_combo = self._supplier_combo("Old system", details.old_supplier)
        self.new_combo = self._supplier_combo("New system", details.new_supplier)
        self.sites_edit = QPlainTextEdit("\n".join(details.sites))
        self.sites_edit.setAccessibleName("Sites, one per line")
        self.sites_edit.setTabChangesFocus(True)
        self.sites_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 5 + 12)

        self.fields: dict[str, QWidget] = {
            "practice_name": self.name_edit, "ods_code": self.ods_edit,
            "old_supplier": self.old_combo, "new_supplier": self.new_combo,
            "sites": self.sites_edit}
        names = {"practice_name": "practice name", "ods_code": "ODS code",
                 "old_supplier": "old system", "new_supplier": "new system",
                 "sites": "sites"}
        self.field_errors = {key: _field_error(name) for key, name in names.items()}
        form = QFormLayout()
        for key, text in (("practice_name", "Practice &name:"), ("ods_code", "&ODS code:"),
                          ("old_supplier", "O&ld system:"), ("new_supplier", "Ne&w system:"),
                          ("sites", "&Sites (one per line):")):
            widget = self.fields[key]
            # The field with its message right under it, so a message opens no other gap.
            cell = QVBoxLayout()
            cell.setSpacing(2)
            cell.addWidget(widget)
            cell.addWidget(self.field_errors[key])
            form.addRow(buddy_label(text, widget), cell)
        self.error = error_label()
        self.button_box = ok_cancel(self)
        layout = QVBoxLayout(self)
        # A message under a field makes the dialog taller rather than squashing the form.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.button_box)

        self.name_edit.textEdited.connect(lambda _t: self._clear("practice_name"))
        self.ods_edit.textEdited.connect(lambda _t: self._clear("ods_code"))
        self.ods_edit.editingFinished.connect(self._on_ods_edit_finished)
        self.old_combo.editTextChanged.connect(lambda _t: self._clear("old_supplier"))
        self.new_combo.editTextChanged.connect(lambda _t: self._clear("new_supplier"))
        self.sites_edit.textChanged.connect(lambda: self._clear("sites"))
        self.resize(max(self.sizeHint().width(), self.fontMetrics().averageCharWidth() * 64),
                    self.sizeHint().height())
        fit_height(self)

    @staticmethod
    def _supplier_combo(name: str, current: str) -> QComboBox:
        combo = QComboBox()
        combo.setEditable(True)
        combo.addItems(SUPPLIERS)
        combo.setAccessibleName(name)
        combo.setCurrentText(current)
        return combo

    def sites(self) -> tuple[str, ...]:
        lines = (line.strip() for line in self.sites_edit.toPlainText().splitlines())
        return tuple(dict.fromkeys(line for line in lines if line))

    # Problems beside the fields

    def show_field_error(self, field: str | None, message: str) -> None:
        """Show the message under the field at fault (or under the form) and go there."""
        label = self.field_errors.get(field or "")
        if label is None:
            self.error.setText(f"⚠ {message}")
            self.error.show()
            fit_height(self)
            return
        label.setText(f"⚠ {message}")
        label.show()
        self.fields[field or ""].setFocus()
        fit_height(self)

    def _clear(self, field: str) -> None:
        if self.field_errors[field].isVisible() or self.error.isVisible():
            self.field_errors[field].hide()
            self.error.hide()
            fit_height(self)

    def _on_ods_edit_finished(self) -> None:
        # Said as soon as the cursor leaves the field, not only on OK.
        text = self.ods_edit.text()
        if not text.strip():
            return
        try:
            check_ods_code(text)
        except ValidationError as exc:
            label = self.field_errors["ods_code"]
            label.setText(f"⚠ {exc.message}")
            label.show()
            fit_height(self)

    def problems(self) -> list[ValidationError]:
        """Everything wrong with the form, each naming its field (empty when all is well)."""
        found = []
        if not self.name_edit.text().strip():
            found.append(ValidationError("Give the practice's name.", "practice_name"))
        try:
            check_ods_code(self.ods_edit.text())
        except ValidationError as exc:
            found.append(exc)
        old, new = self.old_combo.currentText().strip(), self.new_combo.currentText().strip()
        if old and old.lower() == new.lower():
            found.append(ValidationError("The old and new systems are the same; choose the "
                                         "system the practice is moving to.", "new_supplier"))
        if any(len(site) > MAX_SITE for site in self.sites()):
            found.append(ValidationError(f"A site name can be at most {MAX_SITE} characters.",
                                         "sites"))
        return found

    def accept(self) -> None:
        for label in self.field_errors.values():
            label.hide()
        self.error.hide()
        service = self._session.service
        found = self.problems()
        if found:
            # Every problem at once, beside its field; the cursor goes to the first.
            for exc in reversed(found):
                self.show_field_error(exc.field, exc.message)
            return
        try:
            self._session.try_edit(
                service.update_details,
                practice_name=self.name_edit.text(), ods_code=self.ods_edit.text(),
                old_supplier=self.old_combo.currentText(),
                new_supplier=self.new_combo.currentText(), sites=self.sites())
        except CutoverError as exc:
            self.show_field_error(getattr(exc, "field", None), exc.message)
            return
        super().accept()
