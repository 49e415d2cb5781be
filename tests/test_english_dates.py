"""Days and months read in English wherever they are shown or printed, whatever the
computer's language: strftime's %a, %A, %b and %B follow the language Qt sets when it starts
(on Linux, QCoreApplication calls setlocale), so a German system would print 'So' and 'Juni'
beside English words. Dates are spelt with domain/formatting's own names instead."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "cutover_desktop"
# A day or month name asked of strftime: in an f-string's format or a strftime pattern.
_BY_LOCALE = re.compile(r"%[aAbB]")


def test_no_module_asks_strftime_for_a_day_or_month_name() -> None:
    found = [f"{path.relative_to(PACKAGE.parent)}:{number}: {line.strip()}"
             for path in sorted(PACKAGE.rglob("*.py"))
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if _BY_LOCALE.search(line) and not line.lstrip().startswith("#")]
    assert found == []


def test_ruler_labels_backups_and_suggestions_spell_days_and_months_in_english() -> None:
    from cutover_desktop.domain.formatting import day_abbr, month_abbr, month_name
    from cutover_desktop.services.backups import Backup
    from cutover_desktop.ui.dialogs.restore_dialog import describe
    from cutover_desktop.ui.timeline.time_scale import TickUnit, tick_label

    sunday = date(2027, 6, 13)
    assert (day_abbr(sunday), month_abbr(sunday), month_name(sunday)) == ("Sun", "Jun", "June")
    assert tick_label(sunday, TickUnit.DAY, long=True) == "Sun 13"
    assert tick_label(sunday, TickUnit.WEEK) == "13 Jun"
    assert tick_label(sunday, TickUnit.MONTH, long=True) == "June 2027"
    backup = Backup(Path("plan.cutover"), datetime(2027, 3, 5, 9, 4, 7), "on-open")
    assert describe(backup).startswith("Fri 05 Mar 2027, 09:04:07 — ")
