"""A box that says which key-date rules a go-live date breaks and offers better dates."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QPushButton, QWidget

from cutover_desktop.domain.calendar import WorkingCalendar
from cutover_desktop.domain.formatting import uk_date
from cutover_desktop.domain.model import PlanDetails
from cutover_desktop.domain.suggestions import (
    GoLiveSuggestion,
    key_date_problems,
    suggest_go_live,
)
from cutover_desktop.domain.warnings import (
    PLAN_WEEKS_NEEDED,
    Finding,
    go_live_too_close,
    key_date_findings,
)

SHOWN = 3


class GoLiveSuggestionsBox(QGroupBox):
    """Hidden while the key dates break no rule.

    Signals:
        chosen(object): the person picked a suggested go-live date (datetime.date).
    """

    chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None, *, undoable: bool = True) -> None:
        super().__init__("Suggested go-live dates", parent)
        self._undoable = undoable  # false before a plan exists (the wizard)
        self.setAccessibleName("Suggested go-live dates")
        self.problems_label = QLabel(self)
        self.problems_label.setWordWrap(True)
        self.problems_label.setAccessibleName("Key-date rules the go-live date breaks")
        self.suggestions: list[GoLiveSuggestion] = []
        self.problems: list[Finding] = []
        self.buttons: list[QPushButton] = []
        self.reasons: list[QLabel] = []
        grid = QGridLayout(self)
        grid.addWidget(self.problems_label, 0, 0, 1, 2)
        for row in range(SHOWN):
            button = QPushButton(self)
            button.clicked.connect(lambda _checked=False, r=row: self._on_use_clicked(r))
            reason = QLabel(self)
            reason.setWordWrap(True)
            grid.addWidget(button, row + 1, 0)
            grid.addWidget(reason, row + 1, 1)
            self.buttons.append(button)
            self.reasons.append(reason)
        grid.setColumnStretch(1, 1)
        self.setVisible(False)

    def show_for(self, details: PlanDetails, calendar: WorkingCalendar,
                 earliest: date | None = None, editable: bool = True,
                 today: date | None = None) -> None:
        """Check a go-live date; when a key-date rule breaks, list the nearest good dates.
        Given today (before a plan exists, so nothing has started), a go-live too close to
        plan for is said too."""
        problems = key_date_problems(key_date_findings(details, calendar))
        too_close = None if today is None else go_live_too_close(details.go_live, today, False)
        if too_close is not None:
            problems.append(too_close)
        suggestions = suggest_go_live(details, calendar, SHOWN, earliest) if problems else []
        self.show_suggestions(problems, suggestions, details.go_live, editable)

    def show_suggestions(self, problems: list[Finding], suggestions: list[GoLiveSuggestion],
                         go_live: date, editable: bool = True) -> None:
        self.problems = problems
        if not problems:
            self.suggestions = []
            self.setVisible(False)
            return
        self.suggestions = suggestions[:SHOWN]
        lines = [f"✖ {problem.message}" for problem in problems]
        if self.suggestions:
            undo = " Using one is one undo step." if self._undoable else ""
            room = (f" and leave the {PLAN_WEEKS_NEEDED} weeks the guide plans for"
                    if any(p.code == "GO_LIVE_TOO_CLOSE" for p in problems) else "")
            lines.append(f"These go-live dates break no key-date rule{room} (nearest to "
                         f"{uk_date(go_live)} first).{undo}")
        else:
            lines.append("No go-live date within a year satisfies every key-date rule; "
                         "look at how the other key dates follow from go-live.")
        self.problems_label.setText("\n".join(lines))
        for row, (button, reason) in enumerate(zip(self.buttons, self.reasons, strict=True)):
            if row < len(self.suggestions):
                suggestion = self.suggestions[row]
                button.setText(f"Use {uk_date(suggestion.day)}")
                button.setAccessibleName(f"Use {uk_date(suggestion.day)} as go-live")
                button.setEnabled(editable)
                reason.setText(suggestion.why[0].upper() + suggestion.why[1:] + ".")
            button.setVisible(row < len(self.suggestions))
            reason.setVisible(row < len(self.suggestions))
        self.setVisible(True)

    def _on_use_clicked(self, row: int) -> None:
        if row < len(self.suggestions):
            self.chosen.emit(self.suggestions[row].day)
