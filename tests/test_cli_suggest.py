"""Suggested go-live dates on the command line, and the go-live day's times in print-day."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
UK_DATE = r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2} \d{4}"


# Each test runs the program once or more (about 14 s in all): CI runs them, `-m "not slow"`
# leaves them out.
pytestmark = pytest.mark.slow

def run(*args: object) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    return subprocess.run([sys.executable, "-m", "cutover_desktop", *map(str, args)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120, env=env)


def new_plan(folder: Path, go_live: str) -> Path:
    path = folder / f"plan-{go_live}.cutover"
    made = run("new", path, "--practice", "Riverside Surgery", "--ods", "A81001",
               "--go-live", go_live)
    assert made.returncode == 0, made.stderr
    return path


@pytest.fixture(scope="module")
def easter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Tuesday after Easter Monday 2027: FDP would fall on Good Friday.
    return new_plan(tmp_path_factory.mktemp("easter"), "2027-03-30")


def test_show_suggests_a_go_live_when_a_key_date_rule_is_broken(easter: Path) -> None:
    out = run("show", easter, "--today", "2026-11-28").stdout
    lines = [line for line in out.splitlines() if line.startswith("Suggested go-live:")]
    assert lines == ["Suggested go-live: Tue 6 Apr 2027 (cut-over Fri 2 Apr to Mon 5 Apr, "
                     "72 hours, no bank holiday inside)"]
    assert "BANK_HOLIDAY_IN_CUTOVER" in out


def test_show_suggests_nothing_when_the_key_dates_are_sound(tmp_path: Path) -> None:
    out = run("show", new_plan(tmp_path, "2027-03-16"), "--today", "2026-11-28").stdout
    assert "Suggested go-live" not in out
    assert "Problem " not in out


def test_suggest_go_live_lists_dates_nearest_first_and_how_to_apply_one(easter: Path) -> None:
    result = run("suggest-go-live", easter, "--count", "4", "--today", "2026-11-28")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Business Go Live is Tue 30 Mar 2027; its key dates break 2 rules."
    dates = [line for line in lines if re.match(rf"  {UK_DATE} \(cut-over ", line)]
    assert [d.split(" (")[0].strip() for d in dates] == [
        "Tue 6 Apr 2027", "Tue 23 Mar 2027", "Tue 13 Apr 2027", "Tue 16 Mar 2027"]
    assert "set-go-live" in lines[-1]


def test_applying_the_suggestion_clears_the_key_date_problems(easter: Path,
                                                             tmp_path: Path) -> None:
    path = tmp_path / "moved.cutover"
    path.write_bytes(easter.read_bytes())
    assert run("set-go-live", path, "2027-04-06").returncode == 0
    out = run("show", path, "--today", "2026-11-28").stdout
    assert "Suggested go-live" not in out and "Problem " not in out


def test_a_count_that_is_not_a_number_is_refused_in_one_sentence(easter: Path) -> None:
    result = run("suggest-go-live", easter, "--count", "lots")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        "cutover-desktop: Argument --count: “lots” is not a count from 1 to 20. "
        "See “cutover-desktop --help”."]


def test_print_day_on_tgl_shows_the_go_live_times_of_day(tmp_path: Path) -> None:
    plan = new_plan(tmp_path, "2027-03-16")
    out = tmp_path / "tgl.pdf"
    result = run("print-day", plan, "--date", "2027-03-15", "--out", out)
    assert result.returncode == 0, result.stderr
    text = " ".join(page.extract_text() or "" for page in PdfReader(out).pages)
    text = " ".join(unicodedata.normalize("NFKC", text).split())
    # The supplier's switch-on first thing, checks in the morning, sign-off at day's end.
    for times, words in (("08:00–09:00", "Technical Go Live: the new supplier"),
                         ("09:30–13:00", "Recheck test and random patients"),
                         ("13:00–15:00", "Check the dm+d mapping"),
                         ("16:00–17:00", "Sign off the go-live data")):
        assert times in text, times
        assert text.index(times) < text.index(words), words
    fdp = tmp_path / "fdp.pdf"
    assert run("print-day", plan, "--date", "2027-03-12", "--out", fdp).returncode == 0
    fdp_text = " ".join(page.extract_text() or "" for page in PdfReader(fdp).pages)
    assert "18:30–21:00" in unicodedata.normalize("NFKC", fdp_text)


def test_show_suggests_a_later_go_live_when_it_is_too_close_to_plan_for(tmp_path: Path) -> None:
    out = run("show", new_plan(tmp_path, "2027-01-12"), "--today", "2026-12-01").stdout
    assert "GO_LIVE_TOO_CLOSE" in out and "TASK_OVERDUE" not in out
    [line] = [line for line in out.splitlines() if line.startswith("Suggested go-live:")]
    assert line.startswith("Suggested go-live: Tue 23 Feb 2027 (cut-over Fri 19 Feb to Mon 22 Feb")


def test_set_go_live_to_a_date_that_breaks_a_rule_notes_a_better_one(tmp_path: Path) -> None:
    plan = new_plan(tmp_path, "2027-03-16")
    result = run("set-go-live", plan, "2027-03-30")
    assert result.returncode == 0
    notes = [line for line in result.stderr.splitlines() if "Suggested go-live" in line]
    assert len(notes) == 1 and "Good Friday" in notes[0]
    # It is a Problem, as `show` calls it, not a mere note.
    assert notes[0].startswith("Problem: ")
    assert notes[0].endswith("Suggested go-live: Tue 6 Apr 2027 (cut-over Fri 2 Apr to Mon 5 Apr, "
                             "72 hours, no bank holiday inside).")
