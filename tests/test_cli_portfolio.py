"""`cutover-desktop portfolio FOLDER`: the table on the command line, CSV, XLSX and PDF."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from cutover_desktop.services.portfolio_demo import practice_name
from tests.conftest import GO_LIVE, TODAY
from tests.services.portfolio_plans import base_plan, copy_with_shared_trainer
from tests.test_cli import assert_one_sentence, run


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("cli-portfolio")
    with base_plan(tmp_path_factory) as (base, today):
        for number in (1, 2):
            copy_with_shared_trainer(base, root / "sub" / f"p{number}.cutover", number, GO_LIVE,
                                     today)
        (root / "broken.cutover").write_bytes(b"SQLite format 3\x00" + b"\x00" * 50)
        yield root


def test_prints_one_row_a_practice_then_the_cross_plan_problem(folder: Path) -> None:
    result = run("portfolio", folder, "--today", TODAY.isoformat())
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["ODS", "Practice", "Old"]
    table = lines[1:lines.index("")]
    assert len(table) == 3
    assert sum(practice_name(n) in line for line in table for n in (1, 2)) == 2
    assert any("Damaged: broken.cutover is damaged" in line for line in table)
    assert any("Jo Marsh (CSU trainer)" in line and "key days of two practices" in line
               for line in lines)
    assert any(line.startswith("RAG rule.") for line in lines)


def test_csv_on_the_screen_has_iso_dates_and_a_row_a_practice(folder: Path) -> None:
    result = run("portfolio", folder, "--format", "csv", "--today", TODAY.isoformat())
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 3
    readable = [r for r in rows if r["practice"]]
    assert {r["bgl"] for r in readable} == {GO_LIVE.isoformat()}
    assert {r["rag"] for r in readable} == {"Red"}
    assert {r["shared_people_problems"] for r in readable} == {"1"}


@pytest.mark.slow  # a program run per case: CI runs it, `-m "not slow"` leaves it out
def test_files_and_refusals(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "portfolio.xlsx"
    result = run("portfolio", folder, "--format", "xlsx", "--out", out)
    assert result.returncode == 0 and out.read_bytes()[:2] == b"PK"
    pdf = tmp_path / "portfolio.pdf"
    result = run("portfolio", folder, "--format", "pdf", "--out", pdf)
    assert result.returncode == 0 and pdf.read_bytes().startswith(b"%PDF")
    assert "2 pages" in result.stdout or "1 page" in result.stdout
    assert_one_sentence(run("portfolio", folder, "--format", "pdf"), "--out")
    assert_one_sentence(run("portfolio", tmp_path / "nowhere"), "no folder")
