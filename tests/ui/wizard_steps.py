"""Steps through the New migration wizard that its tests share."""

from __future__ import annotations

from datetime import date

from cutover_desktop.ui.new_plan_wizard import NewPlanWizard
from tests.conftest import TODAY


def shown_wizard(qtbot, today: date = TODAY) -> NewPlanWizard:  # type: ignore[no-untyped-def]
    wizard = NewPlanWizard(today=today)
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def to_go_live_page(wizard: NewPlanWizard, name: str = "Riverside Surgery",
                    ods: str = "A81001") -> None:
    """Names the practice and goes on past the systems page (its defaults) to the go-live page."""
    wizard.practice_page.name_edit.setText(name)
    wizard.practice_page.ods_edit.setText(ods)
    wizard.next()
    wizard.next()
