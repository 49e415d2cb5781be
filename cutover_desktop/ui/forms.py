"""The one form engine of the window: fields, inline errors that clear when fixed, names.

`FieldErrors` gives any dialog a message line under each field and one under the form: a
refusal (a ValidationError naming a field) shows under that field and puts the cursor there,
and the message goes as soon as the field is changed. `FormDialog` builds a whole form from
`Field`s (the register forms); the person, sign-off and task dialogs lay their own fields out
and use `FieldErrors` for the messages. Every field and message has an accessible name.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cutover_desktop.domain.changes import Changes
from cutover_desktop.domain.errors import CutoverError, ValidationError
from cutover_desktop.ui.date_entry import DateEntry
from cutover_desktop.ui.qt_dates import UK_DATE_FORMAT, from_qdate, to_qdate
from cutover_desktop.ui.session import PlanSession
from cutover_desktop.ui.style import set_tone

MAX_SPIN = 100_000


class Kind(Enum):
    TEXT = "text"
    NOTES = "notes"
    COUNT = "count"
    DATE = "date"
    OPTIONAL_DATE = "optional_date"
    CHOICE = "choice"
    EDITABLE_CHOICE = "editable_choice"
    CHECK = "check"
    OPTIONAL_COUNT = "optional_count"


@dataclass
class Field:
    """One row of a form.

    Attributes:
        name: the key in `values()`, and the field name a ValidationError names.
        label: the row's label, with & before its keyboard shortcut letter.
        none_text: for an optional date or count, the tick box that means "no value".
        choices: (text, value) pairs for a choice.
    """

    name: str
    label: str
    kind: Kind
    value: Any = None
    placeholder: str = ""
    none_text: str = ""
    choices: Sequence[tuple[str, Any]] = ()
    minimum: int = 0
    maximum: int = MAX_SPIN
    help: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _plain(label: str) -> str:
    return label.replace("&", "")


def name_of(spec: Field) -> str:
    return _plain(spec.label)


def _date_edit(day: date | None, name: str) -> DateEntry:
    edit = DateEntry()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(UK_DATE_FORMAT)
    edit.setAccessibleName(name)
    edit.setDate(to_qdate(day) if day is not None else QDate.currentDate())
    return edit


class _ValueOrNone(QWidget):
    """An editor beside a tick box that switches it off: a value, or none."""

    def _add_editor(self, editor: QWidget, has_value: bool, none_text: str, name: str) -> None:
        self._editor = editor
        self.none_check = QCheckBox(none_text)
        self.none_check.setAccessibleName(f"{name}: {none_text}")
        self.none_check.setChecked(not has_value)
        editor.setEnabled(has_value)
        self.none_check.toggled.connect(self._on_none_check_toggled)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(editor)
        layout.addWidget(self.none_check, 1)
        self.setFocusProxy(editor)

    def _on_none_check_toggled(self, checked: bool) -> None:
        self._editor.setEnabled(not checked)


class OptionalDateEdit(_ValueOrNone):
    """A date, or none: a tick box (e.g. "Not yet") switches the date off."""

    def __init__(self, day: date | None, none_text: str, name: str,
                 default: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.date_edit = _date_edit(day or default, name)
        self._add_editor(self.date_edit, day is not None, none_text, name)

    def value(self) -> date | None:
        return None if self.none_check.isChecked() else from_qdate(self.date_edit.date())

    def set_value(self, day: date | None) -> None:
        self.none_check.setChecked(day is None)
        if day is not None:
            self.date_edit.setDate(to_qdate(day))


class OptionalCountEdit(_ValueOrNone):
    """A whole number, or none ("Not known")."""

    def __init__(self, value: int | None, none_text: str, name: str, minimum: int,
                 maximum: int, suffix: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spin = QSpinBox()
        self.spin.setRange(minimum, maximum)
        self.spin.setSuffix(suffix)
        self.spin.setAccessibleName(name)
        self.spin.setValue(value or 0)
        self._add_editor(self.spin, value is not None, none_text, name)

    def value(self) -> int | None:
        return None if self.none_check.isChecked() else self.spin.value()


def error_label(name: str = "Problem") -> QLabel:
    """A hidden message line in the error colour, read out under `name`."""
    label = QLabel()
    label.setWordWrap(True)
    set_tone(label, "problem")
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setAccessibleName(name)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


def fit_height(dialog: QWidget) -> None:
    """Make a dialog as tall as its wrapped text needs at its present width, no taller."""
    layout = dialog.layout()
    if layout is None:
        return
    layout.activate()
    width = dialog.width()
    height = (layout.totalHeightForWidth(width) if layout.hasHeightForWidth()
              else layout.totalSizeHint().height())
    if height != dialog.height():
        dialog.resize(width, height)


def _make_room(window: QWidget) -> None:
    """Grow a window just enough that nothing in it is cut off (a message that appeared)."""
    layout = window.layout()
    if layout is None:
        return
    layout.activate()
    needed = (layout.totalMinimumHeightForWidth(window.width()) if layout.hasHeightForWidth()
              else layout.totalMinimumSize().height())
    if needed > window.height():
        window.resize(window.width(), needed)


def _changed_signal(widget: QWidget) -> Any:
    """The signal a field sends when a person changes it (None for a widget without one)."""
    for name in ("textChanged", "valueChanged", "dateChanged", "timeChanged",
                 "currentTextChanged", "currentIndexChanged", "toggled", "changed"):
        signal = getattr(widget, name, None)
        if signal is not None and hasattr(signal, "connect"):
            return signal
    return None


class FieldErrors:
    """A form's messages: one line under each field, one for the whole form.

    A field's message is cleared as soon as the field changes; `show_refusal` puts a refusal
    under the field it names (or under the form) and the cursor in that field.
    """

    def __init__(self, general_name: str = "Problem", prefix: str = "⚠ ") -> None:
        self.general = error_label(general_name)
        self._prefix = prefix
        self._labels: dict[str | None, QLabel] = {None: self.general}
        self._names: dict[str | None, str] = {None: general_name}
        self._widgets: dict[str, QWidget] = {}

    def add(self, field_name: str, widget: QWidget, name: str = "") -> QLabel:
        """The message line for a field; it clears when the widget's value changes."""
        spoken = f"Problem with {(name or field_name).replace('&', '').lower()}"
        label = error_label(spoken)
        self._labels[field_name] = label
        self._names[field_name] = spoken
        self._widgets[field_name] = widget
        signal = _changed_signal(widget)
        if signal is not None:
            signal.connect(lambda *_args: self.clear_field(field_name))
        return label

    def attempt(self, edit: Callable[[], object]) -> bool:
        """Run an edit (with the checks before it) the one way every form does: clear the old
        messages, and show a refusal in place. True when the edit went through."""
        self.clear()
        try:
            edit()
        except CutoverError as exc:
            self.show_refusal(exc)
            return False
        return True

    def watch(self, fields: Mapping[str, QWidget]) -> None:
        """Fields whose refusals show on the form's own line (with the cursor put in the
        field); the message goes once the field is changed."""
        for field_name, widget in fields.items():
            self._labels[field_name] = self.general
            self._names[field_name] = self._names[None]
            self._widgets[field_name] = widget
            signal = _changed_signal(widget)
            if signal is not None:
                signal.connect(lambda *_args, name=field_name: self.clear_field(name))

    def with_message(self, field_name: str, widget: QWidget, name: str = "",
                     *below: QWidget, shown: QWidget | None = None) -> QWidget:
        """The field's widget with its message line under it (and any hints between), ready
        to go in a form row. `shown` is what to place when the field sits inside a larger
        widget (a tick box and its date): the message still clears when `widget` changes."""
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        for part in (shown or widget, *below, self.add(field_name, widget, name)):
            column.addWidget(part)
        return holder

    def __getitem__(self, field_name: str | None) -> QLabel:
        return self._labels[field_name]

    def __contains__(self, field_name: object) -> bool:
        return field_name in self._labels

    def show(self, field_name: str | None, message: str) -> None:
        if field_name not in self._labels:
            field_name = None
        label = self._labels[field_name]
        label.setText(f"{self._prefix}{message}")
        label.setAccessibleName(f"{self._names[field_name]}: {message}")
        label.show()
        if label.window().isVisible():
            _make_room(label.window())
        widget = self._widgets.get(field_name or "")
        if widget is not None:
            widget.setFocus()

    def show_refusal(self, error: CutoverError) -> None:
        field_name = error.field if isinstance(error, ValidationError) else None
        self.show(field_name, error.message)

    def clear_field(self, field_name: str | None) -> None:
        label = self._labels.get(field_name)
        if label is not None and label.text():
            label.clear()
            label.hide()
            label.setAccessibleName(self._names[field_name])

    def clear(self) -> None:
        for field_name in self._labels:
            self.clear_field(field_name)

    def text(self) -> str:
        """Every message shown, for tests and screen readers."""
        return " ".join(label.text() for label in self._labels.values() if label.text())


Submit = Callable[[dict[str, Any]], Changes]


class FormDialog(QDialog):
    """A form for one register entry; OK saves it as one undo step.

    Signals:
        saved(object): the entry was saved; the Changes it made.
    """

    saved = Signal(object)

    def __init__(self, session: PlanSession, title: str, fields: Sequence[Field],
                 submit: Submit, parent: QWidget | None = None, intro: str = "",
                 ok_text: str = "Save") -> None:
        super().__init__(parent)
        self._session = session
        self._submit = submit
        self._fields = {f.name: f for f in fields}
        self._widgets: dict[str, QWidget] = {}
        self._errors = FieldErrors()
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setSizeGripEnabled(True)
        # Wide enough for the hints in the fields at any font size.
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 64)
        layout = QVBoxLayout(self)
        if intro:
            intro_label = QLabel(intro)
            intro_label.setWordWrap(True)
            intro_label.setAccessibleName("About this form")
            layout.addWidget(intro_label)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for spec in fields:
            widget = self._make(spec)
            self._widgets[spec.name] = widget
            hints: list[QWidget] = []
            if spec.help:
                help_label = QLabel(spec.help)
                help_label.setWordWrap(True)
                help_label.setAccessibleName(f"{name_of(spec)}: {spec.help}")
                font = help_label.font()
                font.setItalic(True)
                help_label.setFont(font)
                hints.append(help_label)
            holder = self._errors.with_message(spec.name, widget, name_of(spec), *hints)
            if spec.kind is Kind.CHECK:
                form.addRow(spec.extra.get("row_label", ""), holder)
            else:
                label = QLabel(spec.label)
                label.setBuddy(widget)
                form.addRow(label, holder)
        layout.addLayout(form)
        layout.addWidget(self._errors.general)
        self.button_box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                           | QDialogButtonBox.StandardButton.Cancel)
        ok = self.button_box.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(ok_text)
        ok.setAccessibleName(ok_text)
        self.button_box.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName(
            "Cancel")
        self.button_box.accepted.connect(self.accept)
        self.button_box.rejected.connect(self.reject)
        layout.addWidget(self.button_box)
        if session.service.read_only:
            ok.setEnabled(False)
            self._errors.show(None, "This plan is open read-only: changes cannot be saved.")
        self.changes: Changes | None = None

    def _make(self, spec: Field) -> QWidget:
        name = _plain(spec.label)
        widget: QWidget
        if spec.kind is Kind.TEXT:
            edit = QLineEdit(spec.value or "")
            edit.setPlaceholderText(spec.placeholder)
            edit.setMaxLength(200)
            widget = edit
        elif spec.kind is Kind.NOTES:
            notes = QPlainTextEdit(spec.value or "")
            notes.setPlaceholderText(spec.placeholder)
            notes.setTabChangesFocus(True)
            notes.setFixedHeight(notes.fontMetrics().lineSpacing() * 4 + 12)
            widget = notes
        elif spec.kind is Kind.COUNT:
            spin = QSpinBox()
            spin.setRange(spec.minimum, spec.maximum)
            spin.setValue(spec.value if spec.value is not None else spec.minimum)
            spin.setSuffix(spec.extra.get("suffix", ""))
            widget = spin
        elif spec.kind is Kind.OPTIONAL_COUNT:
            widget = OptionalCountEdit(spec.value, spec.none_text, name, spec.minimum,
                                       spec.maximum, spec.extra.get("suffix", ""))
        elif spec.kind is Kind.DATE:
            widget = _date_edit(spec.value, name)
        elif spec.kind is Kind.OPTIONAL_DATE:
            widget = OptionalDateEdit(spec.value, spec.none_text, name,
                                      spec.extra.get("default"))
        elif spec.kind in (Kind.CHOICE, Kind.EDITABLE_CHOICE):
            combo = QComboBox()
            combo.setEditable(spec.kind is Kind.EDITABLE_CHOICE)
            for text, data in spec.choices:
                combo.addItem(text, data)
            if spec.kind is Kind.EDITABLE_CHOICE:
                combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
                combo.setEditText(spec.value or "")
                line = combo.lineEdit()
                if line is not None:
                    line.setPlaceholderText(spec.placeholder)
            else:
                combo.setCurrentIndex(max(0, combo.findData(spec.value)))
            widget = combo
        else:
            check = QCheckBox(spec.label)
            check.setChecked(bool(spec.value))
            widget = check
        widget.setAccessibleName(name)
        return widget

    # Reading and writing values

    def widget(self, name: str) -> QWidget:
        return self._widgets[name]

    def value(self, name: str) -> Any:
        spec = self._fields[name]
        widget = self._widgets[name]
        if spec.kind is Kind.TEXT:
            assert isinstance(widget, QLineEdit)
            return widget.text()
        if spec.kind is Kind.NOTES:
            assert isinstance(widget, QPlainTextEdit)
            return widget.toPlainText()
        if spec.kind is Kind.COUNT:
            assert isinstance(widget, QSpinBox)
            return widget.value()
        if spec.kind in (Kind.OPTIONAL_COUNT, Kind.OPTIONAL_DATE):
            assert isinstance(widget, (OptionalCountEdit, OptionalDateEdit))
            return widget.value()
        if spec.kind is Kind.DATE:
            assert isinstance(widget, DateEntry)
            return from_qdate(widget.date())
        if spec.kind is Kind.EDITABLE_CHOICE:
            assert isinstance(widget, QComboBox)
            return widget.currentText()
        if spec.kind is Kind.CHOICE:
            assert isinstance(widget, QComboBox)
            return widget.currentData()
        assert isinstance(widget, QCheckBox)
        return widget.isChecked()

    def values(self) -> dict[str, Any]:
        return {name: self.value(name) for name in self._fields}

    def set_value(self, name: str, value: Any) -> None:
        """Fill a field as a person would (for tests and for defaults)."""
        spec = self._fields[name]
        widget = self._widgets[name]
        if isinstance(widget, QLineEdit):
            widget.setText(value)
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText(value)
        elif isinstance(widget, QSpinBox):
            widget.setValue(value)
        elif isinstance(widget, DateEntry):
            widget.setDate(to_qdate(value))
        elif isinstance(widget, OptionalDateEdit):
            widget.set_value(value)
        elif isinstance(widget, OptionalCountEdit):
            widget.none_check.setChecked(value is None)
            if value is not None:
                widget.spin.setValue(value)
        elif isinstance(widget, QComboBox) and spec.kind is Kind.EDITABLE_CHOICE:
            widget.setEditText(value)
        elif isinstance(widget, QComboBox):
            widget.setCurrentIndex(widget.findData(value))
        elif isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))

    # Saving

    def error_text(self) -> str:
        """Every message shown, for tests and screen readers."""
        return self._errors.text()

    def accept(self) -> None:
        values = self.values()

        def save() -> None:
            self.changes = self._session.try_edit(self._submit, values)

        if not self._errors.attempt(save):
            return
        self.saved.emit(self.changes)
        super().accept()


class ConfirmDialog(QDialog):
    """Ask before something that cannot be taken back, in plain words.

    With `tick_text`, the confirm button stays off until the tick box is ticked.
    """

    def __init__(self, title: str, text: str, confirm_text: str,
                 parent: QWidget | None = None, tick_text: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        layout = QVBoxLayout(self)
        self.message = QLabel(text)
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setAccessibleName("Message")
        self.message.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)
        layout.addWidget(self.message)
        self.tick = QCheckBox(tick_text)
        self.tick.setAccessibleName(tick_text or "Confirm")
        self.tick.setVisible(bool(tick_text))
        layout.addWidget(self.tick)
        self.button_box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.confirm_button = self.button_box.addButton(
            confirm_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.confirm_button.setAccessibleName(confirm_text)
        self.button_box.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName(
            "Cancel")
        self.button_box.button(QDialogButtonBox.StandardButton.Cancel).setDefault(True)
        self.confirm_button.setEnabled(not tick_text)
        self.tick.toggled.connect(self.confirm_button.setEnabled)
        self.button_box.accepted.connect(self.accept)
        self.button_box.rejected.connect(self.reject)
        layout.addWidget(self.button_box)

    def accept(self) -> None:
        if not self.confirm_button.isEnabled():
            return
        super().accept()

