"""Folders of practice plans shared by the portfolio tests (service, command line, window)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest

from cutover_desktop.services.portfolio_demo import (
    add_shared_trainer,
    copy_practice,
    make_base_plan,
)
from tests.conftest import GO_LIVE, TODAY


@contextmanager
def base_plan(tmp_path_factory: pytest.TempPathFactory,
              ) -> Iterator[tuple[Path, Callable[[], date]]]:
    """The plan practices are copied from, and today, with a data folder of its own while the
    context lasts (the fixtures are module-wide, so the per-test data folder does not apply)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CUTOVER_DESKTOP_DATA_DIR", str(tmp_path_factory.mktemp("data")))
        today = lambda: TODAY  # noqa: E731
        base = make_base_plan(tmp_path_factory.mktemp("base") / "base.cutover", GO_LIVE, today)
        yield base, today


def copy_with_shared_trainer(base: Path, target: Path, number: int, go_live: date,
                             today: Callable[[], date]) -> None:
    """Practice `number` at `target` (its folder made), with the CSU trainer on its TGL tasks."""
    target.parent.mkdir(parents=True, exist_ok=True)
    copy_practice(base, target, number, go_live, today)
    add_shared_trainer(target, today)
