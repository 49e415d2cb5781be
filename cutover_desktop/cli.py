"""The command line: the same program for scripts, support staff and tests, no display needed."""

from __future__ import annotations

import argparse
import codecs
import contextlib
import io
import logging
import os
import sqlite3
import sys
from collections import Counter
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import NoReturn, TextIO

from cutover_desktop import APP_NAME, __version__
from cutover_desktop.domain.calendar import bank_holiday_name
from cutover_desktop.domain.errors import CutoverError, ValidationError
from cutover_desktop.domain.formatting import plural, relative_day, uk_date
from cutover_desktop.domain.model import PlanDetails, TaskStatus, check_ods_code
from cutover_desktop.domain.suggestions import key_date_problems
from cutover_desktop.domain.template import load_template
from cutover_desktop.domain.warnings import key_date_findings
from cutover_desktop.paths import log_path, why_not_written
from cutover_desktop.services.backups import list_backups
from cutover_desktop.services.import_files import import_file, refusal_text
from cutover_desktop.services.plan_files import create_plan, open_plan, restore_plan
from cutover_desktop.services.planner import PlanService
from cutover_desktop.services.registers import registers_summary
from cutover_desktop.services.signoff import signoff_problems, signoff_summary
from cutover_desktop.services.staff import staff_summary

log = logging.getLogger(__name__)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One plain sentence, not argparse's usage dump.
        raise ValidationError(f"{message[0].upper()}{message[1:]}. "
                              f"See “{APP_NAME} --help”.")


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"“{text}” is not a date in the form YYYY-MM-DD") from None


def _count(text: str) -> int:
    if not text.strip().isdigit() or not 1 <= int(text) <= 20:
        raise argparse.ArgumentTypeError(f"“{text}” is not a count from 1 to 20")
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=APP_NAME, description="Plan a GP practice's clinical system migration.")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    new = sub.add_parser("new", help="make a new plan from the template")
    new.add_argument("file", type=Path)
    new.add_argument("--practice", required=True, help="the practice's name")
    new.add_argument("--ods", required=True, help="the practice's ODS code, e.g. A81001")
    new.add_argument("--go-live", required=True, type=_iso_date, help="Business Go Live date")
    new.add_argument("--template", type=Path, help="a plan template file (default: built-in)")
    new.add_argument("--old-supplier", default="", help="the system the practice is leaving")
    new.add_argument("--new-supplier", default="", help="the system the practice is moving to")
    new.add_argument("--site", action="append", default=[], help="a site (repeat for more)")

    show = sub.add_parser("show", help="print the plan's key dates, tasks and warnings")
    show.add_argument("file", type=Path)
    show.add_argument("--today", type=_iso_date, help=argparse.SUPPRESS)

    move = sub.add_parser("set-go-live", help="move Business Go Live; the plan moves with it")
    move.add_argument("file", type=Path)
    move.add_argument("go_live", type=_iso_date, metavar="YYYY-MM-DD")

    suggest = sub.add_parser("suggest-go-live",
                             help="list go-live dates that break no key-date rule, nearest first")
    suggest.add_argument("file", type=Path)
    suggest.add_argument("--count", type=_count, default=3, help="how many dates (1 to 20)")
    suggest.add_argument("--today", type=_iso_date, help=argparse.SUPPRESS)

    check = sub.add_parser("check", help="check the file, its schema and its audit trail")
    check.add_argument("file", type=Path)

    backup = sub.add_parser("backup", help="make a checked backup of a plan now")
    backup.add_argument("file", type=Path)
    backup.add_argument("--list", action="store_true", help="list the plan's backups instead")

    restore = sub.add_parser("restore", help="put a backup in place of a plan")
    restore.add_argument("backup", type=Path)
    restore.add_argument("file", type=Path)

    # The header row decides what the rows are (staff, absences; tasks when registered).
    load = sub.add_parser("import", help="import tasks, staff or absences from a CSV or XLSX "
                                         "file, or tasks from an MS Project XML file")
    load.add_argument("file", type=Path)
    load.add_argument("path", type=Path, metavar="PATH")

    day = sub.add_parser("print-day", help="print a day schedule to a PDF file (no display needed)")
    day.add_argument("file", type=Path)
    day.add_argument("--date", required=True, type=_iso_date, help="the day, YYYY-MM-DD")
    day.add_argument("--person", help="only this person's tasks (a name in the staff register)")
    day.add_argument("--out", required=True, type=Path, help="the PDF file to write")

    export = sub.add_parser("export", help="write the tasks as an iCalendar, CSV or XLSX file "
                                           "(or the staff or absences as CSV or XLSX), or the "
                                           "whole plan as MS Project XML")
    export.add_argument("file", type=Path)
    export.add_argument("--format", required=True, choices=("ics", "csv", "xlsx", "msproject"))
    export.add_argument("--kind", default="tasks", choices=("tasks", "staff", "absences"),
                        help="what to write (default: tasks)")
    export.add_argument("--person", help="only this person's tasks (a name in the staff register)")
    export.add_argument("--out", required=True, type=Path, help="the file to write")

    folio = sub.add_parser("portfolio", help="list every plan in a folder (and the folders in "
                                             "it), one practice a row, changing nothing")
    folio.add_argument("folder", type=Path)
    folio.add_argument("--format", default="table", choices=("table", "csv", "xlsx", "pdf"),
                       help="table or csv on the screen; xlsx or pdf need --out")
    folio.add_argument("--out", type=Path, help="write to this file instead of the screen")
    folio.add_argument("--today", type=_iso_date, help=argparse.SUPPRESS)
    return parser


def _log_to_file() -> None:
    """Send log records (a bug's traceback) to the log file, never to the user's terminal."""
    root = logging.getLogger()
    if root.handlers:
        return  # the window, or a test, has set logging up already
    try:
        handler: logging.Handler = logging.FileHandler(log_path(), encoding="utf-8")
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)


def _hold_every_character() -> None:
    """A file or pipe in a narrow encoding (Windows writes `show > plan.txt` in cp1252, which
    has no minus sign or arrow) is written in UTF-8; a console that cannot show a character
    shows "?" in its place. Either way the output is whole, never cut off by an error."""
    for stream in (sys.stdout, sys.stderr):
        if not isinstance(stream, io.TextIOWrapper):
            continue
        with contextlib.suppress(OSError, ValueError, LookupError):
            if codecs.lookup(stream.encoding).name == "utf-8":
                continue
            if stream.isatty():
                stream.reconfigure(errors="replace")
            else:
                stream.reconfigure(encoding="utf-8")


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    if out is None:
        _hold_every_character()
    out = out or sys.stdout
    _log_to_file()
    try:
        args = build_parser().parse_args(argv)
        return _HANDLERS[args.command](args, out)
    except CutoverError as exc:
        print(f"{APP_NAME}: {exc.message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader stopped reading (`cutover-desktop show plan | head`): not a fault. Point
        # standard output at nothing so Python's own flush at exit stays quiet too.
        if out is sys.stdout:
            with contextlib.suppress(OSError, ValueError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # as a program stopped by SIGPIPE
    except Exception:  # a bug: the detail goes to the log, the user gets one sentence
        log.exception("unexpected error in the command line")
        print(f"{APP_NAME}: something went wrong inside the program; "
              "the details are in its log file.", file=sys.stderr)
        return 3


def _new(args: argparse.Namespace, out: TextIO) -> int:
    details = PlanDetails(
        practice_name=args.practice.strip(),
        ods_code=check_ods_code(args.ods),
        go_live=args.go_live,
        old_supplier=args.old_supplier.strip(),
        new_supplier=args.new_supplier.strip(),
        sites=tuple(s.strip() for s in args.site if s.strip()),
    )
    template = load_template(args.template) if args.template else None
    service = create_plan(args.file, details, template)
    try:
        print(f"Made {service.path} with {plural(len(service.state.tasks), 'task')}; "
              f"Business Go Live {uk_date(details.go_live)}.", file=out)
        for note in go_live_notes(service):
            print(note, file=sys.stderr)
    finally:
        service.close()
    return 0


def go_live_notes(service: PlanService) -> list[str]:
    """What a person should know about the go-live date they just chose, each line with what
    it is (a Note, or a Problem as `show` calls it)."""
    bgl = service.details.go_live
    notes = []
    if bgl < service.today():
        notes.append(f"Note: Business Go Live ({uk_date(bgl)}) is in the past.")
    reason = service.state.calendar.why_not_working(bgl)
    if reason:
        notes.append(f"Note: Business Go Live ({uk_date(bgl)}) is not a working day: {reason}.")
    problems = key_date_problems(key_date_findings(service.details, service.state.calendar))
    suggestions = service.suggested_go_live(1) if problems else []
    if suggestions:
        notes.append(f"{problems[0].severity.label}: {problems[0].message} "
                     f"Suggested go-live: {suggestions[0].text}.")
    return notes


def _show(args: argparse.Namespace, out: TextIO) -> int:
    service = open_plan(args.file, read_only=True,
                        today=(lambda: args.today) if args.today else date.today)
    try:
        write_summary(service, out)
    finally:
        service.close()
    return 0


def write_summary(service: PlanService, out: TextIO) -> None:
    details = service.details
    schedule = service.schedule()
    print(f"{details.practice_name} ({details.ods_code})", file=out)
    if details.old_supplier or details.new_supplier:
        print(f"Moving from {details.old_supplier or 'the old system'} to "
              f"{details.new_supplier or 'the new system'}", file=out)
    if details.sites:
        print(f"Sites: {', '.join(details.sites)}", file=out)
    print(file=out)
    print("Key dates", file=out)
    for key, day in schedule.key_dates.items():
        holiday = bank_holiday_name(day)
        extra = f"  (bank holiday: {holiday})" if holiday else ""
        offset = relative_day((day - details.go_live).days)
        print(f"  {key.label:<42} {uk_date(day):<17} {offset}{extra}", file=out)
    print(file=out)
    tasks = list(service.state.tasks.values())
    print(f"Tasks: {len(tasks)}", file=out)
    statuses = list(TaskStatus)
    header = "".join(f"{s.label:>13}" for s in statuses)
    print(f"  {'Phase':<22}{header}{'Total':>8}", file=out)
    counts = Counter((t.phase, t.status) for t in tasks)
    for phase in details.phases:
        in_phase = [counts[(phase, s)] for s in statuses]
        row = "".join(f"{n:>13}" for n in in_phase)
        print(f"  {phase:<22}{row}{sum(in_phase):>8}", file=out)
    print(file=out)
    for line in signoff_summary(service):
        print(line, file=out)
    print(file=out)
    for line in staff_summary(service):
        print(line, file=out)
    print(file=out)
    for line in registers_summary(service):
        print(line, file=out)
    findings = service.findings()
    if key_date_problems(findings) or any(f.code == "GO_LIVE_TOO_CLOSE" for f in findings):
        suggestions = service.suggested_go_live(1)
        if suggestions:
            print(file=out)
            print(f"Suggested go-live: {suggestions[0].text}", file=out)
    print(file=out)
    if not findings:
        print("Needs attention: nothing.", file=out)
        return
    print(f"Needs attention: {plural(len(findings), 'item')}", file=out)
    for finding in findings:
        when = uk_date(finding.day) if finding.day else "-"
        about = ""
        if finding.task_id is not None:
            about = f" [task {finding.task_id}{', ' + finding.subject if finding.subject else ''}]"
        elif finding.subject:
            about = f" [{finding.subject}]"
        print(f"  {finding.severity.label:<8} {finding.code:<26} {when:<17} "
              f"{finding.message}{about}", file=out)


def _suggest_go_live(args: argparse.Namespace, out: TextIO) -> int:
    service = open_plan(args.file, read_only=True,
                        today=(lambda: args.today) if args.today else date.today)
    try:
        suggestions = service.suggested_go_live(args.count)
        problems = key_date_problems(service.findings())
        now = uk_date(service.details.go_live)
        print(f"Business Go Live is {now}; " + (
            f"its key dates break {plural(len(problems), 'rule')}." if problems
            else "its key dates break no rule."), file=out)
        if not suggestions:
            print("No go-live date within a year satisfies every key-date rule; "
                  "look at the key-date rules and the practice's closure days.", file=out)
        for suggestion in suggestions:
            print(f"  {suggestion.text}", file=out)
        if suggestions:
            print(f"Apply one with: {APP_NAME} set-go-live {args.file} YYYY-MM-DD", file=out)
    finally:
        service.close()
    return 0


def _open_for_writing(path: Path) -> PlanService:
    """Open a plan to change it, or say who has it open (and change nothing)."""
    service = open_plan(path)
    if service.read_only:
        service.close()
        raise CutoverError(service.notices[0] if service.notices
                           else "The plan is read-only, so it cannot be changed.")
    return service


def _set_go_live(args: argparse.Namespace, out: TextIO) -> int:
    service = _open_for_writing(args.file)
    try:
        old = service.details.go_live
        before = service.schedule().dates
        service.set_go_live(args.go_live)
        after = service.schedule().dates
        moved = sum(1 for task_id, placed in after.items() if placed != before.get(task_id))
        pinned = sum(1 for task in service.state.tasks.values() if task.is_pinned)
        print(f"Business Go Live moved from {uk_date(old)} to {uk_date(args.go_live)}; "
              f"{plural(moved, 'task')} moved, {plural(pinned, 'pinned task')} stayed.", file=out)
        for issue in service.schedule().issues:
            print(f"Attention: {issue.message}", file=out)
        for note in go_live_notes(service):
            print(note, file=sys.stderr)
    finally:
        service.close()
    return 0


def _check(args: argparse.Namespace, out: TextIO) -> int:
    service = open_plan(args.file, read_only=True)
    faults: list[str] = []
    try:
        faults += service.integrity_problems()
        print(f"Schema version: {service.schema_version()}", file=out)
        try:
            chain = service.verify_audit_chain()
        except (sqlite3.DatabaseError, ValueError):
            # A damaged page can hold an entry that no longer reads back as text.
            faults.append("the audit trail is damaged: some of its entries cannot be read")
        else:
            if not chain.ok:
                faults.append("the audit trail has been changed outside the program: "
                              f"{chain.problem}")
            print(f"Audit trail: {plural(chain.entries, 'entry', 'entries')}, "
                  f"head {chain.head}", file=out)
            faults += signoff_problems(service)
    finally:
        service.close()
    if faults:
        for fault in faults:
            print(f"{APP_NAME}: {args.file.name}: {fault}.", file=sys.stderr)
        return 2
    print(f"{args.file.name}: no faults found.", file=out)
    return 0


def _backup(args: argparse.Namespace, out: TextIO) -> int:
    if args.list:
        backups = list_backups(args.file)
        if not backups:
            print(f"{args.file.name} has no backups yet.", file=out)
        for item in backups:
            state = "ok" if item.verifies() else "DAMAGED"
            print(f"{item.taken_at:%Y-%m-%d %H:%M:%S}  {item.reason:<15} {state:<8} {item.path}",
                  file=out)
        return 0
    service = open_plan(args.file, read_only=True, backup=False)
    try:
        made = service.backup_now("manual")
    finally:
        service.close()
    assert made is not None
    print(f"Backed up {args.file.name} to {made.path}", file=out)
    return 0


def _restore(args: argparse.Namespace, out: TextIO) -> int:
    aside = restore_plan(args.backup, args.file)
    print(f"Restored {args.file.name} from {args.backup.name}.", file=out)
    if aside is not None:
        print(f"The damaged plan was kept as {aside.name}.", file=out)
    return 0


def _import(args: argparse.Namespace, out: TextIO) -> int:
    service = _open_for_writing(args.file)
    try:
        try:
            result = import_file(service, args.path)
        except CutoverError as exc:
            raise CutoverError(refusal_text(args.path.name, exc)) from None
        print(result.summary(args.path.name), file=out)
        for note in result.notes:
            print(note, file=out)
    finally:
        service.close()
    return 0


def _check_output_folder(path: Path) -> None:
    folder = path.parent.resolve()
    if not folder.is_dir():
        why = why_not_written(folder / path.name)
        raise CutoverError(f"{why[0].upper()}{why[1:]}, so {path.name} cannot be written there.")


def _print_day(args: argparse.Namespace, out: TextIO) -> int:
    # Qt is loaded only for printing, so the other commands start quickly.
    from cutover_desktop.printing.output import write_pdf
    from cutover_desktop.services.printouts import Printouts

    _check_output_folder(args.out)
    service = open_plan(args.file, read_only=True)
    try:
        report = Printouts(service).day(args.date, args.person)
        pages = write_pdf(report, args.out)
    finally:
        service.close()
    print(f"Wrote {args.out} ({plural(pages, 'page')}): {report.title}.", file=out)
    return 0


def _export(args: argparse.Namespace, out: TextIO) -> int:
    from cutover_desktop.services.exchange import ExchangeService

    _check_output_folder(args.out)
    if args.format == "msproject" and (args.person or args.kind != "tasks"):
        raise ValidationError("An MS Project file holds the whole plan: leave out --person "
                              "and --kind.")
    service = open_plan(args.file, read_only=True)
    try:
        count = ExchangeService(service).export(args.out, args.format, args.person, args.kind)
    finally:
        service.close()
    what = {"tasks": ("task", None), "staff": ("person", "people"),
            "absences": ("absence", None)}[args.kind]
    print(f"Wrote {args.out} with {plural(count, *what)}.", file=out)
    return 0


def _portfolio(args: argparse.Namespace, out: TextIO) -> int:
    from cutover_desktop.reports.portfolio import (
        FILE_COLUMNS,
        file_records,
        summary_lines,
        text_table,
    )
    from cutover_desktop.reports.spreadsheet import csv_bytes
    from cutover_desktop.services.portfolio import FolderSource, export_portfolio, read_portfolio

    if args.format in ("xlsx", "pdf") and args.out is None:
        raise ValidationError(f"Give --out FILE to write the portfolio as {args.format.upper()}.")
    if args.out is not None:
        _check_output_folder(args.out)
    portfolio = read_portfolio(FolderSource(args.folder), args.today or date.today())
    if args.format == "pdf":
        from cutover_desktop.printing.output import write_pdf
        from cutover_desktop.services.portfolio import portfolio_printout

        pages = write_pdf(portfolio_printout(portfolio), args.out)
        print(f"Wrote {args.out} ({plural(pages, 'page')}): the portfolio of "
              f"{plural(len(portfolio.rows), 'plan')}.", file=out)
    elif args.out is not None:
        count = export_portfolio(portfolio, args.out, "csv" if args.format == "table"
                                 else args.format)
        print(f"Wrote {args.out} with {plural(count, 'practice')}.", file=out)
    elif args.format == "csv":
        out.write(csv_bytes(FILE_COLUMNS, file_records(portfolio)).decode("utf-8-sig"))
    else:
        for line in text_table(portfolio) + [""] + summary_lines(portfolio):
            print(line, file=out)
    return 0


_HANDLERS = {"new": _new, "show": _show, "set-go-live": _set_go_live,
             "suggest-go-live": _suggest_go_live, "check": _check,
             "backup": _backup, "restore": _restore, "import": _import,
             "print-day": _print_day, "export": _export, "portfolio": _portfolio}
