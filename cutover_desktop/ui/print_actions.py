"""Printing and exchange for the main window: print previews, PDFs, exports, imports, templates.

The main window makes one `PrintActions(session, parent)` and calls its methods from menu
items. Each printout is built from the plan as it is at that moment and shown in a print
preview, from which it can go to a printer or a PDF file. Dialogs are opened window-modal
with `open()`, never `exec()`, and returned so a caller (or a test) can follow them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox, QWidget

from cutover_desktop.domain.errors import CutoverError
from cutover_desktop.domain.formatting import plural
from cutover_desktop.domain.ids import TaskId
from cutover_desktop.paths import safe_file_stem, why_not_replaced
from cutover_desktop.ui.session import PlanSession

if TYPE_CHECKING:
    # Printing and exchange are loaded when first used, not when the window starts.
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

    from cutover_desktop.printing.output import Printable
    from cutover_desktop.services.exchange import ExchangeService
    from cutover_desktop.services.printouts import Printouts
    from cutover_desktop.services.project_preview import ProjectPreview
    from cutover_desktop.ui.dialogs.print_day_dialog import DayChoice, PrintDayDialog
    from cutover_desktop.ui.project_preview import ProjectImportDialog

log = logging.getLogger(__name__)
FILE_FILTERS = {
    "ics": "Calendar files (*.ics)",
    "csv": "CSV files (*.csv)",
    "xlsx": "Excel workbooks (*.xlsx)",
    "pdf": "PDF files (*.pdf)",
    "json": "Plan templates (*.json)",
    "xml": "MS Project XML (*.xml)",
}


def describe_task_filter(proxy: object) -> str:
    """How a TaskFilterProxy is filtered, in words, for the printed task list's heading."""
    parts = []
    phase = getattr(proxy, "_phase", "")
    if phase:
        parts.append(f"phase {phase}")
    status = getattr(proxy, "_status", None)
    if status is not None:
        parts.append(f"status {status.label.lower()}")
    owner = getattr(proxy, "_owner", "")
    if owner:
        parts.append(f"owner role containing “{owner}”")
    start, end = getattr(proxy, "_from", None), getattr(proxy, "_to", None)
    if start or end:
        parts.append(f"dates {start.isoformat() if start else '…'} to "
                     f"{end.isoformat() if end else '…'}")
    words = getattr(proxy, "_words", [])
    if words:
        parts.append(f"text “{' '.join(words)}”")
    return "; ".join(parts)


class PrintActions(QObject):
    """Every print and exchange action, for the plan open in the session.

    Methods that show something return the dialog they opened (None when the person
    cancelled a file choice or the action was refused with a message).
    """

    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.parent_widget = parent
        self.open_dialogs: list[QDialog] = []
        self.last_message: QMessageBox | None = None
        self._printers: dict[QDialog, QPrinter] = {}

    # Building blocks

    def printouts(self) -> Printouts:
        from cutover_desktop.services.printouts import Printouts

        return Printouts(self.session.service)

    def exchange(self) -> ExchangeService:
        from cutover_desktop.services.exchange import ExchangeService

        return ExchangeService(self.session.service)

    def _keep(self, dialog: QDialog) -> QDialog:
        self.open_dialogs.append(dialog)
        dialog.finished.connect(lambda _result, d=dialog: self._forget(d))
        return dialog

    def _forget(self, dialog: QDialog) -> None:
        if dialog in self.open_dialogs:
            self.open_dialogs.remove(dialog)
        dialog.deleteLater()

    def _message(self, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self.parent_widget)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setAccessibleName(title)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.last_message = box
        self._keep(box)
        box.open()
        return box

    def _refuse(self, title: str, exc: CutoverError) -> None:
        self._message(QMessageBox.Icon.Warning, title, exc.message)

    def _build(self, title: str, build: Callable[[], Printable]) -> Printable | None:
        try:
            return build()
        except CutoverError as exc:
            self._refuse(title, exc)
            return None

    # Printing

    def preview(self, printable: Printable) -> QPrintPreviewDialog:
        """Show a printout in a print preview; from there it goes to a printer or a PDF."""
        from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

        from cutover_desktop.printing.output import set_up_printer

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        set_up_printer(printer, printable)
        dialog = QPrintPreviewDialog(printer, self.parent_widget)
        dialog.setWindowTitle(f"Print preview: {printable.title}")
        dialog.setAccessibleName(f"Print preview: {printable.title}")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.paintRequested.connect(lambda target: self._paint(printable, target))
        screen = (self.parent_widget.screen() if self.parent_widget is not None else None) \
            or QGuiApplication.primaryScreen()
        room = screen.availableGeometry() if screen is not None else None
        dialog.resize(min(900, room.width() * 9 // 10) if room else 900,
                      min(1000, room.height() * 9 // 10) if room else 1000)
        # The dialog only points at the printer: keep it alive as long as the dialog.
        self._printers[dialog] = printer
        dialog.destroyed.connect(lambda _obj=None, d=dialog: self._printers.pop(d, None))
        self._keep(dialog)
        dialog.open()
        return dialog

    def _paint(self, printable: Printable, printer: QPrinter) -> None:
        from cutover_desktop.printing.output import render

        target = printer.outputFileName()
        if target and why_not_replaced(Path(target)) is not None:
            # "Print to file" pointed at a plan: nothing is drawn, so the file is not opened.
            printer.setOutputFileName("")
            self._refuse("Printing", CutoverError(
                f"The printout was not saved: {Path(target).name} is a plan, and printing "
                "never replaces a plan. Choose another file name. Nothing was changed."))
            return
        try:
            render(printable, printer)
        except CutoverError as exc:
            self._refuse("Printing", exc)

    def _print(self, title: str, build: Callable[[], Printable]) -> QPrintPreviewDialog | None:
        printable = self._build(title, build)
        return self.preview(printable) if printable is not None else None

    def print_day(self, day: date, person: str | None = None) -> QPrintPreviewDialog | None:
        """The day schedule for a date, for everyone or for one person in the staff register."""
        return self._print("Print the day schedule", lambda: self.printouts().day(day, person))

    def print_person(self, person: str, first: date | None = None,
                     last: date | None = None) -> QPrintPreviewDialog | None:
        """One person's tasks day by day (their cut-over fortnight unless days are given)."""
        return self._print("Print a person's schedule",
                           lambda: self.printouts().person(person, first, last))

    def print_week(self, day: date) -> QPrintPreviewDialog | None:
        return self._print("Print the week", lambda: self.printouts().week(day))

    def print_task_list(self, task_ids: Sequence[int] | None = None,
                        filter_text: str = "") -> QPrintPreviewDialog | None:
        """The tasks as the list on screen shows them (ids in screen order); all when None."""
        ids = None if task_ids is None else [TaskId(t) for t in task_ids]
        return self._print("Print the task list",
                           lambda: self.printouts().task_list(ids, filter_text))

    def print_timeline(self) -> QPrintPreviewDialog | None:
        return self._print("Print the timeline", lambda: self.printouts().timeline())

    def print_coverage(self, first: date | None = None,
                       last: date | None = None) -> QPrintPreviewDialog | None:
        return self._print("Print staff coverage",
                           lambda: self.printouts().coverage(first, last))

    def print_registers(self, name: str | None = None) -> QPrintPreviewDialog | None:
        """The cut-over registers (paper re-entry, held registrations, links, MESH, equipment,
        issues with the burn-down chart), or one of them by its key ("issues", ...)."""
        return self._print("Print the cut-over registers",
                           lambda: self.printouts().registers(name))

    def print_evidence_pack(self) -> QPrintPreviewDialog | None:
        return self._print("Print the sign-off evidence pack",
                           lambda: self.printouts().evidence_pack())

    def choose_day(self, day: date | None = None) -> PrintDayDialog:
        """Ask which day (and whose schedule, or the week) to print, then show the preview."""
        from cutover_desktop.ui.dialogs.print_day_dialog import PrintDayDialog

        service = self.session.service
        dialog = PrintDayDialog(day or service.today(), self.printouts().people(),
                                self.parent_widget)
        dialog.accepted.connect(lambda: self._on_day_dialog_accepted(dialog.choice()))
        self._keep(dialog)
        dialog.open()
        return dialog

    def _on_day_dialog_accepted(self, choice: DayChoice) -> None:
        from cutover_desktop.ui.dialogs.print_day_dialog import DayPrintout

        if choice.kind is DayPrintout.WEEK:
            self.print_week(choice.day)
        elif choice.kind is DayPrintout.PERSON_FORTNIGHT and choice.person:
            self.print_person(choice.person)
        else:
            self.print_day(choice.day, choice.person)

    def save_pdf(self, printable: Printable, path: Path | None = None) -> Path | None:
        """Write a printout straight to a PDF file (asking where when no path is given)."""
        path = path or self._ask_save_path(f"Save “{printable.title}” as PDF", "pdf",
                                           printable.title)
        if path is None:
            return None
        from cutover_desktop.printing.output import write_pdf

        try:
            pages = write_pdf(printable, path)
        except CutoverError as exc:
            self._refuse("Save as PDF", exc)
            return None
        self._message(QMessageBox.Icon.Information, "Saved as PDF",
                      f"Saved {path.name} ({plural(pages, 'page')}).")
        return path

    # Files

    def _start_folder(self) -> Path:
        path = self.session.service.path
        return path.parent if path is not None else Path.home()

    def _ask_save_path(self, caption: str, fmt: str, stem: str) -> Path | None:
        suggested = self._start_folder() / f"{safe_file_stem(stem)}.{fmt}"
        name, _filter = QFileDialog.getSaveFileName(self.parent_widget, caption,
                                                    str(suggested), FILE_FILTERS[fmt])
        if not name:
            return None
        path = Path(name)
        return path if path.suffix else path.with_name(f"{path.name}.{fmt}")

    def _export(self, fmt: str, path: Path | None, person: str | None) -> Path | None:
        details = self.session.service.details
        stem = f"{details.practice_name} tasks" + (f" {person}" if person else "")
        path = path or self._ask_save_path(f"Export the tasks as {fmt.upper()}", fmt, stem)
        if path is None:
            return None
        try:
            count = self.exchange().export(path, fmt, person)
        except CutoverError as exc:
            self._refuse("Export", exc)
            return None
        self._message(QMessageBox.Icon.Information, "Exported",
                      f"Wrote {plural(count, 'task')} to {path.name}.")
        return path

    def export_ics(self, path: Path | None = None, person: str | None = None) -> Path | None:
        """The tasks (all, or one person's) as a calendar file for Outlook or NHSmail."""
        return self._export("ics", path, person)

    def export_csv(self, path: Path | None = None, person: str | None = None) -> Path | None:
        return self._export("csv", path, person)

    def export_xlsx(self, path: Path | None = None, person: str | None = None) -> Path | None:
        return self._export("xlsx", path, person)

    def export_people(self, kind: str, path: Path | None = None,
                      fmt: str = "xlsx") -> Path | None:
        """The staff register (kind "staff") or the absences ("absences") as XLSX or CSV, in
        the columns the import reads back."""
        details = self.session.service.details
        path = path or self._ask_save_path(f"Export the {kind}", fmt,
                                           f"{details.practice_name} {kind}")
        if path is None:
            return None
        try:
            count = self.exchange().export(path, path.suffix.lstrip(".") or fmt, kind=kind)
        except CutoverError as exc:
            self._refuse("Export", exc)
            return None
        noun = {"staff": ("person", "people")}.get(kind, ("absence", None))
        self._message(QMessageBox.Icon.Information, "Exported",
                      f"Wrote {plural(count, *noun)} to {path.name}.")
        return path

    def import_file(self, path: Path | None = None) -> bool:
        """Import tasks, staff or absences from CSV or XLSX, as one undo step. A file with any
        bad row is refused whole, with each row, column and problem listed."""
        from cutover_desktop.ui.imports import REFUSED, import_filter, import_into

        if path is None:
            name, _filter = QFileDialog.getOpenFileName(
                self.parent_widget, "Import tasks, staff or absences", str(self._start_folder()),
                import_filter())
            if not name:
                return False
            path = Path(name)
        if path.suffix.casefold() == ".xml":  # tasks from MS Project: a preview comes first
            return self.import_msproject(path) is not None
        try:
            result = import_into(self.session, path)
        except CutoverError as exc:
            self._refuse(REFUSED, exc)
            return False
        self._message(QMessageBox.Icon.Information, "Imported", result.summary(path.name))
        return bool(result.changes)

    def export_msproject(self, path: Path | None = None) -> Path | None:
        """The whole plan as MS Project XML, for Microsoft Project, ProjectLibre or
        GanttProject."""
        from cutover_desktop.services.project_exchange import export_project

        details = self.session.service.details
        path = path or self._ask_save_path("Export as MS Project XML", "xml",
                                           f"{details.practice_name} plan")
        if path is None:
            return None
        try:
            count = export_project(self.session.service, path)
        except CutoverError as exc:
            self._refuse("Export", exc)
            return None
        self._message(QMessageBox.Icon.Information, "Exported",
                      f"Wrote {plural(count, 'task')} to {path.name}, with the phases, links, "
                      "working days, staff and key dates.")
        return path

    def import_msproject(self, path: Path | None = None) -> ProjectImportDialog | None:
        """Read an MS Project XML file and show what it brings in and what it cannot, before
        anything changes; the tasks go in (one undo step) when the person agrees."""
        from cutover_desktop.services.project_preview import preview_project
        from cutover_desktop.ui.imports import REFUSED
        from cutover_desktop.ui.project_preview import ProjectImportDialog

        if path is None:
            name, _filter = QFileDialog.getOpenFileName(
                self.parent_widget, "Import tasks from MS Project", str(self._start_folder()),
                FILE_FILTERS["xml"])
            if not name:
                return None
            path = Path(name)
        try:
            preview = preview_project(path)
        except CutoverError as exc:
            self._refuse(REFUSED, exc)
            return None
        dialog = ProjectImportDialog(preview, self.parent_widget)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.accepted.connect(lambda: self.import_project_now(dialog.value()))
        self._keep(dialog)
        dialog.open()
        return dialog

    def import_project_now(self, preview: ProjectPreview) -> bool:
        from cutover_desktop.services.project_exchange import import_project
        from cutover_desktop.ui.imports import REFUSED

        try:
            changes = self.session.try_edit(import_project, self.session.service, preview)
        except CutoverError as exc:
            self._refuse(REFUSED, exc)
            return False
        self._message(QMessageBox.Icon.Information, "Imported", f"{changes.label}.")
        return bool(changes)

    def save_template(self, path: Path | None = None, name: str | None = None) -> Path | None:
        """Save the plan's tasks as a template file that a new plan can be made from."""
        details = self.session.service.details
        if name is None:
            name, ok = QInputDialog.getText(self.parent_widget, "Save as template",
                                            "Template name:", text=f"{details.practice_name} "
                                                                    "template")
            if not ok:
                return None
        path = path or self._ask_save_path("Save the plan as a template", "json", name)
        if path is None:
            return None
        try:
            saved = self.exchange().save_template(path, name)
        except CutoverError as exc:
            self._refuse("Save as template", exc)
            return None
        count = len(self.session.service.state.tasks)
        self._message(QMessageBox.Icon.Information, "Template saved",
                      f"Saved {plural(count, 'task')} as the template “{name.strip()}” in "
                      f"{saved.name}. Choose it under “A template file” when making a new plan.")
        return saved
