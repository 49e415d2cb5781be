"""A date or a count that may be none: the tick box switches the editor off, the value to none."""

from __future__ import annotations

from datetime import date

from cutover_desktop.ui.forms import OptionalCountEdit, OptionalDateEdit


def test_a_date_or_none_follows_its_tick_box(qtbot) -> None:
    edit = OptionalDateEdit(None, "Not yet", "Tested on", default=date(2027, 3, 16))
    qtbot.addWidget(edit)
    assert edit.value() is None and not edit.date_edit.isEnabled()
    assert edit.focusProxy() is edit.date_edit
    edit.none_check.setChecked(False)
    assert edit.date_edit.isEnabled() and edit.value() == date(2027, 3, 16)
    edit.none_check.setChecked(True)
    assert not edit.date_edit.isEnabled() and edit.value() is None


def test_a_count_or_none_follows_its_tick_box(qtbot) -> None:
    edit = OptionalCountEdit(5, "Not known", "Notice needed", minimum=0, maximum=365)
    qtbot.addWidget(edit)
    assert edit.value() == 5 and edit.spin.isEnabled() and not edit.none_check.isChecked()
    assert edit.none_check.accessibleName() == "Notice needed: Not known"
    edit.none_check.setChecked(True)
    assert not edit.spin.isEnabled() and edit.value() is None
