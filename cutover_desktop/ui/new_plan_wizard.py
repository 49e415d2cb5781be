"""The New migration wizard: practice, systems, sites, go-live date, template, file."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import platformdirs
from PySide6.QtCore import Qt, SignalInstance
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from cutover_desktop.domain.calendar import WorkingCalendar
from cutover_desktop.domain.errors import CutoverError, ValidationError
from cutover_desktop.domain.formatting import uk_date
from cutover_desktop.domain.keydates import KeyDate, KeyDateRules, derive_key_dates
from cutover_desktop.domain.model import PlanDetails, check_ods_code
from cutover_desktop.domain.template import Template, load_template
from cutover_desktop.domain.warnings import earliest_go_live
from cutover_desktop.paths import user_data_dir
from cutover_desktop.services.plan_files import create_plan, default_template
from cutover_desktop.services.planner import PlanService
from cutover_desktop.services.project_exchange import create_plan_from_project
from cutover_desktop.services.project_preview import ProjectPreview, preview_project
from cutover_desktop.ui.date_entry import DateEntry
from cutover_desktop.ui.go_live_suggestions import GoLiveSuggestionsBox
from cutover_desktop.ui.project_preview import ProjectFilePage
from cutover_desktop.ui.qt_dates import UK_DATE_FORMAT, from_qdate, to_qdate
from cutover_desktop.ui.style import set_tone

SUPPLIERS = ["", "EMIS Web", "TPP SystmOne", "Vision", "Microtest Evolution"]


def _message_label(name: str) -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setAccessibleName(name)
    set_tone(label, "problem")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _show(label: QLabel, text: str) -> None:
    label.setText(f"⚠ {text}" if text else "")


def _recheck_on_change(label: QLabel, problem: Callable[[], str], *signals: SignalInstance) -> None:
    """Once a message shows, check again as the person edits: it goes when the mistake is
    fixed (or says what is still wrong)."""
    def recheck(*_args: object) -> None:
        if label.text():
            _show(label, problem())
    for signal in signals:
        signal.connect(recheck)


class PracticePage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle("The practice")
        self.setSubTitle("Which practice is moving its clinical system?")
        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName("Practice name")
        self.name_edit.setPlaceholderText("e.g. Riverside Surgery")
        self.ods_edit = QLineEdit()
        self.ods_edit.setAccessibleName("ODS code")
        self.ods_edit.setPlaceholderText("one letter and five digits, e.g. A81001")
        self.ods_edit.setMaxLength(6)
        self.message = _message_label("Practice page message")
        form = QFormLayout(self)
        form.addRow("Practice &name:", self.name_edit)
        form.addRow("&ODS code:", self.ods_edit)
        form.addRow(self.message)
        _recheck_on_change(self.message, self.problem, self.name_edit.textChanged,
                           self.ods_edit.textChanged)

    def problem(self) -> str:
        if not self.name_edit.text().strip():
            return "Give the practice's name."
        try:
            check_ods_code(self.ods_edit.text())
        except ValidationError as exc:
            return exc.message
        return ""

    def validatePage(self) -> bool:
        if not self.name_edit.text().strip():
            _show(self.message, "Give the practice's name.")
            self.name_edit.setFocus()
            return False
        try:
            self.ods_edit.setText(check_ods_code(self.ods_edit.text()))
        except ValidationError as exc:
            _show(self.message, exc.message)
            self.ods_edit.setFocus()
            return False
        _show(self.message, "")
        return True


class SystemsPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle("Systems and sites")
        self.setSubTitle("The system the practice is leaving, the one it is moving to, "
                         "and its sites.")
        self.old_combo = self._supplier_combo("Old system")
        self.new_combo = self._supplier_combo("New system")
        self.sites_edit = QPlainTextEdit("Main surgery")
        self.sites_edit.setAccessibleName("Sites, one per line")
        self.sites_edit.setTabChangesFocus(True)
        self.sites_edit.setMaximumHeight(110)
        self.message = _message_label("Systems page message")
        form = QFormLayout(self)
        form.addRow("&Old system:", self.old_combo)
        form.addRow("&New system:", self.new_combo)
        form.addRow("&Sites (one per line):", self.sites_edit)
        form.addRow(self.message)
        _recheck_on_change(self.message, self.problem, self.old_combo.currentTextChanged,
                           self.new_combo.currentTextChanged, self.sites_edit.textChanged)

    @staticmethod
    def _supplier_combo(name: str) -> QComboBox:
        combo = QComboBox()
        combo.setEditable(True)
        combo.addItems(SUPPLIERS)
        combo.setAccessibleName(name)
        return combo

    def sites(self) -> tuple[str, ...]:
        lines = [line.strip() for line in self.sites_edit.toPlainText().splitlines()]
        return tuple(dict.fromkeys(line for line in lines if line))

    def problem(self) -> str:
        old, new = self.old_combo.currentText().strip(), self.new_combo.currentText().strip()
        if old and old.lower() == new.lower():
            return ("The old and new systems are the same; choose the system the "
                    "practice is moving to.")
        if any(len(site) > 100 for site in self.sites()):
            return "A site name can be at most 100 characters."
        return ""

    def validatePage(self) -> bool:
        problem = self.problem()
        _show(self.message, problem)
        return not problem


class GoLivePage(QWizardPage):
    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = today
        self.setTitle("Go-live date and template")
        self.setSubTitle("Business Go Live is the day the practice starts working on the new "
                         "system. Every other date follows from it.")
        self.date_edit = DateEntry(to_qdate(today))
        self.date_edit.setDisplayFormat(UK_DATE_FORMAT)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setAccessibleName("Business Go Live date")
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.explanation.setAccessibleName("What this go-live date means")
        self.suggestions_box = GoLiveSuggestionsBox(self, undoable=False)
        self.suggestions_box.chosen.connect(self._on_suggestion_chosen)
        self.confirm_box = QCheckBox("Use this date anyway")
        self.confirm_box.setAccessibleName("Use this go-live date anyway")
        self.standard_radio = QRadioButton("The standard template")
        self.standard_radio.setAccessibleName("Use the standard template")
        self.standard_radio.setChecked(True)
        self.file_radio = QRadioButton("A template file:")
        self.file_radio.setAccessibleName("Use a template file")
        self.template_edit = QLineEdit()
        self.template_edit.setAccessibleName("Template file")
        browse = QPushButton("Browse…")
        browse.setAccessibleName("Choose a template file")
        browse.clicked.connect(self._on_browse_clicked)
        self.project_radio = QRadioButton("From an MS Project file…")
        self.project_radio.setAccessibleName("Use the tasks of an MS Project file")
        self.project_edit = QLineEdit()
        self.project_edit.setAccessibleName("MS Project file")
        self.project_edit.setPlaceholderText("Microsoft Project, ProjectLibre or GanttProject "
                                             "XML")
        project_browse = QPushButton("Browse…")
        project_browse.setAccessibleName("Choose an MS Project file")
        project_browse.clicked.connect(self._on_project_browse_clicked)
        self.message = _message_label("Go-live page message")
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_radio)
        file_row.addWidget(self.template_edit, 1)
        file_row.addWidget(browse)
        project_row = QHBoxLayout()
        project_row.addWidget(self.project_radio)
        project_row.addWidget(self.project_edit, 1)
        project_row.addWidget(project_browse)
        form = QFormLayout(self)
        form.addRow("&Business Go Live:", self.date_edit)
        form.addRow(self.explanation)
        form.addRow(self.suggestions_box)
        form.addRow(self.confirm_box)
        template_box = QVBoxLayout()
        template_box.addWidget(self.standard_radio)
        template_box.addLayout(file_row)
        template_box.addLayout(project_row)
        form.addRow("Template:", template_box)
        form.addRow(self.message)
        self.template: Template | None = None
        self.project: ProjectPreview | None = None
        self.project_edit.textEdited.connect(lambda _text: self.project_radio.setChecked(True))
        self.date_edit.dateChanged.connect(self._on_date_changed)
        self.template_edit.textEdited.connect(lambda _text: self.file_radio.setChecked(True))
        self._on_date_changed()
        _recheck_on_change(self.message, self.quick_problem, self.date_edit.dateChanged,
                           self.confirm_box.toggled, self.standard_radio.toggled,
                           self.template_edit.textChanged)

    def quick_problem(self) -> str:
        """What validatePage would refuse, short of reading the template file."""
        if self.problems() and not self.confirm_box.isChecked():
            return "Check the go-live date above, or tick “Use this date anyway”."
        if self.file_radio.isChecked() and not self.template_edit.text().strip():
            return "Choose a template file, or use the standard one."
        return ""

    def go_live(self) -> date:
        return from_qdate(self.date_edit.date())

    def problems(self) -> list[str]:
        """Why the chosen date is a poor go-live date, in plain words."""
        day = self.go_live()
        found = []
        if day < self._today:
            found.append(f"{uk_date(day)} is in the past.")
        reason = WorkingCalendar().why_not_working(day)
        if reason:
            found.append(f"{uk_date(day)} is not a working day: it is {reason}. The practice "
                         "would start on the new system on a day it is closed.")
        codes = {problem.code for problem in self.suggestions_box.problems}
        if codes - {"GO_LIVE_TOO_CLOSE"}:
            found.append("Its key dates break a rule of the guide (see below).")
        if "GO_LIVE_TOO_CLOSE" in codes and day >= self._today:  # a past day is said above
            found.append("It leaves less time to plan than the guide advises (see below).")
        return found

    def _details(self) -> PlanDetails:
        return PlanDetails(practice_name="New practice", ods_code="A00000",
                           go_live=self.go_live())

    def _on_suggestion_chosen(self, day: object) -> None:
        assert isinstance(day, date)
        self.date_edit.setDate(to_qdate(day))

    def _on_date_changed(self) -> None:
        day = self.go_live()
        # Nothing is planned yet, so suggest dates that leave the guide's 12 weeks to plan.
        self.suggestions_box.show_for(self._details(), WorkingCalendar(),
                                      earliest_go_live(self._today, started=False),
                                      today=self._today)
        keys = derive_key_dates(day, KeyDateRules(), WorkingCalendar())
        summary = (f"Final Data Production (cut-over starts): {uk_date(keys[KeyDate.FDP])}. "
                   f"Technical Go Live: {uk_date(keys[KeyDate.TGL])}. "
                   f"Read-only access ends: {uk_date(keys[KeyDate.READ_ONLY_END])}.")
        problems = self.problems()
        if problems:
            self.explanation.setText("⚠ " + " ".join(problems) + "\n" + summary)
        else:
            self.explanation.setText(summary)
        self.confirm_box.setVisible(bool(problems))
        self.confirm_box.setChecked(False)
        self._grow_to_fit()

    def _grow_to_fit(self) -> None:
        """The sentences about a poor date wrap over more lines than the wizard had room for:
        grow it (within the screen) rather than squeeze them."""
        wizard, layout = self.wizard(), self.layout()
        if wizard is None or layout is None or not wizard.isVisible():
            return
        needed = (layout.heightForWidth(self.width()) if layout.hasHeightForWidth()
                  else layout.sizeHint().height())
        extra = needed - self.height()
        screen = wizard.screen()
        if extra > 0 and screen is not None:
            room = screen.availableGeometry().height() - (wizard.frameGeometry().height()
                                                          - wizard.height())
            wizard.resize(wizard.width(), min(wizard.height() + extra, room))

    def _on_browse_clicked(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, "Choose a plan template", str(Path.home()), "Plan templates (*.json)")
        if name:
            self.template_edit.setText(name)
            self.file_radio.setChecked(True)

    def _on_project_browse_clicked(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, "Choose an MS Project file", str(Path.home()), "MS Project XML (*.xml)")
        if name:
            self.project_edit.setText(name)
            self.project_radio.setChecked(True)

    def validatePage(self) -> bool:
        if self.problems() and not self.confirm_box.isChecked():
            _show(self.message, "Check the go-live date above, or tick “Use this date anyway”.")
            return False
        self.project = None
        try:
            if self.project_radio.isChecked():
                if not self.project_edit.text().strip():
                    raise ValidationError("Choose an MS Project file, or use a template.")
                self.project = preview_project(Path(self.project_edit.text().strip()))
                self.template = None
            elif self.file_radio.isChecked():
                if not self.template_edit.text().strip():
                    raise ValidationError("Choose a template file, or use the standard one.")
                self.template = load_template(Path(self.template_edit.text().strip()))
            else:
                self.template = default_template()
        except CutoverError as exc:
            _show(self.message, exc.message)
            return False
        _show(self.message, "")
        return True


def _file_name_for(practice: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", practice).strip("-").lower() or "plan"
    return f"{slug}.cutover"


def default_plan_folder() -> Path:
    documents = Path(platformdirs.user_documents_dir())
    if documents.is_dir():
        return documents
    try:
        return user_data_dir()
    except OSError:  # the data folder cannot be made; the person can choose another place
        return Path.home()


class FilePage(QWizardPage):
    def __init__(self, wizard: NewPlanWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle("Where to keep the plan")
        self.setSubTitle("The plan is one file. Every change is saved in it as you work; "
                         "there is no Save button.")
        self.path_edit = QLineEdit()
        self.path_edit.setAccessibleName("Plan file")
        browse = QPushButton("Browse…")
        browse.setAccessibleName("Choose where to save the plan")
        browse.clicked.connect(self._on_browse_clicked)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Summary of the new plan")
        self.message = _message_label("File page message")
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        label = QLabel("Plan &file:")
        label.setBuddy(self.path_edit)
        form = QFormLayout(self)
        form.addRow(label, row)
        form.addRow(self.summary)
        form.addRow(self.message)
        _recheck_on_change(self.message, self.quick_problem, self.path_edit.textChanged)

    def quick_problem(self) -> str:
        text = self.path_edit.text().strip()
        if not text:
            return "Choose where to keep the plan file."
        path = Path(text).expanduser()
        if path.suffix.lower() != ".cutover":
            path = path.with_name(path.name + ".cutover")
        if path.exists():
            return f"{path.name} already exists; choose another name."
        return ""

    def initializePage(self) -> None:
        practice = self._wizard.practice_page.name_edit.text().strip()
        if not self.path_edit.text():
            self.path_edit.setText(str(default_plan_folder() / _file_name_for(practice)))
        details = self._wizard.details()
        template = self._wizard.go_live_page.template
        count = len(template.tasks) if template else 0
        source = f" from “{template.name}”" if template else ""
        project = self._wizard.project()
        if project is not None:
            count, source = len(project.tasks), f" from {project.source}"
        self.summary.setText(
            f"{details.practice_name} ({details.ods_code}), Business Go Live "
            f"{uk_date(details.go_live)}, {count} tasks{source}.")

    def _on_browse_clicked(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, "Save the new plan as", self.path_edit.text(), "Cut-over plans (*.cutover)")
        if name:
            self.path_edit.setText(name)

    def validatePage(self) -> bool:
        text = self.path_edit.text().strip()
        if not text:
            _show(self.message, "Choose where to keep the plan file.")
            return False
        path = Path(text).expanduser()
        if path.suffix.lower() != ".cutover":
            path = path.with_name(path.name + ".cutover")
        if path.exists():
            _show(self.message, f"{path.name} already exists; choose another name.")
            return False
        project = self._wizard.project()
        try:
            if project is not None:
                self._wizard.created = create_plan_from_project(
                    path, self._wizard.details(), project, today=self._wizard.today_source)
            else:
                self._wizard.created = create_plan(path, self._wizard.details(),
                                                   self._wizard.go_live_page.template,
                                                   today=self._wizard.today_source)
        except CutoverError as exc:
            _show(self.message, exc.message)
            return False
        _show(self.message, "")
        return True


class NewPlanWizard(QWizard):
    """Asks for everything a new plan needs and makes it on Finish.

    After `accepted`, `created` holds the new plan's PlanService.
    """

    def __init__(self, today: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New migration")
        self.setAccessibleName("New migration wizard")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        fixed_today = today or date.today()
        # A fixed day only in tests; a real window follows the clock past midnight.
        self.today_source = (lambda: fixed_today) if today else date.today
        self.created: PlanService | None = None
        self.practice_page = PracticePage()
        self.systems_page = SystemsPage()
        self.go_live_page = GoLivePage(fixed_today)
        self.file_page = FilePage(self)
        self.project_page = ProjectFilePage(lambda: self.go_live_page.project)
        self._page_ids = {page: self.addPage(page)
                          for page in (self.practice_page, self.systems_page, self.go_live_page,
                                       self.project_page, self.file_page)}
        # Sized in text lines, so the pages hold at large system font sizes.
        line = self.fontMetrics().height()
        self.resize(max(640, 38 * line), max(440, 27 * line))

    def nextId(self) -> int:
        # The MS Project page only when a Project file is the template.
        if self.currentPage() is self.go_live_page:
            target = self.project_page if self.go_live_page.project else self.file_page
            return self._page_ids[target]
        return super().nextId()

    def project(self) -> ProjectPreview | None:
        """The MS Project file the plan is made from, with the milestone chosen; or None."""
        if self.go_live_page.project is None:
            return None
        return self.project_page.panel.preview()

    def details(self) -> PlanDetails:
        return PlanDetails(
            practice_name=self.practice_page.name_edit.text().strip(),
            ods_code=self.practice_page.ods_edit.text().strip().upper(),
            go_live=self.go_live_page.go_live(),
            old_supplier=self.systems_page.old_combo.currentText().strip(),
            new_supplier=self.systems_page.new_combo.currentText().strip(),
            sites=self.systems_page.sites(),
        )
