"""Takes the user guide's screenshots from the real program, so they can be refreshed at will.

Run from the repository root:

    .venv/bin/python docs/make_screenshots.py              # offscreen (no display needed)
    xvfb-run -a .venv/bin/python docs/make_screenshots.py --platform xcb   # under Xvfb

It makes the demonstration plan in a throwaway data folder on a fixed day (so the pictures do
not change from one run to the next), opens it in the main window at 1280 x 800, shows each
tab in turn and grabs it, grabs the welcome, new-migration and restore dialogs, and renders
the first page of a day schedule PDF with pdftoppm, then opens a made-up CSU folder of ten
practices in the portfolio window. The PNGs go to docs/screenshots/.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
# The demonstration's "today": its go-live (six weeks on) is Tue 9 Mar 2027, clear of bank
# holidays, so the timeline shows work done, work under way and work to come.
TODAY = date(2027, 1, 26)
WINDOW_SIZE = (1280, 800)
# A supplier's plan as MS Project saves it: a start-to-start link, a constraint and costs.
SUPPLIER_PLAN = """<?xml version="1.0" encoding="UTF-8"?>
<Project xmlns="http://schemas.microsoft.com/project"><Title>Supplier go-live plan</Title>
<DefaultStartTime>08:00:00</DefaultStartTime><DefaultFinishTime>17:00:00</DefaultFinishTime>
<Tasks>
<Task><UID>1</UID><Name>Data migration</Name><OutlineLevel>1</OutlineLevel>
<Summary>1</Summary></Task>
<Task><UID>2</UID><Name>Final extract</Name><OutlineLevel>2</OutlineLevel>
<Start>2027-03-05T08:00:00</Start><Finish>2027-03-05T17:00:00</Finish></Task>
<Task><UID>3</UID><Name>Load and check</Name><OutlineLevel>2</OutlineLevel>
<Start>2027-03-08T08:00:00</Start><Finish>2027-03-08T17:00:00</Finish>
<ConstraintType>7</ConstraintType><PredecessorLink><PredecessorUID>2</PredecessorUID>
<Type>1</Type></PredecessorLink></Task>
<Task><UID>4</UID><Name>Business Go Live</Name><OutlineLevel>2</OutlineLevel>
<Milestone>1</Milestone><Start>2027-03-09T08:00:00</Start><Finish>2027-03-09T08:00:00</Finish>
<PredecessorLink><PredecessorUID>3</PredecessorUID><Type>1</Type></PredecessorLink></Task>
<Task><UID>5</UID><Name>Floorwalking</Name><OutlineLevel>2</OutlineLevel>
<Start>2027-03-09T08:00:00</Start><Finish>2027-03-10T17:00:00</Finish>
<PredecessorLink><PredecessorUID>4</PredecessorUID><Type>3</Type></PredecessorLink></Task>
</Tasks>
<Resources><Resource><UID>1</UID><Name>Migration engineer</Name>
<StandardRate>45</StandardRate></Resource></Resources>
<Assignments><Assignment><UID>1</UID><TaskUID>3</TaskUID><ResourceUID>1</ResourceUID>
</Assignment></Assignments></Project>
"""


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--platform", default=None,
                        help="Qt platform plugin (default: offscreen, or QT_QPA_PLATFORM)")
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the PNG files")
    parser.add_argument("--scale", type=float, default=1.0,
                        help="font size factor, to check the windows at larger text")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(sys.argv[1:] if argv is None else argv)
    os.environ["QT_QPA_PLATFORM"] = args.platform or os.environ.get("QT_QPA_PLATFORM",
                                                                     "offscreen")
    data = tempfile.TemporaryDirectory(prefix="cutover-shots-")
    os.environ["CUTOVER_DESKTOP_DATA_DIR"] = data.name
    # The computer login the audit trail records: a practice's, not the build machine's.
    os.environ["LOGNAME"] = os.environ["USER"] = "k.evans"
    sys.path.insert(0, str(ROOT))
    try:
        return Shooter(args.out, Path(data.name), args.scale).run()
    finally:
        data.cleanup()


class Shooter:
    """Drives the main window through the views the guide shows."""

    def __init__(self, out: Path, data: Path, scale: float) -> None:
        self.out = out
        self.data = data
        self.scale = scale
        self.clock = TODAY
        self.made: list[Path] = []

    def today(self) -> date:
        return self.clock

    def run(self) -> int:
        from PySide6.QtCore import QSettings
        from PySide6.QtGui import QFont
        from PySide6.QtWidgets import QApplication

        from cutover_desktop.app import make_application
        from cutover_desktop.ui.main_window import MainWindow
        from cutover_desktop.ui.settings import UiSettings

        app = make_application([])
        if self.scale != 1.0:
            font = QFont(app.font())
            font.setPointSizeF(font.pointSizeF() * self.scale)
            app.setFont(font)
        self.out.mkdir(parents=True, exist_ok=True)
        settings = UiSettings(QSettings(str(self.data / "settings.ini"),
                                        QSettings.Format.IniFormat))
        window = MainWindow(settings, today=self.today)
        window.resize(*WINDOW_SIZE)
        window.show()
        self.app: QApplication = app
        self.window = window
        self.settle()
        if not window.open_demonstration_plan():
            print("The demonstration plan could not be made.", file=sys.stderr)
            return 1
        window.resize(*WINDOW_SIZE)
        assert window.session is not None
        # The demonstration has signed gates: go on with the edits the shots make, without
        # the question a person would be asked (it would wait for an answer).
        window.session.confirm_gate_change = lambda _gates: True
        self.settle()
        self.shoot_welcome()
        self.shoot_tabs()
        self.shoot_suggestions()
        self.shoot_today()
        self.shoot_new_migration()
        self.shoot_restore()
        self.shoot_project_files()
        self.shoot_day_schedule()
        self.shoot_portfolio()
        window.close()
        for path in self.made:
            print(f"Wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
        return 0

    # Helpers

    def settle(self, ms: int = 150) -> None:
        from PySide6.QtTest import QTest

        for _ in range(3):
            self.app.processEvents()
        QTest.qWait(ms)

    def save(self, widget, name: str) -> Path:  # type: ignore[no-untyped-def]
        self.settle()
        path = self.out / f"{name}.png"
        if not widget.grab().save(str(path)):
            raise SystemExit(f"Could not write {path}")
        self.made.append(path)
        return path

    def show_tab(self, index: int) -> None:
        assert self.window.workspace is not None
        self.window.workspace.tabs.setCurrentIndex(index)
        self.settle(250)

    def dialog(self, opener: Callable[[], object]):  # type: ignore[no-untyped-def]
        """Open a window-modal dialog the way the program does, and return it."""
        from PySide6.QtWidgets import QApplication

        before = set(QApplication.topLevelWidgets())
        opener()
        self.settle()
        opened = [w for w in QApplication.topLevelWidgets()
                  if w not in before and w.isVisible()]
        if not opened:
            raise SystemExit(f"No dialog opened for {opener}")
        return opened[-1]

    # The shots

    def shoot_welcome(self) -> None:
        dialog = self.dialog(self.window.offer_welcome)
        self.save(dialog, "welcome")
        dialog.reject()
        self.settle()

    def shoot_tabs(self) -> None:
        from cutover_desktop.services.staff import StaffService
        from cutover_desktop.ui.workspace import DASHBOARD_TAB, KEY_DATES_TAB, PLAN_TAB

        workspace = self.window.workspace
        assert workspace is not None and self.window.session is not None
        service = self.window.session.service
        self.show_tab(PLAN_TAB)
        # As the window lays it out at this size: title, dates, status and owner in sight.
        workspace.fit_list_pane()
        self.settle()
        workspace.timeline.scroll_to_date(self.today() + timedelta(days=10))
        self.save(self.window, "main-window")
        self.show_tab(DASHBOARD_TAB)
        self.save(self.window, "dashboard")
        self.show_tab(KEY_DATES_TAB)
        self.save(self.window, "key-dates")
        workspace.tabs.setCurrentWidget(workspace.staff_view)
        self.settle(250)
        staff = StaffService(service)
        people = staff.people()
        if people:
            # The person with the most going on: absences and tasks both show.
            chosen = max(people, key=lambda p: (len(staff.absences_of(p.id)),
                                                len(staff.assignments_for_person(p.id))))
            workspace.staff_view.select_person(chosen.id)
        self.save(self.window, "staff")
        workspace.tabs.setCurrentWidget(workspace.coverage_view)
        self.settle(250)
        self.save(self.window, "coverage")
        self.shoot_registers()
        workspace.tabs.setCurrentWidget(workspace.signoff_view)
        self.settle(250)
        self.save(self.window, "sign-offs")
        workspace.tabs.setCurrentWidget(workspace.audit_view)
        self.settle(250)
        self.save(self.window, "audit")

    def shoot_suggestions(self) -> None:
        """Key dates with a go-live the Tuesday after a bank holiday, and the better dates."""
        from cutover_desktop.domain.suggestions import breaks_a_rule
        from cutover_desktop.ui.workspace import KEY_DATES_TAB

        session = self.window.session
        assert session is not None
        service = session.service
        day = service.details.go_live
        while not breaks_a_rule(service.details, service.state.calendar, day):
            day += timedelta(days=7)
        session.edit(service.set_go_live, day)
        self.show_tab(KEY_DATES_TAB)
        self.save(self.window, "suggested-go-live")
        session.edit(service.undo)
        self.settle()

    def shoot_registers(self) -> None:
        """Three days after go-live: paper from the cut-over, part of it re-entered."""
        from cutover_desktop.services.registers import RegistersService

        session = self.window.session
        workspace = self.window.workspace
        assert session is not None and workspace is not None
        fdp, tgl, bgl = (self._key_day(k) for k in ("FDP", "TGL", "BGL"))
        self.clock = bgl + timedelta(days=3)
        registers = RegistersService(session.service)
        for category, day, count, reference in (
                ("Appointments", fdp, 42, "Reception folder 1"),
                ("Consultations", tgl, 67, "Clinician notes, box A"),
                ("Lab results", tgl, 18, "Pathology printouts"),
                ("Prescriptions", bgl, 25, "Acute scripts")):
            session.edit(registers.add_batch, category, day, count, reference, "Grace Turner")
        batches = sorted(registers.state.table("reentry_batch").values(), key=lambda b: b.id) \
            if hasattr(registers.state, "table") else []
        done = {"Appointments": 42, "Consultations": 30, "Lab results": 18}
        for batch in batches:
            if batch.category in done:
                session.edit(registers.record_reentry, batch.id, done[batch.category],
                             "Olu Patel", bgl + timedelta(days=1), "Kate Evans")
        workspace.tabs.setCurrentWidget(workspace.registers_view)
        self.settle(250)
        self.save(self.window, "registers")
        self.clock = TODAY

    def _key_day(self, name: str) -> date:
        from cutover_desktop.domain.keydates import KeyDate

        assert self.window.session is not None
        return self.window.session.service.schedule().key_dates[KeyDate[name]]

    def shoot_today(self) -> None:
        """Technical Go Live morning: the first tasks done, one under way."""
        from cutover_desktop.domain.model import TaskStatus
        from cutover_desktop.ui.workspace import TODAY_TAB

        session = self.window.session
        workspace = self.window.workspace
        assert session is not None and workspace is not None
        day = self._key_day("TGL")
        self.clock = day
        workspace.today_view.set_day(day)
        ids = workspace.today_view.tasks_model.task_ids()
        if len(ids) >= 3:
            session.edit(session.service.set_status, ids[:2], TaskStatus.DONE)
            session.edit(session.service.set_status, ids[2:3], TaskStatus.IN_PROGRESS)
        self.show_tab(TODAY_TAB)
        workspace.today_view.set_day(day)
        workspace.today_view.select_tasks(ids[2:3])
        self.save(self.window, "today")
        self.clock = TODAY

    def shoot_new_migration(self) -> None:
        wizard = self.dialog(self.window.new_migration)
        page = wizard.currentPage()
        for name, value in (("name_edit", "Riverside Surgery"), ("ods_edit", "A81001")):
            edit = getattr(getattr(wizard, "practice_page", page), name, None)
            if edit is not None:
                edit.setText(value)
        self.save(wizard, "new-migration")
        wizard.reject()
        self.settle()

    def shoot_restore(self) -> None:
        session = self.window.session
        assert session is not None
        session.service.backup_now("manual")
        dialog = self.dialog(self.window.choose_backup_to_restore)
        self.save(dialog, "restore-backup")
        dialog.reject()
        self.settle()

    def shoot_project_files(self) -> None:
        """The MS Project import preview (a supplier's file) and the wizard's Project page."""
        from cutover_desktop.services.project_exchange import export_project
        from cutover_desktop.ui.qt_dates import to_qdate

        session = self.window.session
        actions = self.window.print_actions
        assert session is not None and actions is not None
        supplier = self.data / "supplier-plan.xml"
        supplier.write_text(SUPPLIER_PLAN, encoding="utf-8")
        dialog = actions.import_msproject(supplier)
        assert dialog is not None
        self.save(dialog, "project-import-preview")
        dialog.reject()
        self.settle()
        ours = self.data / "csu-plan.xml"
        export_project(session.service, ours)
        wizard = self.dialog(self.window.new_migration)
        wizard.practice_page.name_edit.setText("Hillside Practice")
        wizard.practice_page.ods_edit.setText("B82002")
        wizard.next()
        wizard.next()
        wizard.go_live_page.date_edit.setDate(to_qdate(self.clock + timedelta(weeks=10)))
        wizard.go_live_page.confirm_box.setChecked(True)
        wizard.go_live_page.project_radio.setChecked(True)
        wizard.go_live_page.project_edit.setText(str(ours))
        wizard.next()
        self.save(wizard, "wizard-project-file")
        wizard.reject()
        self.settle()

    def shoot_day_schedule(self) -> None:
        """The first page of Technical Go Live's day schedule, as printed to PDF."""
        from cutover_desktop.printing.output import write_pdf
        from cutover_desktop.services.printouts import Printouts

        session = self.window.session
        assert session is not None
        if shutil.which("pdftoppm") is None:
            print("pdftoppm is not installed (poppler-utils): day-schedule.png not made.",
                  file=sys.stderr)
            return
        pdf = self.data / "day.pdf"
        write_pdf(Printouts(session.service).day(self._key_day("TGL"), None), pdf)
        target = self.out / "day-schedule"
        subprocess.run(["pdftoppm", "-png", "-r", "90", "-f", "1", "-l", "1", "-singlefile",
                        str(pdf), str(target)], check=True)
        self.made.append(target.with_suffix(".png"))

    def shoot_portfolio(self) -> None:
        """A CSU's folder of ten practices: the table, the combined timeline, shared people."""
        from PySide6.QtTest import QTest

        from cutover_desktop.services.plan_files import open_plan
        from cutover_desktop.services.portfolio_demo import make_portfolio_folder

        folder = self.data / "CSU migrations"
        made = make_portfolio_folder(folder, 10, self.today)
        # A colleague has one plan open, and an old copy of another was cut short.
        colleague = open_plan(made[4], today=self.today, backup=False)
        damaged = made[7].with_name("Old copy of " + made[7].name)
        damaged.write_bytes(made[7].read_bytes()[:20000])
        portfolio = self.window.show_portfolio(folder)
        portfolio.resize(*WINDOW_SIZE)
        for _ in range(200):
            if portfolio.portfolio is not None:
                break
            QTest.qWait(50)
        for index, name in enumerate(("portfolio", "portfolio-timeline", "portfolio-people")):
            portfolio.tabs.setCurrentIndex(index)
            self.save(portfolio, name)
        portfolio.close()
        colleague.close()


if __name__ == "__main__":
    sys.exit(main())
