"""Asking before an edit changes what a signed gate covers."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMessageBox

from cutover_desktop.domain.formatting import uk_date
from cutover_desktop.domain.signoff import GateStatus


def gate_change_text(changed: list[GateStatus]) -> tuple[str, str]:
    """The question and the detail: which gate, what would change, and what that means."""
    names = " and ".join(f"“{status.gate.title}”" for status in changed)
    gate_word = "gates" if len(changed) > 1 else "gate"
    question = (f"This edit changes what the signed {gate_word} {names} "
                f"{'cover' if len(changed) > 1 else 'covers'}.")
    lines = []
    for status in changed:
        signed = status.current
        who = (f"signed by {signed.signed_by} on {uk_date(signed.signed_at.astimezone().date())}"
               if signed is not None else "signed")
        lines.append(f"“{status.gate.title}” ({who}): {status.changes[0]}")
    lines.append(f"The {gate_word} will show as “changed since signed” on the Sign-offs tab and "
                 "the Dashboard until signed again. Make the change?")
    return question, "\n\n".join(lines)


def ask_before_gate_change(changed: list[GateStatus]) -> bool:
    """True to go on with the edit."""
    question, detail = gate_change_text(changed)
    box = QMessageBox(QApplication.activeWindow())
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Change a signed gate?")
    box.setText(question)
    box.setInformativeText(detail)
    go_on = box.addButton("Make the change", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Don't change it", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(go_on)
    box.exec()
    return box.clickedButton() is go_on
