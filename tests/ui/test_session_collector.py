"""A long plan is kept out of the garbage collector's full passes while it is open (they
walk every object, every few edits), and released when another plan is opened."""

from __future__ import annotations

import gc
import weakref

import pytest

from cutover_desktop.services.plan_files import memory_plan
from cutover_desktop.ui import session as session_module
from cutover_desktop.ui.session import PlanSession
from tests.conftest import TODAY, riverside


class _Node:
    """Something only a reference cycle keeps alive: the collector must find it."""

    def __init__(self) -> None:
        self.me = self


@pytest.fixture(autouse=True)
def _nothing_left_frozen():
    yield
    gc.unfreeze()


def test_a_long_plan_is_frozen_and_what_it_froze_is_collected_when_the_next_opens(
        qtbot, monkeypatch) -> None:
    monkeypatch.setattr(session_module, "FREEZE_FROM_TASKS", 50)  # the template has 77
    cycle = _Node()
    collected = weakref.ref(cycle)
    first = PlanSession(memory_plan(riverside(), today=lambda: TODAY))
    assert gc.get_freeze_count() > 0
    del cycle
    gc.collect()
    assert collected() is not None  # frozen with the plan: full passes skip it
    monkeypatch.setattr(session_module, "FREEZE_FROM_TASKS", 1000)
    second = PlanSession(memory_plan(riverside(), today=lambda: TODAY))
    assert collected() is None and gc.get_freeze_count() == 0  # a short plan: none
    first.service.close()
    second.service.close()


def test_a_short_plan_freezes_nothing(qtbot, service) -> None:
    PlanSession(service)
    assert gc.get_freeze_count() == 0
