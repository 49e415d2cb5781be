"""The key dates panel: Business Go Live, the rules every other key date follows, and the dates."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import (
    QDate,
    QEvent,
    QModelIndex,
    QObject,
    Qt,
)
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QBoxLayout,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cutover_desktop.domain.changes import Changes
from cutover_desktop.domain.errors import CutoverError, ValidationError
from cutover_desktop.domain.formatting import plural, uk_date
from cutover_desktop.domain.keydates import KeyDate, KeyDateRules, TglRule, derive_key_dates
from cutover_desktop.domain.model import CalendarDay, CalendarDayKind
from cutover_desktop.domain.suggestions import key_date_problems
from cutover_desktop.domain.warnings import key_date_findings
from cutover_desktop.ui.countdown import days_away
from cutover_desktop.ui.date_entry import DateEntry
from cutover_desktop.ui.dialogs.calendar_day_dialog import CalendarDayDialog
from cutover_desktop.ui.dialogs.practice_dialog import PracticeDialog
from cutover_desktop.ui.go_live_suggestions import GoLiveSuggestionsBox
from cutover_desktop.ui.models.key_dates_model import (
    CAL_DAY,
    CAL_KIND,
    CAL_NOTE,
    CALENDAR_HEADERS,
    COL_DATE,
    COL_FROM_BGL,
    COL_NAME,
    COL_NOTE,
    DAY_ROLE,
    HEADERS,
    CalendarDaysModel,
    KeyDatesModel,
    day_note,
)
from cutover_desktop.ui.practice_calendar_box import (
    PracticeCalendarBox,
    message_label,
    say,
    what_moved,
)
from cutover_desktop.ui.session import PlanSession
from cutover_desktop.ui.tables import set_up_read_only_table

# Kept importable from here, where they used to live.
__all__ = ["CAL_DAY", "CAL_KIND", "CAL_NOTE", "CALENDAR_HEADERS", "COL_DATE", "COL_FROM_BGL",
           "COL_NAME", "COL_NOTE", "DAY_ROLE", "HEADERS", "CalendarDaysModel", "KeyDatesModel",
           "KeyDatesPanel", "day_note", "what_moved"]
_TGL_RULES = {
    TglRule.WORKING_DAY_BEFORE: "The working day before Business Go Live",
    TglRule.CALENDAR_DAY_BEFORE: "The calendar day before Business Go Live",
}
# The rules' number fields: (field name, label, what the number counts from).
_RULE_FIELDS = (
    ("fdp_days_before_bgl", "F&inal Data Production", "before Business Go Live"),
    ("link_off_days_before_fdp", "&Links switched off", "before Final Data Production"),
    ("planning_days_before_fdp", "Planning mee&ting", "before Final Data Production"),
    ("read_only_days_after_bgl", "&Read-only access ends", "after Business Go Live"),
    ("support_days_after_bgl", "Legacy s&upport ends", "after Business Go Live"),
)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class KeyDatesPanel(QWidget):
    """Where the go-live date and the key-date rules are set, and the key dates are read."""

    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._pending_go_live: date | None = None
        self._own_edit = False
        self.setAccessibleName("Key dates")

        content = QWidget(self)
        self._columns = QBoxLayout(QBoxLayout.Direction.LeftToRight, content)
        left = QVBoxLayout()
        left.addWidget(self._build_practice(content))
        left.addWidget(self._build_go_live(content))
        self.suggestions_box = GoLiveSuggestionsBox(content)
        self.suggestions_box.chosen.connect(self._on_suggestion_chosen)
        left.addWidget(self.suggestions_box)
        left.addWidget(self._build_rules(content))
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self._build_table(content))
        right.addWidget(self._build_confirmation(content))
        self.calendar_box = PracticeCalendarBox(session, content)
        box = self.calendar_box  # its parts, by the names they had on this panel
        self.calendar_model, self.calendar_view = box.calendar_model, box.calendar_view
        self.calendar_empty, self.calendar_message = box.calendar_empty, box.calendar_message
        self.add_closure_button = box.add_closure_button
        self.add_working_button = box.add_working_button
        self.remove_day_button = box.remove_day_button
        right.addWidget(box)
        right.addStretch(1)
        self._left, self._right = left, right
        self._columns.addLayout(left, 1)
        self._columns.addLayout(right, 1)

        scroll = QScrollArea(self)
        scroll.setWidget(content)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll = scroll
        self._content = content
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        content.installEventFilter(self)

        session.changed.connect(self._on_session_changed)
        session.plan_opened.connect(self._on_session_plan_opened)
        self.refresh()

    # Building

    def _build_practice(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox("Practice", parent)
        form = QFormLayout(box)
        self.practice_labels: dict[str, QLabel] = {}
        for key, title in (("name", "Practice"), ("ods", "ODS code"),
                           ("suppliers", "Moving"), ("sites", "Sites")):
            label = QLabel(box)
            label.setObjectName(f"practice-{key}")
            label.setAccessibleName(title)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(f"{title}:", label)
            self.practice_labels[key] = label
        self.edit_practice_button = QPushButton("&Edit practice details…", box)
        self.edit_practice_button.setAccessibleName("Edit the practice details")
        self.edit_practice_button.setToolTip(
            "Change the practice's name, ODS code, systems and sites (one undo step)")
        row = QHBoxLayout()
        row.addWidget(self.edit_practice_button)
        row.addStretch(1)
        form.addRow(row)
        self.practice_dialog: PracticeDialog | None = None
        self.edit_practice_button.clicked.connect(self._on_edit_practice_button_clicked)
        return box

    def _build_go_live(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox("Business Go Live", parent)
        self.go_live_edit = DateEntry(parent=box)
        self.go_live_edit.setObjectName("go-live")
        self.go_live_edit.setAccessibleName("Business Go Live date")
        self.go_live_edit.setDisplayFormat("dd/MM/yyyy")
        self.go_live_edit.setCalendarPopup(True)
        self.go_live_edit.setDateRange(QDate(2000, 1, 1), QDate(2099, 12, 31))
        label = QLabel("&Go-live date:", box)
        label.setBuddy(self.go_live_edit)
        self.go_live_apply = QPushButton("&Move go-live", box)
        self.go_live_apply.setAccessibleName("Move Business Go Live to this date")
        self.go_live_apply.setToolTip("Move Business Go Live; every task hung from a key date "
                                      "moves with it (one undo step)")
        self.go_live_message = message_label(box, "go-live-message")
        self.go_live_message.setAccessibleName("About the new go-live date")
        self.go_live_confirm = QPushButton("Move &anyway", box)
        self.go_live_confirm.setAccessibleName("Move go-live to this date anyway")
        self.go_live_cancel = QPushButton("Keep the current date", box)
        self.go_live_cancel.setAccessibleName("Keep the current go-live date")
        self.go_live_confirm.hide()
        self.go_live_cancel.hide()

        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.go_live_edit)
        row.addWidget(self.go_live_apply)
        row.addStretch(1)
        confirm_row = QHBoxLayout()
        confirm_row.addWidget(self.go_live_confirm)
        confirm_row.addWidget(self.go_live_cancel)
        confirm_row.addStretch(1)
        layout = QVBoxLayout(box)
        layout.addLayout(row)
        layout.addWidget(self.go_live_message)
        layout.addLayout(confirm_row)

        self.go_live_apply.clicked.connect(self._on_go_live_apply_clicked)
        self.go_live_confirm.clicked.connect(self._on_go_live_confirm_clicked)
        self.go_live_cancel.clicked.connect(self._on_go_live_cancel_clicked)
        self.go_live_edit.dateChanged.connect(self._on_go_live_edit_changed)
        return box

    def _build_rules(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox("How the other key dates follow", parent)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.tgl_rule_combo = QComboBox(box)
        self.tgl_rule_combo.setAccessibleName("Technical Go Live rule")
        for rule, text in _TGL_RULES.items():
            self.tgl_rule_combo.addItem(text, rule)
        form.addRow("Tech&nical Go Live:", self.tgl_rule_combo)
        self.rule_spins: dict[str, QSpinBox] = {}
        for name, label, counted_from in _RULE_FIELDS:
            spin = QSpinBox(box)
            spin.setObjectName(f"rule-{name}")
            # Wider than the engine allows: it explains its own limits.
            spin.setRange(0, 999)
            spin.setAccessibleName(f"{label.replace('&', '')}: days {counted_from}")
            words = QLabel(f"days {counted_from}", box)
            words.setObjectName(f"rule-words-{name}")
            spin.valueChanged.connect(
                lambda value, words=words, counted_from=counted_from:
                words.setText(f"{'day' if value == 1 else 'days'} {counted_from}"))
            row = QHBoxLayout()
            row.addWidget(spin)
            row.addWidget(words)
            row.addStretch(1)
            caption = QLabel(f"{label}:", box)
            caption.setBuddy(spin)
            form.addRow(caption, row)
            self.rule_spins[name] = spin
        self.rules_apply = QPushButton("Appl&y rules", box)
        self.rules_apply.setAccessibleName("Apply the key-date rules")
        self.rules_reset = QPushButton("&Back to the plan's rules", box)
        self.rules_reset.setAccessibleName("Put back the rules the plan uses")
        buttons = QHBoxLayout()
        buttons.addWidget(self.rules_apply)
        buttons.addWidget(self.rules_reset)
        buttons.addStretch(1)
        form.addRow(buttons)
        self.rules_message = message_label(box, "rules-message")
        self.rules_message.setAccessibleName("About the key-date rules")
        form.addRow(self.rules_message)
        self.rules_apply.clicked.connect(self._on_rules_apply_clicked)
        self.rules_reset.clicked.connect(self._on_rules_reset_clicked)
        return box

    def _build_table(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox("Key dates", parent)
        self.key_dates_model = KeyDatesModel(self)
        # Seven rows: wrapping the notes costs nothing and hides no words.
        table = set_up_read_only_table(QTableView(box), self.key_dates_model,
                                       "Key dates table", object_name="key-dates", wrap=True)
        table.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = table.horizontalHeader()
        for column in (COL_NAME, COL_DATE, COL_FROM_BGL):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_NOTE, QHeaderView.ResizeMode.Stretch)
        table.activated.connect(self._on_key_dates_view_activated)
        self.key_dates_view = table
        layout = QVBoxLayout(box)
        layout.addWidget(table)
        return box

    def _build_confirmation(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox("Go-live re-confirmed with the supplier", parent)
        self.confirmed_label = QLabel(box)
        self.confirmed_label.setObjectName("last-confirmed")
        self.confirmed_label.setAccessibleName("Last re-confirmation")
        self.confirmed_label.setWordWrap(True)
        self.confirm_edit = DateEntry(parent=box)
        self.confirm_edit.setObjectName("confirmed-on")
        self.confirm_edit.setAccessibleName("Date the supplier re-confirmed go-live")
        self.confirm_edit.setDisplayFormat("dd/MM/yyyy")
        self.confirm_edit.setCalendarPopup(True)
        label = QLabel("&Supplier re-confirmed on:", box)
        label.setBuddy(self.confirm_edit)
        self.confirm_button = QPushButton("Re&cord", box)
        self.confirm_button.setAccessibleName("Record the go-live re-confirmation")
        self.confirm_message = message_label(box, "confirm-message")
        self.confirm_message.setAccessibleName("About the re-confirmation")
        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.confirm_edit)
        row.addWidget(self.confirm_button)
        row.addStretch(1)
        layout = QVBoxLayout(box)
        layout.addWidget(self.confirmed_label)
        layout.addLayout(row)
        layout.addWidget(self.confirm_message)
        self.confirm_button.clicked.connect(self._on_confirm_button_clicked)
        return box

    # Two columns when there is room, one when the panel is narrow

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange()

    def _table_width(self) -> int:
        """The width the key-dates table needs; its own size hint grows with its width."""
        view = self.key_dates_view
        header = view.horizontalHeader()
        columns = sum(header.sectionSize(c) for c in (COL_NAME, COL_DATE, COL_FROM_BGL))
        note = header.sectionSizeHint(COL_NOTE) * 2
        return columns + note + 2 * view.frameWidth() + 40

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._content and event.type() == QEvent.Type.LayoutRequest:
            self._arrange()
        return super().eventFilter(watched, event)

    def _arrange(self) -> None:
        margins = self._columns.contentsMargins()
        needed = (self._left.sizeHint().width() + self._table_width()
                  + self._columns.spacing() + margins.left() + margins.right())
        room = self.width() - self._scroll.verticalScrollBar().sizeHint().width()
        direction = (QBoxLayout.Direction.LeftToRight if room >= needed
                     else QBoxLayout.Direction.TopToBottom)
        if self._columns.direction() != direction:
            self._columns.setDirection(direction)

    # Refreshing

    def refresh(self) -> None:
        """Read the plan again and show it; fields being edited are put back."""
        service = self._session.service
        details = service.details
        today = service.today()
        labels = self.practice_labels
        labels["name"].setText(details.practice_name)
        labels["ods"].setText(details.ods_code)
        if details.old_supplier or details.new_supplier:
            labels["suppliers"].setText(f"from {details.old_supplier or 'the old system'} "
                                        f"to {details.new_supplier or 'the new system'}")
        else:
            labels["suppliers"].setText("Suppliers not given")
        labels["sites"].setText(", ".join(details.sites) or "No sites given")

        self._pending_go_live = None
        self._set_confirming(False)
        self.go_live_edit.blockSignals(True)
        self.go_live_edit.setDate(_qdate(details.go_live))
        self.go_live_edit.blockSignals(False)
        self._show_rules(details.rules)
        self.key_dates_model.set_dates(service.schedule().key_dates, service.state.calendar)
        problems = key_date_problems(key_date_findings(details, service.state.calendar))
        problems += [finding for finding in service.findings()
                     if finding.code == "GO_LIVE_TOO_CLOSE"]
        self.suggestions_box.show_suggestions(
            problems, service.suggested_go_live(3) if problems else [], details.go_live,
            not service.read_only)
        self.calendar_box.refresh()

        confirmed = details.go_live_confirmed_on
        supplier = details.new_supplier or "the new supplier"
        if confirmed is None:
            self.confirmed_label.setText(
                f"Not yet re-confirmed with {supplier} since the go-live date was set. In the "
                "last four weeks before go-live, re-confirm it at least every 14 days.")
        else:
            self.confirmed_label.setText(
                f"Last re-confirmed with {supplier} on {uk_date(confirmed)} "
                f"({days_away((confirmed - today).days)}).")
        self.confirm_edit.setMaximumDate(_qdate(today))
        self.confirm_edit.setDate(_qdate(today))
        editable = not service.read_only
        for widget in (self.go_live_apply, self.rules_apply, self.confirm_button,
                       self.edit_practice_button):
            widget.setEnabled(editable)
        self._arrange()

    def _show_rules(self, rules: KeyDateRules) -> None:
        self.tgl_rule_combo.setCurrentIndex(self.tgl_rule_combo.findData(rules.tgl_rule))
        for name, spin in self.rule_spins.items():
            spin.setValue(getattr(rules, name))

    def rules_entered(self) -> KeyDateRules:
        """The rules as the fields show them now (not yet applied)."""
        values = {name: spin.value() for name, spin in self.rule_spins.items()}
        # Qt hands enum data back as plain text.
        return KeyDateRules(tgl_rule=TglRule(self.tgl_rule_combo.currentData()), **values)

    # Business Go Live

    def go_live_entered(self) -> date:
        return _pydate(self.go_live_edit.date())

    def apply_go_live(self) -> None:
        """Move go-live to the date entered, first asking when the date looks wrong."""
        service = self._session.service
        day = self.go_live_entered()
        if day == service.details.go_live:
            say(self.go_live_message, "That is already the Business Go Live date.")
            return
        doubts = []
        why_not = service.state.calendar.why_not_working(day)
        if why_not:
            doubts.append(f"{uk_date(day)} is not a working day: it is {why_not}.")
        today = service.today()
        if day < today:
            doubts.append(f"{uk_date(day)} is in the past "
                          f"({plural((today - day).days, 'day')} ago).")
        if doubts:
            derived = derive_key_dates(day, service.details.rules, service.state.calendar)
            doubts.append(f"Technical Go Live would be {uk_date(derived[KeyDate.TGL])} and "
                          f"Final Data Production {uk_date(derived[KeyDate.FDP])}. "
                          "Move go-live to this date anyway?")
            self._pending_go_live = day
            say(self.go_live_message, " ".join(doubts), problem=True)
            self._set_confirming(True)
            return
        self._move_go_live(day)

    def _on_suggestion_chosen(self, day: object) -> None:
        assert isinstance(day, date)
        self._move_go_live(day)

    def _move_go_live(self, day: date) -> None:
        service = self._session.service
        old = service.details.go_live
        try:
            self._own_edit = True
            self._session.try_edit(service.set_go_live, day)
        except CutoverError as exc:
            say(self.go_live_message, exc.message, problem=True)
            return
        finally:
            self._own_edit = False
        say(self.go_live_message,
                  f"Business Go Live moved from {uk_date(old)} to {uk_date(day)}; every task "
                  "hung from a key date moved with it. Undo puts it back.")

    def _set_confirming(self, confirming: bool) -> None:
        self.go_live_confirm.setVisible(confirming)
        self.go_live_cancel.setVisible(confirming)
        self.go_live_apply.setEnabled(not confirming and not self._session.service.read_only)
        if confirming:
            self.go_live_confirm.setFocus()

    def _on_go_live_apply_clicked(self) -> None:
        self.apply_go_live()

    def _on_go_live_confirm_clicked(self) -> None:
        day = self._pending_go_live
        self._pending_go_live = None
        self._set_confirming(False)
        if day is not None:
            self._move_go_live(day)

    def _on_go_live_cancel_clicked(self) -> None:
        self._pending_go_live = None
        self._set_confirming(False)
        self.go_live_edit.setDate(_qdate(self._session.service.details.go_live))
        say(self.go_live_message, "")
        self.go_live_edit.setFocus()

    def _on_go_live_edit_changed(self, _value: QDate) -> None:
        # A question about one date must not be answered for another.
        if self._pending_go_live is not None:
            self._pending_go_live = None
            self._set_confirming(False)
            say(self.go_live_message, "")

    # Rules

    def apply_rules(self) -> None:
        service = self._session.service
        rules = self.rules_entered()
        if rules == service.details.rules:
            say(self.rules_message, "These are already the plan's rules.")
            return
        try:
            self._own_edit = True
            self._session.try_edit(service.set_key_date_rules, rules)
        except CutoverError as exc:
            say(self.rules_message, exc.message, problem=True)
            field = exc.field if isinstance(exc, ValidationError) else None
            if field in self.rule_spins:
                self.rule_spins[field].setFocus()
                self.rule_spins[field].selectAll()
            return
        finally:
            self._own_edit = False
        say(self.rules_message,
                  "Rules applied: the key dates and the tasks hung from them have moved.")

    def _on_rules_apply_clicked(self) -> None:
        self.apply_rules()

    def _on_rules_reset_clicked(self) -> None:
        self._show_rules(self._session.service.details.rules)
        say(self.rules_message, "")

    # Re-confirmation

    def _on_confirm_button_clicked(self) -> None:
        service = self._session.service
        day = _pydate(self.confirm_edit.date())
        try:
            self._own_edit = True
            self._session.try_edit(service.confirm_go_live, day)
        except CutoverError as exc:
            say(self.confirm_message, exc.message, problem=True)
            return
        finally:
            self._own_edit = False
        say(self.confirm_message, f"Recorded: re-confirmed on {uk_date(day)}.")

    # Practice details

    def edit_practice_details(self) -> PracticeDialog:
        """Open the practice details dialog (window-modal); returns it."""
        dialog = PracticeDialog(self._session, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.practice_dialog = dialog
        dialog.finished.connect(self._on_practice_dialog_finished)
        dialog.open()
        return dialog

    def _on_edit_practice_button_clicked(self) -> None:
        self.edit_practice_details()

    def _on_practice_dialog_finished(self, _result: int) -> None:
        self.practice_dialog = None

    # The practice calendar (its own box)

    @property
    def calendar_dialog(self) -> CalendarDayDialog | None:
        return self.calendar_box.calendar_dialog

    def add_calendar_day(self, kind: CalendarDayKind) -> CalendarDayDialog:
        return self.calendar_box.add_calendar_day(kind)

    def selected_calendar_day(self) -> CalendarDay | None:
        return self.calendar_box.selected_calendar_day()

    def remove_calendar_day(self) -> None:
        self.calendar_box.remove_calendar_day()

    # Session

    def _on_key_dates_view_activated(self, index: QModelIndex) -> None:
        day = index.data(DAY_ROLE)
        if day is not None:
            self._session.date_requested.emit(day)

    def _on_session_changed(self, _changes: Changes) -> None:
        if not (self._own_edit or self.calendar_box.own_edit):
            # Someone else changed the plan (an undo, say): old messages no longer hold.
            for label in (self.go_live_message, self.rules_message, self.confirm_message,
                          self.calendar_message):
                say(label, "")
        self.refresh()

    def _on_session_plan_opened(self) -> None:
        for label in (self.go_live_message, self.rules_message, self.confirm_message,
                      self.calendar_message):
            say(label, "")
        self.refresh()
