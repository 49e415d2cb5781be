"""Shared fixtures: Qt offscreen, a data folder per test, and plans built from the template."""

from __future__ import annotations

import os
import sqlite3
from datetime import date, timedelta
from pathlib import Path

# Before any Qt import: tests never need a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from cutover_desktop.domain.model import PlanDetails
from cutover_desktop.services.plan_files import create_plan, memory_plan, open_plan
from cutover_desktop.services.planner import PlanService

# A Tuesday with no bank holiday near it; "today" is fixed well before it.
GO_LIVE = date(2027, 3, 16)
TODAY = date(2026, 11, 28)


def riverside(go_live: date = GO_LIVE) -> PlanDetails:
    return PlanDetails(practice_name="Riverside Surgery", ods_code="A81001", go_live=go_live,
                       old_supplier="EMIS Web", new_supplier="TPP SystmOne",
                       sites=("Main surgery", "Branch"))


def make_schema_version_1(plan: Path) -> None:
    """Turns a plan file into one as an older version left it: before the features' migrations
    and their tables (version 1)."""
    conn = sqlite3.connect(plan)
    conn.execute("DELETE FROM _sqlite_migrations WHERE name <> 'm001_initial'")
    for (table,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN "
            "('plan', 'tasks', 'dependencies', 'calendar_days', 'audit', 'audit_head', "
            "'_sqlite_migrations') AND name NOT LIKE 'sqlite_%'").fetchall():
        conn.execute(f"DROP TABLE [{table}]")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    folder = tmp_path_factory.mktemp("userdata")
    monkeypatch.setenv("CUTOVER_DESKTOP_DATA_DIR", str(folder))
    return folder


@pytest.fixture(autouse=True, scope="session")
def _isolated_settings(tmp_path_factory: pytest.TempPathFactory):
    """Window settings go to a scratch folder, never the user's own."""
    from PySide6.QtCore import QSettings

    folder = tmp_path_factory.mktemp("settings")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    return folder


@pytest.fixture
def service() -> PlanService:
    plan = memory_plan(riverside(), today=lambda: TODAY)
    yield plan
    plan.close()


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "riverside.cutover"
    create_plan(path, riverside(), today=lambda: TODAY).close()
    return path


@pytest.fixture
def session(qtbot, service):
    from cutover_desktop.ui.session import PlanSession

    return PlanSession(service)


@pytest.fixture
def london_time(monkeypatch: pytest.MonkeyPatch):  # noqa: ANN201
    """The computer's clock set to UK time, as at a practice."""
    import time

    monkeypatch.setenv("TZ", "Europe/London")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def refuse_replacing(monkeypatch: pytest.MonkeyPatch, path: Path, *, as_source: bool = False
                     ) -> None:
    """Make renaming onto `path` (or, with `as_source`, renaming `path` itself) fail as Windows
    fails it for a file another program holds open. The tests run as root, which no
    permission stops."""
    real_replace = os.replace

    def held(source: str | Path, destination: str | Path) -> None:
        if Path(source if as_source else destination) == path:
            raise PermissionError(13, "Permission denied", str(path))
        real_replace(source, destination)

    monkeypatch.setattr(os, "replace", held)


def change_plan(plan: Path) -> None:
    """An edit written to the plan file (without a backup), so that it no longer holds what
    its newest backup holds: the next routine backup (on open, daily) is then taken."""
    service = open_plan(plan, today=lambda: TODAY, backup=False)
    try:
        service.set_go_live(service.details.go_live + timedelta(days=7))
    finally:
        service.close()
