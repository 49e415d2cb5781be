"""Signing a gate off, withdrawing a sign-off and adding a gate: one dialog each.

Each dialog is opened with open() and saves through `session.try_edit`; a refusal shows
beside the field at fault and the dialog stays open with nothing changed.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from cutover_desktop.domain.formatting import days_from_bgl, local_time_text, plural, uk_date
from cutover_desktop.domain.signoff import (
    GateState,
    GateStatus,
    SignOff,
    SignOffInput,
    SupplierContact,
    WithdrawalInput,
)
from cutover_desktop.services.signoff import SignoffService
from cutover_desktop.ui.date_entry import DateEntry
from cutover_desktop.ui.forms import FieldErrors
from cutover_desktop.ui.qt_dates import UK_DATE_FORMAT, from_qdate, to_qdate
from cutover_desktop.ui.session import PlanSession

ROLES = ("Lead GP", "Clinical Safety Officer", "Practice Manager", "Project Manager",
         "Data Quality Lead", "Partner")
# What a person usually signs for each of the template's gates; they can change it.
STATEMENTS = {
    "technical_requirements": "The technical requirements form is complete and has been "
                              "returned to the new supplier.",
    "clinical_risk": "The clinical risk of this migration has been assessed; its hazards are "
                     "accepted or have mitigations in place.",
    "data_checking": "I have checked the test data and accept that it is fit to migrate, "
                     "knowing what will not migrate and how the practice will handle it.",
    "go_live_data": "I have checked the go-live data and accept it for Business Go Live.",
    "process_review": "The migration process has been reviewed and the issues found are "
                      "recorded with their owners.",
    "final": "The migration is complete and the practice accepts it as finished.",
}
DEFAULT_STATEMENT = "The work this gate covers is complete and I accept it."
SIGN_HELP = (
    "What this records: the name and role you type, the computer login the program is "
    "running under ({login}), the time, and a fingerprint (hash) of the key dates and of "
    "this gate's tasks as they are now, so a later change shows as “changed since signed”.\n\n"
    "The program does not check who you are: anyone at this computer can type any name. "
    "It is a record of who said they signed, not an electronic signature.\n\n"
    "Signing cannot be undone. A mistake is corrected by withdrawing the sign-off with a "
    "reason; the sign-off and the withdrawal both stay in the record.")
WITHDRAW_HELP = (
    "The sign-off is not deleted or changed: it stays in the record, marked withdrawn, "
    "beside this withdrawal. The program records the name you type and the computer login "
    "({login}); it does not check who you are. Withdrawing cannot be undone; sign the gate "
    "again if it is still right.")


def _text_label(text: str = "", name: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setAccessibleName(name or text)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                  | Qt.TextInteractionFlag.TextSelectableByKeyboard)
    return label


def _text_edit(name: str, lines: int, placeholder: str = "") -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setAccessibleName(name)
    edit.setTabChangesFocus(True)
    edit.setPlaceholderText(placeholder)
    # Room for a few lines; longer text scrolls, so the dialog keeps its size.
    margins = edit.contentsMargins()
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines
                        + int(edit.document().documentMargin() * 2)
                        + margins.top() + margins.bottom() + 4)
    return edit


class _FormDialog(QDialog):
    """Shared parts: a form whose rows carry their own message line, and the buttons."""

    def __init__(self, session: PlanSession, title: str, ok_text: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setSizeGripEnabled(True)
        self._errors = FieldErrors()
        self.error_label = self._errors.general
        self.button_box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                           | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.button_box.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.ok_button.setAccessibleName(ok_text.replace("&", ""))
        self.button_box.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName(
            "Cancel")
        self.button_box.accepted.connect(self.accept)
        self.button_box.rejected.connect(self.reject)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)

    def _add_row(self, text: str, widget: QWidget, field: str) -> None:
        label = QLabel(text)
        label.setBuddy(widget)
        self.form.addRow(label, self._errors.with_message(field, widget, text))

    def _lay_out(self, above: QWidget | None, help_label: QWidget, width_chars: int,
                 first: QWidget) -> None:
        """Summary (if any), form, help, message and buttons; sized in characters."""
        layout = QVBoxLayout(self)
        if above is not None:
            layout.addWidget(above)
        layout.addLayout(self.form)
        layout.addWidget(help_label)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        layout.addWidget(self.button_box)
        self.resize(self.fontMetrics().averageCharWidth() * width_chars,
                    self.sizeHint().height())
        self._refuse_if_read_only()
        first.setFocus()

    def _save(self, action: object, *args: object, **kwargs: object) -> bool:
        """Run the edit; show a refusal in place and keep the dialog open."""
        return self._errors.attempt(
            lambda: self._session.try_edit(action, *args, **kwargs))  # type: ignore[arg-type]

    def _refuse_if_read_only(self) -> None:
        if self._session.service.read_only:
            self.ok_button.setEnabled(False)
            self._errors.show(None, "This plan is open read-only: nothing can be signed or "
                                   "changed.")


class SignoffDialog(_FormDialog):
    """Sign one gate off.

    Shows the gate's tasks and their statuses; when some are not done, the person must
    choose to mark them done as part of signing or to sign with them not done (which is
    recorded). `value()` gives what was typed.

    Signals:
        signed(str): the gate was signed; its key.
    """

    signed = Signal(str)

    def __init__(self, session: PlanSession, gate_key: str,
                 parent: QWidget | None = None) -> None:
        service = SignoffService(session.service)
        self._status: GateStatus = service.status(gate_key)
        super().__init__(session, f"Sign off: {self._status.gate.title}", "&Sign", parent)
        self._key = gate_key
        self._build(service.os_user())
        self._refuse_if_read_only()

    def _build(self, login: str) -> None:
        status = self._status
        gate = status.gate
        bgl = self._session.service.details.go_live
        when = (f"{uk_date(gate.day)} ({days_from_bgl((gate.day - bgl).days).lower()})" if gate.day
                else "its tasks are no longer in the plan")
        self.gate_label = _text_label(f"Gate date: {when}. State: {status.state.label}.",
                                      "Gate")
        tasks = self._session.service.state.tasks
        lines = [f"• {tasks[t].title} — {tasks[t].status.label}" for t in gate.task_ids]
        self.tasks_label = _text_label("\n".join(lines) or "No tasks.", "The gate's tasks")
        about = QGroupBox("What you are signing")
        about_layout = QVBoxLayout(about)
        about_layout.addWidget(self.gate_label)
        about_layout.addWidget(self.tasks_label)
        if status.state is GateState.CHANGED and status.current is not None:
            self.changed_label = _text_label(
                f"Signed by {status.current.signed_by} on "
                f"{local_time_text(status.current.signed_at)}, and changed since: "
                + " ".join(status.changes) + " Signing again adds a new sign-off; the "
                "earlier one stays in the record.", "Changed since signed")
            about_layout.addWidget(self.changed_label)

        # Open tasks: the person chooses; nothing is chosen for them.
        self.open_box = QGroupBox(
            f"⚠ {plural(len(status.open_tasks), 'task')} of this gate "
            f"{'is' if len(status.open_tasks) == 1 else 'are'} not done")
        open_layout = QVBoxLayout(self.open_box)
        self.mark_done_radio = QRadioButton("&Mark them done as part of this sign-off")
        self.mark_done_radio.setAccessibleName("Mark the open tasks done as part of signing")
        self.sign_anyway_radio = QRadioButton(
            "Sign with them n&ot done (this is recorded with the sign-off)")
        self.sign_anyway_radio.setAccessibleName("Sign with the open tasks not done")
        self._open_choice = QButtonGroup(self)
        self._open_choice.addButton(self.mark_done_radio)
        self._open_choice.addButton(self.sign_anyway_radio)
        open_layout.addWidget(self.mark_done_radio)
        open_layout.addWidget(self.sign_anyway_radio)
        self.open_error = self._errors.add("confirm_not_done", self.mark_done_radio,
                                           "the open tasks")
        self.sign_anyway_radio.toggled.connect(
            lambda *_args: self._errors.clear_field("confirm_not_done"))
        open_layout.addWidget(self.open_error)
        self.open_box.setVisible(bool(status.open_tasks))

        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName("Your name")
        self.name_edit.setPlaceholderText("As you would sign it, e.g. Dr Asha Patel")
        self.role_combo = QComboBox()
        self.role_combo.setEditable(True)
        self.role_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.role_combo.addItems(ROLES)
        self.role_combo.setCurrentIndex(-1)
        self.role_combo.setAccessibleName("Your role")
        editor = self.role_combo.lineEdit()
        if editor is not None:
            editor.setPlaceholderText("e.g. Lead GP")
        self.statement_edit = _text_edit("Statement you sign", 3)
        self.statement_edit.setPlainText(STATEMENTS.get(gate.key, DEFAULT_STATEMENT))
        self.checked_edit = _text_edit(
            "What was checked", 2,
            "e.g. 20 sample records and random records rechecked; QOF report compared")
        self.caveats_edit = _text_edit("Caveats", 2, "Anything accepted with reservations "
                                                     "(leave empty if none)")
        self.supplier_combo = QComboBox()
        self.supplier_combo.setAccessibleName("How the supplier was told")
        for contact in SupplierContact:
            self.supplier_combo.addItem(contact.label, contact.value)
        self.reference_edit = QLineEdit()
        self.reference_edit.setAccessibleName("Supplier reference")
        self.reference_edit.setPlaceholderText("Ticket, e-mail subject or letter reference")
        self.told_on_edit = DateEntry()
        self.told_on_edit.setDisplayFormat(UK_DATE_FORMAT)
        self.told_on_edit.setCalendarPopup(True)
        today = self._session.service.today()
        self.told_on_edit.setDateRange(QDate(2000, 1, 1), to_qdate(today))
        self.told_on_edit.setDate(to_qdate(today))
        self.told_on_edit.setAccessibleName("Date the supplier was told")
        self.login_label = _text_label(login, "Computer login recorded")

        self._add_row("Your &name", self.name_edit, "signed_by")
        self._add_row("Your &role", self.role_combo, "role")
        self._add_row("S&tatement", self.statement_edit, "statement")
        self._add_row("What was &checked", self.checked_edit, "checked")
        self._add_row("Ca&veats", self.caveats_edit, "caveats")
        self._add_row("S&upplier told by", self.supplier_combo, "supplier_told_by")
        self._add_row("Re&ference", self.reference_edit, "supplier_reference")
        self._add_row("&Date told", self.told_on_edit, "supplier_told_on")
        self.form.addRow("Computer login:", self.login_label)
        self.supplier_combo.currentIndexChanged.connect(self._on_supplier_changed)
        self.supplier_combo.setCurrentIndex(
            self.supplier_combo.findData(SupplierContact.EMAIL.value))
        self._on_supplier_changed()

        self.help_label = _text_label(SIGN_HELP.format(login=login), "About signing")
        help_box = QGroupBox("What signing means here")
        help_layout = QVBoxLayout(help_box)
        help_layout.addWidget(self.help_label)

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addWidget(about)
        layout.addWidget(self.open_box)
        layout.addLayout(self.form)
        layout.addWidget(help_box)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer = QVBoxLayout(self)
        outer.addWidget(scroll, 1)
        outer.addWidget(self.button_box)
        # Wide enough for the form and its help beside one another, as tall as the screen
        # allows; the content scrolls when it does not fit.
        char = self.fontMetrics().averageCharWidth()
        content.setMinimumWidth(char * 90)
        height = content.sizeHint().height() + self.button_box.sizeHint().height() + 40
        screen = self.screen().availableGeometry() if self.screen() else None
        limit = screen.height() - 80 if screen is not None else 900
        self.resize(char * 96 + 40, min(height, limit))
        self.name_edit.setFocus()

    def _on_supplier_changed(self) -> None:
        told = self.supplier_combo.currentData() != SupplierContact.NOT_TOLD.value
        self.reference_edit.setEnabled(told)
        self.told_on_edit.setEnabled(told)

    def value(self) -> SignOffInput:
        return SignOffInput(
            signed_by=self.name_edit.text(),
            role=self.role_combo.currentText(),
            statement=self.statement_edit.toPlainText(),
            checked=self.checked_edit.toPlainText(),
            caveats=self.caveats_edit.toPlainText(),
            supplier_told_by=SupplierContact(self.supplier_combo.currentData()),
            supplier_reference=self.reference_edit.text(),
            supplier_told_on=from_qdate(self.told_on_edit.date()),
        )

    def accept(self) -> None:
        self._errors.clear()
        if self._status.open_tasks and self._open_choice.checkedButton() is None:
            self._errors.show("confirm_not_done",
                              "Choose whether to mark these tasks done or to sign with them "
                              "not done.")
            return
        service = SignoffService(self._session.service)
        if not self._save(service.sign, self._key, self.value(),
                          mark_done=self.mark_done_radio.isChecked(),
                          confirm_not_done=self.sign_anyway_radio.isChecked()):
            return
        self.signed.emit(self._key)
        super().accept()


class WithdrawDialog(_FormDialog):
    """Withdraw one sign-off, giving the reason; the sign-off stays in the record.

    Signals:
        withdrawn(int): the sign-off was withdrawn; its id.
    """

    withdrawn = Signal(int)

    def __init__(self, session: PlanSession, signoff_id: int,
                 parent: QWidget | None = None) -> None:
        service = SignoffService(session.service)
        self._signoff: SignOff = service.signoff(signoff_id)
        super().__init__(session, f"Withdraw sign-off: {self._signoff.gate_title}",
                         "&Withdraw", parent)
        s = self._signoff
        self.summary_label = _text_label(
            f"Signed by {s.signed_by} ({s.role}) on {local_time_text(s.signed_at)}: "
            f"“{s.statement}”", "The sign-off to withdraw")
        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName("Your name")
        self.role_combo = QComboBox()
        self.role_combo.setEditable(True)
        self.role_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.role_combo.addItems(ROLES)
        self.role_combo.setCurrentIndex(-1)
        self.role_combo.setAccessibleName("Your role")
        self.reason_edit = _text_edit("Reason for withdrawing", 3,
                                      "e.g. Signed before the recheck was finished")
        self._add_row("Your &name", self.name_edit, "withdrawn_by")
        self._add_row("Your &role", self.role_combo, "role")
        self._add_row("R&eason", self.reason_edit, "reason")
        self.help_label = _text_label(WITHDRAW_HELP.format(login=service.os_user()),
                                      "About withdrawing")
        self._lay_out(self.summary_label, self.help_label, 80, self.name_edit)

    def value(self) -> WithdrawalInput:
        return WithdrawalInput(self.name_edit.text(), self.role_combo.currentText(),
                               self.reason_edit.toPlainText())

    def accept(self) -> None:
        service = SignoffService(self._session.service)
        if not self._save(service.withdraw, self._signoff.id, self.value()):
            return
        self.withdrawn.emit(self._signoff.id)
        super().accept()


class AddGateDialog(_FormDialog):
    """Add a sign-off gate: a milestone task on a date (it moves with go-live), undoable.

    Signals:
        added(): the gate was added.
    """

    added = Signal()
    _NEAREST = "(the phase of the tasks around that date)"

    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(session, "Add a sign-off gate", "&Add gate", parent)
        service = session.service
        self.title_edit = QLineEdit()
        self.title_edit.setAccessibleName("Name of the gate")
        self.title_edit.setPlaceholderText("e.g. Prescribing review")
        self.date_edit = DateEntry()
        self.date_edit.setDisplayFormat(UK_DATE_FORMAT)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDateRange(QDate(2000, 1, 1), QDate(2099, 12, 31))
        self.date_edit.setDate(to_qdate(max(service.today(),
                                            service.details.go_live - timedelta(days=14))))
        self.date_edit.setAccessibleName("Date of the gate")
        self.phase_combo = QComboBox()
        self.phase_combo.setAccessibleName("Phase")
        self.phase_combo.addItem(self._NEAREST, None)
        for phase in service.details.phases:
            self.phase_combo.addItem(phase, phase)
        self._add_row("&Name", self.title_edit, "title")
        self._add_row("&Date", self.date_edit, "day")
        self._add_row("&Phase", self.phase_combo, "phase")
        self.help_label = _text_label(
            "The gate is added to the plan as a milestone task on that date, timed from "
            "Business Go Live so it moves when go-live moves. Adding it can be undone.",
            "About adding a gate")
        self._lay_out(None, self.help_label, 70, self.title_edit)

    def value(self) -> tuple[str, date, str | None]:
        return (self.title_edit.text(), from_qdate(self.date_edit.date()),
                self.phase_combo.currentData())

    def accept(self) -> None:
        service = SignoffService(self._session.service)
        title, day, phase = self.value()
        if not self._save(service.add_gate, title, day, phase):
            return
        self.added.emit()
        super().accept()


__all__ = ["AddGateDialog", "SIGN_HELP", "SignoffDialog", "WithdrawDialog"]
