"""The portfolio reads a folder of plans in every state, right rows and RAG, changing no file."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.portfolio import Rag, ReadState
from cutover_desktop.domain.portfolio_people import DOUBLE_BOOKED
from cutover_desktop.services.plan_files import open_plan
from cutover_desktop.services.planner import PlanService
from cutover_desktop.services.portfolio import FolderSource, Portfolio, read_portfolio
from cutover_desktop.services.portfolio_demo import (
    SHARED_TRAINER,
    copy_practice,
    practice_name,
)
from cutover_desktop.storage.migrations import schema_version
from cutover_desktop.storage.repository import os_user
from tests.conftest import GO_LIVE, TODAY, make_schema_version_1
from tests.services.portfolio_plans import base_plan, copy_with_shared_trainer


def _hashes(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file under the folder, side files included: its content and when it was written."""
    return {str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest(),
                                         p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("portfolio")
    with base_plan(tmp_path_factory) as (base, today):
        plans = root / "plans"
        deep = plans / "south" / "2027"
        deep.mkdir(parents=True)
        copy_practice(base, plans / "calm.cutover", 1, GO_LIVE, today)
        same_day = GO_LIVE + timedelta(weeks=1)
        for number, where in ((2, plans / "trainer-a.cutover"), (3, deep / "trainer-b.cutover")):
            copy_with_shared_trainer(base, where, number, same_day, today)
        copy_practice(base, plans / "locked.cutover", 4, GO_LIVE + timedelta(weeks=3), today)
        damaged = plans / "damaged.cutover"
        shutil.copy(plans / "calm.cutover", damaged)
        with damaged.open("r+b") as handle:
            handle.truncate(damaged.stat().st_size // 2 + 100)
        newer = deep / "newer.cutover"
        shutil.copy(plans / "calm.cutover", newer)
        conn = sqlite3.connect(newer)
        conn.execute(f"PRAGMA user_version = {schema_version() + 1}")
        conn.close()
        (plans / "notes.cutover").write_text("not a plan at all", encoding="utf-8")
        _make_older(plans, today)
        yield root


def _make_older(plans: Path, today) -> None:  # noqa: ANN001
    """A plan as an older version left it (before the features' tables): version 1."""
    older = plans / "older.cutover"
    shutil.copy(plans / "calm.cutover", older)
    make_schema_version_1(older)


@pytest.fixture(scope="module")
def read(folder: Path) -> Iterator[tuple[Portfolio, dict, dict, PlanService]]:
    # Another writer has one plan open (its lock taken) while the portfolio reads them all.
    writer = open_plan(folder / "plans" / "locked.cutover", today=lambda: TODAY, backup=False)
    try:
        before = _hashes(folder)
        portfolio = read_portfolio(FolderSource(folder), TODAY)
        after = _hashes(folder)
        yield portfolio, before, after, writer
    finally:
        writer.close()


def _row(portfolio: Portfolio, name: str):
    return next(r for r in portfolio.rows if r.source.endswith(name))


def test_no_file_in_the_folder_changes_and_none_appears(read) -> None:
    _portfolio, before, after, _writer = read
    assert "plans/locked.cutover.lock" in before  # the other writer's lock was there
    assert after == before  # same names (no -journal, -wal, -shm or backup) and same bytes


def test_one_row_a_plan_file_at_any_depth(read) -> None:
    portfolio = read[0]
    names = sorted(Path(r.source).name for r in portfolio.rows)
    assert names == ["calm.cutover", "damaged.cutover", "locked.cutover", "newer.cutover",
                     "notes.cutover", "older.cutover", "trainer-a.cutover", "trainer-b.cutover"]


def test_a_plan_from_an_older_version_is_read_as_it_is(read) -> None:
    """Upgraded in memory only: the file keeps its old version (the hashes test says so)."""
    older = _row(read[0], "older.cutover")
    assert older.read_state is ReadState.READ
    assert older.practice == practice_name(1) and older.go_live == GO_LIVE


def test_a_readable_row_has_the_practice_dates_and_progress(read) -> None:
    row = _row(read[0], "calm.cutover")
    assert row.read_state is ReadState.READ
    assert (row.practice, row.ods_code) == (practice_name(1), "Y90002")
    assert row.suppliers_text == "TPP SystmOne → EMIS Web"
    assert row.go_live == GO_LIVE
    assert row.key_date(KeyDate.TGL) == date(2027, 3, 15)
    assert row.next_key_date(TODAY) == (KeyDate.PLANNING_MEETING, row.key_date(
        KeyDate.PLANNING_MEETING))
    assert row.tasks_total == 77
    assert row.next_gate is not None and not row.next_gate.signed


def test_rag_follows_the_plans_own_findings(read) -> None:
    """The same findings the plan's dashboard shows decide the colour, by the rule shown."""
    row = _row(read[0], "calm.cutover")
    plan = open_plan(Path(row.source), read_only=True, today=lambda: TODAY)
    try:
        findings = plan.findings()
    finally:
        plan.close()
    problems = sum(1 for f in findings if f.severity.value == "problem")
    warnings = sum(1 for f in findings if f.severity.value == "warning")
    assert (row.problems, row.warnings) == (problems, warnings)
    expected = Rag.RED if problems else Rag.AMBER if warnings else Rag.GREEN
    assert row.rag is expected
    assert row.rag_reason.startswith(expected.label + ":")


def test_a_plan_open_elsewhere_is_read_and_says_who_has_it(read) -> None:
    portfolio, _before, _after, writer = read
    row = _row(portfolio, "locked.cutover")
    assert row.read_state is ReadState.READ
    assert row.practice == practice_name(4)
    assert writer.read_only is False  # the writer kept its lock: the portfolio took none
    assert row.locked_by.startswith(f"{os_user()} on ")  # "user on host (since ...)"


def test_damaged_newer_and_foreign_files_are_one_row_each_saying_so(read) -> None:
    portfolio = read[0]
    damaged = _row(portfolio, "damaged.cutover")
    assert damaged.read_state is ReadState.DAMAGED and "damaged" in damaged.message
    newer = _row(portfolio, "newer.cutover")
    assert newer.read_state is ReadState.NEWER and "newer version" in newer.message
    notes = _row(portfolio, "notes.cutover")
    assert notes.read_state is ReadState.DAMAGED and "not a plan" in notes.message
    for row in (damaged, newer, notes):
        assert row.rag is Rag.UNKNOWN and row.practice == ""


def test_a_trainer_on_two_practices_tgl_is_a_portfolio_problem(read) -> None:
    portfolio = read[0]
    a, b = _row(portfolio, "trainer-a.cutover"), _row(portfolio, "trainer-b.cutover")
    assert a.key_date(KeyDate.TGL) == b.key_date(KeyDate.TGL)
    clashes = [p for p in portfolio.problems if p.code == DOUBLE_BOOKED]
    assert len(clashes) == 1
    clash = clashes[0]
    assert clash.person == SHARED_TRAINER[0] and clash.day == a.key_date(KeyDate.TGL)
    assert set(clash.sources) == {a.source, b.source}
    assert practice_name(2) in clash.message and practice_name(3) in clash.message
    for row in (a, b):
        assert row.shared_problems == 1 and row.rag is Rag.RED
        assert "1 shared-people Problem" in row.rag_reason
    assert [p.name for p in portfolio.people] == [SHARED_TRAINER[0]]
    assert set(portfolio.people[0].practices) == {practice_name(2), practice_name(3)}
    # The plans not involved carry no shared-people Problem.
    assert _row(portfolio, "calm.cutover").shared_problems == 0


def test_a_save_cut_short_is_left_alone(folder: Path, tmp_path: Path) -> None:
    """A journal beside a plan is never rolled back by the portfolio (that is a write)."""
    plans = tmp_path / "plans"
    plans.mkdir()
    shutil.copy(folder / "plans" / "calm.cutover", plans / "calm.cutover")
    (plans / "calm.cutover-journal").write_bytes(b"\x00" * 512)
    before = _hashes(plans)
    portfolio = read_portfolio(FolderSource(plans), TODAY)
    assert _hashes(plans) == before
    (row,) = portfolio.rows
    assert row.read_state is ReadState.UNREADABLE and "being saved" in row.message


def test_reading_can_be_stopped_and_says_so(folder: Path) -> None:
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        seen.append((done, total))
        return done < 2

    portfolio = read_portfolio(FolderSource(folder), TODAY, progress)
    assert seen == [(1, 8), (2, 8)]
    assert not portfolio.complete and len(portfolio.rows) == 2


def test_a_missing_folder_is_a_plain_refusal(tmp_path: Path) -> None:
    from cutover_desktop.domain.errors import PlanFileError

    with pytest.raises(PlanFileError, match="no folder"):
        read_portfolio(FolderSource(tmp_path / "nowhere"), TODAY)


def test_reading_again_reads_only_what_changed(folder: Path, tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    plans.mkdir()
    for name in ("calm.cutover", "locked.cutover"):
        shutil.copy(folder / "plans" / name, plans / name)
    source = FolderSource(plans)
    really_read: list[str] = []
    read_file = source._read

    def counting(plan_id: str, today: date):
        really_read.append(Path(plan_id).name)
        return read_file(plan_id, today)

    source._read = counting  # type: ignore[method-assign]
    read_portfolio(source, TODAY)
    assert sorted(really_read) == ["calm.cutover", "locked.cutover"]
    plan = open_plan(plans / "calm.cutover", today=lambda: TODAY, backup=False)
    try:
        plan.set_go_live(GO_LIVE + timedelta(days=7))
    finally:
        plan.close()
    really_read.clear()
    second = read_portfolio(source, TODAY)
    assert really_read == ["calm.cutover"]
    assert next(r for r in second.rows if r.source.endswith("calm.cutover")).go_live == \
        GO_LIVE + timedelta(days=7)
    # Another day is another reading: days to go and RAG depend on it.
    really_read.clear()
    read_portfolio(source, TODAY + timedelta(days=1))
    assert sorted(really_read) == ["calm.cutover", "locked.cutover"]


def test_a_lock_left_by_a_stopped_program_here_is_nobodys(folder: Path, tmp_path: Path,
                                                         london_time: None) -> None:
    import json
    import socket

    plans = tmp_path / "plans"
    plans.mkdir()
    for name in ("calm.cutover", "locked.cutover"):
        shutil.copy(folder / "plans" / name, plans / name)
    stale = {"host": socket.gethostname(), "user": "crashed", "pid": 2**22 + 7,
             "since": "2026-11-27T09:00:00+00:00"}
    elsewhere = {"host": "reception-pc", "user": "j.smith", "pid": 4242,
                 "since": "2026-11-28T08:15:00+00:00"}
    (plans / "calm.cutover.lock").write_text(json.dumps(stale), encoding="utf-8")
    (plans / "locked.cutover.lock").write_text(json.dumps(elsewhere), encoding="utf-8")
    before = _hashes(plans)
    portfolio = read_portfolio(FolderSource(plans), TODAY)
    assert _hashes(plans) == before  # the stale lock is left for the next open to clear
    assert _row(portfolio, "calm.cutover").locked_by == ""
    assert _row(portfolio, "locked.cutover").locked_by == \
        "j.smith on reception-pc (since Sat 28 Nov 2026 08:15)"


def test_the_programs_own_backups_are_not_practices(folder: Path, tmp_path: Path) -> None:
    # Pointed at the data folder, where the backups folder sits beside the plans, the
    # portfolio lists each plan once, not once more for every backup of it.
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(folder / "plans" / "calm.cutover", data / "calm.cutover")
    kept = data / "backups" / "calm-0123456789"
    kept.mkdir(parents=True)
    for stamp in ("20261201-090000-000000-on-open", "20261202-090000-000000-daily"):
        shutil.copy(folder / "plans" / "calm.cutover", kept / f"calm-{stamp}.cutover")
    # A plan of the practice's own that happens to sit in a folder called backups is still one.
    (data / "backups" / "spare.cutover").write_bytes((data / "calm.cutover").read_bytes())
    ids = FolderSource(data).plan_ids()
    assert [Path(p).name for p in ids] == ["spare.cutover", "calm.cutover"]
