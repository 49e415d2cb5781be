"""print-day, export and import of task files on the command line, in a separate process with
no display."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from icalendar import Calendar
from pypdf import PdfReader

from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.reports.day_schedule import tasks_on_day
from cutover_desktop.services.plan_files import open_plan

ROOT = Path(__file__).resolve().parent.parent


def run(*args: object) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    return subprocess.run([sys.executable, "-m", "cutover_desktop", *map(str, args)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120, env=env)


def pdf_text(path: Path) -> str:
    text = " ".join(page.extract_text() or "" for page in PdfReader(path).pages)
    return " ".join(unicodedata.normalize("NFKC", text).split())


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "riverside.cutover"
    made = run("new", path, "--practice", "Riverside Surgery", "--ods", "A81001",
               "--go-live", "2027-03-16")
    assert made.returncode == 0, made.stderr
    return path


@pytest.mark.slow  # a program run per case: CI runs it, `-m "not slow"` leaves it out
def test_print_day_writes_the_days_schedule_without_a_display(plan: Path,
                                                               tmp_path: Path) -> None:
    out = tmp_path / "tgl.pdf"
    result = run("print-day", plan, "--date", "2027-03-15", "--out", out)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (f"Wrote {out} (2 pages): Day schedule: Mon 15 Mar 2027.")
    text = pdf_text(out)
    service = open_plan(plan, read_only=True)
    try:
        assert service.schedule().key_dates[KeyDate.TGL].isoformat() == "2027-03-15"
        titles = [e.task.title for e in tasks_on_day(service.state, service.schedule()
                                                     .key_dates[KeyDate.TGL])]
    finally:
        service.close()
    assert titles and all(title in text for title in titles)
    assert "Riverside Surgery (A81001)" in text and "riverside.cutover" in text
    # The go-live day's twelve timed tasks with their notes take two pages.
    assert "Technical Go Live" in text and "Page 1 of 2" in text and "Page 2 of 2" in text


@pytest.mark.slow  # a program run per case: CI runs it, `-m "not slow"` leaves it out
def test_print_day_refusals_are_one_sentence(plan: Path, tmp_path: Path) -> None:
    for args, words in (
            (("--date", "2027-02-30"), "not a date"),
            (("--date", "2027-03-15", "--person", "Jo"), "no staff register"),
    ):
        result = run("print-day", plan, *args, "--out", tmp_path / "x.pdf")
        assert result.returncode != 0
        assert "Traceback" not in result.stderr and words in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.slow  # a program run per case: CI runs it, `-m "not slow"` leaves it out
def test_export_writes_ics_csv_and_xlsx_and_import_reads_them_back(plan: Path,
                                                                    tmp_path: Path) -> None:
    for fmt in ("ics", "csv", "xlsx"):
        out = tmp_path / f"tasks.{fmt}"
        result = run("export", plan, "--format", fmt, "--out", out)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == f"Wrote {out} with 77 tasks."
    events = Calendar.from_ical((tmp_path / "tasks.ics").read_bytes()).walk("VEVENT")
    assert len(events) == 77
    rows = list(csv.DictReader(io.StringIO((tmp_path / "tasks.csv").read_text("utf-8-sig"))))
    assert len(rows) == 77 and rows[0]["anchor"] == "BGL"
    result = run("import", plan, tmp_path / "tasks.xlsx")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Imported tasks from tasks.xlsx: 0 added, 77 already there."
    bad = tmp_path / "bad.csv"
    bad.write_text("title,phase,start\nOne,Nowhere,2027-03-01\n", encoding="utf-8")
    result = run("import", plan, bad)
    assert result.returncode == 1
    assert "Row 2, column “phase”: “Nowhere” is not a phase" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow  # a program run per case: CI runs it, `-m "not slow"` leaves it out
def test_export_writes_staff_and_absences(plan: Path, tmp_path: Path) -> None:
    staff = tmp_path / "staff.csv"
    staff.write_text("name,role,organisation,working_days,start_time,end_time\n"
                     "Kim Lowe,Receptionist,practice,Mon Tue,08:00,12:00\n", encoding="utf-8")
    assert run("import", plan, staff).returncode == 0
    out = tmp_path / "out.xlsx"
    result = run("export", plan, "--format", "xlsx", "--kind", "staff", "--out", out)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Wrote {out} with 1 person."
    result = run("export", plan, "--format", "ics", "--kind", "staff", "--out", out)
    assert result.returncode == 1 and "CSV or XLSX" in result.stderr
