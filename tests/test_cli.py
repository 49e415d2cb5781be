"""The command line, run as a user runs it: a separate process, its output and exit status."""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from cutover_desktop import cli
from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.services.plan_files import default_template

ROOT = Path(__file__).resolve().parent.parent
UK_DATE = r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2} \d{4}"


def run(*args: object, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cutover_desktop", *map(str, args)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120,
                          env=env or dict(os.environ))


def assert_one_sentence(result: subprocess.CompletedProcess[str], *words: str) -> str:
    """A refusal: non-zero exit, one plain line on stderr, nothing like a traceback."""
    assert result.returncode != 0
    err = result.stderr.strip()
    assert err, result
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    assert "usage:" not in result.stderr.lower()
    assert len(err.splitlines()) == 1, err
    assert err.endswith("."), err
    for word in words:
        assert word.lower() in err.lower(), err
    return err


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli")
    path = folder / "riverside.cutover"
    result = run("new", path, "--practice", "Riverside Surgery", "--ods", "a81001",
                 "--go-live", "2027-03-16", "--old-supplier", "EMIS Web",
                 "--new-supplier", "TPP SystmOne", "--site", "Main surgery", "--site", "Branch")
    assert result.returncode == 0, result.stderr
    assert "77 tasks" in result.stdout and "Tue 16 Mar 2027" in result.stdout
    return path


@pytest.fixture
def plan(made: Path, tmp_path: Path) -> Path:
    path = tmp_path / "plan.cutover"
    shutil.copyfile(made, path)
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_then_show_lists_key_dates_and_tasks_by_phase(plan: Path) -> None:
    result = run("show", plan, "--today", "2026-11-28")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Riverside Surgery (A81001)" in out
    assert "Moving from EMIS Web to TPP SystmOne" in out
    assert "Sites: Main surgery, Branch" in out
    expected = {
        KeyDate.PLANNING_MEETING: "Fri 12 Feb 2027", KeyDate.LINK_OFF: "Thu 11 Mar 2027",
        KeyDate.FDP: "Fri 12 Mar 2027", KeyDate.TGL: "Mon 15 Mar 2027",
        KeyDate.BGL: "Tue 16 Mar 2027", KeyDate.READ_ONLY_END: "Fri 30 Apr 2027",
        KeyDate.SUPPORT_END: "Mon 14 Jun 2027",
    }
    for key, day in expected.items():
        line = next(line for line in out.splitlines() if line.strip().startswith(key.label))
        assert day in line, line
    assert "Tasks: 77" in out
    per_phase = Counter(task.phase for task in default_template().tasks)
    table = out.split("Tasks: 77", 1)[1].splitlines()
    for phase, count in per_phase.items():
        line = next(line for line in table if line.strip().startswith(phase))
        numbers = [int(n) for n in re.findall(r"\d+", line[len(phase) + 2:])]
        assert numbers[-1] == count, line
        assert sum(numbers[:-1]) == count, line
    assert "TASK_OVERDUE" in out and "[task 1]" in out
    assert result.stderr == ""


def test_show_does_not_change_the_file(plan: Path) -> None:
    before = digest(plan)
    assert run("show", plan).returncode == 0
    assert digest(plan) == before
    assert sorted(os.listdir(plan.parent)) == [plan.name]


def test_set_go_live_moves_the_plan(plan: Path) -> None:
    result = run("set-go-live", plan, "2027-03-30")
    assert result.returncode == 0, result.stderr
    assert "from Tue 16 Mar 2027 to Tue 30 Mar 2027" in result.stdout
    assert "77 tasks moved" in result.stdout
    shown = run("show", plan, "--today", "2026-11-28").stdout
    bgl = next(line for line in shown.splitlines() if KeyDate.BGL.label in line
               and "BGL" in line.split()[-1])
    assert "Tue 30 Mar 2027" in bgl
    # Easter: Good Friday and Easter Monday push TGL back to the Thursday.
    tgl = next(line for line in shown.splitlines() if line.strip().startswith("Technical Go"))
    assert "Thu 25 Mar 2027" in tgl
    # FDP by the rules would be Good Friday, after TGL: the plan says so and suggests a date.
    fdp = next(line for line in shown.splitlines() if line.strip().startswith("Final Data"))
    assert "Wed 24 Mar 2027" in fdp
    assert "KEY_DATE_ORDER" in shown and "Good Friday" in shown
    assert "Suggested go-live: Tue 6 Apr 2027" in shown
    assert run("check", plan).returncode == 0


def test_set_go_live_to_a_weekend_notes_it(plan: Path) -> None:
    result = run("set-go-live", plan, "2027-03-20")
    assert result.returncode == 0
    assert "not a working day" in result.stderr and "Sat 20 Mar 2027" in result.stderr


def test_check_passes_a_good_plan(plan: Path) -> None:
    result = run("check", plan)
    assert result.returncode == 0, result.stderr
    assert "no faults found" in result.stdout
    template = default_template()  # one entry for the plan, each task and each link
    entries = 1 + len(template.tasks) + len(template.dependencies)
    assert re.search(rf"Audit trail: {entries} entries", result.stdout)
    assert result.stderr == ""


@pytest.mark.slow  # a program run per case: CI runs it, `-m "not slow"` leaves it out
@pytest.mark.parametrize("tamper", [
    "UPDATE audit SET action = 'Nothing happened' WHERE id = 40",
    "DELETE FROM audit WHERE id = 12",
    "DELETE FROM audit WHERE id = (SELECT max(id) FROM audit)",
    "UPDATE audit SET id = 1000 WHERE id = 3",
])
def test_check_names_an_audit_trail_changed_outside_the_program(plan: Path, tamper: str) -> None:
    conn = sqlite3.connect(plan)
    conn.execute(tamper)
    conn.commit()
    conn.close()
    result = run("check", plan)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "audit trail has been changed outside the program" in result.stderr
    assert re.search(r"audit entr(y|ies)", result.stderr)
    assert "no faults found" not in result.stdout


def test_check_names_a_damaged_audit_record(plan: Path) -> None:
    # Bytes that are not UTF-8 in the middle of an audit record: the database check
    # can pass, but the record cannot be read back.
    conn = sqlite3.connect(plan)
    conn.execute("UPDATE audit SET after = CAST(X'FFFEFD' AS TEXT) WHERE id = 30")
    conn.commit()
    conn.close()
    result = run("check", plan)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "something went wrong" not in result.stderr
    assert "audit" in result.stderr


def _other_database(path: Path) -> None:
    path.unlink()
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (text TEXT)")
    conn.commit()
    conn.close()


def _newer(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 999")
    conn.commit()
    conn.close()


@pytest.mark.slow  # a program run per case: CI runs it, `-m "not slow"` leaves it out
@pytest.mark.parametrize(("name", "spoil", "words"), [
    ("empty", lambda p: p.write_bytes(b""), ["empty"]),
    ("text", lambda p: p.write_text("Just some notes\n"), ["not a plan file"]),
    ("another program", _other_database, ["another program"]),
    ("cut short", lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size // 2]),
     ["damaged"]),
    ("newer", _newer, ["newer version"]),
])
@pytest.mark.parametrize("command", ["show", "set-go-live"])
def test_a_refused_file_gives_one_sentence_and_is_left_alone(
    plan: Path, name: str, spoil, words: list[str], command: str  # noqa: ANN001
) -> None:
    spoil(plan)
    before = digest(plan)
    args = [command, plan] + (["2027-04-13"] if command == "set-go-live" else [])
    assert_one_sentence(run(*args), plan.name, *words)
    assert digest(plan) == before
    assert sorted(os.listdir(plan.parent)) == [plan.name]


def test_check_refuses_a_damaged_file_in_one_sentence(plan: Path) -> None:
    plan.write_bytes(plan.read_bytes()[: plan.stat().st_size // 2])
    before = digest(plan)
    assert_one_sentence(run("check", plan), plan.name, "damaged")
    assert digest(plan) == before


def test_a_missing_file_and_a_folder_are_refused(tmp_path: Path) -> None:
    assert_one_sentence(run("show", tmp_path / "absent.cutover"), "no file", "absent.cutover")
    assert not (tmp_path / "absent.cutover").exists()
    folder = tmp_path / "plans"
    folder.mkdir()
    assert_one_sentence(run("check", folder), "folder")


def test_new_refuses_to_overwrite_a_plan(plan: Path) -> None:
    before = digest(plan)
    result = run("new", plan, "--practice", "Other", "--ods", "B82002",
                 "--go-live", "2027-05-11")
    assert_one_sentence(result, "already exists")
    assert digest(plan) == before


@pytest.mark.parametrize(("args", "words"), [
    (["new", "{dir}/a.cutover", "--practice", "P", "--ods", "A81001", "--go-live",
      "2027-13-01"], ["2027-13-01", "YYYY-MM-DD"]),
    (["new", "{dir}/a.cutover", "--practice", "P", "--ods", "A81001", "--go-live",
      "16/03/2027"], ["16/03/2027"]),
    (["new", "{dir}/a.cutover", "--practice", "P", "--ods", "12345", "--go-live",
      "2027-03-16"], ["12345", "ODS"]),
    (["new", "{dir}/a.cutover", "--practice", "P", "--go-live", "2027-03-16"], ["--ods"]),
    (["new", "{dir}/a.cutover", "--practice", " ", "--ods", "A81001", "--go-live",
      "2027-03-16"], ["practice"]),
    (["new", "{dir}/a.cutover", "--practice", "P", "--ods", "A81001", "--go-live",
      "1999-03-16"], ["2000"]),
    (["set-go-live", "{dir}/a.cutover", "tomorrow"], ["tomorrow"]),
    (["set-go-live", "{dir}/a.cutover"], ["YYYY-MM-DD"]),
    (["show"], ["file"]),
    (["new", "{dir}/a.cutover", "--practice", "P", "--ods", "A81001", "--go-live",
      "2027-03-16", "--template", "{dir}/missing.json"], ["template"]),
])
@pytest.mark.slow  # a program run per case: CI runs it, `-m "not slow"` leaves it out
def test_bad_arguments_give_one_sentence_and_no_usage_dump(
    tmp_path: Path, args: list[str], words: list[str]
) -> None:
    result = run(*[a.replace("{dir}", str(tmp_path)) for a in args])
    assert_one_sentence(result, *words)
    assert result.returncode != 0
    assert not (tmp_path / "a.cutover").exists()
    assert sorted(os.listdir(tmp_path)) == []


def test_a_bad_template_is_refused_and_makes_no_file(tmp_path: Path) -> None:
    template = tmp_path / "mine.json"
    template.write_text('{"format": "cutover-template", "format_version": 1, "phases": ["A"], '
                        '"tasks": [{"key": "x", "phase": "B", "title": "T", "offset": 0}]}')
    result = run("new", tmp_path / "a.cutover", "--practice", "P", "--ods", "A81001",
                 "--go-live", "2027-03-16", "--template", template)
    assert_one_sentence(result, "mine.json", "not listed")
    assert sorted(os.listdir(tmp_path)) == ["mine.json"]


def test_help_and_version_work_without_a_display(tmp_path: Path) -> None:
    result = run("--version")
    assert result.returncode == 0 and re.search(r"\d+\.\d+", result.stdout)
    result = run("--help")
    assert result.returncode == 0
    for command in ("new", "show", "set-go-live", "check"):
        assert command in result.stdout


def test_a_fault_inside_the_program_gives_one_sentence_and_goes_to_the_log(
    tmp_path: Path
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    code = ("import sys\n"
            "from cutover_desktop import cli\n"
            "def broken(args, out):\n"
            "    raise RuntimeError('deliberate fault for the test')\n"
            "cli._HANDLERS['show'] = broken\n"
            "sys.exit(cli.main(['show', 'x.cutover']))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=ROOT, timeout=120,
                            env={**os.environ, "CUTOVER_DESKTOP_DATA_DIR": str(data)})
    assert_one_sentence(result, "went wrong", "log")
    logged = "".join(p.read_text(encoding="utf-8") for p in data.glob("*.log"))
    assert "deliberate fault for the test" in logged and "Traceback" in logged


class _ClosedPipe(io.StringIO):
    """Standard output whose reader has gone, as with `cutover-desktop show plan | head`."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


def test_a_reader_that_stops_reading_is_not_reported_as_a_fault(
        plan: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["show", str(plan)], out=_ClosedPipe()) == 141
    assert capsys.readouterr().err == ""


def test_print_day_to_a_folder_names_it_and_writes_nothing(
        qapp, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Run in this process, so on the tests' QApplication: the command line would otherwise
    # make a bare QGuiApplication, and no window test could run after it.
    plan = tmp_path / "riverside.cutover"
    assert cli.main(["new", str(plan), "--practice", "Riverside Surgery", "--ods", "A81001",
                     "--go-live", "2027-03-16"], out=io.StringIO()) == 0
    target = tmp_path / "day.pdf"
    target.mkdir()
    capsys.readouterr()
    assert cli.main(["print-day", str(plan), "--date", "2027-03-15", "--out", str(target)],
                    out=io.StringIO()) == 1
    assert capsys.readouterr().err.strip() == (
        f"cutover-desktop: day.pdf was not written: {target} is a folder. Nothing was changed.")
    assert target.is_dir() and not list(target.iterdir())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["day.pdf", "riverside.cutover"]
